// kit/network-state.mjs: how changes to net and x made while Python is busy are merged.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeChanges } from "../../js/widgets/kit/network-state.mjs";

test("pixel clicks while Python is busy are all kept, in order", () => {
  const merged = [{ pixel: 2, value: 1 }, { pixel: 5, value: 1 }, { pixel: 2, value: 0 }]
    .map((c) => [c]).reduce((a, b) => mergeChanges(a, b));
  assert.deepEqual(merged, [{ pixel: 2, value: 1 }, { pixel: 5, value: 1 }, { pixel: 2, value: 0 }]);
});

test("parameter changes next to each other become one, the later value winning", () => {
  const merged = mergeChanges([{ params: { w_11: 1, w_21: 2 } }], [{ params: { w_11: 3 } }]);
  assert.deepEqual(merged, [{ params: { w_11: 3, w_21: 2 } }]);
});

test("an image replaces the image just before it, not a pixel change before that", () => {
  const x1 = new Array(12).fill(0), x2 = new Array(12).fill(1);
  assert.deepEqual(mergeChanges([{ x: x1 }], [{ x: x2 }]), [{ x: x2 }]);
  assert.deepEqual(mergeChanges([{ x: x1 }, { pixel: 1, value: 1 }], [{ x: x2 }]),
    [{ x: x1 }, { pixel: 1, value: 1 }, { x: x2 }]);
});

test("a preset between two parameter changes keeps the order: edit, preset, edit", () => {
  const merged = mergeChanges(mergeChanges([{ params: { w_11: 1 } }], [{ preset: "zero" }]), [{ params: { w_11: 2 } }]);
  assert.deepEqual(merged, [{ params: { w_11: 1 } }, { preset: "zero" }, { params: { w_11: 2 } }]);
});

test("the waiting list is not changed in place (it may still be read)", () => {
  const older = [{ params: { w_11: 1 } }];
  mergeChanges(older, [{ params: { w_11: 2 } }]);
  assert.deepEqual(older, [{ params: { w_11: 1 } }]);
});

test("networkLink calls sync with the names and language; changes only when there are some", async () => {
  const { networkLink } = await import("../../js/widgets/kit/network-state.mjs");
  let options = null;
  const ctx = { lang: "ja", link: (o) => { options = o; return o; } };
  let first = true;
  networkLink(ctx, { names: { net: "net2", x: "image" }, isFirst: () => first });
  assert.equal(options.fn, "sync");
  assert.equal(options.merge, mergeChanges);
  assert.deepEqual(options.args(undefined), { net: "net2", x: "image", lang: "ja", first: true });
  first = false;                                   // the first answer has come
  assert.deepEqual(options.args([{ pixel: 1, value: 1 }]),
    { changes: [{ pixel: 1, value: 1 }], net: "net2", x: "image", lang: "ja" });
});
