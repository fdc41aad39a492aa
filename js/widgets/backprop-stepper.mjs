// Backpropagation, step by step (chapter 6; `::: widget backprop-stepper net=… x=… t=…`): for one
// image x and teacher t, the forward values, then each of the 47 gradients in the order of net.w, with
// its formula and numbers, the diagram's highlights and a table beside the numerical gradient. Python
// (py/nnbook/widgets/backprop_stepper.py) computes every number once per change of net, x or t; the
// steps (kit/backprop-steps.mjs) are then taken here. For tests: data-position, data-steps, data-current.
import { el, svgEl } from "./kit/dom.mjs";
import { buildSteps, describe, forwardValues, gradientRows, knownValues, num, sameVector, short } from "./kit/backprop-steps.mjs";
import { drawNetwork, networkSize, prettyName } from "./kit/network.mjs";
import { networkLink } from "./kit/network-state.mjs";
import { Pace } from "./kit/rounds.mjs";
import { PixelGrid, slideRow } from "./kit/pixel-grid.mjs";
import LABELS from "./backprop-stepper.labels.json" with { type: "json" };

export { LABELS };

const RUN_MS = 60;     // Run to end: a step every 60 ms (53 steps: 3.2 s)

/** The image, slides and teacher signal: x by slide or drawing, t by radio button. */
function inputsView(ctx, send) {
  const t = ctx.t;
  const inputs = el("div", { class: "nbw-bp__inputs" });
  inputs.append(el("p", { class: "nbw-ct__heading", text: t.image }));
  // the slides' images and the teacher signals come with Python's first answer
  const slides = slideRow(inputs, {
    label: t.slides,
    lang: ctx.lang,
    onPick: (slide) => {
      grid.values = slide.x;
      teacher.show(slide.t);
      send({ slide: slide.n });
    },
  });
  inputs.append(el("p", { class: "nbw-bp__draw", text: t.draw }));
  const grid = new PixelGrid(inputs, {
    lang: ctx.lang,
    onChange: (values, k) => send({ pixel: k, value: values[k - 1] }),
  });
  grid.disabled = true;
  const teacher = teacherView(t, (values) => send({ t: values }));
  inputs.append(teacher.fieldset);
  return { inputs, slides, grid, teacher };
}

/** The teacher signal's radio buttons (C, T, neither: from the first answer) and a note for another t. */
function teacherView(t, onPick) {
  const fieldset = el("fieldset", { class: "nbw-bp__teacher" });
  fieldset.append(el("legend", { text: t.teacher }));
  const radios = {};
  let teachers = null;   // {C: [1, 0], T: [0, 1], neither: [0, 0]}
  const group = `nbw-bp-t-${Math.random().toString(36).slice(2, 9)}`;
  const radioRow = el("div", { class: "nbw-bp__radios" });
  const other = el("span", { class: "nbw-bp__teacher-other" });
  fieldset.append(radioRow, other);
  return {
    fieldset,
    get known() { return teachers !== null; },
    build(given) {
      teachers = given;
      for (const [key, values] of Object.entries(teachers)) {
        const input = el("input", { type: "radio", name: group, value: key });
        input.addEventListener("change", () => { if (input.checked) onPick(values); });
        const name = key === "neither" ? t.neither : key;
        radioRow.append(el("label", {}, input, t.teacherOption(name, values.map(short).join(", "))));
        radios[key] = input;
      }
    },
    show(tv) {
      let matched = false;
      for (const [key, input] of Object.entries(radios)) {
        input.checked = sameVector(teachers[key], tv);
        matched ||= input.checked;
      }
      other.textContent = matched ? "" : t.teacherOther(tv.map(short).join(", "));
    },
  };
}

/** The network (its place kept, 12-3-2, until Python answers) and the forward values known so far. */
function diagramView(t) {
  const diagram = el("div", { class: "nbw-bp__diagram" });
  diagram.append(el("p", { class: "nbw-ct__heading", text: t.network }));
  const svg = svgEl("svg", { class: "nbw-net__svg", viewBox: `0 0 ${networkSize([12, 3, 2]).join(" ")}`,
    "aria-hidden": "true" });
  const forwardList = el("dl", { class: "nbw-bp__forward", "aria-label": t.forward });
  diagram.append(svg, forwardList);
  return { diagram, svg, forwardList };
}

/** Reset / Previous / Next / Run to end / Jump to end, the counter, the step's title and lines. */
function controlsView(t, actions) {
  const controls = el("div", { class: "nbw-bp__controls", role: "group", "aria-label": t.controls });
  const button = (text, fn) => {
    const b = el("button", { class: "nbw-ct__button", text, type: "button", "aria-disabled": "true" });
    b.addEventListener("click", () => { if (b.getAttribute("aria-disabled") !== "true") fn(); });
    controls.append(b);
    return b;
  };
  const buttons = {
    reset: button(t.reset, actions.reset), previous: button(t.previous, actions.previous),
    next: button(t.next, actions.next), run: button(t.run, actions.run), end: button(t.end, actions.end),
  };
  const counter = el("span", { class: "nbw-bp__counter" });
  controls.append(counter);
  controls.addEventListener("keydown", (ev) => {
    const key = { ArrowRight: "next", ArrowLeft: "previous", Home: "reset", End: "end" }[ev.key];
    if (!(ev.target instanceof HTMLButtonElement) || !key) return;
    ev.preventDefault();
    actions[key]();
  });
  const title = el("p", { class: "nbw-bp__title" });
  const lines = el("div", { class: "nbw-bp__lines", "aria-live": "polite", "aria-atomic": "true" });
  const stepBox = el("div", { class: "nbw-bp__stepbox" },
    controls, el("p", { class: "nbw-bp__keys", text: t.keys }), title, lines);
  return { stepBox, buttons, counter, title, lines };
}

/** The table of the gradients computed so far, beside the numerical ones, and its summary. */
function tableView(t) {
  const wrap = el("div", { class: "nbw-bp__tablewrap", tabindex: "0", role: "region", "aria-label": t.tableRegion });
  const thead = el("thead", {}, el("tr", {}, ...[t.colIndex, t.colParam, t.colBackprop, t.colNumerical, t.colDiff]
    .map((text) => el("th", { text, scope: "col" }))));
  const tbody = el("tbody");
  wrap.append(el("table", { class: "nbw-bp__table" }, el("caption", { text: t.caption }), thead, tbody));
  const summary = el("p", { class: "nbw-bp__summary", "aria-live": "polite" });
  let rows = [];
  let empty = null;
  const COLS = ["index", "param", "backprop", "numerical", "difference"];
  return {
    wrap, summary,
    /** One hidden row per gradient (a new trace: new rows). */
    build(gradients) {
      empty = el("tr", { class: "nbw-bp__empty" }, el("td", { text: t.none, colspan: "5" }));
      rows = gradients.map((g) => {
        const tr = el("tr", { "data-name": g.name });
        tr.hidden = true;
        const cells = [[String(g.index), null], [prettyName(g.name), null], [num(g.backprop, 6), g.backprop],
          [num(g.numerical, 6), g.numerical], [num(g.difference, 2), g.difference]];
        cells.forEach(([text, value], c) => {
          const cell = el(c === 1 ? "th" : "td", { text, "data-col": COLS[c] });
          if (c === 1) cell.scope = "row";
          if (value !== null) cell.dataset.value = String(value);
          tr.append(cell);
        });
        return tr;
      });
      tbody.replaceChildren(empty, ...rows);
      this.gradients = gradients;
    },
    /** The first `shown` rows, the current one marked and scrolled to. */
    show(shown, current) {
      let currentRow = null;
      rows.forEach((tr, r) => {
        tr.hidden = r >= shown;
        if (r < shown && tr.dataset.name === current) {
          tr.setAttribute("aria-current", "true");
          currentRow = tr;
        } else tr.removeAttribute("aria-current");
      });
      empty.hidden = shown > 0;
      const worst = Math.max(0, ...this.gradients.slice(0, shown).map((g) => g.difference));
      summary.textContent = shown === 0 ? "" : (shown === rows.length ? t.summaryAll : t.summary)(shown, num(worst, 2));
      if (currentRow) scrollIntoBox(wrap, currentRow, thead.getBoundingClientRect().height);
    },
  };
}

/** Scroll `box` just enough to show `row` below a sticky head of height `head`. */
function scrollIntoBox(box, row, head) {
  const b = box.getBoundingClientRect(), r = row.getBoundingClientRect();
  if (r.bottom > b.bottom) box.scrollTop += r.bottom - b.bottom;
  else if (r.top < b.top + head) box.scrollTop -= b.top + head - r.top;
}

/** Draw the stepper at `state.position`: the diagram, forward values, the step, the table, the buttons. */
function drawStepper({ data, list, position }, { root, picture, controls, table }, t, lang, running) {
  if (!data) return;
  const step = position > 0 ? list[position - 1] : null;
  const info = step ? describe(step, data, t) : null;
  const done = new Set(list.slice(0, position).map((s) => s.id));
  const { edges, units } = drawNetwork(picture.svg, { sizes: data.sizes, names: data.names, weights: data.w, values: knownValues(data, done),
    highlight: info?.highlight ?? null, lang });
  picture.svg.classList.toggle("nbw-bp__svg--dim", Boolean(info));
  for (const name of info?.path || []) edges.get(name)?.classList.add("nbw-bp__path");
  for (const [l, u] of info?.units || []) units[l]?.[u]?.classList.add("nbw-net__circle--focus");
  picture.forwardList.replaceChildren(...forwardValues(data, done).map(([label, key, value]) =>
    el("div", {}, el("dt", { text: label }), el("dd", { text: num(value, 4), "data-value": String(value), "data-key": key }))));
  controls.counter.textContent = t.counter(position, list.length);
  Object.assign(root.dataset, { position: String(position), steps: String(list.length), current: step ? step.id : "" });
  controls.title.textContent = info ? info.title : "";
  controls.lines.replaceChildren(...(info
    ? info.lines.map((text, n) => el("p", { class: n === info.lines.length - 1 && step.kind === "gradient" ? "nbw-bp__note" : "", text }))
    : [el("p", { text: t.start })]));
  const firstGradient = list.findIndex((s) => s.kind === "gradient");
  table.show(Math.max(0, position - firstGradient), step?.id);
  const atEnd = position >= list.length;
  const { reset, previous, next, run, end } = controls.buttons;
  for (const [b, off] of [[reset, position === 0], [previous, position === 0], [next, atEnd],
    [run, atEnd || running], [end, atEnd]]) b.setAttribute("aria-disabled", String(off));
}

export function mount(element, ctx) {
  const t = ctx.t;
  const options = element.dataset;
  const names = { net: options.net || "net", x: options.x || "x", t: options.t || "t" };

  const root = el("div", { class: "nbw-ct nbw-bp", role: "region", "aria-label": t.region, "data-position": "0" });
  const status = el("p", { class: "nbw-ct__status", text: t.waiting, role: "status" });
  const send = (op) => {
    status.textContent = t.updating;
    status.classList.remove("nbw-ct__status--error");
    link.send([op]);
  };
  const input = inputsView(ctx, send);
  const picture = diagramView(t);
  const stop = (fn) => () => { pace.stop(); fn(); };
  const controls = controlsView(t, {
    reset: stop(() => go(0)), previous: stop(() => go(state.position - 1)), next: stop(() => go(state.position + 1)),
    run: () => runToEnd(), end: stop(() => go(state.list.length)),
  });
  const table = tableView(t);
  controls.stepBox.append(table.wrap, table.summary);
  root.append(status, el("div", { class: "nbw-bp__top" }, input.inputs, picture.diagram), controls.stepBox);
  element.append(root);

  const state = { data: null, list: [], position: 0 };   // the last trace, its steps, steps done

  const draw = () => drawStepper(state, { root, picture, controls, table }, t, ctx.lang, pace.running);

  function go(p) {
    if (!state.list.length) return;
    state.position = Math.max(0, Math.min(state.list.length, p));
    draw();
  }

  // Run to end: a step every RUN_MS, the drawing following (Jump to end and End go there at once)
  const pace = new Pace({
    interval: () => RUN_MS,
    tick: () => { go(state.position + 1); return state.position < state.list.length; },
    onStop: () => { controls.lines.setAttribute("aria-live", "polite"); draw(); },
  });

  function runToEnd() {
    if (!state.list.length || pace.running) return;
    const reduced = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    if (reduced || state.position >= state.list.length - 1) return go(state.list.length);
    controls.lines.setAttribute("aria-live", "off");           // announce only where it stops
    pace.start();
  }

  const showProblem = (problem) => {
    status.textContent = problem ? `${t.failed} ${problem}` : "";
    status.classList.toggle("nbw-ct__status--error", Boolean(problem));
  };
  const showFirst = (d) => {
    input.teacher.build(d.teachers);
    input.slides.show(d.slides);
  };
  const onAnswer = (d) => {
    if (d.teachers && !input.teacher.known) showFirst(d);
    showProblem(d.error);
    if (!d.sizes) return;              // nothing computable: keep what is shown
    state.data = d;
    input.grid.values = d.x;
    input.grid.disabled = false;
    input.teacher.show(d.t);
    input.slides.press(d.slide);
    state.list = buildSteps(d);
    state.position = Math.min(state.position, state.list.length);
    root.dataset.ready = "true";
    table.build(gradientRows(state.list, d));
    draw();
  };
  // before Python answers: the slides' images, the teacher signals and the first image,
  // rendered by the build (data-defaults); the grid stays off until Python answers
  if (element.dataset.defaults) {
    const d = JSON.parse(element.dataset.defaults);
    showFirst(d);
    input.grid.values = d.x;
  }
  const link = networkLink(ctx, { names, isFirst: () => !input.teacher.known, onAnswer, onError: showProblem });
  ctx.onChange(() => link.refresh());
  link.refresh();

  return { destroy() { pace.stop(); link.destroy(); } };
}
