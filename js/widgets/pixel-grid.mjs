// Pixel grid widget: draw the page's image `x` and watch `net` read it (chapter 3).
//   ::: widget pixel-grid   options: net=NAME x=NAME (default net, x), readout=no, examples=no
import { PythonLink } from "./network-view.mjs";
import { ctStyle, fmt } from "./kit/network.mjs";
import { LABELS, PixelGrid, SLIDES, pixelsOf, style, thumbnail, verdictText } from "./kit/pixel-grid.mjs";

function valueRow(dl, name, key) {
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  dd.dataset.value = key;
  dd.textContent = "–";
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
  style();
  const t = LABELS[ctx.lang] || LABELS.en;
  const options = element.dataset;
  const root = document.createElement("div");
  root.className = "nbw-ct nbw-px";
  const layout = document.createElement("div");
  layout.className = "nbw-px__layout";
  root.append(layout);

  const left = document.createElement("div");
  layout.append(left);
  let link;
  const grid = new PixelGrid(left, {
    lang: ctx.lang,
    onChange: (values, k) => link.send({ pixel: k, value: values[k - 1] }),
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
    return b;
  };
  toolButton(t.clear, () => { grid.values = new Array(12).fill(0); link.send({ x: grid.values }); });
  toolButton(t.invert, () => { grid.values = grid.values.map((v) => (v >= 0.5 ? 0 : 1)); link.send({ x: grid.values }); });
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
    for (const i of [1, 2, 3]) cells[`h${i}`] = valueRow(dl, `h${i}`, `h${i}`);
    const sep = document.createElement("div");
    sep.className = "nbw-px__sep";
    sep.setAttribute("aria-hidden", "true");
    dl.append(sep);
    for (const j of [1, 2]) cells[`z${j}`] = valueRow(dl, `z${j}`, `z${j}`);
    const verdict = document.createElement("p");
    verdict.className = "nbw-px__verdict";
    verdict.setAttribute("aria-live", "polite");
    verdict.append(document.createTextNode(`${t.verdict}:`));
    verdictValue = document.createElement("strong");
    verdictValue.dataset.value = "verdict";
    verdictValue.textContent = "–";
    verdict.append(verdictValue);
    roundedLine = document.createElement("p");
    roundedLine.className = "nbw-px__rounded";
    readout.append(heading, dl, verdict, roundedLine);
    layout.append(readout);
  }
  root.append(status);

  if (options.examples !== "no") {
    const slides = document.createElement("div");
    slides.className = "nbw-px__slides";
    const label = document.createElement("span");
    label.className = "nbw-px__slides-label";
    label.textContent = t.slides;
    slides.append(label);
    SLIDES.forEach(([rows, letter], i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "nbw-px__slide";
      b.setAttribute("aria-label", t.slide(i + 1, letter));
      b.title = `${i + 1}: ${rows}`;
      const caption = document.createElement("span");
      caption.textContent = `${i + 1} ${letter}`;
      caption.setAttribute("aria-hidden", "true");
      b.append(thumbnail(pixelsOf(rows)), caption);
      b.addEventListener("click", () => { grid.values = pixelsOf(rows); link.send({ x: grid.values }); });
      slides.append(b);
    });
    root.append(slides);
  }
  element.append(root);

  link = new PythonLink(ctx, {
    net: options.net || "net",
    x: options.x || "x",
    onState(state) {
      status.textContent = state.error || "";
      status.classList.toggle("nbw-ct__status--error", Boolean(state.error));
      if (state.x) {
        grid.values = state.x;
        grid.disabled = false;
      }
      const L = state.h ? state.h.length : 0;
      const show = (key, v) => {
        if (!cells[key]) return;
        cells[key].dd.textContent = fmt(v, 3);
        cells[key].fill.style.width = `${Math.max(0, Math.min(1, v ?? 0)) * 100}%`;
      };
      for (const i of [1, 2, 3]) show(`h${i}`, L === 2 ? state.h[0][i - 1] : null);
      for (const j of [1, 2]) show(`z${j}`, state.z ? state.z[j - 1] : null);
      if (verdictValue) {
        verdictValue.textContent = state.verdict ? verdictText(state.verdict, ctx.lang) : "–";
        roundedLine.textContent = state.rounded ? t.rounded(...state.rounded) : "";
      }
    },
    onError(message) {
      status.textContent = message;
      status.classList.add("nbw-ct__status--error");
    },
  });
  ctx.onChange(() => link.refresh());
  link.refresh();
  return { destroy() { link.destroy(); } };
}
