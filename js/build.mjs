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

// What every bundle shares: bundled, minified, for the browsers the book supports.
const common = {
  bundle: true,
  minify: true,
  target: ["chrome109", "firefox115", "safari16"],
  outdir: out,
  logLevel: "warning",
};
const bundle = (entryPoints, options = {}) => build({ ...common, entryPoints, ...options });

// boot.js: small, first on every page, starts the worker (manifest inlined).
await bundle({ boot: join(root, "js/boot.mjs") }, {
  format: "iife",
  define: { __NNBOOK_RUNTIME__: manifest },
});
// The textbook's code as ES modules: a core (cells, runtime host, editor) on
// every page, and a chunk for each widget and for KaTeX, loaded only by the
// pages that use them (js/widgets/registry.mjs, js/main.mjs).
await bundle({ textbook: join(root, "js/main.mjs") }, {
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: "linked",
});
// The worker is its own script: it must not pull in the page's bundle.
await bundle({ worker: join(root, "js/runtime/worker.js") }, { format: "iife" });
// One stylesheet: the cells' styles and, by @import, each widget's and the kit's.
await bundle({ textbook: join(root, "js/textbook.css") });
const katex = join(root, "node_modules/katex/dist");
mkdirSync(join(assets, "katex"), { recursive: true });
cpSync(join(katex, "katex.min.css"), join(assets, "katex/katex.min.css"));
cpSync(join(katex, "fonts"), join(assets, "katex/fonts"), { recursive: true });
