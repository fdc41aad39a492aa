// Starting Python (js/runtime/host.mjs, js/i18n.mjs): which devices the worker is told
// are iPads, the order of the runtime's queue, and loading progress in words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Runtime, isAppleMobile } from "../../js/runtime/host.mjs";
import { labelsIn, loadingText } from "../../js/i18n.mjs";

const SAFARI_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

test("iPhone, iPod and iPad by user agent, and an iPad that asks for desktop sites, are Apple mobile", () => {
  assert.equal(isAppleMobile({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)", platform: "iPhone", maxTouchPoints: 5 }), true);
  assert.equal(isAppleMobile({ userAgent: "Mozilla/5.0 (iPod touch; CPU iPhone OS 15_0 like Mac OS X)", platform: "iPod", maxTouchPoints: 5 }), true);
  assert.equal(isAppleMobile({ userAgent: "Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X)", platform: "iPad", maxTouchPoints: 5 }), true);
  assert.equal(isAppleMobile({ userAgent: SAFARI_MAC, platform: "MacIntel", maxTouchPoints: 5 }), true);
});

test("a Mac, a Linux desktop and an Android tablet are not", () => {
  assert.equal(isAppleMobile({ userAgent: SAFARI_MAC, platform: "MacIntel", maxTouchPoints: 0 }), false);
  assert.equal(isAppleMobile({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140", platform: "Linux x86_64", maxTouchPoints: 0 }), false);
  assert.equal(isAppleMobile({ userAgent: "Mozilla/5.0 (Linux; Android 14; SM-X710) Chrome/140", platform: "Linux armv8l", maxTouchPoints: 10 }), false);
  assert.equal(isAppleMobile(undefined), false);
});

/** The queue's order after asking, without a worker: names of the items. */
function order(steps) {
  const runtime = new Runtime("http://example.invalid/assets/");
  runtime.start = () => {};   // no worker here: only the queue is looked at
  for (const [kind, name] of steps) {
    if (kind === "run") runtime.run(name, name);
    else if (kind === "check") runtime.check(name);
    else runtime.call("nnbook.widgets.x", name, {}, { yields: kind === "ask" });
  }
  return runtime.queue.map((item) => item.name ?? item.request.code ?? item.request.fn);
}

test("a reader's run goes before widget calls that only ask, and after those that carry changes", () => {
  assert.deepEqual(order([["ask", "first answer A"], ["ask", "first answer B"], ["run", "cell 1"]]),
    ["cell 1", "first answer A", "first answer B"]);
  assert.deepEqual(order([["ask", "A"], ["change", "slider moved"], ["ask", "B"], ["run", "cell 1"], ["run", "cell 2"]]),
    ["A", "slider moved", "cell 1", "cell 2", "B"]);
  assert.deepEqual(order([["ask", "A"], ["check", "exercise"]]), ["exercise", "A"]);
  // widget calls keep their own order, after the runs queued before them
  assert.deepEqual(order([["run", "cell 1"], ["ask", "A"], ["change", "C"]]), ["cell 1", "A", "C"]);
});

test("loading progress in words, in both languages", () => {
  const en = labelsIn("en");
  const ja = labelsIn("ja");
  const p = { stage: "numpy", loaded: 12_345_678, total: 17_014_643 };
  assert.equal(loadingText(en, p), "loading NumPy (12.3 of 17.0 MB)");
  assert.equal(loadingText(ja, p), "NumPy を読み込み中 (17.0 MB 中 12.3 MB)");
  assert.equal(loadingText(en, { stage: "runtime", loaded: 0, total: 17e6 }), "downloading the runtime");
  assert.equal(loadingText(en, { stage: "starting", loaded: 2.5e6, total: 0 }), "starting the interpreter (2.5 MB)");
  assert.equal(loadingText(en, null), "loading…");
  assert.equal(loadingText(ja, { stage: "unknown" }), "読み込み中…");
  for (const stage of Object.keys(en.stages)) assert.ok(ja.stages[stage], `ja lacks the stage ${stage}`);
});
