// Pixel grid widget (chapter 3): draw the page's image `x` and watch `net` read it;
// Python half nnbook.widgets.pixel_grid (its defaults() bring the slides' images).
//   ::: widget pixel-grid   options: net=NAME x=NAME (default net, x), readout=no, examples=no
// Under the grid the network's h1…h3, z1, z2 and its verdict (nnbook.data.verdict: each
// z_j rounded at 0.5; (1, 0) is C, (0, 1) is T, anything else neither) update live.
import { el } from "./kit/dom.mjs";
import { fixed } from "./kit/format.mjs";
import { networkLink } from "./kit/network-state.mjs";
import { PixelGrid, slideRow } from "./kit/pixel-grid.mjs";
import LABELS from "./pixel-grid.labels.json" with { type: "json" };

export { LABELS };

const MISSING = fixed(null);

function valueRow(dl, name) {
  const dd = el("dd", { "data-value": name, text: MISSING });
  const fill = el("span");
  fill.style.width = "0%";
  dl.append(el("dt", { text: name }), dd, el("div", { class: "nbw-px__bar", "aria-hidden": "true" }, fill));
  return { dd, fill };
}

/** Under the grid: h1…h3, z1, z2 as numbers and bars, the verdict and how z was rounded. */
function readoutView(t) {
  const cells = {};
  const dl = el("dl", { class: "nbw-px__table" });
  for (const i of [1, 2, 3]) cells[`h${i}`] = valueRow(dl, `h${i}`);
  dl.append(el("div", { class: "nbw-px__sep", "aria-hidden": "true" }));
  for (const j of [1, 2]) cells[`z${j}`] = valueRow(dl, `z${j}`);
  const verdictValue = el("strong", { "data-value": "verdict", text: MISSING });
  const rounded = el("p", { class: "nbw-px__rounded" });
  const element = el("div", { class: "nbw-px__readout" }, el("p", { class: "nbw-ct__heading", text: t.outputs }), dl,
    el("p", { class: "nbw-px__verdict", "aria-live": "polite" }, `${t.verdict}:`, verdictValue), rounded);
  const bar = (key, v) => {
    cells[key].dd.textContent = fixed(v, 3);
    cells[key].fill.style.width = `${Math.max(0, Math.min(1, v ?? 0)) * 100}%`;
  };
  return {
    element,
    /** An answer of Python's: the hidden and output values (none for another shape of net), the verdict. */
    show(state) {
      const L = state.h ? state.h.length : 0;
      for (const i of [1, 2, 3]) bar(`h${i}`, L === 2 ? state.h[0][i - 1] : null);
      for (const j of [1, 2]) bar(`z${j}`, state.z ? state.z[j - 1] : null);
      verdictValue.textContent = state.verdict || MISSING;
      rounded.textContent = state.rounded ? t.rounded(...state.rounded) : "";
    },
  };
}

/** The grid (off until Python answers), its help, and Clear / Invert. */
function drawingView(t, lang, send) {
  const left = el("div");
  const grid = new PixelGrid(left, { lang, onChange: (values, k) => send({ pixel: k, value: values[k - 1] }) });
  grid.disabled = true;
  const tool = (text, values) => {
    const b = el("button", { type: "button", class: "nbw-ct__button", text });
    b.addEventListener("click", () => { grid.values = values(grid.values); send({ x: grid.values }); });
    return b;
  };
  left.append(el("p", { class: "nbw-px__help", text: t.help }),
    el("div", { class: "nbw-px__tools" },
      tool(t.clear, (x) => x.map(() => 0)), tool(t.invert, (x) => x.map((v) => (v >= 0.5 ? 0 : 1)))));
  return { left, grid };
}

export function mount(element, ctx) {
  const t = ctx.t;
  const options = element.dataset;
  const send = (change) => link.send([change]);
  const { left, grid } = drawingView(t, ctx.lang, send);
  const readout = options.readout !== "no" ? readoutView(t) : null;
  const status = el("p", { class: "nbw-ct__status", text: t.waiting });
  const root = el("div", { class: "nbw-ct nbw-px" }, el("div", { class: "nbw-px__layout" }, left, readout?.element), status);
  const slides = options.examples === "no" ? null : slideRow(root, {
    label: t.slides,
    lang: ctx.lang,
    onPick: (slide) => { grid.values = slide.x; send({ x: slide.x }); },
  });
  element.append(root);

  const showError = (message) => {
    status.textContent = message || "";
    status.classList.toggle("nbw-ct__status--error", Boolean(message));
  };
  const link = networkLink(ctx, {
    names: { net: options.net || "net", x: options.x || "x" },
    onAnswer(state) {
      showError(state.error);
      if (state.x) {
        grid.values = state.x;
        grid.disabled = false;
      }
      readout?.show(state);
    },
    onError: showError,
  });
  // the slides' images and the starting x, rendered by the build; the grid is off until Python answers
  const d = JSON.parse(element.dataset.defaults);
  slides?.show(d.slides);
  grid.values = d.x;
  ctx.onChange(() => link.refresh());
  link.refresh();
  return { destroy() { link.destroy(); } };
}
