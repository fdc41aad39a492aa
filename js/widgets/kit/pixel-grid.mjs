// Component (registers nothing): the accessible 4×3 pixel grid, thumbnails, the row of
// slide images, the verdict's words; used by pixel-grid, backprop-stepper, trainer and
// playground. Styles: pixel-grid.css.
//
//   new PixelGrid(parent, {rows = 4, cols = 3, values, onChange, label, lang})   (parent null: placed later)
//       An accessible grid of toggle buttons, no Python: each pixel is a button with
//       aria-pressed, named "pixel x5"; click it, or move with the arrow keys
//       (Home/End: row start/end) and toggle with Space or Enter. onChange(values, k)
//       after the reader toggled pixel k (1-based); values: array of 0/1.
//       grid.values (get/set, 12 numbers; ≥ 0.5 counts as on), grid.disabled, grid.label,
//       grid.element, grid.destroy().
//   thumbnail(pixels, {rows, cols, size})   a small SVG picture of an image
//   slideRow(parent, {label, lang, onPick})  the row of slide-image buttons; its
//       show(slides) makes one button per slide ({n, rows, letter, x}: the slides of
//       Python's nnbook.widgets.network_state.slides()), onPick(slide) on a click;
//       press(n) marks slide n (or none) as the current image (aria-pressed).
//   verdictText(verdict, lang)              "C", "T", "neither"/"どちらでもない"
import { svgEl } from "./dom.mjs";
import { labelsFor } from "./labels.mjs";
import LABELS from "./pixel-grid.labels.json" with { type: "json" };

/** The verdict's words: "neither" in the page's language; "C" and "T" as they are. */
export function verdictText(verdict, lang = "en") {
  return verdict === "neither" ? labelsFor(lang).neither : verdict;
}

export function thumbnail(pixels, { rows = 4, cols = 3, size = 6 } = {}) {
  const svg = svgEl("svg", { viewBox: `0 0 ${cols * size} ${rows * size}`, width: cols * size,
    height: rows * size, "aria-hidden": "true", focusable: "false" });
  pixels.forEach((v, i) => {
    svgEl("rect", { x: (i % cols) * size, y: Math.floor(i / cols) * size, width: size, height: size,
      class: v >= 0.5 ? "nbw-px__thumb-on" : "nbw-px__thumb-off" }, svg);
  });
  return svg;
}

export function slideRow(parent, { label, lang = "en", onPick = () => {} } = {}) {
  const t = labelsFor(lang, LABELS);
  const element = document.createElement("div");
  element.className = "nbw-px__slides";
  const heading = document.createElement("span");
  heading.className = "nbw-px__slides-label";
  heading.textContent = label;
  element.append(heading);
  parent.append(element);
  let buttons = [];
  return {
    element,
    show(slides) {
      for (const b of buttons) b.remove();
      buttons = slides.map((slide) => {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "nbw-px__slide";
        b.setAttribute("aria-label", t.slide(slide.n, slide.letter));
        b.title = `${slide.n}: ${slide.rows}`;
        b.dataset.slide = slide.n;
        const caption = document.createElement("span");
        caption.textContent = `${slide.n} ${slide.letter}`;
        caption.setAttribute("aria-hidden", "true");
        b.append(thumbnail(slide.x), caption);
        b.addEventListener("click", () => onPick(slide));
        element.append(b);
        return b;
      });
    },
    press(n) {
      buttons.forEach((b) => b.setAttribute("aria-pressed", String(Number(b.dataset.slide) === n)));
    },
  };
}

export class PixelGrid {
  constructor(parent, { rows = 4, cols = 3, values = null, onChange = () => {}, label, lang = "en" } = {}) {
    const t = labelsFor(lang, LABELS);
    this.rows = rows;
    this.cols = cols;
    this.onChange = onChange;
    this.element = document.createElement("div");
    this.element.className = "nbw-px__grid";
    this.element.style.setProperty("--nbw-cols", cols);
    this.element.setAttribute("role", "group");
    this.element.setAttribute("aria-label", label || t.grid);
    this.buttons = [];
    for (let k = 1; k <= rows * cols; k++) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "nbw-px__cell";
      b.setAttribute("aria-pressed", "false");
      b.setAttribute("aria-label", t.pixel(k));
      b.dataset.pixel = k;
      b.tabIndex = k === 1 ? 0 : -1;
      const tag = document.createElement("span");
      tag.textContent = `x${k}`;
      tag.setAttribute("aria-hidden", "true");
      b.append(tag);
      b.addEventListener("click", () => this.toggle(k));
      b.addEventListener("keydown", (ev) => this.key(ev, k));
      b.addEventListener("focus", () => this.rove(k));
      this.buttons.push(b);
      this.element.append(b);
    }
    this._values = new Array(rows * cols).fill(0);
    if (values) this.values = values;
    parent?.append(this.element);
  }

  get values() { return this._values.slice(); }

  set values(values) {
    this._values = Array.from(values, (v) => Number(v));
    this.buttons.forEach((b, i) => b.setAttribute("aria-pressed", String(this._values[i] >= 0.5)));
  }

  set disabled(flag) { for (const b of this.buttons) b.disabled = flag; }

  /** The grid's name (a table's row says what its image is: "Image 2, rows 101/100/100/011"). */
  set label(text) { this.element.setAttribute("aria-label", text); }

  toggle(k) {
    const values = this.values;
    values[k - 1] = values[k - 1] >= 0.5 ? 0 : 1;
    this.values = values;
    this.onChange(this.values, k);
  }

  rove(k) {
    this.buttons.forEach((b, i) => { b.tabIndex = i === k - 1 ? 0 : -1; });
  }

  key(ev, k) {
    const r = Math.floor((k - 1) / this.cols), c = (k - 1) % this.cols;
    let target = null;
    if (ev.key === "ArrowRight" && c < this.cols - 1) target = k + 1;
    else if (ev.key === "ArrowLeft" && c > 0) target = k - 1;
    else if (ev.key === "ArrowDown" && r < this.rows - 1) target = k + this.cols;
    else if (ev.key === "ArrowUp" && r > 0) target = k - this.cols;
    else if (ev.key === "Home") target = r * this.cols + 1;
    else if (ev.key === "End") target = r * this.cols + this.cols;
    else return;
    ev.preventDefault();
    this.rove(target);
    this.buttons[target - 1].focus();
  }

  destroy() { this.element.remove(); }
}
