// Small SVG charts shared by the widgets: a line chart (linear or log y,
// several series, cheap to append to while training runs) and a histogram (init-histograms).
// No library: each chart is one <svg class="nb-chart"> with a viewBox, so it
// scales to any width (a phone included; sizes in chart.css). Colours come
// from the theme or the series; numbers from format.mjs.

import { svgEl } from "./dom.mjs";
import { significant } from "./format.mjs";

const W = 320, H = 200, PAD = { left: 44, right: 10, top: 10, bottom: 30 };

// At least 3:1 against both the light and the dark (slate) background.
export const SERIES_COLOURS = ["#1e88e5", "#e65100", "#388e3c", "#ab47bc", "#00897b", "#757575"];

function niceTicks(lo, hi, count = 4) {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(+v.toPrecision(12));
  return ticks;
}

/** A tick or summary number: three significant digits, 1·10⁻⁴ for small ones. */
const tick = (v) => significant(v, 3);

export class LineChart {
  /**
   * @param parent  element to draw into
   * @param opts    {label, xLabel, yLabel, log, legend, series: [{name, colour?, dash?, width?, dot?}]}
   *                dot: the series' newest point is drawn as a dot (visible with a single point)
   */
  constructor(parent, { label = "chart", xLabel = "", yLabel = "", log = false, legend = true, series = [{ name: "" }] } = {}) {
    this.log = log;
    this.label = label;
    this.series = series.map((s, i) => ({
      name: s.name, colour: s.colour || SERIES_COLOURS[i % SERIES_COLOURS.length], dash: s.dash || "",
      width: s.width || 1.6, dot: Boolean(s.dot), x: [], y: [],
    }));
    this.svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": label, class: "nb-chart" });
    this.title = svgEl("title", {}, this.svg);
    this.title.textContent = label;
    this.axes = svgEl("g", { class: "nb-chart__axes" }, this.svg);
    this.lines = this.series.map((s) => svgEl("polyline", {
      fill: "none", stroke: s.colour, "stroke-width": s.width, ...(s.dash ? { "stroke-dasharray": s.dash } : {}),
    }, this.svg));
    this.dots = this.series.map((s) => (s.dot ? svgEl("circle", { r: 2.6, fill: s.colour, visibility: "hidden",
      class: "nb-chart__dot" }, this.svg) : null));
    svgEl("text", { x: PAD.left + (W - PAD.left - PAD.right) / 2, y: H - 4, "text-anchor": "middle", "font-size": 10, fill: "currentColor" }, this.svg).textContent = xLabel;
    svgEl("text", { x: 10, y: PAD.top + (H - PAD.top - PAD.bottom) / 2, "text-anchor": "middle", "font-size": 10, fill: "currentColor", transform: `rotate(-90 10 ${PAD.top + (H - PAD.top - PAD.bottom) / 2})` }, this.svg).textContent = yLabel;
    parent.append(this.svg);
    if (legend && this.series.length > 1) {
      const legend = document.createElement("div");
      legend.className = "nb-chart__legend";
      for (const s of this.series) {
        const item = document.createElement("span");
        const swatch = svgEl("svg", { width: 20, height: 8, viewBox: "0 0 20 8", "aria-hidden": "true", class: "nb-chart__swatch" });
        svgEl("line", { x1: 0, y1: 4, x2: 20, y2: 4, stroke: s.colour, "stroke-width": 2.5,
          ...(s.dash ? { "stroke-dasharray": s.dash } : {}) }, swatch);
        item.append(swatch, s.name);
        legend.append(item);
      }
      parent.append(legend);
    }
    this.draw();
  }

  clear() {
    for (const s of this.series) { s.x = []; s.y = []; }
    this.draw();
  }

  /** Replace a series' points. */
  set(index, xs, ys) {
    this.series[index].x = Array.from(xs);
    this.series[index].y = Array.from(ys);
  }

  /** Add points to a series (call draw() when a frame is due). */
  append(index, xs, ys) {
    const s = this.series[index];
    for (let i = 0; i < xs.length; i++) { s.x.push(xs[i]); s.y.push(ys[i]); }
  }

  setLog(log) {
    this.log = log;
    this.draw();
  }

  _range() {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const s of this.series) {
      for (let i = 0; i < s.x.length; i++) {
        const y = s.y[i];
        if (!Number.isFinite(y) || (this.log && y <= 0)) continue;
        x0 = Math.min(x0, s.x[i]); x1 = Math.max(x1, s.x[i]);
        y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
    }
    if (x0 === Infinity) return null;
    if (x1 === x0) x1 = x0 + 1;
    if (this.log) {
      // whole decades: every point lies between two labelled grid lines (E(w0) = 2.84 below the line of 10)
      y0 = Math.floor(Math.log10(y0));
      y1 = Math.ceil(Math.log10(y1));
      if (y1 === y0) y1 += 1;
    } else {
      if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
      y0 = Math.min(0, y0);
      const ticks = niceTicks(y0, y1);          // up to the first tick at or above the data
      const top = ticks[ticks.length - 1];
      if (ticks.length > 1 && top < y1) y1 = top + (ticks[1] - ticks[0]);
    }
    return { x0, x1, y0, y1 };
  }

  draw() {
    const r = this._range();
    this.axes.replaceChildren();
    const left = PAD.left, right = W - PAD.right, top = PAD.top, bottom = H - PAD.bottom;
    svgEl("line", { x1: left, y1: bottom, x2: right, y2: bottom, stroke: "currentColor", "stroke-opacity": 0.5 }, this.axes);
    svgEl("line", { x1: left, y1: top, x2: left, y2: bottom, stroke: "currentColor", "stroke-opacity": 0.5 }, this.axes);
    if (!r) {
      for (const l of this.lines) l.setAttribute("points", "");
      for (const d of this.dots) d?.setAttribute("visibility", "hidden");
      return;
    }
    const sx = (x) => left + ((x - r.x0) / (r.x1 - r.x0)) * (right - left);
    const sy = (y) => bottom - ((y - r.y0) / (r.y1 - r.y0)) * (bottom - top);
    for (const t of niceTicks(r.x0, r.x1)) {
      svgEl("text", { x: sx(t), y: bottom + 12, "text-anchor": "middle", "font-size": 9, fill: "currentColor" }, this.axes).textContent = tick(t);
    }
    const yTicks = this.log
      ? Array.from({ length: Math.floor(r.y1) - Math.ceil(r.y0) + 1 }, (_, i) => Math.ceil(r.y0) + i)
      : niceTicks(r.y0, r.y1);
    for (const t of yTicks) {
      svgEl("line", { x1: left, y1: sy(t), x2: right, y2: sy(t), stroke: "currentColor", "stroke-opacity": 0.12 }, this.axes);
      svgEl("text", { x: left - 4, y: sy(t) + 3, "text-anchor": "end", "font-size": 9, fill: "currentColor" }, this.axes)
        .textContent = this.log ? tick(10 ** t) : tick(t);
    }
    this.series.forEach((s, k) => {
      const pts = [];
      const step = Math.max(1, Math.floor(s.x.length / 600)); // at most ~600 points drawn
      for (let i = 0; i < s.x.length; i += step) {
        let y = s.y[i];
        if (!Number.isFinite(y) || (this.log && y <= 0)) continue;
        if (this.log) y = Math.log10(y);
        pts.push(`${sx(s.x[i]).toFixed(1)},${sy(y).toFixed(1)}`);
      }
      const last = s.x.length - 1;
      if (last >= 0 && last % step !== 0 && Number.isFinite(s.y[last]) && !(this.log && s.y[last] <= 0)) {
        pts.push(`${sx(s.x[last]).toFixed(1)},${sy(this.log ? Math.log10(s.y[last]) : s.y[last]).toFixed(1)}`);
      }
      this.lines[k].setAttribute("points", pts.join(" "));
      // the newest point as a dot: seen even when it is the only one (k = 0)
      const dot = this.dots[k];
      if (dot) {
        const at = pts[pts.length - 1];
        dot.setAttribute("visibility", at ? "visible" : "hidden");
        if (at) { const [cx, cy] = at.split(","); dot.setAttribute("cx", cx); dot.setAttribute("cy", cy); }
      }
    });
    const summary = this.series.filter((s) => s.y.length)
      .map((s) => `${s.name ? s.name + ": " : ""}${s.y.length} points, last ${tick(s.y[s.y.length - 1])}`).join("; ");
    this.title.textContent = summary ? `${this.label}. ${summary}` : this.label;
  }
}

/** A small histogram (160 × 94) of counts made by NumPy in the page's Python, its bins evenly over
 *  `range` [lo, hi], ticked at lo, the middle and hi. Bars: class `barClass`; the axis: `axisClass`. */
export function histogram(counts, [lo, hi], { barClass, axisClass }) {
  const W = 160, H = 94, left = 6, right = 154, top = 6, bottom = 74;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
  const max = Math.max(1, ...counts);
  const bw = (right - left) / counts.length;
  counts.forEach((c, i) => {
    const h = (c / max) * (bottom - top);
    svgEl("rect", { x: (left + i * bw + 0.4).toFixed(2), y: (bottom - h).toFixed(2), width: Math.max(0, bw - 0.8).toFixed(2),
      height: h.toFixed(2), class: barClass }, svg);
  });
  svgEl("line", { x1: left, y1: bottom + 0.5, x2: right, y2: bottom + 0.5, class: axisClass }, svg);
  for (const [at, anchor] of [[lo, "start"], [(lo + hi) / 2, "middle"], [hi, "end"]]) {
    const x = left + ((at - lo) / (hi - lo)) * (right - left);
    svgEl("line", { x1: x, y1: bottom, x2: x, y2: bottom + 3, class: axisClass }, svg);
    svgEl("text", { x, y: bottom + 16, "text-anchor": anchor }, svg).textContent = tick(at);
  }
  return svg;
}
