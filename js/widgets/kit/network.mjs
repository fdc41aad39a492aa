// Component (registers nothing): the network diagram and the names of w, shared by
// the widgets (network-view, backprop-stepper, trainer, playground).
//
// Units are circles in columns (input x, hidden h, output z); an edge's colour
// shows the sign of its weight (blue solid +, red dashed −, grey dotted 0) and
// its thickness |w|; each unit shows its current value. Styles: network.css.
//
//   drawNetwork(svg, {sizes, weights, values, highlight, verdict, lang})
//       Draw into an <svg> element (its children are replaced).
//       sizes    [12, 3, 2]: units per layer, input first
//       weights  the flat parameter vector in the slides' order (nnbook's net.w),
//                or null for grey edges
//       values   [[x1…], [h1…], [z1…]] per layer, or null
//       highlight  a parameter name ("w_52^H", "theta_1") drawn emphasised, or null
//       verdict  text written beside the outputs (e.g. "C"), or null
//       Returns {edges: Map(name → <line>), units: [[<circle>…]…]}.
//   networkSize(sizes)    the drawing's viewBox [width, height] (to reserve its place)
//   paramNames(sizes)     the parameter names in the order of net.w (= net.names())
//   paramGroups(sizes)    the blocks of w, slides' order: [{layer, unit, names, offset,
//                         nIn, superscript}] (layer: 1 = first hidden … L = output)
//   prettyName(name)      "w_52^H" → "w₅₂ᴴ", "w_12,3^H" → "w₁₂,₃ᴴ", "theta_1" → "θ₁"
//   edgeStyle(w)          {sign: "+"|"-"|"0", width}: how an edge of weight w is drawn
import { svgText } from "./dom.mjs";
import { fixed } from "./format.mjs";
import { labelsFor } from "./labels.mjs";
import LABELS from "./network.labels.json" with { type: "json" };

// ---- names and layout of w, as in nnbook/network.py ---------------------------

const pair = (k, j) => (k < 10 && j < 10 ? `${k}${j}` : `${k},${j}`);

function superscripts(L) {
  if (L === 1) return [""];
  if (L === 2) return ["H", ""];
  return [...Array.from({ length: L - 1 }, (_, i) => `H${i + 1}`), ""];
}

/** The blocks of w in the slides' order: output layer first, unit by unit. */
export function paramGroups(sizes) {
  const L = sizes.length - 1;
  const sups = superscripts(L);
  const groups = [];
  let offset = 0;
  for (let l = L; l >= 1; l--) {
    const nIn = sizes[l - 1];
    const sup = sups[l - 1] ? `^${sups[l - 1]}` : "";
    for (let j = 1; j <= sizes[l]; j++) {
      const names = [];
      for (let k = 1; k <= nIn; k++) names.push(`w_${pair(k, j)}${sup}`);
      names.push(`theta_${j}${sup}`);
      groups.push({ layer: l, unit: j, names, offset, nIn, superscript: sups[l - 1] });
      offset += nIn + 1;
    }
  }
  return groups;
}

export function paramNames(sizes) {
  return paramGroups(sizes).flatMap((g) => g.names);
}

const SUB = { 0: "₀", 1: "₁", 2: "₂", 3: "₃", 4: "₄", 5: "₅", 6: "₆", 7: "₇", 8: "₈", 9: "₉", ",": "," };
const SUP = { H: "ᴴ", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** "w_52^H" → "w₅₂ᴴ", "w_12,3^H" → "w₁₂,₃ᴴ"; "theta_1" → "θ₁". */
export function prettyName(name) {
  const m = /^(w|theta)_([\d,]+)(?:\^(H\d*))?$/.exec(name);
  if (!m) return name;
  const head = m[1] === "theta" ? "θ" : "w";
  const sub = [...m[2]].map((c) => SUB[c]).join("");
  const sup = m[3] ? [...m[3]].map((c) => SUP[c]).join("") : "";
  return head + sub + sup;
}

/** How an edge of weight w is drawn: its sign and its stroke width. */
export function edgeStyle(w) {
  const sign = w > 0 ? "+" : w < 0 ? "-" : "0";
  return { sign, width: 0.6 + 5.4 * Math.tanh(Math.abs(w) / 3) };
}

// ---- drawing ------------------------------------------------------------------

const el = svgText;

let uid = 0;

/** The drawing's viewBox size for these layer sizes (also reserved before the first draw). */
export function networkSize(sizes) {
  const nMax = Math.max(...sizes);
  const gap = nMax > 14 ? 300 / nMax : 22;
  const r = Math.min(8, gap / 2 - 1);
  return [340, 36 + gap * (nMax - 1) + r + 14];
}

export function drawNetwork(svg, { sizes, weights = null, values = null, highlight = null,
  verdict = null, lang = "en" } = {}) {
  const t = labelsFor(lang, LABELS);
  const L = sizes.length - 1;
  const nMax = Math.max(...sizes);
  const gap = nMax > 14 ? 300 / nMax : 22;
  const top = 36, r = Math.min(8, gap / 2 - 1);
  const [width, height] = networkSize(sizes);
  const xs = sizes.map((_, l) => 52 + (l * (282 - 52)) / L);
  // The widest layer is spaced by gap; smaller layers spread out (at most 90 apart).
  const spacing = sizes.map((n) => (n === nMax ? gap : Math.min(90, ((nMax - 1) * gap) / n)));
  const mid = top + (gap * (nMax - 1)) / 2;
  const pos = (l, u) => [xs[l], mid + spacing[l] * (u - (sizes[l] - 1) / 2)];
  const names = paramNames(sizes);
  const groups = paramGroups(sizes);
  const arch = sizes.join("-");

  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
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
      line.append(el("title", {}, `${prettyName(name)} = ${fixed(w, 3)}`));
      edges.set(name, line);
      if (name === highlight) emphasised = line;
      edgeLayer.append(line);
    }
  }
  svg.append(edgeLayer);
  if (emphasised) {
    const halo = emphasised.cloneNode(false);
    halo.setAttribute("class", "nbw-net__halo");
    halo.setAttribute("stroke-width", (Number(emphasised.getAttribute("stroke-width")) + 6).toFixed(2));
    edgeLayer.insertBefore(halo, emphasised);
    edgeLayer.append(emphasised); // on top
    svg.classList.add("nbw-net__svg--focus");
  } else {
    svg.classList.remove("nbw-net__svg--focus");
  }

  const units = [];
  const unitLayer = el("g", { class: "nbw-net__units" });
  sizes.forEach((n, l) => {
    units.push([]);
    for (let u = 0; u < n; u++) {
      const [cx, cy] = pos(l, u);
      const label = l === 0 ? `x${u + 1}` : l === L ? `z${u + 1}` : `h${u + 1}`;
      const v = values?.[l]?.[u];
      const g = el("g", { class: "nbw-net__unit", "data-unit": label });
      let tip = label + (v !== undefined && v !== null ? ` = ${fixed(v, 3)}` : "");
      let thetaName = null;
      if (l > 0) {
        const group = groups.find((gr) => gr.layer === l && gr.unit === u + 1);
        thetaName = group.names[group.nIn];
        if (weights) tip += `; ${prettyName(thetaName)} = ${fixed(weights[group.offset + group.nIn], 3)}`;
      }
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
    const [cx, cy] = pos(L, sizes[L] - 1);
    svg.append(el("text", { x: cx + r + 4, y: cy + gap + 6, class: "nbw-net__verdict" }, `→ ${verdict}`));
  }
  return { edges, units };
}
