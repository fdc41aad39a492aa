// The playground's link codec (js/widgets/kit/playground-state.mjs) against Python's
// (nnbook.widgets.playground, run in CPython), which alone checks what a link holds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { encodeState, linkPayload, numberOf, pixelsOf } from "../../js/widgets/kit/playground-state.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PYTHON = process.env.PYTHON || path.join(ROOT, ".venv/bin/python");

/** Run Python code with nnbook importable; its printed JSON. */
function python(code) {
  const out = execFileSync(PYTHON, ["-c", `import json\nfrom nnbook.widgets import playground as pg\n${code}`],
    { env: { ...process.env, PYTHONPATH: path.join(ROOT, "py") }, encoding: "utf8" });
  return JSON.parse(out);
}

const oracle = python(`
ns = {}
pg.request(ns, {"ops": [{"add": [pg.image_number([1,1,1, 0,1,0, 0,1,0, 0,1,0]), "T"]},
                        {"settings": {"hidden": 4, "method": "adam", "lr": 0.05, "seed": 3}}], "steps": 40})
state = pg.state(ns)
print(json.dumps({"state": state, "link": pg.encode(state)}))
`);

test("the page's link is Python's, its weights to 6 significant digits; exact without rounding", () => {
  const link = encodeState(oracle.state);
  const read = python(`print(json.dumps([pg.decode(${JSON.stringify(link)}), pg.decode(${JSON.stringify(oracle.link)}),
  pg.decode(${JSON.stringify(encodeState(oracle.state, null))})]))`);
  assert.deepEqual(read[0], read[1]);
  assert.deepEqual(read[0].w, oracle.state.w.map((v) => Number(v.toPrecision(6))));
  assert.notDeepEqual(read[0].w, oracle.state.w);
  assert.deepEqual(read[2], oracle.state);
});

test("images are 12-bit numbers, x1 the highest bit; a hash holds a link or nothing", () => {
  assert.equal(numberOf([0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1]), 1827);
  assert.deepEqual(pixelsOf(1827), [0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1]);
  assert.equal(linkPayload("#s=abc"), "abc");
  assert.equal(linkPayload("#section"), null);
  assert.equal(linkPayload(""), null);
});
