// Playground: the whole experiment on one page (chapter 9), on the kit's training core
// (kit/trainer.mjs, KINDS.playground: no Step, full speed, Start goes on after the limit). Its own
// panels: the training set (draw an image, label it C / T / neither, add or remove), the test image,
// the weights (diagram and editor), and sharing: a link holding the whole state (#s=…, followed on
// hashchange too), JSON export and import, a Python cell.  A link or file is checked here with
// Python's rules (its start()) before anything reaches Python (kit/playground-state.mjs), and again
// by Python; anything wrong is said in words.
//
// Python: nnbook.widgets.playground.start, then .request once per round. Page variables: net, X, T,
// playground.
import { PixelGrid, thumbnail, verdictText } from "./kit/pixel-grid.mjs";
import { WeightEditor } from "./kit/weight-editor.mjs";
import { el } from "./kit/dom.mjs";
import { fixed, significant } from "./kit/format.mjs";
import { messageOf } from "./kit/python.mjs";
import { encodeState, linkPayload, numberOf, pixelsOf } from "./kit/playground-state.mjs";
import { KINDS, TrainerCore } from "./kit/trainer.mjs";
import LABELS from "./playground.labels.json" with { type: "json" };

export { LABELS };

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
    this.core = new TrainerCore(ctx, this.root, KINDS.playground, this);
    // settings and the test image share a row; training is wide below them, its chart as large as the trainer's
    const panels = el("div", { class: "nbw-pg__panels" }, this._dataPanel(), this._settingsPanel(),
      this._testPanel(), this._trainPanel(), this._weightsPanel(), this._sharePanel());
    this.root.append(this.core.statusLine, this.core.errorLine, panels);
    element.append(this.root);
    if (element.dataset.defaults) {   // the build's (py/sitebuild/widgets.py), greyed by CSS until Python answers
      const { settings, schema } = JSON.parse(element.dataset.defaults);
      this.core.form(schema).show(settings);
    }
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
    this.core.form(this.rules.schema);
    const payload = linkPayload(location.hash);
    if (payload === null) {
      this.core.refresh();
      return;
    }
    this._send({ defaults: true }, { quiet: true });   // a bad link: the default state, and why
    this._send({ link: payload, why: "badLink" }, { quiet: true });
    this.shownLink = location.href;
  }

  /** Another #s=… link on the open page (followed, or pasted into the address bar). */
  _followLink() {
    const payload = linkPayload(location.hash);
    if (payload === null || location.href === this.shownLink || !this.rules) return;
    this.shownLink = location.href;
    this._send({ link: payload, why: "badNewLink", note: "linkLoaded" }, { quiet: true, stop: true });
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

  args(req) { return { req, lang: this.lang }; }

  setting(key, value) { this._send({ settings: { [key]: value } }); }

  _settingsPanel() {
    const panel = this._panel(this.t.settingsHeading);
    panel.append(this.core.settingsBox, el("p", { class: "nbw-pg__note", text: this.t.outputNote }));
    return panel;
  }

  _trainPanel() {
    const panel = this._panel(this.t.trainHeading, true);   // wide: its chart as large as the trainer's
    panel.append(this.core.bar, this.core.chartBox, el("p", { class: "nbw-pg__note", text: this.t.resetNote }));
    return panel;
  }

  _testPanel() {
    const panel = this._panel(this.t.testHeading);
    const gridBox = el("div");
    this.testGrid = new PixelGrid(gridBox, {
      lang: this.lang, label: this.t.testGrid, onChange: (values) => this._send({ x: numberOf(values) }),
    });
    this.probe = this.core.probe();
    panel.append(el("div", { class: "nbw-pg__test" }, gridBox, this.probe.numbers));
    return panel;
  }

  _weightsPanel() {
    const panel = this._panel(this.t.netHeading, true);
    this.editorBox = el("div");
    this.details = el("details", { class: "nbw-pg__details" }, el("summary", { text: this.t.editWeights }), this.editorBox);
    this.details.addEventListener("toggle", () => { if (this.details.open && this.core.last) this._drawHeavy(this.core.last); });
    panel.append(this.probe.net, this.details);
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
    if (!(op.defaults || "link" in op || "json" in op)) this.linkError = false;
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
    if (this.rules) this._send({ json: text, why: "badFile", note: "imported" }, { stop: true });
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

  /** A link or file is Python's to check: its refusal in the words of `why`, else `note`. */
  answer(v, change) {
    const op = change?.ops?.find((o) => o.why);
    if (op && v.error) {
      if ("link" in op) this.linkError = true;
      this.core.showError(this.t[op.why](v.error));
    } else if (op) {
      if (op.why === "badNewLink") this.linkError = this.userChanged = false;
      if (op.note) this.shareNote.textContent = this.t[op.note];
      this.core.showError("");
    } else if (change && !v.error && !this.linkError) this.core.showError("");   // a change went through
  }

  draw(v, { heavy, settled }) {
    this._drawImages(v);
    const typing = this.core.link.pending?.ops?.some((op) => op.x !== undefined);
    if (!typing) this.testGrid.values = v.probe.x;
    this.core.showProbe(v, false);
    if (heavy) this._drawHeavy(v, settled);
  }

  _drawHeavy(v, settled = false) {
    this.core.showProbe(v, true, true);
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
