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
// initial weights, seed, ε, iteration limit, speed; the menus are nnbook's
// registries, sent in the first answer); a drawing grid to try the trained
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
import { fixed, parseNumber, significant } from "./kit/format.mjs";
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
      request: (change) => ({ ...change }),
      merge: mergeChanges,
      reset: () => ({ reset: true, steps: 0 }),
      afterConverged: this.t.goOnConverged,
      onAnswer: (v, change) => this._answer(v, change),
      onDraw: (v, how) => this._draw(v, how),
    });
    this.controls = {};
    this.root.append(this._buildSettings(), this.core.bar, this.core.statusLine, this.core.errorLine);
    const main = el("div", { class: "nbw-tr__main" }, this.core.chartBox, this._buildImages());
    this.root.append(main, this._buildTry());
    parent.append(this.root);
    if (defaults) this._showDefaults(defaults);
    this.core.refresh();
  }

  /** Before Python answers: the menus and settings nnbook's registries gave the build (data-defaults),
   *  with the page's options on top, so what Python will say is shown from the start (greyed by CSS). */
  _showDefaults({ settings, menus }) {
    this._menus(menus);
    this._syncControls({ ...settings, ...this.initial });
  }

  _menus(menus) {
    this._options("activation", menus.activation);
    this._options("output", menus.activation);
    this._options("method", this.methods ? menus.method.filter((m) => this.methods.includes(m)) : menus.method);
    this._options("init", menus.init);
  }

  setSettings(changes) {
    this.core.notice = "";
    this.core.send({ settings: changes, steps: 0 }, { stop: true });
  }

  // ---- building ------------------------------------------------------------------------------

  _field(container, labelText, control, key) {
    control.id = `nbw-tr-${key}-${this.id}`;
    const field = el("div", { class: "nbw-tr__field" }, el("label", { for: control.id, text: labelText }), control);
    container.append(field);
    return field;
  }

  _select(key, names, labelText, fields) {
    const select = el("select");
    select.addEventListener("change", () => this.setSettings({ [key]: select.value }));
    this._field(fields, labelText, select, key);
    this.controls[key] = { element: select, kind: "select", names };
    return select;
  }

  /** Fill a menu with names (from nnbook's registry); a name with no words shows as itself. */
  _options(key, values) {
    const c = this.controls[key];
    if (!c) return;
    const current = c.element.value;
    c.element.replaceChildren(...values.map((v) => el("option", { value: v, text: c.names[v] || v })));
    if (values.includes(current)) c.element.value = current;
  }

  _number(key, labelText, fields, { integer = false, min = null } = {}) {
    const input = el("input", { type: "number", step: integer ? "1" : "any", inputmode: integer ? "numeric" : "decimal" });
    if (min !== null) input.min = String(min);
    const t = this.t;
    const apply = () => {
      const v = parseNumber(input.value);
      const ok = Number.isFinite(v) && (integer ? Number.isInteger(v) && v >= (min ?? -Infinity) : v > 0);
      input.setAttribute("aria-invalid", String(!ok));
      if (!ok) {
        this.fieldError.textContent = `${labelText}: ${integer ? t.invalidInt(min) : t.invalid}`;
        this.fieldError.dataset.key = key;
      } else if (this.fieldError.dataset.key === key) {
        this.fieldError.textContent = "";
      }
      if (ok && v !== this.core.last?.settings?.[key]) this.setSettings({ [key]: v });
    };
    input.addEventListener("input", apply);
    input.addEventListener("change", apply);
    this._field(fields, labelText, input, key);
    input.setAttribute("aria-describedby", `nbw-tr-error-${this.id}`);
    this.controls[key] = { element: input, kind: "number" };
    return input;
  }

  _buildSettings() {
    const t = this.t;
    const fields = el("div", { class: "nbw-tr__fields" });
    this._select("activation", t.activations, t.activation, fields);
    this._select("output", t.outputs, t.output, fields);

    const range = el("input", { type: "range", min: "1", max: "10", step: "1", value: "3" });
    const shown = el("output", { for: `nbw-tr-hidden-${this.id}`, text: "3" });
    range.addEventListener("input", () => { shown.textContent = range.value; this.setSettings({ hidden: Number(range.value) }); });
    const field = this._field(fields, t.hidden, range, "hidden");
    field.append(el("div", { class: "nbw-tr__range" }, range, shown));
    this.controls.hidden = { element: range, kind: "range", shown };

    this._select("method", t.methods, t.method, fields);
    this._number("lr", t.lr, fields);
    this._select("init", t.inits, t.init, fields);
    this._number("seed", t.seed, fields, { integer: true, min: 0 });
    this._number("epsilon", t.epsilon, fields);
    this._number("max_iter", t.maxIter, fields, { integer: true, min: 1 });

    const speed = el("select");
    for (const [value, name] of Object.entries(t.speeds)) speed.append(el("option", { value, text: name }));
    speed.value = this.core.speed;
    speed.addEventListener("change", () => { this.core.speed = speed.value; });
    this._field(fields, t.speed, speed, "speed");

    this.note = el("p", { class: "nbw-tr__note" });
    this.initNote = el("p", { class: "nbw-tr__note", "aria-live": "polite", "data-value": "init-note" });
    this.lrNote = el("p", { class: "nbw-tr__note", "aria-live": "polite", "data-value": "lr-note" });
    this.fieldError = el("p", { class: "nbw-tr__field-error", "aria-live": "polite", id: `nbw-tr-error-${this.id}` });
    fields.append(this.note, this.initNote, this.lrNote, this.fieldError);
    return el("fieldset", { class: "nbw-tr__settings" }, el("legend", { text: t.settings }), fields);
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
    if (v.menus) this._menus(v.menus);
    if (v.X) this._buildCards(v);
    if (v.adopted && v.id !== this.adoptedRun) {
      this.adoptedRun = v.id;
      this.core.notice = t.adopted(this.names.net);
    }
    const s = v.settings;
    const wanted = change?.settings;
    if (wanted && "activation" in wanted && !("init" in wanted) && s.init !== this.shownSettings?.init) {
      this.initNote.textContent = t.initSwitched(t.activations[s.activation] || s.activation, t.inits[s.init] || s.init);
    } else if (wanted && "init" in wanted) {
      this.initNote.textContent = "";
    }
    if (wanted && "method" in wanted && !("lr" in wanted) && s.method !== "armijo" && s.lr !== this.shownSettings?.lr) {
      this.lrNote.textContent = t.lrSwitched(significant(s.lr, 4), t.methods[s.method] || s.method);
    } else if (wanted && ("lr" in wanted || "method" in wanted)) {
      this.lrNote.textContent = "";
    }
    const text = JSON.stringify(s);
    if (text !== this.syncedSettings || v.error) {      // only when they changed: cheap rounds
      this.syncedSettings = text;
      this._syncControls(s);
    }
    this.shownSettings = s;
  }

  _syncControls(settings) {
    for (const [key, c] of Object.entries(this.controls)) {
      const v = settings[key];
      if (v === undefined) continue;
      if (c.kind === "select") {
        if (![...c.element.options].some((o) => o.value === String(v))) {
          c.element.append(el("option", { value: v, text: c.names[v] || String(v) }));
        }
        c.element.value = String(v);
      } else if (c.kind === "range") {
        if (Number(c.element.max) < v) c.element.max = String(v);
        c.element.value = String(v);
        c.shown.textContent = String(v);
      } else if (document.activeElement !== c.element) {   // never overwrite what the reader is typing
        c.element.value = String(v);
        c.element.setAttribute("aria-invalid", "false");
      }
    }
    const armijo = settings.method === "armijo";
    this.controls.lr.element.disabled = armijo;
    this.note.textContent = armijo ? this.t.armijoNote : "";
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
    if (heavy) this.explorer.draw({ sizes: v.sizes, weights: v.w, values: [p.x, ...p.h, p.z], lang: this.lang });
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
  const trainer = new Trainer(element, ctx, optionsFrom(element.dataset));
  ctx.onChange(() => { if (trainer.core.status !== "running") trainer.core.refresh(); });
  return { destroy() { trainer.destroy(); } };
}

