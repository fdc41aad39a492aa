// The initial solution w0 and the signal it lets through (chapter 8): a deep
// stack of layers of 100 units, weights drawn by one initialiser (θ = 0),
// fed 200 random inputs; a histogram of the outputs h of every layer.
//
// Computed by nnbook in the page's Python session
// (py/nnbook/widgets/techniques.py, init_sync). Shared with the cells:
//   init_demo     {"activation", "init", "layers", "seed"}: read and written;
//                 a cell may change it and the widget follows
//   init_outputs  [h of layer 1, …]: arrays (200, 100)   (written)
//   init_net      the nnbook.Network behind them          (written)
import { el, installStyle, svgEl } from "./kit/dom.mjs";

const INITS = ["normal_1", "normal_0.01", "small_uniform", "xavier", "xavier_dlfs", "he"];
const ACTIVATIONS = ["sigmoid", "tanh", "relu"];

const LABELS = {
  en: {
    title: "Activations of a deep network at its initial weights",
    activation: "Activation function",
    acts: { sigmoid: "sigmoid σ(s)", tanh: "tanh s", relu: "ReLU R(s)" },
    init: "Initial weights",
    inits: {
      "normal_1": "N(0, 1): σ = 1",
      "normal_0.01": "N(0, 0.01²): σ = 0.01",
      small_uniform: "small uniform U(−0.5, 0.5)",
      xavier: "Xavier (Glorot): σ = √(2/(n_in + n_out))",
      xavier_dlfs: "Xavier (DLfS): σ = √(1/n_in)",
      he: "He: σ = √(2/n_in)",
    },
    layers: "Layers",
    layersText: (n) => `${n} layers of 100 units`,
    waiting: "Waiting for Python…",
    setup: (n, act, init) => `${n} layers of 100 units, ${act}, weights ${init}, thresholds θ = 0; 200 random inputs x ~ N(0, 1).`,
    layer: (l) => `Layer ${l}`,
    histLabel: (l, s) => `Layer ${l}: histogram of the outputs h. ${s}`,
    summary: (L) => `mean ${L.mean}, spread (std) ${L.std}, mean a′(s) ${L.der}`,
    zeros: (p) => `h = 0: ${p}`,
    over: (p, hi) => `h > ${hi}: ${p}`,
    table: "Per layer: the σ of the weights, and what comes out",
    cols: ["layer", "σ of w", "mean h", "std h", "mean a′(s)"],
    colZeros: "h = 0",
    colOver: (hi) => `h > ${hi}`,
    verdict: {
      saturated: "Saturated: most outputs sit at the ends, where a′(s) ≈ 0; the gradient vanishes on the way back.",
      collapsed: "Collapsed: every unit outputs almost the same value; the layers cannot tell inputs apart.",
      vanishing: "Vanishing: the outputs shrink towards 0 from layer to layer.",
      exploding: "Exploding: the outputs grow from layer to layer.",
      healthy: "Healthy: the outputs keep a similar spread in every layer.",
    },
  },
  ja: {
    title: "初期の重みでの深いネットワークの出力",
    activation: "活性化関数",
    acts: { sigmoid: "シグモイド関数 σ(s)", tanh: "双曲線正接関数 tanh s", relu: "ランプ関数 (ReLU) R(s)" },
    init: "重みの初期値",
    inits: {
      "normal_1": "N(0, 1): σ = 1",
      "normal_0.01": "N(0, 0.01²): σ = 0.01",
      small_uniform: "小さな一様乱数 U(−0.5, 0.5)",
      xavier: "Xavier (Glorot): σ = √(2/(n_in + n_out))",
      xavier_dlfs: "Xavier (ゼロから作る): σ = √(1/n_in)",
      he: "He: σ = √(2/n_in)",
    },
    layers: "層の数",
    layersText: (n) => `100 ユニットの層が ${n} 個`,
    waiting: "Python を待っています…",
    setup: (n, act, init) => `100 ユニットの層が ${n} 個、${act}、重みは ${init}、閾値 θ = 0。入力は乱数 x ~ N(0, 1) を 200 個。`,
    layer: (l) => `第 ${l} 層`,
    histLabel: (l, s) => `第 ${l} 層: 出力 h のヒストグラム。${s}`,
    summary: (L) => `平均 ${L.mean}、広がり (標準偏差) ${L.std}、a′(s) の平均 ${L.der}`,
    zeros: (p) => `h = 0: ${p}`,
    over: (p, hi) => `h > ${hi}: ${p}`,
    table: "層ごとの重みの σ と出力",
    cols: ["層", "w の σ", "h の平均", "h の標準偏差", "a′(s) の平均"],
    colZeros: "h = 0",
    colOver: (hi) => `h > ${hi}`,
    verdict: {
      saturated: "飽和: ほとんどの出力が両端に張り付き、そこでは a′(s) ≈ 0。逆向きに伝わる勾配が消えます。",
      collapsed: "偏り: どのユニットもほぼ同じ値を出力し、層が入力を区別できません。",
      vanishing: "消失: 出力が層を追うごとに 0 に縮んでいきます。",
      exploding: "爆発: 出力が層を追うごとに大きくなっていきます。",
      healthy: "良好: どの層でも出力が同じくらいの広がりを保っています。",
    },
  },
};

const CSS = `
.nbw-inith { border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem; padding: .6rem; font-size: .75rem; }
.nbw-inith__controls { display: flex; flex-wrap: wrap; gap: .5rem 1.2rem; align-items: end; margin-bottom: .5rem; }
.nbw-inith__control { display: flex; flex-direction: column; gap: .15rem; min-width: 0; max-width: 100%; }
.nbw-inith__control label { font-weight: 700; }
.nbw-inith select { max-width: 100%; font: inherit; color: var(--md-default-fg-color); background: var(--md-default-bg-color); border: 1px solid var(--md-default-fg-color--light); border-radius: .2rem; padding: .1rem .2rem; }
.nbw-inith input[type=range] { width: 10rem; max-width: 100%; accent-color: var(--md-primary-fg-color); }
.nbw-inith :focus-visible { outline: 2px solid var(--md-accent-fg-color); outline-offset: 2px; }
.nbw-inith__setup { margin: .2rem 0 .4rem; }
.nbw-inith__grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr)); gap: .5rem .8rem; }
.nbw-inith figure { margin: 0; min-width: 0; }
.nbw-inith figcaption { font-size: .7rem; line-height: 1.3; }
.nbw-inith figcaption strong { display: block; }
.nbw-inith svg { width: 100%; height: auto; display: block; }
.nbw-inith svg text { fill: var(--md-default-fg-color); font-size: 12px; font-family: var(--md-text-font-family, sans-serif); }
.nbw-inith .nbw-bar { fill: var(--md-typeset-a-color); }
.nbw-inith .nbw-axis { stroke: var(--md-default-fg-color--light); }
.nbw-inith__verdict { font-weight: 700; border-left: 4px solid var(--md-accent-fg-color); padding-left: .4rem; margin: .5rem 0; min-height: 1.2em; }
.nbw-inith__table { overflow-x: auto; }
.nbw-inith__table table { font-size: .7rem; border-collapse: collapse; }
.nbw-inith__table caption { text-align: left; padding-bottom: .2rem; }
.nbw-inith__table th, .nbw-inith__table td { padding: .1rem .5rem; border-bottom: 1px solid var(--md-default-fg-color--lightest); text-align: right; font-variant-numeric: tabular-nums; }
.nbw-inith__table th[scope=col] { vertical-align: bottom; }
.nbw-inith__problem { font-weight: 700; color: var(--md-default-fg-color); border-left: 4px solid var(--md-accent-fg-color); padding-left: .4rem; }
.nbw-inith[data-state=waiting] .nbw-inith__grid { opacity: .5; }
`;

function fmt(v, digits = 3) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(1).replace("e+", "e");
  return String(Number(v.toPrecision(digits)));
}

function percent(n, total) {
  return `${(100 * n / total).toFixed(1)} %`;
}

// What the per-layer numbers say (the same rules the chapter's text explains).
function verdict(v) {
  const act = v.settings.activation;
  const layers = v.layers;
  const last = layers[layers.length - 1];
  const first = layers[0];
  const ratio = last.std / first.std;
  if (act === "relu") {
    if (last.std > 10 || (layers.length > 1 && ratio > 2)) return "exploding";
    if (last.std < 0.01 || (layers.length > 1 && ratio < 0.5)) return "vanishing";
    return "healthy";
  }
  if (act === "sigmoid") {
    if (last.derivative < 0.12) return "saturated";
    if (last.std < 0.05) return "collapsed";
    return "healthy";
  }
  // tanh
  if (last.derivative < 0.4) return "saturated";
  if (last.std < 0.05 || (layers.length > 1 && ratio < 0.25)) return "vanishing";
  return "healthy";
}

let uid = 0;

export function mount(element, ctx) {
  installStyle("nbw-inith-style", CSS);
  const L = LABELS[ctx.lang] || LABELS.en;
  const id = `nbw-inith-${++uid}`;
  element.classList.add("nbw-inith");
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", L.title);

  const actSelect = el("select", { id: `${id}-act` });
  for (const a of ACTIVATIONS) actSelect.append(el("option", { value: a, text: L.acts[a] }));
  const initSelect = el("select", { id: `${id}-init` });
  for (const i of INITS) initSelect.append(el("option", { value: i, text: L.inits[i] }));
  const layersInput = el("input", { type: "range", id: `${id}-layers`, min: 1, max: 10, step: 1, value: 5 });
  const layersOut = el("output", { for: `${id}-layers`, text: "5" });

  const setup = el("p", { class: "nbw-inith__setup", text: L.waiting, role: "status", "aria-live": "polite" });
  const grid = el("div", { class: "nbw-inith__grid" });
  const verdictBox = el("p", { class: "nbw-inith__verdict" });
  const tableBox = el("div", { class: "nbw-inith__table" });

  element.replaceChildren(
    el("div", { class: "nbw-inith__controls" },
      el("div", { class: "nbw-inith__control" }, el("label", { for: `${id}-act`, text: L.activation }), actSelect),
      el("div", { class: "nbw-inith__control" }, el("label", { for: `${id}-init`, text: L.init }), initSelect),
      el("div", { class: "nbw-inith__control" },
        el("label", { for: `${id}-layers` }, `${L.layers}: `, layersOut), layersInput)),
    setup, grid, verdictBox, tableBox,
  );

  // ---- talking to Python (one evaluate in flight, two when a cell run flushed a change;
  // the latest changes win) ----
  let inFlight = 0;
  let pending = null;
  let destroyed = false;

  function request(changes = null) {
    if (!pending) pending = { changes: null };
    if (changes) pending.changes = { ...(pending.changes || {}), ...changes };
    if (!inFlight) send();
  }

  async function send() {
    const job = pending;
    pending = null;
    inFlight++;
    if (job.changes || element.dataset.state !== "ready") element.dataset.state = "waiting";
    const lang = JSON.stringify(ctx.lang === "ja" ? "ja" : "en");
    const changes = job.changes ? `__import__("json").loads(${JSON.stringify(JSON.stringify(job.changes))})` : "None";
    const code = `__import__("nnbook.widgets.techniques", fromlist=["init_sync"]).init_sync(globals(), ${changes}, ${lang})`;
    let result;
    try {
      result = await ctx.evaluate(code);
    } catch (err) {
      result = { ok: false, error: String(err) };
    }
    inFlight--;
    if (destroyed) return;
    if (result.ok && result.value && !result.value.problem) {
      if (!pending && !inFlight) show(result.value);
      if (job.changes) ctx.changed();
    } else if (result.ok && result.value && result.value.problem) {
      problem(result.value.problem);
    } else if (result.error) {
      problem(result.error.split("\n").filter(Boolean).slice(-1)[0] || result.error);
    }
    if (inFlight) return;            // the newer answer carries on
    if (pending) send();
    else if (element.dataset.state === "waiting") element.dataset.state = "ready";
  }

  function problem(text) {
    setup.textContent = "";
    const p = el("p", { class: "nbw-inith__problem", text });
    setup.replaceChildren(p);
    element.dataset.state = "problem";
  }

  function histogramSvg(layer, v) {
    const W = 160, H = 94, left = 6, right = 154, top = 6, bottom = 74;
    const [lo, hi] = v.range;
    const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
    const max = Math.max(1, ...layer.counts);
    const bw = (right - left) / layer.counts.length;
    layer.counts.forEach((c, i) => {
      const h = (c / max) * (bottom - top);
      svgEl("rect", { x: (left + i * bw + 0.4).toFixed(2), y: (bottom - h).toFixed(2), width: Math.max(0, bw - 0.8).toFixed(2), height: h.toFixed(2), class: "nbw-bar" }, svg);
    });
    svgEl("line", { x1: left, y1: bottom + 0.5, x2: right, y2: bottom + 0.5, class: "nbw-axis" }, svg);
    for (const [t, anchor] of [[lo, "start"], [(lo + hi) / 2, "middle"], [hi, "end"]]) {
      const x = left + ((t - lo) / (hi - lo)) * (right - left);
      svgEl("line", { x1: x, y1: bottom, x2: x, y2: bottom + 3, class: "nbw-axis" }, svg);
      svgEl("text", { x, y: bottom + 16, "text-anchor": anchor }, svg).textContent = fmt(t);
    }
    return svg;
  }

  function show(v) {
    const s = v.settings;
    actSelect.value = s.activation;
    initSelect.value = s.init;
    layersInput.value = String(s.layers);
    layersOut.textContent = String(s.layers);
    layersInput.setAttribute("aria-valuetext", L.layersText(s.layers));
    setup.textContent = L.setup(s.layers, L.acts[s.activation], L.inits[s.init]);
    element.dataset.activation = s.activation;
    element.dataset.init = s.init;
    element.dataset.layers = String(s.layers);

    const total = v.samples * v.units;
    const relu = s.activation === "relu";
    const figures = v.layers.map((layer) => {
      const text = L.summary({ mean: fmt(layer.mean), std: fmt(layer.std), der: fmt(layer.derivative) });
      const extra = relu ? `; ${L.zeros(percent(layer.zeros, total))}; ${L.over(percent(layer.over, total), v.range[1])}` : "";
      const svg = histogramSvg(layer, v);
      svg.setAttribute("aria-label", L.histLabel(layer.layer, text + extra));
      svg.dataset.counts = JSON.stringify(layer.counts);
      svg.dataset.zeros = String(layer.zeros);
      svg.dataset.over = String(layer.over);
      const caption = el("figcaption", {}, el("strong", { text: L.layer(layer.layer) }),
        `std ${fmt(layer.std)}, a′ ${fmt(layer.derivative)}`);
      if (relu) caption.append(el("br"), L.zeros(percent(layer.zeros, total)));
      return el("figure", { "data-layer": String(layer.layer) }, svg, caption);
    });
    grid.replaceChildren(...figures);

    const code = verdict(v);
    verdictBox.dataset.verdict = code;
    verdictBox.textContent = L.verdict[code];

    const table = el("table", { class: "nbw-inith__tab" });
    table.append(el("caption", { text: L.table }));
    const head = el("tr");
    const cols = [...L.cols, ...(relu ? [L.colZeros, L.colOver(v.range[1])] : [])];
    for (const c of cols) head.append(el("th", { scope: "col", text: c }));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    for (const layer of v.layers) {
      const row = el("tr", { "data-layer": String(layer.layer), "data-std": String(layer.std), "data-mean": String(layer.mean), "data-derivative": String(layer.derivative) });
      row.append(el("th", { scope: "row", text: String(layer.layer) }));
      for (const cell of [fmt(layer.sigma), fmt(layer.mean), fmt(layer.std), fmt(layer.derivative)]) row.append(el("td", { text: cell }));
      if (relu) {
        row.append(el("td", { text: percent(layer.zeros, total) }));
        row.append(el("td", { text: percent(layer.over, total) }));
      }
      body.append(row);
    }
    table.append(body);
    tableBox.replaceChildren(table);
    element.dataset.state = "ready";
  }

  actSelect.addEventListener("change", () => request({ activation: actSelect.value }));
  initSelect.addEventListener("change", () => request({ init: initSelect.value }));
  layersInput.addEventListener("input", () => {
    layersOut.textContent = layersInput.value;
    layersInput.setAttribute("aria-valuetext", L.layersText(+layersInput.value));
    request({ layers: +layersInput.value });
  });

  ctx.onChange(() => request());
  ctx.beforeCellRun?.(() => { if (pending?.changes) send(); });
  element.dataset.state = "waiting";
  request();

  return { destroy() { destroyed = true; } };
}
