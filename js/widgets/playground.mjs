// Playground: the whole experiment on one page (chapter 9).
//
//   ::: widget playground
//
// Panels (they stack on a phone): the training set (the slides' nine images
// to start with; draw a new one, give it a label C / T / neither and add it;
// remove any), the network and method (hidden units, activation, gradient
// method, η, initial weights w0, seed, ε, iteration limit), training (Start,
// Pause, Reset; a live curve of E), the test image (draw it, read the
// verdict), the weights (network diagram; an editor), and sharing (a link
// holding the whole state, JSON export/import, a Python cell).
//
// The state — data, settings, weights, test image — is one JSON object (its
// format: py/nnbook/widgets/playground.py, module doc), kept in the page's
// address as #s=<base64url of its JSON> (weights rounded to 6 significant
// digits). Opening such a link restores it. A link or file is checked here,
// field by field with explicit limits, before anything reaches Python, and
// again by Python (nnbook raises ValueError for a bad w); anything wrong is
// reported as text and the playground goes on with the default state.
//
// Python: nnbook.widgets.playground.request(globals(), req) once per round;
// training advances nnbook.train_iter by at most ~15 ms per round, at most
// one round is in flight, and the drawing happens at most once per frame.
// Page variables: net, X, T, playground (settings, k, E) — see the module.
//
// For tests the root element (.nbw-pg) carries data-state (waiting | idle |
// running | pausing | paused | converged | diverged | limit | empty),
// data-k, data-e (E(w_k), full precision) and data-run (the run's number).
//
// Exports: checkState(value, lang), encodeState(state, digits), decodeLink(text, lang),
// pythonCell(state), LIMITS, DEFAULT_STATE.
import { LineChart } from "./kit/chart.mjs";
import { PixelGrid, thumbnail, verdictText } from "./kit/pixel-grid.mjs";
import { ctStyle, drawNetwork, fmt } from "./kit/network.mjs";
import { WeightEditor } from "./kit/weight-editor.mjs";

// ---- the state and its rules (the same as nnbook.widgets.playground) ----------------

export const LIMITS = {
  images: 200, hidden: 20, absW: 1e6, lr: [1e-6, 100], epsilon: [1e-12, 1000],
  maxIter: 1000000, seed: 4294967295, link: 100000, file: 1000000,
};
const ACTIVATIONS = ["sigmoid", "tanh", "relu"];
const METHODS = ["sd", "armijo", "momentum", "adagrad", "adam"];
const INITS = ["small_uniform", "xavier", "xavier_dlfs", "he"];
const TEACHERS = { C: [1, 0], T: [0, 1], N: [0, 0] };
const SETTING_KEYS = ["hidden", "activation", "method", "lr", "init", "seed", "epsilon", "max_iter"];
const KEYS = ["v", "images", ...SETTING_KEYS, "w", "x"];
const SLIDES = [
  ["011/100/100/011", "C"], ["111/100/100/011", "C"], ["000/111/100/111", "C"],
  ["111/010/010/010", "T"], ["111/010/010/000", "T"], ["111/010/010/111", "N"],
  ["111/101/111/101", "N"], ["101/101/101/111", "N"], ["111/101/101/111", "N"],
];
const rowsNumber = (rows) => parseInt(rows.replaceAll("/", ""), 2);
export const SLIDE_IMAGES = SLIDES.map(([rows, label]) => [rowsNumber(rows), label]);
export const DEFAULT_STATE = {
  v: 1, images: SLIDE_IMAGES, hidden: 3, activation: "sigmoid", method: "sd", lr: 2,
  init: "xavier", seed: 0, epsilon: 0.01, max_iter: 5000, w: null, x: rowsNumber("011/100/100/011"),
};
export const nParams = (hidden) => 13 * hidden + (hidden + 1) * 2;
export const pixelsOf = (n) => Array.from({ length: 12 }, (_, i) => (n >> (11 - i)) & 1);
export const numberOf = (pixels) => pixels.reduce((n, v) => 2 * n + (v >= 0.5 ? 1 : 0), 0);

const LABELS = {
  en: {
    widget: "Playground",
    waiting: "waiting for Python…",
    dataHeading: "Training set",
    dataSummary: (P, right) => `${P} images; ${right} of ${P} read right.`,
    empty: "The training set is empty: add an image to train.",
    card: (i, label) => `image ${i}: ${label}`,
    remove: (i) => `Remove image ${i}`,
    removeText: "Remove",
    right: "right", wrong: "wrong",
    drawHeading: "Draw a new training image",
    newGrid: "New training image",
    labelGroup: "Its teacher signal",
    labelNames: { C: "C, t = (1, 0)", T: "T, t = (0, 1)", N: "neither, t = (0, 0)" },
    add: "Add to the training set",
    clear: "Clear drawing",
    slides: "Start again from the slides' nine images",
    full: (n) => `The training set is full (${n} images).`,
    settingsHeading: "Network and method",
    hidden: "Hidden units",
    activation: "Activation a (hidden layer)",
    activations: { sigmoid: "sigmoid σ", tanh: "tanh", relu: "ReLU" },
    method: "Gradient method",
    methods: { sd: "steepest descent, fixed η", armijo: "Armijo line search", momentum: "Momentum",
      adagrad: "AdaGrad", adam: "Adam" },
    lr: "Step size η",
    armijo: "Armijo chooses η itself (η₀ = 1, halved until E falls enough).",
    init: "Initial weights w₀",
    inits: { small_uniform: "small uniform U(−0.5, 0.5)", xavier: "Xavier (Glorot)",
      xavier_dlfs: "Xavier √(1/n) (DLfS)", he: "He" },
    seed: "Seed",
    epsilon: "ε (stop when E < ε)",
    maxIter: "Iteration limit",
    outputNote: "Output layer: sigmoid, so 0 < z < 1. A change of hidden units, activation, w₀ or seed makes a new network.",
    invalid: (lo, hi) => `expected ${lo} … ${hi}`,
    trainHeading: "Training",
    start: "Start", pause: "Pause", reset: "Reset",
    resetNote: "Reset: back to the initial weights w₀ of the initialiser and seed.",
    chart: "Total error E against the iteration k (log scale)",
    xLabel: "iteration k", yLabel: "E",
    readout: (k, E) => `k = ${k}, E = ${E}`,
    testHeading: "Test image",
    testGrid: "Test image",
    verdict: "Verdict",
    netHeading: "Weights",
    editWeights: "Edit the weights (changing one starts a new run from these weights)",
    shareHeading: "Share and export",
    copyLink: "Copy link",
    linkField: "Link to this state",
    copied: "Link copied.",
    copyByHand: "Copying is not available here: the link is selected, press Ctrl+C (⌘C) to copy it.",
    download: "Download JSON",
    importFile: "Import a JSON file",
    paste: "Or paste JSON here",
    importPasted: "Import pasted JSON",
    imported: "Imported.",
    pythonHeading: "The network as a Python cell",
    python: "Python code that rebuilds the network with nnbook",
    copyCode: "Copy code",
    codeCopied: "Code copied.",
    badLink: (why) => `This link could not be loaded: ${why}. The playground starts from the default state.`,
    badFile: (why) => `This JSON could not be imported: ${why}. Nothing was changed.`,
    python_error: (why) => `Python refused: ${why}`,
    converged: (k, E, eps) => `Converged: E = ${E} < ε = ${eps} at k = ${k}.`,
    diverged: (k) => `Diverged at k = ${k}: E is no longer a number. Try a smaller η; the weights are back at their last finite values.`,
    limit: (k, E) => `Stopped at the iteration limit k = ${k} with E = ${E}. Start goes on from here.`,
    why: {
      base64: "the text after #s= is not valid base64url",
      utf8: "it is not valid UTF-8 text",
      json: "it is not valid JSON",
      long: (n) => `it is longer than ${n} characters`,
      object: "expected a JSON object {…}",
      version: "field \"v\" should be 1",
      unknown: (k) => `unknown field ${k}`,
      missing: (k) => `missing field ${k}`,
      images: (n) => `field "images" should be a list of at most ${n} [image, label] pairs`,
      image: (i) => `image ${i} should be [n, label], n a whole number 0 … 4095, label "C", "T" or "N"`,
      choice: (k, c) => `field "${k}" should be one of ${c.join(", ")}`,
      int: (k, lo, hi) => `field "${k}" should be a whole number ${lo} … ${hi}`,
      number: (k, lo, hi) => `field "${k}" should be a number ${lo} … ${hi}`,
      w: (n, h, m) => `field "w" should be null or ${n} numbers (the parameters of the 12-${h}-2 network), each at most ${m} in size`,
      x: "field \"x\" should be a whole number 0 … 4095",
    },
  },
  ja: {
    widget: "プレイグラウンド",
    waiting: "Python を待っています…",
    dataHeading: "訓練データ",
    dataSummary: (P, right) => `画像 ${P} 枚、そのうち ${right} 枚を正しく判定。`,
    empty: "訓練データが空です。学習するには画像を追加してください。",
    card: (i, label) => `画像 ${i}: ${label}`,
    remove: (i) => `画像 ${i} を削除`,
    removeText: "削除",
    right: "正解", wrong: "不正解",
    drawHeading: "新しい訓練画像を描く",
    newGrid: "新しい訓練画像",
    labelGroup: "その教師信号",
    labelNames: { C: "C、t = (1, 0)", T: "T、t = (0, 1)", N: "どちらでもない、t = (0, 0)" },
    add: "訓練データに追加",
    clear: "絵を消す",
    slides: "スライドの 9 枚の画像からやり直す",
    full: (n) => `訓練データはいっぱいです (${n} 枚)。`,
    settingsHeading: "ネットワークと手法",
    hidden: "隠れ層のユニット数",
    activation: "活性化関数 a (隠れ層)",
    activations: { sigmoid: "シグモイド関数 σ", tanh: "双曲線正接関数 tanh", relu: "ランプ関数 ReLU" },
    method: "勾配法",
    methods: { sd: "最急降下法 (η 固定)", armijo: "Armijo の直線探索", momentum: "Momentum",
      adagrad: "AdaGrad", adam: "Adam" },
    lr: "ステップ幅 η",
    armijo: "Armijo では η を自動で決めます (η₀ = 1 から E が十分に減るまで半分に)。",
    init: "初期値 w₀",
    inits: { small_uniform: "小さな一様乱数 U(−0.5, 0.5)", xavier: "Xavier (Glorot)",
      xavier_dlfs: "Xavier √(1/n) (ゼロから作る)", he: "He" },
    seed: "シード",
    epsilon: "ε (E < ε で停止)",
    maxIter: "反復回数の上限",
    outputNote: "出力層はシグモイド関数なので 0 < z < 1。隠れ層のユニット数・活性化関数・初期値・シードを変えると新しいネットワークになります。",
    invalid: (lo, hi) => `${lo} … ${hi} にしてください`,
    trainHeading: "学習",
    start: "開始", pause: "一時停止", reset: "リセット",
    resetNote: "リセット: 初期化法とシードによる初期値 w₀ に戻します。",
    chart: "誤差の総和 E と反復回数 k (対数目盛)",
    xLabel: "反復回数 k", yLabel: "E",
    readout: (k, E) => `k = ${k}、E = ${E}`,
    testHeading: "テスト画像",
    testGrid: "テスト画像",
    verdict: "判定",
    netHeading: "重み",
    editWeights: "重みを編集する (変えるとその重みから新しく学習を始めます)",
    shareHeading: "共有と書き出し",
    copyLink: "リンクをコピー",
    linkField: "この状態へのリンク",
    copied: "リンクをコピーしました。",
    copyByHand: "ここではコピーが使えません。リンクを選択したので Ctrl+C (⌘C) でコピーしてください。",
    download: "JSON をダウンロード",
    importFile: "JSON ファイルを読み込む",
    paste: "または JSON をここに貼り付け",
    importPasted: "貼り付けた JSON を読み込む",
    imported: "読み込みました。",
    pythonHeading: "ネットワークを Python のセルに",
    python: "nnbook でネットワークを作り直す Python のコード",
    copyCode: "コードをコピー",
    codeCopied: "コードをコピーしました。",
    badLink: (why) => `このリンクは読み込めません: ${why}。プレイグラウンドは既定の状態で始まります。`,
    badFile: (why) => `この JSON は読み込めません: ${why}。何も変えていません。`,
    python_error: (why) => `Python が受け付けませんでした: ${why}`,
    converged: (k, E, eps) => `収束しました: k = ${k} で E = ${E} < ε = ${eps}。`,
    diverged: (k) => `k = ${k} で発散しました: E が数でなくなりました。η を小さくしてください。重みは最後の有限な値に戻しました。`,
    limit: (k, E) => `反復回数の上限 k = ${k} で停止 (E = ${E})。開始を押すと続きから学習します。`,
    why: {
      base64: "#s= のあとが base64url として正しくありません",
      utf8: "UTF-8 の文字列として正しくありません",
      json: "JSON として正しくありません",
      long: (n) => `${n} 文字を超えています`,
      object: "JSON のオブジェクト {…} が必要です",
      version: "\"v\" は 1 にしてください",
      unknown: (k) => `未知の項目 ${k} があります`,
      missing: (k) => `項目 ${k} がありません`,
      images: (n) => `"images" は [画像, ラベル] の組 ${n} 個までのリストにしてください`,
      image: (i) => `画像 ${i} は [n, ラベル] にしてください (n は 0 … 4095 の整数、ラベルは "C"、"T"、"N")`,
      choice: (k, c) => `"${k}" は ${c.join("、")} のどれかにしてください`,
      int: (k, lo, hi) => `"${k}" は ${lo} … ${hi} の整数にしてください`,
      number: (k, lo, hi) => `"${k}" は ${lo} … ${hi} の数にしてください`,
      w: (n, h, m) => `"w" は null か、12-${h}-2 のネットワークのパラメータ ${n} 個 (大きさ ${m} 以下の数) にしてください`,
      x: "\"x\" は 0 … 4095 の整数にしてください",
    },
  },
};

const labelsOf = (lang) => LABELS[lang] || LABELS.en;

class StateError extends Error {}

const isInt = (v) => typeof v === "number" && Number.isInteger(v);
const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
const quoted = (k) => JSON.stringify(String(k).slice(0, 40));

/** The settings part of a state, checked (throws StateError with the reason). */
function checkSettings(s, why) {
  const out = {};
  for (const key of SETTING_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(s, key)) throw new StateError(why.missing(key));
    const v = s[key];
    if (key === "activation" || key === "method" || key === "init") {
      const choices = { activation: ACTIVATIONS, method: METHODS, init: INITS }[key];
      if (typeof v !== "string" || !choices.includes(v)) throw new StateError(why.choice(key, choices));
      out[key] = v;
    } else if (key === "hidden" || key === "seed" || key === "max_iter") {
      const [lo, hi] = { hidden: [1, LIMITS.hidden], seed: [0, LIMITS.seed], max_iter: [0, LIMITS.maxIter] }[key];
      if (!isInt(v) || v < lo || v > hi) throw new StateError(why.int(key, lo, hi));
      out[key] = v;
    } else {
      const [lo, hi] = key === "lr" ? LIMITS.lr : LIMITS.epsilon;
      if (!isNumber(v) || v < lo || v > hi) throw new StateError(why.number(key, lo, hi));
      out[key] = v;
    }
  }
  return out;
}

/** A state (any JSON value) checked field by field; returns a fresh canonical copy. */
export function checkState(value, lang = "en") {
  const why = labelsOf(lang).why;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new StateError(why.object);
  for (const key of Object.keys(value)) if (!KEYS.includes(key)) throw new StateError(why.unknown(quoted(key)));
  for (const key of KEYS) if (!Object.prototype.hasOwnProperty.call(value, key)) throw new StateError(why.missing(key));
  if (value.v !== 1) throw new StateError(why.version);
  const images = value.images;
  if (!Array.isArray(images) || images.length > LIMITS.images) throw new StateError(why.images(LIMITS.images));
  const clean = images.map((item, i) => {
    if (!Array.isArray(item) || item.length !== 2 || !isInt(item[0]) || item[0] < 0 || item[0] > 4095
      || typeof item[1] !== "string" || !Object.prototype.hasOwnProperty.call(TEACHERS, item[1])) {
      throw new StateError(why.image(i + 1));
    }
    return [item[0], item[1]];
  });
  const out = { v: 1, images: clean, ...checkSettings(value, why) };
  let w = value.w;
  if (w !== null) {
    const n = nParams(out.hidden);
    if (!Array.isArray(w) || w.length !== n || !w.every((v) => isNumber(v) && Math.abs(v) <= LIMITS.absW)) {
      throw new StateError(why.w(n, out.hidden, LIMITS.absW));
    }
    w = w.slice();
  }
  out.w = w;
  if (!isInt(value.x) || value.x < 0 || value.x > 4095) throw new StateError(why.x);
  out.x = value.x;
  return out;
}

/** JSON text → checked state. */
export function parseState(text, lang = "en") {
  const why = labelsOf(lang).why;
  if (typeof text !== "string" || text.length > LIMITS.file) throw new StateError(why.long(LIMITS.file));
  let value;
  try { value = JSON.parse(text); } catch { throw new StateError(why.json); }
  return checkState(value, lang);
}

const round6 = (v, digits) => (v === 0 ? 0 : Number(v.toPrecision(digits)));

/** The link payload: base64url (no padding) of the state's JSON, w rounded to `digits`. */
export function encodeState(state, digits = 6) {
  const s = { ...state, w: state.w && (digits ? state.w.map((v) => round6(v, digits)) : state.w.slice()) };
  const bytes = new TextEncoder().encode(JSON.stringify(s));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A link's payload (what follows "#s=") → checked state; throws StateError. */
export function decodeLink(text, lang = "en") {
  const why = labelsOf(lang).why;
  if (text.length > LIMITS.link) throw new StateError(why.long(LIMITS.link));
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new StateError(why.base64);
  let binary;
  try {
    binary = atob(text.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (text.length % 4)) % 4));
  } catch { throw new StateError(why.base64); }
  let json;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch { throw new StateError(why.utf8); }
  return parseState(json, lang);
}

const rowsOf = (n) => {
  const bits = n.toString(2).padStart(12, "0");
  return `${bits.slice(0, 3)}/${bits.slice(3, 6)}/${bits.slice(6, 9)}/${bits.slice(9)}`;
};
const pyFloat = (v) => {
  if (Object.is(v, -0)) return "-0.0";
  const text = String(v);
  return /[.eE]/.test(text) ? text : `${text}.0`;
};

/** A Python cell that rebuilds the state's network (exact weights) and its data. */
export function pythonCell(state, w) {
  const act = state.activation === "sigmoid" ? "\"sigmoid\"" : `["${state.activation}", "sigmoid"]`;
  const rows = state.images.map(([n]) => `"${rowsOf(n)}"`).join(", ");
  const teacher = state.images.map(([, label]) => `[${TEACHERS[label].join(", ")}]`).join(", ");
  return "import numpy as np\nimport nnbook\n\n"
    + `net = nnbook.Network(sizes=(12, ${state.hidden}, 2), activation=${act})\n`
    + `net.w = [${w.map(pyFloat).join(", ")}]\n\n`
    + `X = np.array([nnbook.data.image(r) for r in [${rows}]]).reshape(-1, 12)\n`
    + `T = np.array([${teacher}], dtype=float).reshape(-1, 2)\n`
    + "print(net.forward(X))\n";
}

// ---- the widget ------------------------------------------------------------------------

const CSS = `
.nbw-pg__panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr)); gap: .8rem; }
.nbw-pg__panel { border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem; padding: .5rem .6rem; min-width: 0; }
.nbw-pg__panel--wide { grid-column: 1 / -1; }
.md-typeset .nbw-pg h3.nbw-pg__h { font-size: .8rem; margin: 0 0 .4rem; font-weight: 700; }
.nbw-pg__error { color: #b00020; margin: .2rem 0 .5rem; font-weight: 700; }
.nbw-pg__error:empty { display: none; }
[data-md-color-scheme="slate"] .nbw-pg__error { color: #ef9a9a; }
.nbw-pg__note { margin: .3rem 0; color: var(--md-default-fg-color--light); }
.nbw-pg__note:empty { display: none; }
.md-typeset ul.nbw-pg__images { list-style: none; margin: .3rem 0; padding: 0; display: grid;
  grid-template-columns: repeat(auto-fill, minmax(6.4rem, 1fr)); gap: .35rem; }
.md-typeset ul.nbw-pg__images > li { margin: 0; padding: .25rem; border: 1px solid var(--md-default-fg-color--lightest);
  border-radius: .2rem; display: flex; gap: .35rem; align-items: flex-start; font-variant-numeric: tabular-nums; }
.md-typeset ul.nbw-pg__images > li.nbw-pg__wrong { border-color: #b00020; border-width: 2px; }
[data-md-color-scheme="slate"] .md-typeset ul.nbw-pg__images > li.nbw-pg__wrong { border-color: #ef9a9a; }
.nbw-pg__card-text { display: flex; flex-direction: column; gap: 1px; min-width: 0; font-size: .65rem; }
.nbw-pg__card-text strong { font-size: .7rem; }
.md-typeset .nbw-pg button.nbw-pg__remove { font: inherit; font-size: .6rem; padding: 0 .3em; margin-top: 2px; cursor: pointer;
  border: 1px solid var(--md-default-fg-color--light); border-radius: .2rem; background: transparent; color: var(--md-default-fg-color); align-self: flex-start; }
.nbw-pg__draw { display: flex; flex-wrap: wrap; gap: .6rem; align-items: flex-start; margin-top: .4rem; }
.md-typeset .nbw-pg fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
.md-typeset .nbw-pg legend { padding: 0; font-weight: 700; }
.nbw-pg__radios label { display: block; margin: .15rem 0; }
.nbw-pg__buttons { display: flex; flex-wrap: wrap; gap: .35rem; margin: .4rem 0; }
.nbw-pg__form { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 10rem), 1fr)); gap: .35rem .6rem; }
.nbw-pg__form label { display: flex; flex-direction: column; gap: 2px; font-weight: 700; }
.nbw-pg__form small { font-weight: 400; color: #b00020; }
[data-md-color-scheme="slate"] .nbw-pg__form small { color: #ef9a9a; }
.md-typeset .nbw-pg input:not([type=range]):not([type=radio]):not([type=file]), .md-typeset .nbw-pg select, .md-typeset .nbw-pg textarea {
  font: inherit; font-weight: 400; font-size: .7rem; padding: .15rem .25rem; box-sizing: border-box; max-width: 100%;
  color: var(--md-default-fg-color); background: var(--md-default-bg-color);
  border: 1px solid var(--md-default-fg-color--light); border-radius: 2px; }
.md-typeset .nbw-pg input[aria-invalid=true] { border-color: #b00020; border-width: 2px; }
.md-typeset .nbw-pg textarea { width: 100%; font-family: var(--md-code-font-family, monospace); font-size: .6rem; }
.md-typeset .nbw-pg input.nbw-pg__link { width: 100%; font-family: var(--md-code-font-family, monospace); font-size: .6rem; }
.md-typeset .nbw-pg input[type=file] { font: inherit; font-size: .65rem; max-width: 100%; }
.md-typeset .nbw-pg button.nbw-ct__button:disabled { opacity: .55; cursor: default; background: transparent;
  color: var(--md-default-fg-color--light); border-color: var(--md-default-fg-color--light); }
.nbw-pg__readout { font-variant-numeric: tabular-nums; font-weight: 700; margin: .3rem 0; }
.nbw-pg__message { margin: .2rem 0; min-height: 1.2em; }
.nbw-pg__test { display: flex; flex-wrap: wrap; gap: .8rem; align-items: flex-start; }
.nbw-pg__test dl { display: grid; grid-template-columns: auto auto; gap: .15rem .6rem; margin: 0; font-variant-numeric: tabular-nums; }
.nbw-pg__test dt { font-weight: 700; }
.nbw-pg__test dd { margin: 0; }
.nbw-pg__verdict strong { font-size: 1.2rem; margin-left: .3rem; }
.md-typeset details.nbw-pg__details { margin: .5rem 0 0; font-size: inherit; }
.nbw-pg__field { display: flex; flex-direction: column; gap: 2px; margin: .35rem 0; }
.nbw-pg__field > label, .nbw-pg__field > span { font-weight: 700; }
`;

function style() {
  ctStyle();
  if (document.getElementById("nbw-pg-style")) return;
  const s = document.createElement("style");
  s.id = "nbw-pg-style";
  s.textContent = CSS;
  document.head.append(s);
}

function h(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "className") node.className = v;
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : String(v));
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

const sig = (v, n = 4) => (v === null || v === undefined ? "–" : String(Number(Number(v).toPrecision(n))));
const VERDICT_OF = { C: "C", T: "T", N: "neither" };
const BUDGET_MS = 15;
let uid = 0;

class Playground {
  constructor(element, ctx) {
    style();
    this.ctx = ctx;
    this.lang = ctx.lang === "ja" ? "ja" : "en";
    this.t = labelsOf(this.lang);
    this.id = `nbw-pg-${++uid}`;
    this.pending = [];          // changes not yet sent to Python
    this.inFlight = false;
    this.wanted = true;         // a refresh is due
    this.status = "waiting";
    this.history = [];
    this.runId = null;
    this.last = null;
    this.imagesKey = null;
    this.dirty = false;
    this.raf = 0;
    this.lastHeavy = 0;
    this.userChanged = false;
    this.dead = false;
    this._frame = this._frame.bind(this);
    this.root = h("div", { className: "nbw-ct nbw-pg", role: "group", "aria-label": this.t.widget, "data-state": "waiting" });
    this.statusLine = h("p", { className: "nbw-ct__status", "aria-live": "polite" }, this.t.waiting);
    this.errorLine = h("p", { className: "nbw-pg__error", role: "alert" });
    const panels = h("div", { className: "nbw-pg__panels" });
    panels.append(this._dataPanel(), this._settingsPanel(), this._trainPanel(), this._testPanel(),
      this._weightsPanel(), this._sharePanel());
    this.root.append(this.statusLine, this.errorLine, panels);
    element.append(this.root);

    // A link in the address: checked here first; a bad one leaves the default state.
    const hash = location.hash;
    if (hash.startsWith("#s=")) {
      try {
        this.pending.push({ load: decodeLink(hash.slice(3), this.lang) });
      } catch (err) {
        if (!(err instanceof StateError)) throw err;
        this.pending.push({ load: DEFAULT_STATE });
        this._error(this.t.badLink(err.message));
        this.linkError = true;
      }
    }
    ctx.onChange(() => { this.wanted = true; this._pump(); });
    this._pump();
  }

  // ---- building the panels -------------------------------------------------------------

  _panel(title, wide = false) {
    const section = h("section", { className: `nbw-pg__panel${wide ? " nbw-pg__panel--wide" : ""}` });
    this.panelCount = (this.panelCount || 0) + 1;
    const id = `${this.id}-h${this.panelCount}`;
    const heading = h("h3", { className: "nbw-pg__h", id }, title);
    section.setAttribute("aria-labelledby", id);
    section.append(heading);
    return section;
  }

  _button(parent, text, fn, attrs = {}) {
    const b = h("button", { type: "button", className: "nbw-ct__button", ...attrs }, text);
    b.addEventListener("click", fn);
    parent.append(b);
    return b;
  }

  _dataPanel() {
    const t = this.t;
    const panel = this._panel(t.dataHeading, true);
    this.dataSummary = h("p", { className: "nbw-pg__note", "aria-live": "polite" });
    this.imageList = h("ul", { className: "nbw-pg__images", "aria-label": t.dataHeading });
    panel.append(this.dataSummary, this.imageList);
    const draw = h("div", { className: "nbw-pg__draw" });
    const gridBox = h("div");
    gridBox.append(h("p", { className: "nbw-ct__heading" }, t.drawHeading));
    this.newGrid = new PixelGrid(gridBox, { lang: this.lang, label: t.newGrid, values: new Array(12).fill(0) });
    draw.append(gridBox);
    const right = h("div");
    const fieldset = h("fieldset", { className: "nbw-pg__radios" });
    fieldset.append(h("legend", {}, t.labelGroup));
    this.labelRadios = {};
    for (const label of ["C", "T", "N"]) {
      const input = h("input", { type: "radio", name: `${this.id}-label`, value: label });
      if (label === "C") input.checked = true;
      const lab = h("label");
      lab.append(input, document.createTextNode(` ${t.labelNames[label]}`));
      fieldset.append(lab);
      this.labelRadios[label] = input;
    }
    right.append(fieldset);
    const buttons = h("div", { className: "nbw-pg__buttons" });
    this.addButton = this._button(buttons, t.add, () => this._addImage());
    this._button(buttons, t.clear, () => { this.newGrid.values = new Array(12).fill(0); });
    right.append(buttons);
    draw.append(right);
    panel.append(draw);
    const more = h("div", { className: "nbw-pg__buttons" });
    this._button(more, t.slides, () => this._send({ images: SLIDE_IMAGES }));
    panel.append(more);
    return panel;
  }

  _settingsPanel() {
    const t = this.t;
    const panel = this._panel(t.settingsHeading);
    const form = h("div", { className: "nbw-pg__form" });
    this.controls = {};
    const select = (key, text, names) => {
      const label = h("label");
      label.append(document.createTextNode(text));
      const sel = h("select", { "data-setting": key });
      for (const [value, name] of Object.entries(names)) sel.append(h("option", { value }, name));
      sel.addEventListener("change", () => this._send({ settings: { [key]: sel.value } }));
      label.append(sel);
      form.append(label);
      this.controls[key] = { kind: "select", element: sel };
    };
    const number = (key, text, lo, hi, step, integer) => {
      const label = h("label");
      label.append(document.createTextNode(text));
      const input = h("input", { type: "number", min: lo, max: hi, step, inputmode: integer ? "numeric" : "decimal", "data-setting": key });
      const problem = h("small", { "aria-live": "polite" });
      input.addEventListener("change", () => {
        const v = input.valueAsNumber;
        const ok = Number.isFinite(v) && v >= lo && v <= hi && (!integer || Number.isInteger(v));
        input.setAttribute("aria-invalid", String(!ok));
        problem.textContent = ok ? "" : t.invalid(lo, hi);
        if (ok) this._send({ settings: { [key]: v } });
      });
      label.append(input, problem);
      form.append(label);
      this.controls[key] = { kind: "number", element: input, problem };
    };
    number("hidden", t.hidden, 1, LIMITS.hidden, 1, true);
    select("activation", t.activation, t.activations);
    select("method", t.method, t.methods);
    number("lr", t.lr, LIMITS.lr[0], LIMITS.lr[1], "any", false);
    select("init", t.init, t.inits);
    number("seed", t.seed, 0, LIMITS.seed, 1, true);
    number("epsilon", t.epsilon, LIMITS.epsilon[0], LIMITS.epsilon[1], "any", false);
    number("max_iter", t.maxIter, 0, LIMITS.maxIter, 1, true);
    this.armijoNote = h("p", { className: "nbw-pg__note" });
    panel.append(form, this.armijoNote, h("p", { className: "nbw-pg__note" }, t.outputNote));
    return panel;
  }

  _trainPanel() {
    const t = this.t;
    const panel = this._panel(t.trainHeading);
    const buttons = h("div", { className: "nbw-pg__buttons" });
    this.startButton = this._button(buttons, t.start, () => this.start(), { disabled: true });
    this.pauseButton = this._button(buttons, t.pause, () => this.pause(), { disabled: true });
    this.resetButton = this._button(buttons, t.reset, () => this.reset(), { disabled: true });
    this.readout = h("p", { className: "nbw-pg__readout", "data-value": "readout" }, "k = –, E = –");
    this.message = h("p", { className: "nbw-pg__message", "aria-live": "polite" });
    panel.append(buttons, this.readout, this.message);
    const chartBox = h("div");
    this.chart = new LineChart(chartBox, { label: t.chart, xLabel: t.xLabel, yLabel: t.yLabel, log: true,
      series: [{ name: "E" }, { name: "ε", colour: "#6b6b6b" }] });
    panel.append(chartBox, h("p", { className: "nbw-pg__note" }, t.resetNote));
    return panel;
  }

  _testPanel() {
    const t = this.t;
    const panel = this._panel(t.testHeading);
    const box = h("div", { className: "nbw-pg__test" });
    const gridBox = h("div");
    this.testGrid = new PixelGrid(gridBox, {
      lang: this.lang, label: t.testGrid,
      onChange: (values) => this._send({ x: numberOf(values) }, { quiet: false }),
    });
    box.append(gridBox);
    const out = h("div");
    const dl = h("dl");
    this.testCells = {};
    for (const key of ["z1", "z2"]) {
      const dd = h("dd", { "data-value": key }, "–");
      dl.append(h("dt", {}, key), dd);
      this.testCells[key] = dd;
    }
    const verdict = h("p", { className: "nbw-pg__verdict", "aria-live": "polite" });
    verdict.append(document.createTextNode(`${t.verdict}:`));
    this.testVerdict = h("strong", { "data-value": "verdict" }, "–");
    verdict.append(this.testVerdict);
    out.append(dl, verdict);
    box.append(out);
    panel.append(box);
    return panel;
  }

  _weightsPanel() {
    const t = this.t;
    const panel = this._panel(t.netHeading, true);
    this.netSvg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    this.netSvg.classList.add("nbw-net__svg");
    panel.append(this.netSvg);
    this.details = h("details", { className: "nbw-pg__details" });
    this.details.append(h("summary", {}, t.editWeights));
    this.editorBox = h("div");
    this.details.append(this.editorBox);
    this.details.addEventListener("toggle", () => { if (this.details.open) this._drawHeavy(true); });
    panel.append(this.details);
    return panel;
  }

  _sharePanel() {
    const t = this.t;
    const panel = this._panel(t.shareHeading, true);
    const buttons = h("div", { className: "nbw-pg__buttons" });
    this._button(buttons, t.copyLink, () => this.copyLink());
    this._button(buttons, t.download, () => this.download());
    panel.append(buttons);
    const linkField = h("div", { className: "nbw-pg__field" });
    const linkId = `${this.id}-link`;
    linkField.append(h("label", { for: linkId }, t.linkField));
    this.linkInput = h("input", { type: "text", id: linkId, readonly: true, className: "nbw-pg__link" });
    linkField.append(this.linkInput);
    this.shareNote = h("p", { className: "nbw-pg__note", "aria-live": "polite" });
    panel.append(linkField, this.shareNote);

    const fileField = h("div", { className: "nbw-pg__field" });
    const fileId = `${this.id}-file`;
    fileField.append(h("label", { for: fileId }, t.importFile));
    this.fileInput = h("input", { type: "file", id: fileId, accept: ".json,application/json" });
    this.fileInput.addEventListener("change", () => this._importFile());
    fileField.append(this.fileInput);
    const pasteField = h("div", { className: "nbw-pg__field" });
    const pasteId = `${this.id}-paste`;
    pasteField.append(h("label", { for: pasteId }, t.paste));
    this.pasteArea = h("textarea", { id: pasteId, rows: 3, spellcheck: "false" });
    pasteField.append(this.pasteArea);
    const pasteButtons = h("div", { className: "nbw-pg__buttons" });
    this._button(pasteButtons, t.importPasted, () => this._importText(this.pasteArea.value));
    panel.append(fileField, pasteField, pasteButtons);

    const pyField = h("div", { className: "nbw-pg__field" });
    const pyId = `${this.id}-python`;
    pyField.append(h("label", { for: pyId }, t.python));
    this.pythonArea = h("textarea", { id: pyId, rows: 6, readonly: true, spellcheck: "false" });
    pyField.append(this.pythonArea);
    const pyButtons = h("div", { className: "nbw-pg__buttons" });
    this._button(pyButtons, t.copyCode, () => this._copy(this.pythonArea, this.pythonArea.value, t.codeCopied));
    panel.append(pyField, pyButtons);
    return panel;
  }

  // ---- the reader's actions -------------------------------------------------------------

  _addImage() {
    const label = Object.keys(this.labelRadios).find((k) => this.labelRadios[k].checked) || "N";
    const images = this.last?.state.images || [];
    if (images.length >= LIMITS.images) {
      this._error(this.t.full(LIMITS.images));
      return;
    }
    this._send({ add: [numberOf(this.newGrid.values), label] });
  }

  start() {
    if (!this.last || this.status === "running" || this.status === "empty") return;
    this._error("");
    this.userChanged = true;
    this._setStatus("running");
    this._pump();
    this._schedule();
  }

  pause() {
    if (this.status !== "running") return;
    this._setStatus(this.inFlight ? "pausing" : "paused");
  }

  reset() {
    this._send({ reset: true });
  }

  _send(op, { quiet = false } = {}) {
    const last = this.pending[this.pending.length - 1];
    if (op.settings && last?.settings) Object.assign(last.settings, op.settings);
    else if (op.params && last?.params) Object.assign(last.params, op.params);
    else if (op.x !== undefined && last?.x !== undefined) last.x = op.x;
    else this.pending.push(op);
    if (!quiet) this.userChanged = true;
    if (!op.load) this.linkError = false;
    this._pump();
  }

  _importText(text) {
    let state;
    try {
      state = parseState(text, this.lang);
    } catch (err) {
      if (!(err instanceof StateError)) throw err;
      this._error(this.t.badFile(err.message));
      return;
    }
    this._error("");
    this.shareNote.textContent = this.t.imported;
    if (this.status === "running") this._setStatus("paused");
    this._send({ load: state });
  }

  _importFile() {
    const file = this.fileInput.files?.[0];
    if (!file) return;
    if (file.size > LIMITS.file) {
      this._error(this.t.badFile(this.t.why.long(LIMITS.file)));
      return;
    }
    file.text().then((text) => this._importText(text), () => this._error(this.t.badFile(this.t.why.utf8)));
    this.fileInput.value = "";
  }

  currentState() {
    if (!this.last) return null;
    return { ...this.last.state, w: this.last.w };
  }

  linkFor(state) {
    return `${location.href.split("#")[0]}#s=${encodeState(state)}`;
  }

  copyLink() {
    const state = this.currentState();
    if (!state) return;
    const link = this.linkFor(state);
    history.replaceState(history.state, "", link);
    this.linkInput.value = link;
    this._copy(this.linkInput, link, this.t.copied);
  }

  _copy(field, text, done) {
    const byHand = () => {
      field.focus();
      field.select();
      this.shareNote.textContent = this.t.copyByHand;
    };
    if (navigator.clipboard?.writeText) {
      navigator.clipboard.writeText(text).then(() => { this.shareNote.textContent = done; }, byHand);
    } else {
      byHand();
    }
  }

  download() {
    const state = this.currentState();
    if (!state) return;
    const blob = new Blob([JSON.stringify(state, null, 1) + "\n"], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: "playground.json" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // ---- Python ----------------------------------------------------------------------------

  _pump() {
    if (this.inFlight || this.dead) return;
    const running = this.status === "running";
    if (!running && !this.pending.length && !this.wanted) return;
    const req = { ops: this.pending, since: this.history.length, run: this.runId };
    if (running) {
      req.steps = 1000000;
      req.budget_ms = BUDGET_MS;
    }
    this.pending = [];
    this.wanted = false;
    this.inFlight = true;
    const code = `__import__("nnbook.widgets.playground", fromlist=["request"]).request(globals(), `
      + `${JSON.stringify(JSON.stringify(req))}, ${JSON.stringify(this.lang)})`;
    this.ctx.evaluate(code).then(
      (result) => this._receive(result, req),
      (err) => this._receive({ ok: false, error: String(err?.message || err) }, req),
    );
  }

  _receive(result, req) {
    this.inFlight = false;
    if (this.dead) return;
    const before = this.status;
    if (!result.ok || !result.value || result.value.id === undefined) {
      this._error(this.t.python_error(result.error || result.value?.error || "?"));
      if (before === "running" || before === "pausing") this._setStatus("paused");
    } else {
      const v = result.value;
      this._apply(v);
      if (v.error) this._error(this.t.python_error(v.error));
      else if (req.ops.length && !this.linkError) this._error("");
      let next = before;
      if (!v.state.images.length) next = "empty";
      else if (before === "pausing") next = "paused";
      else if (before === "running" && v.done) next = v.converged ? "converged" : v.diverged ? "diverged" : "limit";
      else if (before !== "running") {
        next = v.done && v.k > 0 ? (v.converged ? "converged" : v.diverged ? "diverged" : "limit")
          : v.k > 0 ? "paused" : "idle";
      }
      if (next !== before) this._setStatus(next);
    }
    const changed = req.ops.length > 0 || req.steps;
    if (changed && this.status !== "running") this.ctx.changed();
    this.dirty = true;
    this._schedule();
    if (this.status === "running" || this.pending.length || this.wanted) this._pump();
  }

  _apply(v) {
    if (v.id !== this.runId) {
      this.runId = v.id;
      this.history = [];
      this.chart.clear();
    }
    if (v.from === this.history.length) {
      this.history.push(...v.E_new);
      this.chart.append(0, v.E_new.map((_, i) => v.from + i), v.E_new);
    } else {
      this.history = this.history.slice(0, v.from).concat(v.E_new);
      this.chart.set(0, this.history.map((_, i) => i), this.history);
    }
    this.last = v;
  }

  _setStatus(status) {
    this.status = status;
    this.root.dataset.state = status;
    this.dirty = true;
    this._schedule();
  }

  _error(text) {
    this.errorLine.textContent = text;
  }

  // ---- drawing ------------------------------------------------------------------------------

  _schedule() {
    if (this.raf || this.dead) return;
    this.raf = requestAnimationFrame(this._frame);
  }

  _frame(now) {
    this.raf = 0;
    if (this.dead || !this.dirty) return;
    this.dirty = false;
    this._draw(now);
  }

  _draw(now) {
    const v = this.last;
    const t = this.t;
    const busy = this.status === "running" || this.status === "pausing";
    this.startButton.disabled = !v || busy || this.status === "empty" || this.status === "converged";
    this.pauseButton.disabled = this.status !== "running";
    this.resetButton.disabled = !v;
    if (!v) return;
    this.statusLine.textContent = "";
    const s = v.state;
    // the readout and the curve
    const E = v.E === null ? v.E_text : sig(v.E, 10);
    this.readout.textContent = t.readout(v.k, E);
    this.root.dataset.k = String(v.k);
    this.root.dataset.e = v.E === null ? v.E_text : String(v.E);
    this.root.dataset.run = String(v.id);
    this.chart.set(1, [0, Math.max(1, v.k)], [s.epsilon, s.epsilon]);
    this.chart.draw();
    let message = "";
    if (this.status === "converged") message = t.converged(v.k, sig(v.E, 6), s.epsilon);
    else if (this.status === "diverged") message = t.diverged(v.k);
    else if (this.status === "limit") message = t.limit(v.k, sig(v.E, 6));
    else if (this.status === "empty") message = t.empty;
    this.message.textContent = message;
    this.armijoNote.textContent = s.method === "armijo" ? t.armijo : "";
    this._syncControls(s);
    this._drawImages(v);
    this._drawTest(v);
    // heavier parts: at most every 150 ms while training runs
    if (!busy || !this.lastHeavy || now - this.lastHeavy > 150) this._drawHeavy(!busy, now);
    this.root.dataset.frames = String((Number(this.root.dataset.frames) || 0) + 1);
  }

  _drawHeavy(settled, now = performance.now()) {
    const v = this.last;
    if (!v) return;
    this.lastHeavy = now;
    const verdict = v.probe.verdict ? verdictText(v.probe.verdict, this.lang) : null;
    drawNetwork(this.netSvg, { sizes: v.sizes, weights: v.w, values: [v.probe.x, v.probe.h, v.probe.z], verdict, lang: this.lang });
    if (this.details.open) {
      const key = v.sizes.join("-");
      if (this.editorKey !== key) {
        this.editor?.destroy();
        this.editor = new WeightEditor(this.editorBox, {
          sizes: v.sizes, lang: this.lang,
          onEdit: (name, value) => this._send({ params: { [name]: value } }),
        });
        this.editorKey = key;
      }
      this.editor.values = v.w;
    }
    if (settled && this.status !== "running") {
      const state = this.currentState();
      this.pythonArea.value = pythonCell(state, v.w);
      const link = this.linkFor(state);
      this.linkInput.value = link;
      // the address follows the state once the reader changed something (never a bad link's)
      if (this.userChanged && !this.inFlight && !this.pending.length && !this.linkError) {
        history.replaceState(history.state, "", link);
      }
    }
  }

  _syncControls(s) {
    for (const [key, c] of Object.entries(this.controls)) {
      if (document.activeElement === c.element && c.kind === "number") continue;
      c.element.value = String(s[key]);
      if (c.kind === "number") {
        c.element.setAttribute("aria-invalid", "false");
        c.problem.textContent = "";
      }
    }
    this.controls.lr.element.disabled = s.method === "armijo";
  }

  _drawImages(v) {
    const t = this.t;
    const images = v.state.images;
    const key = JSON.stringify(images);
    if (key !== this.imagesKey) {
      this.imagesKey = key;
      const focusedRemove = this.imageList.contains(document.activeElement) ? document.activeElement.dataset.index : null;
      this.imageList.replaceChildren();
      this.cards = images.map(([n, label], i) => {
        const li = h("li", { "data-index": i });
        li.append(thumbnail(pixelsOf(n), { size: 8 }));
        const text = h("div", { className: "nbw-pg__card-text" });
        const name = h("strong", {}, t.card(i + 1, verdictText(VERDICT_OF[label], this.lang)));
        const z = h("span", { "data-value": "z" });
        const e = h("span", { "data-value": "e" });
        const verdict = h("span", { "data-value": "verdict" });
        const remove = h("button", { type: "button", className: "nbw-pg__remove", "aria-label": t.remove(i + 1), "data-index": i }, t.removeText);
        remove.addEventListener("click", () => this._send({ remove: i }));
        text.append(name, z, e, verdict, remove);
        li.append(text);
        this.imageList.append(li);
        return { li, z, e, verdict, label };
      });
      if (focusedRemove !== null) {
        const buttons = this.imageList.querySelectorAll("button");
        const target = buttons[Math.min(Number(focusedRemove), buttons.length - 1)];
        (target || this.addButton).focus();
      }
    }
    let right = 0;
    this.cards.forEach((c, i) => {
      const z = v.Z[i] || [null, null];
      c.z.textContent = `z = (${fmt(z[0], 2)}, ${fmt(z[1], 2)})`;
      c.e.textContent = `e = ${sig(v.e[i], 4)}`;
      const ok = v.verdicts[i] === VERDICT_OF[c.label];
      if (ok) right++;
      c.verdict.textContent = `→ ${v.verdicts[i] ? verdictText(v.verdicts[i], this.lang) : "–"} (${ok ? t.right : t.wrong})`;
      c.li.classList.toggle("nbw-pg__wrong", !ok);
    });
    this.dataSummary.textContent = images.length ? t.dataSummary(images.length, right) : t.empty;
  }

  _drawTest(v) {
    const p = v.probe;
    if (!this.pending.some((op) => op.x !== undefined)) this.testGrid.values = p.x;
    this.testCells.z1.textContent = fmt(p.z[0], 3);
    this.testCells.z2.textContent = fmt(p.z[1], 3);
    this.testVerdict.textContent = p.verdict ? verdictText(p.verdict, this.lang) : "–";
  }

  destroy() {
    this.dead = true;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.editor?.destroy();
  }
}

export function mount(element, ctx) {
  const pg = new Playground(element, ctx);
  return { destroy() { pg.destroy(); } };
}
