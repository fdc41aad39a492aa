// When Python waits for the reader (reading mode, js/runtime/on-demand.mjs) and when
// the connection allows the memory snapshot's download (js/offline/later.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { START_KEY, startsOnRun } from "../../js/runtime/on-demand.mjs";
import { connectionAllows } from "../../js/offline/later.mjs";

const store = (value) => ({ getItem: (key) => (key === START_KEY ? value : null) });

test("reading mode: Save-Data turns it on, the reader's own choice wins either way", () => {
  assert.equal(startsOnRun(store(null), undefined), false);
  assert.equal(startsOnRun(store(null), { saveData: false }), false);
  assert.equal(startsOnRun(store(null), { saveData: true }), true);
  assert.equal(startsOnRun(store("on-run"), { saveData: false }), true);
  assert.equal(startsOnRun(store("with-page"), { saveData: true }), false);
  assert.equal(startsOnRun(store("nonsense"), { saveData: true }), true);
  const blocked = { getItem() { throw new Error("SecurityError"); } };
  assert.equal(startsOnRun(blocked, { saveData: false }), false);
});

test("the snapshot is downloaded unasked only where the connection allows", () => {
  assert.equal(connectionAllows(undefined), true);   // no Network Information API (Firefox, Safari)
  assert.equal(connectionAllows({ saveData: false, effectiveType: "4g" }), true);
  assert.equal(connectionAllows({ saveData: false, effectiveType: "3g" }), true);
  assert.equal(connectionAllows({ saveData: true, effectiveType: "4g" }), false);
  assert.equal(connectionAllows({ saveData: false, effectiveType: "2g" }), false);
  assert.equal(connectionAllows({ saveData: false, effectiveType: "slow-2g" }), false);
});
