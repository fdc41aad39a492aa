// The round loop's pure parts (js/widgets/kit/rounds.mjs): merging waiting commands, histories in step with Python.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Histories, mergeCommands, startPauseButton } from "../../js/widgets/kit/rounds.mjs";

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
