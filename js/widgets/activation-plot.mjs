// Activation plot (`::: widget activation-plot [var=activation_plot]`):
// a(s) and a′(s) on [−5, 5] for sigmoid, tanh, ReLU and step, with a cursor
// (hover, or focus the plot and use the arrow keys) that shows both values.
//
// It shares the page variable `activation_plot` with the cells:
//   activation_plot = {"activation": "sigmoid", "s": 0.0}
// The curves and the values at the cursor are computed by nnbook in the
// page's Python session (nnbook.widgets.activation_plot.sync), and so is the
// menu of functions (nnbook's activations).
import { elProps, svgText } from "./kit/dom.mjs";
import { fixed, integer, trimmed } from "./kit/format.mjs";
import { problemText } from "./kit/python.mjs";
import LABELS from "./activation-plot.labels.json" with { type: "json" };

export { LABELS };

// How a(s) is written: σ(s), R(s); a function nnbook gains later by its name.
const SYMBOL = { sigmoid: "σ", tanh: "tanh", relu: "R", step: "step" };
const symbolOf = (name) => SYMBOL[name] ?? name;
// The vertical range and its ticks, per function (another function: its curve's range).
const Y_AXIS = {
  sigmoid: { min: -0.15, max: 1.15, ticks: [0, 0.5, 1] },
  tanh: { min: -1.2, max: 1.2, ticks: [-1, 0, 1] },
  relu: { min: -0.6, max: 5.3, ticks: [0, 1, 2, 3, 4, 5] },
  step: { min: -0.15, max: 1.2, ticks: [0, 1] },
};
const S_MIN = -5, S_MAX = 5, GRID = 20; // the cursor moves on s = k/20
const VIEW = { w: 320, h: 210, left: 30, right: 10, top: 10, bottom: 28 };


let uid = 0;

/** The vertical axis of `fn`: its own, else the range of its curve with ticks at the integers. */
function axisOf(fn, curve) {
  if (Y_AXIS[fn]) return Y_AXIS[fn];
  const values = curve ? [...curve.a, ...curve.da].filter(Number.isFinite) : [0, 1];
  const lo = Math.floor(Math.min(0, ...values)), hi = Math.ceil(Math.max(1, ...values));
  const ticks = [];
  for (let v = lo; v <= hi; v++) ticks.push(v);
  const pad = (hi - lo) * 0.08;
  return { min: lo - pad, max: hi + pad, ticks };
}

const onGrid = (s) => Math.min(S_MAX, Math.max(S_MIN, Math.round(s * GRID) / GRID));

export function mount(element, ctx) {
  const t = ctx.t;
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(element.dataset.var || "") ? element.dataset.var : "activation_plot";
  const id = `nbw-aplot-${++uid}`;
  // the page may choose the first function (activation=…); Python says if it cannot plot it
  let state = { activation: element.dataset.activation || "sigmoid", s: 0 };
  let functions = [];   // the menu, from Python's first answer
  const curves = {}; // name → {s, a, da} from nnbook
  let last = null; // the last values from Python: {activation, s, a, da}

  // ---- the page ----
  const root = elProps("div", { className: "nbw-aplot", role: "group", "aria-label": t.title });
  const title = elProps("p", { className: "nbw-aplot__title" }, `${t.title} — ${t.shares} `, elProps("code", {}, name));
  let radios = {};
  const choices = elProps("div", { className: "nbw-aplot__choices" }, t.waiting);
  function radio(key) {
    const input = elProps("input", { type: "radio", name: `${id}-fn`, value: key });
    input.addEventListener("change", () => {
      if (!input.checked) return;
      state = { ...state, activation: key };
      draw();
      write();
    });
    radios[key] = input;
    return elProps("label", {}, input, t.names[key] ?? key);
  }
  /** The menu Python sends: nnbook's activations that have a plot. */
  function showMenu(names) {
    if (names.join() === functions.join()) return;
    functions = names;
    radios = {};
    choices.replaceChildren(...names.map(radio));
  }
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
    for (const [key, input] of Object.entries(radios)) input.checked = key === fn;
    const f = symbolOf(fn);
    keyA.replaceChildren(keySample("curve-a"), `a(s) = ${f}(s)`);
    keyDa.replaceChildren(keySample("curve-da"), `a′(s) = ${f}′(s)`);
    const axis = axisOf(fn, curves[fn]);
    const parts = [];
    for (let s = S_MIN; s <= S_MAX; s++) {
      parts.push(svgText("line", { x1: px(s), y1: VIEW.top, x2: px(s), y2: VIEW.h - VIEW.bottom, class: s === 0 ? "axis" : "grid" }));
      parts.push(svgText("text", { x: px(s), y: VIEW.h - VIEW.bottom + 13, "text-anchor": "middle" }, integer(s)));
    }
    parts.push(svgText("text", { x: VIEW.w - VIEW.right, y: VIEW.h - 2, "text-anchor": "end", "font-style": "italic" }, "s"));
    for (const v of axis.ticks) {
      parts.push(svgText("line", { x1: VIEW.left, y1: py(v, axis), x2: VIEW.w - VIEW.right, y2: py(v, axis), class: v === 0 ? "axis" : "grid" }));
      parts.push(svgText("text", { x: VIEW.left - 4, y: py(v, axis) + 4, "text-anchor": "end" }, trimmed(v, 2)));
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
    const axis = axisOf(fn, curves[fn]);
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
    const f = symbolOf(r.activation);
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

  // ---- Python: a move writes the variable; a read (first, and after a cell ran) follows it ----
  const link = ctx.link({
    fn: "sync",
    args: (change) => ({ var: name, state: change ?? state, write: change !== undefined,
      have: Object.keys(curves), lang: ctx.lang }),
    merge: (older, newer) => newer,
    onAnswer(r, change) {
      error.textContent = "";
      showMenu(r.activations);
      if (r.curve) curves[r.activation] = r.curve;
      last = r;
      if (change === undefined) state = { activation: r.activation, s: r.s };
      showValues(r);
      draw();
    },
    onError(message) {
      error.textContent = `${t.pythonSays} ${problemText(message)}`;
    },
  });
  const write = () => link.send({ ...state });

  // before Python answers: nnbook's menu and the starting function, rendered by the build (data-defaults)
  if (element.dataset.defaults) {
    const d = JSON.parse(element.dataset.defaults);
    showMenu(d.activations);
    if (!element.dataset.activation) state = { ...d.state };
  }
  draw();
  ctx.onChange(() => link.refresh());
  link.refresh();
  return { destroy() { link.destroy(); } };
}
