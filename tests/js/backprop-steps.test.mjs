// kit/backprop-steps.mjs: the backprop stepper's steps from one trace, without a page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSteps, describe, forwardValues, gradientRows, knownValues } from "../../js/widgets/kit/backprop-steps.mjs";
import { labelsFor } from "../../js/widgets/kit/labels.mjs";
import { LABELS } from "../../js/widgets/backprop-stepper.mjs";

const sigmoid = (s) => 1 / (1 + Math.exp(-s));
const sizes = [12, 3, 2];
// net.names() of the 12-3-2 network (nnbook.Network().names())
const names = [1, 2].flatMap((j) => [1, 2, 3].map((k) => `w_${k}${j}`).concat(`theta_${j}`)).concat(
  [1, 2, 3].flatMap((i) => Array.from({ length: 12 }, (_, k) => `w_${k < 9 ? `${k + 1}${i}` : `${k + 1},${i}`}^H`).concat(`theta_${i}^H`)));

/** A trace as nnbook sends it, for weights w (slides' order), image x and teacher t: the forward
 *  pass and the output layer's gradients worked out here from the slides' formulas. */
function trace(w, x, t) {
  const at = (name) => w[names.indexOf(name)];
  const s_H = [1, 2, 3].map((i) => x.reduce((sum, xk, k) => sum + at(`w_${k < 9 ? `${k + 1}${i}` : `${k + 1},${i}`}^H`) * xk, 0) - at(`theta_${i}^H`));
  const h = s_H.map(sigmoid);
  const s = [1, 2].map((j) => h.reduce((sum, hk, k) => sum + at(`w_${k + 1}${j}`) * hk, 0) - at(`theta_${j}`));
  const z = s.map(sigmoid);
  const a_prime = z.map((v) => v * (1 - v));
  const gradient = names.map((name) => {
    const m = /^(w|theta)_(\d)(\d)?$/.exec(name);       // the output layer only; the rest 0 here
    if (!m) return 0;
    const j = Number(m[1] === "w" ? m[3] : m[2]);
    const delta = (z[j - 1] - t[j - 1]) * a_prime[j - 1];
    return m[1] === "w" ? delta * h[Number(m[2]) - 1] : -delta;
  });
  return { sizes, names, w, x, t, s_H, h, s, z, a_prime, a_prime_H: h.map((v) => v * (1 - v)),
    e: ((t[0] - z[0]) ** 2 + (t[1] - z[1]) ** 2) / 2, gradient, numerical: gradient.map((g) => g + 1e-9),
    back: [0, 0, 0], activations: ["sigmoid", "sigmoid"] };
}

const w = names.map((_, i) => Math.sin(i + 1));
const x = [0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1];
const d = trace(w, x, [1, 0]);
const t = labelsFor("en", LABELS);

test("53 steps: the forward values, the error, then one per parameter in the order of net.w", () => {
  const steps = buildSteps(d);
  assert.equal(steps.length, 6 + 47);
  assert.deepEqual(steps.slice(0, 6).map((s) => s.id), ["h1", "h2", "h3", "z1", "z2", "e"]);
  assert.deepEqual(steps.slice(6).map((s) => s.id), names);
  assert.equal(steps.at(-1).id, "theta_3^H");
});

test("an output-layer gradient is the slides' formula with the trace's numbers", () => {
  const steps = buildSteps(d);
  const step = steps.find((s) => s.id === "w_21");
  const info = describe(step, d, t);
  assert.equal(info.title, "Output layer, gradient 2 of 8: ∂e/∂w₂₁");
  assert.equal(info.lines[1], "= (z₁ − t₁) a′(s₁) h₂");
  const value = (d.z[0] - 1) * d.a_prime[0] * d.h[1];
  assert.equal(d.gradient[step.index], value);
  assert.match(info.lines[2], new RegExp(`= ${String(Number(value.toPrecision(4))).replace("-", "−")}$`));
  assert.equal(info.highlight, "w_21");
  const theta = describe(steps.find((s) => s.id === "theta_1"), d, t);
  assert.ok(theta.lines[1].startsWith("= −(z₁ − t₁)"), theta.lines[1]);   // a threshold is subtracted
});

test("what is known after some steps: forward values, the diagram's units, the table", () => {
  const done = new Set(["h1", "h2", "h3", "z1"]);
  assert.deepEqual(forwardValues(d, done).map(([label]) => label),
    ["s₁ᴴ =", "h₁ =", "s₂ᴴ =", "h₂ =", "s₃ᴴ =", "h₃ =", "s₁ =", "z₁ ="]);
  assert.deepEqual(knownValues(d, done), [x, d.h, [d.z[0], undefined]]);
  const rows = gradientRows(buildSteps(d), d);
  assert.equal(rows.length, 47);
  assert.deepEqual(rows[0], { name: "w_11", index: 1, backprop: d.gradient[0], numerical: d.numerical[0],
    difference: Math.abs(d.gradient[0] - d.numerical[0]) });
});
