// Bundle the browser code into <assets>/nnbook/ and copy KaTeX's stylesheet
// and fonts into <assets>/katex/. Called by the MkDocs hook after each build:
//   node js/build.mjs site/assets
import { build } from "esbuild";
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [assets, manifestPath] = process.argv.slice(2);
if (!assets) throw new Error("usage: node js/build.mjs <site assets folder> [runtime manifest]");
const manifest = manifestPath ? readFileSync(manifestPath, "utf8") : "null";
const out = join(assets, "nnbook");
mkdirSync(out, { recursive: true });

// boot.js: small, first on every page, starts the worker (manifest inlined).
await build({
  entryPoints: { boot: join(root, "js/boot.mjs") },
  bundle: true,
  format: "iife",
  target: ["chrome109", "firefox115", "safari16"],
  minify: true,
  define: { __NNBOOK_RUNTIME__: manifest },
  outdir: out,
  logLevel: "warning",
});
// The textbook's code as ES modules: a core (cells, runtime host, editor) on
// every page, and a chunk for each widget and for KaTeX, loaded only by the
// pages that use them (js/widgets/registry.mjs, js/main.mjs).
await build({
  entryPoints: { textbook: join(root, "js/main.mjs") },
  bundle: true,
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  target: ["chrome109", "firefox115", "safari16"],
  minify: true,
  sourcemap: "linked",
  outdir: out,
  logLevel: "warning",
});
// The worker is its own script: it must not pull in the page's bundle.
await build({
  entryPoints: { worker: join(root, "js/runtime/worker.js") },
  bundle: true,
  format: "iife",
  target: ["chrome109", "firefox115", "safari16"],
  minify: true,
  outdir: out,
  logLevel: "warning",
});
// One stylesheet: the cells' styles and, by @import, each widget's and the kit's.
await build({
  entryPoints: { textbook: join(root, "js/textbook.css") },
  bundle: true,
  minify: true,
  target: ["chrome109", "firefox115", "safari16"],
  outdir: out,
  logLevel: "warning",
});
const katex = join(root, "node_modules/katex/dist");
mkdirSync(join(assets, "katex"), { recursive: true });
cpSync(join(katex, "katex.min.css"), join(assets, "katex/katex.min.css"));
cpSync(join(katex, "fonts"), join(assets, "katex/fonts"), { recursive: true });
