// Overfitting (chapter 8): a 12-H-2 network trained by Adam on the training
// half of nnbook.data.letters(), with weight decay λ and dropout p; the
// total error on the training images and on the test images after every
// iteration, the final errors and how many test images it reads right.
//
// Python half: nnbook.widgets.overfitting.sync, 25 iterations per round
// (kit/rounds.mjs). Shared with the cells:
//   overfit   an Overfit: .hidden, .weight_decay, .dropout (read and written),
//             .k, .E_train, .E_test, .net, .accuracy(), .run(n), .reset()
import { el, widgetRoot } from "./kit/dom.mjs";
import { LineChart } from "./kit/chart.mjs";
import { fixed, significant, trimmed } from "./kit/format.mjs";
import { Rounds, startPauseButton, throttled } from "./kit/rounds.mjs";
import LABELS from "./overfitting.labels.json" with { type: "json" };

export { LABELS };

const LAMBDAS = [0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1];
const DROPOUTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
const CHUNK = 25;       // iterations per round (≈ 15–25 ms in Pyodide)

function nearest(list, value) {
  let best = 0;
  for (let i = 1; i < list.length; i++) if (Math.abs(list[i] - value) < Math.abs(list[best] - value)) best = i;
  return best;
}

const setting = (v) => trimmed(v, 4);

/** A slider over `values` (at positions first, first + 1, …) that calls pick(value); .set(value) shows one. */
function valueSlider(sid, label, values, first, pick) {
  const input = el("input", { type: "range", id: sid, min: first, max: first + values.length - 1, step: 1 });
  const out = el("output", { for: sid });
  const show = (value) => {
    const text = setting(value);
    if (out.textContent !== text) out.textContent = text;   // <output> is live: only real changes
    input.setAttribute("aria-valuetext", `${label} = ${text}`);
  };
  input.addEventListener("input", () => {
    const value = values[+input.value - first];
    show(value);
    pick(value);
  });
  const box = el("div", { class: "nbw-overfit__slider" }, el("label", { for: sid }, el("span", { text: label }), out), input);
  return { box, set(value) { input.value = String(first + nearest(values, value)); show(value); } };
}

/** The final errors, the best test error and how many images are read right (its numbers in data-*). */
function showResults(results, v, t) {
  const [right, T] = v.accuracy.test;
  const [r, R] = v.accuracy.train;
  results.textContent = `${t.errors(significant(v.last.E_train), v.sizes.train, significant(v.last.E_test), v.sizes.test)} `
    + `${t.best(v.best_test.k, significant(v.best_test.E))} ${t.right(right, T, `${fixed(100 * right / T, 1)} %`, r, R)}`;
  Object.assign(results.dataset, {
    k: String(v.k), eTrain: String(v.last.E_train), eTest: String(v.last.E_test),
    testRight: String(right), testTotal: String(T), trainRight: String(r), trainTotal: String(R),
    bestK: String(v.best_test.k),
  });
}

export function mount(element, ctx) {
  const t = ctx.t;
  const id = widgetRoot(element, "nbw-overfit", t.title);
  element.dataset.running = "false";

  const slider = (key, label, values, first = 0) =>
    valueSlider(`${id}-${key}`, label, values, first, (value) => rounds.send({ set: { [key]: value } }));
  const HIDDEN = Array.from({ length: 30 }, (_, i) => i + 1);
  const sliders = {
    hidden: slider("hidden", t.hidden, HIDDEN, 1),
    weight_decay: slider("weight_decay", t.lambda, LAMBDAS),
    dropout: slider("dropout", t.dropout, DROPOUTS),
  };
  const trainBtn = el("button", { type: "button", text: t.train });
  const kText = el("span", { class: "nbw-overfit__k" });
  const chartBox = el("div", { class: "nbw-overfit__chart" });
  const note = el("p", { class: "nbw-overfit__note" });
  const readout = el("p", { class: "nbw-overfit__readout", role: "status", "aria-live": "polite", text: t.waiting });
  const results = el("p", { class: "nbw-overfit__results" });
  element.replaceChildren(
    el("div", { class: "nbw-overfit__controls" }, ...Object.values(sliders).map((s) => s.box),
      el("div", {}, trainBtn, " ", kText)),
    chartBox, note, readout, results,
  );

  // before Python answers: the sliders at Overfit's defaults, rendered by the build (data-defaults)
  if (element.dataset.defaults) {
    const { settings } = JSON.parse(element.dataset.defaults);
    for (const [key, s] of Object.entries(sliders)) s.set(settings[key]);
  }

  let chart = null;
  let chartSizes = null;
  function makeChart(sizes) {
    const key = `${sizes.train}/${sizes.test}`;
    if (chart && chartSizes === key) return;
    chartBox.replaceChildren();
    chart = new LineChart(chartBox, {
      label: t.chart, xLabel: "k", yLabel: "E", log: true,
      series: [{ name: t.trainSeries(sizes.train) }, { name: t.testSeries(sizes.test), dash: "6 3" }],
    });
    chartSizes = key;
  }

  // ---- Python, in rounds ------------------------------------------------------------------------
  const frame = throttled(draw);
  const rounds = new Rounds(ctx, {
    chunk: () => CHUNK,
    series: (v) => ({ E_train: v.E_train, E_test: v.E_test }),
    onAnswer(v) {
      element.dataset.generation = String(v.generation);
      element.dataset.k = String(v.k);
      for (const [key, s] of Object.entries(sliders)) s.set(v.settings[key]);
      setRunning(rounds.running);
      makeChart(v.sizes);
      frame.schedule();
    },
    onError(text) {
      readout.replaceChildren(el("span", { class: "nbw-overfit__problem", text }));
      setRunning(false);
    },
    onBusy(busy) { element.dataset.busy = String(busy); },
  });

  function setRunning(on) {
    element.dataset.running = String(on);
    trainBtn.textContent = on ? t.stop : t.train;
  }

  // ---- drawing ----------------------------------------------------------------------------------
  function draw() {
    const v = rounds.histories.last;
    const { E_train = [], E_test = [] } = rounds.histories.series;
    if (!v || !chart) return;
    const running = rounds.running;
    kText.textContent = t.progress(v.k, v.iterations);
    const ks = E_train.map((_, k) => k);
    chart.set(0, ks, E_train.map((e) => (e === null ? NaN : e)));
    chart.set(1, ks, E_test.map((e) => (e === null ? NaN : e)));
    chart.draw();
    const used = Object.fromEntries(Object.entries(v.used).map(([k, x]) => [k, setting(x)]));
    note.dataset.changed = String(v.changed);
    const curves = t.curvesFor(used.hidden, used.weight_decay, used.dropout, used.lr);
    note.textContent = v.changed ? `${curves} ${t.changed}` : curves;
    let sentence = "";
    if (v.k === 0 && !running) sentence = t.ready(v.iterations);
    else if (v.diverged) sentence = t.diverged;
    else if (v.done) sentence = t.done(v.k);
    else if (!running) sentence = t.stopped(v.k);
    readout.textContent = sentence;
    showResults(results, v, t);
    element.dataset.drawnK = String(v.k);
  }

  // ---- the button -------------------------------------------------------------------------------
  startPauseButton(trainBtn, rounds, {
    setRunning,
    paused: () => frame.schedule(),   // draws "Stopped at k = …"
    change: () => {
      readout.textContent = "";
      return { train: true };
    },
  });

  rounds.refresh();
  return {
    destroy() {
      rounds.destroy();
      frame.cancel();
    },
  };
}
