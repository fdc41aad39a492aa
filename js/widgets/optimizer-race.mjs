// The optimiser race (chapter 8): the gradient methods of nnbook's registry
// side by side. Left: their paths on f(x, y) = x²/20 + y² from (−7, 2), over
// contour lines. Right: E against the iteration k on the C/T data (12-3-2,
// every method from the same w0), on a log scale. Start / Pause / Reset.
//
// Python half: nnbook.widgets.optimizer_race.sync, a few iterations per round
// (kit/rounds.mjs). Shared with the cells:
//   race   a Race: race.lr / race.lr_path (η per method, read and written),
//          race.k, race.E[method], race.path[method], race.nets[method],
//          race.run(n), race.reset(), race.first_below(ε)
import { el, svgEl, widgetRoot } from "./kit/dom.mjs";
import { LineChart, SERIES_COLOURS } from "./kit/chart.mjs";
import { significant, trimmed } from "./kit/format.mjs";
import { Rounds, startPauseButton, throttled } from "./kit/rounds.mjs";
import LABELS from "./optimizer-race.labels.json" with { type: "json" };

export { LABELS };

// a dash and a marker shape per method, so the methods differ by more than colour
const DASHES = ["", "6 3", "2 2.5", "9 3 2 3", "4 2 1 2", "12 3"];
const SHAPES = ["circle", "square", "triangle", "diamond"];
const EPS_COLOUR = SERIES_COLOURS[5];
const ETAS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 1, 1.05, 1.5, 2, 3, 5, 10];
// iterations of every method per round (10 take ≈ 15 ms in Pyodide): one at
// a time at first, where the paths on f move most, then faster
const chunk = (k) => (k < 60 ? 1 : k < 200 ? 4 : 12);

function nearestEta(eta) {
  let best = 0;
  for (let i = 1; i < ETAS.length; i++) {
    if (Math.abs(Math.log(ETAS[i] / eta)) < Math.abs(Math.log(ETAS[best] / eta))) best = i;
  }
  return best;
}

/** The i-th method's look: colour, dash, marker shape. */
const look = (i) => ({ colour: SERIES_COLOURS[i % 5], dash: DASHES[i % DASHES.length], shape: SHAPES[i % SHAPES.length] });

function marker({ colour, shape }, x, y, parent, size = 4) {
  const a = { fill: colour, class: "nbw-race__marker" };
  if (shape === "circle") return svgEl("circle", { cx: x, cy: y, r: size, ...a }, parent);
  if (shape === "square") return svgEl("rect", { x: x - size, y: y - size, width: 2 * size, height: 2 * size, ...a }, parent);
  if (shape === "triangle") return svgEl("path", { d: `M${x} ${y - size * 1.2}L${x + size * 1.1} ${y + size * 0.9}L${x - size * 1.1} ${y + size * 0.9}Z`, ...a }, parent);
  return svgEl("path", { d: `M${x} ${y - size * 1.3}L${x + size * 1.1} ${y}L${x} ${y + size * 1.3}L${x - size * 1.1} ${y}Z`, ...a }, parent);
}

const lineIcon = (stroke, width, dash) => {
  const icon = svgEl("svg", { viewBox: "0 0 28 12", "aria-hidden": "true" });
  svgEl("line", { x1: 1, y1: 6, x2: 27, y2: 6, stroke, "stroke-width": width, "stroke-dasharray": dash }, icon);
  return icon;
};

/** The paths panel: f's contour lines on x ∈ [−10, 10], y ∈ [−5, 5] (equal scales), the start and the minimum. */
function pathsPanel(id, t) {
  const P = { left: 30, top: 6, w: 284, h: 142 };
  const X = (x) => P.left + ((x + 10) / 20) * P.w;
  const Y = (y) => P.top + ((5 - y) / 10) * P.h;
  const svg = svgEl("svg", { viewBox: "0 0 320 178", role: "img", "aria-label": t.pathsLabel(0) });
  const clipId = `${id}-clip`;
  const clip = svgEl("clipPath", { id: clipId }, svgEl("defs", {}, svg));
  svgEl("rect", { x: P.left, y: P.top, width: P.w, height: P.h }, clip);
  const contours = svgEl("g", { "clip-path": `url(#${clipId})` }, svg);
  for (const c of [0.1, 0.4, 1, 2, 3.5, 5.5, 8, 11.5, 16, 22]) {
    svgEl("ellipse", { cx: X(0), cy: Y(0), rx: Math.sqrt(20 * c) * (P.w / 20), ry: Math.sqrt(c) * (P.h / 10), class: "nbw-race__contour" }, contours);
  }
  svgEl("rect", { x: P.left, y: P.top, width: P.w, height: P.h, class: "nbw-race__frame" }, svg);
  for (const v of [-10, -5, 0, 5, 10]) {
    svgEl("line", { x1: X(v), x2: X(v), y1: P.top + P.h, y2: P.top + P.h + 3, class: "nbw-race__axis" }, svg);
    svgEl("text", { x: X(v), y: P.top + P.h + 13, "text-anchor": "middle" }, svg).textContent = significant(v);
  }
  for (const v of [-5, 0, 5]) {
    svgEl("line", { x1: P.left - 3, x2: P.left, y1: Y(v), y2: Y(v), class: "nbw-race__axis" }, svg);
    svgEl("text", { x: P.left - 5, y: Y(v) + 3.5, "text-anchor": "end" }, svg).textContent = significant(v);
  }
  svgEl("text", { x: P.left + P.w / 2, y: P.top + P.h + 26, "text-anchor": "middle", "font-style": "italic" }, svg).textContent = "x";
  svgEl("text", { x: 8, y: Y(0) + 3, "text-anchor": "middle", "font-style": "italic" }, svg).textContent = "y";
  svgEl("path", { d: `M${X(0) - 5} ${Y(0)}H${X(0) + 5}M${X(0)} ${Y(0) - 5}V${Y(0) + 5}`, class: "nbw-race__min" }, svg);
  svgEl("rect", { x: X(-7) - 4, y: Y(2) - 4, width: 8, height: 8, class: "nbw-race__start" }, svg);
  const pathLayer = svgEl("g", { "clip-path": `url(#${clipId})` }, svg);
  const markerLayer = svgEl("g", { "clip-path": `url(#${clipId})` }, svg);
  return { svg, X, Y, pathLayer, markerLayer };
}

/** The table under the panels: each method's E, first k with E < ε, and where its path is (numbers in data-*). */
function raceTable(v, names, t, name) {
  const table = el("table", {}, el("caption", { text: t.table(v.epsilon) }),
    el("thead", {}, el("tr", {}, ...t.cols.map((c) => el("th", { scope: "col", text: c })))));
  const body = el("tbody");
  for (const m of names) {
    const d = v.methods[m];
    body.append(el("tr", { "data-method": m, "data-e": String(d.last_E), "data-first": String(d.first_below), "data-x": String(d.last_point[0]), "data-y": String(d.last_point[1]) },
      el("th", { scope: "row", text: name(m) }),
      el("td", { text: d.diverged ? t.diverged : significant(d.last_E, 4) }),
      el("td", { text: d.first_below === null ? t.notYet : String(d.first_below) }),
      el("td", { text: d.path_diverged ? t.diverged : `(${significant(d.last_point[0], 3)}, ${significant(d.last_point[1], 3)})` })));
  }
  table.append(body);
  return table;
}

const clampPx = (v) => Math.max(-1e4, Math.min(1e4, v));

class Race {
  constructor(element, ctx) {
    const t = this.t = ctx.t;
    this.element = element;
    this.id = widgetRoot(element, "nbw-race", t.title);
    element.dataset.running = "false";
    this.startBtn = el("button", { type: "button", text: t.start });
    this.resetBtn = el("button", { type: "button", text: t.reset });
    this.kText = el("span", { class: "nbw-race__k", text: t.waiting });
    this.message = el("p", { class: "nbw-race__message", role: "status", "aria-live": "polite", text: t.waiting });
    this.legend = el("ul", { class: "nbw-race__legend" });
    this.sliderBoxes = { lr_path: el("div", { class: "nbw-race__sliders" }), lr: el("div", { class: "nbw-race__sliders" }) };
    this.chartBox = el("div");
    this.tableBox = el("div", { class: "nbw-race__table" });
    this.paths = pathsPanel(this.id, t);
    element.replaceChildren(
      el("div", { class: "nbw-race__top" }, el("div", { class: "nbw-race__buttons" }, this.startBtn, this.resetBtn), this.kText),
      this.legend,
      el("div", { class: "nbw-race__main" },
        el("div", { class: "nbw-race__panel" }, el("p", { text: t.pathsTitle }), this.paths.svg,
          el("fieldset", {}, el("legend", { text: t.etaPath }), this.sliderBoxes.lr_path)),
        el("div", { class: "nbw-race__panel" }, el("p", { text: t.chartTitle }), this.chartBox,
          el("fieldset", {}, el("legend", { text: t.etaCT }), this.sliderBoxes.lr))),
      this.message,
      this.tableBox,
    );
    // the parts that depend on the methods (nnbook's registry, in the first answer)
    this.names = [];
    this.lines = {};
    this.sliders = { lr: {}, lr_path: {} };
    this.chart = null;
    this.epsItem = null;
    this.frame = throttled(() => this.draw());
    this.previousGeneration = null;     // to tell a restart caused by a new η
    this.rounds = new Rounds(ctx, {
      chunk,
      series: (v) => Object.fromEntries(v.names.flatMap((m) => [[`E:${m}`, v.methods[m].E], [`path:${m}`, v.methods[m].path]])),
      onAnswer: (v, change) => this.answer(v, change),
      onError: (text) => {
        this.setMessage("problem", text);
        this.setRunning(false);
      },
      onBusy: (busy) => { element.dataset.busy = String(busy); },
    });
    // before Python answers: the registry's methods and their η, rendered by the build (data-defaults),
    // greyed until the first answer
    if (element.dataset.defaults) {
      const d = JSON.parse(element.dataset.defaults);
      this.build(d);
      this.showEtas(d);
    }
    this.buttons();
    this.rounds.refresh();
  }

  name(m) { return this.t.methods[m] ?? m; }

  slider(which, m) {
    const t = this.t;
    const sid = `${this.id}-${which}-${m}`;
    const input = el("input", { type: "range", id: sid, min: 0, max: ETAS.length - 1, step: 1,
      "aria-label": which === "lr_path" ? t.sliderPath(this.name(m)) : t.sliderCT(this.name(m)) });
    const out = el("output", { for: sid });
    input.addEventListener("input", () => {
      const eta = ETAS[+input.value];
      this.show(input, out, eta);
      this.rounds.send({ [which]: { [m]: eta } });
    });
    this.sliders[which][m] = { input, out };
    return el("div", { class: "nbw-race__slider" }, el("label", { for: sid }, el("span", { text: this.name(m) }), out), input);
  }

  show(input, out, eta) {
    const text = trimmed(eta, 4);
    if (out.textContent !== text) out.textContent = text;   // <output> is live: only real changes
    input.setAttribute("aria-valuetext", this.t.etaText(text));
  }

  /** Every slider at the η of `values` ({lr: {method: η}, lr_path: {…}}). */
  showEtas(values) {
    for (const which of ["lr", "lr_path"]) {
      for (const m of this.names) {
        const s = this.sliders[which][m];
        s.input.value = String(nearestEta(values[which][m]));
        this.show(s.input, s.out, values[which][m]);
      }
    }
  }

  build(v) {
    const t = this.t;
    const names = this.names = v.names;
    const looks = names.map((m, i) => look(i));
    this.legend.replaceChildren(...names.map((m, i) => {
      const icon = lineIcon(looks[i].colour, 2, looks[i].dash);
      marker(looks[i], 14, 6, icon, 3.5);
      return el("li", {}, icon, this.name(m));
    }));
    this.epsItem = el("li", {}, lineIcon(EPS_COLOUR, 1.5, "1 3"), t.legendEps(v.epsilon));
    this.legend.append(this.epsItem);
    this.sliders = { lr: {}, lr_path: {} };
    for (const which of ["lr_path", "lr"]) this.sliderBoxes[which].replaceChildren(...names.map((m) => this.slider(which, m)));
    this.paths.pathLayer.replaceChildren();
    this.lines = Object.fromEntries(names.map((m, i) => [m, svgEl("polyline", {
      fill: "none", stroke: looks[i].colour, "stroke-width": 1.8, "stroke-dasharray": looks[i].dash, "stroke-linejoin": "round" }, this.paths.pathLayer)]));
    this.chartBox.replaceChildren();
    this.chart = new LineChart(this.chartBox, {
      label: t.chartLabel, xLabel: "k", yLabel: "E", log: true, legend: false,  // the legend above shows the dashes
      series: [...names.map((m, i) => ({ name: this.name(m), colour: looks[i].colour, dash: looks[i].dash })),
        { name: t.legendEps(v.epsilon), colour: EPS_COLOUR, dash: "1 3", width: 1.2 }],
    });
  }

  answer(v, change) {
    const t = this.t;
    const restarted = change && (change.lr || change.lr_path) && !change.reset
      && v.generation !== this.previousGeneration && this.previousGeneration !== null;
    this.previousGeneration = v.generation;
    if (v.names.join() !== this.names.join()) this.build(v);
    this.element.dataset.generation = String(v.generation);
    this.element.dataset.k = String(v.k);
    this.showEtas(v);
    const running = this.rounds.running;
    this.setRunning(running);
    if (restarted) this.setMessage("restarted", t.msg.restarted);
    else if (running) this.setMessage("running", t.msg.running);
    else if (v.done) this.setMessage("done", t.msg.done(v.k));
    else if (v.k > 0) this.setMessage("paused", t.msg.paused(v.k));
    else if (this.message.dataset.code !== "restarted") this.setMessage("ready", t.msg.ready);
    this.frame.schedule();
  }

  setRunning(on) {
    const t = this.t;
    this.element.dataset.running = String(on);
    this.startBtn.textContent = on ? t.pause : (this.rounds.histories.last?.done ? t.again : t.start);
  }

  setMessage(code, text) {
    if (this.message.dataset.code === code && this.message.textContent === text) return;
    this.message.dataset.code = code;
    this.message.textContent = text;
  }

  draw() {
    const { t, names, chart, paths } = this;
    const v = this.rounds.histories.last;
    const series = this.rounds.histories.series;
    if (!v || !chart) return;
    this.kText.textContent = t.progress(v.k, v.max_iter);
    this.epsItem.lastChild.textContent = t.legendEps(v.epsilon);
    paths.markerLayer.replaceChildren();
    names.forEach((m, i) => {
      const pts = series[`path:${m}`] || [];
      this.lines[m].setAttribute("points", pts.map(([x, y]) => `${clampPx(paths.X(x)).toFixed(1)},${clampPx(paths.Y(y)).toFixed(1)}`).join(" "));
      const [x, y] = v.methods[m].last_point;
      if (x !== null && y !== null && Math.abs(x) <= 10 && Math.abs(y) <= 5) marker(look(i), paths.X(x), paths.Y(y), paths.markerLayer);
    });
    paths.svg.setAttribute("aria-label", t.pathsLabel(v.k));
    names.forEach((m, i) => {
      const E = series[`E:${m}`] || [];
      chart.set(i, E.map((_, k) => k), E.map((e) => (e === null ? NaN : e)));
    });
    chart.set(names.length, [0, Math.max(1, v.k)], [v.epsilon, v.epsilon]);
    chart.draw();
    this.tableBox.replaceChildren(raceTable(v, names, t, (m) => this.name(m)));
    this.element.dataset.drawnK = String(v.k);
  }

  buttons() {
    const { t, rounds } = this;
    startPauseButton(this.startBtn, rounds, {
      setRunning: (on) => this.setRunning(on),
      paused: () => {
        const v = rounds.histories.last;
        if (v && !v.done && v.k > 0) this.setMessage("paused", t.msg.paused(v.k));
      },
      change: () => (rounds.histories.last?.done ? { reset: true } : undefined),     // Again
      started: () => this.setMessage("running", t.msg.running),
    });
    this.resetBtn.addEventListener("click", () => {
      rounds.pause();
      this.setRunning(false);
      rounds.send({ reset: true });
    });
  }

  destroy() {
    this.rounds.destroy();
    this.frame.cancel();
  }
}

export function mount(element, ctx) {
  const race = new Race(element, ctx);
  return { destroy() { race.destroy(); } };
}
