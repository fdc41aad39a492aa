// What a cell shows under its editor. Text is always inserted as text (never
// parsed as HTML). HTML and SVG from Python follow one output policy
// (sanitize.mjs), and their box contains them (textbook.css:
// `contain: content`), so nothing positioned in it can cover the page.
import { makeSanitizer } from "./sanitize.mjs";

const PAGE_TEXT_LIMIT = 200_000; // a second cap, should Python's ever fail
const sanitize = makeSanitizer(window);

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

  stream(kind, text) {
    if (this.chars >= PAGE_TEXT_LIMIT) return;
    text = text.slice(0, PAGE_TEXT_LIMIT - this.chars);
    this.chars += text.length;
    if (!this.lastStream || this.lastStream.dataset.stream !== kind || this.lastStream !== this.element.lastChild) {
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
    const box = document.createElement("div");
    box.className = "nb-out nb-out--rich";
    if (bundle["image/svg+xml"]) {
      box.append(sanitize(bundle["image/svg+xml"], { svg: true }));
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
