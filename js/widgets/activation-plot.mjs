// Activation plot (`::: widget activation-plot [var=activation_plot]`):
// a(s) and a′(s) on [−5, 5] for sigmoid, tanh, ReLU and step, with a cursor
// (hover, or focus the plot and use the arrow keys) that shows both values.
//
// It shares the page variable `activation_plot` with the cells:
//   activation_plot = {"activation": "sigmoid", "s": 0.0}
// The curves and the values at the cursor are computed by nnbook in the
// page's Python session (nnbook.widgets.activation_plot.sync), and so is the
// menu of functions (nnbook's activations).
import { VIEW, S_MAX, S_MIN, axisOf, onGrid, plotScale, sAt, symbolOf, valuesAt } from "./kit/activation-state.mjs";
import { elProps, svgText } from "./kit/dom.mjs";
import { fixed, integer, trimmed } from "./kit/format.mjs";
import { problemText } from "./kit/python.mjs";
import LABELS from "./activation-plot.labels.json" with { type: "json" };

export { LABELS };

let uid = 0;

function keySample(cls) {
  const s = svgText("svg", { viewBox: "0 0 28 10", "aria-hidden": "true" });
  s.append(svgText("line", { x1: 1, y1: 5, x2: 27, y2: 5, class: cls }));
  return s;
}

/** The widget's parts: the menu (from Python), the legend, the plot (a slider for s), the readout. */
function pageView(t, name, id) {
  const v = {
    id, radios: {}, functions: [],
    choices: elProps("div", { className: "nbw-aplot__choices" }, t.waiting),
    keyA: elProps("span", { className: "nbw-aplot__key" }),
    keyDa: elProps("span", { className: "nbw-aplot__key" }),
    plot: elProps("div", { className: "nbw-aplot__plot", role: "slider", tabindex: "0", "aria-label": t.cursor,
      "aria-valuemin": String(S_MIN), "aria-valuemax": String(S_MAX), "aria-valuenow": "0", "aria-orientation": "horizontal" }),
    chart: svgText("svg", { viewBox: `0 0 ${VIEW.w} ${VIEW.h}`, "aria-hidden": "true", focusable: "false" }),
    readout: elProps("div", { className: "nbw-aplot__readout", role: "group", "aria-label": t.plot, "aria-live": "polite" },
      elProps("span", {}, t.waiting)),
    note: elProps("p", { className: "nbw-aplot__note" }),
    error: elProps("p", { className: "nbw-aplot__error", role: "alert" }),
  };
  v.plot.append(v.chart);
  v.root = elProps("div", { className: "nbw-aplot", role: "group", "aria-label": t.title },
    elProps("p", { className: "nbw-aplot__title" }, `${t.title} — ${t.shares} `, elProps("code", {}, name)),
    elProps("fieldset", {}, elProps("legend", {}, t.choose), v.choices),
    elProps("p", { className: "nbw-aplot__legend", "aria-hidden": "true" }, v.keyA, v.keyDa),
    v.plot, v.readout, v.note, v.error, elProps("p", { className: "nbw-aplot__hint" }, t.hint));
  return v;
}

/** The menu Python sends: nnbook's activations that have a plot. */
function showMenu(v, t, names, onPick) {
  if (names.join() === v.functions.join()) return;
  v.functions = names;
  v.radios = {};
  v.choices.replaceChildren(...names.map((key) => {
    const input = elProps("input", { type: "radio", name: `${v.id}-fn`, value: key });
    input.addEventListener("change", () => { if (input.checked) onPick(key); });
    v.radios[key] = input;
    return elProps("label", {}, input, t.names[key] ?? key);
  }));
}

/** The grid, axes and the two curves of `fn`; returns the layer the cursor is drawn in. */
function drawChart(v, fn, curve) {
  for (const [key, input] of Object.entries(v.radios)) input.checked = key === fn;
  const f = symbolOf(fn);
  v.keyA.replaceChildren(keySample("curve-a"), `a(s) = ${f}(s)`);
  v.keyDa.replaceChildren(keySample("curve-da"), `a′(s) = ${f}′(s)`);
  const axis = axisOf(fn, curve);
  const { px, py, paths } = plotScale(axis);
  const parts = [];
  for (let s = S_MIN; s <= S_MAX; s++) {
    parts.push(svgText("line", { x1: px(s), y1: VIEW.top, x2: px(s), y2: VIEW.h - VIEW.bottom, class: s === 0 ? "axis" : "grid" }));
    parts.push(svgText("text", { x: px(s), y: VIEW.h - VIEW.bottom + 13, "text-anchor": "middle" }, integer(s)));
  }
  parts.push(svgText("text", { x: VIEW.w - VIEW.right, y: VIEW.h - 2, "text-anchor": "end", "font-style": "italic" }, "s"));
  for (const y of axis.ticks) {
    parts.push(svgText("line", { x1: VIEW.left, y1: py(y), x2: VIEW.w - VIEW.right, y2: py(y), class: y === 0 ? "axis" : "grid" }));
    parts.push(svgText("text", { x: VIEW.left - 4, y: py(y) + 4, "text-anchor": "end" }, trimmed(y, 2)));
  }
  if (curve) {
    for (const d of paths(curve.s, curve.da)) parts.push(svgText("polyline", { points: d, class: "curve-da" }));
    for (const d of paths(curve.s, curve.a)) parts.push(svgText("polyline", { points: d, class: "curve-a" }));
  }
  const cursorLayer = svgText("g", {});
  v.chart.replaceChildren(...parts, cursorLayer);
  return cursorLayer;
}

/** The cursor at state.s with its two dots. */
function drawCursor(v, layer, state, last, curve) {
  const { px, py } = plotScale(axisOf(state.activation, curve));
  const { a, da } = valuesAt(state, last, curve);
  const s = state.s;
  const parts = [svgText("line", { x1: px(s), y1: VIEW.top, x2: px(s), y2: VIEW.h - VIEW.bottom, class: "cursor" })];
  if (da !== null) parts.push(svgText("circle", { cx: px(s), cy: py(da), r: 4, class: "dot-da" }));
  if (a !== null) parts.push(svgText("circle", { cx: px(s), cy: py(a), r: 4.5, class: "dot-a" }));
  layer.replaceChildren(...parts);
  v.plot.setAttribute("aria-valuenow", String(s));
}

/** Python's values at the cursor: s, a(s), a′(s), in words for the slider too. */
function showValues(v, t, r) {
  const f = symbolOf(r.activation);
  const s = fixed(r.s, 2), a = fixed(r.a, 4), da = fixed(r.da, 4);
  v.readout.replaceChildren(
    elProps("span", {}, "s = ", elProps("span", { className: "nbw-aplot__s" }, s)),
    elProps("span", {}, `a(s) = ${f}(${s}) = `, elProps("span", { className: "nbw-aplot__a" }, a)),
    elProps("span", {}, `a′(s) = ${f}′(${s}) = `, elProps("span", { className: "nbw-aplot__da" }, da)));
  v.plot.setAttribute("aria-valuetext", t.valueText(s, a, da));
  v.note.textContent = r.s === 0 && r.activation === "relu" ? t.relu0 : r.s === 0 && r.activation === "step" ? t.step0 : "";
}

export function mount(element, ctx) {
  const t = ctx.t;
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(element.dataset.var || "") ? element.dataset.var : "activation_plot";
  // the page may choose the first function (activation=…); Python says if it cannot plot it
  let state = { activation: element.dataset.activation || "sigmoid", s: 0 };
  const curves = {}; // name → {s, a, da} from nnbook
  let last = null; // the last values from Python: {activation, s, a, da}
  let cursorLayer = null;
  const v = pageView(t, name, `nbw-aplot-${++uid}`);
  element.append(v.root);

  const draw = () => {
    cursorLayer = drawChart(v, state.activation, curves[state.activation]);
    drawCursor(v, cursorLayer, state, last, curves[state.activation]);
  };
  const pick = (key) => { state = { ...state, activation: key }; draw(); write(); };
  const moveTo = (s) => {
    s = onGrid(s);
    if (s === state.s) return;
    state = { ...state, s };
    drawCursor(v, cursorLayer, state, last, curves[state.activation]);
    write();
  };
  v.plot.addEventListener("keydown", (ev) => {
    const step = { ArrowRight: 0.1, ArrowUp: 0.1, ArrowLeft: -0.1, ArrowDown: -0.1, PageUp: 1, PageDown: -1 }[ev.key];
    if (step !== undefined) moveTo(state.s + step);
    else if (ev.key === "Home") moveTo(S_MIN);
    else if (ev.key === "End") moveTo(S_MAX);
    else return;
    ev.preventDefault();
  });
  const fromPointer = (ev) => {
    const box = v.chart.getBoundingClientRect();
    if (box.width) moveTo(sAt(((ev.clientX - box.left) / box.width) * VIEW.w));
  };
  v.plot.addEventListener("pointermove", fromPointer);
  v.plot.addEventListener("pointerdown", fromPointer);

  // ---- Python: a move writes the variable; a read (first, and after a cell ran) follows it ----
  const link = ctx.link({
    fn: "sync",
    args: (change) => ({ var: name, state: change ?? state, write: change !== undefined,
      have: Object.keys(curves), lang: ctx.lang }),
    merge: (older, newer) => newer,
    onAnswer(r, change) {
      v.error.textContent = "";
      showMenu(v, t, r.activations, pick);
      if (r.curve) curves[r.activation] = r.curve;
      last = r;
      if (change === undefined) state = { activation: r.activation, s: r.s };
      showValues(v, t, r);
      draw();
    },
    onError(message) {
      v.error.textContent = `${t.pythonSays} ${problemText(message)}`;
    },
  });
  const write = () => link.send({ ...state });

  // before Python answers: nnbook's menu and the starting function, rendered by the build (data-defaults)
  if (element.dataset.defaults) {
    const d = JSON.parse(element.dataset.defaults);
    showMenu(v, t, d.activations, pick);
    if (!element.dataset.activation) state = { ...d.state };
  }
  draw();
  ctx.onChange(() => link.refresh());
  link.refresh();
  return { destroy() { link.destroy(); } };
}
