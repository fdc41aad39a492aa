// Neuron explorer (`::: widget neuron-explorer [var=neuron]`): one unit with
// one or two inputs, s = w1 x1 + w2 x2 − θ = wᵀx, y = a(s).
//
// It shares the page variable `neuron` (or the name given by var=) with the
// cells:
//   neuron = {"x": [x1, x2], "w": [w1, w2, θ], "activation": "step"}
// (one input: "x": [x1], "w": [w1, θ]). Moving a control assigns a new dict
// to it; a cell that assigns it moves the controls. Every number shown, the
// menu of activations and the presets come from nnbook in the page's Python
// session (nnbook.widgets.neuron_explorer.sync).
import { elProps, svgText } from "./kit/dom.mjs";
import { trimmed } from "./kit/format.mjs";
import { RANGE, copy, factor, shownY, sliderValues, symbolOf, withInputs, withPreset, withSlider } from "./kit/neuron-state.mjs";
import { problemText } from "./kit/python.mjs";
import LABELS from "./neuron-explorer.labels.json" with { type: "json" };

export { LABELS };

let uid = 0;

/** A symbol with a subscript: w₁ as "w" + <sub>1</sub>. */
function sym(base, sub) {
  return sub === undefined ? document.createTextNode(base) : elProps("span", {}, base, elProps("sub", {}, String(sub)));
}

function clamp(v, [lo, hi]) {
  return Math.min(Math.max(v, lo), hi);
}

/** The four fieldsets (inputs, weights, activation, presets), disabled until Python holds the unit. */
function controlsView(t, id, on) {
  const sliders = {};
  const slider = (key, label, range) => {
    const input = elProps("input", { type: "range", id: `${id}-${key}`, min: range[0], max: range[1], step: range[2] });
    const value = elProps("span", { className: "nbw-neuron__value", "aria-hidden": "true" });
    const row = elProps("div", { className: "nbw-neuron__slider" }, elProps("label", { for: input.id }, ...label), input, value);
    input.addEventListener("input", () => on.slider(key, Number(input.value)));
    sliders[key] = { input, value, row };
    return row;
  };
  const countRadios = {};
  const countRadio = (n, text) => {
    const input = elProps("input", { type: "radio", name: `${id}-count`, value: String(n) });
    input.addEventListener("change", () => { if (input.checked) on.count(n); });
    countRadios[n] = input;
    return elProps("label", {}, input, text);
  };
  const inputs = elProps("fieldset", {}, elProps("legend", {}, t.inputs),
    elProps("div", { className: "nbw-neuron__choices" }, countRadio(1, t.oneInput), countRadio(2, t.twoInputs)),
    slider("x1", [sym("x", 1)], RANGE.x), slider("x2", [sym("x", 2)], RANGE.x));
  const weights = elProps("fieldset", {}, elProps("legend", {}, t.weights),
    slider("w1", [sym("w", 1)], RANGE.w), slider("w2", [sym("w", 2)], RANGE.w), slider("theta", [t.threshold], RANGE.w));
  const activationChoices = elProps("div", { className: "nbw-neuron__choices" }, t.waiting);
  const activation = elProps("fieldset", {}, elProps("legend", {}, t.activation), activationChoices);
  const presetRow = elProps("div", { className: "nbw-neuron__presets" }, t.waiting);
  const presets = elProps("fieldset", {}, elProps("legend", {}, t.presets), presetRow,
    elProps("p", { className: "nbw-neuron__hint" }, t.xorHint));
  const fieldsets = [inputs, weights, activation, presets];
  for (const f of fieldsets) f.disabled = true;
  return { id, sliders, countRadios, activationChoices, activationRadios: {}, presetRow, presetNames: [], fieldsets };
}

/** The menus Python sends: nnbook's activations and the presets (rebuilt only when they change). */
function showMenus(c, t, names, presets, on) {
  if (names.join() !== Object.keys(c.activationRadios).join()) {
    c.activationRadios = {};
    c.activationChoices.replaceChildren(...names.map((key) => {
      const input = elProps("input", { type: "radio", name: `${c.id}-activation`, value: key });
      input.addEventListener("change", () => { if (input.checked) on.activation(key); });
      c.activationRadios[key] = input;
      return elProps("label", {}, input, t.names[key] ?? key);
    }));
  }
  if (Object.keys(presets).join() !== c.presetNames.join() || !c.presetRow.querySelector("button")) {
    c.presetRow.replaceChildren(...Object.keys(presets).map((preset) => {
      const b = elProps("button", { type: "button", className: "md-button nb-button", "aria-label": t.presetLabel(preset) }, preset);
      b.addEventListener("click", () => on.preset(preset));
      return b;
    }));
    c.presetNames = Object.keys(presets);
  }
}

/** The controls as the unit is (a slider cannot show a value outside its range: it says the real one). */
function showControls(c, unit, spare) {
  const n = unit.x.length;
  c.countRadios[1].checked = n === 1;
  c.countRadios[2].checked = n === 2;
  for (const [key, v] of Object.entries(sliderValues(unit, spare))) {
    const s = c.sliders[key];
    s.input.value = String(clamp(v, key.startsWith("x") ? RANGE.x : RANGE.w));
    s.value.textContent = trimmed(v);
    s.input.setAttribute("aria-valuetext", trimmed(v));
  }
  c.sliders.x2.row.hidden = c.sliders.w2.row.hidden = n === 1;
  for (const [key, radio] of Object.entries(c.activationRadios)) radio.checked = unit.activation === key;
}

/** s = w1x1 + w2x2 − θ, its numbers, and y = a(s). */
function formulaLines(r) {
  const n = r.x.length;
  const idx = n === 2 ? [1, 2] : [1];
  const line1 = elProps("p", {}, "s = ");
  idx.forEach((i, k) => line1.append(k ? " + " : "", sym("w", i), sym("x", i)));
  line1.append(" − θ");
  const line2 = elProps("p", {}, "  = " + idx.map((i) => `${factor(r.w[i - 1])}·${factor(r.x[i - 1])}`).join(" + ")
    + ` − ${factor(r.w[n])} = `, elProps("span", { className: "nbw-neuron__s" }, trimmed(r.s)));
  const f = symbolOf(r.activation);
  const line3 = elProps("p", { className: "nbw-neuron__sy" },
    f ? `y = ${f}(s) = ${f}(${trimmed(r.s)}) = ` : "y = s = ", elProps("span", { className: "nbw-neuron__y" }, shownY(r.y, r.activation)));
  return [line1, line2, line3];
}

/** The truth table for inputs of 0s and 1s, the current input marked, and the gate it computes. */
function drawTable(table, gate, r, t) {
  const head = elProps("tr", {});
  for (let i = 1; i <= r.x.length; i++) head.append(elProps("th", { scope: "col" }, sym("x", i)));
  head.append(elProps("th", { scope: "col" }, "s"), elProps("th", { scope: "col" }, "y"));
  const body = elProps("tbody", {});
  for (const row of r.table) {
    const current = row.x.every((v, i) => v === r.x[i]);
    const tr = elProps("tr", current ? { className: "is-current", "aria-current": "true" } : {});
    for (const v of row.x) tr.append(elProps("td", {}, trimmed(v)));
    tr.append(elProps("td", {}, trimmed(row.s)), elProps("td", {}, shownY(row.y, r.activation)));
    body.append(tr);
  }
  table.replaceChildren(elProps("caption", {}, t.table), elProps("thead", {}, head), body);
  if (r.gate === null) gate.replaceChildren(t.computes, " ", t.notBoolean);
  else {
    const g = r.gate === "0" || r.gate === "1" ? t.always(r.gate) : r.gate;
    gate.replaceChildren(t.computes, " ", elProps("strong", { className: "nbw-neuron__gate-name" }, g));
  }
}

/** SVG text "w₁ = 0.5": base, a subscript, then the rest. */
function label(attrs, base, sub, rest = "") {
  const text = svgText("text", attrs);
  text.append(base);
  if (sub) text.append(svgText("tspan", { "baseline-shift": "sub", "font-size": "9" }, sub));
  if (rest) text.append(rest);
  return text;
}

/** The unit as a picture: its inputs (and the −1 of θ) with weighted edges, s, and y = a(s). */
function drawDiagram(diagram, r, t) {
  const n = r.x.length;
  const rows = n === 2 ? [28, 75, 122] : [45, 105];
  const unitX = 200, unitY = 75, radius = 26;
  const parts = [];
  [...r.x.map((v, i) => [v, String(i + 1)]), [-1, null]].forEach(([value, index], i) => {
    const y = rows[i];
    const w = r.w[i];
    const kind = w > 0 ? "pos" : w < 0 ? "neg" : "zero";
    parts.push(svgText("line", { x1: 60, y1: y, x2: unitX - radius, y2: unitY, class: `edge ${kind}`,
      "stroke-width": Math.min(1 + 1.5 * Math.abs(w), 6).toFixed(2) }));
    parts.push(svgText("circle", { cx: 44, cy: y, r: 16, class: "node" }));
    parts.push(svgText("text", { x: 44, y: y + 4, "text-anchor": "middle" }, trimmed(value, 2)));
    if (index) parts.push(label({ x: 2, y: y + 4, "font-style": "italic" }, "x", index));
    const at = { x: 60 + (unitX - radius - 60) * 0.45, y: y + (unitY - y) * 0.45 - 5, "text-anchor": "middle", class: "halo" };
    parts.push(index ? label(at, "w", index, ` = ${trimmed(w, 2)}`) : label(at, `θ = ${trimmed(w, 2)}`));
  });
  parts.push(svgText("circle", { cx: unitX, cy: unitY, r: radius, class: "node" }));
  parts.push(svgText("text", { x: unitX, y: unitY - 4, "text-anchor": "middle", "font-style": "italic" }, "s"));
  parts.push(svgText("text", { x: unitX, y: unitY + 12, "text-anchor": "middle" }, trimmed(r.s, 2)));
  parts.push(svgText("line", { x1: unitX + radius, y1: unitY, x2: 300, y2: unitY, class: "arrow" }));
  parts.push(svgText("path", { d: `M300 ${unitY - 5} L310 ${unitY} L300 ${unitY + 5} Z`, fill: "currentColor", class: "arrow" }));
  parts.push(svgText("text", { x: 276, y: unitY - 10, "text-anchor": "middle" }, `y = ${trimmed(r.y, 2)}`));
  parts.push(svgText("text", { x: unitX + radius + 22, y: unitY + 20, "text-anchor": "middle" }, symbolOf(r.activation) || "a"));
  diagram.replaceChildren(...parts);
  const described = [...r.x.map((v, i) => `x${i + 1} = ${trimmed(v)}, w${i + 1} = ${trimmed(r.w[i])}`),
    `θ = ${trimmed(r.w[n])}`, `s = ${trimmed(r.s)}`, `y = ${trimmed(r.y)}`].join("; ");
  diagram.setAttribute("aria-label", t.diagram(described));
}

export function mount(element, ctx) {
  const t = ctx.t;
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(element.dataset.var || "") ? element.dataset.var : "neuron";

  // The widget's own copy of the unit (Python's variable, from the first answer on);
  // `spare` keeps x2 and w2 while one input is shown.
  let unit = null;
  let spare = { x2: 0, w2: 1 };
  let presets = {};     // from Python's first answer
  const change = (next) => {
    [unit, spare] = next;
    showControls(c, unit, spare);
    write();
  };
  const on = {
    slider(key, v) { unit = withSlider(unit, key, v); c.sliders[key].value.textContent = trimmed(v);
      c.sliders[key].input.setAttribute("aria-valuetext", trimmed(v)); write(); },
    count: (n) => { if (unit.x.length !== n) change(withInputs(unit, spare, n)); },
    activation: (key) => { unit = { ...unit, activation: key }; write(); },
    preset: (preset) => change(withPreset(unit, spare, presets[preset])),
  };
  const c = controlsView(t, `nbw-neuron-${++uid}`, on);
  const diagram = svgText("svg", { class: "nbw-neuron__diagram", viewBox: "0 0 320 150", role: "img" });
  const formula = elProps("div", { className: "nbw-neuron__result", role: "group", "aria-label": t.result, "aria-live": "polite" },
    elProps("p", {}, t.waiting));
  const table = elProps("table", { className: "nbw-neuron__table" });
  const gate = elProps("p", { className: "nbw-neuron__gate" });
  const error = elProps("p", { className: "nbw-neuron__error", role: "alert" });
  const title = elProps("p", { className: "nbw-neuron__title" }, `${t.title} — ${t.shares} `, elProps("code", {}, name));
  element.append(elProps("div", { className: "nbw-neuron", role: "group", "aria-label": t.title },
    title, diagram, elProps("div", { className: "nbw-neuron__controls" }, ...c.fieldsets), formula, error, table, gate));

  const menus = (activations, given) => { presets = given; showMenus(c, t, activations, given, on); };
  const show = (r) => {
    formula.replaceChildren(...formulaLines(r));
    drawDiagram(diagram, r, t);
    drawTable(table, gate, r, t);
  };
  // ---- Python: a move writes the variable; a read (first, and after a cell ran) follows it ----
  const link = ctx.link({
    fn: "sync",
    args: (moved) => ({ var: name, unit: moved ?? null, write: moved !== undefined, lang: ctx.lang }),
    merge: (older, newer) => newer,
    onAnswer(r, moved) {
      error.textContent = "";
      menus(r.activations, r.presets);
      if (moved === undefined) {
        // a read: the page's variable moves the controls
        if (r.x.length === 2) spare = { x2: r.x[1], w2: r.w[1] };
        unit = copy(r);
        for (const f of c.fieldsets) f.disabled = false;
        showControls(c, unit, spare);
      }
      show(r);
    },
    onError(message) {
      error.textContent = `${t.pythonSays} ${problemText(message)}`;
    },
  });
  const write = () => link.send(copy(unit));

  // before Python answers: nnbook's menu, presets and starting unit with its diagram, formula and
  // truth table, rendered by the build (data-defaults), the controls still disabled
  if (element.dataset.defaults) {
    const d = JSON.parse(element.dataset.defaults);
    menus(d.activations, d.presets);
    unit = copy(d.unit);
    showControls(c, unit, spare);
    show(d.unit);
  }
  ctx.onChange(() => link.refresh());
  link.refresh();
  return { destroy() { link.destroy(); } };
}
