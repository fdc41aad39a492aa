// Component (registers nothing): the network diagram and the blocks of w, shared by
// the widgets (network-view, backprop-stepper, trainer, playground, weight editor).
//
// Units are circles in columns (input x, hidden h, output z); an edge's colour shows the
// sign of its weight (blue solid +, red dashed −, grey dotted 0), its thickness |w|.
// Styles: network.css.
//
//   drawNetwork(svg, {sizes, names, weights, values, highlight, verdict, lang})
//       sizes [12, 3, 2]; names and weights net.names() and net.w (weights null: grey
//       edges); values [[x…], [h…], [z…]] or null; highlight a name drawn emphasised;
//       verdict the words under the outputs. Returns {edges: Map(name → <line>), units}.
//       Every unit and edge has a data-key ("h2", "w_52^H") and its value in words in
//       data-readout ("w₅₂ᴴ (x5 → h2) = 1.000"); words are kept inside the drawing.
//   new NetworkExplorer(svg, readout, lang)
//       Values without hover: a tap or click on (or near) a unit or an edge, or keyboard
//       focus (one tab stop; arrows, Home, End), writes its data-readout into `readout`.
//       explorer.draw(options) is drawNetwork keeping the reader's choice and focus;
//       explorer.choose(key) shows one.
//   networkSize(sizes)    the drawing's viewBox [width, height] (to reserve its place)
//   paramGroups(sizes, names)  the blocks of w (layer: 1 = first hidden … L = output)
//   prettyName(name)      "w_52^H" → "w₅₂ᴴ", "w_12,3^H" → "w₁₂,₃ᴴ", "theta_1" → "θ₁"
import { svgText } from "./dom.mjs";
import { fixed, subscript, superscript, weight } from "./format.mjs";
import { labelsFor } from "./labels.mjs";
import LABELS from "./network.labels.json" with { type: "json" };

// ---- the blocks of w, from nnbook's names -------------------------------------------

/** The blocks of w as net.names() lists them (output layer first, unit by unit, each unit's
 *  weights then its threshold): [{layer, unit, names, offset, nIn, vector}], vector the
 *  block's name as the slides write it ("w₁ᴴ"). names: net.names(), in the order of net.w. */
export function paramGroups(sizes, names) {
  const total = sizes.slice(1).reduce((n, out, l) => n + out * (sizes[l] + 1), 0);
  if (names?.length !== total) {
    throw new Error(`a ${sizes.join("-")} network has ${total} parameters; got ${names?.length ?? "no"} names`);
  }
  const groups = [];
  let offset = 0;
  for (let layer = sizes.length - 1; layer >= 1; layer--) {
    const nIn = sizes[layer - 1];
    for (let unit = 1; unit <= sizes[layer]; unit++) {
      const block = names.slice(offset, offset + nIn + 1);
      groups.push({ layer, unit, names: block, offset, nIn, vector: prettyName(block[nIn]).replace("θ", "w") });
      offset += nIn + 1;
    }
  }
  return groups;
}

/** "w_52^H" → "w₅₂ᴴ", "w_12,3^H" → "w₁₂,₃ᴴ"; "theta_1" → "θ₁". */
export function prettyName(name) {
  const m = /^(w|theta)_([\d,]+)(?:\^(H\d*))?$/.exec(name);
  if (!m) return name;
  return (m[1] === "theta" ? "θ" : "w") + subscript(m[2]) + superscript(m[3] ?? "");
}

/** How an edge of weight w is drawn: its sign and its stroke width. */
function edgeStyle(w) {
  const sign = w > 0 ? "+" : w < 0 ? "-" : "0";
  return { sign, width: 0.6 + 5.4 * Math.tanh(Math.abs(w) / 3) };
}

// ---- drawing ------------------------------------------------------------------

const el = svgText;

let uid = 0;

/** The smallest size, in screen pixels, of the diagram's words and numbers (on a phone too). */
const MIN_TEXT_PX = 11;
const BASE_FONT = 11;      // the words' size in the drawing's units where it is drawn 1:1 or larger

/** The font size, in the drawing's units, that a drawing `viewWidth` units wide drawn
 *  `drawnWidth` px wide needs for its words to be MIN_TEXT_PX on the screen. */
function readableFont(drawnWidth, viewWidth) {
  if (!(drawnWidth > 0) || !(viewWidth > 0)) return BASE_FONT;
  return Math.max(BASE_FONT, Math.ceil((10 * MIN_TEXT_PX * viewWidth) / drawnWidth) / 10);
}

/** Size the words for the drawing's width on the screen, now and whenever it changes, and
 *  grow the viewBox for words the larger size pushed out (see fitViewBox). */
function keepReadable(svg, width, height) {
  const fit = () => {
    for (let pass = 0; pass < 2; pass++) {   // a grown viewBox draws smaller: once more
      const drawn = measure(() => svg.getBoundingClientRect().width);
      svg.style.fontSize = `${readableFont(drawn, svg.viewBox.baseVal?.width || width)}px`;
      fitViewBox(svg, width, height);
    }
  };
  svg.nbwReadable?.disconnect();
  if (typeof ResizeObserver === "function") {
    svg.nbwReadable = new ResizeObserver(fit);
    svg.nbwReadable.observe(svg);
  }
  fit();
}

/** The widest layer's unit count, the spacing of its units, their radius, the viewBox size. */
function layout(sizes) {
  const nMax = Math.max(...sizes);
  const gap = nMax > 14 ? 300 / nMax : 22;
  const r = Math.min(8, gap / 2 - 1);
  return { nMax, gap, r, top: 36, size: [340, 36 + gap * (nMax - 1) + r + 14] };
}

/** The drawing's viewBox size for these layer sizes (also reserved before the first draw). */
export const networkSize = (sizes) => layout(sizes).size;

export function drawNetwork(svg, { sizes, names, weights = null, values = null, highlight = null,
  verdict = null, lang = "en" } = {}) {
  const t = labelsFor(lang, LABELS);
  const L = sizes.length - 1;
  const { nMax, gap, r, top, size: [width, height] } = layout(sizes);
  const xs = sizes.map((_, l) => 52 + (l * (282 - 52)) / L);
  // The widest layer is spaced by gap; smaller layers spread out (at most 90 apart).
  const spacing = sizes.map((n) => (n === nMax ? gap : Math.min(90, ((nMax - 1) * gap) / n)));
  const mid = top + (gap * (nMax - 1)) / 2;
  const pos = (l, u) => [xs[l], mid + spacing[l] * (u - (sizes[l] - 1) / 2)];
  const groups = paramGroups(sizes, names);
  const arch = sizes.join("-");

  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.style.fontSize = `${readableFont(measure(() => svg.getBoundingClientRect().width), width)}px`;   // before any word is measured
  svg.setAttribute("role", "img");
  svg.removeAttribute("aria-hidden");      // (hidden while it was an empty placeholder)
  svg.classList.add("nbw-net__svg");
  const titleId = `nbw-net-title-${++uid}`;
  svg.append(el("title", { id: titleId }, t.title(arch, names.length)));
  svg.setAttribute("aria-labelledby", titleId);

  const headings = el("g", { class: "nbw-net__headings" });
  sizes.forEach((_, l) => {
    let text = l === 0 ? t.headings[0] : l === L ? t.headings[2] : (L === 2 ? t.headings[1] : t.hidden(l));
    headings.append(el("text", { x: xs[l], y: 14, "text-anchor": "middle" }, text));
  });
  svg.append(headings);

  const edges = drawEdges(svg, { groups, weights, pos, r, L, highlight });

  const units = [];
  const unitLayer = el("g", { class: "nbw-net__units" });
  sizes.forEach((n, l) => {
    units.push([]);
    for (let u = 0; u < n; u++) {
      const [cx, cy] = pos(l, u);
      const label = l === 0 ? `x${u + 1}` : l === L ? `z${u + 1}` : `h${u + 1}`;
      const v = values?.[l]?.[u];
      const g = el("g", { class: "nbw-net__unit", "data-unit": label, "data-key": label });
      let tip = label + (v !== undefined && v !== null ? ` = ${fixed(v, 3)}` : "");
      let thetaName = null;
      if (l > 0) {
        const group = groups.find((gr) => gr.layer === l && gr.unit === u + 1);
        thetaName = group.names[group.nIn];
        if (weights) tip += `; ${prettyName(thetaName)} = ${weight(weights[group.offset + group.nIn])}`;
      }
      g.setAttribute("data-readout", tip);
      g.append(el("title", {}, tip));
      const level = v === undefined || v === null ? 0 : Math.max(0, Math.min(1, v));
      const circle = el("circle", {
        cx, cy, r, class: "nbw-net__circle" + (thetaName && thetaName === highlight ? " nbw-net__circle--focus" : ""),
        style: `--nbw-level:${level.toFixed(3)}`,
      });
      g.append(circle);
      units[l].push(circle);
      if (l === 0) {
        g.append(el("text", { x: cx - r - 4, y: cy + 4, "text-anchor": "end", class: "nbw-net__label" }, label));
      } else if (gap >= 16) {
        const text = v === undefined || v === null ? label : `${label} ${fixed(v, 2)}`;
        const right = l === L;
        g.append(el("text", {
          x: right ? cx + r + 4 : cx, y: right ? cy + 4 : cy - r - 4,
          "text-anchor": right ? "start" : "middle", class: "nbw-net__label",
        }, text));
      }
      unitLayer.append(g);
    }
  });
  svg.append(unitLayer);
  if (verdict) {
    // under the last output unit, from its left edge; moved left when it would reach past
    // the drawing (and right-aligned when it cannot be measured: not rendered yet)
    const [cx, cy] = pos(L, sizes[L] - 1);
    const text = el("text", { x: cx - r, y: cy + gap + 6, class: "nbw-net__verdict" }, `→ ${verdict}`);
    svg.append(text);
    const length = measure(() => text.getComputedTextLength());
    if (!length || cx - r + length > width - 2) {
      text.setAttribute("x", width - 2);
      text.setAttribute("text-anchor", "end");
    }
  }
  keepReadable(svg, width, height);
  return { edges, units };
}

/** The edges, one <line> per weight (its sign and size as colour, dash and width), the
 *  highlighted one on top with a halo; returns name → <line>. */
function drawEdges(svg, { groups, weights, pos, r, L, highlight }) {
  const edges = new Map();
  const edgeLayer = el("g", { class: "nbw-net__edges" });
  let emphasised = null;
  for (const g of groups) {
    for (let k = 1; k <= g.nIn; k++) {
      const name = g.names[k - 1];
      const w = weights ? weights[g.offset + k - 1] : 0;
      const [x1, y1] = pos(g.layer - 1, k - 1);
      const [x2, y2] = pos(g.layer, g.unit - 1);
      const style = weights ? edgeStyle(w) : { sign: "0", width: 0.6 };
      const line = el("line", {
        x1: x1 + r, y1, x2: x2 - r, y2,
        class: `nbw-net__edge nbw-net__edge--${style.sign === "+" ? "pos" : style.sign === "-" ? "neg" : "zero"}`,
        "stroke-width": style.width.toFixed(2),
        "data-name": name, "data-sign": style.sign, "data-weight": String(w),
      });
      const from = g.layer === 1 ? `x${k}` : `h${k}`;
      const to = g.layer === L ? `z${g.unit}` : `h${g.unit}`;
      const words = `${prettyName(name)} (${from} → ${to}) = ${weight(w)}`;
      line.setAttribute("data-key", name);
      line.setAttribute("data-readout", words);
      line.append(el("title", {}, words));
      edges.set(name, line);
      if (name === highlight) emphasised = line;
      edgeLayer.append(line);
    }
  }
  svg.append(edgeLayer);
  if (emphasised) {
    const halo = emphasised.cloneNode(false);
    halo.setAttribute("class", "nbw-net__halo");
    halo.removeAttribute("data-key");
    halo.removeAttribute("data-readout");
    halo.setAttribute("stroke-width", (Number(emphasised.getAttribute("stroke-width")) + 6).toFixed(2));
    edgeLayer.insertBefore(halo, emphasised);
    edgeLayer.append(emphasised); // on top
    svg.classList.add("nbw-net__svg--focus");
  } else {
    svg.classList.remove("nbw-net__svg--focus");
  }

  return edges;
}

/** A measurement of rendered SVG, or 0 where there is none (not in a rendered document). */
function measure(f) {
  try { return f() || 0; } catch { return 0; }
}

/** Grow the viewBox (never shrink it) to hold everything drawn, labels included. */
function fitViewBox(svg, width, height) {
  const box = measure(() => svg.getBBox());
  if (!box || !(box.width > 0)) return;
  const pad = 2;
  const x0 = Math.min(0, Math.floor(box.x - pad)), y0 = Math.min(0, Math.floor(box.y - pad));
  const x1 = Math.max(width, Math.ceil(box.x + box.width + pad));
  const y1 = Math.max(height, Math.ceil(box.y + box.height + pad));
  if (x0 < 0 || y0 < 0 || x1 > width || y1 > height) {
    svg.setAttribute("viewBox", `${x0} ${y0} ${x1 - x0} ${y1 - y0}`);
  }
}

// ---- reading values by tap, click and keyboard ---------------------------------------------

const NAV_KEYS = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

/** Values without hover (see the top of this file). */
export class NetworkExplorer {
  constructor(svg, readout, lang = "en") {
    this.svg = svg;
    this.readout = readout;
    this.t = labelsFor(lang, LABELS);
    this.key = null;        // the chosen unit or edge: "x5", "h2", "w_52^H"
    this.items = [];        // units and edges in keyboard order
    readout.textContent = this.t.explore;
    svg.setAttribute("tabindex", "-1");   // (Chromium made the <svg> itself a tab stop too)
    this.onClick = (ev) => {
      const key = ev.target.closest?.("[data-key]")?.dataset.key;
      const item = this.items.find((it) => it.dataset.key === key) ?? this.nearest(ev.clientX, ev.clientY);
      if (!item) return;
      this.choose(item.dataset.key);
      item.focus({ preventScroll: true });
    };
    this.onFocus = (ev) => {
      if (ev.target.dataset?.key) this.choose(ev.target.dataset.key);
    };
    this.onKey = (ev) => {
      const i = this.items.findIndex((it) => it.dataset.key === this.key);
      let j = null;
      if (ev.key in NAV_KEYS) j = Math.max(0, Math.min(this.items.length - 1, i + NAV_KEYS[ev.key]));
      else if (ev.key === "Home") j = 0;
      else if (ev.key === "End") j = this.items.length - 1;
      if (j === null || !this.items.length) return;
      ev.preventDefault();
      this.choose(this.items[j].dataset.key);
      this.items[j].focus({ preventScroll: true });
    };
    svg.addEventListener("click", this.onClick);
    svg.addEventListener("focusin", this.onFocus);
    svg.addEventListener("keydown", this.onKey);
  }

  /** drawNetwork(svg, options), then the units and edges made choosable again. */
  draw(options) {
    const active = document.activeElement;
    const hadFocus = this.svg.contains(active) && active !== this.svg;
    const result = drawNetwork(this.svg, options);
    // a drawing with focusable parts is a group, no longer a single image
    this.svg.setAttribute("role", "group");
    const byUnit = new Map(paramGroups(options.sizes, options.names).map((g) => [`${g.layer}:${g.unit}`, g]));
    const items = [];
    const unitEl = (circle) => circle.parentNode;
    result.units.forEach((layer, l) => layer.forEach((circle, u) => {
      items.push(unitEl(circle));
      if (l > 0) {
        const g = byUnit.get(`${l}:${u + 1}`);
        for (const name of g.names.slice(0, g.nIn)) items.push(result.edges.get(name));
      }
    }));
    this.items = items;
    for (const it of items) {
      it.setAttribute("tabindex", "-1");
      it.setAttribute("role", "img");
      it.setAttribute("aria-label", it.dataset.readout);
    }
    if (this.key && !items.some((it) => it.dataset.key === this.key)) this.key = null;
    this.show();
    if (hadFocus) this.current()?.focus({ preventScroll: true });
    return result;
  }

  current() {
    return this.items.find((it) => it.dataset.key === this.key) ?? null;
  }

  /** Show one unit or edge by its key ("h2", "w_52^H"); unknown keys are ignored. */
  choose(key) {
    if (!this.items.some((it) => it.dataset.key === key)) return;
    this.key = key;
    this.show();
  }

  show() {
    this.svg.querySelectorAll(".nbw-net__pick").forEach((n) => n.remove());
    this.svg.querySelectorAll(".nbw-net__unit--picked").forEach((n) => n.classList.remove("nbw-net__unit--picked"));
    const item = this.current();
    this.items.forEach((it, i) => it.setAttribute("tabindex", (item ? it === item : i === 0) ? "0" : "-1"));
    if (!item) {
      this.readout.textContent = this.t.explore;
      delete this.readout.dataset.key;
      return;
    }
    this.readout.textContent = item.dataset.readout;
    this.readout.dataset.key = item.dataset.key;
    if (item.tagName.toLowerCase() === "line") {
      const mark = item.cloneNode(false);
      for (const a of ["tabindex", "role", "aria-label", "data-key", "data-readout"]) mark.removeAttribute(a);
      mark.setAttribute("class", "nbw-net__pick");
      mark.setAttribute("aria-hidden", "true");
      mark.setAttribute("stroke-width", (Number(item.getAttribute("stroke-width")) + 5).toFixed(2));
      item.parentNode.insertBefore(mark, item);
    } else {
      item.classList.add("nbw-net__unit--picked");
    }
  }

  /** The unit or edge nearest a tap at (clientX, clientY): a unit within its radius plus
   *  a finger's margin, else an edge within a few units of the drawing; or null. */
  nearest(clientX, clientY) {
    const ctm = measure(() => this.svg.getScreenCTM());
    if (!ctm) return null;
    const p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
    const num = (node, a) => Number(node.getAttribute(a));
    let best = null, bestD = Infinity;
    for (const it of this.items) {
      if (it.tagName.toLowerCase() !== "g") continue;
      const c = it.querySelector("circle");
      const d = Math.hypot(p.x - num(c, "cx"), p.y - num(c, "cy")) - num(c, "r");
      if (d < bestD) { best = it; bestD = d; }
    }
    if (bestD <= 8) return best;
    best = null; bestD = Infinity;
    for (const it of this.items) {
      if (it.tagName.toLowerCase() !== "line") continue;
      const d = segmentDistance(p.x, p.y, num(it, "x1"), num(it, "y1"), num(it, "x2"), num(it, "y2"));
      if (d < bestD) { best = it; bestD = d; }
    }
    return bestD <= 6 ? best : null;
  }

  destroy() {
    this.svg.removeEventListener("click", this.onClick);
    this.svg.removeEventListener("focusin", this.onFocus);
    this.svg.removeEventListener("keydown", this.onKey);
  }
}

/** The distance from (px, py) to the segment (x1, y1)–(x2, y2). */
function segmentDistance(px, py, x1, y1, x2, y2) {
  const dx = x2 - x1, dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  const s = len2 ? Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len2)) : 0;
  return Math.hypot(px - (x1 + s * dx), py - (y1 + s * dy));
}
