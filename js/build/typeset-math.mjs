// Mathematics typeset at build time: every .arithmatex of the built pages
// (pymdownx.arithmatex leaves \( \) and \[ \] there) becomes KaTeX's HTML and
// MathML, so formulas are in the page before any script runs: with JavaScript
// off, in print, and without the page moving when a script would typeset them.
// Called by the MkDocs hook after each build:  node js/build/typeset-math.mjs SITE_DIR
import katex from "katex";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MATH = /<(span|div) class="arithmatex">([\s\S]*?)<\/\1>/g;
const ENTITIES = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
const unescape = (text) => text.replace(/&(?:lt|gt|amp|quot|#39|#x27);/g, (e) => ENTITIES[e]);

/** One formula's markup, from the escaped text \(…\) or \[…\]; unchanged if it is neither. */
export function typesetFormula(escaped) {
  const tex = unescape(escaped).trim();
  const inline = tex.startsWith("\\(") && tex.endsWith("\\)");
  const display = tex.startsWith("\\[") && tex.endsWith("\\]");
  if (!inline && !display) return null;
  return katex.renderToString(tex.slice(2, -2), { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
}

function* htmlFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "assets") yield* htmlFiles(path);
    } else if (name.endsWith(".html")) yield path;
  }
}

const site = process.argv[2];
if (site) {
  let formulas = 0;
  for (const file of htmlFiles(site)) {
    const html = readFileSync(file, "utf8");
    const typeset = html.replace(MATH, (whole, tag, inner) => {
      const markup = typesetFormula(inner);
      if (markup === null) return whole;
      formulas++;
      return `<${tag} class="arithmatex">${markup}</${tag}>`;
    });
    if (typeset !== html) writeFileSync(file, typeset);
  }
  console.log(`nnbook: ${formulas} formulas typeset`);
}
