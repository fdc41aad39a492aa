// kit/pace.mjs: the play loop of the stepping widgets, on a fake clock.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Pace } from "../../js/widgets/kit/pace.mjs";

/** A clock whose timeouts run when the test says: run() runs the one waiting, returns its delay. */
function fakeTimers() {
  let waiting = null;
  return {
    setTimeout(fn, ms) { waiting = { fn, ms }; return waiting; },
    clearTimeout(handle) { if (handle === waiting) waiting = null; },
    run() { const w = waiting; waiting = null; w?.fn(); return w?.ms ?? null; },
    get pending() { return waiting !== null; },
  };
}

test("steps at the interval until tick says the run is over, then stops once", () => {
  const timers = fakeTimers();
  let position = 0, stops = 0;
  const pace = new Pace({ timers, interval: () => 60, tick: () => ++position < 3, onStop: () => stops++ });
  pace.start();
  assert.equal(position, 1);                 // the first step at once
  assert.equal(timers.run(), 60);
  assert.equal(timers.run(), 60);
  assert.equal(position, 3);
  assert.equal(pace.running, false);
  assert.equal(timers.pending, false);
  assert.equal(stops, 1);
});

test("a step that waits goes on only when resumed, at the interval of that moment", () => {
  const timers = fakeTimers();
  let steps = 0, ms = 200;
  const pace = new Pace({ timers, interval: () => ms, tick: () => { steps++; } });
  pace.start();
  assert.equal(timers.pending, false);       // waiting for its answer
  ms = 50;                                   // the reader chose another speed meanwhile
  pace.resume();
  assert.equal(timers.run(), 50);
  assert.equal(steps, 2);
});

test("stop cancels the next step; resume after a stop does nothing; start twice steps once", () => {
  const timers = fakeTimers();
  let steps = 0;
  const pace = new Pace({ timers, interval: () => 10, tick: () => { steps++; return true; } });
  pace.start();
  pace.start();
  assert.equal(steps, 1);
  pace.stop();
  assert.equal(timers.pending, false);
  pace.resume();
  assert.equal(timers.pending, false);
  assert.equal(steps, 1);
});
