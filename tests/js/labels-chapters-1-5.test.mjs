// The words of the chapter 1, 2, 4 and 5 widgets: every English word has its
// Japanese one (a Japanese reader never meets an English label), and no word
// a widget asks the kit for (waiting, pythonSays) is kept as a private copy.
import assert from "node:assert/strict";
import { test } from "node:test";
import { COMMON, labelsFor, missingLabels } from "../../js/widgets/kit/labels.mjs";

const WIDGETS = ["neuron-explorer", "activation-plot", "error-table", "descent"];

for (const name of WIDGETS) {
  test(`${name}: English and Japanese words match key for key`, async () => {
    const { LABELS } = await import(`../../js/widgets/${name}.mjs`);
    assert.deepEqual(missingLabels(LABELS), { missing: [], extra: [] });
  });

  test(`${name}: the kit's common words are not copied`, async () => {
    const { LABELS } = await import(`../../js/widgets/${name}.mjs`);
    for (const key of Object.keys(COMMON.en)) assert.equal(Object.hasOwn(LABELS.en, key), false, key);
    assert.equal(labelsFor("ja", LABELS).waiting, COMMON.ja.waiting);
  });
}
