// The few DOM helpers the widgets share: element builders (styles are in the .css files).
// Two builders, because the widgets were written in two styles and both read well:
//   el(tag, attrs, ...children)       every key an attribute (strings), "class" and "text" aside
//   elProps(tag, props, ...children)  keys are DOM properties (className, value, checked…),
//                                     except aria-*, data-*, role, for, scope, tabindex
// Children that are null or undefined are left out, so `cond ? node : null` reads naturally.

const SVG_NS = "http://www.w3.org/2000/svg";
const ATTRIBUTE_KEYS = new Set(["role", "for", "scope", "tabindex"]);

function children(node, list) {
  node.append(...list.filter((c) => c !== null && c !== undefined));
  return node;
}

export function el(tag, attrs = {}, ...kids) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  return children(node, kids);
}

export function elProps(tag, props = {}, ...kids) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("aria-") || k.startsWith("data-") || ATTRIBUTE_KEYS.has(k)) node.setAttribute(k, v);
    else node[k] = v;
  }
  return children(node, kids);
}

/** An SVG element with attributes, appended to `parent` when one is given. */
export function svgEl(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.append(node);
  return node;
}

/** An SVG element with attributes and text (a <text>, a <title>). */
export function svgText(name, attrs = {}, text) {
  const node = svgEl(name, attrs);
  if (text !== undefined) node.textContent = text;
  return node;
}

const mounted = {};

/** Make `element` a widget's named landmark: class `block`, a `role` ("region" unless said)
 *  named `label`. Returns an id prefix unique on the page (`${block}-1`, `${block}-2`, …) for
 *  the widget's inner ids. */
export function widgetRoot(element, block, label, role = "region") {
  element.classList.add(block);
  element.setAttribute("role", role);
  element.setAttribute("aria-label", label);
  mounted[block] = (mounted[block] ?? 0) + 1;
  return `${block}-${mounted[block]}`;
}
