// The optimiser race (chapter 8): steepest descent, Momentum, AdaGrad and Adam
// side by side. Left: their paths on f(x, y) = x²/20 + y² from (−7, 2), over
// contour lines. Right: E against the iteration k on the C/T data (12-3-2,
// every method from the same w0), on a log scale. Start / Pause / Reset.
//
// Computed by nnbook in the page's Python session, a few iterations per
// evaluate (py/nnbook/widgets/techniques.py, race_sync). Shared with the cells:
//   race   a Race: race.lr / race.lr_path (η per method, read and written),
//          race.k, race.E[method], race.path[method], race.nets[method],
//          race.run(n), race.reset(), race.first_below(ε)
import { el, installStyle, svgEl } from "./kit/dom.mjs";
import { LineChart } from "./kit/chart.mjs";

const METHODS = ["sd", "momentum", "adagrad", "adam"];
// AA-contrast (≥ 3:1 for lines) on both the light and the dark background
const COLOURS = { sd: "#1e88e5", momentum: "#e65100", adagrad: "#388e3c", adam: "#ab47bc" };
const DASH = { sd: "", momentum: "6 3", adagrad: "2 2.5", adam: "9 3 2 3" };
const EPS_COLOUR = "#757575";
const ETAS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 1, 1.05, 1.5, 2, 3, 5, 10];
const FRAME_MS = 34;    // at most ~30 frames a second, and one chunk per frame
// iterations of every method per evaluate (10 take ≈ 15 ms in Pyodide): one at
// a time at first, where the paths on f move most, then faster
const chunk = (k) => (k < 60 ? 1 : k < 200 ? 4 : 12);

const LABELS = {
  en: {
    title: "Optimiser race",
    methods: { sd: "Steepest descent", momentum: "Momentum", adagrad: "AdaGrad", adam: "Adam" },
    start: "Start", pause: "Pause", again: "Start again", reset: "Reset",
    waiting: "Waiting for Python…",
    progress: (k, n) => `k = ${k} of ${n}`,
    pathsTitle: "Paths on f(x, y) = x²/20 + y², from (−7, 2)",
    pathsLabel: (k) => `Contour lines of f(x, y) = x²/20 + y² for x from −10 to 10 and y from −5 to 5, the minimum at (0, 0), and the path of each method from (−7, 2) after ${k} iterations.`,
    chartTitle: "E on the C/T data (12-3-2, the slides' nine images)",
    chartLabel: "Total error E against the iteration k for each method (E on a log scale)",
    etaPath: "Step size η on f(x, y)",
    etaCT: "Step size η on the C/T data",
    sliderPath: (m) => `${m}: η on f(x, y)`,
    sliderCT: (m) => `${m}: η on the C/T data`,
    etaText: (e) => `η = ${e}`,
    table: (eps) => `Where each method is: E on the C/T data, the first k with E < ε = ${eps}, and its point on f(x, y)`,
    cols: ["method", "E now", "first k with E < ε", "(x, y) now"],
    notYet: "not yet",
    diverged: "diverged",
    start0: "(−7, 2)",
    msg: {
      ready: "Press Start: every method takes one step per iteration, on both problems.",
      running: "Running…",
      paused: (k) => `Paused at k = ${k}.`,
      done: (k) => `Finished: ${k} iterations.`,
      restarted: "A step size changed: the race starts again from k = 0.",
    },
    legendEps: (eps) => `ε = ${eps}`,
    minimum: "minimum (0, 0)",
  },
  ja: {
    title: "最適化手法の競走",
    methods: { sd: "最急降下法", momentum: "Momentum", adagrad: "AdaGrad", adam: "Adam" },
    start: "開始", pause: "一時停止", again: "もう一度", reset: "リセット",
    waiting: "Python を待っています…",
    progress: (k, n) => `k = ${k} / ${n}`,
    pathsTitle: "f(x, y) = x²/20 + y² の上の経路 ((−7, 2) から)",
    pathsLabel: (k) => `f(x, y) = x²/20 + y² の等高線 (x は −10 から 10、y は −5 から 5、最小点は (0, 0)) と、(−7, 2) から ${k} 回反復した各手法の経路。`,
    chartTitle: "C/T のデータでの E (12-3-2、スライドの 9 枚)",
    chartLabel: "各手法の誤差の総和 E と反復回数 k (E は対数目盛)",
    etaPath: "f(x, y) でのステップ幅 η",
    etaCT: "C/T のデータでのステップ幅 η",
    sliderPath: (m) => `${m}: f(x, y) での η`,
    sliderCT: (m) => `${m}: C/T のデータでの η`,
    etaText: (e) => `η = ${e}`,
    table: (eps) => `各手法の現在: C/T のデータでの E、E < ε = ${eps} となった最初の k、f(x, y) 上の点`,
    cols: ["手法", "現在の E", "E < ε となった最初の k", "現在の (x, y)"],
    notYet: "まだ",
    diverged: "発散",
    start0: "(−7, 2)",
    msg: {
      ready: "「開始」を押すと、どの手法も反復ごとに両方の問題で 1 ステップずつ進みます。",
      running: "実行中…",
      paused: (k) => `k = ${k} で一時停止しました。`,
      done: (k) => `終了: ${k} 回反復しました。`,
      restarted: "ステップ幅が変わったので、k = 0 からやり直します。",
    },
    legendEps: (eps) => `ε = ${eps}`,
    minimum: "最小点 (0, 0)",
  },
};

const CSS = `
.nbw-race { border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem; padding: .6rem; font-size: .75rem; }
.nbw-race__top { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; margin-bottom: .4rem; }
.nbw-race__buttons { display: flex; flex-wrap: wrap; gap: .4rem; }
.nbw-race button { font: inherit; font-weight: 700; padding: .25rem .8rem; border-radius: .2rem; cursor: pointer; min-width: 5.5rem;
  color: var(--md-typeset-a-color); background: var(--md-default-bg-color); border: 1px solid var(--md-typeset-a-color); }
.nbw-race button:hover, .nbw-race button:focus-visible { color: var(--md-default-bg-color); background: var(--md-typeset-a-color); }
.nbw-race :focus-visible { outline: 2px solid var(--md-accent-fg-color); outline-offset: 2px; }
.nbw-race__k { font-family: var(--md-code-font-family); font-weight: 700; }
.nbw-race__legend { list-style: none; margin: 0 0 .4rem; padding: 0; display: flex; flex-wrap: wrap; gap: .1rem 1rem; }
.nbw-race__legend li { margin: 0; display: inline-flex; align-items: center; gap: .3rem; }
.nbw-race .nbw-race__legend svg { width: 2.2em; height: 1em; display: inline-block; flex: none; }
.nbw-race__main { display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; }
.nbw-race__panel { flex: 1 1 17rem; min-width: 0; max-width: 100%; }
.nbw-race__panel > p { margin: 0 0 .2rem; font-weight: 700; }
.nbw-race svg { width: 100%; height: auto; display: block; }
.nbw-race svg text { fill: var(--md-default-fg-color); font-size: 10px; font-family: var(--md-text-font-family, sans-serif); }
.nbw-race .nb-chart { color: var(--md-default-fg-color); }
.nbw-race .nbw-frame { fill: none; stroke: var(--md-default-fg-color--light); }
.nbw-race .nbw-contour { fill: none; stroke: var(--md-default-fg-color); stroke-opacity: .35; }
.nbw-race .nbw-axis { stroke: var(--md-default-fg-color--light); }
.nbw-race .nbw-min { stroke: var(--md-default-fg-color); stroke-width: 2; }
.nbw-race .nbw-start { fill: var(--md-default-bg-color); stroke: var(--md-default-fg-color); stroke-width: 1.5; }
.nbw-race .nbw-marker { stroke: var(--md-default-bg-color); stroke-width: 1; }
.nbw-race fieldset { border: 0; margin: .4rem 0 0; padding: 0; min-width: 0; }
.nbw-race legend { font-weight: 700; padding: 0; margin-bottom: .2rem; }
.nbw-race__sliders { display: grid; grid-template-columns: repeat(auto-fill, minmax(7rem, 1fr)); gap: .2rem .8rem; }
.nbw-race__slider { display: flex; flex-direction: column; justify-content: flex-end; min-width: 0; }
.nbw-race__slider label { display: flex; justify-content: space-between; gap: .3rem; }
.nbw-race__slider input { width: 100%; accent-color: var(--md-primary-fg-color); }
.nbw-race__message { min-height: 1.2em; margin: .4rem 0; }
.nbw-race__message[data-code=problem] { font-weight: 700; border-left: 4px solid var(--md-accent-fg-color); padding-left: .4rem; }
.nbw-race__table { overflow-x: auto; }
.nbw-race__table table { font-size: .7rem; border-collapse: collapse; }
.nbw-race__table caption { text-align: left; padding-bottom: .2rem; }
.nbw-race__table th, .nbw-race__table td { padding: .1rem .5rem; border-bottom: 1px solid var(--md-default-fg-color--lightest); text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nbw-race__table th[scope=col] { white-space: normal; vertical-align: bottom; }
.nbw-race__table th[scope=row] { text-align: left; }
`;

function fmt(v, digits = 4) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(digits - 2).replace("e+", "e");
  return String(Number(v.toPrecision(digits)));
}

function nearestEta(eta) {
  let best = 0;
  for (let i = 1; i < ETAS.length; i++) {
    if (Math.abs(Math.log(ETAS[i] / eta)) < Math.abs(Math.log(ETAS[best] / eta))) best = i;
  }
  return best;
}

// a small marker shape per method (so the methods differ by more than colour)
function marker(m, x, y, parent, size = 4) {
  const fill = COLOURS[m];
  const cls = "nbw-marker";
  if (m === "sd") return svgEl("circle", { cx: x, cy: y, r: size, fill, class: cls }, parent);
  if (m === "momentum") return svgEl("rect", { x: x - size, y: y - size, width: 2 * size, height: 2 * size, fill, class: cls }, parent);
  if (m === "adagrad") return svgEl("path", { d: `M${x} ${y - size * 1.2}L${x + size * 1.1} ${y + size * 0.9}L${x - size * 1.1} ${y + size * 0.9}Z`, fill, class: cls }, parent);
  return svgEl("path", { d: `M${x} ${y - size * 1.3}L${x + size * 1.1} ${y}L${x} ${y + size * 1.3}L${x - size * 1.1} ${y}Z`, fill, class: cls }, parent);
}

let uid = 0;

export function mount(element, ctx) {
  installStyle("nbw-race-style", CSS);
  const L = LABELS[ctx.lang] || LABELS.en;
  const id = `nbw-race-${++uid}`;
  element.classList.add("nbw-race");
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", L.title);

  // ---- controls ------------------------------------------------------------------------
  const startBtn = el("button", { type: "button", text: L.start });
  const resetBtn = el("button", { type: "button", text: L.reset });
  const kText = el("span", { class: "nbw-race__k", text: L.waiting });
  const message = el("p", { class: "nbw-race__message", role: "status", "aria-live": "polite", text: L.waiting });

  const legend = el("ul", { class: "nbw-race__legend" });
  for (const m of METHODS) {
    const icon = svgEl("svg", { viewBox: "0 0 28 12", "aria-hidden": "true" });
    svgEl("line", { x1: 1, y1: 6, x2: 27, y2: 6, stroke: COLOURS[m], "stroke-width": 2, "stroke-dasharray": DASH[m] }, icon);
    marker(m, 14, 6, icon, 3.5);
    legend.append(el("li", {}, icon, L.methods[m]));
  }
  const epsIcon = svgEl("svg", { viewBox: "0 0 28 12", "aria-hidden": "true" });
  svgEl("line", { x1: 1, y1: 6, x2: 27, y2: 6, stroke: EPS_COLOUR, "stroke-width": 1.5, "stroke-dasharray": "1 3" }, epsIcon);
  const epsItem = el("li", {}, epsIcon, L.legendEps(0.01));
  legend.append(epsItem);

  function sliderSet(which) {
    const box = el("div", { class: "nbw-race__sliders" });
    const sliders = {};
    for (const m of METHODS) {
      const sid = `${id}-${which}-${m}`;
      const input = el("input", { type: "range", id: sid, min: 0, max: ETAS.length - 1, step: 1,
        "aria-label": which === "path" ? L.sliderPath(L.methods[m]) : L.sliderCT(L.methods[m]) });
      const out = el("output", { for: sid });
      box.append(el("div", { class: "nbw-race__slider" }, el("label", { for: sid }, el("span", { text: L.methods[m] }), out), input));
      input.addEventListener("input", () => {
        const eta = ETAS[+input.value];
        out.textContent = String(eta);
        input.setAttribute("aria-valuetext", L.etaText(eta));
        request({ [which === "path" ? "lr_path" : "lr"]: { [m]: eta } });
      });
      sliders[m] = { input, out };
    }
    return { box, sliders };
  }
  const pathSliders = sliderSet("path");
  const ctSliders = sliderSet("ct");

  // ---- the paths panel -----------------------------------------------------------------------
  const P = { left: 30, top: 6, w: 284, h: 142 };            // x ∈ [−10, 10], y ∈ [−5, 5]: equal scales
  const X = (x) => P.left + ((x + 10) / 20) * P.w;
  const Y = (y) => P.top + ((5 - y) / 10) * P.h;
  const clampPx = (v) => Math.max(-1e4, Math.min(1e4, v));
  const paths = svgEl("svg", { viewBox: "0 0 320 178", role: "img", "aria-label": L.pathsLabel(0) });
  const clipId = `${id}-clip`;
  const clip = svgEl("clipPath", { id: clipId }, svgEl("defs", {}, paths));
  svgEl("rect", { x: P.left, y: P.top, width: P.w, height: P.h }, clip);
  const contours = svgEl("g", { "clip-path": `url(#${clipId})` }, paths);
  for (const c of [0.1, 0.4, 1, 2, 3.5, 5.5, 8, 11.5, 16, 22]) {
    svgEl("ellipse", { cx: X(0), cy: Y(0), rx: Math.sqrt(20 * c) * (P.w / 20), ry: Math.sqrt(c) * (P.h / 10), class: "nbw-contour" }, contours);
  }
  svgEl("rect", { x: P.left, y: P.top, width: P.w, height: P.h, class: "nbw-frame" }, paths);
  for (const t of [-10, -5, 0, 5, 10]) {
    svgEl("line", { x1: X(t), x2: X(t), y1: P.top + P.h, y2: P.top + P.h + 3, class: "nbw-axis" }, paths);
    svgEl("text", { x: X(t), y: P.top + P.h + 13, "text-anchor": "middle" }, paths).textContent = String(t);
  }
  for (const t of [-5, 0, 5]) {
    svgEl("line", { x1: P.left - 3, x2: P.left, y1: Y(t), y2: Y(t), class: "nbw-axis" }, paths);
    svgEl("text", { x: P.left - 5, y: Y(t) + 3.5, "text-anchor": "end" }, paths).textContent = String(t);
  }
  svgEl("text", { x: P.left + P.w / 2, y: P.top + P.h + 26, "text-anchor": "middle", "font-style": "italic" }, paths).textContent = "x";
  svgEl("text", { x: 8, y: Y(0) + 3, "text-anchor": "middle", "font-style": "italic" }, paths).textContent = "y";
  svgEl("path", { d: `M${X(0) - 5} ${Y(0)}H${X(0) + 5}M${X(0)} ${Y(0) - 5}V${Y(0) + 5}`, class: "nbw-min" }, paths);
  svgEl("rect", { x: X(-7) - 4, y: Y(2) - 4, width: 8, height: 8, class: "nbw-start" }, paths);
  const pathLayer = svgEl("g", { "clip-path": `url(#${clipId})` }, paths);
  const lines = {}, markers = {};
  for (const m of METHODS) {
    lines[m] = svgEl("polyline", { fill: "none", stroke: COLOURS[m], "stroke-width": 1.8, "stroke-dasharray": DASH[m], "stroke-linejoin": "round" }, pathLayer);
  }
  const markerLayer = svgEl("g", { "clip-path": `url(#${clipId})` }, paths);

  // ---- the E chart panel ---------------------------------------------------------------------
  const chartBox = el("div");
  const chart = new LineChart(chartBox, {
    label: L.chartLabel, xLabel: "k", yLabel: "E", log: true, legend: false,  // our legend above shows the dashes
    series: [...METHODS.map((m) => ({ name: L.methods[m], colour: COLOURS[m], dash: DASH[m] })),
      { name: L.legendEps(0.01), colour: EPS_COLOUR, dash: "1 3" }],
  });
  chart.lines[METHODS.length].setAttribute("stroke-width", "1.2");

  const tableBox = el("div", { class: "nbw-race__table" });

  element.replaceChildren(
    el("div", { class: "nbw-race__top" }, el("div", { class: "nbw-race__buttons" }, startBtn, resetBtn), kText),
    legend,
    el("div", { class: "nbw-race__main" },
      el("div", { class: "nbw-race__panel" }, el("p", { text: L.pathsTitle }), paths,
        el("fieldset", {}, el("legend", { text: L.etaPath }), pathSliders.box)),
      el("div", { class: "nbw-race__panel" }, el("p", { text: L.chartTitle }), chartBox,
        el("fieldset", {}, el("legend", { text: L.etaCT }), ctSliders.box))),
    message,
    tableBox,
  );

  // ---- state ---------------------------------------------------------------------------------
  const store = { generation: null, k: -1, E: {}, path: {}, last: null };
  let running = false;
  let inFlight = false;
  let pending = null;
  let destroyed = false;

  function clearStore() {
    for (const m of METHODS) { store.E[m] = []; store.path[m] = []; }
    store.k = -1;
  }
  clearStore();

  function setRunning(on) {
    running = on;
    element.dataset.running = String(on);
    startBtn.textContent = on ? L.pause : (store.last && store.last.done ? L.again : L.start);
  }

  function request(command = {}) {
    pending = pending || {};
    for (const [key, value] of Object.entries(command)) {
      pending[key] = typeof value === "object" ? { ...(pending[key] || {}), ...value } : value;
    }
    if (!inFlight) {
      clearTimeout(sendTimer);
      sendTimer = null;
      send();
    }
  }

  let lastSend = 0;
  let sendTimer = null;

  // the next chunk, no sooner than one frame after the last one
  function sendSoon() {
    if (sendTimer !== null || inFlight) return;
    const wait = Math.max(0, FRAME_MS - (performance.now() - lastSend));
    if (wait === 0 || pending) { send(); return; }
    sendTimer = setTimeout(() => { sendTimer = null; if (!inFlight && !destroyed) send(); }, wait);
  }

  async function send() {
    const command = pending || {};
    pending = null;
    if (running) command.run = chunk(Math.max(0, store.k));
    inFlight = true;
    element.dataset.busy = "true";
    lastSend = performance.now();
    const have = store.generation === null ? null : { generation: store.generation, k: store.k };
    const lang = JSON.stringify(ctx.lang === "ja" ? "ja" : "en");
    const json = (v) => `__import__("json").loads(${JSON.stringify(JSON.stringify(v))})`;
    const code = `__import__("nnbook.widgets.techniques", fromlist=["race_sync"]).race_sync(globals(), ${json(command)}, ${have ? json(have) : "None"}, ${lang})`;
    let result;
    try {
      result = await ctx.evaluate(code);
    } catch (err) {
      result = { ok: false, error: String(err) };
    }
    inFlight = false;
    element.dataset.busy = "false";
    if (destroyed) return;
    const changedPython = Boolean(command.run || command.reset || command.lr || command.lr_path);
    if (result.ok && result.value && !result.value.problem) {
      const restarted = store.generation !== null && result.value.generation !== store.generation && !command.reset;
      apply(result.value);
      if (restarted && (command.lr || command.lr_path)) setMessage("restarted", L.msg.restarted);
      // tell the other widgets once the race stands still, not on every chunk
      if (changedPython && !running) ctx.changed();
    } else {
      const text = result.ok && result.value ? result.value.problem
        : (result.error || "").split("\n").filter(Boolean).slice(-1)[0] || result.error;
      if (text) setMessage("problem", text);
      setRunning(false);
    }
    if (pending || (running && !(store.last && store.last.done))) sendSoon();
  }

  function apply(v) {
    if (v.generation !== store.generation || v.from === 0) {
      clearStore();
      store.generation = v.generation;
    }
    for (const m of METHODS) {
      const d = v.methods[m];
      store.E[m].push(...d.E);
      store.path[m].push(...d.path);
    }
    store.k = v.k;
    store.last = v;
    element.dataset.generation = String(v.generation);
    element.dataset.k = String(v.k);
    for (const [which, set] of [["path", pathSliders], ["ct", ctSliders]]) {
      const table = which === "path" ? v.lr_path : v.lr;
      for (const m of METHODS) {
        const s = set.sliders[m];
        if (!(pending && pending[which === "path" ? "lr_path" : "lr"]?.[m] !== undefined)) {
          s.input.value = String(nearestEta(table[m]));
          if (s.out.textContent !== String(table[m])) s.out.textContent = String(table[m]);   // <output> is live: only real changes
          s.input.setAttribute("aria-valuetext", L.etaText(table[m]));
        }
      }
    }
    if (v.done && running) setRunning(false);
    else setRunning(running);
    if (running) setMessage("running", L.msg.running);
    else if (v.done) setMessage("done", L.msg.done(v.k));
    else if (v.k > 0) setMessage("paused", L.msg.paused(v.k));
    else if (message.dataset.code !== "restarted") setMessage("ready", L.msg.ready);
    scheduleDraw();
  }

  function setMessage(code, text) {
    if (message.dataset.code === code && message.textContent === text) return;
    message.dataset.code = code;
    message.textContent = text;
  }

  // ---- drawing (throttled to ~30 frames a second) ----------------------------------------------
  let drawTimer = null;
  let lastDraw = 0;
  function scheduleDraw() {
    if (drawTimer !== null) return;
    const wait = Math.max(0, FRAME_MS - (performance.now() - lastDraw));
    drawTimer = setTimeout(() => requestAnimationFrame(() => {
      drawTimer = null;
      if (destroyed) return;
      lastDraw = performance.now();
      draw();
    }), wait);
  }

  function draw() {
    const v = store.last;
    if (!v) return;
    kText.textContent = L.progress(v.k, v.max_iter);
    epsItem.lastChild.textContent = L.legendEps(v.epsilon);
    // paths
    markerLayer.replaceChildren();
    for (const m of METHODS) {
      const pts = store.path[m];
      lines[m].setAttribute("points", pts.map(([x, y]) => `${clampPx(X(x)).toFixed(1)},${clampPx(Y(y)).toFixed(1)}`).join(" "));
      const [x, y] = v.methods[m].last_point;
      if (x !== null && y !== null && Math.abs(x) <= 10 && Math.abs(y) <= 5) marker(m, X(x), Y(y), markerLayer);
    }
    paths.setAttribute("aria-label", L.pathsLabel(v.k));
    // E chart
    METHODS.forEach((m, i) => {
      const E = store.E[m];
      chart.set(i, E.map((_, k) => k), E.map((e) => (e === null ? NaN : e)));
    });
    chart.set(METHODS.length, [0, Math.max(1, v.k)], [v.epsilon, v.epsilon]);
    chart.draw();
    // the table
    const table = el("table", { class: "nbw-race__tab" });
    table.append(el("caption", { text: L.table(v.epsilon) }));
    const head = el("tr");
    for (const c of L.cols) head.append(el("th", { scope: "col", text: c }));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    for (const m of METHODS) {
      const d = v.methods[m];
      const row = el("tr", { "data-method": m, "data-e": String(d.last_E), "data-first": String(d.first_below), "data-x": String(d.last_point[0]), "data-y": String(d.last_point[1]) });
      row.append(el("th", { scope: "row", text: L.methods[m] }));
      row.append(el("td", { text: d.diverged ? L.diverged : fmt(d.last_E) }));
      row.append(el("td", { text: d.first_below === null ? L.notYet : String(d.first_below) }));
      row.append(el("td", { text: d.path_diverged ? L.diverged : `(${fmt(d.last_point[0], 3)}, ${fmt(d.last_point[1], 3)})` }));
      body.append(row);
    }
    table.append(body);
    tableBox.replaceChildren(table);
    element.dataset.drawnK = String(v.k);
  }

  // ---- events --------------------------------------------------------------------------------
  startBtn.addEventListener("click", () => {
    if (running) { setRunning(false); return; }
    const again = store.last && store.last.done;
    setRunning(true);
    setMessage("running", L.msg.running);
    request(again ? { reset: true } : {});
  });
  resetBtn.addEventListener("click", () => {
    setRunning(false);
    request({ reset: true });
  });

  ctx.onChange(() => request());
  element.dataset.running = "false";
  request();

  return {
    destroy() {
      destroyed = true;
      running = false;
      clearTimeout(drawTimer);
      clearTimeout(sendTimer);
    },
  };
}
