// The trainer core's pure rules (js/widgets/kit/trainer.mjs) and how the two
// widgets merge changes that wait while a round is in flight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KINDS, mergeChanges, mergeOps, nextStatus } from "../../js/widgets/kit/trainer.mjs";

const answer = (fields) => ({ generation: 1, k: 5, Z: [[0.1, 0.9]], done: false, converged: false, diverged: false, error: null, ...fields });

test("a run that ended says how, whatever the status before", () => {
  for (const before of ["running", "paused", "idle", "waiting"]) {
    assert.equal(nextStatus(before, answer({ done: true, converged: true })), "converged");
    assert.equal(nextStatus(before, answer({ done: true, diverged: true })), "diverged");
    assert.equal(nextStatus(before, answer({ done: true })), "limit");
  }
});

test("Pause lands on the round in flight; a refused change while running pauses", () => {
  assert.equal(nextStatus("pausing", answer({})), "paused");
  assert.equal(nextStatus("running", answer({})), "running");
  assert.equal(nextStatus("running", answer({ error: "no" })), "paused");
});

test("after a finished run or an error a new run is idle at k = 0, paused later", () => {
  for (const before of ["converged", "diverged", "limit", "error", "waiting", "empty"]) {
    assert.equal(nextStatus(before, answer({ k: 0 })), "idle");
    assert.equal(nextStatus(before, answer({ k: 3 })), "paused");
  }
});

test("no run at all is an error; no images is empty", () => {
  assert.equal(nextStatus("idle", { error: "bad" }), "error");
  assert.equal(nextStatus("idle", answer({ Z: [], done: true })), "empty");
});

test("the trainer merges settings, adds Steps, and a new run voids the older Steps", () => {
  assert.deepEqual(mergeChanges({ steps: 1 }, { steps: 1 }), { steps: 2, reset: false });
  assert.deepEqual(mergeChanges({ settings: { seed: 5 }, steps: 0 }, { settings: { seed: 7 }, steps: 0 }),
    { settings: { seed: 7 }, steps: 0, reset: false });
  assert.deepEqual(mergeChanges({ steps: 3 }, { settings: { lr: 1 }, steps: 0 }),
    { settings: { lr: 1 }, steps: 0, reset: false });
  assert.deepEqual(mergeChanges({ x: [0], steps: 2 }, { reset: true, steps: 0 }), { x: [0], steps: 0, reset: true });
});

test("the playground keeps its operations in order, neighbours of a kind merged", () => {
  const merged = mergeOps({ ops: [{ settings: { lr: 0.5 } }] }, { ops: [{ settings: { lr: 0.25, seed: 2 } }] });
  assert.deepEqual(merged, { ops: [{ settings: { lr: 0.25, seed: 2 } }] });
  const ordered = mergeOps({ ops: [{ settings: { lr: 0.5 } }, { x: 1 }] }, { ops: [{ x: 2 }, { reset: true }] });
  assert.deepEqual(ordered, { ops: [{ settings: { lr: 0.5 } }, { x: 2 }, { reset: true }] });
  const older = { ops: [{ params: { w_11: 1 } }] };
  mergeOps(older, { ops: [{ params: { w_12: 2 } }] });
  assert.deepEqual(older, { ops: [{ params: { w_11: 1 } }] });            // the older change is not altered
});

test("each kind reads the settings a change asks for (the η note follows them); a loaded state asks for η", () => {
  assert.deepEqual(KINDS.trainer.asked({ settings: { method: "adam" }, steps: 0 }), { method: "adam" });
  assert.deepEqual(KINDS.trainer.asked({ reset: true, steps: 0 }), {});
  assert.deepEqual(KINDS.playground.asked({ ops: [{ settings: { method: "adam" } }, { x: 3 }, { settings: { seed: 2 } }] }),
    { method: "adam", seed: 2 });
  for (const op of [{ link: "e30" }, { json: "{}" }, { defaults: true }]) assert.ok("lr" in KINDS.playground.asked({ ops: [op] }));
  assert.deepEqual(KINDS.playground.asked(undefined), {});
});
