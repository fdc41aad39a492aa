// The service worker's check of a cached copy (js/offline/verify.mjs): served only if its
// bytes have the build's sha256; another copy, or one the build never made, is dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { buildPath, intact } from "../../js/offline/verify.mjs";

const sha = (text) => createHash("sha256").update(text).digest("hex");
const SCOPE = "https://example.org/courses/nn/";

test("a page's or file's key: its path below the scope, without query, index.html as its folder", () => {
  assert.equal(buildPath(`${SCOPE}scratchpad/?q=1`, SCOPE), "scratchpad/");
  assert.equal(buildPath(`${SCOPE}ja/scratchpad/index.html`, SCOPE), "ja/scratchpad/");
  assert.equal(buildPath(`${SCOPE}index.html`, SCOPE), "");
  assert.equal(buildPath(`${SCOPE}assets/pyodide/six-1.whl`, SCOPE), "assets/pyodide/six-1.whl");
});

test("the build's copy is served; a forged one, or one the build never made, is dropped", async (t) => {
  t.mock.method(console, "warn", () => {});
  const dropped = [];
  const drop = (name) => () => { dropped.push(name); };
  const built = new Response("<p>page</p>");
  assert.equal(await intact(built, sha("<p>page</p>"), { url: "a", drop: drop("a") }), built);
  assert.equal(await built.text(), "<p>page</p>");              // still whole for the page
  assert.equal(await intact(new Response("FORGED"), sha("<p>page</p>"), { url: "b", drop: drop("b") }), null);
  assert.equal(await intact(new Response("<p>page</p>"), undefined, { url: "c", drop: drop("c") }), null);
  assert.equal(await intact(null, sha("x")), null);
  assert.deepEqual(dropped, ["b", "c"]);
  assert.equal(console.warn.mock.callCount(), 2);
});
