// The playground's link codec (js/widgets/kit/playground-state.mjs), with the
// rules and the oracle from nnbook.widgets.playground run in CPython.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import {
  StateError, checkState, decodeLink, encodeState, linkPayload, numberOf, parseState, pixelsOf,
} from "../../js/widgets/kit/playground-state.mjs";

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
print(json.dumps({"rules": pg.start(ns), "state": state, "link": pg.encode(state),
                  "exact": pg.encode(state, digits=None), "default": pg.default_state()}))
`);
const RULES = oracle.rules;
const b64 = (text) => Buffer.from(text).toString("base64url");
const withChanges = (changes) => b64(JSON.stringify({ ...oracle.default, ...changes }));

function refused(fn, key) {
  assert.throws(fn, (err) => err instanceof StateError && err.key === key, `expected a refusal "${key}"`);
}

test("a link made by Python decodes to Python's state, its weights to 6 significant digits", () => {
  const back = decodeLink(oracle.link, RULES);
  assert.deepEqual(back.images, oracle.state.images);
  assert.equal(back.hidden, 4);
  assert.equal(back.method, "adam");
  assert.deepEqual(back.w, oracle.state.w.map((v) => Number(v.toPrecision(6))));
  assert.deepEqual(decodeLink(oracle.exact, RULES), oracle.state);
});

test("the page's link round-trips, and Python reads it as the same state", () => {
  const link = encodeState(oracle.state);
  assert.deepEqual(decodeLink(link, RULES), decodeLink(oracle.link, RULES));
  const read = python(`print(json.dumps(pg.decode(${JSON.stringify(link)})))`);
  assert.deepEqual(read, decodeLink(link, RULES));
  assert.deepEqual(decodeLink(encodeState(oracle.state, null), RULES), oracle.state);
});

test("damaged and hostile links are refused with the rule they break", () => {
  refused(() => decodeLink("%%%not*base64%%%", RULES), "base64");
  refused(() => decodeLink(oracle.link.slice(0, 41), RULES), "base64");   // 41 characters: never base64
  refused(() => decodeLink(oracle.link.slice(0, 40), RULES), "json");
  refused(() => decodeLink(b64("hello, world"), RULES), "json");
  refused(() => decodeLink(withChanges({ w: new Array(46).fill(0.5) }), RULES), "w");
  refused(() => decodeLink(b64(JSON.stringify(oracle.default).replace('"lr":2', '"lr":NaN')), RULES), "json");
  refused(() => decodeLink(withChanges({ images: [[1827, "<img src=x onerror=alert(1)>"]] }), RULES), "image");
  refused(() => decodeLink(b64(JSON.stringify({ "<b>": 1, ...oracle.default })), RULES), "unknown");
  refused(() => decodeLink(withChanges({ images: new Array(20000).fill([1, "C"]) }), RULES), "long");
  refused(() => decodeLink(withChanges({ images: new Array(201).fill([1, "C"]) }), RULES), "images");
  refused(() => decodeLink(withChanges({ method: "newton" }), RULES), "choice");
  refused(() => decodeLink(withChanges({ hidden: 21 }), RULES), "int");
  refused(() => decodeLink(withChanges({ lr: 1000 }), RULES), "number");
  refused(() => decodeLink(withChanges({ x: 4096 }), RULES), "x");
  refused(() => decodeLink(withChanges({ v: 2 }), RULES), "version");
  refused(() => parseState("[1, 2]", RULES), "object");
  refused(() => checkState({ ...oracle.default, seed: undefined }, RULES), "int");
});

test("Python refuses what the page refuses (the same rules)", () => {
  const cases = { int: withChanges({ hidden: 21 }), choice: withChanges({ method: "newton" }), x: withChanges({ x: -1 }) };
  for (const [key, link] of Object.entries(cases)) {
    refused(() => decodeLink(link, RULES), key);
    const verdict = python(`
try:
    pg.decode(${JSON.stringify(link)}); print(json.dumps("accepted"))
except pg.StateError:
    print(json.dumps("refused"))`);
    assert.equal(verdict, "refused");
  }
});

test("images are 12-bit numbers, x1 the highest bit; a hash holds a link or nothing", () => {
  assert.equal(numberOf([0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1]), 1827);
  assert.deepEqual(pixelsOf(1827), [0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1]);
  assert.equal(linkPayload("#s=abc"), "abc");
  assert.equal(linkPayload("#section"), null);
  assert.equal(linkPayload(""), null);
});
