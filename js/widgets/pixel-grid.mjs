// Pixel grid widget (chapter 3): draw the page's image `x` and watch `net` read it;
// Python half nnbook.widgets.pixel_grid (its first answer brings the slides' images).
//   ::: widget pixel-grid   options: net=NAME x=NAME (default net, x), readout=no, examples=no
// Under the grid the network's h1…h3, z1, z2 and its verdict (nnbook.data.verdict: each
// z_j rounded at 0.5; (1, 0) is C, (0, 1) is T, anything else neither) update live.
import { fixed } from "./kit/format.mjs";
import { networkLink } from "./kit/network-state.mjs";
import { PixelGrid, slideRow } from "./kit/pixel-grid.mjs";
import LABELS from "./pixel-grid.labels.json" with { type: "json" };

export { LABELS };

const MISSING = fixed(null);

function valueRow(dl, name) {
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  dd.dataset.value = name;
  dd.textContent = MISSING;
  const bar = document.createElement("div");
  bar.className = "nbw-px__bar";
  bar.setAttribute("aria-hidden", "true");
  const fill = document.createElement("span");
  fill.style.width = "0%";
  bar.append(fill);
  dl.append(dt, dd, bar);
  return { dd, fill };
}

export function mount(element, ctx) {
  const t = ctx.t;
  const options = element.dataset;
  const root = document.createElement("div");
  root.className = "nbw-ct nbw-px";
  const layout = document.createElement("div");
  layout.className = "nbw-px__layout";
  root.append(layout);

  const left = document.createElement("div");
  layout.append(left);
  const send = (change) => link.send([change]);
  const grid = new PixelGrid(left, {
    lang: ctx.lang,
    onChange: (values, k) => send({ pixel: k, value: values[k - 1] }),
  });
  grid.disabled = true;
  const help = document.createElement("p");
  help.className = "nbw-px__help";
  help.textContent = t.help;
  left.append(help);

  const tools = document.createElement("div");
  tools.className = "nbw-px__tools";
  const toolButton = (text, fn) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "nbw-ct__button";
    b.textContent = text;
    b.addEventListener("click", fn);
    tools.append(b);
  };
  toolButton(t.clear, () => { grid.values = new Array(12).fill(0); send({ x: grid.values }); });
  toolButton(t.invert, () => { grid.values = grid.values.map((v) => (v >= 0.5 ? 0 : 1)); send({ x: grid.values }); });
  left.append(tools);

  const status = document.createElement("p");
  status.className = "nbw-ct__status";
  status.textContent = t.waiting;

  const cells = {};
  let verdictValue = null, roundedLine = null;
  if (options.readout !== "no") {
    const readout = document.createElement("div");
    readout.className = "nbw-px__readout";
    const heading = document.createElement("p");
    heading.className = "nbw-ct__heading";
    heading.textContent = t.outputs;
    const dl = document.createElement("dl");
    dl.className = "nbw-px__table";
    for (const i of [1, 2, 3]) cells[`h${i}`] = valueRow(dl, `h${i}`);
    const sep = document.createElement("div");
    sep.className = "nbw-px__sep";
    sep.setAttribute("aria-hidden", "true");
    dl.append(sep);
    for (const j of [1, 2]) cells[`z${j}`] = valueRow(dl, `z${j}`);
    const verdict = document.createElement("p");
    verdict.className = "nbw-px__verdict";
    verdict.setAttribute("aria-live", "polite");
    verdict.append(document.createTextNode(`${t.verdict}:`));
    verdictValue = document.createElement("strong");
    verdictValue.dataset.value = "verdict";
    verdictValue.textContent = MISSING;
    verdict.append(verdictValue);
    roundedLine = document.createElement("p");
    roundedLine.className = "nbw-px__rounded";
    readout.append(heading, dl, verdict, roundedLine);
    layout.append(readout);
  }
  root.append(status);

  // The slides' images come with Python's first answer (nnbook.data.SLIDE_IMAGES).
  let slides = null;
  if (options.examples !== "no") {
    slides = slideRow(root, {
      label: t.slides,
      lang: ctx.lang,
      onPick: (slide) => { grid.values = slide.x; send({ x: slide.x }); },
    });
  }
  element.append(root);

  let first = true;
  const showError = (message) => {
    status.textContent = message || "";
    status.classList.toggle("nbw-ct__status--error", Boolean(message));
  };
  const link = networkLink(ctx, {
    names: { net: options.net || "net", x: options.x || "x" },
    isFirst: () => first,
    onAnswer(state) {
      if (state.slides) {
        first = false;
        slides?.show(state.slides);
      }
      showError(state.error);
      if (state.x) {
        grid.values = state.x;
        grid.disabled = false;
      }
      const L = state.h ? state.h.length : 0;
      const show = (key, v) => {
        if (!cells[key]) return;
        cells[key].dd.textContent = fixed(v, 3);
        cells[key].fill.style.width = `${Math.max(0, Math.min(1, v ?? 0)) * 100}%`;
      };
      for (const i of [1, 2, 3]) show(`h${i}`, L === 2 ? state.h[0][i - 1] : null);
      for (const j of [1, 2]) show(`z${j}`, state.z ? state.z[j - 1] : null);
      if (verdictValue) {
        verdictValue.textContent = state.verdict || MISSING;
        roundedLine.textContent = state.rounded ? t.rounded(...state.rounded) : "";
      }
    },
    onError: showError,
  });
  // before Python answers: the slides' images and the starting x, rendered by the build
  // (data-defaults); the grid stays off until Python answers
  if (element.dataset.defaults) {
    const d = JSON.parse(element.dataset.defaults);
    slides?.show(d.slides);
    first = false;
    grid.values = d.x;
  }
  ctx.onChange(() => link.refresh());
  link.refresh();
  return { destroy() { link.destroy(); } };
}
