// The settings form's pure rules (js/widgets/kit/settings-form.mjs) against nnbook's one
// schema and its one validator (nnbook.widgets.training_run: SCHEMA, check_setting) in CPython.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parseSetting, settingProblem } from "../../js/widgets/kit/settings-form.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PYTHON = process.env.PYTHON || path.join(ROOT, ".venv/bin/python");
const VALUES = [0, 1, 3, 20, 21, -1, 1.5, 2.0, 1e-7, 1e-6, 100, 101, 5000, 1e6, 1e6 + 1, 4294967295, 4294967296,
  "sd", "adam", "newton", "relu", "xavier", "slides", "3", true, null];

/** Python's verdict on every value for every setting: true if check_setting keeps it. */
const oracle = JSON.parse(execFileSync(PYTHON, ["-c", `
import json
from nnbook.widgets import training_run as tr
values = json.loads(${JSON.stringify(JSON.stringify(VALUES))})
def keeps(key, value):
    try:
        tr.check_setting(key, value)
        return True
    except tr.SettingsError:
        return False
print(json.dumps({"schema": tr.SCHEMA, "keeps": {r["key"]: [keeps(r["key"], v) for v in values] for r in tr.SCHEMA}}))
`], { env: { ...process.env, PYTHONPATH: path.join(ROOT, "py") }, encoding: "utf8" }));

test("the page keeps exactly the values Python keeps, setting by setting", () => {
  for (const rule of oracle.schema) {
    // (a number in an integral float's form, 2.0, is the same number in JavaScript)
    const page = VALUES.map((v) => settingProblem(rule, v) === null);
    assert.deepEqual(page, oracle.keeps[rule.key], rule.key);
  }
});

test("a typed value is parsed as the book parses numbers; a refusal names its rule", () => {
  const rules = Object.fromEntries(oracle.schema.map((rule) => [rule.key, rule]));
  assert.deepEqual(parseSetting(rules.lr, " 0,5 "), { value: 0.5 });
  assert.deepEqual(parseSetting(rules.lr, "−1"), { problem: ["number", 1e-6, 100] });
  assert.deepEqual(parseSetting(rules.hidden, "21"), { problem: ["int", 1, 20] });
  assert.deepEqual(parseSetting(rules.seed, "1.5"), { problem: ["int", 0, 4294967295] });
  assert.deepEqual(parseSetting(rules.max_iter, "1e3"), { value: 1000 });
  assert.deepEqual(parseSetting(rules.method, "adam"), { value: "adam" });
  assert.equal(parseSetting(rules.method, "newton").problem[0], "choice");
});
