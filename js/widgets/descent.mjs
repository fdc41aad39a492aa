// The descent visualiser (chapter 5): contour lines of an error surface over two parameters and
// the path of the gradient method drawn on them, η fixed or by the Armijo line search. nnbook
// computes everything (py/nnbook/widgets/descent.py: its sync also sends the menus; `descent`,
// `path` and `descent_trials` are shared with the cells); the pure parts are kit/descent-state.mjs.
import { el, svgEl } from "./kit/dom.mjs";
import { ETAS, MAX_STEPS, PLOT as M, nearestEta, plotScale, readoutPieces, readoutText, setting, statusMessage, ticks }
  from "./kit/descent-state.mjs";
import { significant, subscript } from "./kit/format.mjs";
import { Pace } from "./kit/rounds.mjs";
import { problemText } from "./kit/python.mjs";
import LABELS from "./descent.labels.json" with { type: "json" };

export { LABELS };

// Play's pace, steps per second (the reader chooses; a step also waits for Python's answer)
const SPEEDS = [1, 2, 5, 10, 20];
const DEFAULT_SPEED = 5;

let uid = 0;

/** A surface's name in the menu: "C/T network: w₁₁ and θ₁" names its two parameters. */
function surfaceName(L, name, axes) {
  const label = L.surfaces[name];
  return typeof label === "function" ? label(...axes) : label ?? name;
}

/** A labelled slider: its name is its label, its value said by aria-valuetext and shown beside
 *  the label (hidden from screen readers, which hear it already). */
function slider(id, key, min, max, step) {
  const input = el("input", { type: "range", id: `${id}-${key}`, min, max, step });
  const out = el("span", { class: "nbw-descent__value", "aria-hidden": "true" });
  const name = el("label", { for: `${id}-${key}` });
  const box = el("div", { class: "nbw-descent__slider" }, el("div", { class: "nbw-descent__slider-head" }, name, out), input);
  return { input, out, name, box };
}

/** Every control and drawing of the widget, laid out in `element`; the menus wait for Python. */
function controlsView(element, L, id) {
  const c = {
    surfaceSelect: el("select", { id: `${id}-surface` }),
    methodSet: el("fieldset", {}, el("legend", { text: L.method })),
    methodRadios: {},
    compareBox: el("input", { type: "checkbox", id: `${id}-compare` }),
    eta: slider(id, "eta", 0, ETAS.length - 1, 1),
    p1: slider(id, "p1", -2, 2, 0.05),
    p2: slider(id, "p2", -2, 2, 0.05),
    playBtn: el("button", { type: "button", text: L.play, "aria-pressed": "false" }),
    speedSelect: el("select", { id: `${id}-speed` }),
    stepBtn: el("button", { type: "button", text: L.step }),
    resetBtn: el("button", { type: "button", text: L.reset }),
    plot: svgEl("svg", { viewBox: "0 0 340 330", role: "img", "aria-label": L.waiting }),
    chart: svgEl("svg", { viewBox: "0 0 300 150", role: "img", "aria-label": L.chart }),
    readout: el("p", { class: "nbw-descent__readout", text: L.waiting, "aria-live": "polite" }),
    message: el("p", { class: "nbw-descent__message", role: "status", "aria-live": "polite" }),
    legend: el("ul", { class: "nbw-descent__legend" }),
    trialsBox: el("div", { class: "nbw-descent__trials" }),
  };
  for (const rate of SPEEDS) c.speedSelect.append(el("option", { value: String(rate), text: L.perSecond(rate) }));
  c.speedSelect.value = String(DEFAULT_SPEED);
  const speedLabel = el("label", { class: "nbw-descent__speed", for: `${id}-speed` }, `${L.speed}: `, c.speedSelect);
  const surfaceLabel = el("label", { class: "nbw-descent__surface", for: `${id}-surface` }, `${L.surface}: `);
  const compareLabel = el("label", { for: `${id}-compare` }, c.compareBox, L.compare);
  element.replaceChildren(
    el("div", { class: "nbw-descent__row" }, surfaceLabel, c.surfaceSelect),
    el("div", { class: "nbw-descent__row" }, c.methodSet, compareLabel),
    // η alone or beside the start, and the two start sliders always together
    el("div", { class: "nbw-descent__row nbw-descent__sliders" }, c.eta.box,
      el("div", { class: "nbw-descent__start" }, c.p1.box, c.p2.box)),
    el("div", { class: "nbw-descent__main" },
      el("div", { class: "nbw-descent__plot" }, c.plot, c.legend),
      el("div", { class: "nbw-descent__side" },
        el("div", { class: "nbw-descent__buttons" }, c.playBtn, c.stepBtn, c.resetBtn, speedLabel),
        c.readout, c.message, c.chart)),
    c.trialsBox,
  );
  return c;
}

/** The contour lines (lower levels darker), the frame, the axes and the minimum. */
function drawSurface(plot, v, L, clipId, grid, scale) {
  const { X, Y, extent } = scale;
  const axes = v.surface.axes;
  plot.setAttribute("aria-label", L.plot(axes[0], axes[1], surfaceName(L, v.settings.surface, axes)));
  const cp = svgEl("clipPath", { id: clipId }, svgEl("defs", {}, plot));
  svgEl("rect", { x: M.left, y: M.top, width: M.size, height: M.size }, cp);
  const g = svgEl("g", { "clip-path": `url(#${clipId})` }, plot);
  const n = grid ? grid.lines.length : 0;
  grid?.lines.forEach((seg, i) => {
    let d = "";
    for (let j = 0; j + 3 < seg.length; j += 4) {
      d += `M${X(seg[j]).toFixed(1)} ${Y(seg[j + 1]).toFixed(1)}L${X(seg[j + 2]).toFixed(1)} ${Y(seg[j + 3]).toFixed(1)}`;
    }
    if (d) svgEl("path", { d, class: "nbw-contour", "stroke-opacity": (0.75 - 0.5 * (i / Math.max(1, n - 1))).toFixed(2) }, g);
  });
  svgEl("rect", { x: M.left, y: M.top, width: M.size, height: M.size, class: "nbw-frame" }, plot);
  const text = (attrs, words) => { svgEl("text", attrs, plot).textContent = words; };
  for (const t of ticks(extent[0], extent[1])) {
    svgEl("line", { x1: X(t), x2: X(t), y1: M.top + M.size, y2: M.top + M.size + 4, class: "nbw-axis" }, plot);
    text({ x: X(t), y: M.top + M.size + 14, "text-anchor": "middle" }, setting(t));
  }
  for (const t of ticks(extent[2], extent[3])) {
    svgEl("line", { x1: M.left - 4, x2: M.left, y1: Y(t), y2: Y(t), class: "nbw-axis" }, plot);
    text({ x: M.left - 6, y: Y(t) + 3.5, "text-anchor": "end" }, setting(t));
  }
  text({ x: M.left + M.size / 2, y: M.top + M.size + 28, "text-anchor": "middle", "font-style": "italic" }, axes[0]);
  text({ x: 10, y: M.top + M.size / 2, "text-anchor": "middle", "font-style": "italic",
    transform: `rotate(-90 10 ${M.top + M.size / 2})` }, axes[1]);
  if (v.surface.minimum) {
    const [mx, my] = v.surface.minimum;
    const s = 6;
    svgEl("path", { d: `M${X(mx) - s} ${Y(my)}H${X(mx) + s}M${X(mx)} ${Y(my) - s}V${Y(my) + s}`, class: "nbw-min" }, plot);
    text({ x: X(mx) + 6, y: Y(my) - 5 }, "w*");
  }
}

/** The other method's path (compare), the Armijo trials of the last step, and the path. */
function drawPaths(plot, v, clipId, { X, Y, inside, segmentPath }) {
  const layer = svgEl("g", { "clip-path": `url(#${clipId})` }, plot);
  if (v.other) {
    svgEl("path", { d: segmentPath(v.other.path), class: "nbw-other" }, layer);
    const pts = svgEl("g", { class: "nbw-other-points" }, layer);
    v.other.path.forEach((p, k) => {
      if (inside(p)) svgEl("circle", { cx: X(p[0]), cy: Y(p[1]), r: 2.6, class: "nbw-other-point", "data-k": k, "data-x": p[0], "data-y": p[1] }, pts);
    });
  }
  if (v.search && v.trials.length) {
    const first = v.trials[0].point;
    if (first[0] !== null && first[1] !== null) svgEl("path", { d: segmentPath([v.search.from, first]), class: "nbw-search" }, layer);
    const tg = svgEl("g", { class: "nbw-trials" }, layer);
    v.trials.forEach((t, i) => {
      const [tx, ty] = t.point;
      if (tx === null || ty === null || !inside([tx, ty])) return;
      const attrs = { "data-trial": i + 1, "data-eta": t.eta, "data-x": tx, "data-y": ty, "data-accepted": String(t.accepted) };
      const s = 4;
      if (t.accepted) svgEl("circle", { cx: X(tx), cy: Y(ty), r: 6, class: "nbw-accepted", ...attrs }, tg);
      else svgEl("path", { d: `M${X(tx) - s} ${Y(ty) - s}L${X(tx) + s} ${Y(ty) + s}M${X(tx) - s} ${Y(ty) + s}L${X(tx) + s} ${Y(ty) - s}`, class: "nbw-rejected", ...attrs }, tg);
    });
  }
  svgEl("path", { d: segmentPath(v.path), class: "nbw-path" }, layer);
  const pts = svgEl("g", { class: "nbw-points" }, layer);
  const last = v.path.length - 1;
  v.path.forEach((p, k) => {
    const attrs = { "data-k": k, "data-x": p[0], "data-y": p[1] };
    if (k === 0) svgEl("rect", { x: X(p[0]) - 5, y: Y(p[1]) - 5, width: 10, height: 10, class: "nbw-start", ...attrs }, pts);
    else svgEl("circle", { cx: X(p[0]), cy: Y(p[1]), r: k === last ? 5 : 3, class: k === last ? "nbw-point nbw-current" : "nbw-point", ...attrs }, pts);
  });
  if (inside(v.path[0])) svgEl("text", { x: X(v.path[0][0]) + 8, y: Y(v.path[0][1]) - 7 }, plot).textContent = "w₀";
}

/** E(w_k) against k, E on a log scale (a diverging and a converging path read on one chart). */
function drawChart(chart, v, L) {
  chart.replaceChildren();
  const C = { left: 52, top: 22, w: 238, h: 100 };
  const series = [v.E, v.other ? v.other.E : null].filter(Boolean);
  const kmax = Math.max(10, ...series.map((s) => s.length - 1));
  const values = series.flat().filter((e) => Number.isFinite(e) && e > 0);
  let hi = values.length ? Math.max(...values) : 1;
  let lo = values.length ? Math.min(...values) : 0.1;
  lo = Math.max(lo, hi * 1e-12);
  if (hi / lo < 10) { const mid = Math.sqrt(hi * lo); hi = mid * Math.sqrt(10); lo = mid / Math.sqrt(10); }
  const LH = Math.log10(hi), LL = Math.log10(lo);
  const cx = (k) => C.left + (k / kmax) * C.w;
  const cy = (e) => C.top + C.h - ((Math.log10(Math.max(e, lo)) - LL) / (LH - LL)) * C.h;
  const text = (attrs, words) => { svgEl("text", attrs, chart).textContent = words; };
  svgEl("rect", { x: C.left, y: C.top, width: C.w, height: C.h, class: "nbw-frame" }, chart);
  for (const val of [lo, hi]) text({ x: C.left - 4, y: cy(val) + 4, "text-anchor": "end" }, significant(val, 2));
  for (const k of [0, kmax]) text({ x: cx(k), y: C.top + C.h + 13, "text-anchor": "middle" }, String(k));
  text({ x: C.left + C.w / 2, y: C.top + C.h + 26, "text-anchor": "middle", "font-style": "italic" }, L.axisK);
  text({ x: 4, y: C.top + C.h / 2 + 4, "font-style": "italic" }, L.axisE);
  text({ x: C.left, y: 13 }, L.chartTitle);
  const line = (E, cls) => {
    const d = E.map((e, k) => `${k ? "L" : "M"}${cx(k).toFixed(1)} ${cy(e).toFixed(1)}`).join("");
    svgEl("path", { d, class: cls }, chart);
  };
  if (v.other) line(v.other.E, "nbw-curve-other");
  line(v.E, "nbw-curve");
}

function legendItem(draw, text) {
  const icon = svgEl("svg", { viewBox: "0 0 24 12", "aria-hidden": "true" });
  draw(icon);
  return el("li", {}, icon, text);
}

function drawLegend(legend, v, L) {
  const pathItem = (method, lineClass, pointClass, r) => legendItem((s) => {
    svgEl("line", { x1: 1, y1: 6, x2: 23, y2: 6, class: lineClass }, s);
    svgEl("circle", { cx: 12, cy: 6, r, class: pointClass }, s);
  }, method === "sd" ? L.sdPath : L.armijoPath);
  const items = [pathItem(v.settings.method, "nbw-path", "nbw-point", 3)];
  if (v.other) items.push(pathItem(v.other.method, "nbw-other", "nbw-other-point", 2.6));
  items.push(legendItem((s) => svgEl("rect", { x: 7, y: 1, width: 10, height: 10, class: "nbw-start" }, s), L.startMark));
  if (v.trials.length) {
    items.push(legendItem((s) => svgEl("path", { d: "M8 2L16 10M8 10L16 2", class: "nbw-rejected" }, s), L.rejected));
    items.push(legendItem((s) => svgEl("circle", { cx: 12, cy: 6, r: 4.5, class: "nbw-accepted" }, s), L.accepted));
  }
  if (v.surface.minimum) items.push(legendItem((s) => svgEl("path", { d: "M6 6H18M12 0V12", class: "nbw-min" }, s), L.minimum));
  legend.replaceChildren(...items);
}

/** The Armijo trials of the last step as a table (for the Armijo method, or comparing). */
function drawTrials(box, v, L) {
  if (v.settings.method !== "armijo" && !v.settings.compare) { box.replaceChildren(); return; }
  if (!v.search || !v.trials.length) { box.replaceChildren(el("p", { text: L.noTrials })); return; }
  const head = el("tr", {}, ...L.cols.map((text) => el("th", { scope: "col", text })));
  const body = el("tbody", {}, ...v.trials.map((t, i) => el("tr", { "data-accepted": String(t.accepted) },
    ...[String(i + 1), significant(t.eta, 6), significant(t.E, 6), significant(t.bound, 6), t.accepted ? L.yes : L.no]
      .map((text) => el("td", { text })))));
  const table = el("table", { class: "nbw-descent__table" }, el("caption", { text: L.table(v.search.k) }), el("thead", {}, head), body);
  box.replaceChildren(table, el("p", { text: L.tableBefore(subscript(v.search.k - 1), significant(v.search.E, 6), significant(v.search.slope, 6)) }));
}

/** The menus of surfaces and methods, from Python's first answer (nnbook.widgets.descent). */
function showMenus(c, v, L, id, menuAxes, onMethod) {
  if (!c.surfaceSelect.options.length) {
    for (const { name, axes } of v.surfaces) {
      menuAxes[name] = axes;
      c.surfaceSelect.append(el("option", { value: name, text: surfaceName(L, name, axes) }));
    }
  }
  if (!Object.keys(c.methodRadios).length) {
    for (const m of v.methods) {
      const input = el("input", { type: "radio", name: `${id}-method`, value: m, id: `${id}-${m}` });
      input.addEventListener("change", () => { if (input.checked) onMethod(m); });
      c.methodRadios[m] = input;
      c.methodSet.append(el("label", { for: `${id}-${m}` }, input, L[m] ?? m));
    }
  }
}

/** The controls as Python has the settings (a cell may have changed them). */
function syncControls(c, v, L, menuAxes) {
  const s = v.settings, extent = v.surface.extent;
  // the option of the shown surface names its two parameters (the C/T network's change)
  for (const option of c.surfaceSelect.options) {
    const name = option.value;
    option.textContent = surfaceName(L, name, name === s.surface ? v.surface.axes : menuAxes[name]);
  }
  c.surfaceSelect.value = s.surface;
  for (const [m, radio] of Object.entries(c.methodRadios)) radio.checked = m === s.method;
  c.compareBox.checked = s.compare;
  c.eta.input.value = String(nearestEta(s.eta));
  const span = extent[1] - extent[0];
  [c.p1, c.p2].forEach((S, i) => Object.assign(S.input, { min: String(extent[2 * i]), max: String(extent[2 * i + 1]),
    step: String(Number((span / 80).toPrecision(6))), value: String(s.start[i]) }));
}

/** The sliders' words: η (η₀ for Armijo) and the start's two coordinates. */
function showSliderValues(c, L, method, eta, start, axes) {
  c.eta.name.textContent = method === "armijo" ? L.eta0 : L.eta;
  c.eta.out.textContent = setting(eta);
  c.eta.input.setAttribute("aria-valuetext", L.etaNow(setting(eta)));
  [c.p1, c.p2].forEach((S, i) => {
    if (axes) S.name.textContent = L.start(axes[i]);
    S.out.textContent = setting(start[i]);
    S.input.setAttribute("aria-valuetext", `${axes ? axes[i] : ""} = ${setting(start[i])}`);
  });
}

export function mount(element, ctx) {
  const L = ctx.t;
  const id = `nbw-descent-${++uid}`;
  element.classList.add("nbw-descent");
  element.setAttribute("role", "group");
  element.setAttribute("aria-label", L.title);
  const c = controlsView(element, L, id);
  const menuAxes = {};   // surface name → its default axes, from the menu
  const showControls = (v, syncing) => {
    showMenus(c, v, L, id, menuAxes, (method) => request({ method }));
    if (syncing) syncControls(c, v, L, menuAxes);
    showSliderValues(c, L, v.settings.method, v.settings.eta, v.settings.start, v.surface.axes);
  };
  // before Python answers: the settings and menus rendered by the build (data-defaults), greyed
  if (element.dataset.defaults) showControls(JSON.parse(element.dataset.defaults), true);

  let view = null;            // the last answer
  let haveKey = null;         // the surface whose contours are drawn
  let grid = null;
  let requestedSteps = null;  // the steps asked for but not yet drawn (quick clicks add up)

  const link = ctx.link({
    fn: "sync",
    args: (changes) => ({ new: changes ?? null, lang: ctx.lang, have: haveKey }),
    onAnswer(v) {
      requestedSteps = null;
      if (v.problem) {
        setMessage("problem", v.problem);
        pace.stop();
        return;
      }
      show(v, true);
      pace.resume();
    },
    // an answer overtaken by newer settings is drawn as it passes (the controls stay as set)
    onOvertaken(v) { if (!v.problem) show(v, false); },
    onError(message, result) {
      requestedSteps = null;
      pace.stop();
      if (!result?.cancelled) setMessage("problem", problemText(message)); // cancelled: keep what is shown
    },
  });

  function request(changes = null) {
    if (changes && "steps" in changes) requestedSteps = changes.steps;
    if (changes) link.send(changes);
    else link.refresh();
  }

  function setMessage(code, text) {
    c.message.dataset.code = code;
    c.message.textContent = text;
  }

  function show(v, syncing) {
    view = v;
    if (v.grid) { grid = v.grid; haveKey = v.key; }
    showControls(v, syncing);
    const scale = plotScale(v.surface.extent);
    c.plot.replaceChildren();
    drawSurface(c.plot, v, L, `${id}-clip`, grid, scale);
    drawPaths(c.plot, v, `${id}-clip`, scale);
    drawChart(c.chart, v, L);
    drawLegend(c.legend, v, L);
    drawTrials(c.trialsBox, v, L);
    c.readout.replaceChildren(...readoutPieces(readoutText(v, L)).flatMap((piece, i) =>
      [i ? " " : null, el("span", { text: piece })].filter(Boolean)));
    setMessage(...statusMessage(v, L));
    element.dataset.state = "ready";
    element.dataset.steps = String(v.path.length - 1);
    if (v.status.done || v.settings.steps >= MAX_STEPS) pace.stop();
  }

  // ---- playing: a step, its answer drawn, then the next after 1/speed s ------------------
  function stepOnce() {
    if (!view) { request({ steps: 1 }); return; }
    request({ steps: Math.min(MAX_STEPS, (requestedSteps ?? view.settings.steps) + 1) });
  }
  const pace = new Pace({
    interval: () => 1000 / Number(c.speedSelect.value),
    // a path that is done starts over from w_0; the answer resumes the play
    tick: () => { if (!link.waiting) (view?.status.done ? request({ steps: 0 }) : stepOnce()); },
    onStop: () => { c.playBtn.textContent = L.play; c.playBtn.setAttribute("aria-pressed", "false"); },
  });
  function startPlaying() {
    c.playBtn.textContent = L.pause;
    c.playBtn.setAttribute("aria-pressed", "true");
    pace.start();
  }

  listen(c, L, { request, stepOnce, pace, startPlaying, getView: () => view, setRequested: (n) => { requestedSteps = n; } });
  // a cell ran (or another widget changed Python): follow `descent`
  ctx.onChange(() => request());
  element.dataset.state = "waiting";
  request();

  return { destroy() { link.destroy(); pace.stop(); } };
}

/** The reader's controls: each change is a request to Python (a new surface starts from its defaults). */
function listen(c, L, { request, stepOnce, pace, startPlaying, getView, setRequested }) {
  c.surfaceSelect.addEventListener("change", () => { pace.stop(); request({ surface: c.surfaceSelect.value }); setRequested(0); });
  c.compareBox.addEventListener("change", () => request({ compare: c.compareBox.checked }));
  const eta = () => ETAS[+c.eta.input.value];
  const start = () => [Number(c.p1.input.value), Number(c.p2.input.value)];
  const change = (settings) => {
    showSliderValues(c, L, getView()?.settings.method, eta(), start(), getView()?.surface.axes);
    request(settings);
  };
  c.eta.input.addEventListener("input", () => change({ eta: eta() }));
  for (const S of [c.p1, c.p2]) S.input.addEventListener("input", () => change({ start: start() }));
  c.plot.addEventListener("click", (ev) => {
    const ctm = getView() && c.plot.getScreenCTM();
    const pt = ctm && new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
    const at = pt && plotScale(getView().surface.extent).pointAt(pt.x, pt.y);
    if (!at) return;
    [c.p1.input.value, c.p2.input.value] = at.map(String);
    change({ start: at });
  });
  c.playBtn.addEventListener("click", () => (pace.running ? pace.stop() : startPlaying()));
  c.stepBtn.addEventListener("click", () => { pace.stop(); stepOnce(); });
  c.resetBtn.addEventListener("click", () => { pace.stop(); request({ steps: 0 }); });
}
