// The initial solution w0 and the signal it lets through (chapter 8): a deep
// stack of layers of 100 units, weights drawn by one initialiser (θ = 0),
// fed 200 random inputs; a histogram of the outputs h of every layer, a table
// per layer, and what the numbers say (the verdict, decided in Python).
//
// Python half: nnbook.widgets.init_histograms.sync; the menus are nnbook's
// registries, sent in every answer. Shared with the cells:
//   init_demo     {"activation", "init", "layers", "seed"}: read and written;
//                 a cell may change it and the widget follows
//   init_outputs  [h of layer 1, …]: arrays (200, 100)   (written)
//   init_net      the nnbook.Network behind them          (written)
import { histogram } from "./kit/chart.mjs";
import { el, widgetRoot } from "./kit/dom.mjs";
import { fixed, significant } from "./kit/format.mjs";
import LABELS from "./init-histograms.labels.json" with { type: "json" };

export { LABELS };

const num = (v) => significant(v, 3);
const percent = (n, total) => `${fixed((100 * n) / total, 1)} %`;

/** A <select> whose options are `names` (from Python), worded by `words` or else the name itself. */
function fillMenu(select, names, words) {
  select.disabled = false;
  if ([...select.options].map((o) => o.value).join() === names.join()) return;
  select.replaceChildren(...names.map((n) => el("option", { value: n, text: words[n] ?? n })));
}

export function mount(element, ctx) {
  const t = ctx.t;
  const id = widgetRoot(element, "nbw-inith", t.title);

  // the menus: nnbook's registries, from the build (data-defaults) and in every answer
  const actSelect = el("select", { id: `${id}-act`, disabled: "" });
  const initSelect = el("select", { id: `${id}-init`, disabled: "" });
  const layersInput = el("input", { type: "range", id: `${id}-layers`, min: 1, max: 10, step: 1, value: 5 });
  const layersOut = el("output", { for: `${id}-layers`, text: "5" });
  const setup = el("p", { class: "nbw-inith__setup", text: t.waiting, role: "status", "aria-live": "polite" });
  const grid = el("div", { class: "nbw-inith__grid" });
  const verdictBox = el("p", { class: "nbw-inith__verdict" });
  const tableBox = el("div", { class: "nbw-inith__table" });
  element.replaceChildren(
    el("div", { class: "nbw-inith__controls" },
      el("div", { class: "nbw-inith__control" }, el("label", { for: `${id}-act`, text: t.activation }), actSelect),
      el("div", { class: "nbw-inith__control" }, el("label", { for: `${id}-init`, text: t.init }), initSelect),
      el("div", { class: "nbw-inith__control" },
        el("label", { for: `${id}-layers` }, `${t.layers}: `, layersOut), layersInput)),
    setup, grid, verdictBox, tableBox,
  );
  element.dataset.state = "waiting";
  // before Python answers: nnbook's menus and defaults, rendered by the build (data-defaults)
  if (element.dataset.defaults) showSettings(JSON.parse(element.dataset.defaults));

  function showSettings({ settings: s, activations, inits, max_layers: maxLayers }) {
    fillMenu(actSelect, activations, t.acts);
    fillMenu(initSelect, inits, t.inits);
    actSelect.value = s.activation;
    initSelect.value = s.init;
    layersInput.max = String(maxLayers);
    layersInput.value = String(s.layers);
    layersOut.textContent = String(s.layers);
    layersInput.setAttribute("aria-valuetext", t.layersText(s.layers));
  }

  const link = ctx.link({
    fn: "sync",
    args: (change) => {
      if (change) element.dataset.state = "waiting";
      return { change: change ?? null, lang: ctx.lang };
    },
    onAnswer: show,
    onError(text) {
      setup.replaceChildren(el("p", { class: "nbw-inith__problem", text }));
      element.dataset.state = "problem";
    },
  });

  const histogramSvg = (layer, v) => histogram(layer.counts, v.range, { barClass: "nbw-inith__bar", axisClass: "nbw-inith__axis" });

  function show(v) {
    const s = v.settings;
    showSettings(v);
    setup.textContent = t.setup(s.layers, t.acts[s.activation] ?? s.activation, t.inits[s.init] ?? s.init);
    element.dataset.activation = s.activation;
    element.dataset.init = s.init;
    element.dataset.layers = String(s.layers);

    const total = v.samples * v.units;
    const relu = s.activation === "relu";
    const hi = num(v.range[1]);
    grid.replaceChildren(...v.layers.map((layer) => {
      const text = t.summary(num(layer.mean), num(layer.std), num(layer.derivative));
      const extra = relu ? `; ${t.zeros(percent(layer.zeros, total))}; ${t.over(percent(layer.over, total), hi)}` : "";
      const svg = histogramSvg(layer, v);
      svg.setAttribute("aria-label", t.histLabel(layer.layer, text + extra));
      svg.dataset.counts = JSON.stringify(layer.counts);
      svg.dataset.zeros = String(layer.zeros);
      svg.dataset.over = String(layer.over);
      const caption = el("figcaption", {}, el("strong", { text: t.layer(layer.layer) }),
        `std ${num(layer.std)}, a′ ${num(layer.derivative)}`);
      if (relu) caption.append(el("br"), t.zeros(percent(layer.zeros, total)));
      return el("figure", { "data-layer": String(layer.layer) }, svg, caption);
    }));

    verdictBox.dataset.verdict = v.verdict;
    verdictBox.textContent = t.verdict[v.verdict];

    const cols = [...t.cols, ...(relu ? [t.colZeros, t.colOver(hi)] : [])];
    const body = el("tbody", {}, ...v.layers.map((layer) => el("tr",
      { "data-layer": String(layer.layer), "data-std": String(layer.std), "data-mean": String(layer.mean), "data-derivative": String(layer.derivative) },
      el("th", { scope: "row", text: String(layer.layer) }),
      ...[layer.sigma, layer.mean, layer.std, layer.derivative].map((x) => el("td", { text: num(x) })),
      ...(relu ? [el("td", { text: percent(layer.zeros, total) }), el("td", { text: percent(layer.over, total) })] : []))));
    tableBox.replaceChildren(el("table", {}, el("caption", { text: t.table }),
      el("thead", {}, el("tr", {}, ...cols.map((c) => el("th", { scope: "col", text: c })))), body));
    element.dataset.state = "ready";
  }

  actSelect.addEventListener("change", () => link.send({ activation: actSelect.value }));
  initSelect.addEventListener("change", () => link.send({ init: initSelect.value }));
  layersInput.addEventListener("input", () => {
    layersOut.textContent = layersInput.value;
    layersInput.setAttribute("aria-valuetext", t.layersText(+layersInput.value));
    link.send({ layers: +layersInput.value });
  });
  ctx.onChange(() => link.refresh());
  link.refresh();
  return { destroy() { link.destroy(); } };
}
