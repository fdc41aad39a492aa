// kit/error-state.mjs: the error table's rows of an image, its waiting edits and its total's words.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeEdits, rowsOf, totals } from "../../js/widgets/kit/error-state.mjs";
import { labelsFor } from "../../js/widgets/kit/labels.mjs";
import { LABELS } from "../../js/widgets/error-table.mjs";

test("an image's rows as the slide writes them, ≥ 0.5 counting as on", () => {
  assert.equal(rowsOf([0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1]), "011/100/100/011");
  assert.equal(rowsOf([0.5, 0.49, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), "101/000/000/000");
});

test("edits made while Python is busy are all kept, in order; the slider's latest value wins", () => {
  const a = { actions: [{ do: "toggle", p: 1, k: 2 }], parameter: { name: "w_11", value: 1 } };
  const b = { actions: [{ do: "remove", p: 3 }], parameter: null };
  const c = { actions: [], parameter: { name: "w_11", value: 2 } };
  assert.deepEqual(mergeEdits(mergeEdits(a, b), c),
    { actions: [{ do: "toggle", p: 1, k: 2 }, { do: "remove", p: 3 }], parameter: { name: "w_11", value: 2 } });
});

test("the total names E as a sum over the images it has", () => {
  const L = labelsFor("en", LABELS);
  const nine = totals({ rows: new Array(9).fill({}), E: 2.83972 }, L);
  assert.equal(nine.E, "2.8397");
  assert.equal(nine.line, L.total("2.8397", 9));
  assert.equal(nine.footer, L.footer("₉"));
  assert.equal(totals({ rows: [{}], E: 0.5 }, L).footer, L.footerOne);
  assert.equal(totals({ rows: [], E: 0, empty: "No images." }, L).line, "No images.");
});
