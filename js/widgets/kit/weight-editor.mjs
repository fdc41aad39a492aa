// Component (registers nothing): the weight editor's controls.
// Weight editor: every parameter of the page's `net`, grouped as on the
// slides — w_1, w_2 (output units), then w_1ᴴ, w_2ᴴ, w_3ᴴ (hidden units); each
// block its weights, then its threshold θ (chapter 3; reused by later chapters).
//
//   ::: widget weight-editor        options: net=NAME x=NAME (default net, x),
//                                   presets=no (no preset buttons)
//
// Each parameter has a number box (type a value) and a slider (drag, or the
// arrow keys: ±0.1; Page Up/Down: larger steps), named by its nnbook name
// ("w_52^H", "w_12,3^H", "theta_1"; the slider "w_52^H slider"). A hidden unit's twelve
// weights are laid out like the 4×3 image, so its pattern shows. Presets:
// random (Network(seed=n)'s initial weights, n = 1, 2, … per click), zero, and
// trained (nnbook.widgets.ct.trained_w(): Network(seed=0) trained on the
// slides' nine images, cached in the session). A line at the top shows what
// the network makes of the current image `x`.
//
// Focusing a parameter sends document event "nnbook:param-focus"
// {detail: {name, net}} (name null on leaving), which network-view uses to
// highlight that edge.
//
// Reusable API (import from "./weight-editor.mjs"):
//
//   new WeightEditor(parent, {sizes, lang, onEdit(name, value), onFocus(name|null), range})
//       The controls only, no Python. editor.values = flat w (slides' order)
//       updates them (a box the reader is typing in is left alone);
//       editor.disabled = true|false; editor.element; editor.destroy().
import { ctStyle, fmt, paramGroups, prettyName } from "./network.mjs";
import { verdictText } from "./pixel-grid.mjs";

export const LABELS = {
  en: {
    editor: "Weights and thresholds",
    waiting: "waiting for Python…",
    presets: "Presets",
    random: "Random", zero: "Zero", trained: "Trained",
    presetRandom: (n) => `Random weights: nnbook.Network(seed=${n})'s initial weights (thresholds 0).`,
    presetZero: "Every weight and threshold is 0: every h and z is σ(0) = 0.5.",
    presetTrained: (E, k) => `Trained on the slides' nine images: steepest descent, η = 2, from Network(seed=0); E = ${E} after ${k} steps.`,
    output: (j) => `into output unit z${j}`,
    hidden: (i) => `into hidden unit H${i}: one weight per pixel, laid out like the image`,
    hiddenDeep: (l, i) => `into unit ${i} of hidden layer ${l}`,
    from: (what) => `from ${what}`,
    slider: (name) => `${name} slider`,
    threshold: "threshold",
    now: "With the current image x:",
    neither: "neither",
  },
  ja: {
    editor: "重みと閾値",
    waiting: "Python を待っています…",
    presets: "プリセット",
    random: "ランダム", zero: "ゼロ", trained: "学習済み",
    presetRandom: (n) => `ランダムな重み: nnbook.Network(seed=${n}) の初期値 (閾値は 0)。`,
    presetZero: "重みも閾値もすべて 0: h も z もすべて σ(0) = 0.5 です。",
    presetTrained: (E, k) => `スライドの 9 枚の画像で学習済み: Network(seed=0) から最急降下法 (η = 2)、${k} 回の更新で E = ${E}。`,
    output: (j) => `出力層のユニット z${j} への入力`,
    hidden: (i) => `隠れ層のユニット H${i} への入力: 画素ごとに 1 つの重みを画像と同じ配置で`,
    hiddenDeep: (l, i) => `隠れ層 ${l} のユニット ${i} への入力`,
    from: (what) => `${what} から`,
    slider: (name) => `${name} スライダー`,
    threshold: "閾値",
    now: "いまの画像 x では:",
    neither: "どちらでもない",
  },
};

const CSS = `
.nbw-we__presets { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin-bottom: .3rem; }
.nbw-we__preset-note { margin: .2rem 0 .5rem; min-height: 1em; }
.nbw-we__now { position: sticky; top: 2.6rem; z-index: 1; margin: 0 -.7rem .5rem; padding: .3rem .7rem;
  background: var(--md-default-bg-color); border-bottom: 1px solid var(--md-default-fg-color--lightest);
  font-variant-numeric: tabular-nums; }
.nbw-we__groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 19rem), 1fr)); gap: 0 .8rem; align-items: start; }
.md-typeset details.nbw-we__group { margin: .5rem 0; font-size: inherit; }
.md-typeset details.nbw-we__group > summary span { font-weight: 400; }
.nbw-we__body { padding: .2rem 0 .5rem; }
.nbw-we__weights { display: grid; grid-template-columns: repeat(var(--nbw-cols), minmax(0, 1fr)); gap: .35rem; }
.nbw-we__theta { display: grid; grid-template-columns: minmax(0, 1fr); max-width: 14rem; margin-top: .45rem; }
.nbw-we__param { padding: .2rem .25rem; border-radius: .2rem; min-width: 0;
  background: color-mix(in srgb, var(--nbw-tint-color, transparent) calc(var(--nbw-tint, 0) * 100%), transparent);
  border: 1px solid var(--md-default-fg-color--lightest); }
.nbw-we__param--pos { --nbw-tint-color: var(--nbw-pos); }
.nbw-we__param--neg { --nbw-tint-color: var(--nbw-neg); }
.nbw-we__name { display: flex; justify-content: space-between; gap: .2rem; font-weight: 700; white-space: nowrap; }
.md-typeset .nbw-we__name small { font-weight: 400; opacity: 1; color: var(--md-default-fg-color); overflow: hidden; text-overflow: ellipsis; }
.md-typeset .nbw-we__param input[type=number] { width: 100%; box-sizing: border-box; font: inherit;
  font-variant-numeric: tabular-nums; padding: .1rem .2rem; margin: .15rem 0;
  color: var(--md-default-fg-color); background: var(--md-default-bg-color);
  border: 1px solid var(--md-default-fg-color--light); border-radius: 2px; }
.md-typeset .nbw-we__param input[type=range] { width: 100%; margin: 0; accent-color: var(--md-primary-fg-color); }
[data-md-color-scheme="slate"] .md-typeset .nbw-we__param input[type=range] { accent-color: var(--md-accent-fg-color); }
.nbw-we__param input:focus-visible { outline: 2px solid var(--md-accent-fg-color); outline-offset: 1px; }
`;

export function style() {
  ctStyle();
  if (document.getElementById("nbw-we-style")) return;
  const s = document.createElement("style");
  s.id = "nbw-we-style";
  s.textContent = CSS;
  document.head.append(s);
}

export const RANGE = 10;

export class WeightEditor {
  constructor(parent, { sizes = [12, 3, 2], lang = "en", onEdit = () => {}, onFocus = () => {}, range = RANGE } = {}) {
    style();
    const t = LABELS[lang] || LABELS.en;
    this.t = t;
    this.onEdit = onEdit;
    this.range = range;
    this.element = document.createElement("div");
    this.element.className = "nbw-we__groups";
    this.params = []; // in the order of w: {name, box, slider, cell, editing}
    const L = sizes.length - 1;
    const uid = WeightEditor.count = (WeightEditor.count || 0) + 1;
    for (const group of paramGroups(sizes)) {
      const details = document.createElement("details");
      details.className = "nbw-we__group";
      details.open = true;
      details.dataset.group = group.names[0];
      const summary = document.createElement("summary");
      const sup = group.superscript ? `^${group.superscript}` : "";
      summary.append(document.createTextNode(`${prettyName(`w_${group.unit}${sup}`)} `));
      const what = document.createElement("span");
      what.textContent = group.layer === L ? t.output(group.unit)
        : L === 2 ? t.hidden(group.unit) : t.hiddenDeep(group.layer, group.unit);
      summary.append(what);
      details.append(summary);
      const body = document.createElement("div");
      body.className = "nbw-we__body";
      body.setAttribute("role", "group");
      body.setAttribute("aria-label", prettyName(`w_${group.unit}${sup}`));
      const weights = document.createElement("div");
      weights.className = "nbw-we__weights";
      const imageLayout = group.layer === 1 && group.nIn === 12;
      weights.style.setProperty("--nbw-cols", imageLayout ? 3 : Math.min(group.nIn, 3));
      const theta = document.createElement("div");
      theta.className = "nbw-we__theta";
      body.append(weights, theta);
      details.append(body);
      group.names.forEach((name, i) => {
        const isTheta = i === group.nIn;
        const hint = isTheta ? t.threshold : group.layer === 1 ? `x${i + 1}` : `h${i + 1}`;
        (isTheta ? theta : weights).append(this.control(name, hint, `nbw-we-${uid}-${group.offset + i}`, onFocus));
      });
      this.element.append(details);
    }
    parent.append(this.element);
  }

  control(name, hint, id, onFocus) {
    const cell = document.createElement("div");
    cell.className = "nbw-we__param";
    cell.dataset.name = name;
    const label = document.createElement("label");
    label.className = "nbw-we__name";
    label.htmlFor = id;
    const pretty = document.createElement("span");
    pretty.textContent = prettyName(name);
    const small = document.createElement("small");
    small.textContent = hint;
    label.append(pretty, small);
    const box = document.createElement("input");
    box.type = "number";
    box.id = id;
    box.step = "0.1";
    box.setAttribute("aria-label", name);
    box.title = `net["${name}"]`;
    const slider = document.createElement("input");
    slider.type = "range";
    slider.min = String(-this.range);
    slider.max = String(this.range);
    slider.step = "0.1";
    slider.setAttribute("aria-label", this.t.slider(name));
    const p = { name, box, slider, cell, editing: false, value: 0 };
    box.addEventListener("input", () => {
      p.editing = true;
      const v = box.valueAsNumber;
      if (Number.isFinite(v)) this.edit(p, v, box);
    });
    box.addEventListener("change", () => {
      p.editing = false;
      const v = box.valueAsNumber;
      if (Number.isFinite(v)) this.edit(p, v, box);
      else box.value = String(p.value);
    });
    box.addEventListener("blur", () => { p.editing = false; });
    slider.addEventListener("input", () => this.edit(p, slider.valueAsNumber, slider));
    cell.addEventListener("focusin", () => onFocus(name));
    cell.addEventListener("focusout", (ev) => { if (!cell.contains(ev.relatedTarget)) onFocus(null); });
    cell.append(label, box, slider);
    this.params.push(p);
    return cell;
  }

  edit(p, v, source) {
    p.value = v;
    if (source !== p.slider) p.slider.value = String(v);
    if (source !== p.box) p.box.value = String(v);
    this.tint(p, v);
    this.onEdit(p.name, v);
  }

  tint(p, v) {
    p.cell.classList.toggle("nbw-we__param--pos", v > 0);
    p.cell.classList.toggle("nbw-we__param--neg", v < 0);
    p.cell.style.setProperty("--nbw-tint", (0.38 * Math.tanh(Math.abs(v) / 3)).toFixed(3));
  }

  set values(w) {
    this.params.forEach((p, i) => {
      const v = w[i];
      p.value = v;
      const typing = p.editing && document.activeElement === p.box;
      if (!typing && !(document.activeElement === p.box && p.box.valueAsNumber === v)) {
        p.box.value = String(Math.round(v * 1e4) / 1e4);
      }
      if (document.activeElement !== p.slider || Math.abs(p.slider.valueAsNumber - v) > 0.05) {
        p.slider.value = String(v);
      }
      p.slider.setAttribute("aria-valuetext", fmt(v, 2));
      this.tint(p, v);
    });
  }

  set disabled(flag) {
    for (const p of this.params) p.box.disabled = p.slider.disabled = flag;
  }

  destroy() { this.element.remove(); }
}
