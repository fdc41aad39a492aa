// Overfitting (chapter 8): a 12-H-2 network trained by Adam on the training
// half of nnbook.data.letters(), with weight decay λ and dropout p; the
// total error on the training images and on the test images after every
// iteration, the final errors and how many test images it reads right.
//
// Computed by nnbook in the page's Python session, a few iterations per
// evaluate (py/nnbook/widgets/techniques.py, overfit_sync). Shared with the cells:
//   overfit   an Overfit: .hidden, .weight_decay, .dropout (read and written),
//             .k, .E_train, .E_test, .net, .accuracy(), .run(n), .reset()
import { el, installStyle } from "./kit/dom.mjs";
import { LineChart } from "./kit/chart.mjs";

const LAMBDAS = [0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1];
const DROPOUTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
const COLOURS = { train: "#1e88e5", test: "#e65100" };
const CHUNK = 25;       // iterations per evaluate (≈ 15–25 ms in Pyodide)
const FRAME_MS = 34;    // at most ~30 frames a second

const LABELS = {
  en: {
    title: "Overfitting: training and test error",
    hidden: "Hidden units H",
    lambda: "Weight decay λ",
    dropout: "Dropout p",
    train: "Train", stop: "Stop",
    waiting: "Waiting for Python…",
    chart: "Total error E on the training images and on the test images against the iteration k (log scale)",
    trainSeries: (P) => `E on the training set (${P} images)`,
    testSeries: (P) => `E on the test set (${P} images)`,
    curvesFor: (u) => `Curves for 12-${u.hidden}-2, λ = ${u.weight_decay}, p = ${u.dropout}; Adam, η = ${u.lr}.`,
    changed: "The settings have changed since these curves: press Train to train with them.",
    ready: (n) => `Press Train to run ${n} iterations.`,
    progress: (k, n) => `k = ${k} of ${n}`,
    errors: (Etr, Pt, Ete, Pe) => `E_train = ${Etr} (${Pt} images), E_test = ${Ete} (${Pe} images).`,
    best: (k, E) => `E_test was smallest at k = ${k} (${E}).`,
    right: (t, T, pct, r, R) => `Read right: ${t} of ${T} test images (${pct}), ${r} of ${R} training images.`,
    diverged: "Training diverged (E is not finite).",
    done: (k) => `Finished: ${k} iterations.`,
    stopped: (k) => `Stopped at k = ${k}.`,
  },
  ja: {
    title: "過学習: 訓練データとテストデータの誤差",
    hidden: "隠れ層のユニット数 H",
    lambda: "荷重減衰 λ",
    dropout: "ドロップアウト p",
    train: "学習", stop: "停止",
    waiting: "Python を待っています…",
    chart: "訓練画像とテスト画像での誤差の総和 E と反復回数 k (対数目盛)",
    trainSeries: (P) => `訓練データでの E (${P} 枚)`,
    testSeries: (P) => `テストデータでの E (${P} 枚)`,
    curvesFor: (u) => `曲線は 12-${u.hidden}-2、λ = ${u.weight_decay}、p = ${u.dropout}、Adam (η = ${u.lr}) のもの。`,
    changed: "この曲線のあとで設定が変わりました。「学習」を押すと新しい設定で学習します。",
    ready: (n) => `「学習」を押すと ${n} 回反復します。`,
    progress: (k, n) => `k = ${k} / ${n}`,
    errors: (Etr, Pt, Ete, Pe) => `E_train = ${Etr} (${Pt} 枚)、E_test = ${Ete} (${Pe} 枚)。`,
    best: (k, E) => `E_test が最小だったのは k = ${k} (${E})。`,
    right: (t, T, pct, r, R) => `正しく読めた画像: テスト ${T} 枚中 ${t} 枚 (${pct})、訓練 ${R} 枚中 ${r} 枚。`,
    diverged: "学習が発散しました (E が有限でありません)。",
    done: (k) => `終了: ${k} 回反復しました。`,
    stopped: (k) => `k = ${k} で停止しました。`,
  },
};

const CSS = `
.nbw-overfit { border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem; padding: .6rem; font-size: .75rem; }
.nbw-overfit__controls { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: end; margin-bottom: .5rem; }
.nbw-overfit__slider { display: flex; flex-direction: column; flex: 1 1 9rem; min-width: 0; max-width: 16rem; }
.nbw-overfit__slider label { display: flex; justify-content: space-between; gap: .3rem; font-weight: 700; }
.nbw-overfit__slider input { width: 100%; accent-color: var(--md-primary-fg-color); }
.nbw-overfit button { font: inherit; font-weight: 700; padding: .25rem .8rem; border-radius: .2rem; cursor: pointer; min-width: 5rem;
  color: var(--md-typeset-a-color); background: var(--md-default-bg-color); border: 1px solid var(--md-typeset-a-color); }
.nbw-overfit button:hover, .nbw-overfit button:focus-visible { color: var(--md-default-bg-color); background: var(--md-typeset-a-color); }
.nbw-overfit :focus-visible { outline: 2px solid var(--md-accent-fg-color); outline-offset: 2px; }
.nbw-overfit__chart { max-width: 34rem; }
.nbw-overfit .nb-chart { color: var(--md-default-fg-color); }
.nbw-overfit .nb-chart__legend { font-size: .7rem; }
.nbw-overfit p { margin: .3rem 0; }
.nbw-overfit__k { font-family: var(--md-code-font-family); font-weight: 700; }
.nbw-overfit__note[data-changed=true] { font-weight: 700; border-left: 4px solid var(--md-accent-fg-color); padding-left: .4rem; }
.nbw-overfit__problem { font-weight: 700; border-left: 4px solid var(--md-accent-fg-color); padding-left: .4rem; }
`;

function fmt(v, digits = 4) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(digits - 2).replace("e+", "e");
  return String(Number(v.toPrecision(digits)));
}

function nearest(list, value) {
  let best = 0;
  for (let i = 1; i < list.length; i++) if (Math.abs(list[i] - value) < Math.abs(list[best] - value)) best = i;
  return best;
}

let uid = 0;

export function mount(element, ctx) {
  installStyle("nbw-overfit-style", CSS);
  const L = LABELS[ctx.lang] || LABELS.en;
  const id = `nbw-overfit-${++uid}`;
  element.classList.add("nbw-overfit");
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", L.title);

  function slider(key, name, min, max, text) {
    const sid = `${id}-${key}`;
    const input = el("input", { type: "range", id: sid, min, max, step: 1 });
    const out = el("output", { for: sid });
    const box = el("div", { class: "nbw-overfit__slider" },
      el("label", { for: sid }, el("span", { text: name }), out), input);
    const set = (value) => {
      if (out.textContent !== text(value)) out.textContent = text(value);   // <output> is live: only real changes
      input.setAttribute("aria-valuetext", `${name} = ${text(value)}`);
    };
    return { input, out, box, set };
  }
  const hiddenS = slider("hidden", L.hidden, 1, 30, (v) => String(v));
  const lambdaS = slider("lambda", L.lambda, 0, LAMBDAS.length - 1, (v) => String(v));
  const dropoutS = slider("dropout", L.dropout, 0, DROPOUTS.length - 1, (v) => String(v));
  const trainBtn = el("button", { type: "button", text: L.train });
  const kText = el("span", { class: "nbw-overfit__k" });

  const chartBox = el("div", { class: "nbw-overfit__chart" });
  let chart = null;
  let chartSizes = null;
  const note = el("p", { class: "nbw-overfit__note" });
  const readout = el("p", { class: "nbw-overfit__readout", role: "status", "aria-live": "polite", text: L.waiting });
  const results = el("p", { class: "nbw-overfit__results" });

  element.replaceChildren(
    el("div", { class: "nbw-overfit__controls" }, hiddenS.box, lambdaS.box, dropoutS.box,
      el("div", {}, trainBtn, " ", kText)),
    chartBox, note, readout, results,
  );

  function makeChart(sizes) {
    const key = `${sizes.train}/${sizes.test}`;
    if (chart && chartSizes === key) return;
    chartBox.replaceChildren();
    chart = new LineChart(chartBox, {
      label: L.chart, xLabel: "k", yLabel: "E", log: true,
      series: [{ name: L.trainSeries(sizes.train), colour: COLOURS.train },
        { name: L.testSeries(sizes.test), colour: COLOURS.test, dash: "6 3" }],
    });
    chartSizes = key;
  }

  // ---- state and talking to Python ----------------------------------------------------------------
  const store = { generation: null, k: -1, E_train: [], E_test: [], last: null };
  let running = false;
  let inFlight = false;
  let pending = null;
  let destroyed = false;
  const edited = {};    // slider values sent, not yet confirmed

  function setRunning(on) {
    running = on;
    element.dataset.running = String(on);
    trainBtn.textContent = on ? L.stop : L.train;
  }

  function request(command = {}) {
    pending = pending || {};
    for (const [key, value] of Object.entries(command)) {
      pending[key] = typeof value === "object" ? { ...(pending[key] || {}), ...value } : value;
    }
    if (!inFlight) send();
  }

  async function send() {
    const command = pending || {};
    pending = null;
    if (running) command.run = CHUNK;
    inFlight = true;
    element.dataset.busy = "true";
    const have = store.generation === null ? null : { generation: store.generation, k: store.k };
    const lang = JSON.stringify(ctx.lang === "ja" ? "ja" : "en");
    const json = (v) => `__import__("json").loads(${JSON.stringify(JSON.stringify(v))})`;
    const code = `__import__("nnbook.widgets.techniques", fromlist=["overfit_sync"]).overfit_sync(globals(), ${json(command)}, ${have ? json(have) : "None"}, ${lang})`;
    let result;
    try {
      result = await ctx.evaluate(code);
    } catch (err) {
      result = { ok: false, error: String(err) };
    }
    inFlight = false;
    element.dataset.busy = "false";
    if (destroyed) return;
    if (command.set) for (const key of Object.keys(command.set)) if (edited[key] === command.set[key]) delete edited[key];
    const changedPython = Boolean(command.run || command.train || command.set);
    if (result.ok && result.value && !result.value.problem) {
      apply(result.value);
      if (changedPython && !running) ctx.changed();
    } else {
      const text = result.ok && result.value ? result.value.problem
        : (result.error || "").split("\n").filter(Boolean).slice(-1)[0] || result.error;
      if (text) {
        readout.textContent = "";
        readout.replaceChildren(el("span", { class: "nbw-overfit__problem", text }));
      }
      setRunning(false);
    }
    if (pending || (running && !(store.last && store.last.done))) send();
  }

  function apply(v) {
    if (v.generation !== store.generation || v.from === 0) {
      store.E_train = [];
      store.E_test = [];
      store.generation = v.generation;
    }
    store.E_train.push(...v.E_train);
    store.E_test.push(...v.E_test);
    store.k = v.k;
    store.last = v;
    element.dataset.generation = String(v.generation);
    element.dataset.k = String(v.k);
    const s = v.settings;
    if (!("hidden" in edited)) { hiddenS.input.value = String(s.hidden); hiddenS.set(s.hidden); }
    if (!("weight_decay" in edited)) { lambdaS.input.value = String(nearest(LAMBDAS, s.weight_decay)); lambdaS.set(s.weight_decay); }
    if (!("dropout" in edited)) { dropoutS.input.value = String(nearest(DROPOUTS, s.dropout)); dropoutS.set(s.dropout); }
    if (v.done && running) setRunning(false);
    makeChart(v.sizes);
    scheduleDraw();
  }

  // ---- drawing (throttled to ~30 frames a second) ----------------------------------------------
  let drawTimer = null;
  let lastDraw = 0;
  function scheduleDraw() {
    if (drawTimer !== null) return;
    const wait = Math.max(0, FRAME_MS - (performance.now() - lastDraw));
    drawTimer = setTimeout(() => requestAnimationFrame(() => {
      drawTimer = null;
      if (destroyed) return;
      lastDraw = performance.now();
      draw();
    }), wait);
  }

  function draw() {
    const v = store.last;
    if (!v) return;
    kText.textContent = L.progress(v.k, v.iterations);
    const ks = store.E_train.map((_, k) => k);
    chart.set(0, ks, store.E_train.map((e) => (e === null ? NaN : e)));
    chart.set(1, ks, store.E_test.map((e) => (e === null ? NaN : e)));
    chart.draw();
    note.dataset.changed = String(v.changed);
    note.textContent = v.changed ? `${L.curvesFor(v.used)} ${L.changed}` : L.curvesFor(v.used);
    const [t, T] = v.accuracy.test;
    const [r, R] = v.accuracy.train;
    const sentences = [];
    if (v.k === 0 && !running) sentences.push(L.ready(v.iterations));
    else if (v.diverged) sentences.push(L.diverged);
    else if (v.done) sentences.push(L.done(v.k));
    else if (!running) sentences.push(L.stopped(v.k));
    readout.textContent = sentences.join(" ");
    results.textContent = `${L.errors(fmt(v.last.E_train), v.sizes.train, fmt(v.last.E_test), v.sizes.test)} ${L.best(v.best_test.k, fmt(v.best_test.E))} ${L.right(t, T, `${(100 * t / T).toFixed(1)} %`, r, R)}`;
    Object.assign(results.dataset, {
      k: String(v.k), eTrain: String(v.last.E_train), eTest: String(v.last.E_test),
      testRight: String(t), testTotal: String(T), trainRight: String(r), trainTotal: String(R),
      bestK: String(v.best_test.k),
    });
    element.dataset.drawnK = String(v.k);
  }

  // ---- events --------------------------------------------------------------------------------
  function onSlider(S, key, value) {
    S.set(value);
    edited[key] = value;
    request({ set: { [key]: value } });
  }
  hiddenS.input.addEventListener("input", () => onSlider(hiddenS, "hidden", +hiddenS.input.value));
  lambdaS.input.addEventListener("input", () => onSlider(lambdaS, "weight_decay", LAMBDAS[+lambdaS.input.value]));
  dropoutS.input.addEventListener("input", () => onSlider(dropoutS, "dropout", DROPOUTS[+dropoutS.input.value]));
  trainBtn.addEventListener("click", () => {
    if (running) { setRunning(false); return; }
    setRunning(true);
    readout.textContent = "";
    request({ train: true });
  });

  ctx.onChange(() => request());
  element.dataset.running = "false";
  request();

  return {
    destroy() {
      destroyed = true;
      running = false;
      clearTimeout(drawTimer);
    },
  };
}
