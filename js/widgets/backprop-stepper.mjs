// Backpropagation, step by step (chapter 6).
//
//   ::: widget backprop-stepper      options: net=NAME x=NAME t=NAME (default net, x, t)
//
// For one image x (a slide image, or drawn in a 4×3 grid) and its teacher
// signal t = (t1, t2), the widget walks through the calculation of the
// gradient ∂e/∂w: first the forward values (s_iᴴ and h_i, s_j and z_j, e),
// then the 8 output-layer and 39 hidden-layer gradients in the slides' order
// (the order of net.w: w_11, w_21, w_31, θ_1, w_12, …, θ_3ᴴ), one step at a
// time. Each step shows the chain rule, the slides' formula and the numbers
// put in; the network diagram (chapter 3's drawNetwork) highlights the edge
// of the weight and the units involved; the gradients done so far are listed
// in a table beside the numerical gradient (central differences) and their
// difference.
//
// All numbers come from nnbook in the page's Python session
// (nnbook.widgets.backprop_stepper.sync → trace): one call per change of
// net, x or t; the steps are then taken here, without Python. The first answer
// also brings the slides' images and the teacher signals (nnbook.data).
// Buttons Reset / Previous / Next / Run to end; on them the keys ← → Home End.
// Data attributes for tests: root data-position (steps done), data-steps,
// data-current (the current step's id: "h1", "z2", "e" or a parameter name);
// table rows data-name, cells data-value (full precision).
import { el, svgEl } from "./kit/dom.mjs";
import { significant } from "./kit/format.mjs";
import { drawNetwork, networkSize, paramGroups, prettyName } from "./kit/network.mjs";
import { networkLink } from "./kit/network-state.mjs";
import { PixelGrid, slideRow } from "./kit/pixel-grid.mjs";
import LABELS from "./backprop-stepper.labels.json" with { type: "json" };

export { LABELS };

// ---- writing numbers and symbols ------------------------------------------------

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const sub = (n) => [...String(n)].map((c) => (c === "," ? "," : SUB[c])).join("");
const pair = (k, j) => (k < 10 && j < 10 ? `${k}${j}` : `${k},${j}`);

/** A computed value: n significant digits (kit/format.mjs). */
const num = (v, n = 3) => significant(v, n);
/** A value set by the reader (t): as short as it can be, up to 4 digits. */
const short = (v) => significant(v, 4);
/** A factor in a product: negative numbers in parentheses. */
const factor = (v, n = 3) => (v < 0 ? `(${num(v, n)})` : num(v, n));

const A_NAME = { sigmoid: "σ", tanh: "tanh", relu: "R" };

/** "a′(s₁) = z₁(1 − z₁) = 0.244" for the activations whose a′ reads from the output. */
function primeText(act, s, y, sValue, yValue, prime) {
  if (act === "sigmoid") return `a′(${s}) = ${y}(1 − ${y}) = ${num(yValue)} · ${num(1 - yValue)} = ${num(prime)}`;
  if (act === "tanh") return `a′(${s}) = 1 − ${y}² = 1 − ${factor(yValue)}² = ${num(prime)}`;
  if (act === "relu") return `a′(${s}) = ${sValue > 0 ? `1 (${s} > 0)` : `0 (${s} ≤ 0)`}`;
  return `a′(${s}) = ${num(prime)}`;
}

// ---- the steps, from one trace ----------------------------------------------------

/** The list of steps: forward (h_i, z_j, e), then one per parameter in the order of net.w. */
function buildSteps(d) {
  const [, nH, nZ] = d.sizes;
  const steps = [];
  for (let i = 1; i <= nH; i++) steps.push({ id: `h${i}`, kind: "hidden", i });
  for (let j = 1; j <= nZ; j++) steps.push({ id: `z${j}`, kind: "output", j });
  steps.push({ id: "e", kind: "error" });
  let n = 0;
  for (const g of paramGroups(d.sizes)) {
    g.names.forEach((name, p) => {
      steps.push({ id: name, kind: "gradient", index: n++, layer: g.layer, unit: g.unit,
        k: p < g.nIn ? p + 1 : null, nIn: g.nIn });
    });
  }
  return steps;
}

/** Text and highlights of one step: {title, lines, highlight, units, path}. */
function describe(step, d, t) {
  const [, nH, nZ] = d.sizes;
  const w = (name) => d.w[d.names.indexOf(name)];
  const actH = d.activations[0], act = d.activations[1];
  const allUnits = (l, n) => Array.from({ length: n }, (_, u) => [l, u]);
  if (step.kind === "hidden") {
    const i = step.i;
    const names = Array.from({ length: 12 }, (_, k) => `w_${pair(k + 1, i)}^H`);
    const theta = w(`theta_${i}^H`);
    const terms = [];
    names.forEach((name, k) => {
      const xk = d.x[k];
      if (xk === 0) return;
      terms.push(xk === 1 ? factor(w(name)) : `${factor(w(name))}·${num(xk)}`);
    });
    const sName = `s${sub(i)}ᴴ`;
    const a = A_NAME[actH] || "a";
    return {
      title: t.titleHidden(i),
      lines: [
        `${sName} = ${prettyName(names[0])} x₁ + ${prettyName(names[1])} x₂ + … + ${prettyName(names[11])} x₁₂ − θ${sub(i)}ᴴ`,
        `= ${terms.length ? terms.join(" + ") : "0"} − ${factor(theta)} = ${num(d.s_H[i - 1], 4)}   ${terms.length ? t.lit : t.noneLit}`,
        `h${sub(i)} = a(${sName}) = ${a}(${num(d.s_H[i - 1], 4)}) = ${num(d.h[i - 1], 4)}`,
      ],
      highlight: null,
      units: [...allUnits(0, 12).filter(([, u]) => d.x[u] !== 0), [1, i - 1]],
      path: names,
    };
  }
  if (step.kind === "output") {
    const j = step.j;
    const names = Array.from({ length: nH }, (_, k) => `w_${pair(k + 1, j)}`);
    const a = A_NAME[act] || "a";
    const formula = names.map((name, k) => `${prettyName(name)} h${sub(k + 1)}`).join(" + ");
    const numbers = names.map((name, k) => `${factor(w(name))} · ${num(d.h[k])}`).join(" + ");
    return {
      title: t.titleOutput(j),
      lines: [
        `s${sub(j)} = ${formula} − θ${sub(j)}`,
        `= ${numbers} − ${factor(w(`theta_${j}`))} = ${num(d.s[j - 1], 4)}`,
        `z${sub(j)} = a(s${sub(j)}) = ${a}(${num(d.s[j - 1], 4)}) = ${num(d.z[j - 1], 4)}`,
      ],
      highlight: null,
      units: [...allUnits(1, nH), [2, j - 1]],
      path: names,
    };
  }
  if (step.kind === "error") {
    const sym = Array.from({ length: nZ }, (_, j) => `(t${sub(j + 1)} − z${sub(j + 1)})²`).join(" + ");
    const numbers = Array.from({ length: nZ }, (_, j) => `(${short(d.t[j])} − ${num(d.z[j])})²`).join(" + ");
    return {
      title: t.titleError,
      lines: [`e = (${sym})/2`, `= (${numbers})/2 = ${num(d.e, 4)}`],
      highlight: null,
      units: allUnits(2, nZ),
      path: [],
    };
  }
  // a gradient
  const name = step.id;
  const pretty = prettyName(name);
  const value = d.gradient[step.index];
  const isTheta = step.k === null;
  if (step.layer === 2) {
    const j = step.unit, k = step.k;
    const zj = `z${sub(j)}`, tj = `t${sub(j)}`, sj = `s${sub(j)}`;
    const head = `(${zj} − ${tj}) a′(${sj})`;
    const nums = `(${num(d.z[j - 1])} − ${short(d.t[j - 1])}) · ${num(d.a_prime[j - 1])}`;
    const n = step.index + 1;
    return {
      title: n <= 8 ? t.titleOutGrad(n, pretty) : t.titleGrad(n, d.names.length, pretty),
      lines: [
        `∂e/∂${pretty} = ∂e/∂${zj} · ∂${zj}/∂${sj} · ∂${sj}/∂${pretty}`,
        isTheta ? `= −${head}` : `= ${head} h${sub(k)}`,
        isTheta ? `= −${nums} = ${num(value, 4)}` : `= ${nums} · ${num(d.h[k - 1])} = ${num(value, 4)}`,
        t.primeNote(primeText(act, sj, zj, d.s[j - 1], d.z[j - 1], d.a_prime[j - 1])),
      ],
      highlight: name,
      units: isTheta ? [[2, j - 1]] : [[1, k - 1], [2, j - 1]],
      path: [],
    };
  }
  // hidden layer
  const i = step.unit, k = step.k;
  const si = `s${sub(i)}ᴴ`, hi = `h${sub(i)}`;
  const outs = Array.from({ length: nZ }, (_, j) => j + 1);
  const chainSum = outs.map((j) => `∂e/∂z${sub(j)} ∂z${sub(j)}/∂s${sub(j)} ∂s${sub(j)}/∂${hi}`).join(" + ");
  const bracket = outs.map((j) => `(z${sub(j)} − t${sub(j)}) a′(s${sub(j)}) ${prettyName(`w_${pair(i, j)}`)}`).join(" + ");
  const bracketNums = outs.map((j) => `(${num(d.z[j - 1])} − ${short(d.t[j - 1])}) · ${num(d.a_prime[j - 1])} · ${factor(w(`w_${pair(i, j)}`))}`).join(" + ");
  const back = d.back[i - 1], primeH = d.a_prime_H[i - 1];
  const n = step.index + 1 - 8;
  return {
    title: d.names.length === 47 ? t.titleHidGrad(n, pretty) : t.titleGrad(step.index + 1, d.names.length, pretty),
    lines: [
      `∂e/∂${pretty} = (${chainSum}) · ∂${hi}/∂${si} · ∂${si}/∂${pretty}`,
      isTheta ? `= −[${bracket}] a′(${si})` : `= [${bracket}] a′(${si}) x${sub(k)}`,
      isTheta ? `= −[${bracketNums}] · ${num(primeH)}` : `= [${bracketNums}] · ${num(primeH)} · ${num(d.x[k - 1])}`,
      isTheta ? `= −${factor(back, 4)} · ${num(primeH)} = ${num(value, 4)}`
        : `= ${factor(back, 4)} · ${num(primeH)} · ${num(d.x[k - 1])} = ${num(value, 4)}`,
      t.primeNote(primeText(actH, si, hi, d.s_H[i - 1], d.h[i - 1], primeH)),
    ],
    highlight: name,
    units: [...(isTheta ? [] : [[0, k - 1]]), [1, i - 1], ...outs.map((j) => [2, j - 1])],
    path: outs.map((j) => `w_${pair(i, j)}`),
  };
}

const sameVector = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

// ---- the widget ----------------------------------------------------------------------

export function mount(element, ctx) {
  const t = ctx.t;
  const options = element.dataset;
  const names = { net: options.net || "net", x: options.x || "x", t: options.t || "t" };

  const root = el("div", { class: "nbw-ct nbw-bp" });
  root.setAttribute("role", "region");
  root.setAttribute("aria-label", t.region);
  root.dataset.position = "0";
  const status = el("p", { class: "nbw-ct__status", text: t.waiting });
  status.setAttribute("role", "status");
  const top = el("div", { class: "nbw-bp__top" });
  root.append(status, top);

  // -- inputs: slide images, the pixel grid, the teacher signal
  const inputs = el("div", { class: "nbw-bp__inputs" });
  inputs.append(el("p", { class: "nbw-ct__heading", text: t.image }));
  // the slides' images and the teacher signals come with Python's first answer
  const slides = slideRow(inputs, {
    label: t.slides,
    lang: ctx.lang,
    onPick: (slide) => {
      grid.values = slide.x;
      showTeacher(slide.t);
      send({ slide: slide.n });
    },
  });
  inputs.append(el("p", { class: "nbw-bp__draw", text: t.draw }));
  const grid = new PixelGrid(inputs, {
    lang: ctx.lang,
    onChange: (values, k) => send({ pixel: k, value: values[k - 1] }),
  });
  grid.disabled = true;

  const fieldset = el("fieldset", { class: "nbw-bp__teacher" });
  fieldset.append(el("legend", { text: t.teacher }));
  let teachers = null;   // {C: [1, 0], T: [0, 1], neither: [0, 0]}, from the first answer
  const radios = {};
  const group = `nbw-bp-t-${Math.random().toString(36).slice(2, 9)}`;
  const radioRow = el("div", { class: "nbw-bp__radios" });
  const teacherOther = el("span", { class: "nbw-bp__teacher-other" });
  fieldset.append(radioRow, teacherOther);
  const buildRadios = () => {
    for (const [key, values] of Object.entries(teachers)) {
      const label = el("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = group;
      input.value = key;
      input.addEventListener("change", () => { if (input.checked) send({ t: values }); });
      const name = key === "neither" ? t.neither : key;
      label.append(input, document.createTextNode(t.teacherOption(name, values.map(short).join(", "))));
      radioRow.append(label);
      radios[key] = input;
    }
  };
  inputs.append(fieldset);

  // -- the network and the forward values
  const diagram = el("div", { class: "nbw-bp__diagram" });
  diagram.append(el("p", { class: "nbw-ct__heading", text: t.network }));
  // the drawing's place is kept (12-3-2) until Python answers
  const svg = svgEl("svg", { class: "nbw-net__svg", viewBox: `0 0 ${networkSize([12, 3, 2]).join(" ")}`,
    "aria-hidden": "true" });
  diagram.append(svg);
  const forwardList = el("dl", { class: "nbw-bp__forward" });
  forwardList.setAttribute("aria-label", t.forward);
  diagram.append(forwardList);
  top.append(inputs, diagram);

  // -- the steps
  const stepBox = el("div", { class: "nbw-bp__stepbox" });
  const controls = el("div", { class: "nbw-bp__controls" });
  controls.setAttribute("role", "group");
  controls.setAttribute("aria-label", t.controls);
  const button = (text, fn) => {
    const b = el("button", { class: "nbw-ct__button", text });
    b.type = "button";
    b.setAttribute("aria-disabled", "true");
    b.addEventListener("click", () => { if (b.getAttribute("aria-disabled") !== "true") fn(); });
    controls.append(b);
    return b;
  };
  const resetButton = button(t.reset, () => { stopRun(); go(0); });
  const prevButton = button(t.previous, () => { stopRun(); go(position - 1); });
  const nextButton = button(t.next, () => { stopRun(); go(position + 1); });
  const runButton = button(t.run, () => runToEnd());
  const counter = el("span", { class: "nbw-bp__counter" });
  controls.append(counter);
  controls.addEventListener("keydown", (ev) => {
    if (!(ev.target instanceof HTMLButtonElement) || !steps.length) return;
    const action = { ArrowRight: () => go(position + 1), ArrowLeft: () => go(position - 1),
      Home: () => go(0), End: () => runToEnd() }[ev.key];
    if (!action) return;
    ev.preventDefault();
    if (ev.key !== "End") stopRun();
    action();
  });
  const title = el("p", { class: "nbw-bp__title" });
  const lines = el("div", { class: "nbw-bp__lines" });
  lines.setAttribute("aria-live", "polite");
  lines.setAttribute("aria-atomic", "true");
  stepBox.append(controls, el("p", { class: "nbw-bp__keys", text: t.keys }), title, lines);

  // -- the table of gradients
  const tableWrap = el("div", { class: "nbw-bp__tablewrap" });
  tableWrap.tabIndex = 0;
  tableWrap.setAttribute("role", "region");
  tableWrap.setAttribute("aria-label", t.tableRegion);
  const table = el("table", { class: "nbw-bp__table" });
  table.append(el("caption", { text: t.caption }));
  const thead = document.createElement("thead");
  const headRow = document.createElement("tr");
  for (const text of [t.colIndex, t.colParam, t.colBackprop, t.colNumerical, t.colDiff]) {
    const th = el("th", { text });
    th.scope = "col";
    headRow.append(th);
  }
  thead.append(headRow);
  const tbody = document.createElement("tbody");
  table.append(thead, tbody);
  tableWrap.append(table);
  const summary = el("p", { class: "nbw-bp__summary" });
  summary.setAttribute("aria-live", "polite");
  stepBox.append(tableWrap, summary);
  root.append(stepBox);
  element.append(root);

  // -- state
  let data = null;       // the last trace from Python
  let steps = [];
  let position = 0;      // steps done (0 … steps.length)
  let timer = null;
  let rows = [];         // the table rows, one per gradient step, built per trace

  const send = (op) => {
    status.textContent = t.updating;
    status.classList.remove("nbw-ct__status--error");
    link.send([op]);
  };

  function showTeacher(tv) {
    let matched = false;
    for (const [key, input] of Object.entries(radios)) {
      input.checked = sameVector(teachers[key], tv);
      matched ||= input.checked;
    }
    teacherOther.textContent = matched ? "" : t.teacherOther(tv.map(short).join(", "));
  }

  function buildRows() {
    rows = [];
    tbody.replaceChildren();
    const empty = el("tr", { class: "nbw-bp__empty" });
    const td = el("td", { text: t.none });
    td.colSpan = 5;
    empty.append(td);
    tbody.append(empty);
    for (const step of steps) {
      if (step.kind !== "gradient") continue;
      const g = data.gradient[step.index], nv = data.numerical[step.index];
      const tr = document.createElement("tr");
      tr.dataset.name = step.id;
      tr.hidden = true;
      const cells = [
        [String(step.index + 1), null], [prettyName(step.id), null],
        [num(g, 6), g], [num(nv, 6), nv], [num(Math.abs(g - nv), 2), Math.abs(g - nv)],
      ];
      cells.forEach(([text, value], c) => {
        const cell = el(c === 1 ? "th" : "td", { text });
        if (c === 1) cell.scope = "row";
        if (value !== null) cell.dataset.value = String(value);
        cell.dataset.col = ["index", "param", "backprop", "numerical", "difference"][c];
        tr.append(cell);
      });
      tbody.append(tr);
      rows.push(tr);
    }
    rows.empty = empty;
  }

  function draw() {
    if (!data) return;
    const step = position > 0 ? steps[position - 1] : null;
    const info = step ? describe(step, data, t) : null;
    const doneIds = new Set(steps.slice(0, position).map((s) => s.id));
    const [, nH, nZ] = data.sizes;
    const values = [
      data.x,
      Array.from({ length: nH }, (_, i) => (doneIds.has(`h${i + 1}`) ? data.h[i] : undefined)),
      Array.from({ length: nZ }, (_, j) => (doneIds.has(`z${j + 1}`) ? data.z[j] : undefined)),
    ];
    const { edges, units } = drawNetwork(svg, { sizes: data.sizes, weights: data.w, values,
      highlight: info?.highlight ?? null, lang: ctx.lang });
    svg.classList.toggle("nbw-bp__svg--dim", Boolean(info));
    for (const name of info?.path || []) edges.get(name)?.classList.add("nbw-bp__path");
    for (const [l, u] of info?.units || []) units[l]?.[u]?.classList.add("nbw-net__circle--focus");

    // forward values known so far
    forwardList.replaceChildren();
    const entry = (label, key, value) => {
      const div = document.createElement("div");
      const dd = el("dd", { text: num(value, 4) });
      dd.dataset.value = String(value);
      dd.dataset.key = key;
      div.append(el("dt", { text: label }), dd);
      forwardList.append(div);
    };
    for (let i = 1; i <= nH; i++) {
      if (!doneIds.has(`h${i}`)) continue;
      entry(`s${sub(i)}ᴴ =`, `s_H${i}`, data.s_H[i - 1]);
      entry(`h${sub(i)} =`, `h${i}`, data.h[i - 1]);
    }
    for (let j = 1; j <= nZ; j++) {
      if (!doneIds.has(`z${j}`)) continue;
      entry(`s${sub(j)} =`, `s${j}`, data.s[j - 1]);
      entry(`z${sub(j)} =`, `z${j}`, data.z[j - 1]);
    }
    if (doneIds.has("e")) entry("e =", "e", data.e);

    // the step itself
    counter.textContent = t.counter(position, steps.length);
    root.dataset.position = String(position);
    root.dataset.steps = String(steps.length);
    root.dataset.current = step ? step.id : "";
    title.textContent = info ? info.title : "";
    lines.replaceChildren();
    if (info) {
      info.lines.forEach((text, n) => {
        const p = el("p", { class: n === info.lines.length - 1 && step.kind === "gradient" ? "nbw-bp__note" : "", text });
        lines.append(p);
      });
    } else {
      lines.append(el("p", { text: t.start }));
    }

    // the table
    let shown = 0, worst = 0, current = null;
    const firstGradient = steps.findIndex((s) => s.kind === "gradient");
    rows.forEach((tr, r) => {
      const visible = firstGradient + r < position;
      tr.hidden = !visible;
      tr.removeAttribute("aria-current");
      if (!visible) return;
      shown += 1;
      worst = Math.max(worst, Number(tr.querySelector("[data-col='difference']").dataset.value));
      if (step && tr.dataset.name === step.id) {
        tr.setAttribute("aria-current", "true");
        current = tr;
      }
    });
    rows.empty.hidden = shown > 0;
    summary.textContent = shown === 0 ? "" : (shown === rows.length ? t.summaryAll : t.summary)(shown, num(worst, 2));
    if (current) {
      const box = tableWrap.getBoundingClientRect(), row = current.getBoundingClientRect();
      const head = thead.getBoundingClientRect().height;
      if (row.bottom > box.bottom) tableWrap.scrollTop += row.bottom - box.bottom;
      else if (row.top < box.top + head) tableWrap.scrollTop -= box.top + head - row.top;
    }

    const atEnd = position >= steps.length;
    resetButton.setAttribute("aria-disabled", String(position === 0));
    prevButton.setAttribute("aria-disabled", String(position === 0));
    nextButton.setAttribute("aria-disabled", String(atEnd));
    runButton.setAttribute("aria-disabled", String(atEnd && !timer));
  }

  function go(p) {
    if (!steps.length) return;
    position = Math.max(0, Math.min(steps.length, p));
    draw();
  }

  function stopRun() {
    if (!timer) return;
    clearInterval(timer);
    timer = null;
    lines.setAttribute("aria-live", "polite");
  }

  function runToEnd() {
    if (!steps.length || timer) return;
    const reduced = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    if (reduced || position >= steps.length - 1) {
      go(steps.length);
      return;
    }
    lines.setAttribute("aria-live", "off");           // announce only where it stops
    timer = setInterval(() => {
      if (position >= steps.length - 1) {
        stopRun();
        go(steps.length);
        return;
      }
      go(position + 1);
    }, 60);
  }

  const showProblem = (problem) => {
    status.textContent = problem ? `${t.failed} ${problem}` : "";
    status.classList.toggle("nbw-ct__status--error", Boolean(problem));
  };
  const onAnswer = (d) => {
    if (d.teachers && !teachers) {
      teachers = d.teachers;
      buildRadios();
      slides.show(d.slides);
    }
    showProblem(d.error);
    if (!d.sizes) return;              // nothing computable: keep what is shown
    data = d;
    grid.values = d.x;
    grid.disabled = false;
    showTeacher(d.t);
    slides.press(d.slide);
    steps = buildSteps(d);
    position = Math.min(position, steps.length);
    root.dataset.ready = "true";
    buildRows();
    draw();
  };
  // before Python answers: the slides' images, the teacher signals and the first image,
  // rendered by the build (data-defaults); the grid stays off until Python answers
  if (element.dataset.defaults) {
    const d = JSON.parse(element.dataset.defaults);
    teachers = d.teachers;
    buildRadios();
    slides.show(d.slides);
    grid.values = d.x;
  }
  const link = networkLink(ctx, { names, isFirst: () => !teachers, onAnswer, onError: showProblem });
  ctx.onChange(() => link.refresh());
  link.refresh();

  return {
    destroy() {
      stopRun();
      link.destroy();
    },
  };
}
