// The one output policy for HTML and SVG a cell shows, live in the page
// (js/cells/output.mjs) and in the book's outputs at build time
// (js/build/sanitize-outputs.mjs, under jsdom): DOMPurify (no script), no
// style sheets, forms or frames, and no URL that would load something from
// another origin (data: and blob: stay, so figures work).
import DOMPurify from "dompurify";

const FORBID_TAGS = ["style", "link", "meta", "base", "form", "input", "button", "select", "textarea",
  "option", "optgroup", "datalist", "fieldset", "iframe", "frame", "frameset", "object", "embed",
  "dialog", "portal"];
// Attributes that load (or send to) a URL: only local ones are kept.
const URL_ATTRS = new Set(["src", "srcset", "href", "xlink:href", "poster", "background", "action",
  "formaction", "data", "ping", "lowsrc", "dynsrc", "longdesc"]);
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;

/** sanitize(markup, {svg}) -> DocumentFragment, for pages at `window.location`'s origin. */
export function makeSanitizer(window) {
  const origin = window.location.origin;
  const base = window.location.href;
  function isLocal(url) {
    url = url.trim();
    if (url === "" || url.startsWith("#") || /^(data|blob):/i.test(url)) return true;
    try {
      return new URL(url, base).origin === origin;
    } catch {
      return false;
    }
  }
  const urlsIn = (name, value) => (name === "srcset"
    ? value.split(",").map((part) => part.trim().split(/\s+/)[0])
    : [value]);
  const cssIsLocal = (text) => [...text.matchAll(CSS_URL)].every((m) => isLocal(m[2]))
    && !/url\(\s*['"]?\s*$/i.test(text) && !/@import/i.test(text);

  // An instance of our own: other code using DOMPurify keeps its defaults.
  const purify = DOMPurify(window);
  purify.addHook("afterSanitizeAttributes", (node) => {
    for (const { name } of [...(node.attributes || [])]) {
      const key = name.toLowerCase();
      const value = node.getAttribute(name) ?? "";
      if (key === "style") continue;
      const isLink = key === "href" && node.localName === "a"; // a link loads only when followed
      if ((URL_ATTRS.has(key) && !isLink && !urlsIn(key, value).every(isLocal))
          || (/url\s*\(/i.test(value) && !cssIsLocal(value))) {
        node.removeAttribute(name);
      }
    }
    const style = node.style;
    if (style && style.length) {
      for (const property of [...style]) {
        if (!cssIsLocal(style.getPropertyValue(property))) style.removeProperty(property);
      }
      if (!style.length) node.removeAttribute("style");
    }
  });
  return (markup, { svg = false } = {}) => purify.sanitize(markup, {
    ...(svg ? { USE_PROFILES: { svg: true, svgFilters: true } } : {}),
    FORBID_TAGS, RETURN_DOM_FRAGMENT: true,
  });
}
