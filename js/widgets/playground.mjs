// Playground: the whole experiment on one page (chapter 9), on the kit's
// training loop (kit/trainer.mjs) and link codec (kit/playground-state.mjs).
//
//   ::: widget playground
//
// Panels (they stack on a phone): the training set (the slides' nine images
// to start with; draw a new one, give it a label C / T / neither and add it;
// remove any), the network and method (hidden units, activation, gradient
// method, η, initial weights w0, seed, ε, iteration limit), the test image
// (draw it, read the verdict), training (Start, Pause, Reset; a live curve of
// E, full width), the weights (network diagram; an editor), and sharing (a link
// holding the whole state, JSON export/import, a Python cell).
//
// The state is one JSON object (format: py/nnbook/widgets/playground.py,
// module doc), kept in the address as #s=…. Opening such a link, or following
// another one on an open page (hashchange), loads it; a link is checked here
// with Python's rules (its start(): limits, menus, labels) before anything
// reaches Python, and again by Python; anything wrong is said in words.
//
// Python: nnbook.widgets.playground.start, then .request once per round
// (ctx.call through the core's link). Page variables: net, X, T, playground.
//
// For tests the root element (.nbw-pg) carries data-state (waiting | idle |
// running | pausing | paused | converged | diverged | limit | empty | error),
// data-k, data-e (E(w_k), full precision) and data-run (the run's number).
import { NetworkExplorer } from "./kit/network.mjs";
import { PixelGrid, thumbnail, verdictText } from "./kit/pixel-grid.mjs";
import { WeightEditor } from "./kit/weight-editor.mjs";
import { el } from "./kit/dom.mjs";
import { fixed, significant } from "./kit/format.mjs";
import { messageOf } from "./kit/python.mjs";
import { StateError, decodeLink, encodeState, linkPayload, numberOf, parseState, pixelsOf }
  from "./kit/playground-state.mjs";
import { SettingsForm } from "./kit/settings-form.mjs";
import { TrainerCore } from "./kit/trainer.mjs";
import LABELS from "./playground.labels.json" with { type: "json" };

export { LABELS };

const n = (v) => significant(v, 3);

/** Two waiting changes as one: their operations in order, neighbours of a kind merged. */
export function mergeOps(older, newer) {
  const ops = older.ops.map((op) => ({ ...op }));
  for (const op of newer.ops) {
    const last = ops[ops.length - 1];
    if (op.settings && last?.settings) last.settings = { ...last.settings, ...op.settings };
    else if (op.params && last?.params) last.params = { ...last.params, ...op.params };
    else if (op.x !== undefined && last?.x !== undefined && Object.keys(last).length === 1) last.x = op.x;
    else ops.push(op);
  }
  return { ops };
}

let uid = 0;

class Playground {
  constructor(element, ctx) {
    this.ctx = ctx;
    this.t = ctx.t;
    this.lang = ctx.lang;
    this.id = `nbw-pg-${++uid}`;
    this.rules = null;          // Python's rules for links and files (its start())
    this.imagesKey = null;
    this.userChanged = false;
    this.linkError = false;
    this.root = el("div", { class: "nbw-ct nbw-pg", role: "group", "aria-label": this.t.widget });
    this.core = new TrainerCore(ctx, {
      root: this.root, fn: "request", speed: "full", resume: true, buttons: ["start", "pause", "reset"],
      args: (req) => ({ req, lang: this.lang }),
      refused: (why) => this.t.pythonRefused(why),
      merge: mergeOps,
      reset: { ops: [{ reset: true }] },
      afterConverged: this.t.goOnConverged,
      onAnswer: (v, change) => this._answer(v, change),
      onDraw: (v, how) => this._draw(v, how),
    });
    // settings and the test image share a row; training is wide below them, its chart as large as the trainer's
    const panels = el("div", { class: "nbw-pg__panels" }, this._dataPanel(), this._settingsPanel(),
      this._testPanel(), this._trainPanel(), this._weightsPanel(), this._sharePanel());
    this.root.append(this.core.statusLine, this.core.errorLine, panels);
    element.append(this.root);
    if (element.dataset.defaults) this._showDefaults(JSON.parse(element.dataset.defaults));
    this.onHash = () => this._followLink();
    window.addEventListener("hashchange", this.onHash);
    this._start();
  }

  /** Python's rules first (to check a link with), then the link's state or the page's. */
  async _start() {
    const result = await this.ctx.call("start", { lang: this.lang });
    if (this.core.dead) return;
    if (!result?.ok) {
      this.core.fail(this.t.noStart(messageOf(result)));
      return;
    }
    this.rules = result.value;
    this._form(this.rules.schema);
    const payload = linkPayload(location.hash);
    if (payload === null) {
      this.core.refresh();
      return;
    }
    try {
      this._send({ load: decodeLink(payload, this.rules) }, { quiet: true });
    } catch (err) {
      if (!(err instanceof StateError)) throw err;
      this.linkError = true;
      this._send({ defaults: true }, { quiet: true });
      this.core.showError(this.t.badLink(this._why(err)));
    }
    this.shownLink = location.href;
  }

  /** Another #s=… link on the open page (followed, or pasted into the address bar). */
  _followLink() {
    const payload = linkPayload(location.hash);
    if (payload === null || location.href === this.shownLink || !this.rules) return;
    this.shownLink = location.href;
    let state;
    try {
      state = decodeLink(payload, this.rules);
    } catch (err) {
      if (!(err instanceof StateError)) throw err;
      this.linkError = true;
      this.core.showError(this.t.badNewLink(this._why(err)));
      return;
    }
    this.linkError = false;
    this.userChanged = false;
    this.core.showError("");
    this.shareNote.textContent = this.t.linkLoaded;
    this._send({ load: state }, { quiet: true, stop: true });
  }

  _why(err) {
    const words = this.t.why[err.key];
    return typeof words === "function" ? words(...this._whyArgs(err)) : words || err.key;
  }

  /** A refusal's numbers and lists as its words show them: a list joined, limits to 3 digits. */
  _whyArgs({ key, args }) {
    if (key === "choice") return [args[0], args[1].join(this.t.listSeparator)];
    if (key === "number") return [args[0], n(args[1]), n(args[2])];
    if (key === "w") return [args[0], args[1], n(args[2])];
    return args;
  }

  // ---- building the panels -------------------------------------------------------------

  _panel(title, wide = false) {
    this.panelCount = (this.panelCount || 0) + 1;
    const id = `${this.id}-h${this.panelCount}`;
    return el("section", { class: `nbw-pg__panel${wide ? " nbw-pg__panel--wide" : ""}`, "aria-labelledby": id },
      el("h3", { class: "nbw-pg__h", id, text: title }));
  }

  _button(parent, text, fn) {
    const b = el("button", { type: "button", class: "nbw-ct__button", text });
    b.addEventListener("click", fn);
    parent.append(b);
    return b;
  }

  _dataPanel() {
    const t = this.t;
    const panel = this._panel(t.dataHeading, true);
    this.dataSummary = el("p", { class: "nbw-pg__note", "aria-live": "polite" });
    this.imageList = el("ul", { class: "nbw-pg__images", "aria-label": t.dataHeading });
    const gridBox = el("div", {}, el("p", { class: "nbw-ct__heading", text: t.drawHeading }));
    this.newGrid = new PixelGrid(gridBox, { lang: this.lang, label: t.newGrid, values: new Array(12).fill(0) });
    const fieldset = el("fieldset", { class: "nbw-pg__radios" }, el("legend", { text: t.labelGroup }));
    this.labelRadios = {};
    for (const label of ["C", "T", "N"]) {
      const input = el("input", { type: "radio", name: `${this.id}-label`, value: label });
      input.checked = label === "C";
      fieldset.append(el("label", {}, input, ` ${t.labelNames[label]}`));
      this.labelRadios[label] = input;
    }
    const buttons = el("div", { class: "nbw-pg__buttons" });
    this.addButton = this._button(buttons, t.add, () => this._addImage());
    this._button(buttons, t.clear, () => { this.newGrid.values = new Array(12).fill(0); });
    panel.append(this.dataSummary, this._slidesRow(), this.imageList,
      el("div", { class: "nbw-pg__draw" }, gridBox, el("div", {}, fieldset, buttons)));
    return panel;
  }

  /** "Back to the slides' nine images", at the top of the training set, far from Start: it asks
   *  in the page before the reader's images are replaced (the safe answer has the focus). */
  _slidesRow() {
    const t = this.t;
    const row = el("div", { class: "nbw-pg__buttons" });
    this.slidesButton = this._button(row, t.slides, () => this._askSlides());
    const textId = `${this.id}-ask`;
    this.askText = el("p", { id: textId, "aria-live": "polite" });
    this.slidesAsk = el("div", { class: "nbw-pg__ask", role: "group", "aria-labelledby": textId }, this.askText);
    this.slidesAsk.hidden = true;
    const answers = el("div", { class: "nbw-pg__buttons" });
    this._button(answers, t.slidesYes, () => this._answerSlides(true));
    this.keepButton = this._button(answers, t.slidesNo, () => this._answerSlides(false));
    this.slidesAsk.append(answers);
    return el("div", {}, row, this.slidesAsk);
  }

  _askSlides() {
    const images = this.core.last?.state.images;
    if (!images || !this.rules) return;
    if (JSON.stringify(images) === JSON.stringify(this.rules.slides)) return;   // nothing to replace
    this.askText.textContent = this.t.slidesAsk(images.length);
    this.slidesAsk.hidden = false;
    this.keepButton.focus();
  }

  _answerSlides(replace) {
    this.slidesAsk.hidden = true;
    this.askText.textContent = "";
    if (replace) this._send({ slides: true });
    this.slidesButton.focus();
  }

  _settingsPanel() {
    const t = this.t;
    const panel = this._panel(t.settingsHeading);
    this.settingsBox = el("div");
    this.lrNote = el("p", { class: "nbw-pg__note", "aria-live": "polite", "data-value": "lr-note" });
    panel.append(this.settingsBox, this.lrNote, el("p", { class: "nbw-pg__note", text: t.outputNote }));
    return panel;
  }

  /** The kit's settings form of nnbook's schema (the build's defaults, else Python's rules). */
  _form(schema) {
    if (this.form) return;
    this.form = new SettingsForm(this.lang, { schema, onChange: (key, value) => this._send({ settings: { [key]: value } }) });
    this.settingsBox.append(this.form.element);
  }

  /** Before Python answers: the settings and their schema the build gave (data-defaults,
   *  py/sitebuild/widgets.py), shown from the start (greyed by CSS while Python loads). */
  _showDefaults({ settings, schema }) {
    this._form(schema);
    this.form.show(settings);
  }

  _trainPanel() {
    const panel = this._panel(this.t.trainHeading, true);   // wide: its chart as large as the trainer's
    panel.append(this.core.bar, this.core.chartBox, el("p", { class: "nbw-pg__note", text: this.t.resetNote }));
    return panel;
  }

  _testPanel() {
    const t = this.t;
    const panel = this._panel(t.testHeading);
    const gridBox = el("div");
    this.testGrid = new PixelGrid(gridBox, {
      lang: this.lang, label: t.testGrid, onChange: (values) => this._send({ x: numberOf(values) }),
    });
    const dl = el("dl");
    this.testCells = {};
    for (const key of ["z1", "z2"]) {
      this.testCells[key] = el("dd", { "data-value": key, text: "—" });
      dl.append(el("dt", { text: key }), this.testCells[key]);
    }
    this.testVerdict = el("strong", { "data-value": "verdict", text: "—" });
    const verdict = el("p", { class: "nbw-pg__verdict", "aria-live": "polite" }, `${t.verdict}:`, this.testVerdict);
    panel.append(el("div", { class: "nbw-pg__test" }, gridBox, el("div", {}, dl, verdict)));
    return panel;
  }

  _weightsPanel() {
    const t = this.t;
    const panel = this._panel(t.netHeading, true);
    this.netSvg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    this.netSvg.classList.add("nbw-net__svg");
    const readout = el("p", { class: "nbw-net__readout" });
    this.explorer = new NetworkExplorer(this.netSvg, readout, this.lang);   // values by tap and keyboard
    this.editorBox = el("div");
    this.details = el("details", { class: "nbw-pg__details" }, el("summary", { text: t.editWeights }), this.editorBox);
    this.details.addEventListener("toggle", () => { if (this.details.open && this.core.last) this._drawHeavy(this.core.last); });
    panel.append(this.netSvg, readout, this.details);
    return panel;
  }

  _field(labelText, control) {
    control.id = `${this.id}-${++this.fields}`;
    return el("div", { class: "nbw-pg__field" }, el("label", { for: control.id, text: labelText }), control);
  }

  _sharePanel() {
    const t = this.t;
    this.fields = 0;
    const panel = this._panel(t.shareHeading, true);
    const buttons = el("div", { class: "nbw-pg__buttons" });
    this._button(buttons, t.copyLink, () => this.copyLink());
    this._button(buttons, t.download, () => this.download());
    this.linkInput = el("input", { type: "text", readonly: "", class: "nbw-pg__link" });
    this.shareNote = el("p", { class: "nbw-pg__note", "aria-live": "polite" });
    this.fileInput = el("input", { type: "file", accept: ".json,application/json" });
    this.fileInput.addEventListener("change", () => this._importFile());
    this.pasteArea = el("textarea", { rows: "3", spellcheck: "false" });
    const pasteButtons = el("div", { class: "nbw-pg__buttons" });
    this._button(pasteButtons, t.importPasted, () => this._importText(this.pasteArea.value));
    this.pythonArea = el("textarea", { rows: "6", readonly: "", spellcheck: "false" });
    const pyButtons = el("div", { class: "nbw-pg__buttons" });
    this._button(pyButtons, t.copyCode, () => this._copy(this.pythonArea, this.pythonArea.value, t.codeCopied));
    panel.append(buttons, this._field(t.linkField, this.linkInput), this.shareNote,
      this._field(t.importFile, this.fileInput), this._field(t.paste, this.pasteArea), pasteButtons,
      this._field(t.python, this.pythonArea), pyButtons);
    return panel;
  }

  // ---- the reader's actions -------------------------------------------------------------

  _send(op, { quiet = false, stop = false } = {}) {
    if (!quiet) this.userChanged = true;
    if (!op.load && !op.defaults) this.linkError = false;
    this.core.send({ ops: [op] }, { stop });
  }

  _addImage() {
    const label = Object.keys(this.labelRadios).find((k) => this.labelRadios[k].checked) || "N";
    const images = this.core.last?.state.images || [];
    const most = this.rules?.limits.images ?? Infinity;
    if (images.length >= most) {
      this.core.showError(this.t.full(most));
      return;
    }
    this._send({ add: [numberOf(this.newGrid.values), label] });
  }

  _importText(text) {
    if (!this.rules) return;
    let state;
    try {
      state = parseState(text, this.rules);
    } catch (err) {
      if (!(err instanceof StateError)) throw err;
      this.core.showError(this.t.badFile(this._why(err)));
      return;
    }
    this.core.showError("");
    this.shareNote.textContent = this.t.imported;
    this._send({ load: state }, { stop: true });
  }

  _importFile() {
    const file = this.fileInput.files?.[0];
    if (!file || !this.rules) return;
    if (file.size > this.rules.limits.file) {
      this.core.showError(this.t.badFile(this.t.why.long(this.rules.limits.file)));
      return;
    }
    file.text().then((text) => this._importText(text), () => this.core.showError(this.t.badFile(this.t.why.utf8)));
    this.fileInput.value = "";
  }

  currentState() {
    const v = this.core.last;
    return v ? { ...v.state, w: v.w } : null;
  }

  linkFor(state) {
    return `${location.href.split("#")[0]}#s=${encodeState(state)}`;
  }

  copyLink() {
    const state = this.currentState();
    if (!state) return;
    const link = this.linkFor(state);
    this._showLink(link);
    this.linkInput.value = link;
    this._copy(this.linkInput, link, this.t.copied);
  }

  /** Put a link in the address without loading it again (replaceState fires no hashchange). */
  _showLink(link) {
    history.replaceState(history.state, "", link);
    this.shownLink = location.href;
  }

  _copy(field, text, done) {
    const byHand = () => {
      field.focus();
      field.select();
      this.shareNote.textContent = this.t.copyByHand;
    };
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(() => { this.shareNote.textContent = done; }, byHand);
    else byHand();
  }

  download() {
    const state = this.currentState();
    if (!state) return;
    const url = URL.createObjectURL(new Blob([JSON.stringify(state, null, 1) + "\n"], { type: "application/json" }));
    const a = el("a", { href: url, download: "playground.json" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // ---- answers and drawing --------------------------------------------------------------------

  _answer(v, change) {
    if (change && !v.error && !this.linkError) this.core.showError("");   // a change went through
    // a new method brings its own η (Python's with_step_size): say so
    const asked = (change?.ops || []).filter((op) => op.settings).map((op) => op.settings);
    const s = v.state;
    if (asked.some((x) => "method" in x) && !asked.some((x) => "lr" in x)) {
      this.lrNote.textContent = s.method !== "armijo" && s.lr !== this.shownLr
        ? this.t.lrSwitched(significant(s.lr, 4), this.form.t.methods[s.method] || s.method) : "";
    } else if (asked.some((x) => "lr" in x) || (change?.ops || []).some((op) => op.load || op.defaults)) {
      this.lrNote.textContent = "";
    }
    this.shownLr = s?.lr;
  }

  _draw(v, { heavy, settled }) {
    this.form?.show(v.state);
    this._drawImages(v);
    this._drawTest(v);
    if (heavy) this._drawHeavy(v, settled);
  }

  _drawHeavy(v, settled = false) {
    const verdict = v.probe.verdict ? verdictText(v.probe.verdict, this.lang) : null;
    this.explorer.draw({ sizes: v.sizes, names: v.names, weights: v.w, values: [v.probe.x, ...v.probe.h, v.probe.z], verdict, lang: this.lang });
    if (this.details.open) {
      const key = v.sizes.join("-");
      if (this.editorKey !== key) {
        this.editor?.destroy();
        this.editor = new WeightEditor(this.editorBox, {
          sizes: v.sizes, names: v.names, lang: this.lang, onEdit: (name, value) => this._send({ params: { [name]: value } }),
        });
        this.editorKey = key;
      }
      this.editor.values = v.w;
    }
    if (settled) {
      if (v.python) this.pythonArea.value = v.python;
      const link = this.linkFor(this.currentState());
      this.linkInput.value = link;
      // the address follows the state once the reader changed something (never a bad link's)
      if (this.userChanged && !this.linkError) this._showLink(link);
    }
  }

  _drawImages(v) {
    const t = this.t;
    const images = v.state.images;
    const key = JSON.stringify(images);
    if (key !== this.imagesKey) {
      this.imagesKey = key;
      const focused = this.imageList.contains(document.activeElement) ? document.activeElement.dataset.index : null;
      this.imageList.replaceChildren();
      this.cards = images.map(([number], i) => {
        const card = { z: el("span", { "data-value": "z" }), e: el("span", { "data-value": "e" }),
          verdict: el("span", { "data-value": "verdict" }) };
        const remove = el("button", { type: "button", class: "nbw-pg__remove", "aria-label": t.remove(i + 1),
          "data-index": String(i), text: t.removeText });
        remove.addEventListener("click", () => this._send({ remove: i }));
        card.name = el("strong");
        card.li = el("li", { "data-index": String(i) }, thumbnail(pixelsOf(number), { size: 8 }),
          el("div", { class: "nbw-pg__card-text" }, card.name, card.z, card.e, card.verdict, remove));
        this.imageList.append(card.li);
        return card;
      });
      if (focused !== null) {
        const buttons = this.imageList.querySelectorAll("button");
        (buttons[Math.min(Number(focused), buttons.length - 1)] || this.addButton).focus();
      }
    }
    let right = 0;
    this.cards.forEach((c, i) => {
      const z = v.Z[i] || [null, null];
      c.name.textContent = t.card(i + 1, verdictText(v.wants[i], this.lang));
      c.z.textContent = `z = (${fixed(z[0], 2)}, ${fixed(z[1], 2)})`;
      c.e.textContent = `e = ${significant(v.e[i], 4)}`;
      const ok = v.verdicts[i] === v.wants[i];
      if (ok) right++;
      c.verdict.textContent = `→ ${v.verdicts[i] ? verdictText(v.verdicts[i], this.lang) : "—"} (${ok ? t.right : t.wrong})`;
      c.li.classList.toggle("nbw-pg__wrong", !ok);
    });
    this.dataSummary.textContent = images.length ? t.dataSummary(images.length, right) : "";
  }

  _drawTest(v) {
    const p = v.probe;
    const typing = this.core.link.pending?.ops?.some((op) => op.x !== undefined);
    if (!typing) this.testGrid.values = p.x;
    this.testCells.z1.textContent = fixed(p.z[0], 3);
    this.testCells.z2.textContent = fixed(p.z[1], 3);
    this.testVerdict.textContent = p.verdict ? verdictText(p.verdict, this.lang) : "—";
  }

  destroy() {
    window.removeEventListener("hashchange", this.onHash);
    this.core.destroy();
    this.editor?.destroy();
  }
}

export function mount(element, ctx) {
  const pg = new Playground(element, ctx);
  return { destroy() { pg.destroy(); } };
}
