// The service worker's pure decisions (js/offline/policy.mjs): what it keeps,
// what is a page, a URL's language, which responses get COOP/COEP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isPage, languageOf, mayCache, needsIsolation, withIsolation } from "../../js/offline/policy.mjs";

const SCOPE = "https://example.org/courses/nn/";
const ok = (body = "x", init = {}) => new Response(body, { status: 200, ...init });

test("keeps the site's own whole, successful responses", () => {
  assert.equal(mayCache(SCOPE + "ct-network/", ok(), SCOPE), true);
  assert.equal(mayCache(SCOPE + "assets/pyodide/a.whl", ok(), SCOPE), true);
});

test("never keeps another origin's response, nor one outside the site's path", () => {
  assert.equal(mayCache("https://cdn.example.com/x.js", ok(), SCOPE), false);
  assert.equal(mayCache("https://example.org/other/", ok(), SCOPE), false);
  const opaque = { type: "opaque", status: 0, url: "" };
  assert.equal(mayCache(SCOPE + "x.js", opaque, SCOPE), false);
  const redirectedAway = { type: "cors", status: 200, url: "https://evil.example.com/x" };
  assert.equal(mayCache(SCOPE + "x.js", redirectedAway, SCOPE), false);
});

test("never keeps an error, a partial (206) or a missing response", () => {
  for (const status of [206, 301, 404, 500, 503]) {
    assert.equal(mayCache(SCOPE + "ct-network/", new Response(status === 301 ? null : "x", { status }), SCOPE), false, String(status));
  }
  assert.equal(mayCache(SCOPE + "x", Response.error(), SCOPE), false);
  assert.equal(mayCache(SCOPE + "x", null, SCOPE), false);
});

test("pages are navigations, folders, .html, the search index and the sitemap; never assets", () => {
  assert.equal(isPage(SCOPE + "anything.js", SCOPE, "navigate"), true);
  assert.equal(isPage(SCOPE, SCOPE), true);
  assert.equal(isPage(SCOPE + "ja/ct-network/", SCOPE), true);
  assert.equal(isPage(SCOPE + "404.html", SCOPE), true);
  assert.equal(isPage(SCOPE + "search/search_index.json", SCOPE), true);
  assert.equal(isPage(SCOPE + "sitemap.xml", SCOPE), true);
  assert.equal(isPage(SCOPE + "assets/nnbook/textbook.js", SCOPE), false);
  assert.equal(isPage(SCOPE + "assets/pyodide/nnbook/abc/", SCOPE), false);
  assert.equal(isPage(SCOPE + "ct-network/ct-network.ipynb", SCOPE), false);
});

test("pages under ja/ are Japanese, the rest English", () => {
  assert.equal(languageOf(SCOPE + "ja/", SCOPE), "ja");
  assert.equal(languageOf(SCOPE + "ja/training/", SCOPE), "ja");
  assert.equal(languageOf(SCOPE + "training/", SCOPE), "en");
  assert.equal(languageOf(SCOPE + "japan/", SCOPE), "en");
  assert.equal(languageOf("https://example.org/ja/", SCOPE), "en");   // outside the site
});

test("documents and workers get COOP/COEP; other responses pass untouched", async () => {
  assert.equal(needsIsolation("navigate", "document"), true);
  assert.equal(needsIsolation("same-origin", "worker"), true);
  assert.equal(needsIsolation("cors", "script"), false);
  assert.equal(needsIsolation("cors", ""), false);
  const made = withIsolation(ok("<p>hi</p>", { headers: { "Content-Type": "text/html" } }));
  assert.equal(made.headers.get("Cross-Origin-Opener-Policy"), "same-origin");
  assert.equal(made.headers.get("Cross-Origin-Embedder-Policy"), "require-corp");
  assert.equal(made.headers.get("Content-Type"), "text/html");
  assert.equal(await made.text(), "<p>hi</p>");
  const opaque = { status: 0, type: "opaqueredirect" };
  assert.equal(withIsolation(opaque), opaque);
});
