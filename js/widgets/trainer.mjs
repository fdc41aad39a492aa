// Trainer: the lecture's learning algorithm (steps 1–5) running live on the
// C/T network (chapter 7); the training loop is the kit's (kit/trainer.mjs).
//
//   ::: widget trainer        options (all optional): hidden=3 activation=sigmoid
//                             output=sigmoid method=sd lr=2 init=xavier seed=0
//                             epsilon=0.01 max-iter=5000 data=slides speed=watch
//                             methods=sd,armijo  net=net x=x run=training
//
// Start, Pause, Step, Reset; a live curve of E (log scale: a checkbox); the
// training images with their outputs (z1, z2) and verdict; the settings
// (activation of the hidden layer, output layer, hidden units, method, η,
// initial weights, seed, ε, iteration limit: the kit's SettingsForm of nnbook's
// schema; and the speed); a drawing grid to try the trained
// network on a new image, with the network diagram. Switching the hidden
// layer to ReLU switches Xavier to He (chapter 8), and the widget says so.
//
// Python: nnbook.widgets.trainer.request (ctx.call through the core's link).
// The page's variables: `net` (the network being trained; a cell sees the
// trained net), `x` (the image in the drawing grid) and `training` (the Run).
//
// For tests the root element (.nbw-tr) carries data-state (waiting | idle |
// running | pausing | paused | converged | diverged | limit | error), data-k,
// data-e (E(w_k), full precision), data-frames (curve redraws), data-run.
import { NetworkExplorer } from "./kit/network.mjs";
import { PixelGrid, thumbnail, verdictText } from "./kit/pixel-grid.mjs";
import { el } from "./kit/dom.mjs";
import { fixed, significant } from "./kit/format.mjs";
import { SettingsForm } from "./kit/settings-form.mjs";
import { TrainerCore } from "./kit/trainer.mjs";
import LABELS from "./trainer.labels.json" with { type: "json" };

export { LABELS };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Two waiting changes of the trainer as one: settings merged, steps added, the newest x. */
export function mergeChanges(older, newer) {
  const out = { ...older, ...newer };
  if (older.settings || newer.settings) out.settings = { ...older.settings, ...newer.settings };
  if (older.steps || newer.steps) out.steps = (older.steps || 0) + (newer.steps || 0);
  if (newer.settings || newer.reset) out.steps = newer.steps || 0;   // a new run: the older steps are void
  out.reset = Boolean(older.reset || newer.reset);
  return out;
}

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
    this.core = new TrainerCore(ctx, {
      root: this.root, fn: "request", speed,
      args: (req) => ({ req: { ...req, initial: this.initial }, ...this.names, lang: this.lang }),
      merge: mergeChanges,
      reset: { reset: true, steps: 0 },
      afterConverged: this.t.goOnConverged,
      onAnswer: (v, change) => this._answer(v, change),
      onDraw: (v, how) => this._draw(v, how),
    });
    this.root.append(this._buildSettings(), this.core.bar, this.core.statusLine, this.core.errorLine);
    const main = el("div", { class: "nbw-tr__main" }, this.core.chartBox, this._buildImages());
    this.root.append(main, this._buildTry());
    parent.append(this.root);
    if (defaults) this._showDefaults(defaults);
    this.core.refresh();
  }

  /** Before Python answers: the settings and their schema (nnbook's menus and limits) the build gave
   *  (data-defaults), with the page's options on top, shown from the start (greyed by CSS). */
  _showDefaults({ settings, schema }) {
    this._form(schema);
    this.form.show({ ...settings, ...this.initial });
  }

  setSettings(changes) {
    this.core.notice = "";
    this.core.send({ settings: changes, steps: 0 }, { stop: true });
  }

  // ---- building ------------------------------------------------------------------------------

  _buildSettings() {
    const t = this.t;
    this.speed = el("select");
    for (const [value, name] of Object.entries(t.speeds)) this.speed.append(el("option", { value, text: name }));
    this.speed.value = this.core.speed;
    this.speed.addEventListener("change", () => { this.core.speed = this.speed.value; });
    this.initNote = el("p", { class: "nbw-tr__note", "aria-live": "polite", "data-value": "init-note" });
    this.lrNote = el("p", { class: "nbw-tr__note", "aria-live": "polite", "data-value": "lr-note" });
    this.settingsBox = el("fieldset", { class: "nbw-tr__settings" }, el("legend", { text: t.settings }));
    return this.settingsBox;
  }

  /** The kit's settings form, once the schema is known (the build's defaults, else the first answer). */
  _form(schema) {
    if (this.form) return;
    this.form = new SettingsForm(this.lang, {
      schema, keys: schema.map((rule) => rule.key).filter((key) => key !== "data"),
      only: this.methods ? { method: this.methods } : {},
      onChange: (key, value) => this.setSettings({ [key]: value }),
    });
    this.form.addField(this.t.speed, this.speed, "speed");
    this.settingsBox.append(this.form.element, this.initNote, this.lrNote);
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
    this.probeCells = {};
    const dl = el("dl");
    for (const key of ["z1", "z2"]) {
      this.probeCells[key] = el("dd", { "data-value": key, text: "—" });
      dl.append(el("dt", { text: key }), this.probeCells[key]);
    }
    this.probeVerdict = el("strong", { "data-value": "verdict", text: "—" });
    const verdict = el("p", { class: "nbw-tr__probe-verdict", "aria-live": "polite" }, `${t.verdict}:`, this.probeVerdict);
    this.netSvg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    this.netSvg.classList.add("nbw-net__svg");
    const readout = el("p", { class: "nbw-net__readout" });
    this.explorer = new NetworkExplorer(this.netSvg, readout, this.lang);   // values by tap and keyboard
    const layout = el("div", { class: "nbw-tr__try-layout" }, left,
      el("div", { class: "nbw-tr__probe" }, dl, verdict), el("div", { class: "nbw-tr__net" }, this.netSvg, readout));
    const headingId = `nbw-tr-try-${this.id}`;
    return el("div", { class: "nbw-tr__try", "aria-labelledby": headingId },
      el("p", { class: "nbw-tr__heading", id: headingId, text: t.tryHeading }), layout);
  }

  // ---- answers ------------------------------------------------------------------------------

  _answer(v, change) {
    const t = this.t;
    if (v.schema) this._form(v.schema);
    if (v.X) this._buildCards(v);
    if (v.adopted && v.generation !== this.adoptedRun) {
      this.adoptedRun = v.generation;
      this.core.notice = t.adopted(this.names.net);
    }
    const s = v.settings;
    const wanted = change?.settings;
    const words = this.form.t;
    if (wanted && "activation" in wanted && !("init" in wanted) && s.init !== this.shownSettings?.init) {
      this.initNote.textContent = t.initSwitched(words.activations[s.activation] || s.activation, words.inits[s.init] || s.init);
    } else if (wanted && "init" in wanted) {
      this.initNote.textContent = "";
    }
    if (wanted && "method" in wanted && !("lr" in wanted) && s.method !== "armijo" && s.lr !== this.shownSettings?.lr) {
      this.lrNote.textContent = t.lrSwitched(significant(s.lr, 4), words.methods[s.method] || s.method);
    } else if (wanted && ("lr" in wanted || "method" in wanted)) {
      this.lrNote.textContent = "";
    }
    const text = JSON.stringify(s);
    if (text !== this.syncedSettings || v.error) {      // only when they changed: cheap rounds
      this.syncedSettings = text;
      this.form.show(s);
    }
    this.shownSettings = s;
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

  _draw(v, { heavy }) {
    this._updateCards(v);
    this._updateProbe(v, heavy);
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

  _updateProbe(v, heavy) {
    const p = v.probe;
    if (!p || p.error) {
      if (p?.error && !v.error) this.core.showError(p.error, { python: true });
      return;
    }
    if (!this.core.link.pending?.x) {
      const same = this.grid.values.every((val, i) => (val >= 0.5) === (p.x[i] >= 0.5));
      if (!same) this.grid.values = p.x;
    }
    this.grid.disabled = false;
    for (const [j, key] of [[0, "z1"], [1, "z2"]]) {
      const text = fixed(p.z[j], 3);
      if (this.probeCells[key].textContent !== text) this.probeCells[key].textContent = text;
    }
    const verdict = p.verdict ? verdictText(p.verdict, this.lang) : "—";
    if (this.probeVerdict.textContent !== verdict) this.probeVerdict.textContent = verdict;
    this.probeVerdict.dataset.verdict = p.verdict ?? "";
    // (the verdict is written large beside the grid, not in the diagram)
    if (heavy) this.explorer.draw({ sizes: v.sizes, names: v.names, weights: v.w, values: [p.x, ...p.h, p.z], lang: this.lang });
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

