// kit/neuron-state.mjs: what the neuron explorer's sliders, input count and presets make of its unit.
import assert from "node:assert/strict";
import { test } from "node:test";
import { factor, shownY, sliderValues, symbolOf, withInputs, withPreset, withSlider } from "../../js/widgets/kit/neuron-state.mjs";

const AND = { x: [1, 1], w: [1, 1, 1.5], activation: "step" };

test("a slider moves its own number only, θ being the last weight whatever the inputs", () => {
  assert.deepEqual(withSlider(AND, "w2", -0.5), { x: [1, 1], w: [1, -0.5, 1.5], activation: "step" });
  assert.deepEqual(withSlider(AND, "theta", 0.5).w, [1, 1, 0.5]);
  const one = { x: [1], w: [2, 0.5], activation: "step" };
  assert.deepEqual(withSlider(one, "theta", -1).w, [2, -1]);
  assert.deepEqual(AND.w, [1, 1, 1.5]);                            // the unit given is untouched
});

test("one input keeps x2 and w2 aside, and two inputs bring them back", () => {
  const [one, spare] = withInputs({ x: [1, 0.3], w: [1, -2, 1.5], activation: "step" }, { x2: 0, w2: 1 }, 1);
  assert.deepEqual(one, { x: [1], w: [1, 1.5], activation: "step" });
  assert.deepEqual(spare, { x2: 0.3, w2: -2 });
  assert.deepEqual(sliderValues(one, spare), { x1: 1, x2: 0.3, w1: 1, w2: -2, theta: 1.5 });
  const [two] = withInputs(one, spare, 2);
  assert.deepEqual(two, { x: [1, 0.3], w: [1, -2, 1.5], activation: "step" });
});

test("a one-input preset (NOT) keeps the two-input unit's x2 and w2 for later", () => {
  const NOT = { x: [0], w: [-1, -0.5], activation: "step" };
  const [unit, spare] = withPreset({ x: [1, 0.7], w: [1, 3, 1.5], activation: "step" }, { x2: 0, w2: 1 }, NOT);
  assert.deepEqual(unit, NOT);
  assert.notEqual(unit, NOT);                                       // a copy: the preset stays as it was
  assert.deepEqual(spare, { x2: 0.7, w2: 3 });
});

test("numbers as the explorer writes them", () => {
  assert.equal(factor(-0.5), "(−0.5)");
  assert.equal(factor(-0.00001), "0");
  assert.equal(shownY(1, "step"), "1");
  assert.equal(shownY(0.5, "sigmoid"), "0.5000");
  assert.equal(symbolOf("sigmoid"), "σ");
  assert.equal(symbolOf("identity"), "");
  assert.equal(symbolOf("swish"), "swish");                       // an activation nnbook gains later
});
