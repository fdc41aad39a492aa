// Activation plot (`::: widget activation-plot [var=activation_plot]`):
// a(s) and a′(s) on [−5, 5] for sigmoid, tanh, ReLU and step, with a cursor
// (hover, or focus the plot and use the arrow keys) that shows both values.
//
// It shares the page variable `activation_plot` with the cells:
//   activation_plot = {"activation": "sigmoid", "s": 0.0}
// The curves and the values at the cursor are computed by nnbook in the
// page's Python session (nnbook.widgets.neuron.curve / .at).
import { elProps, installStyle, svgText } from "./kit/dom.mjs";

const LABELS = {
  en: {
    title: "Activation functions and their derivatives",
    shares: "shares the Python variable",
    choose: "Function",
    names: { sigmoid: "sigmoid σ", tanh: "tanh", relu: "ReLU R", step: "step" },
    cursor: "Cursor position s",
    hint: "Hover over the plot, or focus it and press ← →  (Page Up/Down: ±1, Home/End: the ends).",
    waiting: "waiting for Python…",
    valueText: (s, a, d) => `s = ${s}, a(s) = ${a}, a′(s) = ${d}`,
    plot: "Plot",
    relu0: "R is not differentiable at s = 0: its slope jumps from 0 to 1. Its subdifferential there is [0, 1]; nnbook uses R′(0) = 0.",
    step0: "The step function jumps at s = 0, so it has no derivative there; nnbook returns 0, as everywhere else.",
    error: "Python says:",
  },
  ja: {
    title: "活性化関数とその導関数",
    shares: "共有する Python の変数:",
    choose: "関数",
    names: { sigmoid: "シグモイド σ", tanh: "tanh", relu: "ReLU R", step: "ステップ関数" },
    cursor: "カーソルの位置 s",
    hint: "グラフの上にポインターを置くか、グラフにフォーカスして ← → を押します (Page Up/Down: ±1、Home/End: 端)。",
    waiting: "Python を待っています…",
    valueText: (s, a, d) => `s = ${s}、a(s) = ${a}、a′(s) = ${d}`,
    plot: "グラフ",
    relu0: "R は s = 0 で微分不可能です (傾きが 0 から 1 に跳ぶ)。そこでの劣微分は [0, 1] で、nnbook は R′(0) = 0 を使います。",
    step0: "ステップ関数は s = 0 で跳ぶので、そこに導関数はありません。nnbook は他の点と同じく 0 を返します。",
    error: "Python のエラー:",
  },
};

const FUNCTIONS = ["sigmoid", "tanh", "relu", "step"];
const SYMBOL = { sigmoid: "σ", tanh: "tanh", relu: "R", step: "step" };
// The vertical range and its ticks, per function.
const Y_AXIS = {
  sigmoid: { min: -0.15, max: 1.15, ticks: [0, 0.5, 1] },
  tanh: { min: -1.2, max: 1.2, ticks: [-1, 0, 1] },
  relu: { min: -0.6, max: 5.3, ticks: [0, 1, 2, 3, 4, 5] },
  step: { min: -0.15, max: 1.2, ticks: [0, 1] },
};
const S_MIN = -5, S_MAX = 5, GRID = 20; // the cursor moves on s = k/20
const VIEW = { w: 320, h: 210, left: 30, right: 10, top: 10, bottom: 28 };

const STYLE = `
.nbw-aplot { border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem;
  padding: .6rem .7rem; font-size: .75rem; box-sizing: border-box; max-width: 100%;
  --nbw-aplot-a: var(--md-primary-fg-color); --nbw-aplot-da: #c43e00; }
[data-md-color-scheme="slate"] .nbw-aplot { --nbw-aplot-a: #8fa4ff; --nbw-aplot-da: #ffab70; }
.nbw-aplot__title { margin: 0 0 .4rem; font-weight: 700; }
.nbw-aplot__title code { font-weight: 400; }
.nbw-aplot fieldset { margin: 0; padding: .2rem .5rem .4rem; border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem; }
.nbw-aplot legend { padding: 0 .3rem; font-weight: 700; }
.nbw-aplot__choices { display: flex; flex-wrap: wrap; gap: .2rem .9rem; }
.nbw-aplot__choices label { display: inline-flex; align-items: center; gap: .25rem; white-space: nowrap; }
.nbw-aplot__legend { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; margin: .4rem 0 0; }
.nbw-aplot__key { display: inline-flex; align-items: center; gap: .3rem; }
.nbw-aplot__key svg { width: 28px; height: 10px; }
.nbw-aplot__plot { margin: .3rem 0 0; border-radius: .2rem; touch-action: pan-y; cursor: crosshair; }
.nbw-aplot__plot:focus { outline: none; }
.nbw-aplot__plot:focus-visible { outline: 2px solid var(--md-accent-fg-color); outline-offset: 2px; }
.nbw-aplot .nbw-aplot__plot svg { display: block; width: 100%; max-width: 24rem; height: auto; margin: 0 auto; }
.nbw-aplot__plot text { fill: var(--md-default-fg-color); font-size: 11px; font-family: var(--md-text-font-family, sans-serif); }
.nbw-aplot__plot .grid { stroke: var(--md-default-fg-color--lightest); stroke-width: 1; }
.nbw-aplot__plot .axis { stroke: var(--md-default-fg-color--light); stroke-width: 1; }
.nbw-aplot .curve-a { fill: none; stroke: var(--nbw-aplot-a); stroke-width: 2.5; }
.nbw-aplot .curve-da { fill: none; stroke: var(--nbw-aplot-da); stroke-width: 2; stroke-dasharray: 6 4; }
.nbw-aplot__plot .cursor { stroke: var(--md-default-fg-color); stroke-width: 1; stroke-dasharray: 2 2; }
.nbw-aplot__plot .dot-a { fill: var(--nbw-aplot-a); }
.nbw-aplot__plot .dot-da { fill: var(--md-default-bg-color); stroke: var(--nbw-aplot-da); stroke-width: 2; }
.nbw-aplot__readout { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; margin: .3rem 0 0; padding: .35rem .6rem;
  background: var(--md-code-bg-color); border-radius: .2rem; font-family: var(--md-code-font-family); }
.nbw-aplot__readout span { white-space: nowrap; }
.nbw-aplot__note { margin: .3rem 0 0; font-style: italic; }
.nbw-aplot__note:empty, .nbw-aplot__error:empty { display: none; }
.nbw-aplot__hint { margin: .3rem 0 0; font-size: .7rem; }
.nbw-aplot__error { color: #b71c1c; margin: .3rem 0 0; white-space: pre-wrap; }
[data-md-color-scheme="slate"] .nbw-aplot__error { color: #ef9a9a; }
`;

let uid = 0;

/** Fixed decimals with a real minus sign (−0.0000 shows as 0.0000). */
function fixed(value, digits) {
  let text = value.toFixed(digits);
  if (/^-0\.?0*$/.test(text)) text = text.slice(1);
  return text.replace("-", "−");
}

const onGrid = (s) => Math.min(S_MAX, Math.max(S_MIN, Math.round(s * GRID) / GRID));

export function mount(element, ctx) {
  installStyle("nbw-aplot-style", STYLE);
  const t = LABELS[ctx.lang] || LABELS.en;
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(element.dataset.var || "") ? element.dataset.var : "activation_plot";
  const id = `nbw-aplot-${++uid}`;
  let destroyed = false;
  let state = {
    activation: FUNCTIONS.includes(element.dataset.activation) ? element.dataset.activation : "sigmoid",
    s: 0,
  };
  const curves = {}; // name → {s, a, da} from nnbook
  let last = null; // the last values from Python: {activation, s, a, da}

  // ---- the page ----
  const root = elProps("div", { className: "nbw-aplot", role: "group", "aria-label": t.title });
  const title = elProps("p", { className: "nbw-aplot__title" }, `${t.title} — ${t.shares} `, elProps("code", {}, name));
  const radios = {};
  const choices = elProps("div", { className: "nbw-aplot__choices" }, ...FUNCTIONS.map((key) => {
    const input = elProps("input", { type: "radio", name: `${id}-fn`, value: key });
    input.addEventListener("change", () => {
      if (!input.checked) return;
      state = { ...state, activation: key };
      draw();
      write();
    });
    radios[key] = input;
    return elProps("label", {}, input, t.names[key]);
  }));
  const keyA = elProps("span", { className: "nbw-aplot__key" });
  const keyDa = elProps("span", { className: "nbw-aplot__key" });
  const legend = elProps("p", { className: "nbw-aplot__legend", "aria-hidden": "true" }, keyA, keyDa);
  const plot = elProps("div", {
    className: "nbw-aplot__plot", role: "slider", tabindex: "0", "aria-label": t.cursor,
    "aria-valuemin": String(S_MIN), "aria-valuemax": String(S_MAX), "aria-valuenow": "0",
    "aria-orientation": "horizontal",
  });
  const chart = svgText("svg", { viewBox: `0 0 ${VIEW.w} ${VIEW.h}`, "aria-hidden": "true", focusable: "false" });
  plot.append(chart);
  const readout = elProps("div", { className: "nbw-aplot__readout", role: "group", "aria-label": t.plot, "aria-live": "polite" },
    elProps("span", {}, t.waiting));
  const note = elProps("p", { className: "nbw-aplot__note" });
  const error = elProps("p", { className: "nbw-aplot__error", role: "alert" });
  const hint = elProps("p", { className: "nbw-aplot__hint" }, t.hint);
  root.append(title, elProps("fieldset", {}, elProps("legend", {}, t.choose), choices), legend, plot, readout, note, error, hint);
  element.append(root);

  // ---- coordinates ----
  const px = (s) => VIEW.left + ((s - S_MIN) / (S_MAX - S_MIN)) * (VIEW.w - VIEW.left - VIEW.right);
  const py = (v, axis) => VIEW.top + ((axis.max - v) / (axis.max - axis.min)) * (VIEW.h - VIEW.top - VIEW.bottom);
  const clampY = (v, axis) => Math.min(axis.max, Math.max(axis.min, v));

  /** Polylines through the samples, broken where the function jumps (no
   *  curve here rises by 0.2 between neighbouring samples, 0.05 apart). */
  function paths(s, values, axis) {
    const jump = 0.2;
    const pieces = [[]];
    values.forEach((v, i) => {
      if (i && Math.abs(v - values[i - 1]) > jump) pieces.push([]);
      pieces[pieces.length - 1].push(`${px(s[i]).toFixed(2)},${py(clampY(v, axis), axis).toFixed(2)}`);
    });
    return pieces.filter((p) => p.length > 1).map((p) => p.join(" "));
  }

  function keySample(cls) {
    const s = svgText("svg", { viewBox: "0 0 28 10", "aria-hidden": "true" });
    s.append(svgText("line", { x1: 1, y1: 5, x2: 27, y2: 5, class: cls }));
    return s;
  }

  let cursorLayer = null;

  function draw() {
    const fn = state.activation;
    for (const key of FUNCTIONS) radios[key].checked = key === fn;
    const f = SYMBOL[fn];
    keyA.replaceChildren(keySample("curve-a"), `a(s) = ${f}(s)`);
    keyDa.replaceChildren(keySample("curve-da"), `a′(s) = ${f}′(s)`);
    const axis = Y_AXIS[fn];
    const parts = [];
    for (let s = S_MIN; s <= S_MAX; s++) {
      parts.push(svgText("line", { x1: px(s), y1: VIEW.top, x2: px(s), y2: VIEW.h - VIEW.bottom, class: s === 0 ? "axis" : "grid" }));
      parts.push(svgText("text", { x: px(s), y: VIEW.h - VIEW.bottom + 13, "text-anchor": "middle" }, String(s).replace("-", "−")));
    }
    parts.push(svgText("text", { x: VIEW.w - VIEW.right, y: VIEW.h - 2, "text-anchor": "end", "font-style": "italic" }, "s"));
    for (const v of axis.ticks) {
      parts.push(svgText("line", { x1: VIEW.left, y1: py(v, axis), x2: VIEW.w - VIEW.right, y2: py(v, axis), class: v === 0 ? "axis" : "grid" }));
      parts.push(svgText("text", { x: VIEW.left - 4, y: py(v, axis) + 4, "text-anchor": "end" }, String(v).replace("-", "−")));
    }
    const curve = curves[fn];
    if (curve) {
      for (const d of paths(curve.s, curve.da, axis)) parts.push(svgText("polyline", { points: d, class: "curve-da" }));
      for (const d of paths(curve.s, curve.a, axis)) parts.push(svgText("polyline", { points: d, class: "curve-a" }));
    }
    cursorLayer = svgText("g", {});
    parts.push(cursorLayer);
    chart.replaceChildren(...parts);
    drawCursor();
  }

  /** The cursor at state.s: from Python's values if they are for this s, else from the samples. */
  function drawCursor() {
    if (!cursorLayer) return;
    const fn = state.activation;
    const axis = Y_AXIS[fn];
    const s = state.s;
    let a = null, da = null;
    if (last && last.activation === fn && last.s === s) ({ a, da } = last);
    else if (curves[fn]) {
      const i = Math.round((s - S_MIN) * GRID);
      if (i >= 0 && i < curves[fn].s.length) { a = curves[fn].a[i]; da = curves[fn].da[i]; }
    }
    const parts = [svgText("line", { x1: px(s), y1: VIEW.top, x2: px(s), y2: VIEW.h - VIEW.bottom, class: "cursor" })];
    if (da !== null) parts.push(svgText("circle", { cx: px(s), cy: py(clampY(da, axis), axis), r: 4, class: "dot-da" }));
    if (a !== null) parts.push(svgText("circle", { cx: px(s), cy: py(clampY(a, axis), axis), r: 4.5, class: "dot-a" }));
    cursorLayer.replaceChildren(...parts);
    plot.setAttribute("aria-valuenow", String(s));
  }

  function showValues(r) {
    const f = SYMBOL[r.activation];
    const s = fixed(r.s, 2);
    const a = fixed(r.a, 4);
    const da = fixed(r.da, 4);
    readout.replaceChildren(
      elProps("span", {}, "s = ", elProps("span", { className: "nbw-aplot__s" }, s)),
      elProps("span", {}, `a(s) = ${f}(${s}) = `, elProps("span", { className: "nbw-aplot__a" }, a)),
      elProps("span", {}, `a′(s) = ${f}′(${s}) = `, elProps("span", { className: "nbw-aplot__da" }, da)));
    plot.setAttribute("aria-valuetext", t.valueText(s, a, da));
    note.textContent = r.s === 0 && r.activation === "relu" ? t.relu0 : r.s === 0 && r.activation === "step" ? t.step0 : "";
  }

  // ---- moving the cursor ----
  function moveTo(s) {
    s = onGrid(s);
    if (s === state.s) return;
    state = { ...state, s };
    drawCursor();
    write();
  }

  plot.addEventListener("keydown", (ev) => {
    const step = { ArrowRight: 0.1, ArrowUp: 0.1, ArrowLeft: -0.1, ArrowDown: -0.1, PageUp: 1, PageDown: -1 }[ev.key];
    if (step !== undefined) moveTo(state.s + step);
    else if (ev.key === "Home") moveTo(S_MIN);
    else if (ev.key === "End") moveTo(S_MAX);
    else return;
    ev.preventDefault();
  });
  function fromPointer(ev) {
    const box = chart.getBoundingClientRect();
    if (!box.width) return;
    const x = ((ev.clientX - box.left) / box.width) * VIEW.w;
    moveTo(S_MIN + ((x - VIEW.left) / (VIEW.w - VIEW.left - VIEW.right)) * (S_MAX - S_MIN));
  }
  plot.addEventListener("pointermove", fromPointer);
  plot.addEventListener("pointerdown", fromPointer);

  // ---- Python: at most one evaluation in flight; the latest request wins ----
  let inFlight = 0;
  let pending = null;
  const json = (value) => JSON.stringify(JSON.stringify(value));

  function code(kind) {
    const have = JSON.stringify(Object.keys(curves));
    const lines = ["import json as _json", "import nnbook.widgets.neuron as _nnbook_neuron"];
    if (kind === "write") lines.push(`${name} = _json.loads(${json(state)})`);
    else lines.push(`if "${name}" not in globals():`, `    ${name} = _json.loads(${json(state)})`);
    lines.push(`_nnbook_neuron.at(${name}, have=_json.loads(${json(have)}))`);
    return lines.join("\n");
  }

  function request(kind) {
    if (!(pending?.kind === "write" && kind === "read")) pending = { kind };
    pump();
  }
  const write = () => request("write");
  const read = () => request("read");

  // One evaluation in flight, the newest request waiting; a cell run sends a waiting write at
  // once (`now`), so the cell sees it. Answers overtaken by a newer request are not shown.
  async function pump(now = false) {
    if ((inFlight && !now) || !pending || destroyed) return;
    const { kind } = pending;
    pending = null;
    inFlight++;
    const result = await ctx.evaluate(code(kind));
    inFlight--;
    if (destroyed) return;
    const newest = !pending && !inFlight;
    if (result.ok) {
      const r = result.value;
      error.textContent = "";
      const newCurve = r.curve && !curves[r.activation];
      if (r.curve) curves[r.activation] = r.curve;
      if (newest) {
        last = r;
        if (kind === "read") state = { activation: r.activation, s: r.s };
        showValues(r);
        if (newCurve || kind === "read") draw();
        else drawCursor();
      } else if (newCurve && r.activation === state.activation) draw();
      if (kind === "write") ctx.changed();
    } else {
      const lines = String(result.error || "").trim().split("\n");
      error.textContent = `${t.error} ${lines[lines.length - 1]}`;
    }
    pump();
  }

  draw();
  ctx.onChange(read);
  ctx.beforeCellRun?.(() => { if (pending?.kind === "write") pump(true); });
  read();
  return { destroy() { destroyed = true; } };
}
