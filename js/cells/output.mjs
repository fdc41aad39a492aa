// What a cell shows under its editor. Text is always inserted as text (never
// parsed as HTML). HTML and SVG from Python follow one output policy: they
// pass through DOMPurify (no script), lose style sheets, forms and frames,
// and every URL that would load something from another origin (data: and
// blob: stay, so figures work); and their box contains them (textbook.css:
// `contain: content`), so nothing positioned in it can cover the page.
import DOMPurify from "dompurify";
import { labels } from "../i18n.mjs";

const PAGE_TEXT_LIMIT = 200_000; // a second cap, should Python's ever fail
const PAGE_ELEMENT_LIMIT = 1_200; // the same for the number of outputs (Python sends at most 1,000 a run)

const FORBID_TAGS = ["style", "link", "meta", "base", "form", "input", "button", "select", "textarea",
  "option", "optgroup", "datalist", "fieldset", "iframe", "frame", "frameset", "object", "embed",
  "dialog", "portal"];
// Attributes that load (or send to) a URL: only local ones are kept.
const URL_ATTRS = new Set(["src", "srcset", "href", "xlink:href", "poster", "background", "action",
  "formaction", "data", "ping", "lowsrc", "dynsrc", "longdesc"]);
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;

function isLocal(url) {
  url = url.trim();
  if (url === "" || url.startsWith("#") || /^(data|blob):/i.test(url)) return true;
  try {
    return new URL(url, location.href).origin === location.origin;
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

const sanitize = (markup, options = {}) => purify.sanitize(markup, { ...options, FORBID_TAGS, RETURN_DOM_FRAGMENT: true });

export class Output {
  constructor(element) {
    this.element = element;
    this.chars = 0;
  }

  clear() {
    this.element.replaceChildren();
    this.chars = 0;
    this.lastStream = null;
  }

  /** Whether one more output element fits under the cap; at the cap, says so once. */
  room() {
    const count = this.element.childElementCount;
    if (count < PAGE_ELEMENT_LIMIT) return true;
    if (count === PAGE_ELEMENT_LIMIT) {
      const p = document.createElement("p");
      p.className = "nb-note nb-note--note";
      p.textContent = labels().outputCapped(PAGE_ELEMENT_LIMIT);
      this.element.append(p);
    }
    return false;
  }

  stream(kind, text) {
    if (this.chars >= PAGE_TEXT_LIMIT) return;
    text = text.slice(0, PAGE_TEXT_LIMIT - this.chars);
    this.chars += text.length;
    if (!this.lastStream || this.lastStream.dataset.stream !== kind || this.lastStream !== this.element.lastChild) {
      if (!this.room()) return;
      const pre = document.createElement("pre");
      pre.className = `nb-out nb-out--${kind}`;
      pre.dataset.stream = kind;
      pre.append(document.createTextNode(""));
      this.element.append(pre);
      this.lastStream = pre;
    }
    this.lastStream.firstChild.appendData(text);
  }

  note(text, kind = "note") {
    if (kind === "note" && !this.room()) return document.createElement("p");
    const p = document.createElement("p");
    p.className = `nb-note nb-note--${kind}`;
    p.textContent = text;
    this.element.append(p);
    return p;
  }

  error(traceback) {
    const pre = document.createElement("pre");
    pre.className = "nb-out nb-out--error";
    pre.textContent = traceback;
    this.element.append(pre);
  }

  display(bundle) {
    if (!this.room()) return;
    const box = document.createElement("div");
    box.className = "nb-out nb-out--rich";
    if (bundle["image/svg+xml"]) {
      box.append(sanitize(bundle["image/svg+xml"], { USE_PROFILES: { svg: true, svgFilters: true } }));
    } else if (bundle["image/png"] && /^[A-Za-z0-9+/=\s]+$/.test(bundle["image/png"])) {
      const img = document.createElement("img");
      img.src = "data:image/png;base64," + bundle["image/png"].replace(/\s/g, "");
      img.alt = bundle["text/plain"] || "figure";
      box.append(img);
    } else if (bundle["text/html"]) {
      box.append(sanitize(bundle["text/html"]));
    } else {
      const pre = document.createElement("pre");
      pre.className = "nb-out nb-out--result";
      pre.textContent = bundle["text/plain"] ?? "";
      this.element.append(pre);
      this.lastStream = null;
      return;
    }
    this.element.append(box);
    this.lastStream = null;
  }
}
