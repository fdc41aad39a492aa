// kit/python.mjs's pure part: what a widget shows of a failed call.
import assert from "node:assert/strict";
import { test } from "node:test";
import { problemText } from "../../js/widgets/kit/python.mjs";

test("a WidgetProblem shows its message alone", () => {
  assert.equal(problemText("nnbook.widgets.common.WidgetProblem: the explorer shows a unit with 1 or 2 inputs\n"),
    "the explorer shows a unit with 1 or 2 inputs");
  assert.equal(problemText("WidgetProblem: 有限の数にしてください"), "有限の数にしてください");
});

test("any other error keeps its class and shows the traceback's last line", () => {
  const traceback = "Traceback (most recent call last):\n  File \"<cell 3>\", line 1, in <module>\nTypeError: bad operand\n";
  assert.equal(problemText(traceback), "TypeError: bad operand");
  assert.equal(problemText("ValueError: a WidgetProblem: is not at the start"), "ValueError: a WidgetProblem: is not at the start");
});

test("no message is an empty line, never 'undefined'", () => {
  assert.equal(problemText(undefined), "");
});
