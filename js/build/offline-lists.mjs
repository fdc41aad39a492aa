// Build time (Node, called by js/build/bundle.mjs): the lists of the offline app.
// * precache: what every page with cells needs, each with its sha256 as
//   Workbox's revision (the service worker downloads a file again only when
//   its bytes changed);
// * later: Python's memory snapshot, kept by the service worker only from a
//   reader's return on (js/offline/later.mjs), not on the first visit;
// * book: what "Make the whole book available offline" downloads besides
//   (every page of both languages, the search index, matplotlib's wheels, the
//   book's figures);
// * kept: the sha256 of every file the service worker may serve from its
//   runtime caches (pages, the sitemap, the search index, matplotlib's
//   wheels), so that it serves only what this build made (verify.mjs).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");
const posix = (path) => path.split(sep).join("/");

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

// The entry files the pages name (the chunks and the Python worker carry their
// hash in their names already).
const ENTRIES = ["boot.js", "textbook.js", "textbook.css"];
const ENTRY = /(assets\/nnbook\/)(boot\.js|textbook\.js|textbook\.css)(\?v=[0-9a-f]*)?(?=["'])/g;

/** Stamp each entry file's content hash into the URLs the built pages use
 *  (assets/nnbook/boot.js?v=<hash>), rewriting the site's HTML files once.
 *  A page then only ever runs the scripts of its own build: under an older
 *  service worker, a new build's page asks for URLs that worker never
 *  precached, so they come from the network. Returns the versioned URLs. */
export function stampEntries(site) {
  const version = Object.fromEntries(ENTRIES.map((name) => [name, sha256(join(site, "assets/nnbook", name)).slice(0, 16)]));
  for (const html of walk(site).filter((p) => p.endsWith(".html"))) {
    const text = readFileSync(html, "utf8");
    const stamped = text.replace(ENTRY, (_, dir, name) => `${dir}${name}?v=${version[name]}`);
    if (stamped !== text) writeFileSync(html, stamped);
  }
  return ENTRIES.map((name) => `assets/nnbook/${name}?v=${version[name]}`);
}

/** The search worker's language files for `langs` (what mkdocs-material's search worker
 *  imports for them: its stemmer support, each language but English, Japanese's
 *  segmenter, the multi-language glue), relative to assets/javascripts/. The others
 *  (30 languages, Thai's and Hindi's 0.7 MB segmenter) are never loaded here. */
export function searchFiles(langs) {
  const files = ["lunr/min/lunr.stemmer.support.min.js"];
  for (const lang of langs) {
    if (lang === "ja") files.push("lunr/tinyseg.js");
    if (lang === "hi" || lang === "th") files.push("lunr/wordcut.js");
    if (lang !== "en") files.push(`lunr/min/lunr.${lang}.min.js`);
  }
  if (langs.length > 1) files.push("lunr/min/lunr.multi.min.js");
  return files;
}
// The book's languages (mkdocs.yml: the search plugin's lang).
const SEARCH_LANGS = ["en", "ja"];

const PYODIDE_CORE = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

/** site: the built site's folder; runtime: nnbook-runtime.json's content
 *  ({preload, lazy, wheel, snapshot}); lock: Pyodide's pyodide-lock.json; entries: the
 *  versioned URLs of stampEntries() (precached under those exact URLs). URLs
 *  are relative to the site's root. */
export function offlineLists(site, runtime, lock, entries = []) {
  const versioned = new Map(entries.map((url) => [url.split("?")[0], url]));
  const file = (url) => {
    const path = join(site, ...url.split("?")[0].split("/"));
    if (!existsSync(path)) throw new Error(`offline manifest: ${url} is missing from the built site`);
    return { url, revision: sha256(path), size: statSync(path).size };
  };
  const wheel = (name) => `assets/pyodide/${lock.packages[name].file_name}`;
  const under = (folder, keep) => walk(join(site, folder)).map((p) => posix(relative(site, p))).filter(keep).sort();
  const notMap = (url) => !url.endsWith(".map");
  const precache = [
    ...PYODIDE_CORE.map((name) => `assets/pyodide/${name}`),
    ...runtime.preload.map(wheel),
    `assets/pyodide/${runtime.wheel}`,
    ...under("assets/nnbook", (u) => notMap(u) && !u.endsWith("/offline.json")).map((u) => versioned.get(u) || u),
    "assets/katex/katex.min.css",
    ...under("assets/katex/fonts", (u) => u.endsWith(".woff2")),
    ...under("assets/stylesheets", notMap),
    ...under("assets/javascripts", (u) => notMap(u) && (!u.startsWith("assets/javascripts/lunr/")
      || searchFiles(SEARCH_LANGS).includes(u.slice("assets/javascripts/".length)))),
    ...under("assets/images", () => true),
  ].map(file);
  const pages = under("", (u) => u === "index.html" || u.endsWith("/index.html"))
    .map((u) => u.slice(0, -"index.html".length));
  const size = (url) => statSync(join(site, ...url.split("/"))).size;
  // the book's figures, files beside their pages (py/sitebuild/execute.py)
  const figures = under("", (u) => /(^|\/)figures\/[0-9a-f]{16}\.png$/.test(u));
  const book = [
    ...pages.map((url) => ({ url, size: size(url + "index.html") })),
    ...["search/search_index.json"].filter((u) => existsSync(join(site, u))).map((url) => ({ url, size: size(url) })),
    ...runtime.lazy.map(wheel).map((url) => ({ url, size: size(url) })),
    ...figures.map((url) => ({ url, size: size(url) })),
  ];
  const keptFiles = [
    ...under("", (u) => u.endsWith(".html")),
    ...["sitemap.xml", "search/search_index.json"].filter((u) => existsSync(join(site, u))),
    ...runtime.lazy.map(wheel),
    ...figures,
  ];
  const kept = Object.fromEntries(keptFiles.map((u) => [u.endsWith("index.html") ? u.slice(0, -"index.html".length) : u,
    sha256(join(site, ...u.split("/")))]));
  const build = createHash("sha256").update(JSON.stringify(precache.map((e) => [e.url, e.revision]))).digest("hex").slice(0, 16);
  const later = (runtime.snapshot ? [`assets/pyodide/${runtime.snapshot}`] : []).map(file);
  for (const { url, revision } of later) kept[url] = revision;   // served from the files' cache, checked too
  return { build, precache, later, book, kept };
}
