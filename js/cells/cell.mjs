// A runnable cell: editor, Run / Stop / Reset, output. The cell's element
// carries data-state = idle | running | done | error. Edits are saved in
// localStorage per page and cell, and survive reloads and navigation; so does
// the output of the cell's last run (capped). Until the reader runs a cell it
// shows the book's output, computed when the book was built (the element that
// follows it, .nb-book-output), marked out of date while the code differs from
// the book's; Run replaces it, Reset brings it back.
import { createEditor } from "./editor.mjs";
import { Output } from "./output.mjs";
import { labels } from "../i18n.mjs";
import { recordPass } from "../progress.mjs";
import { mountHints } from "./hints.mjs";

const STORE = "nnbook:v1:";
const LAST_OUTPUT = "nnbook:v1:out:";
const LAST_OUTPUT_LIMIT = 100_000;   // characters of a cell's last output kept for the next visit
const OUTPUT_KINDS = new Set(["stdout", "stderr", "display", "error", "note"]);
// A stored edit this large, or with a line this long, is not opened on load: the editor
// would freeze the page for seconds (a 1,000,000-character line: 3.9 s).
const OPEN_LIMIT = 200_000;
const LINE_LIMIT = 20_000;
const tooLargeToOpen = (code) => code.length > OPEN_LIMIT || code.split("\n").some((line) => line.length > LINE_LIMIT);

function storageKey(index) {
  return `${STORE}${location.pathname}#${index}`;
}

/** The last run's output of a cell, as saved by an earlier visit: [[kind, payload], …], or null. */
function loadLastOutput(index) {
  let text = null;
  try { text = localStorage.getItem(`${LAST_OUTPUT}${location.pathname}#${index}`); } catch { return null; }
  if (!text) return null;
  try {
    const saved = JSON.parse(text);
    if (Array.isArray(saved?.events) && saved.events.every((e) => Array.isArray(e) && OUTPUT_KINDS.has(e[0])
        && (typeof e[1] === "string" || (e[1] && typeof e[1] === "object")))) return saved;
  } catch { /* unreadable: ignored below */ }
  console.warn(`nnbook: the saved output of cell ${index + 1} is unreadable and was ignored.`);
  return null;
}

/** Keep a run's output for the next visit; never at the cost of an edit (a full store keeps none). */
function saveLastOutput(index, events, cut) {
  const key = `${LAST_OUTPUT}${location.pathname}#${index}`;
  try {
    if (events === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify({ events, cut }));
  } catch {
    try { localStorage.removeItem(key); } catch { /* storage blocked: nothing kept */ }
  }
}

function loadEdit(index) {
  try { return localStorage.getItem(storageKey(index)); } catch { return null; }
}

/** Save an edit; "" when saved, else why not: "full" or "blocked" (edits stay in the page). */
function saveEdit(index, code, original) {
  try {
    if (code === original) localStorage.removeItem(storageKey(index));
    else localStorage.setItem(storageKey(index), code);
    return "";
  } catch (err) {
    if (code === original) return ""; // nothing of the reader's is lost
    return err?.name === "QuotaExceededError" || err?.code === 22 ? "full" : "blocked";
  }
}

/** A cell's button (Run, Check, a prediction's …): the theme's look, a click handler. */
export function button(text, className, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = `md-button nb-button ${className}`;
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

export class Cell {
  constructor(element, index, runtime) {
    const t = labels();
    this.t = t;
    this.element = element;
    this.index = index;
    this.runtime = runtime;
    const code = element.querySelector("code");
    this.original = (code ? code.textContent : element.textContent).replace(/\n$/, "");
    let saved = loadEdit(index);
    if (saved != null && tooLargeToOpen(saved)) {
      this.heldEdit = saved;   // kept in storage, opened only if the reader asks
      saved = null;
    }
    // Everything is built apart from the page and put in by attach(): an editor built into
    // a page that has just changed makes the browser lay out the whole page again (CodeMirror
    // reads the selection), once per cell: seconds on a chapter with typeset formulas.
    const bar = (this.bar = document.createElement("div"));
    bar.className = "nb-cell__bar";
    this.label = document.createElement("span");
    this.label.className = "nb-cell__label";
    this.label.textContent = `[${index + 1}]`;
    this.changed = document.createElement("span");
    this.changed.className = "nb-cell__changed";
    this.changed.textContent = t.edited;
    this.status = document.createElement("span");
    this.status.className = "nb-cell__status";
    this.runButton = button(t.run, "nb-run", () => this.run());
    this.stopButton = button(t.stop, "nb-stop", () => this.stop());
    this.resetButton = button(t.reset, "nb-reset", () => this.reset());
    this.stopButton.hidden = true;
    bar.append(this.label, this.changed, this.status, this.runButton, this.stopButton, this.resetButton);
    const exercise = element.classList.contains("nb-exercise") ? element.dataset.id : null;
    if (exercise) this.setUpExercise(bar, exercise);

    const editorBox = (this.editorBox = document.createElement("div"));
    editorBox.className = "nb-cell__editor";
    const outputBox = document.createElement("div");
    outputBox.className = "nb-cell__output";
    outputBox.setAttribute("aria-live", "polite");
    this.output = new Output(outputBox);

    // The book's output, from the build: the element after the cell.
    const book = element.nextElementSibling;
    this.bookElement = book?.matches(".nb-book-output") ? book : null;
    this.bookOutput = this.bookElement ? [...book.childNodes] : [];
    this.outputBox = outputBox;

    this.editor = createEditor({
      parent: editorBox,
      doc: saved ?? this.original,
      label: t.cell(index + 1),
      onRun: () => this.run(),
      onChange: (text) => this.edited(text),
    });
    const last = loadLastOutput(index);
    // A prediction above the cell (predict.mjs) holds the book's output back until the reader commits or skips.
    this.held = element.dataset.held === "true" && !last;
    if (last) this.showEarlier(last);
    else this.showBook();
  }

  /** Put the live cell into the page, in place of the static one: every write to the page at once. */
  attach() {
    const { element } = this;
    element.classList.remove("highlight");
    element.classList.add("nb-cell--live");
    element.dataset.state = "idle";
    element.setAttribute("role", "group");
    element.setAttribute("aria-label", this.t.cell(this.index + 1));
    if (this.solution) this.solution.hidden = true;
    // hidden, not removed: a removed element restyles every later element of the chapter
    if (this.bookElement) this.bookElement.hidden = true;
    element.replaceChildren(this.bar, this.editorBox, this.outputBox);
    if (this.feedback) element.append(this.feedback);
    this.edited(this.editor.code);
    if (this.heldEdit != null) this.showHeldEdit();
  }

  /** Say that the stored edit was not opened, with a button that opens it. */
  showHeldEdit() {
    const note = document.createElement("p");
    note.className = "nb-note nb-note--warning nb-cell__held";
    note.setAttribute("role", "status");
    const open = button(this.t.openHeldEdit, "nb-open-held", () => {
      const code = this.heldEdit;
      this.heldEdit = null;
      note.remove();
      this.editor.code = code;
    });
    note.append(this.t.heldEdit(this.heldEdit.length), " ", open);
    this.editorBox.after(note);
  }

  /** The book's output, marked out of date while the code differs from the book's. */
  showBook() {
    this.output.clear();
    if (this.held) { this.shown = "held"; this.outputBox.dataset.source = "held"; return; }
    this.shown = "book";
    this.outputBox.append(...this.bookOutput.map((node) => node.cloneNode(true)));
    this.outputBox.dataset.source = this.bookOutput.length ? "book" : "";
    this.markStale();
  }

  /** Show the book's output that a prediction held back. */
  release() {
    if (!this.held) return;
    this.held = false;
    if (this.shown === "held") this.showBook();
  }

  markStale() {
    const stale = this.shown === "book" && this.bookOutput.length > 0 && this.editor.code !== this.original;
    this.outputBox.classList.toggle("nb-cell__output--stale", stale);
    if (stale && !this.staleNote) {
      this.staleNote = document.createElement("p");
      this.staleNote.className = "nb-note nb-note--warning nb-stale-note";
      this.staleNote.textContent = this.t.bookStale;
      this.outputBox.prepend(this.staleNote);
    } else if (!stale && this.staleNote) {
      this.staleNote.remove();
      this.staleNote = null;
    }
  }

  /** What the reader's last run showed, kept from an earlier visit. */
  showEarlier(saved) {
    this.output.clear();
    this.shown = "earlier";
    this.outputBox.dataset.source = "earlier";
    this.output.note(this.t.earlierOutput, "earlier");
    for (const [kind, payload] of saved.events) this.show(kind, payload);
    if (saved.cut) this.output.note(this.t.earlierCut, "earlier");
  }

  setUpExercise(bar, id) {
    const root = this.element.closest("article") || document;
    const check = root.querySelector(`div.nb-check[data-for="${CSS.escape(id)}"]`);
    this.solution = root.querySelector(`details.nb-solution[data-for="${CSS.escape(id)}"]`);
    if (check) {
      this.checkCode = new TextDecoder().decode(Uint8Array.from(atob(check.dataset.code), (c) => c.charCodeAt(0)));
      bar.append(button(this.t.check, "nb-check-button", () => this.check()));
      this.feedback = document.createElement("div");
      this.feedback.className = "nb-feedback";
      this.feedback.setAttribute("role", "status");
    }
    this.hints = mountHints(this.element, bar);   // before "Show solution"
    if (this.solution) {
      const show = button(this.t.showSolution, "nb-solution-button", () => {
        const open = this.solution.hidden;
        this.solution.hidden = !open;
        this.solution.open = open;
        show.textContent = open ? this.t.hideSolution : this.t.showSolution;
        show.setAttribute("aria-expanded", String(open));
      });
      show.setAttribute("aria-expanded", "false");
      bar.append(show);
    }
  }

  /** Run the reader's code, then the hidden tests; show specific feedback. */
  async check() {
    if (this.checking) return this.checking;
    this.checking = this.checkOnce().finally(() => { this.checking = null; });
    return this.checking;
  }

  async checkOnce() {
    this.feedback.textContent = "";
    this.feedback.dataset.result = "";
    const ran = await this.run();
    if (!ran) {
      this.feedback.textContent = this.t.checkFirst;
      this.feedback.dataset.result = "fail";
      return false;
    }
    // While the hidden tests run, the cell is running: its Stop stops the Check.
    const focusStop = document.activeElement?.classList.contains("nb-check-button")
      && this.element.contains(document.activeElement);
    const result = await this.runtime.check(this.checkCode, {
      owner: this,
      start: () => { this.setState("running"); if (focusStop) this.stopButton.focus(); },
    });
    this.setState(result.restarted ? "error" : "done");
    const passed = result.ok && result.value?.ok === true;
    let text = `✓ ${this.t.correct}`;
    if (result.interrupted) text = `✗ ${result.restarted ? this.t.checkStoppedLost : this.t.checkStopped}`;
    else if (result.ok && !passed) text = `✗ ${this.t.notYet}${result.value?.message || this.t.checkFailed}`;
    else if (result.restarted) text = `✗ ${this.t.checkCrashed(result.error)}`;
    else if (!result.ok) text = `✗ ${this.t.checkNotRun(result.error)}`;
    this.feedback.dataset.result = passed ? "pass" : "fail";
    this.feedback.textContent = text;
    if (passed && recordPass(this.element.dataset.id, { hinted: this.hints?.shown > 0 }) === false) text += ` ${this.t.passNotStored}`;
    this.feedback.textContent = text;
    return passed;
  }

  edited(code) {
    const held = this.heldEdit != null && code === this.original;   // the stored edit stays until the reader changes the cell
    if (this.heldEdit != null && !held) {
      this.heldEdit = null;
      this.element.querySelector(".nb-cell__held")?.remove();
    }
    const unsaved = held ? "" : saveEdit(this.index, code, this.original);
    if (unsaved && !this.storageNote) {   // said once, next to the cell
      this.storageNote = document.createElement("p");
      this.storageNote.className = "nb-note nb-note--warning nb-cell__unsaved";
      this.storageNote.setAttribute("role", "status");
      this.storageNote.textContent = unsaved === "full" ? this.t.storageFull : this.t.storageBlocked;
      this.editorBox.after(this.storageNote);
    }
    this.changed.hidden = code === this.original;
    this.element.dataset.edited = String(code !== this.original);
    if (this.outputBox) this.markStale();
  }

  setState(state) {
    this.element.dataset.state = state;
    const busy = state === "running" || state === "waiting";
    this.runButton.hidden = busy;
    this.stopButton.hidden = !busy;
    if (state === "waiting") {
      this.element.dataset.state = "idle";
      this.status.textContent = this.t.waiting;
    } else {
      this.status.textContent = "";
    }
  }

  /** Run this cell; resolves true when it finished without an error. */
  async run() {
    if (this.pending) return this.pending;
    const focusStop = this.element.contains(document.activeElement) && document.activeElement === this.runButton;
    this.editor.markLine(null);
    this.setState("waiting");
    if (focusStop) this.stopButton.focus();
    // What the cell shows (the book's output, or an earlier one) stays until Python runs
    // the code: a reader waiting for Python, or whose Python cannot start, still has it.
    this.pending = this.runtime.run(this.editor.code, String(this.index + 1), {
      owner: this,
      start: () => { this.beginLive(); this.setState("running"); },
      output: (kind, payload) => this.show(kind, payload),
    }).then((result) => this.finish(result, focusStop));
    return this.pending;
  }

  /** Python runs the cell now: its output replaces what was shown. */
  beginLive() {
    if (this.shown === "live" && this.record) return;
    this.output.clear();
    this.staleNote = null;
    this.outputBox.classList.remove("nb-cell__output--stale");
    this.shown = "live";
    this.outputBox.dataset.source = "live";
    this.record = { events: [], size: 0, cut: false };
  }

  /** Keep what a run shows, up to LAST_OUTPUT_LIMIT characters, for the next visit. */
  remember(kind, payload) {
    const record = this.record;
    if (!record || record.cut || !OUTPUT_KINDS.has(kind)) return;
    const size = typeof payload === "string" ? payload.length : JSON.stringify(payload).length;
    if (record.size + size > LAST_OUTPUT_LIMIT) { record.cut = true; return; }
    record.size += size;
    const last = record.events.at(-1);
    if (last && typeof payload === "string" && last[0] === kind && (kind === "stdout" || kind === "stderr")) last[1] += payload;
    else record.events.push([kind, payload]);
  }

  show(kind, payload) {
    if (kind !== "loading" && this.pending && !this.record) this.beginLive();
    if (this.shown === "live") this.remember(kind, payload);
    if (kind === "stdout" || kind === "stderr") this.output.stream(kind, payload);
    else if (kind === "display") this.output.display(payload);
    else if (kind === "error") {
      this.output.error(payload.traceback);
      if (payload.line) this.editor.markLine(payload.line);
    } else if (kind === "note") this.output.note(payload);
    else if (kind === "loading") {
      this.loadingNote ??= this.output.note("", "loading");
      this.loadingNote.textContent = this.t.loadingPkg(payload);
    }
  }

  finish(result, focusRun) {
    this.pending = null;
    if (this.record && !result.cancelled) saveLastOutput(this.index, this.record.events, this.record.cut);
    this.record = null;
    this.loadingNote?.remove();
    this.loadingNote = null;
    if (result.cancelled) {
      this.setState("idle");
    } else if (result.failed) {
      this.output.note(this.t.failed(result.error), "error");
      this.setState("error");
    } else if (result.restarted && result.interrupted) {
      this.output.note(this.t.stoppedLost, "warning");
      this.setState("error");
    } else if (result.restarted) {
      this.output.note(this.t.crashed(result.error), "error");
      this.setState("error");
    } else {
      if (result.interrupted) this.output.note(this.t.stoppedKept, "warning");
      this.setState(result.ok ? "done" : "error");
    }
    if (focusRun && this.element.contains(document.activeElement) === false) this.runButton.focus();
    else if (focusRun) this.runButton.focus();
    if (!result.cancelled) this.onFinish?.(Boolean(result.ok));   // a prediction's verdict (predict.mjs)
    return Boolean(result.ok);
  }

  stop() {
    this.runtime.stop((run) => run.handlers.owner === this);
  }

  /** The book's code and the book's output again. */
  reset() {
    this.editor.code = this.original;
    this.editor.markLine(null);
    if (this.pending) return;   // a run in progress shows its own output
    saveLastOutput(this.index, null);
    this.showBook();
  }

  /** After a restart: nothing of the old session's runs is shown or kept. */
  forgetRun() {
    saveLastOutput(this.index, null);
    this.showBook();
  }

  destroy() {
    this.editor.destroy();
  }
}
