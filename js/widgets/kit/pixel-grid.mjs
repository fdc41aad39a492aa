// Component (registers nothing): the accessible 4×3 pixel grid, thumbnails, verdict words.
// Pixel grid: draw a 4×3 image and watch the network read it (chapter 3;
// reused by later chapters).
//
//   ::: widget pixel-grid           options: net=NAME x=NAME (default net, x),
//                                   readout=no (only the image), examples=no
//
// The image is the page's variable `x` (12 values, pixels x1 … x12 row by
// row); the network is `net`. Each pixel is a button with aria-pressed, named
// "pixel x5": click it, or move with the arrow keys (Home/End: row start/end)
// and toggle with Space or Enter. Under it the network's h1…h3, z1, z2 and
// its verdict update live. Verdict rule (nnbook.widgets.ct.verdict): each z_j
// is rounded at 0.5; (1, 0) is C, (0, 1) is T, anything else neither.
//
// Reusable API (import from "./pixel-grid.mjs"):
//
//   new PixelGrid(parent, {rows = 4, cols = 3, values, onChange, label, lang})
//       An accessible grid of toggle buttons, no Python. onChange(values, k)
//       after the reader toggled pixel k (1-based); values: array of 0/1.
//       grid.values (get/set, 12 numbers; ≥ 0.5 counts as on), grid.disabled,
//       grid.element, grid.destroy().
//   thumbnail(pixels, {rows, cols, size})   a small SVG picture of an image
//   verdictText(verdict, lang)              "C", "T", "neither"/"どちらでもない"
import { ctStyle } from "./network.mjs";

export const LABELS = {
  en: {
    grid: "4×3 image (the variable x)",
    pixel: (k) => `pixel x${k}`,
    waiting: "waiting for Python…",
    slides: "Load a slide image:",
    slide: (n, label) => `slide image ${n}: ${label}`,
    clear: "Clear",
    invert: "Invert",
    outputs: "The network's outputs",
    verdict: "Verdict",
    rounded: (a, b) => `(z₁, z₂) rounded: (${a}, ${b})`,
    neither: "neither",
    help: "Click a pixel, or use the arrow keys and Space.",
  },
  ja: {
    grid: "4×3 の画像 (変数 x)",
    pixel: (k) => `画素 x${k}`,
    waiting: "Python を待っています…",
    slides: "スライドの画像を読み込む:",
    slide: (n, label) => `スライドの画像 ${n}: ${label}`,
    clear: "消去",
    invert: "反転",
    outputs: "ネットワークの出力",
    verdict: "判定",
    rounded: (a, b) => `(z₁, z₂) を丸めると (${a}, ${b})`,
    neither: "どちらでもない",
    help: "画素をクリックするか、矢印キーで移動して Space で切り替えます。",
  },
};

// The slides' nine images (nnbook.data.SLIDE_IMAGES), for the load buttons.
export const SLIDES = [
  ["011/100/100/011", "C"], ["111/100/100/011", "C"], ["000/111/100/111", "C"],
  ["111/010/010/010", "T"], ["111/010/010/000", "T"], ["111/010/010/111", "I"],
  ["111/101/111/101", "A"], ["101/101/101/111", "U"], ["111/101/101/111", "O"],
];
export const pixelsOf = (rows) => [...rows.replaceAll("/", "")].map(Number);

export function verdictText(verdict, lang = "en") {
  return verdict === "neither" ? (LABELS[lang] || LABELS.en).neither : verdict;
}

const SVGNS = "http://www.w3.org/2000/svg";

export function thumbnail(pixels, { rows = 4, cols = 3, size = 6 } = {}) {
  const svg = document.createElementNS(SVGNS, "svg");
  svg.setAttribute("viewBox", `0 0 ${cols * size} ${rows * size}`);
  svg.setAttribute("width", cols * size);
  svg.setAttribute("height", rows * size);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  pixels.forEach((v, i) => {
    const rect = document.createElementNS(SVGNS, "rect");
    rect.setAttribute("x", (i % cols) * size);
    rect.setAttribute("y", Math.floor(i / cols) * size);
    rect.setAttribute("width", size);
    rect.setAttribute("height", size);
    rect.setAttribute("class", v >= 0.5 ? "nbw-px__thumb-on" : "nbw-px__thumb-off");
    svg.append(rect);
  });
  return svg;
}

const CSS = `
.nbw-px__layout { display: flex; flex-wrap: wrap; gap: .8rem 1.4rem; align-items: flex-start; }
.nbw-px__grid { display: grid; grid-template-columns: repeat(var(--nbw-cols), 2.75rem); gap: 3px; width: max-content; }
.md-typeset .nbw-px__cell { width: 2.75rem; height: 2.75rem; margin: 0; padding: 0; cursor: pointer; font: inherit;
  font-size: .6rem; line-height: 1; display: flex; align-items: flex-start; justify-content: flex-start;
  padding: 3px; box-sizing: border-box; border: 1px solid var(--md-default-fg-color--light); border-radius: 2px;
  background: var(--md-default-bg-color); color: var(--md-default-fg-color); }
.md-typeset .nbw-px__cell[aria-pressed="true"] { background: var(--nbw-on); color: var(--md-default-bg-color); border-color: var(--nbw-on); }
.md-typeset .nbw-px__cell:focus-visible { outline: 3px solid var(--md-accent-fg-color); outline-offset: 1px; }
.md-typeset .nbw-px__cell:disabled { cursor: default; opacity: .6; }
.nbw-px__help { margin: .3rem 0 0; font-size: .65rem; color: var(--md-default-fg-color--light); max-width: 12rem; }
.nbw-px__tools { display: flex; flex-wrap: wrap; gap: .3rem; margin-top: .5rem; }
.nbw-px__slides { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; margin-top: .6rem; }
.nbw-px__slides-label { flex-basis: 100%; }
.md-typeset .nbw-px__slide { display: inline-flex; flex-direction: column; align-items: center; gap: 2px; cursor: pointer;
  padding: 3px 4px; font: inherit; font-size: .65rem; border: 1px solid var(--md-default-fg-color--lighter);
  border-radius: .2rem; background: transparent; color: var(--md-default-fg-color); }
.md-typeset .nbw-px__slide:hover, .md-typeset .nbw-px__slide:focus-visible { border-color: var(--md-accent-fg-color); }
.nbw-px__thumb-on { fill: var(--md-default-fg-color); }
.nbw-px__thumb-off { fill: var(--md-default-fg-color--lightest); }
.nbw-px__readout { min-width: 12rem; flex: 1 1 12rem; max-width: 20rem; }
.nbw-px__table { display: grid; grid-template-columns: auto auto 1fr; gap: .2rem .5rem; align-items: center; margin: 0; }
.nbw-px__table dt { font-weight: 700; }
.nbw-px__table dd { margin: 0; font-variant-numeric: tabular-nums; text-align: right; }
.nbw-px__bar { height: .55rem; background: var(--md-default-fg-color--lightest); border-radius: 2px; overflow: hidden; min-width: 3rem; }
.nbw-px__bar > span { display: block; height: 100%; background: var(--md-primary-fg-color); }
[data-md-color-scheme="slate"] .nbw-px__bar > span { background: var(--md-accent-fg-color); }
.nbw-px__sep { grid-column: 1 / -1; border-top: 1px solid var(--md-default-fg-color--lightest); }
.nbw-px__verdict { margin: .6rem 0 0; font-size: .8rem; }
.nbw-px__verdict strong { font-size: 1.3rem; margin-left: .3rem; }
.nbw-px__rounded { margin: 0; color: var(--md-default-fg-color--light); }
`;

export function style() {
  ctStyle();
  if (document.getElementById("nbw-px-style")) return;
  const s = document.createElement("style");
  s.id = "nbw-px-style";
  s.textContent = CSS;
  document.head.append(s);
}

export class PixelGrid {
  constructor(parent, { rows = 4, cols = 3, values = null, onChange = () => {}, label, lang = "en" } = {}) {
    style();
    const t = LABELS[lang] || LABELS.en;
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
    parent.append(this.element);
  }

  get values() { return this._values.slice(); }

  set values(values) {
    this._values = Array.from(values, (v) => Number(v));
    this.buttons.forEach((b, i) => b.setAttribute("aria-pressed", String(this._values[i] >= 0.5)));
  }

  set disabled(flag) { for (const b of this.buttons) b.disabled = flag; }

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
