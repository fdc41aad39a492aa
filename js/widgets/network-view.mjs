// Network view widget (chapter 3): the page's `net` and `x` drawn by kit/network.mjs,
// with a sentence that says the values in words; Python half nnbook.widgets.network_view.
//   ::: widget network-view            (options: net=NAME x=NAME, default net, x)
// A tap, click or keyboard focus on a unit or an edge reads its number out under the drawing
// (kit/network.mjs NetworkExplorer). The weight editor's "nnbook:param-focus" event
// {name, net} highlights that parameter and reads it out.
import { svgEl } from "./kit/dom.mjs";
import { fixed, weight } from "./kit/format.mjs";
import { NetworkExplorer, networkSize, prettyName } from "./kit/network.mjs";
import { networkLink } from "./kit/network-state.mjs";
import LABELS from "./network-view.labels.json" with { type: "json" };

export { LABELS };

/** The sentence under the diagram: h and z, the verdict, the weights' signs and the largest. */
function summary(state, t) {
  const parts = [];
  const L = state.sizes.length - 1;
  (state.h || []).forEach((layer, l) => {
    const letter = l === L - 1 ? "z" : "h";
    parts.push(`${letter} = (${layer.map((v) => fixed(v, 2)).join(", ")})`);
  });
  let text = parts.length ? t.summaryValues(parts.join(t.summarySep)) : "";
  if (state.verdict) text += t.verdict(state.verdict);
  const weights = state.w.filter((_, i) => state.is_weight[i]);
  const wNames = state.names.filter((_, i) => state.is_weight[i]);
  let big = 0;
  weights.forEach((v, i) => { if (Math.abs(v) > Math.abs(weights[big])) big = i; });
  const count = (f) => weights.filter(f).length;
  text += t.weights(count((v) => v > 0), count((v) => v < 0), count((v) => v === 0),
    `${prettyName(wNames[big])} = ${weight(weights[big])}`);
  return text.trim();
}

export function mount(element, ctx) {
  const t = ctx.t;
  const names = { net: element.dataset.net || "net", x: element.dataset.x || "x" };
  const root = document.createElement("div");
  root.className = "nbw-ct nbw-net";
  // Until Python answers, the diagram's place is kept (12-3-2, the usual case) and the
  // summary line says so: nothing below moves when the drawing arrives.
  const svg = svgEl("svg", { class: "nbw-net__svg", viewBox: `0 0 ${networkSize([12, 3, 2]).join(" ")}`,
    "aria-hidden": "true" });
  const readout = document.createElement("p");
  readout.className = "nbw-net__readout";
  const status = document.createElement("p");
  status.className = "nbw-ct__status";
  const text = document.createElement("p");
  text.className = "nbw-net__summary";
  text.textContent = t.waiting;
  root.append(svg, readout, status, text);
  element.append(root);
  const explorer = new NetworkExplorer(svg, readout, ctx.lang);

  let last = null;
  let highlight = null;
  const draw = () => {
    if (!last || !last.sizes) return;
    const values = last.x ? [last.x, ...last.h] : null;
    explorer.draw({ sizes: last.sizes, names: last.names, weights: last.w, values, highlight, verdict: last.verdict, lang: ctx.lang });
  };
  const showError = (message) => {
    status.textContent = message || "";
    status.classList.toggle("nbw-ct__status--error", Boolean(message));
  };
  const link = networkLink(ctx, {
    names,
    onAnswer(state) {
      last = state;
      showError(state.error);
      if (!state.sizes) return;
      draw();
      text.textContent = summary(state, t);
    },
    onError: showError,
  });
  const onFocus = (ev) => {
    if (ev.detail?.net && ev.detail.net !== names.net) return;
    highlight = ev.detail?.name || null;
    draw();
    if (highlight) explorer.choose(highlight);
  };
  document.addEventListener("nnbook:param-focus", onFocus);
  ctx.onChange(() => link.refresh());
  link.refresh();
  return {
    destroy() {
      link.destroy();
      explorer.destroy();
      document.removeEventListener("nnbook:param-focus", onFocus);
    },
  };
}
