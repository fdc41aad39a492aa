// The descent visualiser's pure parts (js/widgets/descent.mjs), no DOM: the η slider's
// positions, the plot's scale (data → drawing, clipped paths, ticks), the readout and the
// status message of one answer of nnbook.widgets.descent.sync.
import { significant, subscript, trimmed } from "./format.mjs";

// η slider positions (a cell may set any η > 0; the slider then shows the nearest)
export const ETAS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4,
  0.45, 0.5, 0.6, 0.8, 1, 1.5, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50, 100];
export const MAX_STEPS = 200;

/** A setting as the reader set it (η, a start coordinate, a tick): no rounding to speak of. */
export const setting = (v) => trimmed(v, 6);

/** The slider position whose η is nearest to `eta` (on a log scale). */
export const nearestEta = (eta) =>
  ETAS.reduce((best, e, i) => (Math.abs(Math.log(e / eta)) < Math.abs(Math.log(ETAS[best] / eta)) ? i : best), 0);

/** "k = 3: w₃ = (−0.6, −0.2), E = 0.25" → ["k = 3:", "w₃ = (−0.6, −0.2),", "E = 0.25"]: the
 *  pieces a line may break between (after ": " or ", " outside brackets), never inside. */
export function readoutPieces(text) {
  const pieces = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    depth += "([".includes(text[i]) - ")]".includes(text[i]);
    if (depth === 0 && ":,、".includes(text[i]) && text[i + 1] === " ") {
      pieces.push(text.slice(start, i + 1));
      start = i + 2;
    }
  }
  return [...pieces, text.slice(start)].filter(Boolean);
}

/** Liang–Barsky: the part of the segment (x1,y1)-(x2,y2) inside the box, or null. */
export function clip(x1, y1, x2, y2, [xa, xb, ya, yb]) {
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

/** Tick values on [lo, hi]: every 2, 1 or 0.5, by the span. */
export function ticks(lo, hi) {
  const span = hi - lo;
  const step = span > 6 ? 2 : span > 3 ? 1 : 0.5;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toFixed(6)));
  return out;
}

/** The plot square of the viewBox (0 0 340 330). */
export const PLOT = { left: 38, top: 8, size: 290 };

/** The plot's scale for a surface's extent [x0, x1, y0, y1]: data → drawing and back. */
export function plotScale(extent, M = PLOT) {
  const X = (x) => M.left + ((x - extent[0]) / (extent[1] - extent[0])) * M.size;
  const Y = (y) => M.top + M.size - ((y - extent[2]) / (extent[3] - extent[2])) * M.size;
  return {
    X, Y, extent,
    inside: ([x, y]) => x >= extent[0] && x <= extent[1] && y >= extent[2] && y <= extent[3],
    /** The polyline through `points` (data), clipped to the plot, as an SVG path's d. */
    segmentPath(points) {
      let d = "";
      for (let i = 1; i < points.length; i++) {
        const c = clip(points[i - 1][0], points[i - 1][1], points[i][0], points[i][1], extent);
        if (c) d += `M${X(c[0]).toFixed(2)} ${Y(c[1]).toFixed(2)}L${X(c[2]).toFixed(2)} ${Y(c[3]).toFixed(2)}`;
      }
      return d;
    },
    /** A point of the drawing (a click) as data, snapped to 1/80 of the extent; null outside the plot. */
    pointAt(px, py) {
      if (px < M.left || px > M.left + M.size || py < M.top || py > M.top + M.size) return null;
      const step = (extent[1] - extent[0]) / 80;
      const snap = (v, lo) => Number((lo + Math.round((v - lo) / step) * step).toFixed(6));
      const x = extent[0] + ((px - M.left) / M.size) * (extent[1] - extent[0]);
      const y = extent[2] + ((M.top + M.size - py) / M.size) * (extent[3] - extent[2]);
      return [snap(x, extent[0]), snap(y, extent[2])];
    },
  };
}

/** The readout under the buttons: "k = 3: w₃ = (…), E = …" (and η of the last step for Armijo). */
export function readoutText(v, L) {
  const k = v.path.length - 1;
  const w = v.path[k];
  const eta = v.settings.method === "armijo" && k > 0 ? `, η${subscript(k - 1)} = ${significant(v.eta[k - 1])}` : "";
  return `${L.readout(k, subscript(k), `${significant(w[0])}, ${significant(w[1])}`, significant(v.E[k]))}${eta}`;
}

/** The status message of an answer, in words: [code, text]. */
export function statusMessage(v, L) {
  const s = v.settings, st = v.status, m = L.msg;
  const k = v.path.length - 1;
  if (s.method === "armijo" && k > 0 && v.eta[k - 1] === 0) return [st.code, m.armijoStuck];
  const text = {
    converged: () => m.converged(st.k),
    overshoot: () => m.overshoot(st.up, significant(v.E[st.up - 1]), significant(v.E[st.up])),
    diverging: () => m.diverging(setting(s.eta)),
    overflow: () => m.overflow(setting(s.eta)),
    start: () => m.start,
  }[st.code];
  return [st.code, text ? text() : ""];
}
