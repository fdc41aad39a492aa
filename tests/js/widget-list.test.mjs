// The book's one list of widgets (js/widgets/widgets.json): every listed widget has its module,
// words and styles, nothing outside the list is one, and the registry and the styles follow it.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { widgetImports } from "../../js/build/widget-styles.mjs";

const DIR = new URL("../../js/widgets/", import.meta.url).pathname;
const LIST = JSON.parse(readFileSync(join(DIR, "widgets.json"), "utf8"));
const NAMES = Object.keys(LIST);

test("each listed widget has its module, labels, styles, Python half and words in both languages", async () => {
  for (const name of NAMES) {
    const module = await import(new URL(`${name}.mjs`, `file://${DIR}`).href);
    assert.equal(typeof module.mount, "function", name);
    assert.ok(existsSync(join(DIR, `${name}.css`)), `${name}.css`);
    assert.ok(existsSync(join(DIR, `${name}.labels.json`)), `${name}.labels.json`);
    assert.ok(existsSync(join(DIR, "../../py/nnbook/widgets", `${name.replaceAll("-", "_")}.py`)), name);
    const { what, notebook } = LIST[name];
    assert.ok(what.en && what.ja, `${name}: what it shows, in English and Japanese`);
    assert.ok(notebook.state.length && notebook.show.length, `${name}: its notebook cell`);
  }
});

test("a widget module not in the list is an error, not a widget left out", () => {
  const modules = readdirSync(DIR).filter((n) => n.endsWith(".mjs")).map((n) => n.slice(0, -4));
  const notWidgets = ["registry"];
  assert.deepEqual(modules.filter((n) => !notWidgets.includes(n)).sort(), [...NAMES].sort());
});

test("the registry loads exactly the listed widgets, and each loader gives that widget", async () => {
  const { WIDGETS } = await import(new URL("registry.mjs", `file://${DIR}`).href);
  assert.deepEqual(Object.keys(WIDGETS), NAMES);
  const descent = await WIDGETS.descent();
  assert.equal(descent.mount, (await import(new URL("descent.mjs", `file://${DIR}`).href)).mount);
});

test("the stylesheet imports the listed widgets' styles in the list's order", () => {
  assert.match(readFileSync(join(DIR, "widgets.css"), "utf8"), /@import "widgets:styles";/);
  assert.equal(widgetImports(LIST), NAMES.map((n) => `@import "./${n}.css";`).join("\n"));
  assert.equal(widgetImports({ a: {}, "b-c": {} }), '@import "./a.css";\n@import "./b-c.css";');
});
