// The descent visualiser (chapter 5): contour lines of an error surface over
// two parameters, the path of the gradient method w_{k+1} = w_k + η Δw_k drawn
// on it, with a fixed η (steepest descent) or the Armijo line search.
//
// Everything is computed by nnbook in the page's Python session
// (py/nnbook/widgets/descent.py, entry point sync; it also sends the menus of
// surfaces and methods). Shared with the cells:
//   descent  {"surface", "eta", "start", "method", "steps", "compare", ("params")}
//            read and written: a cell may change it and the widget follows
//   path     the iterates w_0 … w_k drawn (written)
//   descent_trials  the Armijo trials of the last step (written)
import { el, svgEl } from "./kit/dom.mjs";
import { significant, trimmed } from "./kit/format.mjs";
import { problemText } from "./kit/python.mjs";
import LABELS from "./descent.labels.json" with { type: "json" };

export { LABELS };

// η slider positions (a cell may set any η > 0; the slider then shows the nearest)
const ETAS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4,
  0.45, 0.5, 0.6, 0.8, 1, 1.5, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50, 100];
const MAX_STEPS = 200;
// Play's pace, steps per second (the reader chooses; a step also waits for Python's answer)
const SPEEDS = [1, 2, 5, 10, 20];
const DEFAULT_SPEED = 5;

const SUBS = "₀₁₂₃₄₅₆₇₈₉";
function sub(k) {
  return String(k).replace(/[0-9]/g, (d) => SUBS[+d]);
}

// a setting as the reader set it (η, a start coordinate, a tick): no rounding to speak of
const setting = (v) => trimmed(v, 6);

/** "k = 3: w₃ = (−0.6, −0.2), E = 0.25" → ["k = 3:", "w₃ = (−0.6, −0.2),", "E = 0.25"]: the
 *  pieces a line may break between (after ": " or ", " outside brackets), never inside. */
export function readoutPieces(text) {
  const pieces = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (depth === 0 && (c === ":" || c === "," || c === "、") && text[i + 1] === " ") {
      pieces.push(text.slice(start, i + 1));
      start = i + 2;
      i++;
    }
  }
  pieces.push(text.slice(start));
  return pieces.filter((piece) => piece);
}


// Liang–Barsky: the part of the segment (x1,y1)-(x2,y2) inside the box, or null.
function clip(x1, y1, x2, y2, [xa, xb, ya, yb]) {
  let t0 = 0, t1 = 1;
  const dx = x2 - x1, dy = y2 - y1;
  for (const [p, q] of [[-dx, x1 - xa], [dx, xb - x1], [-dy, y1 - ya], [dy, yb - y1]]) {
    if (p === 0) { if (q < 0) return null; continue; }
    const r = q / p;
    if (p < 0) { if (r > t1) return null; if (r > t0) t0 = r; }
    else { if (r < t0) return null; if (r < t1) t1 = r; }
  }
  return [x1 + t0 * dx, y1 + t0 * dy, x1 + t1 * dx, y1 + t1 * dy];
}

function nearestEta(eta) {
  let best = 0;
  for (let i = 1; i < ETAS.length; i++) {
    if (Math.abs(Math.log(ETAS[i] / eta)) < Math.abs(Math.log(ETAS[best] / eta))) best = i;
  }
  return best;
}

let uid = 0;

export function mount(element, ctx) {
  const L = ctx.t;
  const id = `nbw-descent-${++uid}`;
  element.classList.add("nbw-descent");
  element.setAttribute("role", "group");
  element.setAttribute("aria-label", L.title);

  // ---- controls ------------------------------------------------------------------------
  // the menus come with Python's first answer (nnbook.widgets.descent.SURFACES, METHODS)
  const surfaceSelect = el("select", { id: `${id}-surface` });
  const surfaceName = (name, axes) => {
    const label = L.surfaces[name];
    return typeof label === "function" ? label(...axes) : label ?? name;
  };
  const surfaceLabel = el("label", { class: "nbw-descent__surface", for: `${id}-surface` }, `${L.surface}: `);
  const methodRadios = {};
  const methodSet = el("fieldset", {}, el("legend", { text: L.method }));
  const menuAxes = {};   // surface name → its default axes, from the menu
  function showMenus(v) {
    if (!surfaceSelect.options.length) {
      for (const { name, axes } of v.surfaces) {
        menuAxes[name] = axes;
        surfaceSelect.append(el("option", { value: name, text: surfaceName(name, axes) }));
      }
    }
    if (!Object.keys(methodRadios).length) {
      for (const m of v.methods) {
        const input = el("input", { type: "radio", name: `${id}-method`, value: m, id: `${id}-${m}` });
        input.addEventListener("change", () => { if (input.checked) request({ method: m }); });
        methodRadios[m] = input;
        methodSet.append(el("label", { for: `${id}-${m}` }, input, L[m] ?? m));
      }
    }
  }
  const compareBox = el("input", { type: "checkbox", id: `${id}-compare` });
  const compareLabel = el("label", { for: `${id}-compare` }, compareBox, L.compare);

  function slider(key, min, max, step) {
    // the slider's name is its label; its value is said by aria-valuetext
    // and shown beside the label (hidden from screen readers, which hear it already)
    const input = el("input", { type: "range", id: `${id}-${key}`, min, max, step });
    const out = el("span", { class: "nbw-descent__value", "aria-hidden": "true" });
    const name = el("label", { for: `${id}-${key}` });
    const box = el("div", { class: "nbw-descent__slider" }, el("div", { class: "nbw-descent__slider-head" }, name, out), input);
    return { input, out, name, box };
  }
  const etaS = slider("eta", 0, ETAS.length - 1, 1);
  const p1S = slider("p1", -2, 2, 0.05);
  const p2S = slider("p2", -2, 2, 0.05);

  const playBtn = el("button", { type: "button", text: L.play, "aria-pressed": "false" });
  const speedSelect = el("select", { id: `${id}-speed` });
  for (const rate of SPEEDS) speedSelect.append(el("option", { value: String(rate), text: L.perSecond(rate) }));
  speedSelect.value = String(DEFAULT_SPEED);
  const speedLabel = el("label", { class: "nbw-descent__speed", for: `${id}-speed` }, `${L.speed}: `, speedSelect);
  const stepBtn = el("button", { type: "button", text: L.step });
  const resetBtn = el("button", { type: "button", text: L.reset });

  const plot = svgEl("svg", { viewBox: "0 0 340 330", role: "img", "aria-label": L.waiting });
  const chart = svgEl("svg", { viewBox: "0 0 300 150", role: "img", "aria-label": L.chart });
  const readout = el("p", { class: "nbw-descent__readout", text: L.waiting, "aria-live": "polite" });
  const message = el("p", { class: "nbw-descent__message", role: "status", "aria-live": "polite" });
  const legend = el("ul", { class: "nbw-descent__legend" });
  const trialsBox = el("div", { class: "nbw-descent__trials" });

  element.replaceChildren(
    el("div", { class: "nbw-descent__row" }, surfaceLabel, surfaceSelect),
    el("div", { class: "nbw-descent__row" }, methodSet, compareLabel),
    // η alone or beside the start, and the two start sliders always together
    el("div", { class: "nbw-descent__row nbw-descent__sliders" }, etaS.box,
      el("div", { class: "nbw-descent__start" }, p1S.box, p2S.box)),
    el("div", { class: "nbw-descent__main" },
      el("div", { class: "nbw-descent__plot" }, plot, legend),
      el("div", { class: "nbw-descent__side" },
        el("div", { class: "nbw-descent__buttons" }, playBtn, stepBtn, resetBtn, speedLabel),
        readout, message, chart)),
    trialsBox,
  );

  // ---- talking to Python -----------------------------------------------------------------------
  let view = null; // the last result
  let haveKey = null; // the surface whose contours are drawn
  let grid = null;
  let playing = false;
  let playTimer = null;

  let requestedSteps = null; // the steps asked for but not yet drawn (quick clicks add up)

  const link = ctx.link({
    fn: "sync",
    args: (changes) => ({ new: changes ?? null, lang: ctx.lang, have: haveKey }),
    onAnswer(v) {
      requestedSteps = null;
      if (v.problem) {
        setMessage("problem", v.problem);
        stopPlaying();
        return;
      }
      show(v, true);
      if (playing) schedulePlay();
    },
    // an answer overtaken by newer settings is drawn as it passes (the controls stay as set)
    onOvertaken(v) { if (!v.problem) show(v, false); },
    onError(message, result) {
      requestedSteps = null;
      stopPlaying();
      if (!result?.cancelled) setMessage("problem", problemText(message)); // cancelled: keep what is shown
    },
  });

  function request(changes = null) {
    if (changes && "steps" in changes) requestedSteps = changes.steps;
    if (changes) link.send(changes);
    else link.refresh();
  }

  // ---- drawing -------------------------------------------------------------------------
  const M = { left: 38, top: 8, size: 290 }; // plot square in the viewBox
  let extent = [-2, 2, -2, 2];
  const X = (x) => M.left + ((x - extent[0]) / (extent[1] - extent[0])) * M.size;
  const Y = (y) => M.top + M.size - ((y - extent[2]) / (extent[3] - extent[2])) * M.size;
  const box = () => [extent[0], extent[1], extent[2], extent[3]];

  function segmentPath(points, close = false) {
    // clipped polyline through points (data coordinates) as an SVG path d
    let d = "";
    for (let i = 1; i < points.length; i++) {
      const c = clip(points[i - 1][0], points[i - 1][1], points[i][0], points[i][1], box());
      if (c) d += `M${X(c[0]).toFixed(2)} ${Y(c[1]).toFixed(2)}L${X(c[2]).toFixed(2)} ${Y(c[3]).toFixed(2)}`;
    }
    return d;
  }

  const inside = ([x, y]) => x >= extent[0] && x <= extent[1] && y >= extent[2] && y <= extent[3];

  function ticks(lo, hi) {
    const span = hi - lo;
    const step = span > 6 ? 2 : span > 3 ? 1 : 0.5;
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toFixed(6)));
    return out;
  }

  function drawPlot(v) {
    plot.replaceChildren();
    const axes = v.surface.axes;
    const name = surfaceName(v.settings.surface, axes);
    plot.setAttribute("aria-label", L.plot(axes[0], axes[1], name));
    const clipId = `${id}-clip`;
    const defs = svgEl("defs", {}, plot);
    const cp = svgEl("clipPath", { id: clipId }, defs);
    svgEl("rect", { x: M.left, y: M.top, width: M.size, height: M.size }, cp);
    // contours, lower levels darker
    const g = svgEl("g", { "clip-path": `url(#${clipId})` }, plot);
    if (grid) {
      const n = grid.lines.length;
      grid.lines.forEach((seg, i) => {
        let d = "";
        for (let j = 0; j + 3 < seg.length; j += 4) {
          d += `M${X(seg[j]).toFixed(1)} ${Y(seg[j + 1]).toFixed(1)}L${X(seg[j + 2]).toFixed(1)} ${Y(seg[j + 3]).toFixed(1)}`;
        }
        if (d) svgEl("path", { d, class: "nbw-contour", "stroke-opacity": (0.75 - 0.5 * (i / Math.max(1, n - 1))).toFixed(2) }, g);
      });
    }
    svgEl("rect", { x: M.left, y: M.top, width: M.size, height: M.size, class: "nbw-frame" }, plot);
    // axes
    for (const t of ticks(extent[0], extent[1])) {
      svgEl("line", { x1: X(t), x2: X(t), y1: M.top + M.size, y2: M.top + M.size + 4, class: "nbw-axis" }, plot);
      svgEl("text", { x: X(t), y: M.top + M.size + 14, "text-anchor": "middle" }, plot).textContent = setting(t);
    }
    for (const t of ticks(extent[2], extent[3])) {
      svgEl("line", { x1: M.left - 4, x2: M.left, y1: Y(t), y2: Y(t), class: "nbw-axis" }, plot);
      svgEl("text", { x: M.left - 6, y: Y(t) + 3.5, "text-anchor": "end" }, plot).textContent = setting(t);
    }
    svgEl("text", { x: M.left + M.size / 2, y: M.top + M.size + 28, "text-anchor": "middle", "font-style": "italic" }, plot).textContent = axes[0];
    svgEl("text", { x: 10, y: M.top + M.size / 2, "text-anchor": "middle", "font-style": "italic", transform: `rotate(-90 10 ${M.top + M.size / 2})` }, plot).textContent = axes[1];
    // minimum
    if (v.surface.minimum) {
      const [mx, my] = v.surface.minimum;
      const s = 6;
      svgEl("path", { d: `M${X(mx) - s} ${Y(my)}H${X(mx) + s}M${X(mx)} ${Y(my) - s}V${Y(my) + s}`, class: "nbw-min" }, plot);
      svgEl("text", { x: X(mx) + 6, y: Y(my) - 5 }, plot).textContent = "w*";
    }
    const layer = svgEl("g", { "clip-path": `url(#${clipId})` }, plot);
    // the other method's path (compare)
    if (v.other) {
      svgEl("path", { d: segmentPath(v.other.path), class: "nbw-other" }, layer);
      const pts = svgEl("g", { class: "nbw-other-points" }, layer);
      v.other.path.forEach((p, k) => {
        if (!inside(p)) return;
        svgEl("circle", { cx: X(p[0]), cy: Y(p[1]), r: 2.6, class: "nbw-other-point", "data-k": k, "data-x": p[0], "data-y": p[1] }, pts);
      });
    }
    // the Armijo search of the last step
    if (v.search && v.trials.length) {
      const [fx, fy] = v.search.from;
      const first = v.trials[0].point;
      if (first[0] !== null && first[1] !== null) {
        svgEl("path", { d: segmentPath([[fx, fy], first]), class: "nbw-search" }, layer);
      }
      const tg = svgEl("g", { class: "nbw-trials" }, layer);
      v.trials.forEach((t, i) => {
        const [tx, ty] = t.point;
        if (tx === null || ty === null || !inside([tx, ty])) return;
        const attrs = { "data-trial": i + 1, "data-eta": t.eta, "data-x": tx, "data-y": ty, "data-accepted": String(t.accepted) };
        if (t.accepted) {
          svgEl("circle", { cx: X(tx), cy: Y(ty), r: 6, class: "nbw-accepted", ...attrs }, tg);
        } else {
          const s = 4;
          svgEl("path", { d: `M${X(tx) - s} ${Y(ty) - s}L${X(tx) + s} ${Y(ty) + s}M${X(tx) - s} ${Y(ty) + s}L${X(tx) + s} ${Y(ty) - s}`, class: "nbw-rejected", ...attrs }, tg);
        }
      });
    }
    // the path
    svgEl("path", { d: segmentPath(v.path), class: "nbw-path" }, layer);
    const pts = svgEl("g", { class: "nbw-points" }, layer);
    const last = v.path.length - 1;
    v.path.forEach((p, k) => {
      const attrs = { "data-k": k, "data-x": p[0], "data-y": p[1] };
      if (k === 0) {
        svgEl("rect", { x: X(p[0]) - 5, y: Y(p[1]) - 5, width: 10, height: 10, class: "nbw-start", ...attrs }, pts);
      } else {
        svgEl("circle", { cx: X(p[0]), cy: Y(p[1]), r: k === last ? 5 : 3, class: k === last ? "nbw-point nbw-current" : "nbw-point", ...attrs }, pts);
      }
    });
    if (inside(v.path[0])) svgEl("text", { x: X(v.path[0][0]) + 8, y: Y(v.path[0][1]) - 7 }, plot).textContent = "w₀";
  }

  function drawChart(v) {
    // E(w_k) against k, E on a log scale (so that a diverging and a converging
    // path can be read on the same chart)
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
    svgEl("rect", { x: C.left, y: C.top, width: C.w, height: C.h, class: "nbw-frame" }, chart);
    for (const val of [lo, hi]) {
      svgEl("text", { x: C.left - 4, y: cy(val) + 4, "text-anchor": "end" }, chart).textContent = significant(val, 2);
    }
    for (const k of [0, kmax]) svgEl("text", { x: cx(k), y: C.top + C.h + 13, "text-anchor": "middle" }, chart).textContent = String(k);
    svgEl("text", { x: C.left + C.w / 2, y: C.top + C.h + 26, "text-anchor": "middle", "font-style": "italic" }, chart).textContent = L.axisK;
    svgEl("text", { x: 4, y: C.top + C.h / 2 + 4, "font-style": "italic" }, chart).textContent = L.axisE;
    svgEl("text", { x: C.left, y: 13 }, chart).textContent = L.chartTitle;
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

  function drawLegend(v) {
    const main = v.settings.method;
    const items = [
      legendItem((s) => { svgEl("line", { x1: 1, y1: 6, x2: 23, y2: 6, class: "nbw-path" }, s); svgEl("circle", { cx: 12, cy: 6, r: 3, class: "nbw-point" }, s); }, main === "sd" ? L.sdPath : L.armijoPath),
    ];
    if (v.other) {
      items.push(legendItem((s) => { svgEl("line", { x1: 1, y1: 6, x2: 23, y2: 6, class: "nbw-other" }, s); svgEl("circle", { cx: 12, cy: 6, r: 2.6, class: "nbw-other-point" }, s); }, v.other.method === "sd" ? L.sdPath : L.armijoPath));
    }
    items.push(legendItem((s) => svgEl("rect", { x: 7, y: 1, width: 10, height: 10, class: "nbw-start" }, s), L.startMark));
    if (v.trials.length) {
      items.push(legendItem((s) => svgEl("path", { d: "M8 2L16 10M8 10L16 2", class: "nbw-rejected" }, s), L.rejected));
      items.push(legendItem((s) => svgEl("circle", { cx: 12, cy: 6, r: 4.5, class: "nbw-accepted" }, s), L.accepted));
    }
    if (v.surface.minimum) items.push(legendItem((s) => svgEl("path", { d: "M6 6H18M12 0V12", class: "nbw-min" }, s), L.minimum));
    legend.replaceChildren(...items);
  }

  function drawTrials(v) {
    const showTable = v.settings.method === "armijo" || v.settings.compare;
    if (!showTable) { trialsBox.replaceChildren(); return; }
    if (!v.search || !v.trials.length) {
      trialsBox.replaceChildren(el("p", { text: L.noTrials }));
      return;
    }
    const table = el("table", { class: "nbw-descent__table" });
    table.append(el("caption", { text: L.table(v.search.k) }));
    const head = el("tr");
    for (const c of L.cols) head.append(el("th", { scope: "col", text: c }));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    v.trials.forEach((t, i) => {
      const row = el("tr", { "data-accepted": String(t.accepted) });
      for (const cell of [String(i + 1), significant(t.eta, 6), significant(t.E, 6), significant(t.bound, 6), t.accepted ? L.yes : L.no]) {
        row.append(el("td", { text: cell }));
      }
      body.append(row);
    });
    table.append(body);
    trialsBox.replaceChildren(table, el("p", { text: L.tableBefore(sub(v.search.k - 1), significant(v.search.E, 6), significant(v.search.slope, 6)) }));
  }

  function setMessage(code, text) {
    message.dataset.code = code;
    message.textContent = text;
  }

  function show(v, syncControls) {
    view = v;
    if (v.grid) { grid = v.grid; haveKey = v.key; }
    extent = v.surface.extent;
    const s = v.settings;
    showMenus(v);
    if (syncControls) {
      // the option of the shown surface names its two parameters (the C/T network's change)
      for (const option of surfaceSelect.options) {
        const name = option.value;
        option.textContent = surfaceName(name, name === s.surface ? v.surface.axes : menuAxes[name]);
      }
      surfaceSelect.value = s.surface;
      for (const [m, radio] of Object.entries(methodRadios)) radio.checked = m === s.method;
      compareBox.checked = s.compare;
      etaS.input.value = String(nearestEta(s.eta));
      const span = extent[1] - extent[0];
      for (const [S, i] of [[p1S, 0], [p2S, 1]]) {
        S.input.min = String(extent[2 * i]);
        S.input.max = String(extent[2 * i + 1]);
        S.input.step = String(Number((span / 80).toPrecision(6)));
        S.input.value = String(s.start[i]);
      }
    }
    etaS.name.textContent = s.method === "armijo" ? L.eta0 : L.eta;
    etaS.out.textContent = setting(s.eta);
    etaS.input.setAttribute("aria-valuetext", L.etaNow(setting(s.eta)));
    v.surface.axes.forEach((a, i) => {
      const S = [p1S, p2S][i];
      S.name.textContent = L.start(a);
      S.out.textContent = setting(s.start[i]);
      S.input.setAttribute("aria-valuetext", `${a} = ${setting(s.start[i])}`);
    });
    drawPlot(v);
    drawChart(v);
    drawLegend(v);
    drawTrials(v);
    const k = v.path.length - 1;
    const w = v.path[k];
    const said = `${L.readout(k, sub(k), `${significant(w[0])}, ${significant(w[1])}`, significant(v.E[k]))}${v.settings.method === "armijo" && k > 0 ? `, η${sub(k - 1)} = ${significant(v.eta[k - 1])}` : ""}`;
    readout.replaceChildren(...readoutPieces(said).flatMap((piece, i) =>
      [i ? " " : null, el("span", { text: piece })].filter(Boolean)));
    const st = v.status;
    const m = L.msg;
    let text = "";
    if (st.code === "converged") text = m.converged(st.k);
    else if (st.code === "overshoot") text = m.overshoot(st.up, significant(v.E[st.up - 1]), significant(v.E[st.up]));
    else if (st.code === "diverging") text = m.diverging(setting(s.eta));
    else if (st.code === "overflow") text = m.overflow(setting(s.eta));
    else if (st.code === "start") text = m.start;
    if (s.method === "armijo" && k > 0 && v.eta[k - 1] === 0) text = m.armijoStuck;
    setMessage(st.code, text);
    element.dataset.state = "ready";
    element.dataset.steps = String(k);
    if (playing && (st.done || s.steps >= MAX_STEPS)) stopPlaying();
  }

  // ---- playing ---------------------------------------------------------------------------
  function stepOnce() {
    if (!view) { request({ steps: 1 }); return; }
    const steps = Math.min(MAX_STEPS, (requestedSteps ?? view.settings.steps) + 1);
    request({ steps });
  }
  function schedulePlay() {
    clearTimeout(playTimer);
    playTimer = setTimeout(() => { if (playing && !link.waiting) stepOnce(); }, 1000 / Number(speedSelect.value));
  }
  function stopPlaying() {
    playing = false;
    clearTimeout(playTimer);
    playBtn.textContent = L.play;
    playBtn.setAttribute("aria-pressed", "false");
  }
  function startPlaying() {
    playing = true;
    playBtn.textContent = L.pause;
    playBtn.setAttribute("aria-pressed", "true");
    if (view && view.status.done) request({ steps: 0 }); // start over from w_0
    else if (!link.waiting) stepOnce();
  }

  // ---- events ----------------------------------------------------------------------------
  // a new surface starts from its own defaults (steps = 0)
  surfaceSelect.addEventListener("change", () => { stopPlaying(); request({ surface: surfaceSelect.value }); requestedSteps = 0; });
  compareBox.addEventListener("change", () => request({ compare: compareBox.checked }));
  etaS.input.addEventListener("input", () => {
    const eta = ETAS[+etaS.input.value];
    etaS.out.textContent = setting(eta);
    etaS.input.setAttribute("aria-valuetext", L.etaNow(setting(eta)));
    request({ eta });
  });
  const startInput = () => {
    const start = [Number(p1S.input.value), Number(p2S.input.value)];
    [p1S, p2S].forEach((S, i) => {
      S.out.textContent = setting(start[i]);
      S.input.setAttribute("aria-valuetext", `${view ? view.surface.axes[i] : ""} = ${setting(start[i])}`);
    });
    request({ start });
  };
  p1S.input.addEventListener("input", startInput);
  p2S.input.addEventListener("input", startInput);
  plot.addEventListener("click", (ev) => {
    if (!view) return;
    const ctm = plot.getScreenCTM();
    if (!ctm) return;
    const pt = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
    if (pt.x < M.left || pt.x > M.left + M.size || pt.y < M.top || pt.y > M.top + M.size) return;
    const step = (extent[1] - extent[0]) / 80;
    const snap = (v, lo) => Number((lo + Math.round((v - lo) / step) * step).toFixed(6));
    const x = extent[0] + ((pt.x - M.left) / M.size) * (extent[1] - extent[0]);
    const y = extent[2] + ((M.top + M.size - pt.y) / M.size) * (extent[3] - extent[2]);
    const start = [snap(x, extent[0]), snap(y, extent[2])];
    p1S.input.value = String(start[0]);
    p2S.input.value = String(start[1]);
    request({ start });
  });
  playBtn.addEventListener("click", () => (playing ? stopPlaying() : startPlaying()));
  stepBtn.addEventListener("click", () => { stopPlaying(); stepOnce(); });
  resetBtn.addEventListener("click", () => { stopPlaying(); request({ steps: 0 }); });

  // a cell ran (or another widget changed Python): follow `descent`
  ctx.onChange(() => request());
  element.dataset.state = "waiting";
  request();

  return {
    destroy() {
      link.destroy();
      stopPlaying();
    },
  };
}
