// Neuron explorer (`::: widget neuron-explorer [var=neuron]`): one unit with
// one or two inputs, s = w1 x1 + w2 x2 − θ = wᵀx, y = a(s).
//
// It shares the page variable `neuron` (or the name given by var=) with the
// cells:
//   neuron = {"x": [x1, x2], "w": [w1, w2, θ], "activation": "step"}
// (one input: "x": [x1], "w": [w1, θ]). Moving a control assigns a new dict
// to it; a cell that assigns it moves the controls. Every number shown comes
// from nnbook in the page's Python session (nnbook.widgets.neuron.explore).
import { elProps, installStyle, svgText } from "./kit/dom.mjs";

const LABELS = {
  en: {
    title: "Neuron explorer",
    shares: "shares the Python variable",
    inputs: "Inputs",
    oneInput: "1 input", twoInputs: "2 inputs",
    weights: "Weights and threshold",
    threshold: "θ (threshold)",
    activation: "Activation function a",
    names: { step: "step", sigmoid: "sigmoid σ", tanh: "tanh", relu: "ReLU R", identity: "identity" },
    presets: "Presets (step activation)",
    presetLabel: (g) => `Preset ${g}`,
    xorHint: "XOR? No single unit computes it: see “Why XOR needs a hidden layer” below.",
    waiting: "waiting for Python…",
    table: "Truth table: the unit's output for inputs 0 and 1",
    computes: "With inputs 0 and 1 this unit computes:",
    notBoolean: "(its outputs are not all 0 or 1, so it is no logic gate)",
    always: (v) => `always ${v}`,
    current: "current input",
    error: "Python says:",
    diagram: (d) => `Diagram of the unit: ${d}`,
    result: "Result",
  },
  ja: {
    title: "ニューロン・エクスプローラー",
    shares: "共有する Python の変数:",
    inputs: "入力",
    oneInput: "入力 1 個", twoInputs: "入力 2 個",
    weights: "重みと閾値",
    threshold: "θ (閾値)",
    activation: "活性化関数 a",
    names: { step: "ステップ関数", sigmoid: "シグモイド σ", tanh: "tanh", relu: "ReLU R", identity: "恒等関数" },
    presets: "プリセット (ステップ関数)",
    presetLabel: (g) => `プリセット ${g}`,
    xorHint: "XOR は? 1 つのユニットでは計算できません。下の「XOR に隠れ層が要る理由」を見てください。",
    waiting: "Python を待っています…",
    table: "真理値表: 入力が 0 と 1 のときのユニットの出力",
    computes: "入力が 0 と 1 のとき、このユニットが計算するのは:",
    notBoolean: "(出力がすべて 0 か 1 ではないので、論理ゲートではありません)",
    always: (v) => `常に ${v}`,
    current: "現在の入力",
    error: "Python のエラー:",
    diagram: (d) => `ユニットの図: ${d}`,
    result: "結果",
  },
};

const ACTIVATIONS = ["step", "sigmoid", "tanh", "relu", "identity"];
// How y = a(s) is written: σ(s), tanh(s), R(s), step(s); the identity is y = s.
const SYMBOL = { step: "step", sigmoid: "σ", tanh: "tanh", relu: "R", identity: "" };
const PRESETS = {
  AND: { x: [1, 1], w: [1, 1, 1.5], activation: "step" },
  OR: { x: [1, 0], w: [1, 1, 0.5], activation: "step" },
  NOT: { x: [0], w: [-1, -0.5], activation: "step" },
};
const RANGE = { x: [0, 1, 0.1], w: [-3, 3, 0.1] };

const STYLE = `
.nbw-neuron { border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem;
  padding: .6rem .7rem; font-size: .75rem; max-width: 100%; box-sizing: border-box; }
.nbw-neuron__title { margin: 0 0 .4rem; font-weight: 700; }
.nbw-neuron__title code { font-weight: 400; }
.nbw-neuron__controls { display: flex; flex-wrap: wrap; gap: .5rem; }
.nbw-neuron fieldset { flex: 1 1 15rem; min-width: 0; margin: 0; padding: .3rem .5rem .5rem;
  border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem; }
.nbw-neuron legend { padding: 0 .3rem; font-weight: 700; }
.nbw-neuron__slider { display: grid; grid-template-columns: 6.6em minmax(0, 1fr) 3em;
  align-items: center; gap: .4rem; margin: .15rem 0; }
.nbw-neuron__slider[hidden] { display: none; }
.nbw-neuron__slider input { width: 100%; margin: 0; accent-color: var(--md-primary-fg-color); }
.nbw-neuron__value { font-family: var(--md-code-font-family); text-align: right; }
.nbw-neuron__choices { display: flex; flex-wrap: wrap; gap: .2rem .8rem; }
.nbw-neuron__choices label { display: inline-flex; align-items: center; gap: .25rem; white-space: nowrap; }
.nbw-neuron__presets { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.md-typeset .nbw-neuron__presets .nb-button { margin: 0; }
.nbw-neuron__hint { margin: .4rem 0 0; font-size: .7rem; }
.nbw-neuron .nbw-neuron__diagram { display: block; width: 100%; max-width: 20rem; height: auto; margin: .4rem auto; }
.nbw-neuron__diagram text { fill: var(--md-default-fg-color); font-size: 12px; font-family: var(--md-text-font-family, sans-serif); }
.nbw-neuron__diagram .halo { paint-order: stroke; stroke: var(--md-default-bg-color); stroke-width: 6px; stroke-linejoin: round; }
.nbw-neuron__diagram .node { fill: var(--md-default-bg-color); stroke: var(--md-default-fg-color); stroke-width: 1.5; }
.nbw-neuron__diagram .arrow { stroke: var(--md-default-fg-color); stroke-width: 1.5; }
.nbw-neuron__diagram .pos { stroke: var(--nbw-neuron-pos); }
.nbw-neuron__diagram .neg { stroke: var(--nbw-neuron-neg); stroke-dasharray: 5 3; }
.nbw-neuron__diagram .zero { stroke: var(--md-default-fg-color--lighter); stroke-dasharray: 1 3; }
.nbw-neuron { --nbw-neuron-pos: #2166ac; --nbw-neuron-neg: #b2182b; }
[data-md-color-scheme="slate"] .nbw-neuron { --nbw-neuron-pos: #7fb3e0; --nbw-neuron-neg: #f4908a; }
.nbw-neuron__result { margin: .5rem 0 0; padding: .4rem .6rem; background: var(--md-code-bg-color);
  border-radius: .2rem; font-family: var(--md-code-font-family); overflow-x: auto; }
.nbw-neuron__result p { margin: .1rem 0; white-space: pre; }
.nbw-neuron__sy { font-weight: 700; }
.nbw-neuron__error { color: #b71c1c; margin: .4rem 0 0; white-space: pre-wrap; }
[data-md-color-scheme="slate"] .nbw-neuron__error { color: #ef9a9a; }
.nbw-neuron__error:empty { display: none; }
.md-typeset .nbw-neuron__table { margin: .5rem 0 0; border-collapse: collapse; font-size: .7rem; display: table; min-width: min(100%, 16rem); }
.md-typeset .nbw-neuron__table caption { text-align: left; padding-bottom: .2rem; font-weight: 700; }
.md-typeset .nbw-neuron__table th, .md-typeset .nbw-neuron__table td {
  padding: .1rem .6rem; border-bottom: 1px solid var(--md-default-fg-color--lightest);
  text-align: right; font-family: var(--md-code-font-family); }
.md-typeset .nbw-neuron__table tr.is-current td { font-weight: 700; background: var(--md-code-bg-color); }
.nbw-neuron__gate { margin: .3rem 0 0; }
.nbw-neuron__gate strong { font-family: var(--md-code-font-family); }
`;

let uid = 0;

/** A symbol with a subscript: w₁ as "w" + <sub>1</sub>. */
function sym(base, sub) {
  return sub === undefined ? document.createTextNode(base) : elProps("span", {}, base, elProps("sub", {}, String(sub)));
}

/** A number as the page shows it: at most 4 decimals, a real minus sign. */
function fmt(value, digits = 4) {
  if (!Number.isFinite(value)) return String(value);
  let text = value.toFixed(digits);
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  if (/^-0$/.test(text)) text = "0";
  return text.replace("-", "−");
}

/** y as shown: 0 or 1 for the step function, else 4 decimals (aligned in the table). */
function fmtY(value, activation) {
  if (activation === "step" || !Number.isFinite(value)) return fmt(value);
  const text = value.toFixed(4);
  return (/^-0\.0+$/.test(text) ? text.slice(1) : text).replace("-", "−");
}

/** In a product a negative factor is bracketed: 1·(−0.5). */
function factor(value) {
  const text = fmt(value);
  return value < 0 && text !== "0" ? `(${text})` : text;
}

function clamp(v, [lo, hi]) {
  return Math.min(Math.max(v, lo), hi);
}

export function mount(element, ctx) {
  installStyle("nbw-neuron-style", STYLE);
  const t = LABELS[ctx.lang] || LABELS.en;
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(element.dataset.var || "") ? element.dataset.var : "neuron";
  const id = `nbw-neuron-${++uid}`;
  let destroyed = false;

  // The widget's own copy of the unit; `spare` keeps x2 and w2 while one input is shown.
  let unit = { x: [...PRESETS.AND.x], w: [...PRESETS.AND.w], activation: "step" };
  let spare = { x2: 0, w2: 1 };

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

  const activationRadios = {};
  function activationRadio(key) {
    const input = elProps("input", { type: "radio", name: `${id}-activation`, value: key });
    input.addEventListener("change", () => {
      if (!input.checked) return;
      unit.activation = key;
      write();
    });
    activationRadios[key] = input;
    return elProps("label", {}, input, t.names[key]);
  }

  const inputs = elProps("fieldset", {}, elProps("legend", {}, t.inputs),
    elProps("div", { className: "nbw-neuron__choices" }, countRadio(1, t.oneInput), countRadio(2, t.twoInputs)),
    slider("x1", [sym("x", 1)], RANGE.x), slider("x2", [sym("x", 2)], RANGE.x));
  const weights = elProps("fieldset", {}, elProps("legend", {}, t.weights),
    slider("w1", [sym("w", 1)], RANGE.w), slider("w2", [sym("w", 2)], RANGE.w),
    slider("theta", [t.threshold], RANGE.w));
  const activation = elProps("fieldset", {}, elProps("legend", {}, t.activation),
    elProps("div", { className: "nbw-neuron__choices" }, ...ACTIVATIONS.map(activationRadio)));
  const presetButtons = Object.keys(PRESETS).map((preset) => {
    const b = elProps("button", { type: "button", className: "md-button nb-button", "aria-label": t.presetLabel(preset) }, preset);
    b.addEventListener("click", () => applyPreset(preset));
    return b;
  });
  const presets = elProps("fieldset", {}, elProps("legend", {}, t.presets),
    elProps("div", { className: "nbw-neuron__presets" }, ...presetButtons),
    elProps("p", { className: "nbw-neuron__hint" }, t.xorHint));

  const diagram = svgText("svg", { class: "nbw-neuron__diagram", viewBox: "0 0 320 150", role: "img" });
  const formula = elProps("div", { className: "nbw-neuron__result", role: "group", "aria-label": t.result, "aria-live": "polite" },
    elProps("p", {}, t.waiting));
  const table = elProps("table", { className: "nbw-neuron__table" });
  const gate = elProps("p", { className: "nbw-neuron__gate" });
  const error = elProps("p", { className: "nbw-neuron__error", role: "alert" });

  root.append(title, diagram, elProps("div", { className: "nbw-neuron__controls" }, inputs, weights, activation, presets),
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
      s.value.textContent = fmt(v);
      // the slider cannot show a value outside its range; say the real one
      s.input.setAttribute("aria-valuetext", fmt(v));
    }
    sliders.x2.row.hidden = sliders.w2.row.hidden = n === 1;
    for (const key of ACTIVATIONS) activationRadios[key].checked = unit.activation === key;
  }

  function onSlider(key, v) {
    const n = unit.x.length;
    if (key === "x1") unit.x[0] = v;
    else if (key === "x2") unit.x[1] = v;
    else if (key === "w1") unit.w[0] = v;
    else if (key === "w2") unit.w[1] = v;
    else unit.w[n] = v;
    sliders[key].value.textContent = fmt(v);
    sliders[key].input.setAttribute("aria-valuetext", fmt(v));
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
    const p = PRESETS[preset];
    if (unit.x.length === 2 && p.x.length === 1) spare = { x2: unit.x[1], w2: unit.w[1] };
    unit = { x: [...p.x], w: [...p.w], activation: p.activation };
    showControls();
    write();
  }

  // ---- Python: at most one evaluation in flight; the latest request wins ----
  let inFlight = 0;
  let pending = null; // {kind: "read"} | {kind: "write"}

  const json = (value) => JSON.stringify(JSON.stringify(value)); // a Python string literal
  function code(kind) {
    const lines = ["import json as _json", "import nnbook.widgets.neuron as _nnbook_neuron"];
    if (kind === "write") lines.push(`${name} = _nnbook_neuron.normalise(_json.loads(${json(unit)}))`);
    else lines.push(`if "${name}" not in globals():`, `    ${name} = _nnbook_neuron.normalise(_json.loads(${json(unit)}))`);
    lines.push(`_nnbook_neuron.explore(${name})`);
    return lines.join("\n");
  }

  function request(kind) {
    // a write carries the reader's latest move: a read must not replace it
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
      error.textContent = "";
      if (kind === "read" && newest) {
        const v = result.value;
        if (v.x.length === 2) spare = { x2: v.x[1], w2: v.w[1] };
        unit = { x: v.x, w: v.w, activation: v.activation };
        showControls();
      }
      if (newest) show(result.value);
      if (kind === "write") ctx.changed();
    } else {
      const lines = String(result.error || "").trim().split("\n");
      error.textContent = `${t.error} ${lines[lines.length - 1]}`;
    }
    pump();
  }

  // ---- a result → the page ----
  function show(r) {
    const n = r.x.length;
    const idx = n === 2 ? [1, 2] : [1];
    // s = w1x1 + w2x2 − θ
    const line1 = elProps("p", {}, "s = ");
    idx.forEach((i, k) => line1.append(k ? " + " : "", sym("w", i), sym("x", i)));
    line1.append(" − θ");
    const line2 = elProps("p", {}, "  = " + idx.map((i) => `${factor(r.w[i - 1])}·${factor(r.x[i - 1])}`).join(" + ")
      + ` − ${factor(r.w[n])} = `, elProps("span", { className: "nbw-neuron__s" }, fmt(r.s)));
    const f = SYMBOL[r.activation];
    const line3 = elProps("p", { className: "nbw-neuron__sy" },
      f ? `y = ${f}(s) = ${f}(${fmt(r.s)}) = ` : "y = s = ", elProps("span", { className: "nbw-neuron__y" }, fmtY(r.y, r.activation)));
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
      for (const v of row.x) tr.append(elProps("td", {}, fmt(v)));
      tr.append(elProps("td", {}, fmt(row.s)), elProps("td", {}, fmtY(row.y, r.activation)));
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
      parts.push(svgText("text", { x: 44, y: y + 4, "text-anchor": "middle" }, fmt(value, 2)));
      if (index) parts.push(label({ x: 2, y: y + 4, "font-style": "italic" }, "x", index));
      const mx = 60 + (unitX - radius - 60) * 0.45, my = y + (unitY - y) * 0.45;
      const at = { x: mx, y: my - 5, "text-anchor": "middle", class: "halo" };
      parts.push(index ? label(at, "w", index, ` = ${fmt(w, 2)}`) : label(at, `θ = ${fmt(w, 2)}`));
    });
    parts.push(svgText("circle", { cx: unitX, cy: unitY, r: radius, class: "node" }));
    parts.push(svgText("text", { x: unitX, y: unitY - 4, "text-anchor": "middle", "font-style": "italic" }, "s"));
    parts.push(svgText("text", { x: unitX, y: unitY + 12, "text-anchor": "middle" }, fmt(r.s, 2)));
    parts.push(svgText("line", { x1: unitX + radius, y1: unitY, x2: 300, y2: unitY, class: "arrow" }));
    parts.push(svgText("path", { d: `M300 ${unitY - 5} L310 ${unitY} L300 ${unitY + 5} Z`, fill: "currentColor", class: "arrow" }));
    parts.push(svgText("text", { x: 276, y: unitY - 10, "text-anchor": "middle" }, `y = ${fmt(r.y, 2)}`));
    parts.push(svgText("text", { x: unitX + radius + 22, y: unitY + 20, "text-anchor": "middle" }, SYMBOL[r.activation] || "a"));
    diagram.replaceChildren(...parts);
    const described = [...r.x.map((v, i) => `x${i + 1} = ${fmt(v)}, w${i + 1} = ${fmt(r.w[i])}`),
      `θ = ${fmt(r.w[n])}`, `s = ${fmt(r.s)}`, `y = ${fmt(r.y)}`].join("; ");
    diagram.setAttribute("aria-label", t.diagram(described));
  }

  showControls();
  ctx.onChange(read);
  ctx.beforeCellRun?.(() => { if (pending?.kind === "write") pump(true); });
  read();
  return { destroy() { destroyed = true; } };
}
