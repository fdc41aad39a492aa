// The neuron explorer's unit (js/widgets/neuron-explorer.mjs), pure, no DOM:
//   unit = {x: [x1(, x2)], w: [w1(, w2), θ], activation}
// what a slider, the input count or a preset makes of it, keeping x2 and w2 aside
// (`spare`) while one input is shown, and how its numbers are written.
import { fixed, trimmed } from "./format.mjs";

/** How y = a(s) is written: σ(s), tanh(s), R(s), step(s); the identity is y = s; an
 *  activation nnbook gains later is written by its name. */
const SYMBOL = { step: "step", sigmoid: "σ", tanh: "tanh", relu: "R", identity: "" };
export const symbolOf = (name) => (Object.hasOwn(SYMBOL, name) ? SYMBOL[name] : name);

/** The sliders' ranges [min, max, step]. */
export const RANGE = { x: [0, 1, 0.1], w: [-3, 3, 0.1] };

export const copy = (u) => ({ x: [...u.x], w: [...u.w], activation: u.activation });

/** y as shown: 0 or 1 for the step function, else 4 decimals (aligned in the table). */
export const shownY = (value, activation) => (activation === "step" ? trimmed(value) : fixed(value, 4));

/** In a product a negative factor is bracketed: 1·(−0.5). */
export function factor(value) {
  const text = trimmed(value);
  return value < 0 && text !== "0" ? `(${text})` : text;
}

/** The five sliders' values (x2 and w2 from `spare` when one input is shown). */
export function sliderValues(unit, spare) {
  const n = unit.x.length;
  return { x1: unit.x[0], x2: n === 2 ? unit.x[1] : spare.x2, w1: unit.w[0],
    w2: n === 2 ? unit.w[1] : spare.w2, theta: unit.w[n] };
}

/** The unit with slider `key` (x1, x2, w1, w2, theta) at v. */
export function withSlider(unit, key, v) {
  const u = copy(unit);
  const n = u.x.length;
  if (key === "x1") u.x[0] = v;
  else if (key === "x2") u.x[1] = v;
  else if (key === "w1") u.w[0] = v;
  else if (key === "w2") u.w[1] = v;
  else u.w[n] = v;
  return u;
}

/** [unit, spare] with n inputs: going to one keeps x2 and w2 aside, going to two brings them back. */
export function withInputs(unit, spare, n) {
  if (unit.x.length === n) return [unit, spare];
  const theta = unit.w[unit.w.length - 1];
  if (n === 1) return [{ ...copy(unit), x: [unit.x[0]], w: [unit.w[0], theta] }, { x2: unit.x[1], w2: unit.w[1] }];
  return [{ ...copy(unit), x: [unit.x[0], spare.x2], w: [unit.w[0], spare.w2, theta] }, spare];
}

/** [unit, spare] after a preset (a one-input preset keeps the two-input unit's x2 and w2 aside). */
export function withPreset(unit, spare, preset) {
  const kept = unit.x.length === 2 && preset.x.length === 1 ? { x2: unit.x[1], w2: unit.w[1] } : spare;
  return [copy(preset), kept];
}
