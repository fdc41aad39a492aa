// Build time (Node, called by js/build.mjs): the lists of the offline app.
// * precache: what every page with cells needs, each with its sha256 as
//   Workbox's revision (the service worker downloads a file again only when
//   its bytes changed);
// * book: what "Make the whole book available offline" downloads besides
//   (every page of both languages, the search index, matplotlib's wheels).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
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

const PYODIDE_CORE = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

/** site: the built site's folder; runtime: nnbook-runtime.json's content
 *  ({preload, lazy, wheel}); lock: Pyodide's pyodide-lock.json. URLs are
 *  relative to the site's root. */
export function offlineLists(site, runtime, lock) {
  const file = (url) => {
    const path = join(site, ...url.split("/"));
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
    ...under("assets/nnbook", (u) => notMap(u) && !u.endsWith("/offline.json")),
    "assets/katex/katex.min.css",
    ...under("assets/katex/fonts", (u) => u.endsWith(".woff2")),
    ...under("assets/stylesheets", notMap),
    ...under("assets/javascripts", notMap),
    ...under("assets/images", () => true),
  ].map(file);
  const pages = under("", (u) => u === "index.html" || u.endsWith("/index.html"))
    .map((u) => u.slice(0, -"index.html".length));
  const size = (url) => statSync(join(site, ...url.split("/"))).size;
  const book = [
    ...pages.map((url) => ({ url, size: size(url + "index.html") })),
    ...["search/search_index.json"].filter((u) => existsSync(join(site, u))).map((url) => ({ url, size: size(url) })),
    ...runtime.lazy.map(wheel).map((url) => ({ url, size: size(url) })),
  ];
  const build = createHash("sha256").update(JSON.stringify(precache.map((e) => [e.url, e.revision]))).digest("hex").slice(0, 16);
  return { build, precache, book };
}
