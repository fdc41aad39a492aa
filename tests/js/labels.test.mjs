// The widgets' labels (js/widgets/kit/labels.mjs) and every table of words
// (js/widgets/**/*.labels.json): English and Japanese say the same things, no
// table keeps a private copy of a word every widget shares (COMMON), and a
// widget's table is the LABELS its module hands the registry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMON, compile, labelsFor, placesOf } from "../../js/widgets/kit/labels.mjs";

const WIDGETS = new URL("../../js/widgets/", import.meta.url).pathname;

function tables() {
  const found = [["kit/labels.mjs COMMON", COMMON]];
  for (const dir of [WIDGETS, join(WIDGETS, "kit")]) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".labels.json"))) {
      found.push([name, JSON.parse(readFileSync(join(dir, name), "utf8"))]);
    }
  }
  return found;
}

/** Every leaf of a table as [path, value]. */
function leaves(value, path = "") {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

test("numbered places become a function, in each language's own order", () => {
  const en = compile("{0} of {1} read right");
  const ja = compile("{1} 枚中 {0} 枚を正しく判定");
  assert.equal(en(3, 9), "3 of 9 read right");
  assert.equal(ja(3, 9), "9 枚中 3 枚を正しく判定");
  assert.equal(compile("plain"), "plain");
  assert.deepEqual(compile(["a", "b{0}"]).map((v) => (typeof v === "function" ? v(1) : v)), ["a", "b1"]);
});

test("a missing Japanese word falls back to English; the shared words are there", () => {
  const t = labelsFor("ja", { en: { a: "A", b: "B {0}" }, ja: { a: "あ" } });
  assert.equal(t.a, "あ");
  assert.equal(t.b(2), "B 2");
  assert.equal(t.waiting, COMMON.ja.waiting);
  assert.equal(labelsFor("en", { en: { a: "A" } }).neither, "neither");
});

test("every table has the same words in English and Japanese, with the same places", () => {
  const all = tables();
  assert.ok(all.length > 1, "no .labels.json found");
  for (const [name, table] of all) {
    assert.ok(table.en && table.ja, `${name}: both "en" and "ja"`);
    const en = new Map(leaves(table.en));
    const ja = new Map(leaves(table.ja));
    assert.deepEqual([...ja.keys()].sort(), [...en.keys()].sort(), `${name}: the same keys`);
    for (const [key, value] of en) {
      assert.equal(typeof ja.get(key), typeof value, `${name}: ${key} is of one kind`);
      assert.deepEqual(placesOf(ja.get(key)), placesOf(value), `${name}: ${key} fills the same places`);
    }
  }
});

test("no table copies a word the kit shares (COMMON)", () => {
  for (const [name, table] of tables().slice(1)) {
    for (const lang of ["en", "ja"]) {
      for (const key of Object.keys(COMMON.en)) {
        assert.equal(Object.hasOwn(table[lang], key), false, `${name}: ${lang}.${key} is the kit's word`);
      }
    }
  }
});

test("a widget's table is the LABELS its module exports", async () => {
  for (const name of readdirSync(WIDGETS).filter((n) => n.endsWith(".labels.json"))) {
    const { LABELS } = await import(new URL(name.replace(/\.labels\.json$/, ".mjs"), `file://${WIDGETS}`).href);
    assert.deepEqual(LABELS, JSON.parse(readFileSync(join(WIDGETS, name), "utf8")), name);
  }
});
