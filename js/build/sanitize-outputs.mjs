// The book's rich outputs (HTML and SVG a cell showed when the build ran it)
// through the page's own output policy (js/cells/sanitize.mjs), under jsdom.
// Called by py/sitebuild/execute.py: JSON [{mime, markup}] on stdin, JSON
// [markup] on stdout, in the same order.
import { JSDOM } from "jsdom";
import { makeSanitizer } from "../cells/sanitize.mjs";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const items = JSON.parse(Buffer.concat(chunks).toString("utf8"));
// A page of the book: relative URLs are local, any other origin is not.
const { window } = new JSDOM("<!doctype html><body></body>", { url: "https://book.invalid/page/" });
const sanitize = makeSanitizer(window);
const out = items.map(({ mime, markup }) => {
  const box = window.document.createElement("div");
  box.append(sanitize(markup, { svg: mime === "image/svg+xml" }));
  return box.innerHTML;
});
process.stdout.write(JSON.stringify(out));
