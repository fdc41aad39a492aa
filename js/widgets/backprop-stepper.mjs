// Backpropagation, step by step (chapter 6).
//
//   ::: widget backprop-stepper      options: net=NAME x=NAME t=NAME (default net, x, t)
//
// For one image x (a slide image, or drawn in a 4×3 grid) and its teacher
// signal t = (t1, t2), the widget walks through the calculation of the
// gradient ∂e/∂w: first the forward values (s_iᴴ and h_i, s_j and z_j, e),
// then the 8 output-layer and 39 hidden-layer gradients in the slides' order
// (the order of net.w: w_11, w_21, w_31, θ_1, w_12, …, θ_3ᴴ), one step at a
// time. Each step shows the chain rule, the slides' formula and the numbers
// put in; the network diagram (chapter 3's drawNetwork) highlights the edge
// of the weight and the units involved; the gradients done so far are listed
// in a table beside the numerical gradient (central differences) and their
// difference.
//
// All numbers come from nnbook in the page's Python session
// (nnbook.widgets.backprop.apply → trace): one evaluation per change of
// net, x or t; the steps are then taken here, without Python.
// Buttons Reset / Previous / Next / Run to end; on them the keys ← → Home End.
// Data attributes for tests: root data-position (steps done), data-steps,
// data-current (the current step's id: "h1", "z2", "e" or a parameter name);
// table rows data-name, cells data-value (full precision).
import { PythonLink } from "./network-view.mjs";
import { ctStyle, drawNetwork, paramGroups, prettyName } from "./kit/network.mjs";
import { PixelGrid, thumbnail } from "./kit/pixel-grid.mjs";

const LABELS = {
  en: {
    region: "Backpropagation step by step",
    waiting: "waiting for Python…",
    updating: "updating…",
    image: "Image x",
    slides: "Pick a slide image (sets x and t):",
    slide: (n, label) => `slide image ${n}: ${label}`,
    draw: "or draw: click a pixel (arrow keys move, Space toggles).",
    teacher: "Teacher signal t",
    teacherOption: { C: "C: (1, 0)", T: "T: (0, 1)", neither: "neither: (0, 0)" },
    teacherOther: (t) => `t = (${t}), set in a cell`,
    network: "The network",
    forward: "Forward values",
    reset: "Reset",
    previous: "Previous",
    next: "Next",
    run: "Run to end",
    controls: "Steps",
    keys: "Keys on the buttons: → next, ← previous, Home reset, End run to end.",
    counter: (p, n) => `Step ${p} of ${n}`,
    start: "Press Next to start: first the forward pass, then the gradients from the output layer back.",
    titleHidden: (i) => `Forward pass: hidden unit H${i}`,
    titleOutput: (j) => `Forward pass: output unit z${j}`,
    titleError: "Forward pass: the error e",
    titleOutGrad: (n, name) => `Output layer, gradient ${n} of 8: ∂e/∂${name}`,
    titleHidGrad: (n, name) => `Hidden layer, gradient ${n} of 39: ∂e/∂${name}`,
    titleGrad: (n, total, name) => `Gradient ${n} of ${total}: ∂e/∂${name}`,
    lit: "(only the pixels with xₖ = 1 add their weight)",
    noneLit: "(no pixel is 1: only the threshold is left)",
    primeNote: (text) => `where ${text}`,
    caption: "Gradients computed so far, ∂e/∂w for this image and t",
    colIndex: "#",
    colParam: "parameter",
    colBackprop: "backprop",
    colNumerical: "numerical",
    colDiff: "|difference|",
    tableRegion: "Table of computed gradients",
    none: "No gradient computed yet.",
    summary: (n, d) => `${n} of 47 gradients computed; largest |backprop − numerical| so far: ${d}.`,
    summaryAll: (n, d) => `All ${n} gradients computed; largest |backprop − numerical|: ${d}.`,
    failed: "Python reported an error:",
  },
  ja: {
    region: "誤差逆伝播法を 1 ステップずつ",
    waiting: "Python を待っています…",
    updating: "更新中…",
    image: "画像 x",
    slides: "スライドの画像を選ぶ (x と t が決まります):",
    slide: (n, label) => `スライドの画像 ${n}: ${label}`,
    draw: "または描く: 画素をクリック (矢印キーで移動、Space で切り替え)。",
    teacher: "教師信号 t",
    teacherOption: { C: "C: (1, 0)", T: "T: (0, 1)", neither: "どちらでもない: (0, 0)" },
    teacherOther: (t) => `t = (${t}) (セルで設定)`,
    network: "ネットワーク",
    forward: "順伝播の値",
    reset: "リセット",
    previous: "前へ",
    next: "次へ",
    run: "最後まで実行",
    controls: "ステップ",
    keys: "ボタン上のキー: → 次へ、← 前へ、Home リセット、End 最後まで。",
    counter: (p, n) => `ステップ ${p} / ${n}`,
    start: "「次へ」で始めます: まず順伝播、次に出力層から逆向きに勾配を計算します。",
    titleHidden: (i) => `順伝播: 隠れ層のユニット H${i}`,
    titleOutput: (j) => `順伝播: 出力層のユニット z${j}`,
    titleError: "順伝播: 誤差 e",
    titleOutGrad: (n, name) => `出力層の勾配 ${n} / 8: ∂e/∂${name}`,
    titleHidGrad: (n, name) => `隠れ層の勾配 ${n} / 39: ∂e/∂${name}`,
    titleGrad: (n, total, name) => `勾配 ${n} / ${total}: ∂e/∂${name}`,
    lit: "(xₖ = 1 の画素の重みだけが足されます)",
    noneLit: "(1 の画素がないので閾値だけが残ります)",
    primeNote: (text) => `ここで ${text}`,
    caption: "計算済みの勾配 (この画像と t に対する ∂e/∂w)",
    colIndex: "番号",
    colParam: "パラメータ",
    colBackprop: "逆伝播",
    colNumerical: "数値微分",
    colDiff: "|差|",
    tableRegion: "計算済みの勾配の表",
    none: "まだ勾配を計算していません。",
    summary: (n, d) => `47 個中 ${n} 個の勾配を計算済み。|逆伝播 − 数値微分| の最大値 (ここまで): ${d}。`,
    summaryAll: (n, d) => `${n} 個すべての勾配を計算済み。|逆伝播 − 数値微分| の最大値: ${d}。`,
    failed: "Python がエラーを報告しました:",
  },
};

// The slides' nine images (nnbook.data.SLIDE_IMAGES) and their teacher signals.
const SLIDES = [
  ["011/100/100/011", "C"], ["111/100/100/011", "C"], ["000/111/100/111", "C"],
  ["111/010/010/010", "T"], ["111/010/010/000", "T"], ["111/010/010/111", "I"],
  ["111/101/111/101", "A"], ["101/101/101/111", "U"], ["111/101/101/111", "O"],
];
const pixelsOf = (rows) => [...rows.replaceAll("/", "")].map(Number);
const TEACHERS = { C: [1, 0], T: [0, 1], neither: [0, 0] };

// ---- writing numbers and symbols ------------------------------------------------

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const SUP = { "-": "⁻", "+": "", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const sub = (n) => [...String(n)].map((c) => (c === "," ? "," : SUB[c])).join("");
const pair = (k, j) => (k < 10 && j < 10 ? `${k}${j}` : `${k},${j}`);

/** v with n significant digits, a real minus sign, 1.2·10⁻⁵ for tiny values. */
export function num(v, n = 3) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  if (Number.isInteger(v)) return String(v).replace("-", "−");
  let text = v.toPrecision(n);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(text);
  if (m) text = `${m[1]}·10${[...m[2]].map((c) => SUP[c]).join("")}`;
  return text.replace("-", "−");
}
/** A value set by the reader (t): as short as it can be, up to 4 digits. */
const short = (v) => String(Number(v.toPrecision(4))).replace("-", "−");
/** A factor in a product: negative numbers in parentheses. */
const factor = (v, n = 3) => (v < 0 ? `(${num(v, n)})` : num(v, n));

const A_NAME = { sigmoid: "σ", tanh: "tanh", relu: "R" };

/** "a′(s₁) = z₁(1 − z₁) = 0.244" for the activations whose a′ reads from the output. */
function primeText(act, s, y, sValue, yValue, prime) {
  if (act === "sigmoid") return `a′(${s}) = ${y}(1 − ${y}) = ${num(yValue)} · ${num(1 - yValue)} = ${num(prime)}`;
  if (act === "tanh") return `a′(${s}) = 1 − ${y}² = 1 − ${factor(yValue)}² = ${num(prime)}`;
  if (act === "relu") return `a′(${s}) = ${sValue > 0 ? `1 (${s} > 0)` : `0 (${s} ≤ 0)`}`;
  return `a′(${s}) = ${num(prime)}`;
}

// ---- the steps, from one trace ----------------------------------------------------

/** The list of steps: forward (h_i, z_j, e), then one per parameter in the order of net.w. */
function buildSteps(d) {
  const [, nH, nZ] = d.sizes;
  const steps = [];
  for (let i = 1; i <= nH; i++) steps.push({ id: `h${i}`, kind: "hidden", i });
  for (let j = 1; j <= nZ; j++) steps.push({ id: `z${j}`, kind: "output", j });
  steps.push({ id: "e", kind: "error" });
  let n = 0;
  for (const g of paramGroups(d.sizes)) {
    g.names.forEach((name, p) => {
      steps.push({ id: name, kind: "gradient", index: n++, layer: g.layer, unit: g.unit,
        k: p < g.nIn ? p + 1 : null, nIn: g.nIn });
    });
  }
  return steps;
}

/** Text and highlights of one step: {title, lines, highlight, units, path}. */
function describe(step, d, t) {
  const [, nH, nZ] = d.sizes;
  const w = (name) => d.w[d.names.indexOf(name)];
  const actH = d.activations[0], act = d.activations[1];
  const allUnits = (l, n) => Array.from({ length: n }, (_, u) => [l, u]);
  if (step.kind === "hidden") {
    const i = step.i;
    const names = Array.from({ length: 12 }, (_, k) => `w_${pair(k + 1, i)}^H`);
    const theta = w(`theta_${i}^H`);
    const terms = [];
    names.forEach((name, k) => {
      const xk = d.x[k];
      if (xk === 0) return;
      terms.push(xk === 1 ? factor(w(name)) : `${factor(w(name))}·${num(xk)}`);
    });
    const sName = `s${sub(i)}ᴴ`;
    const a = A_NAME[actH] || "a";
    return {
      title: t.titleHidden(i),
      lines: [
        `${sName} = ${prettyName(names[0])} x₁ + ${prettyName(names[1])} x₂ + … + ${prettyName(names[11])} x₁₂ − θ${sub(i)}ᴴ`,
        `= ${terms.length ? terms.join(" + ") : "0"} − ${factor(theta)} = ${num(d.s_H[i - 1], 4)}   ${terms.length ? t.lit : t.noneLit}`,
        `h${sub(i)} = a(${sName}) = ${a}(${num(d.s_H[i - 1], 4)}) = ${num(d.h[i - 1], 4)}`,
      ],
      highlight: null,
      units: [...allUnits(0, 12).filter(([, u]) => d.x[u] !== 0), [1, i - 1]],
      path: names,
    };
  }
  if (step.kind === "output") {
    const j = step.j;
    const names = Array.from({ length: nH }, (_, k) => `w_${pair(k + 1, j)}`);
    const a = A_NAME[act] || "a";
    const formula = names.map((name, k) => `${prettyName(name)} h${sub(k + 1)}`).join(" + ");
    const numbers = names.map((name, k) => `${factor(w(name))} · ${num(d.h[k])}`).join(" + ");
    return {
      title: t.titleOutput(j),
      lines: [
        `s${sub(j)} = ${formula} − θ${sub(j)}`,
        `= ${numbers} − ${factor(w(`theta_${j}`))} = ${num(d.s[j - 1], 4)}`,
        `z${sub(j)} = a(s${sub(j)}) = ${a}(${num(d.s[j - 1], 4)}) = ${num(d.z[j - 1], 4)}`,
      ],
      highlight: null,
      units: [...allUnits(1, nH), [2, j - 1]],
      path: names,
    };
  }
  if (step.kind === "error") {
    const sym = Array.from({ length: nZ }, (_, j) => `(t${sub(j + 1)} − z${sub(j + 1)})²`).join(" + ");
    const numbers = Array.from({ length: nZ }, (_, j) => `(${short(d.t[j])} − ${num(d.z[j])})²`).join(" + ");
    return {
      title: t.titleError,
      lines: [`e = (${sym})/2`, `= (${numbers})/2 = ${num(d.e, 4)}`],
      highlight: null,
      units: allUnits(2, nZ),
      path: [],
    };
  }
  // a gradient
  const name = step.id;
  const pretty = prettyName(name);
  const value = d.gradient[step.index];
  const isTheta = step.k === null;
  if (step.layer === 2) {
    const j = step.unit, k = step.k;
    const zj = `z${sub(j)}`, tj = `t${sub(j)}`, sj = `s${sub(j)}`;
    const head = `(${zj} − ${tj}) a′(${sj})`;
    const nums = `(${num(d.z[j - 1])} − ${short(d.t[j - 1])}) · ${num(d.a_prime[j - 1])}`;
    const n = step.index + 1;
    return {
      title: n <= 8 ? t.titleOutGrad(n, pretty) : t.titleGrad(n, d.names.length, pretty),
      lines: [
        `∂e/∂${pretty} = ∂e/∂${zj} · ∂${zj}/∂${sj} · ∂${sj}/∂${pretty}`,
        isTheta ? `= −${head}` : `= ${head} h${sub(k)}`,
        isTheta ? `= −${nums} = ${num(value, 4)}` : `= ${nums} · ${num(d.h[k - 1])} = ${num(value, 4)}`,
        t.primeNote(primeText(act, sj, zj, d.s[j - 1], d.z[j - 1], d.a_prime[j - 1])),
      ],
      highlight: name,
      units: isTheta ? [[2, j - 1]] : [[1, k - 1], [2, j - 1]],
      path: [],
    };
  }
  // hidden layer
  const i = step.unit, k = step.k;
  const si = `s${sub(i)}ᴴ`, hi = `h${sub(i)}`;
  const outs = Array.from({ length: nZ }, (_, j) => j + 1);
  const chainSum = outs.map((j) => `∂e/∂z${sub(j)} ∂z${sub(j)}/∂s${sub(j)} ∂s${sub(j)}/∂${hi}`).join(" + ");
  const bracket = outs.map((j) => `(z${sub(j)} − t${sub(j)}) a′(s${sub(j)}) ${prettyName(`w_${pair(i, j)}`)}`).join(" + ");
  const bracketNums = outs.map((j) => `(${num(d.z[j - 1])} − ${short(d.t[j - 1])}) · ${num(d.a_prime[j - 1])} · ${factor(w(`w_${pair(i, j)}`))}`).join(" + ");
  const back = d.back[i - 1], primeH = d.a_prime_H[i - 1];
  const n = step.index + 1 - 8;
  return {
    title: d.names.length === 47 ? t.titleHidGrad(n, pretty) : t.titleGrad(step.index + 1, d.names.length, pretty),
    lines: [
      `∂e/∂${pretty} = (${chainSum}) · ∂${hi}/∂${si} · ∂${si}/∂${pretty}`,
      isTheta ? `= −[${bracket}] a′(${si})` : `= [${bracket}] a′(${si}) x${sub(k)}`,
      isTheta ? `= −[${bracketNums}] · ${num(primeH)}` : `= [${bracketNums}] · ${num(primeH)} · ${num(d.x[k - 1])}`,
      isTheta ? `= −${factor(back, 4)} · ${num(primeH)} = ${num(value, 4)}`
        : `= ${factor(back, 4)} · ${num(primeH)} · ${num(d.x[k - 1])} = ${num(value, 4)}`,
      t.primeNote(primeText(actH, si, hi, d.s_H[i - 1], d.h[i - 1], primeH)),
    ],
    highlight: name,
    units: [...(isTheta ? [] : [[0, k - 1]]), [1, i - 1], ...outs.map((j) => [2, j - 1])],
    path: outs.map((j) => `w_${pair(i, j)}`),
  };
}

// ---- talking to Python: one evaluation in flight, later changes merged ------------------

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

// ---- styles ------------------------------------------------------------------------

const CSS = `
.nbw-bp__top { display: flex; flex-wrap: wrap; gap: .8rem 1.4rem; align-items: flex-start; }
.nbw-bp__inputs { flex: 0 1 12rem; min-width: 0; }
.nbw-bp__diagram { flex: 1 1 14rem; min-width: 0; max-width: 24rem; }
.nbw-bp__inputs .nbw-px__slides { margin-top: .2rem; }
.nbw-bp__draw { margin: .5rem 0 .3rem; }
.md-typeset .nbw-bp .nbw-px__slide[aria-pressed="true"] { border: 2px solid var(--md-primary-fg-color); padding: 2px 3px;
  background: color-mix(in srgb, var(--md-primary-fg-color) 12%, transparent); }
[data-md-color-scheme="slate"] .md-typeset .nbw-bp .nbw-px__slide[aria-pressed="true"] { border-color: var(--md-default-fg-color); }
.nbw-bp__teacher { border: 0; padding: 0; margin: .6rem 0 0; min-width: 0; }
.nbw-bp__teacher legend { font-weight: 700; padding: 0; margin-bottom: .2rem; }
.nbw-bp__teacher label { display: inline-flex; align-items: center; gap: .25rem; margin-right: .7rem; white-space: nowrap; }
.nbw-bp__teacher-other { display: block; color: var(--md-default-fg-color--light); }
.nbw-bp__teacher-other:empty { display: none; }
.nbw-bp__forward { display: grid; grid-template-columns: repeat(2, max-content); gap: .1rem 1.2rem;
  margin: .3rem 0 0; font-variant-numeric: tabular-nums; }
.nbw-bp__forward div { display: flex; gap: .3rem; }
.nbw-bp__forward div:last-child:nth-child(odd) { grid-column: 1 / -1; }
.nbw-bp__forward dt { font-weight: 700; }
.nbw-bp__forward dd { margin: 0; }
.nbw-bp__stepbox { margin-top: .8rem; border-top: 1px solid var(--md-default-fg-color--lightest); padding-top: .6rem; }
.nbw-bp__controls { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; }
.md-typeset .nbw-bp button.nbw-ct__button[aria-disabled="true"] { opacity: .45; cursor: default;
  background: transparent; color: var(--md-primary-fg-color); }
[data-md-color-scheme="slate"] .md-typeset .nbw-bp button.nbw-ct__button[aria-disabled="true"] { color: var(--md-default-fg-color); }
.nbw-bp__counter { margin-left: auto; font-variant-numeric: tabular-nums; }
.nbw-bp__keys { margin: .25rem 0 0; font-size: .65rem; color: var(--md-default-fg-color--light); }
.nbw-bp__title { font-weight: 700; margin: .5rem 0 .2rem; }
.nbw-bp__lines { margin: 0; padding: .45rem .6rem; background: var(--md-code-bg-color); border-radius: .2rem;
  font-variant-numeric: tabular-nums; line-height: 1.6; overflow-wrap: anywhere; min-height: 3.2em; }
.nbw-bp__lines p { margin: 0; }
.nbw-bp__lines p + p { padding-left: 1em; }
.nbw-bp__lines .nbw-bp__note { color: var(--md-default-fg-color--light); padding-left: 0; font-size: .68rem; }
.nbw-bp__tablewrap { max-height: 17rem; overflow: auto; margin-top: .7rem; border: 1px solid var(--md-default-fg-color--lightest); }
.nbw-bp__tablewrap:focus-visible { outline: 3px solid var(--md-accent-fg-color); }
.nbw-bp__table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: .7rem; }
.nbw-bp__table caption { text-align: left; font-weight: 700; padding: .3rem .4rem; }
.nbw-bp__table th, .nbw-bp__table td { padding: .15rem .45rem; text-align: right; white-space: nowrap;
  border-bottom: 1px solid var(--md-default-fg-color--lightest); }
.nbw-bp__table th:nth-child(2), .nbw-bp__table td:nth-child(2) { text-align: left; }
.nbw-bp__table thead th { position: sticky; top: 0; background: var(--md-default-bg-color); }
.nbw-bp__table tr[aria-current="true"] > * { background: color-mix(in srgb, var(--md-accent-fg-color) 18%, transparent); font-weight: 700; }
.nbw-bp__empty td { text-align: left; font-style: italic; }
.nbw-bp__summary { margin: .4rem 0 0; }
.nbw-bp .nbw-bp__svg--dim .nbw-net__edge { opacity: .3; }
.nbw-bp .nbw-net__svg--focus .nbw-net__edge:last-child { opacity: 1; }
.nbw-bp .nbw-net__edge.nbw-bp__path { opacity: 1; }
`;

function style() {
  ctStyle();
  if (document.getElementById("nbw-bp-style")) return;
  const s = document.createElement("style");
  s.id = "nbw-bp-style";
  s.textContent = CSS;
  document.head.append(s);
}

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const SVGNS = "http://www.w3.org/2000/svg";
const sameVector = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

// ---- the widget ----------------------------------------------------------------------

export function mount(element, ctx) {
  style();
  const t = LABELS[ctx.lang] || LABELS.en;
  const options = element.dataset;
  const names = [options.net || "net", options.x || "x", options.t || "t"];

  const root = make("div", "nbw-ct nbw-bp");
  root.setAttribute("role", "region");
  root.setAttribute("aria-label", t.region);
  root.dataset.position = "0";
  const status = make("p", "nbw-ct__status", t.waiting);
  status.setAttribute("role", "status");
  const top = make("div", "nbw-bp__top");
  root.append(status, top);

  // -- inputs: slide images, the pixel grid, the teacher signal
  const inputs = make("div", "nbw-bp__inputs");
  inputs.append(make("p", "nbw-ct__heading", t.image));
  const slides = make("div", "nbw-px__slides");
  slides.append(make("span", "nbw-px__slides-label", t.slides));
  const slideButtons = SLIDES.map(([rows, letter], n) => {
    const b = make("button", "nbw-px__slide");
    b.type = "button";
    b.setAttribute("aria-label", t.slide(n + 1, letter));
    b.setAttribute("aria-pressed", "false");
    b.title = `${n + 1}: ${rows}`;
    const caption = make("span", "", `${n + 1} ${letter}`);
    caption.setAttribute("aria-hidden", "true");
    b.append(thumbnail(pixelsOf(rows)), caption);
    b.addEventListener("click", () => {
      grid.values = pixelsOf(rows);
      showTeacher(TEACHERS[letter === "C" || letter === "T" ? letter : "neither"]);
      send({ slide: n + 1 });
    });
    slides.append(b);
    return b;
  });
  inputs.append(slides, make("p", "nbw-bp__draw", t.draw));
  const grid = new PixelGrid(inputs, {
    lang: ctx.lang,
    onChange: (values, k) => send({ pixel: k, value: values[k - 1] }),
  });
  grid.disabled = true;

  const fieldset = make("fieldset", "nbw-bp__teacher");
  fieldset.append(make("legend", "", t.teacher));
  const radios = {};
  const group = `nbw-bp-t-${Math.random().toString(36).slice(2, 9)}`;
  for (const key of ["C", "T", "neither"]) {
    const label = make("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = group;
    input.value = key;
    input.disabled = true;
    input.addEventListener("change", () => { if (input.checked) send({ t: TEACHERS[key] }); });
    label.append(input, document.createTextNode(t.teacherOption[key]));
    fieldset.append(label);
    radios[key] = input;
  }
  const teacherOther = make("span", "nbw-bp__teacher-other");
  fieldset.append(teacherOther);
  inputs.append(fieldset);

  // -- the network and the forward values
  const diagram = make("div", "nbw-bp__diagram");
  diagram.append(make("p", "nbw-ct__heading", t.network));
  const svg = document.createElementNS(SVGNS, "svg");
  diagram.append(svg);
  const forwardList = make("dl", "nbw-bp__forward");
  forwardList.setAttribute("aria-label", t.forward);
  diagram.append(forwardList);
  top.append(inputs, diagram);

  // -- the steps
  const stepBox = make("div", "nbw-bp__stepbox");
  const controls = make("div", "nbw-bp__controls");
  controls.setAttribute("role", "group");
  controls.setAttribute("aria-label", t.controls);
  const button = (text, fn) => {
    const b = make("button", "nbw-ct__button", text);
    b.type = "button";
    b.setAttribute("aria-disabled", "true");
    b.addEventListener("click", () => { if (b.getAttribute("aria-disabled") !== "true") fn(); });
    controls.append(b);
    return b;
  };
  const resetButton = button(t.reset, () => { stopRun(); go(0); });
  const prevButton = button(t.previous, () => { stopRun(); go(position - 1); });
  const nextButton = button(t.next, () => { stopRun(); go(position + 1); });
  const runButton = button(t.run, () => runToEnd());
  const counter = make("span", "nbw-bp__counter");
  controls.append(counter);
  controls.addEventListener("keydown", (ev) => {
    if (!(ev.target instanceof HTMLButtonElement) || !steps.length) return;
    const action = { ArrowRight: () => go(position + 1), ArrowLeft: () => go(position - 1),
      Home: () => go(0), End: () => runToEnd() }[ev.key];
    if (!action) return;
    ev.preventDefault();
    if (ev.key !== "End") stopRun();
    action();
  });
  const title = make("p", "nbw-bp__title");
  const lines = make("div", "nbw-bp__lines");
  lines.setAttribute("aria-live", "polite");
  lines.setAttribute("aria-atomic", "true");
  stepBox.append(controls, make("p", "nbw-bp__keys", t.keys), title, lines);

  // -- the table of gradients
  const tableWrap = make("div", "nbw-bp__tablewrap");
  tableWrap.tabIndex = 0;
  tableWrap.setAttribute("role", "region");
  tableWrap.setAttribute("aria-label", t.tableRegion);
  const table = make("table", "nbw-bp__table");
  table.append(make("caption", "", t.caption));
  const thead = document.createElement("thead");
  const headRow = document.createElement("tr");
  for (const text of [t.colIndex, t.colParam, t.colBackprop, t.colNumerical, t.colDiff]) {
    const th = make("th", "", text);
    th.scope = "col";
    headRow.append(th);
  }
  thead.append(headRow);
  const tbody = document.createElement("tbody");
  table.append(thead, tbody);
  tableWrap.append(table);
  const summary = make("p", "nbw-bp__summary");
  summary.setAttribute("aria-live", "polite");
  stepBox.append(tableWrap, summary);
  root.append(stepBox);
  element.append(root);

  // -- state
  let data = null;       // the last trace from Python
  let steps = [];
  let position = 0;      // steps done (0 … steps.length)
  let timer = null;
  let rows = [];         // the table rows, one per gradient step, built per trace

  const send = (op) => {
    status.textContent = t.updating;
    status.classList.remove("nbw-ct__status--error");
    link.send(op);
  };

  function showTeacher(tv) {
    let matched = false;
    for (const [key, input] of Object.entries(radios)) {
      input.checked = sameVector(TEACHERS[key], tv);
      matched ||= input.checked;
    }
    teacherOther.textContent = matched ? "" : t.teacherOther(tv.map(short).join(", "));
  }

  function buildRows() {
    rows = [];
    tbody.replaceChildren();
    const empty = make("tr", "nbw-bp__empty");
    const td = make("td", "", t.none);
    td.colSpan = 5;
    empty.append(td);
    tbody.append(empty);
    for (const step of steps) {
      if (step.kind !== "gradient") continue;
      const g = data.gradient[step.index], nv = data.numerical[step.index];
      const tr = document.createElement("tr");
      tr.dataset.name = step.id;
      tr.hidden = true;
      const cells = [
        [String(step.index + 1), null], [prettyName(step.id), null],
        [num(g, 6), g], [num(nv, 6), nv], [num(Math.abs(g - nv), 2), Math.abs(g - nv)],
      ];
      cells.forEach(([text, value], c) => {
        const cell = make(c === 1 ? "th" : "td", "", text);
        if (c === 1) cell.scope = "row";
        if (value !== null) cell.dataset.value = String(value);
        cell.dataset.col = ["index", "param", "backprop", "numerical", "difference"][c];
        tr.append(cell);
      });
      tbody.append(tr);
      rows.push(tr);
    }
    rows.empty = empty;
  }

  function draw() {
    if (!data) return;
    const step = position > 0 ? steps[position - 1] : null;
    const info = step ? describe(step, data, t) : null;
    const doneIds = new Set(steps.slice(0, position).map((s) => s.id));
    const [, nH, nZ] = data.sizes;
    const values = [
      data.x,
      Array.from({ length: nH }, (_, i) => (doneIds.has(`h${i + 1}`) ? data.h[i] : undefined)),
      Array.from({ length: nZ }, (_, j) => (doneIds.has(`z${j + 1}`) ? data.z[j] : undefined)),
    ];
    const { edges, units } = drawNetwork(svg, { sizes: data.sizes, weights: data.w, values,
      highlight: info?.highlight ?? null, lang: ctx.lang });
    svg.classList.toggle("nbw-bp__svg--dim", Boolean(info));
    for (const name of info?.path || []) edges.get(name)?.classList.add("nbw-bp__path");
    for (const [l, u] of info?.units || []) units[l]?.[u]?.classList.add("nbw-net__circle--focus");

    // forward values known so far
    forwardList.replaceChildren();
    const entry = (label, key, value) => {
      const div = document.createElement("div");
      const dd = make("dd", "", num(value, 4));
      dd.dataset.value = String(value);
      dd.dataset.key = key;
      div.append(make("dt", "", label), dd);
      forwardList.append(div);
    };
    for (let i = 1; i <= nH; i++) {
      if (!doneIds.has(`h${i}`)) continue;
      entry(`s${sub(i)}ᴴ =`, `s_H${i}`, data.s_H[i - 1]);
      entry(`h${sub(i)} =`, `h${i}`, data.h[i - 1]);
    }
    for (let j = 1; j <= nZ; j++) {
      if (!doneIds.has(`z${j}`)) continue;
      entry(`s${sub(j)} =`, `s${j}`, data.s[j - 1]);
      entry(`z${sub(j)} =`, `z${j}`, data.z[j - 1]);
    }
    if (doneIds.has("e")) entry("e =", "e", data.e);

    // the step itself
    counter.textContent = t.counter(position, steps.length);
    root.dataset.position = String(position);
    root.dataset.steps = String(steps.length);
    root.dataset.current = step ? step.id : "";
    title.textContent = info ? info.title : "";
    lines.replaceChildren();
    if (info) {
      info.lines.forEach((text, n) => {
        const p = make("p", n === info.lines.length - 1 && step.kind === "gradient" ? "nbw-bp__note" : "", text);
        lines.append(p);
      });
    } else {
      lines.append(make("p", "", t.start));
    }

    // the table
    let shown = 0, worst = 0, current = null;
    const firstGradient = steps.findIndex((s) => s.kind === "gradient");
    rows.forEach((tr, r) => {
      const visible = firstGradient + r < position;
      tr.hidden = !visible;
      tr.removeAttribute("aria-current");
      if (!visible) return;
      shown += 1;
      worst = Math.max(worst, Number(tr.querySelector("[data-col='difference']").dataset.value));
      if (step && tr.dataset.name === step.id) {
        tr.setAttribute("aria-current", "true");
        current = tr;
      }
    });
    rows.empty.hidden = shown > 0;
    summary.textContent = shown === 0 ? "" : (shown === rows.length ? t.summaryAll : t.summary)(shown, num(worst, 2));
    if (current) {
      const box = tableWrap.getBoundingClientRect(), row = current.getBoundingClientRect();
      const head = thead.getBoundingClientRect().height;
      if (row.bottom > box.bottom) tableWrap.scrollTop += row.bottom - box.bottom;
      else if (row.top < box.top + head) tableWrap.scrollTop -= box.top + head - row.top;
    }

    const atEnd = position >= steps.length;
    resetButton.setAttribute("aria-disabled", String(position === 0));
    prevButton.setAttribute("aria-disabled", String(position === 0));
    nextButton.setAttribute("aria-disabled", String(atEnd));
    runButton.setAttribute("aria-disabled", String(atEnd && !timer));
  }

  function go(p) {
    if (!steps.length) return;
    position = Math.max(0, Math.min(steps.length, p));
    draw();
  }

  function stopRun() {
    if (!timer) return;
    clearInterval(timer);
    timer = null;
    lines.setAttribute("aria-live", "polite");
  }

  function runToEnd() {
    if (!steps.length || timer) return;
    const reduced = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    if (reduced || position >= steps.length - 1) {
      go(steps.length);
      return;
    }
    lines.setAttribute("aria-live", "off");           // announce only where it stops
    timer = setInterval(() => {
      if (position >= steps.length - 1) {
        stopRun();
        go(steps.length);
        return;
      }
      go(position + 1);
    }, 60);
  }

  const onResult = (result) => {
    const d = result.ok ? result.value : null;
    const problem = result.ok ? d?.error : (result.error || "Python failed");
    status.textContent = problem ? `${t.failed} ${problem}` : "";
    status.classList.toggle("nbw-ct__status--error", Boolean(problem));
    if (!d || !d.sizes) return;        // nothing computable: keep what is shown
    data = d;
    grid.values = d.x;
    grid.disabled = false;
    for (const input of Object.values(radios)) input.disabled = false;
    showTeacher(d.t);
    slideButtons.forEach((b, n) => b.setAttribute("aria-pressed", String(d.slide === n + 1)));
    steps = buildSteps(d);
    position = Math.min(position, steps.length);
    root.dataset.ready = "true";
    buildRows();
    draw();
  };
  const link = new PythonLink(ctx, {
    names, module: "nnbook.widgets.backprop", extra: [ctx.lang],
    onState: (value) => onResult({ ok: true, value }),
    onError: (error) => onResult({ ok: false, error }),
  });
  ctx.onChange(() => link.refresh());
  link.refresh();

  return {
    destroy() {
      stopRun();
      link.destroy();
    },
  };
}
