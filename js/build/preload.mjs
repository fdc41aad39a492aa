// Build time (Node, called by js/build/bundle.mjs): <link rel="modulepreload"> in the
// <head> of each page with cells (those that load boot.js) for the chunks its
// Run buttons and editors need (the textbook's static imports, the cells'
// and the widget registry's chunks and theirs), so the browser fetches them
// all at once, early, instead of one import after another from the end of
// the body. KaTeX and the widgets' own chunks are left to load as today.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** The chunks to preload, relative to the bundle's folder, from esbuild's metafile
 *  of the textbook's build: `entry` (textbook.js's output path) and the dynamic
 *  imports whose source is one of `lazySources`, each with its static imports. */
export function chunksToPreload(metafile, entry, lazySources) {
  const outputs = metafile.outputs;
  const wanted = new Set();
  const visit = (path) => {
    if (wanted.has(path) || !outputs[path]) return;
    wanted.add(path);
    for (const imp of outputs[path].imports) if (imp.kind === "import-statement") visit(imp.path);
  };
  visit(entry);
  for (const [path, output] of Object.entries(outputs)) {
    if (output.entryPoint && lazySources.some((src) => output.entryPoint.endsWith(src))) visit(path);
  }
  wanted.delete(entry);   // the page names it already (a module script)
  return [...wanted];
}

const BOOT = /(<script src="([^"]*?)assets\/nnbook\/boot\.js[^"]*"><\/script>)/;

/** Put the links after boot.js's script in each HTML file of `site` that has one. */
export function addPreloads(site, chunks) {
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".html") ? [join(dir, e.name)] : []);
  for (const html of walk(site)) {
    const text = readFileSync(html, "utf8");
    if (!BOOT.test(text) || text.includes('rel="modulepreload"')) continue;
    writeFileSync(html, text.replace(BOOT, (tag, _, prefix) =>
      tag + chunks.map((c) => `<link rel="modulepreload" href="${prefix}assets/nnbook/${c}">`).join("")));
  }
}

/** metafile's output paths relative to the bundle's folder `out`. */
export const relativeTo = (out, paths) => paths.map((p) => relative(out, p).split("\\").join("/"));
