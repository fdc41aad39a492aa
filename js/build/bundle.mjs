// Bundle the browser code into <assets>/nnbook/, copy KaTeX's stylesheet
// and fonts into <assets>/katex/, and make the service worker <site>/sw.js
// with its precache list (js/offline/). Called by the MkDocs hook after each build:
//   node js/build/bundle.mjs site/assets
import { build } from "esbuild";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { offlineLists, stampEntries } from "./offline-lists.mjs";
import { addPreloads, chunksToPreload, relativeTo } from "./preload.mjs";
import { widgetStyles } from "./widget-styles.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const [assets, manifestPath] = process.argv.slice(2);
if (!assets) throw new Error("usage: node js/build/bundle.mjs <site assets folder> [runtime manifest]");
const manifest = manifestPath ? readFileSync(manifestPath, "utf8") : "null";
const out = join(assets, "nnbook");
mkdirSync(out, { recursive: true });

// What every bundle shares: bundled, minified, for the browsers the book supports.
const common = {
  bundle: true,
  minify: true,
  target: ["chrome109", "firefox115", "safari16"],
  outdir: out,
  logLevel: "warning",
  define: { "process.env.NODE_ENV": JSON.stringify("production") },   // Workbox's production build
};
const bundle = (entryPoints, options = {}) => build({ ...common, entryPoints, ...options });

// The worker is its own script: it must not pull in the page's bundle. Its
// name carries its content's hash, so a page only ever starts the worker of
// its own build (an old tab under a newer service worker fails in words
// rather than mixing builds).
const workerBuild = await bundle({ worker: join(root, "js/runtime/worker.js") },
  { format: "iife", entryNames: "[name]-[hash]", metafile: true });
const workerFile = basename(Object.keys(workerBuild.metafile.outputs).find((p) => p.endsWith(".js")));
const names = { __NNBOOK_WORKER__: JSON.stringify(workerFile) };

// boot.js: small, first on every page, starts the worker (manifest inlined).
await bundle({ boot: join(root, "js/boot.mjs") }, {
  format: "iife",
  define: { ...common.define, __NNBOOK_RUNTIME__: manifest, ...names },
});
// The textbook's code as ES modules: a core (cells, runtime host, editor) on
// every page, and a chunk for each widget and for KaTeX, loaded only by the
// pages that use them (js/widgets/registry.mjs, js/main.mjs).
const textbook = await bundle({ textbook: join(root, "js/main.mjs") }, {
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: "linked",
  metafile: true,
  define: { ...common.define, ...names },
});
// One stylesheet: the cells' styles and, by @import, each widget's and the kit's.
await bundle({ textbook: join(root, "js/textbook.css") }, { plugins: [widgetStyles] });
const katex = join(root, "node_modules/katex/dist");
mkdirSync(join(assets, "katex"), { recursive: true });
cpSync(join(katex, "katex.min.css"), join(assets, "katex/katex.min.css"));
cpSync(join(katex, "fonts"), join(assets, "katex/fonts"), { recursive: true });

// The pages name the entry files with their content hash (?v=<sha256>): a
// page runs the scripts of its own build, also under an older service worker.
const site = join(assets, "..");
const entries = stampEntries(site);
// Pages with cells preload what their Run buttons and editors need (js/build/preload.mjs).
const textbookOut = Object.keys(textbook.metafile.outputs).find((p) => p.endsWith("textbook.js"));
addPreloads(site, relativeTo(out, chunksToPreload(textbook.metafile, textbookOut,
  ["js/cells/page.mjs", "js/widgets/registry.mjs"])));

// The offline app: the service worker at the site's root (its scope is the
// whole site, also under a sub-path), with the precache list inlined, and the
// list the home page's "Make the whole book available offline" downloads.
if (manifestPath) {
  const runtime = JSON.parse(manifest);
  const lock = JSON.parse(readFileSync(join(assets, "pyodide/pyodide-lock.json"), "utf8"));
  const { build: id, precache, later, book, kept } = offlineLists(site, runtime, lock, entries);
  writeFileSync(join(out, "offline.json"), JSON.stringify({ build: id, precache, book }));
  await build({
    ...common,
    outdir: undefined,
    outfile: join(site, "sw.js"),
    entryPoints: [join(root, "js/offline/sw.mjs")],
    format: "iife",
    define: {
      ...common.define,
      __NNBOOK_PRECACHE__: JSON.stringify(precache.map(({ url, revision }) => ({ url, revision }))),
      __NNBOOK_KEPT__: JSON.stringify(kept),
      __NNBOOK_LATER__: JSON.stringify(later.map(({ url, revision }) => ({ url, revision }))),
    },
  });
}
