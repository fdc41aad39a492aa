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
import { fixed, trimmed } from "./kit/format.mjs";
import { problemText } from "./kit/python.mjs";
import LABELS from "./neuron-explorer.labels.json" with { type: "json" };

export { LABELS };

// How y = a(s) is written: σ(s), tanh(s), R(s), step(s); the identity is y = s;
// an activation nnbook gains later is written by its name.
const SYMBOL = { step: "step", sigmoid: "σ", tanh: "tanh", relu: "R", identity: "" };
const symbolOf = (name) => (Object.hasOwn(SYMBOL, name) ? SYMBOL[name] : name);
const RANGE = { x: [0, 1, 0.1], w: [-3, 3, 0.1] };

let uid = 0;

/** A symbol with a subscript: w₁ as "w" + <sub>1</sub>. */
function sym(base, sub) {
  return sub === undefined ? document.createTextNode(base) : elProps("span", {}, base, elProps("sub", {}, String(sub)));
}

/** y as shown: 0 or 1 for the step function, else 4 decimals (aligned in the table). */
function shownY(value, activation) {
  return activation === "step" ? trimmed(value) : fixed(value, 4);
}

/** In a product a negative factor is bracketed: 1·(−0.5). */
function factor(value) {
  const text = trimmed(value);
  return value < 0 && text !== "0" ? `(${text})` : text;
}

function clamp(v, [lo, hi]) {
  return Math.min(Math.max(v, lo), hi);
}

const copy = (u) => ({ x: [...u.x], w: [...u.w], activation: u.activation });

export function mount(element, ctx) {
  const t = ctx.t;
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(element.dataset.var || "") ? element.dataset.var : "neuron";
  const id = `nbw-neuron-${++uid}`;

  // The widget's own copy of the unit (Python's variable, from the first answer on);
  // `spare` keeps x2 and w2 while one input is shown.
  let unit = null;
  let spare = { x2: 0, w2: 1 };
  let presets = {};     // from Python's first answer

  // ---- the controls ----
  const root = elProps("div", { className: "nbw-neuron", role: "group", "aria-label": t.title });
  const title = elProps("p", { className: "nbw-neuron__title" }, `${t.title} — ${t.shares} `, elProps("code", {}, name));

  const sliders = {};
  function slider(key, label, range) {
    const input = elProps("input", { type: "range", id: `${id}-${key}`, min: range[0], max: range[1], step: range[2] });
    const value = elProps("span", { className: "nbw-neuron__value", "aria-hidden": "true" });
    const row = elProps("div", { className: "nbw-neuron__slider" },
      elProps("label", { for: input.id }, ...label), input, value);
    input.addEventListener("input", () => onSlider(key, Number(input.value)));
    sliders[key] = { input, value, row };
    return row;
  }

  const countRadios = {};
  function countRadio(n, text) {
    const input = elProps("input", { type: "radio", name: `${id}-count`, value: String(n) });
    input.addEventListener("change", () => { if (input.checked) setInputCount(n); });
    countRadios[n] = input;
    return elProps("label", {}, input, text);
  }

  let activationRadios = {};
  function activationRadio(key) {
    const input = elProps("input", { type: "radio", name: `${id}-activation`, value: key });
    input.addEventListener("change", () => {
      if (!input.checked) return;
      unit.activation = key;
      write();
    });
    activationRadios[key] = input;
    return elProps("label", {}, input, t.names[key] ?? key);
  }

  const inputs = elProps("fieldset", {}, elProps("legend", {}, t.inputs),
    elProps("div", { className: "nbw-neuron__choices" }, countRadio(1, t.oneInput), countRadio(2, t.twoInputs)),
    slider("x1", [sym("x", 1)], RANGE.x), slider("x2", [sym("x", 2)], RANGE.x));
  const weights = elProps("fieldset", {}, elProps("legend", {}, t.weights),
    slider("w1", [sym("w", 1)], RANGE.w), slider("w2", [sym("w", 2)], RANGE.w),
    slider("theta", [t.threshold], RANGE.w));
  const activationChoices = elProps("div", { className: "nbw-neuron__choices" }, t.waiting);
  const activation = elProps("fieldset", {}, elProps("legend", {}, t.activation), activationChoices);
  const presetRow = elProps("div", { className: "nbw-neuron__presets" }, t.waiting);
  const presetSet = elProps("fieldset", {}, elProps("legend", {}, t.presets), presetRow,
    elProps("p", { className: "nbw-neuron__hint" }, t.xorHint));

  /** The menus Python sends: nnbook's activations and the presets. */
  function showMenus(names, given) {
    if (!Object.keys(activationRadios).length || names.join() !== Object.keys(activationRadios).join()) {
      activationRadios = {};
      activationChoices.replaceChildren(...names.map(activationRadio));
    }
    if (!presetRow.querySelector("button") || Object.keys(given).join() !== Object.keys(presets).join()) {
      presetRow.replaceChildren(...Object.keys(given).map((preset) => {
        const b = elProps("button", { type: "button", className: "md-button nb-button", "aria-label": t.presetLabel(preset) }, preset);
        b.addEventListener("click", () => applyPreset(preset));
        return b;
      }));
    }
    presets = given;
  }

  const diagram = svgText("svg", { class: "nbw-neuron__diagram", viewBox: "0 0 320 150", role: "img" });
  const formula = elProps("div", { className: "nbw-neuron__result", role: "group", "aria-label": t.result, "aria-live": "polite" },
    elProps("p", {}, t.waiting));
  const table = elProps("table", { className: "nbw-neuron__table" });
  const gate = elProps("p", { className: "nbw-neuron__gate" });
  const error = elProps("p", { className: "nbw-neuron__error", role: "alert" });

  // the controls wait for the unit Python holds
  const fieldsets = [inputs, weights, activation, presetSet];
  for (const f of fieldsets) f.disabled = true;
  root.append(title, diagram, elProps("div", { className: "nbw-neuron__controls" }, ...fieldsets),
    formula, error, table, gate);
  element.append(root);

  // ---- local state → controls ----
  function showControls() {
    const n = unit.x.length;
    countRadios[1].checked = n === 1;
    countRadios[2].checked = n === 2;
    const values = { x1: unit.x[0], x2: n === 2 ? unit.x[1] : spare.x2, w1: unit.w[0],
      w2: n === 2 ? unit.w[1] : spare.w2, theta: unit.w[n] };
    for (const [key, v] of Object.entries(values)) {
      const s = sliders[key];
      const range = key.startsWith("x") ? RANGE.x : RANGE.w;
      s.input.value = String(clamp(v, range));
      s.value.textContent = trimmed(v);
      // the slider cannot show a value outside its range; say the real one
      s.input.setAttribute("aria-valuetext", trimmed(v));
    }
    sliders.x2.row.hidden = sliders.w2.row.hidden = n === 1;
    for (const [key, radio] of Object.entries(activationRadios)) radio.checked = unit.activation === key;
  }

  function onSlider(key, v) {
    const n = unit.x.length;
    if (key === "x1") unit.x[0] = v;
    else if (key === "x2") unit.x[1] = v;
    else if (key === "w1") unit.w[0] = v;
    else if (key === "w2") unit.w[1] = v;
    else unit.w[n] = v;
    sliders[key].value.textContent = trimmed(v);
    sliders[key].input.setAttribute("aria-valuetext", trimmed(v));
    write();
  }

  function setInputCount(n) {
    if (unit.x.length === n) return;
    const theta = unit.w[unit.w.length - 1];
    if (n === 1) {
      spare = { x2: unit.x[1], w2: unit.w[1] };
      unit = { ...unit, x: [unit.x[0]], w: [unit.w[0], theta] };
    } else {
      unit = { ...unit, x: [unit.x[0], spare.x2], w: [unit.w[0], spare.w2, theta] };
    }
    showControls();
    write();
  }

  function applyPreset(preset) {
    const p = presets[preset];
    if (unit.x.length === 2 && p.x.length === 1) spare = { x2: unit.x[1], w2: unit.w[1] };
    unit = copy(p);
    showControls();
    write();
  }

  // ---- Python: a move writes the variable; a read (first, and after a cell ran) follows it ----
  const link = ctx.link({
    fn: "sync",
    args: (change) => ({ var: name, unit: change ?? null, write: change !== undefined, lang: ctx.lang }),
    merge: (older, newer) => newer,
    onAnswer(r, change) {
      error.textContent = "";
      showMenus(r.activations, r.presets);
      if (change === undefined) {
        // a read: the page's variable moves the controls
        if (r.x.length === 2) spare = { x2: r.x[1], w2: r.w[1] };
        unit = copy(r);
        for (const f of fieldsets) f.disabled = false;
        showControls();
      }
      show(r);
    },
    onError(message) {
      error.textContent = `${t.pythonSays} ${problemText(message)}`;
    },
  });
  const write = () => link.send(copy(unit));

  // ---- a result → the page ----
  function show(r) {
    const n = r.x.length;
    const idx = n === 2 ? [1, 2] : [1];
    // s = w1x1 + w2x2 − θ
    const line1 = elProps("p", {}, "s = ");
    idx.forEach((i, k) => line1.append(k ? " + " : "", sym("w", i), sym("x", i)));
    line1.append(" − θ");
    const line2 = elProps("p", {}, "  = " + idx.map((i) => `${factor(r.w[i - 1])}·${factor(r.x[i - 1])}`).join(" + ")
      + ` − ${factor(r.w[n])} = `, elProps("span", { className: "nbw-neuron__s" }, trimmed(r.s)));
    const f = symbolOf(r.activation);
    const line3 = elProps("p", { className: "nbw-neuron__sy" },
      f ? `y = ${f}(s) = ${f}(${trimmed(r.s)}) = ` : "y = s = ", elProps("span", { className: "nbw-neuron__y" }, shownY(r.y, r.activation)));
    formula.replaceChildren(line1, line2, line3);
    drawDiagram(r);
    drawTable(r);
  }

  function drawTable(r) {
    const n = r.x.length;
    const head = elProps("tr", {});
    for (let i = 1; i <= n; i++) head.append(elProps("th", { scope: "col" }, sym("x", i)));
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

  function drawDiagram(r) {
    const n = r.x.length;
    const rows = n === 2 ? [28, 75, 122] : [45, 105];
    const unitX = 200, unitY = 75, radius = 26;
    const parts = [];
    const inputs = [...r.x.map((v, i) => [v, String(i + 1)]), [-1, null]];
    inputs.forEach(([value, index], i) => {
      const y = rows[i];
      const w = r.w[i];
      const kind = w > 0 ? "pos" : w < 0 ? "neg" : "zero";
      parts.push(svgText("line", { x1: 60, y1: y, x2: unitX - radius, y2: unitY, class: `edge ${kind}`,
        "stroke-width": Math.min(1 + 1.5 * Math.abs(w), 6).toFixed(2) }));
      parts.push(svgText("circle", { cx: 44, cy: y, r: 16, class: "node" }));
      parts.push(svgText("text", { x: 44, y: y + 4, "text-anchor": "middle" }, trimmed(value, 2)));
      if (index) parts.push(label({ x: 2, y: y + 4, "font-style": "italic" }, "x", index));
      const mx = 60 + (unitX - radius - 60) * 0.45, my = y + (unitY - y) * 0.45;
      const at = { x: mx, y: my - 5, "text-anchor": "middle", class: "halo" };
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

  // before Python answers: nnbook's menu, presets and starting unit, rendered by the build
  // (data-defaults), the controls still disabled
  if (element.dataset.defaults) {
    const d = JSON.parse(element.dataset.defaults);
    showMenus(d.activations, d.presets);
    unit = copy(d.unit);
    showControls();
  }
  ctx.onChange(() => link.refresh());
  link.refresh();
  return { destroy() { link.destroy(); } };
}
