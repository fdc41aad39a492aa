// kit/activation-state.mjs: the activation plot's axes, cursor grid, curves and values at the cursor.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEW, axisOf, onGrid, plotScale, sAt, valuesAt } from "../../js/widgets/kit/activation-state.mjs";

test("the cursor moves on s = k/20 inside [−5, 5], and a pointer's x maps back to s", () => {
  assert.equal(onGrid(0.123), 0.1);
  assert.equal(onGrid(7), 5);
  assert.equal(onGrid(-7), -5);
  const { px } = plotScale(axisOf("sigmoid"));
  assert.equal(px(-5), VIEW.left);
  assert.ok(Math.abs(sAt(px(1.25)) - 1.25) < 1e-12);
});

test("a jump (the step function at 0) breaks the curve; a value off the axis is drawn at its edge", () => {
  const axis = axisOf("step");
  const { py, paths } = plotScale(axis);
  assert.equal(paths([-0.1, -0.05, 0, 0.05], [0, 0, 1, 1]).length, 2);
  assert.equal(paths([-0.1, -0.05, 0, 0.05], [0, 0.1, 0.2, 0.3]).length, 1);
  assert.equal(py(99), py(axis.max));
});

test("a function nnbook gains later gets an axis from its curve, ticks at the integers", () => {
  const axis = axisOf("swish", { a: [-0.3, 2.6], da: [0, 1.1] });
  assert.deepEqual(axis.ticks, [-1, 0, 1, 2, 3]);
  assert.ok(axis.min < -1 && axis.max > 3);
});

test("the values at the cursor: Python's for this s, else the nearest sample's", () => {
  const curve = { s: [-5, -4.95], a: [0.1, 0.2], da: [0.3, 0.4] };
  const last = { activation: "sigmoid", s: -4.95, a: 0.25, da: 0.45 };
  assert.deepEqual(valuesAt({ activation: "sigmoid", s: -4.95 }, last, curve), { a: 0.25, da: 0.45 });
  assert.deepEqual(valuesAt({ activation: "sigmoid", s: -5 }, last, curve), { a: 0.1, da: 0.3 });
  assert.deepEqual(valuesAt({ activation: "tanh", s: 3 }, last, null), { a: null, da: null });
});
