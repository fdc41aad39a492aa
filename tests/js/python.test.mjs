// The kit's link to Python (js/widgets/kit/python.mjs): what a failed call says, and the link's rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PythonLink, messageOf, problemText } from "../../js/widgets/kit/python.mjs";

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

/** A fake widget context: calls wait until `answer()` is called, in order. */
function fakeContext() {
  const calls = [];
  const ctx = {
    calls,
    changes: 0,
    flushers: [],
    beforeCellRun(fn) { this.flushers.push(fn); },
    changed() { this.changes++; },
    call(fn, args) {
      return new Promise((resolve) => calls.push({ fn, args, resolve }));
    },
  };
  return ctx;
}
const settle = () => new Promise((r) => setTimeout(r, 0));

test("changes made while a call is in flight go as one merged call; the overtaken answer is not the answer", async () => {
  const ctx = fakeContext();
  const answers = [], overtaken = [];
  const link = new PythonLink(ctx, {
    fn: "sync",
    args: (change) => ({ change: change ?? null }),
    onAnswer: (value) => answers.push(value),
    onOvertaken: (value) => overtaken.push(value),
  });
  link.send({ a: 1 });
  link.send({ b: 2 });
  link.send({ a: 3 });
  assert.equal(ctx.calls.length, 1);
  assert.deepEqual(ctx.calls[0].args, { change: { a: 1 } });
  ctx.calls[0].resolve({ ok: true, value: "first" });
  await settle();
  assert.deepEqual(overtaken, ["first"]);
  assert.deepEqual(answers, []);
  assert.equal(ctx.calls.length, 2);
  assert.deepEqual(ctx.calls[1].args, { change: { b: 2, a: 3 } });
  ctx.calls[1].resolve({ ok: true, value: "second" });
  await settle();
  assert.deepEqual(answers, ["second"]);
  assert.equal(ctx.changes, 2);
  assert.equal(link.waiting, false);
});

test("a cell run sends a waiting change at once, even with a call in flight", async () => {
  const ctx = fakeContext();
  const link = new PythonLink(ctx, { fn: "sync", onAnswer() {} });
  link.refresh();
  link.send({ w: 0.7 });
  assert.equal(ctx.calls.length, 1);
  for (const flush of ctx.flushers) flush();
  assert.equal(ctx.calls.length, 2);
  assert.deepEqual(ctx.calls[1].args, { change: { w: 0.7 } });
});

test("onError gets the words and the result (a cancelled call says so)", async () => {
  const ctx = fakeContext();
  const errors = [];
  const link = new PythonLink(ctx, { fn: "sync", onAnswer() {}, onError: (m, r) => errors.push([m, r?.cancelled]) });
  link.refresh();
  ctx.calls[0].resolve({ ok: false, cancelled: true });
  await settle();
  assert.deepEqual(errors, [["the call was cancelled", true]]);
});
