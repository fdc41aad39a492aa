// What the Python link says when a call fails (js/widgets/kit/python.mjs, messageOf).
import { test } from "node:test";
import assert from "node:assert/strict";
import { messageOf } from "../../js/widgets/kit/python.mjs";

test("a WidgetProblem reaches the reader as its message alone", () => {
  const error = "nnbook.widgets.common.WidgetProblem: race.lr['sd'] should be a number η > 0; got -1\n";
  assert.equal(messageOf({ ok: false, error }), "race.lr['sd'] should be a number η > 0; got -1");
});

test("any other failure keeps its whole text, and never says undefined", () => {
  const error = "Traceback (most recent call last):\n  File \"x\", line 1\nZeroDivisionError: division by zero\n";
  assert.equal(messageOf({ ok: false, error }), error);
  assert.equal(messageOf(undefined), "no answer from Python");
  assert.equal(messageOf({ ok: false, cancelled: true }), "the call was cancelled");
});

test("a failure that restarted Python says the variables were lost", () => {
  const text = messageOf({ ok: false, error: "Python crashed", restarted: true });
  assert.match(text, /^Python crashed \(Python was restarted: the variables from earlier cells were lost\)$/);
});
