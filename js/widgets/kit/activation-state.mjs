// The activation plot's pure parts (js/widgets/activation-plot.mjs), no DOM: the axes of
// each function, the cursor's grid, the plot's scale and curves, the values at the cursor.

/** How a(s) is written: σ(s), R(s); a function nnbook gains later by its name. */
const SYMBOL = { sigmoid: "σ", tanh: "tanh", relu: "R", step: "step" };
export const symbolOf = (name) => SYMBOL[name] ?? name;

// The vertical range and its ticks, per function (another function: its curve's range).
const Y_AXIS = {
  sigmoid: { min: -0.15, max: 1.15, ticks: [0, 0.5, 1] },
  tanh: { min: -1.2, max: 1.2, ticks: [-1, 0, 1] },
  relu: { min: -0.6, max: 5.3, ticks: [0, 1, 2, 3, 4, 5] },
  step: { min: -0.15, max: 1.2, ticks: [0, 1] },
};
export const S_MIN = -5, S_MAX = 5, GRID = 20; // the cursor moves on s = k/20
export const VIEW = { w: 320, h: 210, left: 30, right: 10, top: 10, bottom: 28 };

/** The vertical axis of `fn`: its own, else the range of its curve with ticks at the integers. */
export function axisOf(fn, curve) {
  if (Y_AXIS[fn]) return Y_AXIS[fn];
  const values = curve ? [...curve.a, ...curve.da].filter(Number.isFinite) : [0, 1];
  const lo = Math.floor(Math.min(0, ...values)), hi = Math.ceil(Math.max(1, ...values));
  const ticks = [];
  for (let v = lo; v <= hi; v++) ticks.push(v);
  const pad = (hi - lo) * 0.08;
  return { min: lo - pad, max: hi + pad, ticks };
}

/** s on the cursor's grid, inside [S_MIN, S_MAX]. */
export const onGrid = (s) => Math.min(S_MAX, Math.max(S_MIN, Math.round(s * GRID) / GRID));

/** Drawing coordinates for an axis: px(s), py(v) (v clamped to the axis). */
export function plotScale(axis) {
  const px = (s) => VIEW.left + ((s - S_MIN) / (S_MAX - S_MIN)) * (VIEW.w - VIEW.left - VIEW.right);
  const py = (v) => VIEW.top + ((axis.max - Math.min(axis.max, Math.max(axis.min, v))) / (axis.max - axis.min)) * (VIEW.h - VIEW.top - VIEW.bottom);
  /** Polylines through the samples, broken where the function jumps (no curve here rises
   *  by 0.2 between neighbouring samples, 0.05 apart). */
  const paths = (s, values) => {
    const pieces = [[]];
    values.forEach((v, i) => {
      if (i && Math.abs(v - values[i - 1]) > 0.2) pieces.push([]);
      pieces[pieces.length - 1].push(`${px(s[i]).toFixed(2)},${py(v).toFixed(2)}`);
    });
    return pieces.filter((p) => p.length > 1).map((p) => p.join(" "));
  };
  return { px, py, paths };
}

/** s at a pointer `x` in the drawing's units. */
export const sAt = (x) => S_MIN + ((x - VIEW.left) / (VIEW.w - VIEW.left - VIEW.right)) * (S_MAX - S_MIN);

/** {a, da} at the cursor: Python's values if they are for this function and s, else the samples'. */
export function valuesAt({ activation, s }, last, curve) {
  if (last && last.activation === activation && last.s === s) return { a: last.a, da: last.da };
  const i = Math.round((s - S_MIN) * GRID);
  if (curve && i >= 0 && i < curve.s.length) return { a: curve.a[i], da: curve.da[i] };
  return { a: null, da: null };
}
