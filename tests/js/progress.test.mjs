// js/progress.mjs: an export file carries the passes, the passes after hints and the predictions
// (made, held); an import checks every list before anything is written, and older files still import.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseImport } from "../../js/progress.mjs";

const file = (extra = {}) => JSON.stringify({ format: "nnbook-progress", v: 1, passed: { "en:error": ["error-functions"] },
  edits: {}, ...extra });

test("a file with hints and predictions keeps every list", () => {
  const data = parseImport(file({ hinted: { "en:error": ["error-functions"] },
    predicted: { "en:error": ["lazy-network"], "ja:neurons": ["xor-units"] }, held: { "en:error": ["lazy-network"] } }));
  assert.deepEqual(data.hinted, { "en:error": ["error-functions"] });
  assert.deepEqual(data.predicted["ja:neurons"], ["xor-units"]);
  assert.deepEqual(data.held, { "en:error": ["lazy-network"] });
});

test("a file from before predictions imports, with empty lists", () => {
  const data = parseImport(file());
  assert.deepEqual([data.passed, data.hinted, data.predicted, data.held],
    [{ "en:error": ["error-functions"] }, {}, {}, {}]);
});

test("a malformed list rejects the whole file", () => {
  for (const bad of [{ predicted: { "en:error": "lazy-network" } }, { held: [1] }, { hinted: { "en:error": [3] } }]) {
    assert.throws(() => parseImport(file(bad)), /not ours/);
  }
});
