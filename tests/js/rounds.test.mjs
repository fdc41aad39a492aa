// The kit's one run loop (js/widgets/kit/rounds.mjs) on a fake clock: Pace's steps, Rounds played on it,
// merging waiting commands, histories in step with Python.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Histories, Pace, Rounds, mergeCommands, startPauseButton } from "../../js/widgets/kit/rounds.mjs";

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

/** A ctx whose link records each call's arguments and answers when the test says. */
function fakeCtx() {
  let opts;
  const link = {
    inFlight: 0, calls: [],
    get waiting() { return this.inFlight > 0; },
    send(change) { this.inFlight++; this.calls.push(opts.args(change)); },
    refresh() { this.send(undefined); },
    answer(value) { this.inFlight--; opts.onAnswer(value); },
    destroy() {},
  };
  const ctx = { lang: "en", told: 0, link: (o) => { opts = o; return link; }, onChange() {}, changed() { ctx.told++; } };
  return { ctx, link };
}

test("Rounds plays on the timer: a start sends its change with a round, each answer brings the next, done stops", () => {
  const timers = fakeTimers();
  const { ctx, link } = fakeCtx();
  const rounds = new Rounds(ctx, { timers, chunk: () => 5, series: (v) => ({ E: v.E }), onAnswer() {} });
  rounds.start({ reset: true });
  assert.deepEqual(link.calls, [{ command: { reset: true, run: 5 }, have: null, lang: "en" }]);
  link.answer({ generation: 1, k: 5, from: 0, E: [9, 8, 7, 6, 5, 4], done: false });
  assert.equal(link.calls.length, 1);        // the next round waits for the timer
  timers.run();
  assert.deepEqual(link.calls[1], { command: { run: 5 }, have: { generation: 1, k: 5 }, lang: "en" });
  link.answer({ generation: 1, k: 8, from: 6, E: [3, 2, 1], done: true });
  assert.deepEqual(rounds.histories.series.E, [9, 8, 7, 6, 5, 4, 3, 2, 1]);
  assert.equal(rounds.running, false);
  assert.equal(timers.pending, false);
  assert.equal(ctx.told, 1);                 // the others hear of the run once it stands still
});

test("Rounds paused mid-round takes the answer in flight and sends nothing more", () => {
  const timers = fakeTimers();
  const { ctx, link } = fakeCtx();
  const rounds = new Rounds(ctx, { timers, chunk: () => 5, series: () => ({}), onAnswer() {} });
  rounds.start();
  rounds.pause();
  link.answer({ generation: 1, k: 5, from: 0, done: false });
  assert.equal(timers.pending, false);
  assert.equal(link.calls.length, 1);
  assert.equal(rounds.histories.k, 5);
});

test("two waiting commands merge: nested tables key by key, later values win", () => {
  const a = { lr: { adam: 0.2 }, set: { hidden: 5 }, reset: true };
  const b = { lr: { sd: 1 }, lr_path: { adam: 0.3 }, set: { hidden: 6, dropout: 0.1 } };
  assert.deepEqual(mergeCommands(a, b), {
    lr: { adam: 0.2, sd: 1 }, lr_path: { adam: 0.3 }, set: { hidden: 6, dropout: 0.1 }, reset: true,
  });
  assert.deepEqual(a, { lr: { adam: 0.2 }, set: { hidden: 5 }, reset: true });   // inputs untouched
  assert.deepEqual(mergeCommands(undefined, { train: true }), { train: true });
});

test("histories append the new points of the same generation", () => {
  const h = new Histories();
  assert.equal(h.have, null);
  h.add({ generation: 1, k: 0, from: 0 }, { E: [5] });
  h.add({ generation: 1, k: 3, from: 1 }, { E: [4, 3, 2] });
  assert.deepEqual(h.series.E, [5, 4, 3, 2]);
  assert.deepEqual(h.have, { generation: 1, k: 3 });
});

test("a new generation or an answer from k = 0 starts the histories afresh", () => {
  const h = new Histories();
  h.add({ generation: 1, k: 2, from: 0 }, { E: [5, 4, 3], path: [[0, 0], [1, 1], [2, 2]] });
  h.add({ generation: 2, k: 0, from: 0 }, { E: [9] });
  assert.deepEqual(h.series, { E: [9] });
  h.add({ generation: 2, k: 1, from: 0 }, { E: [9, 8] });          // Python resent everything
  assert.deepEqual(h.series.E, [9, 8]);
  assert.equal(h.last.k, 1);
});

test("the Start / Pause button pauses a running run, else starts it with its change", () => {
  let press;
  const button = { addEventListener: (type, fn) => { assert.equal(type, "click"); press = fn; } };
  const log = [];
  const rounds = {
    running: false,
    start(change) { this.running = true; log.push(["start", change]); },
    pause() { this.running = false; log.push(["pause"]); },
  };
  startPauseButton(button, rounds, {
    setRunning: (on) => log.push(["running", on]),
    change: () => ({ reset: true }),
    started: () => log.push(["started"]),
  });
  press();
  press();
  assert.deepEqual(log, [["start", { reset: true }], ["running", true], ["started"], ["pause"], ["running", false]]);
  log.length = 0;
  startPauseButton(button, { ...rounds, running: false }, { setRunning: (on) => log.push(["running", on]) });
  press();
  assert.deepEqual(log, [["start", undefined], ["running", true]]);
});
