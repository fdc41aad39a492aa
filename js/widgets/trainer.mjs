// Trainer: the lecture's learning algorithm (steps 1–5) running live on the C/T network (chapter 7),
// on the kit's training core (kit/trainer.mjs, KINDS.trainer): the core's buttons, status, curve,
// settings form (and a speed) and probe; here the training images with their outputs and verdicts,
// the drawing grid (x) and the note when ReLU switches Xavier to He (chapter 8).
//
//   ::: widget trainer        options (all optional): hidden=3 activation=sigmoid output=sigmoid
//                             method=sd lr=2 init=xavier seed=0 epsilon=0.01 max-iter=5000
//                             data=slides speed=watch methods=sd,armijo net=net x=x run=training
//
// Python: nnbook.widgets.trainer.request; the page's variables net, x and training (the Run).
import { PixelGrid, thumbnail, verdictText } from "./kit/pixel-grid.mjs";
import { el } from "./kit/dom.mjs";
import { fixed } from "./kit/format.mjs";
import { KINDS, SPEEDS, TrainerCore } from "./kit/trainer.mjs";
import LABELS from "./trainer.labels.json" with { type: "json" };

export { LABELS };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

let uid = 0;

class Trainer {
  constructor(parent, ctx, { settings = {}, methods = null, speed = "watch", names = {}, defaults = null }) {
    this.ctx = ctx;
    this.t = ctx.t;
    this.lang = ctx.lang;
    this.names = { net: "net", x: "x", run: "training", ...names };
    for (const v of Object.values(this.names)) if (!IDENT.test(v)) throw new Error(`bad variable name: ${v}`);
    this.initial = { ...settings };
    this.methods = methods;        // the page's choice of methods (default: all of nnbook's)
    this.id = ++uid;
    this.root = el("div", { class: "nbw-ct nbw-tr", role: "group", "aria-label": this.t.widget });
    this.core = new TrainerCore(ctx, this.root, { ...KINDS.trainer, speed: SPEEDS[speed] ? speed : "watch" }, this);
    this.root.append(this._buildSettings(), this.core.bar, this.core.statusLine, this.core.errorLine);
    const main = el("div", { class: "nbw-tr__main" }, this.core.chartBox, this._buildImages());
    this.root.append(main, this._buildTry());
    parent.append(this.root);
    if (defaults) this._form(defaults.schema).show({ ...defaults.settings, ...this.initial });   // greyed by CSS until Python answers
    this.core.refresh();
  }

  args(req) {
    return { req: { ...req, initial: this.initial }, ...this.names, lang: this.lang };
  }

  setting(key, value) {
    this.core.notice = "";
    this.core.send({ settings: { [key]: value }, steps: 0 }, { stop: true });
  }

  // ---- building ------------------------------------------------------------------------------

  _buildSettings() {
    this.speed = el("select");
    for (const [value, name] of Object.entries(this.t.speeds)) this.speed.append(el("option", { value, text: name }));
    this.speed.value = this.core.speed;
    this.speed.addEventListener("change", () => { this.core.speed = this.speed.value; });
    this.initNote = el("p", { class: "nbw-tr__note", "aria-live": "polite", "data-value": "init-note" });
    return el("fieldset", { class: "nbw-tr__settings" }, el("legend", { text: this.t.settings }), this.core.settingsBox, this.initNote);
  }

  /** The core's settings form, once the schema is known (the build's defaults, else the first answer). */
  _form(schema) {
    return this.core.form(schema, { keys: schema.map((rule) => rule.key).filter((key) => key !== "data"),
      only: this.methods ? { method: this.methods } : {}, extra: [this.t.speed, this.speed, "speed"] });
  }

  _buildImages() {
    const headingId = `nbw-tr-images-${this.id}`;
    this.countLine = el("p", { class: "nbw-tr__count" });
    this.cardList = el("ul", { class: "nbw-tr__cards", "aria-labelledby": headingId });
    return el("div", { class: "nbw-tr__images" },
      el("p", { class: "nbw-tr__heading", id: headingId, text: this.t.images }), this.countLine, this.cardList);
  }

  _buildTry() {
    const t = this.t;
    const left = el("div");
    this.grid = new PixelGrid(left, { lang: this.lang, onChange: (values) => this.core.send({ x: values }) });
    this.grid.disabled = true;
    const clear = el("button", { type: "button", class: "nbw-ct__button", text: t.clear });
    clear.addEventListener("click", () => {
      this.grid.values = new Array(12).fill(0);
      this.core.send({ x: this.grid.values });
    });
    left.append(el("p", { class: "nbw-tr__help", text: t.tryHelp }), clear);
    const probe = this.core.probe();
    const headingId = `nbw-tr-try-${this.id}`;
    return el("div", { class: "nbw-tr__try", "aria-labelledby": headingId },
      el("p", { class: "nbw-tr__heading", id: headingId, text: t.tryHeading }),
      el("div", { class: "nbw-tr__try-layout" }, left, probe.numbers, probe.net));
  }

  // ---- answers ------------------------------------------------------------------------------

  answer(v, change) {
    if (v.schema) this._form(v.schema);
    if (v.X) this._buildCards(v);
    if (v.adopted && v.generation !== this.adoptedRun) {
      this.adoptedRun = v.generation;
      this.core.notice = this.t.adopted(this.names.net);
    }
    const s = v.settings;
    const wanted = change?.settings || {};
    if ("activation" in wanted && !("init" in wanted) && s.init !== this.shownInit) {
      const words = this.core.settingsForm.t;
      this.initNote.textContent = this.t.initSwitched(words.activations[s.activation] || s.activation, words.inits[s.init] || s.init);
    } else if ("init" in wanted) {
      this.initNote.textContent = "";
    }
    this.shownInit = s.init;
  }

  _buildCards(v) {
    const t = this.t;
    this.cardList.replaceChildren();
    this.cards = v.X.map((pixels, i) => {
      const rows = [0, 3, 6, 9].map((r) => pixels.slice(r, r + 3).map((p) => (p >= 0.5 ? 1 : 0)).join("")).join("/");
      const name = el("span", { class: "nbw-tr__card-name", text: `${i + 1} ${v.labels[i]}` },
        el("span", { class: "nbw-tr__sr", text: t.card(rows, v.T[i].map((p) => String(p)).join(", ")) }));
      const card = { z1: el("span", { text: "z₁ —" }), z2: el("span", { text: "z₂ —" }),
        verdict: el("span", { text: "→ —" }), mark: el("span", { class: "nbw-tr__sr" }) };
      card.li = el("li", { "data-image": String(i + 1) }, thumbnail(pixels, { size: 6 }),
        el("div", { class: "nbw-tr__card-text" }, name, card.z1, card.z2, card.verdict, card.mark));
      this.cardList.append(card.li);
      return card;
    });
  }

  draw(v, { heavy }) {
    this._updateCards(v);
    const p = v.probe;
    if (!p || p.error) {
      if (p?.error && !v.error) this.core.showError(p.error, { python: true });
      return;
    }
    if (!this.core.link.pending?.x && !this.grid.values.every((val, i) => (val >= 0.5) === (p.x[i] >= 0.5))) this.grid.values = p.x;
    this.grid.disabled = false;
    this.core.showProbe(v, heavy);
  }

  _updateCards(v) {
    if (!this.cards) return;
    const t = this.t;
    let right = 0;
    v.Z.forEach((z, i) => {
      const card = this.cards[i];
      if (!card) return;
      const z1 = `z₁ ${fixed(z[0], 2)}`, z2 = `z₂ ${fixed(z[1], 2)}`;
      if (card.z1.textContent !== z1) card.z1.textContent = z1;
      if (card.z2.textContent !== z2) card.z2.textContent = z2;
      const verdict = v.verdicts[i];
      const ok = verdict === v.wants[i];
      if (ok) right++;
      const text = verdict === null ? "→ —" : `→ ${verdictText(verdict, this.lang)} ${ok ? "✓" : "✗"}`;
      if (card.verdict.textContent !== text) {
        card.verdict.textContent = text;
        card.verdict.className = ok ? "" : "nbw-tr__card-verdict--wrong";
        card.mark.textContent = verdict === null ? "" : ` (${ok ? t.ok : t.wrong})`;
        card.li.dataset.verdict = verdict ?? "";
        card.li.dataset.right = String(ok);
      }
    });
    const count = t.right(right, v.Z.length);
    if (this.countLine.textContent !== count) this.countLine.textContent = count;
  }

  destroy() {
    this.core.destroy();
    this.grid.destroy();
  }
}

function optionsFrom(dataset) {
  const settings = {};
  const numbers = { hidden: "hidden", lr: "lr", seed: "seed", epsilon: "epsilon", maxIter: "max_iter" };
  for (const [key, name] of Object.entries(numbers)) if (dataset[key] !== undefined) settings[name] = Number(dataset[key]);
  for (const key of ["activation", "output", "method", "init", "data"]) if (dataset[key]) settings[key] = dataset[key];
  return {
    settings,
    methods: dataset.methods ? dataset.methods.split(",") : null,
    speed: dataset.speed,
    names: { net: dataset.net || "net", x: dataset.x || "x", run: dataset.run || "training" },
    defaults: dataset.defaults ? JSON.parse(dataset.defaults) : null,   // the build's (sitebuild/widgets.py)
  };
}

export function mount(element, ctx) {
  const trainer = new Trainer(element, ctx, optionsFrom(element.dataset));   // (a cell's change: the loop refreshes)
  return { destroy() { trainer.destroy(); } };
}

