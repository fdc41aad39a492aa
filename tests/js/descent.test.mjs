// js/widgets/descent.mjs readoutPieces: the readout breaks between expressions, never inside one.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readoutPieces } from "../../js/widgets/descent.mjs";

test("breaks after ': ' and ', ' outside brackets only", () => {
  assert.deepEqual(readoutPieces("k = 3: w₃ = (−0.6174, −0.15), E = 0.2468, η₂ = 0.3"),
    ["k = 3:", "w₃ = (−0.6174, −0.15),", "E = 0.2468,", "η₂ = 0.3"]);
});

test("a text without separators is one piece; nothing is lost", () => {
  assert.deepEqual(readoutPieces("E = 0.25"), ["E = 0.25"]);
  const text = "k = 12: w₁₂ = (1e-05, [2, 3]), E = 4";
  assert.equal(readoutPieces(text).join(" "), text);
});
