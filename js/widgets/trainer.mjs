// Trainer: the lecture's learning algorithm (steps 1–5) running live on the
// C/T network (chapter 7; reused by the playground, chapter 9).
//
//   ::: widget trainer        options (all optional): hidden=3 activation=sigmoid
//                             output=sigmoid method=sd lr=2 init=xavier seed=0
//                             epsilon=0.01 max-iter=5000 data=slides speed=watch
//                             methods=sd,armijo  net=net x=x run=training
//
// Start, Pause, Step, Reset; a live curve of E (log scale: a checkbox); the
// training images with their outputs (z1, z2) and verdict; the settings
// (activation of the hidden layer, output layer, hidden units, method, η,
// initial weights, seed, ε, iteration limit, speed); a drawing grid to try
// the trained network on a new image, with the network diagram.
//
// Python (nnbook.widgets.trainer) does the training: each round is one
// ctx.evaluate that advances nnbook.train_iter for at most ~12 ms (or N
// iterations) and returns the new E values. At most one round is in flight;
// the curve is redrawn at most once per animation frame, from whatever has
// arrived, so the page stays responsive. The page's
// variables: `net` (the network being trained; a cell sees the trained net),
// `x` (the image in the drawing grid) and `training` (the Run: settings, k, E).
//
// For tests and benchmarks the root element (.nbw-tr) carries
//   data-state   waiting | idle | running | pausing | paused | converged |
//                diverged | limit | error
//   data-k       the current iteration k          data-e   E(w_k), full precision
//   data-frames  how many times the curve was redrawn   data-run  the run's number
//
// Reusable API (import { Trainer } from "./trainer.mjs"):
//
//   const trainer = new Trainer(parent, ctx, {settings, methods, speed, names,
//                                             show, onUpdate, label});
//     settings  initial settings (nnbook.widgets.trainer.SETTINGS keys: activation,
//               output, hidden, method, lr, init, seed, epsilon, max_iter, data)
//     methods   the methods offered, e.g. ["sd", "armijo", "momentum", "adagrad", "adam"]
//     speed     "watch" (1 iteration per frame), "quick" (10), "full" (~12 ms of work per frame)
//     names     {net, x, run}: the page variables (default net, x, training)
//     show      {settings, images, tryIt, network}: parts to show (all true by default)
//     onUpdate  fn({k, E, status, settings, payload}) after every round
//   trainer.start()  trainer.pause()  trainer.step()  trainer.reset()
//   trainer.setSettings({lr: 0.5})   (a change starts again at k = 0)
//   trainer.refresh()  trainer.k  trainer.E  trainer.status  trainer.history (E list)
//   trainer.element    trainer.destroy()
import { LineChart } from "./kit/chart.mjs";
import { PixelGrid, thumbnail, verdictText } from "./kit/pixel-grid.mjs";
import { ctStyle, drawNetwork, fmt } from "./kit/network.mjs";

const LABELS = {
  en: {
    widget: "Trainer",
    settings: "Settings",
    activation: "Activation a (hidden layer)",
    activations: { sigmoid: "sigmoid σ", tanh: "tanh", relu: "ReLU", step: "step", identity: "identity" },
    output: "Output layer",
    outputs: { sigmoid: "sigmoid σ (0 < z < 1)", identity: "linear (z = s)", tanh: "tanh", relu: "ReLU", step: "step" },
    hidden: "Hidden units",
    method: "Gradient method",
    methods: { sd: "steepest descent, fixed η", armijo: "Armijo line search", momentum: "Momentum",
      adagrad: "AdaGrad", adam: "Adam" },
    lr: "Step size η",
    armijoNote: "Armijo chooses η itself (first trial η₀ = 1, halved until E falls enough).",
    init: "Initial weights w₀",
    inits: { small_uniform: "small uniform U(−0.5, 0.5)", xavier: "Xavier (Glorot)", he: "He" },
    seed: "Seed",
    epsilon: "ε (stop when E < ε)",
    maxIter: "Iteration limit",
    speed: "Speed",
    speeds: { watch: "1 iteration per frame", quick: "10 iterations per frame", full: "full speed" },
    start: "Start", pause: "Pause", step: "Step", reset: "Reset",
    log: "Log scale",
    chart: "Total error E against the iteration k",
    xLabel: "iteration k", yLabel: "E",
    images: "The training images: outputs (z₁, z₂) and verdict",
    right: (r, P) => `${r} of ${P} read right`,
    card: (rows, t) => `: rows ${rows}, answer t = (${t.join(", ")})`,
    ok: "right", wrong: "wrong",
    tryHeading: "Try the trained network on a new image",
    tryHelp: "Draw in the grid (the variable x): click a pixel, or use the arrow keys and Space.",
    clear: "Clear",
    verdict: "Verdict",
    waiting: "waiting for Python…",
    idle: "Press Start to train, or Step for one iteration.",
    running: "Training…",
    paused: (k, E) => `Paused at k = ${k}, E = ${E}.`,
    converged: (k, E, eps) => `Converged: E = ${E} < ε = ${eps} after ${k} iterations.`,
    diverged: (k, eta) => `Training diverged at k = ${k}: E is no longer a finite number (inf or NaN). ` +
      (eta ? `The step size η = ${eta} is too large: try a smaller η, e.g. η = ${eta / 10}.`
        : "The step size is too large: try a smaller η."),
    limit: (k, E, eps) => `Stopped at the iteration limit k = ${k}: E = ${E} is not yet < ε = ${eps}. ` +
      "Try another η, method or initial weights, or a higher limit.",
    adopted: (name) => `A cell changed the weights of \`${name}\`: training goes on from them, starting again at k = 0. ` +
      "Reset makes a new network from the settings.",
    invalid: "Enter a number > 0.",
    invalidInt: (min) => `Enter a whole number ≥ ${min}.`,
    neither: "neither",
  },
  ja: {
    widget: "トレーナー",
    settings: "設定",
    activation: "活性化関数 a (隠れ層)",
    activations: { sigmoid: "シグモイド σ", tanh: "tanh", relu: "ReLU", step: "ステップ", identity: "恒等" },
    output: "出力層",
    outputs: { sigmoid: "シグモイド σ (0 < z < 1)", identity: "線形 (z = s)", tanh: "tanh", relu: "ReLU", step: "ステップ" },
    hidden: "隠れ層のユニット数",
    method: "勾配法",
    methods: { sd: "最急降下法 (η 固定)", armijo: "Armijo の直線探索", momentum: "Momentum",
      adagrad: "AdaGrad", adam: "Adam" },
    lr: "ステップ幅 η",
    armijoNote: "Armijo は η を自分で決めます (最初の試し η₀ = 1、E が十分に減るまで半分にする)。",
    init: "初期値 w₀",
    inits: { small_uniform: "小さな一様乱数 U(−0.5, 0.5)", xavier: "Xavier (Glorot)", he: "He" },
    seed: "シード",
    epsilon: "ε (E < ε で停止)",
    maxIter: "反復の上限",
    speed: "速さ",
    speeds: { watch: "1 フレームに 1 反復", quick: "1 フレームに 10 反復", full: "全速" },
    start: "開始", pause: "一時停止", step: "1 反復", reset: "リセット",
    log: "対数目盛",
    chart: "反復 k に対する誤差の総和 E",
    xLabel: "反復 k", yLabel: "E",
    images: "学習用の画像: 出力 (z₁, z₂) と判定",
    right: (r, P) => `${P} 枚中 ${r} 枚を正しく判定`,
    card: (rows, t) => `: 行 ${rows}、正解 t = (${t.join(", ")})`,
    ok: "正解", wrong: "不正解",
    tryHeading: "学習したネットワークに新しい画像を見せる",
    tryHelp: "グリッドに描いてください (変数 x)。画素をクリックするか、矢印キーで移動して Space で切り替えます。",
    clear: "消去",
    verdict: "判定",
    waiting: "Python を待っています…",
    idle: "開始を押すと学習します。1 反復を押すと 1 回だけ進みます。",
    running: "学習中…",
    paused: (k, E) => `k = ${k} で一時停止中、E = ${E}。`,
    converged: (k, E, eps) => `収束しました: ${k} 回の反復で E = ${E} < ε = ${eps}。`,
    diverged: (k, eta) => `k = ${k} で学習が発散しました: E が有限の数でなくなりました (inf または NaN)。` +
      (eta ? `ステップ幅 η = ${eta} が大きすぎます。もっと小さな η (たとえば η = ${eta / 10}) を試してください。`
        : "ステップ幅が大きすぎます。もっと小さな η を試してください。"),
    limit: (k, E, eps) => `反復の上限 k = ${k} で止まりました: E = ${E} はまだ ε = ${eps} より小さくありません。` +
      "η や勾配法、初期値を変えるか、上限を上げてください。",
    adopted: (name) => `セルが \`${name}\` の重みを変えました。その重みから k = 0 として学習を続けます。` +
      "リセットすると設定どおりの新しいネットワークを作ります。",
    invalid: "0 より大きい数を入れてください。",
    invalidInt: (min) => `${min} 以上の整数を入れてください。`,
    neither: "どちらでもない",
  },
};

const SPEEDS = { watch: 1, quick: 10, full: 100000 };
const BUDGET_MS = 12; // Python's work per round at full speed: about one answer per frame
const NETWORK_EVERY_MS = 250; // redraw the diagram at most this often while training
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

const CSS = `
.nbw-tr { display: flex; flex-direction: column; gap: .6rem; }
.nbw-tr fieldset { border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem; margin: 0; padding: .3rem .6rem .5rem; min-width: 0; }
.nbw-tr legend { font-weight: 700; padding: 0 .3rem; }
.nbw-tr__fields { display: flex; flex-wrap: wrap; gap: .45rem 1rem; align-items: flex-end; }
.nbw-tr__field { display: flex; flex-direction: column; gap: .15rem; min-width: 0; max-width: 100%; }
.nbw-tr__field label { font-size: .68rem; }
.nbw-tr select, .nbw-tr input[type=number] { font: inherit; font-size: .72rem; max-width: 100%; box-sizing: border-box;
  color: var(--md-default-fg-color); background: var(--md-default-bg-color);
  border: 1px solid var(--md-default-fg-color--light); border-radius: .15rem; padding: .15rem .3rem; }
.nbw-tr input[type=number] { width: 6.5rem; }
.nbw-tr input[type=range] { width: 8rem; max-width: 100%; accent-color: var(--md-primary-fg-color); }
.nbw-tr [aria-invalid=true] { border-color: #b00020; outline: 2px solid #b00020; }
.nbw-tr select:focus-visible, .nbw-tr input:focus-visible { outline: 3px solid var(--md-accent-fg-color); outline-offset: 1px; }
.nbw-tr__range { display: flex; align-items: center; gap: .4rem; }
.nbw-tr__note { font-size: .65rem; margin: .35rem 0 0; color: var(--md-default-fg-color--light); flex-basis: 100%; }
.nbw-tr__note:empty { display: none; }
.nbw-tr__bar { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.md-typeset .nbw-tr .nbw-ct__button { font-size: .75rem; padding: .3em 1em; }
.md-typeset .nbw-tr .nbw-ct__button:disabled { opacity: .45; cursor: default; background: transparent;
  color: var(--md-primary-fg-color); }
[data-md-color-scheme="slate"] .md-typeset .nbw-tr .nbw-ct__button:disabled { color: var(--md-default-fg-color); }
.nbw-tr__readout { font-variant-numeric: tabular-nums; margin-left: .4rem; }
.nbw-tr__status { margin: 0; min-height: 1.2em; }
.nbw-tr__status--done { font-weight: 700; }
.nbw-tr__status--error { color: #b00020; }
[data-md-color-scheme="slate"] .nbw-tr__status--error { color: #ef9a9a; }
.nbw-tr__main { display: flex; flex-wrap: wrap; gap: .8rem 1.2rem; align-items: flex-start; }
.nbw-tr__chart { flex: 1 1 16rem; min-width: 0; max-width: 26rem; }
.nbw-tr__chart .nb-chart { display: block; color: var(--md-default-fg-color); }
.nbw-tr__chart .nb-chart__legend { font-size: .65rem; }
/* The chart's series colours are for a light page; lighter ones on the dark scheme (3:1 or more). */
[data-md-color-scheme="slate"] .nbw-tr__chart polyline:nth-of-type(1) { stroke: #90caf9; }
[data-md-color-scheme="slate"] .nbw-tr__chart polyline:nth-of-type(2) { stroke: #ffb74d; }
[data-md-color-scheme="slate"] .nbw-tr__chart .nb-chart__legend > span:nth-child(1) > span { background: #90caf9 !important; }
[data-md-color-scheme="slate"] .nbw-tr__chart .nb-chart__legend > span:nth-child(2) > span { background: #ffb74d !important; }
.nbw-tr__check { display: inline-flex; gap: .3rem; align-items: center; font-size: .7rem; margin-top: .2rem; }
.nbw-tr__images { flex: 1 1 16rem; min-width: 0; }
.nbw-tr__heading { font-weight: 700; margin: 0 0 .3rem; }
.nbw-tr__count { margin: 0 0 .3rem; font-size: .7rem; }
.md-typeset ul.nbw-tr__cards { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem; }
.md-typeset ul.nbw-tr__cards > li { margin: 0; padding: .25rem .35rem; display: flex; gap: .35rem; align-items: flex-start;
  border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem; width: 6.1rem; box-sizing: border-box;
  font-size: .62rem; line-height: 1.35; font-variant-numeric: tabular-nums; }
.nbw-tr__card-text { display: flex; flex-direction: column; min-width: 0; }
.nbw-tr__sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.nbw-tr__field-error { flex-basis: 100%; margin: .2rem 0 0; font-size: .68rem; color: #b00020; }
[data-md-color-scheme="slate"] .nbw-tr__field-error { color: #ef9a9a; }
.nbw-tr__field-error:empty { display: none; }
.nbw-tr__card-name { font-weight: 700; }
.nbw-tr__card-verdict--wrong { color: #b00020; font-weight: 700; }
[data-md-color-scheme="slate"] .nbw-tr__card-verdict--wrong { color: #ef9a9a; }
.nbw-tr .nbw-px__thumb-on { fill: var(--md-default-fg-color); }
.nbw-tr .nbw-px__thumb-off { fill: var(--md-default-fg-color--lightest); }
.nbw-tr__try { border-top: 1px solid var(--md-default-fg-color--lightest); padding-top: .5rem; }
.nbw-tr__try-layout { display: flex; flex-wrap: wrap; gap: .8rem 1.4rem; align-items: flex-start; }
.nbw-tr__probe { min-width: 9rem; }
.nbw-tr__probe dl { display: grid; grid-template-columns: auto auto; gap: .1rem .6rem; margin: 0; font-variant-numeric: tabular-nums; }
.nbw-tr__probe dt { font-weight: 700; }
.nbw-tr__probe dd { margin: 0; text-align: right; }
.nbw-tr__probe-verdict { margin: .5rem 0 0; font-size: .8rem; }
.nbw-tr__probe-verdict strong { font-size: 1.3rem; margin-left: .3rem; }
.nbw-tr__help { margin: .3rem 0 0; font-size: .65rem; color: var(--md-default-fg-color--light); max-width: 14rem; }
.nbw-tr__net { flex: 1 1 14rem; min-width: 0; max-width: 24rem; }
`;

function style() {
  ctStyle();
  if (document.getElementById("nbw-tr-style")) return;
  const s = document.createElement("style");
  s.id = "nbw-tr-style";
  s.textContent = CSS;
  document.head.append(s);
}

const h = (tag, attrs = {}, text) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "className") node.className = v;
    else node.setAttribute(k, String(v));
  }
  if (text !== undefined) node.textContent = text;
  return node;
};

let uid = 0;

/** A number for a message: E with 4 significant digits, η as typed. */
const sig = (v, digits = 4) => (v === null || v === undefined ? "–" : String(+Number(v).toPrecision(digits)));

function teacherClass(t) {
  if (t[0] >= 0.5 && t[1] < 0.5) return "C";
  if (t[1] >= 0.5 && t[0] < 0.5) return "T";
  return "neither";
}

export class Trainer {
  constructor(parent, ctx, { settings = {}, methods = ["sd", "armijo"], speed = "watch", names = {},
    show = {}, onUpdate = null, label = null } = {}) {
    style();
    this.ctx = ctx;
    this.lang = ctx.lang === "ja" ? "ja" : "en";
    this.t = LABELS[this.lang];
    this.names = { net: "net", x: "x", run: "training", ...names };
    for (const v of Object.values(this.names)) if (!IDENT.test(v)) throw new Error(`bad variable name: ${v}`);
    this.initial = { ...settings };
    this.methods = methods;
    this.speed = SPEEDS[speed] ? speed : "watch";
    this.show = { settings: true, images: true, tryIt: true, network: true, ...show };
    this.onUpdate = onUpdate;
    this.id = ++uid;

    this.status = "waiting";
    this.runId = null;
    this.history = [];
    this.last = null;
    this.images = null;
    this.pending = {};
    this.inFlight = false;
    this.frameToken = false;
    this.frames = 0;
    this.dirty = false;
    this.raf = 0;
    this.dead = false;
    this.networkDrawn = 0;
    this.notice = "";

    this._build(parent, label);
    this._frame = this._frame.bind(this);
    this.pending.refresh = true;
    this._pump();
  }

  // ---- public API ------------------------------------------------------------------------

  get k() { return this.last ? this.last.k : null; }
  get E() { return this.last ? this.last.E : null; }
  get element() { return this.root; }

  start() {
    if (!["idle", "paused", "pausing", "error"].includes(this.status) || !this.last || this.last.done) return;
    this.notice = "";
    this._setStatus("running");
    this.frameToken = true;
    this._pump();
    this._schedule();
  }

  pause() {
    if (this.status !== "running") return;
    // A round already sent still lands (its iterations have happened); then nothing more.
    this._setStatus(this.inFlight ? "pausing" : "paused");
    if (!this.inFlight) {
      this._flush();      // an answer still waiting for its frame is drawn now, not after "paused"
      this.ctx.changed();
    }
  }

  step() {
    if (!["idle", "paused", "error"].includes(this.status) || !this.last || this.last.done) return;
    this.notice = "";
    this.pending.steps = (this.pending.steps || 0) + 1;
    this._setStatus("paused");
    this._pump();
  }

  reset() {
    if (this.status === "waiting") return;
    this.notice = "";
    this.pending = { ...this.pending, reset: true, steps: 0 };
    this._setStatus("idle");
    this._pump();
  }

  setSettings(changes) {
    this.notice = "";
    this.pending.settings = { ...(this.pending.settings || {}), ...changes };
    this.pending.steps = 0;
    if (this.status !== "waiting") this._setStatus("idle");
    this._pump();
  }

  refresh() {
    this.pending.refresh = true;
    this._pump();
  }

  destroy() {
    this.dead = true;
    cancelAnimationFrame(this.raf);
    this.grid?.destroy();
  }

  // ---- building the DOM --------------------------------------------------------------------

  _build(parent, label) {
    const t = this.t;
    const root = (this.root = h("div", { className: "nbw-ct nbw-tr", role: "group", "aria-label": label || t.widget }));
    root.dataset.state = "waiting";
    root.dataset.k = "";
    root.dataset.e = "";
    root.dataset.frames = "0";

    this.controls = {};
    if (this.show.settings) root.append(this._buildSettings());

    const bar = h("div", { className: "nbw-tr__bar" });
    this.buttons = {};
    for (const name of ["start", "pause", "step", "reset"]) {
      const b = h("button", { type: "button", className: "nbw-ct__button" }, t[name]);
      b.disabled = true;
      b.addEventListener("click", () => this[name]());
      this.buttons[name] = b;
      bar.append(b);
    }
    this.readout = h("span", { className: "nbw-tr__readout" }, "k = –, E = –");
    bar.append(this.readout);
    root.append(bar);
    this.statusLine = h("p", { className: "nbw-tr__status", "aria-live": "polite" }, t.waiting);
    root.append(this.statusLine);

    const main = h("div", { className: "nbw-tr__main" });
    const chartBox = h("div", { className: "nbw-tr__chart" });
    this.chart = new LineChart(chartBox, {
      label: t.chart, xLabel: t.xLabel, yLabel: t.yLabel, log: true,
      series: [{ name: "E" }, { name: "ε", colour: "#e65100" }],
    });
    const logId = `nbw-tr-log-${this.id}`;
    const check = h("div", { className: "nbw-tr__check" });
    this.logBox = h("input", { type: "checkbox", id: logId });
    this.logBox.checked = true;
    this.logBox.addEventListener("change", () => { this.chart.setLog(this.logBox.checked); this._countFrame(); });
    check.append(this.logBox, h("label", { for: logId }, t.log));
    chartBox.append(check);
    main.append(chartBox);

    if (this.show.images) {
      const images = h("div", { className: "nbw-tr__images" });
      const headingId = `nbw-tr-images-${this.id}`;
      images.append(h("p", { className: "nbw-tr__heading", id: headingId }, t.images));
      this.countLine = h("p", { className: "nbw-tr__count" }, "");
      this.cardList = h("ul", { className: "nbw-tr__cards", "aria-labelledby": headingId });
      images.append(this.countLine, this.cardList);
      main.append(images);
    }
    root.append(main);

    if (this.show.tryIt) root.append(this._buildTry());
    parent.append(root);
  }

  _field(container, labelText, control, id) {
    const field = h("div", { className: "nbw-tr__field" });
    control.id = id;
    field.append(h("label", { for: id }, labelText), control);
    container.append(field);
    return field;
  }

  _select(key, options, names, labelText, fields) {
    const select = h("select");
    for (const value of options) {
      const o = h("option", { value }, names[value] || value);
      select.append(o);
    }
    select.addEventListener("change", () => this.setSettings({ [key]: select.value }));
    this._field(fields, labelText, select, `nbw-tr-${key}-${this.id}`);
    this.controls[key] = { element: select, kind: "select", names };
    return select;
  }

  _number(key, labelText, fields, { integer = false, min = null } = {}) {
    const input = h("input", { type: "number", step: integer ? "1" : "any", inputmode: integer ? "numeric" : "decimal" });
    if (min !== null) input.min = String(min);
    const t = this.t;
    const apply = () => {
      const text = input.value.trim();
      const v = Number(text);
      const ok = text !== "" && Number.isFinite(v) && (integer ? Number.isInteger(v) && v >= (min ?? -Infinity) : v > 0);
      input.setAttribute("aria-invalid", String(!ok));
      if (!ok) {
        this.fieldError.textContent = `${labelText}: ${integer ? t.invalidInt(min) : t.invalid}`;
        this.fieldError.dataset.key = key;
      } else if (this.fieldError.dataset.key === key) {
        this.fieldError.textContent = "";
      }
      if (ok && v !== this.last?.settings?.[key]) this.setSettings({ [key]: v });
    };
    input.addEventListener("input", apply);
    input.addEventListener("change", apply);
    this._field(fields, labelText, input, `nbw-tr-${key}-${this.id}`);
    input.setAttribute("aria-describedby", `nbw-tr-error-${this.id}`);
    this.controls[key] = { element: input, kind: "number" };
    return input;
  }

  _buildSettings() {
    const t = this.t;
    const set = h("fieldset", { className: "nbw-tr__settings" });
    set.append(h("legend", {}, t.settings));
    const fields = h("div", { className: "nbw-tr__fields" });
    set.append(fields);
    this._select("activation", ["sigmoid", "tanh", "relu"], t.activations, t.activation, fields);
    this._select("output", ["sigmoid", "identity"], t.outputs, t.output, fields);

    const hiddenId = `nbw-tr-hidden-${this.id}`;
    const range = h("input", { type: "range", min: "1", max: "10", step: "1", value: "3" });
    const shown = h("output", { for: hiddenId }, "3");
    range.addEventListener("input", () => { shown.textContent = range.value; this.setSettings({ hidden: Number(range.value) }); });
    const field = this._field(fields, t.hidden, range, hiddenId);
    const wrap = h("div", { className: "nbw-tr__range" });
    wrap.append(range, shown);
    field.append(wrap);
    this.controls.hidden = { element: range, kind: "range", shown };

    this._select("method", this.methods, t.methods, t.method, fields);
    this._number("lr", t.lr, fields);
    this._select("init", ["small_uniform", "xavier", "he"], t.inits, t.init, fields);
    this._number("seed", t.seed, fields, { integer: true, min: 0 });
    this._number("epsilon", t.epsilon, fields);
    this._number("max_iter", t.maxIter, fields, { integer: true, min: 1 });

    const speed = h("select");
    for (const [value, name] of Object.entries(t.speeds)) speed.append(h("option", { value }, name));
    speed.value = this.speed;
    speed.addEventListener("change", () => { this.speed = speed.value; });
    this._field(fields, t.speed, speed, `nbw-tr-speed-${this.id}`);
    this.speedSelect = speed;

    this.note = h("p", { className: "nbw-tr__note" }, "");
    fields.append(this.note);
    this.fieldError = h("p", { className: "nbw-tr__field-error", "aria-live": "polite", id: `nbw-tr-error-${this.id}` }, "");
    fields.append(this.fieldError);
    return set;
  }

  _buildTry() {
    const t = this.t;
    const box = h("div", { className: "nbw-tr__try" });
    const headingId = `nbw-tr-try-${this.id}`;
    box.append(h("p", { className: "nbw-tr__heading", id: headingId }, t.tryHeading));
    const layout = h("div", { className: "nbw-tr__try-layout" });
    const left = h("div");
    this.grid = new PixelGrid(left, {
      lang: this.lang,
      onChange: (values) => { this.pending.x = values; this._pump(); },
    });
    this.grid.disabled = true;
    left.append(h("p", { className: "nbw-tr__help" }, t.tryHelp));
    const clear = h("button", { type: "button", className: "nbw-ct__button" }, t.clear);
    clear.addEventListener("click", () => {
      this.grid.values = new Array(12).fill(0);
      this.pending.x = this.grid.values;
      this._pump();
    });
    left.append(clear);
    layout.append(left);

    const probe = h("div", { className: "nbw-tr__probe" });
    const dl = h("dl");
    this.probeCells = {};
    for (const key of ["z1", "z2"]) {
      const dd = h("dd", { "data-value": key }, "–");
      dl.append(h("dt", {}, key), dd);
      this.probeCells[key] = dd;
    }
    const verdict = h("p", { className: "nbw-tr__probe-verdict", "aria-live": "polite" });
    verdict.append(document.createTextNode(`${t.verdict}:`));
    this.probeVerdict = h("strong", { "data-value": "verdict" }, "–");
    verdict.append(this.probeVerdict);
    probe.append(dl, verdict);
    layout.append(probe);

    if (this.show.network) {
      const net = h("div", { className: "nbw-tr__net" });
      this.netSvg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      this.netSvg.classList.add("nbw-net__svg");
      net.append(this.netSvg);
      layout.append(net);
    }
    box.append(layout);
    return box;
  }

  // ---- talking to Python ---------------------------------------------------------------------

  _pump() {
    if (this.inFlight || this.dead) return;
    const p = this.pending;
    // One round in flight at a time. At full speed the next round is asked for as
    // soon as an answer comes (Python never waits for the page); at the slower
    // speeds at most one round per animation frame.
    const advance = this.status === "running" && (this.speed === "full" || this.frameToken);
    const changes = p.settings || p.reset || p.x || p.steps || p.refresh;
    if (!advance && !changes) return;
    // `initial` makes the run if the page has none (first load, or Python restarted).
    const req = { since: this.history.length, run: this.runId, initial: this.initial };
    if (this.runId === null) req.full = true;
    if (p.settings) req.settings = p.settings;
    if (p.reset) req.reset = true;
    if (p.x) req.x = p.x;
    if (p.steps) req.steps = p.steps;
    else if (advance) {
      req.steps = SPEEDS[this.speed];
      req.budget_ms = BUDGET_MS;
      this.frameToken = false;
    }
    this.pending = {};
    this.inFlight = true;
    const { net, x, run } = this.names;
    const code = `__import__("nnbook.widgets.trainer", fromlist=["request"]).request(globals(), `
      + `${JSON.stringify(JSON.stringify(req))}, ${JSON.stringify(net)}, ${JSON.stringify(x)}, `
      + `${JSON.stringify(run)}, ${JSON.stringify(this.lang)})`;
    this.ctx.evaluate(code).then(
      (result) => this._receive(result, req),
      (err) => this._receive({ ok: false, error: String(err?.message || err) }, req),
    );
  }

  _receive(result, req) {
    this.inFlight = false;
    if (this.dead) return;
    const value = result.ok ? result.value : { error: result.error || result.message || "Python failed" };
    const changedPython = Boolean(req.settings || req.reset || req.x || req.steps);
    const before = this.status;
    if (value.id === undefined) {
      this._showError(value.error);
      this._setStatus("error");
    } else {
      this._apply(value);
      let next = before;
      if (value.done) next = value.converged ? "converged" : value.diverged ? "diverged" : "limit";
      else if (before === "pausing" || (before === "running" && value.error)) next = "paused";
      else if (["waiting", "converged", "diverged", "limit", "error"].includes(before)) next = value.k > 0 ? "paused" : "idle";
      if (next !== before) this._setStatus(next);
    }
    const stopped = (before === "running" || before === "pausing") && this.status !== "running";
    if ((changedPython || stopped) && this.status !== "running") this.ctx.changed();
    this.dirty = true;
    // While running, answers are drawn once per frame; otherwise at once, so that the state, the
    // numbers and the picture change together and nothing is redrawn after "paused" shows.
    if (this.status === "running") this._schedule();
    else this._flush();
    if (this.status === "running" && this.speed === "full") this._pump();
    else if (Object.keys(this.pending).length) this._pump();
  }

  _apply(value) {
    if (value.id !== this.runId) {
      this.runId = value.id;
      this.history = [];
      this.chart.clear();
      if (value.adopted) this.notice = this.t.adopted(this.names.net);
    }
    if (value.X) {
      this.images = { X: value.X, T: value.T, labels: value.labels };
      this._buildCards();
    }
    const from = value.from;
    const ks = value.E_new.map((_, i) => from + i);
    if (from === this.history.length) {
      for (const E of value.E_new) this.history.push(E);
      this.chart.append(0, ks, value.E_new);
    } else {
      this.history = this.history.slice(0, from).concat(value.E_new);
      this.chart.set(0, this.history.map((_, i) => i), this.history);
    }
    this.last = value;
    // The numbers for tests and scripts follow every answer at once (the picture, each frame).
    this.root.dataset.k = String(value.k);
    this.root.dataset.e = value.E === null ? value.E_text : String(value.E);
    this.root.dataset.run = String(value.id);
    this._showError(value.error);
    const settingsText = JSON.stringify(value.settings);
    if (settingsText !== this.syncedSettings || value.error) {   // only when they changed: cheap rounds
      this.syncedSettings = settingsText;
      this._syncControls(value.settings);
    }
    if (this.onUpdate) {
      try {
        this.onUpdate({ k: value.k, E: value.E, status: this.status, settings: value.settings, payload: value });
      } catch (err) { console.error(err); }
    }
  }

  _showError(message) {
    this.error = message || "";
  }

  _syncControls(settings) {
    if (!settings) return;
    for (const [key, c] of Object.entries(this.controls)) {
      const v = settings[key];
      if (v === undefined) continue;
      if (c.kind === "select") {
        if (![...c.element.options].some((o) => o.value === String(v))) {
          c.element.append(h("option", { value: v }, c.names[v] || String(v)));
        }
        c.element.value = String(v);
      } else if (c.kind === "range") {
        if (Number(c.element.max) < v) c.element.max = String(v);
        c.element.value = String(v);
        c.shown.textContent = String(v);
      } else if (c.kind === "number") {
        if (document.activeElement !== c.element) {   // never overwrite what the reader is typing
          c.element.value = String(v);
          c.element.setAttribute("aria-invalid", "false");
        }
      }
    }
    if (this.controls.lr) {
      const armijo = settings.method === "armijo";
      this.controls.lr.element.disabled = armijo;
      this.note.textContent = armijo ? this.t.armijoNote : "";
    }
  }

  // ---- drawing ---------------------------------------------------------------------------------

  _schedule() {
    if (this.raf || this.dead) return;
    this.raf = requestAnimationFrame(this._frame);
  }

  _frame(now) {
    this.raf = 0;
    if (this.dead) return;
    if (this.dirty) {
      this.dirty = false;
      this._draw(now);
    }
    if (this.status === "running") {
      this.frameToken = true;
      this._pump();
      this._schedule();
    }
  }

  _flush() {
    if (!this.dirty || this.dead) return;
    this.dirty = false;
    this._draw(performance.now());
  }

  _countFrame() {
    this.frames++;
    this.root.dataset.frames = String(this.frames);
  }

  _draw(now) {
    const v = this.last;
    const t = this.t;
    this._updateButtons();
    if (!v) {
      this._message();
      return;
    }
    const eps = v.settings?.epsilon;
    const kMax = Math.max(10, v.k);     // the k axis starts out 0 … 10
    this.chart.set(1, [0, kMax], [eps, eps]);
    this.chart.draw();
    this._countFrame();
    const eText = v.E === null ? v.E_text : sig(v.E, 6);
    let readout = `k = ${v.k}, E = ${eText}`;
    if (v.settings?.method === "armijo" && v.eta !== null) readout += `, η = ${sig(v.eta)}`;
    this.readout.textContent = readout;
    this._updateCards(v);
    this._updateProbe(v, now);
    this._message();
  }

  _message() {
    const t = this.t;
    const v = this.last;
    let text = "";
    let kind = "";
    if (this.error) { text = this.error; kind = "error"; }
    else if (!v) text = t.waiting;
    else if (this.status === "converged") { text = t.converged(v.k, sig(v.E), v.settings.epsilon); kind = "done"; }
    else if (this.status === "diverged") {
      text = t.diverged(v.k, v.settings.method === "armijo" ? null : v.settings.lr);
      kind = "error";
    } else if (this.status === "limit") { text = t.limit(v.k, sig(v.E), v.settings.epsilon); kind = "done"; }
    else if (this.notice) text = this.notice;
    else if (this.status === "running" || this.status === "pausing") text = t.running;
    else if (this.status === "paused") text = t.paused(v.k, sig(v.E));
    else text = t.idle;
    if (this.statusLine.textContent !== text) this.statusLine.textContent = text;
    const className = "nbw-tr__status" + (kind ? ` nbw-tr__status--${kind}` : "");
    if (this.statusLine.className !== className) this.statusLine.className = className;
  }

  _buildCards() {
    if (!this.cardList) return;
    const t = this.t;
    this.cardList.replaceChildren();
    this.cards = this.images.X.map((pixels, i) => {
      const li = h("li");
      li.append(thumbnail(pixels, { size: 6 }));
      const text = h("div", { className: "nbw-tr__card-text" });
      const label = this.images.labels[i];
      const teacher = this.images.T[i];
      const rows = [0, 3, 6, 9].map((r) => pixels.slice(r, r + 3).map((v) => (v >= 0.5 ? 1 : 0)).join("")).join("/");
      const name = h("span", { className: "nbw-tr__card-name" }, `${i + 1} ${label}`);
      name.append(h("span", { className: "nbw-tr__sr" }, t.card(rows, teacher.map((v) => String(v)))));
      const z1 = h("span", {}, "z₁ –");
      const z2 = h("span", {}, "z₂ –");
      const verdict = h("span", {}, "→ –");
      const mark = h("span", { className: "nbw-tr__sr" }, "");
      text.append(name, z1, z2, verdict, mark);
      li.append(text);
      li.dataset.image = String(i + 1);
      this.cardList.append(li);
      return { li, z1, z2, verdict, mark, want: teacherClass(teacher) };
    });
  }

  _updateCards(v) {
    if (!this.cards) return;
    const t = this.t;
    let right = 0;
    v.Z.forEach((z, i) => {
      const card = this.cards[i];
      if (!card) return;
      const z1 = `z₁ ${fmt(z[0], 2)}`, z2 = `z₂ ${fmt(z[1], 2)}`;
      if (card.z1.textContent !== z1) card.z1.textContent = z1;
      if (card.z2.textContent !== z2) card.z2.textContent = z2;
      const verdict = v.verdicts[i];
      const ok = verdict === card.want;
      if (ok) right++;
      const text = verdict === null ? "→ –" : `→ ${verdictText(verdict, this.lang)} ${ok ? "✓" : "✗"}`;
      if (card.verdict.textContent !== text) {
        card.verdict.textContent = text;
        card.verdict.className = ok ? "" : "nbw-tr__card-verdict--wrong";
        card.mark.textContent = verdict === null ? "" : ` (${ok ? t.ok : t.wrong})`;
        card.li.dataset.verdict = verdict ?? "";
        card.li.dataset.right = String(ok);
      }
    });
    const count = t.right(right, v.Z.length);
    if (this.countLine && this.countLine.textContent !== count) this.countLine.textContent = count;
  }

  _updateProbe(v, now) {
    if (!this.grid) return;
    const p = v.probe;
    if (!p || p.error) {
      if (p?.error) this.error = this.error || p.error;
      return;
    }
    if (!this.pending.x) {
      const same = this.grid.values.every((val, i) => (val >= 0.5) === (p.x[i] >= 0.5));
      if (!same) this.grid.values = p.x;
    }
    this.grid.disabled = false;
    for (const [j, key] of [[0, "z1"], [1, "z2"]]) {
      const text = fmt(p.z[j], 3);
      if (this.probeCells[key].textContent !== text) this.probeCells[key].textContent = text;
    }
    const verdict = p.verdict ? verdictText(p.verdict, this.lang) : "–";
    if (this.probeVerdict.textContent !== verdict) this.probeVerdict.textContent = verdict;
    this.probeVerdict.dataset.verdict = p.verdict ?? "";
    if (this.netSvg && (this.status !== "running" || !now || now - this.networkDrawn >= NETWORK_EVERY_MS)) {
      this.networkDrawn = now || 0;
      // (the verdict is written large beside the grid, not in the diagram)
      drawNetwork(this.netSvg, { sizes: v.sizes, weights: v.w, values: [p.x, ...p.h, p.z], lang: this.lang });
    }
  }

  _setStatus(status) {
    this.status = status;
    this.root.dataset.state = status;
    this._updateButtons();
    this._message();
  }

  _updateButtons() {
    const b = this.buttons;
    const hasRun = Boolean(this.last) && this.status !== "waiting";
    const done = Boolean(this.last?.done);
    const active = document.activeElement;
    b.start.disabled = !(hasRun && !done && ["idle", "paused", "pausing", "error"].includes(this.status));
    b.pause.disabled = this.status !== "running";
    b.step.disabled = !(hasRun && !done && ["idle", "paused", "error"].includes(this.status));
    b.reset.disabled = !(hasRun || this.status === "error");
    // Keep keyboard focus on a live button when the one in focus was switched off.
    if (Object.values(b).includes(active) && active.disabled) {
      const next = !b.pause.disabled ? b.pause : !b.start.disabled ? b.start : b.reset;
      if (!next.disabled) next.focus();
    }
  }
}

function optionsFrom(dataset) {
  const settings = {};
  const numbers = { hidden: "hidden", lr: "lr", seed: "seed", epsilon: "epsilon", maxIter: "max_iter" };
  for (const [key, name] of Object.entries(numbers)) if (dataset[key] !== undefined) settings[name] = Number(dataset[key]);
  for (const key of ["activation", "output", "method", "init", "data"]) if (dataset[key]) settings[key] = dataset[key];
  return {
    settings,
    methods: dataset.methods ? dataset.methods.split(",") : undefined,
    speed: dataset.speed,
    names: { net: dataset.net || "net", x: dataset.x || "x", run: dataset.run || "training" },
  };
}

export function mount(element, ctx) {
  const options = optionsFrom(element.dataset);
  if (!options.methods) delete options.methods;
  const trainer = new Trainer(element, ctx, options);
  ctx.onChange(() => { if (trainer.status !== "running") trainer.refresh(); });
  return { destroy() { trainer.destroy(); } };
}
