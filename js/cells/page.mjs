// The cells of one page, and its toolbar: the runtime's status, "Run all"
// and "Restart".
import { Cell, button } from "./cell.mjs";
import { findPredictions, Prediction } from "./predict.mjs";
import { labels, loadingText } from "../i18n.mjs";
import { showIsolationNote } from "../offline/register.mjs";
import { mountStartChoice } from "./start-choice.mjs";

export class CellPage {
  constructor(root, runtime) {
    this.runtime = runtime;
    this.t = labels();
    const predictions = findPredictions(root);   // before the cells: a predicted cell holds its output back
    const elements = [...root.querySelectorAll("div.nb-cell")];
    // built first, then put in: see Cell.attach
    this.cells = elements.map((el, i) => new Cell(el, i, runtime));
    for (const cell of this.cells) cell.attach();
    if (!this.cells.length) return;
    for (const p of predictions) {
      const at = elements.indexOf(p.cell);
      new Prediction(p, this.cells[at], runtime, this.cells.slice(0, at));
    }


    const t = this.t;
    const bar = (this.toolbar = document.createElement("div"));
    bar.className = "nb-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", t.python);
    this.statusText = document.createElement("span");
    this.statusText.className = "nb-toolbar__status";
    this.statusText.setAttribute("role", "status");
    const runAll = button(t.runAll, "nb-run-all", () => this.runAll());
    const restart = button(t.restart, "nb-restart", () => this.restart());
    this.message = document.createElement("span");
    this.message.className = "nb-toolbar__message";
    // When Stop will keep variables from the next visit on (the service worker).
    const note = document.createElement("span");
    note.className = "nb-toolbar__note";
    showIsolationNote(note);
    bar.append(this.statusText, runAll, restart, this.message, note);
    mountStartChoice(bar, runtime);   // "Start Python when I press Run"
    const slot = root.querySelector(".nb-toolbar-slot");   // the room the build kept for it
    if (slot) slot.replaceWith(bar);
    else elements[0].before(bar);

    this.onStatus = (ev) => this.showStatus(ev.detail);
    runtime.addEventListener("status", this.onStatus);
    this.showStatus({ state: runtime.state, message: runtime.message, progress: runtime.progress });
  }

  showStatus({ state, message, progress }) {
    const t = this.t;
    const text = { idle: this.runtime.onDemand ? t.startsOnRun : t.loading, loading: loadingText(t, progress), ready: t.ready, running: t.running }[state]
      ?? t.failed(message);
    this.statusText.textContent = `${t.python}: ${text}`;
    // The megabytes change several times a second: screen readers hear the outcome, not each step.
    this.statusText.setAttribute("aria-busy", String(state === "loading"));
    this.toolbar.dataset.state = state;
  }

  async runAll() {
    this.message.textContent = "";
    for (const cell of this.cells) {
      const ok = await cell.run();
      // a cell may show an error on purpose (data-expect="error")
      if (!ok && !(cell.element.dataset.expect === "error" && cell.element.dataset.state === "error")) {
        if (cell.element.dataset.state === "error") this.message.textContent = this.t.runAllStopped(cell.index + 1);
        this.runtime.stop();
        return false;
      }
    }
    return true;
  }

  async restart() {
    this.message.textContent = "";
    for (const cell of this.cells) cell.forgetRun();
    await this.runtime.restart().catch(() => {});
    for (const cell of this.cells) cell.setState("idle");
    if (this.runtime.state === "ready") this.message.textContent = this.t.restarted;
  }

  destroy() {
    if (this.onStatus) this.runtime.removeEventListener("status", this.onStatus);
    for (const cell of this.cells) cell.destroy();
  }
}
