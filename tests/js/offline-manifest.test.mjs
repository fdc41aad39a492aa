// The build's offline lists (js/build/offline-lists.mjs) on a small made-up site:
// revisions are the sha256 of the bytes, source maps and the list itself are
// left out, pages of both languages, matplotlib's wheels and the book's figures are in the book.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { offlineLists, stampEntries } from "../../js/build/offline-lists.mjs";

const FILES = {
  "index.html": "home", "ja/index.html": "ホーム", "training/index.html": "training",
  "ja/training/index.html": "学習", "search/search_index.json": "{}", "sitemap.xml": "<urlset/>",
  "training/figures/0123456789abcdef.png": "figure", "training/training.ipynb": "notebook",
  "assets/pyodide/pyodide.js": "p", "assets/pyodide/pyodide.asm.js": "a", "assets/pyodide/pyodide.asm.wasm": "w",
  "assets/pyodide/python_stdlib.zip": "z", "assets/pyodide/pyodide-lock.json": "{}",
  "assets/pyodide/numpy-2.whl": "numpy", "assets/pyodide/matplotlib-3.whl": "mpl", "assets/pyodide/six-1.whl": "six",
  "assets/pyodide/nnbook/abc/nnbook-0.1.0-py3-none-any.whl": "nnbook",
  "assets/pyodide/python-snapshot-abc.bin": "memory",
  "assets/nnbook/boot.js": "boot", "assets/nnbook/textbook.js": "tb", "assets/nnbook/textbook.js.map": "map",
  "assets/nnbook/textbook.css": "css",
  "assets/nnbook/offline.json": "{}", "assets/nnbook/chunks/page-X.js": "chunk",
  "assets/katex/katex.min.css": "css", "assets/katex/fonts/a.woff2": "w2", "assets/katex/fonts/a.ttf": "ttf",
  "assets/stylesheets/main.css": "m", "assets/javascripts/bundle.js": "b", "assets/images/favicon.png": "png",
  "assets/javascripts/lunr/tinyseg.js": "ja", "assets/javascripts/lunr/wordcut.js": "th",
  "assets/javascripts/lunr/min/lunr.ja.min.js": "ja", "assets/javascripts/lunr/min/lunr.fr.min.js": "fr",
};
const RUNTIME = { preload: ["numpy"], lazy: ["matplotlib", "six"], wheel: "nnbook/abc/nnbook-0.1.0-py3-none-any.whl",
  snapshot: "python-snapshot-abc.bin" };
const LOCK = { packages: { numpy: { file_name: "numpy-2.whl" }, matplotlib: { file_name: "matplotlib-3.whl" }, six: { file_name: "six-1.whl" } } };

function makeSite(files) {
  const site = mkdtempSync(join(tmpdir(), "nnbook-site-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(site, path)), { recursive: true });
    writeFileSync(join(site, path), text);
  }
  return site;
}

test("the precache holds what pages with cells need, each revision the sha256 of its bytes", () => {
  const site = makeSite(FILES);
  try {
    const { build, precache, later, book } = offlineLists(site, RUNTIME, LOCK);
    const urls = precache.map((e) => e.url);
    for (const url of ["assets/pyodide/pyodide.asm.wasm", "assets/pyodide/numpy-2.whl",
      "assets/pyodide/nnbook/abc/nnbook-0.1.0-py3-none-any.whl",
      "assets/nnbook/boot.js",
      "assets/nnbook/chunks/page-X.js", "assets/katex/fonts/a.woff2", "assets/javascripts/bundle.js",
      "assets/javascripts/lunr/tinyseg.js", "assets/javascripts/lunr/min/lunr.ja.min.js"]) {
      assert.ok(urls.includes(url), url);
    }
    for (const url of ["assets/nnbook/textbook.js.map", "assets/nnbook/offline.json", "assets/katex/fonts/a.ttf",
      "assets/pyodide/matplotlib-3.whl", "index.html", "assets/pyodide/python-snapshot-abc.bin",
      // search in languages the book is not in: never loaded
      "assets/javascripts/lunr/wordcut.js", "assets/javascripts/lunr/min/lunr.fr.min.js"]) {
      assert.ok(!urls.includes(url), url);
    }
    // the memory snapshot is kept only from a reader's return on (js/offline/later.mjs)
    assert.deepEqual(later.map((e) => [e.url, e.revision]),
      [["assets/pyodide/python-snapshot-abc.bin", createHash("sha256").update("memory").digest("hex")]]);
    const boot = precache.find((e) => e.url === "assets/nnbook/boot.js");
    assert.equal(boot.revision, createHash("sha256").update("boot").digest("hex"));
    assert.deepEqual(book.map((e) => e.url), ["", "ja/", "ja/training/", "training/", "search/search_index.json",
      "assets/pyodide/matplotlib-3.whl", "assets/pyodide/six-1.whl", "training/figures/0123456789abcdef.png"]);
    assert.equal(book.find((e) => e.url === "ja/").size, Buffer.byteLength("ホーム"));
    // the build's id follows the precached bytes
    writeFileSync(join(site, "assets/nnbook/boot.js"), "boot 2");
    assert.notEqual(offlineLists(site, RUNTIME, LOCK).build, build);
  } finally {
    rmSync(site, { recursive: true });
  }
});

test("a file the precache needs but the build lacks stops the build, naming it", () => {
  const { ["assets/pyodide/pyodide.asm.wasm"]: _, ...rest } = FILES;
  const site = makeSite(rest);
  try {
    assert.throws(() => offlineLists(site, RUNTIME, LOCK), /assets\/pyodide\/pyodide\.asm\.wasm is missing/);
  } finally {
    rmSync(site, { recursive: true });
  }
});

test("the pages name the entry files by their build's hash, and the precache holds those exact URLs", () => {
  const page = '<script src="../assets/nnbook/boot.js"></script><link href="../assets/nnbook/textbook.css">'
    + '<span data-textbook="../assets/nnbook/textbook.js"></span><script src="/assets/nnbook/textbook.js" type="module"></script>'
    + '<a href="../assets/nnbook/chunks/page-X.js">';
  const site = makeSite({ ...FILES, "training/index.html": page });
  const v = (text) => createHash("sha256").update(text).digest("hex").slice(0, 16);
  try {
    const entries = stampEntries(site);
    assert.deepEqual(entries, [`assets/nnbook/boot.js?v=${v("boot")}`, `assets/nnbook/textbook.js?v=${v("tb")}`,
      `assets/nnbook/textbook.css?v=${v("css")}`]);
    const stamped = readFileSync(join(site, "training/index.html"), "utf8");
    assert.equal(stamped, page.replace("boot.js", `boot.js?v=${v("boot")}`).replace("textbook.css", `textbook.css?v=${v("css")}`)
      .replaceAll("textbook.js\"", `textbook.js?v=${v("tb")}"`));
    const { precache } = offlineLists(site, RUNTIME, LOCK, entries);
    const urls = precache.map((e) => e.url);
    for (const url of entries) assert.ok(urls.includes(url), url);
    assert.ok(!urls.includes("assets/nnbook/boot.js"));
    assert.ok(urls.includes("assets/nnbook/chunks/page-X.js"));
    assert.equal(precache.find((e) => e.url === entries[0]).revision, createHash("sha256").update("boot").digest("hex"));
    // A new build of boot.js alone: its URL changes, in the pages too (stamped again, not twice); the others stay.
    writeFileSync(join(site, "assets/nnbook/boot.js"), "boot 2");
    const again = stampEntries(site);
    assert.equal(again[0], `assets/nnbook/boot.js?v=${v("boot 2")}`);
    assert.deepEqual(again.slice(1), entries.slice(1));
    const restamped = readFileSync(join(site, "training/index.html"), "utf8");
    assert.equal(restamped, stamped.replace(`boot.js?v=${v("boot")}`, `boot.js?v=${v("boot 2")}`));
    assert.equal(readFileSync(join(site, "index.html"), "utf8"), "home");
  } finally {
    rmSync(site, { recursive: true });
  }
});

test("kept: the sha256 of every page, the sitemap, the search index, matplotlib's wheels, the book's figures and the snapshot kept for later, pages under their folder", () => {
  const site = makeSite(FILES);
  try {
    const { kept } = offlineLists(site, RUNTIME, LOCK);
    const sha = (text) => createHash("sha256").update(text).digest("hex");
    assert.deepEqual(kept, {
      "": sha("home"), "ja/": sha("ホーム"), "training/": sha("training"), "ja/training/": sha("学習"),
      "sitemap.xml": sha("<urlset/>"), "search/search_index.json": sha("{}"),
      "assets/pyodide/matplotlib-3.whl": sha("mpl"), "assets/pyodide/six-1.whl": sha("six"),
      "training/figures/0123456789abcdef.png": sha("figure"),
      "assets/pyodide/python-snapshot-abc.bin": sha("memory"),   // kept for later (the return), checked as well
    });
  } finally {
    rmSync(site, { recursive: true });
  }
});
