// Component (registers nothing): the trainer core, the view of a training run shared by the
// trainer (chapter 7) and the playground (chapter 9): Start, Pause, Step, Reset, the status in
// words, "k = …, E = …" and the curve of E. It plays on the kit's one run loop (kit/rounds.mjs
// Rounds: one call in flight, rounds paced, the history streamed as its new points only).
// Its Python half is nnbook.widgets.training_run (Run, run_payload), reached through the
// widget's own entry point.
//
//   const core = new TrainerCore(ctx, {
//     root,                          the widget's root: gets data-state, data-k, data-e, data-run, data-frames
//     fn, args(req),                 the widget's entry point and its arguments for one round's `req`
//     merge(older, newer),           two waiting changes as one
//     reset,                         the change of Reset
//     buttons,                       which of start, pause, step, reset to show
//     resume,                        Start goes on after the iteration limit or a divergence
//     speed,                         the first speed ("watch" | "quick" | "full")
//     afterConverged,                words after "Converged: …": how the reader can train further
//     refused(why),                  Python's refusal in the widget's words
//     onAnswer(v, change),           every newest answer, before the core draws
//     onDraw(v, how),                at most once a frame while training, at once otherwise
//   });
//   core.bar, core.readout, core.statusLine, core.errorLine, core.chartBox: elements to place
//   core.start() pause() step() reset() send(change, {stop}) refresh() showError(text) destroy()
//   core.speed   core.status   core.last (the newest answer)   core.link (the loop's link)
//
// A round's `req` holds the change, `steps` (at full speed: as many as fit in BUDGET_MS) and
// `have` (what is drawn, common.first_new). Python's answer (training_run.run_payload):
// generation, k, E, E_text, from, E_new, eta, stalled, done, converged, diverged, Z, verdicts,
// wants, settings… `stalled` (E flat, units saturated) is said in words while running, paused
// and at the limit.
import { LineChart } from "./chart.mjs";
import { el } from "./dom.mjs";
import { labelsFor } from "./labels.mjs";
import { integer, significant, trimmed } from "./format.mjs";
import { Rounds, throttled } from "./rounds.mjs";
import LABELS from "./trainer.labels.json" with { type: "json" };

/** Iterations per round at each speed: rounds come at most every FRAME_MS (~30 a second), so
 *  "watch" is ~60 iterations a second, "quick" ~600; "full": as many as fit in BUDGET_MS. */
export const SPEEDS = { watch: 2, quick: 20, full: 1000000 };
const BUDGET_MS = 15;           // a round at full speed: as many iterations as fit in this
const NETWORK_EVERY_MS = 200;   // onDraw's heavy parts: at most this often while training
const READOUT_DIGITS = 10;      // significant digits of E in "k = …, E = …"

/**
 * The status after an answer: the pure rule both widgets follow.
 * before: the status when the round was asked for; v: the answer; resume: see above.
 */
export function nextStatus(before, v) {
  if (v.generation === undefined) return "error";
  if (!v.Z.length) return "empty";
  if (v.done) return v.converged ? "converged" : v.diverged ? "diverged" : "limit";
  if (before === "pausing" || (before === "running" && v.error)) return "paused";
  if (before === "running" || before === "paused" || before === "idle") return before;
  return v.k > 0 ? "paused" : "idle";
}

let uid = 0;

export class TrainerCore {
  constructor(ctx, { root, fn, args, merge, reset, buttons = ["start", "pause", "step", "reset"], resume = false,
    speed = "watch", refused = (why) => why, afterConverged = "", onAnswer = () => {}, onDraw = () => {} }) {
    this.ctx = ctx;
    this.t = labelsFor(ctx.lang, LABELS);
    this.root = root;
    this.resetChange = reset;
    this.resume = resume;
    this.afterConverged = afterConverged;
    this.speed = SPEEDS[speed] ? speed : "watch";
    this.onAnswer = onAnswer;
    this.refused = refused;
    this.pythonError = false;   // the error line holds Python's words (cleared by its next good answer)
    this.onDraw = onDraw;
    this.id = ++uid;
    this.status = "waiting";
    this.last = null;
    this.frames = 0;
    this.dirty = false;
    this.dead = false;
    this.heavyDrawn = 0;
    this.error = "";
    this.notice = "";
    this.frame = throttled(() => this._flush());
    this.rounds = new Rounds(ctx, {
      fn, merge,
      chunk: () => SPEEDS[this.speed],
      series: (v) => ({ E: v.E_new || [] }),
      args: (command, have) => args(this._request(command, have)),
      onAnswer: (v, change) => this._answer(v, change),
      onError: (message) => this._failed(message),
    });
    this.link = this.rounds.link;
    this._build(buttons);
    root.dataset.state = "waiting";
    root.dataset.k = "";
    root.dataset.e = "";
    root.dataset.frames = "0";
  }

  _build(buttons) {
    const t = this.t;
    this.bar = el("div", { class: "nbw-tr__bar" });
    this.buttons = {};
    for (const name of buttons) {
      const b = el("button", { type: "button", class: "nbw-ct__button", text: t[name] });
      b.disabled = true;
      b.addEventListener("click", () => this[name]());
      this.buttons[name] = b;
      this.bar.append(b);
    }
    this.readout = el("span", { class: "nbw-tr__readout", "data-value": "readout", text: "k = —, E = —" });
    this.bar.append(this.readout);
    this.statusLine = el("p", { class: "nbw-tr__status", "aria-live": "polite", text: t.waiting });
    this.errorLine = el("p", { class: "nbw-tr__error", role: "alert" });
    this.chartBox = el("div", { class: "nbw-tr__chart" });
    this.chart = new LineChart(this.chartBox, {
      label: t.chart, xLabel: t.xLabel, yLabel: t.yLabel, log: true,
      series: [{ name: "E", dot: true }, { name: "ε", colour: "#e65100" }],
    });
    const logId = `nbw-tr-log-${this.id}`;
    this.logBox = el("input", { type: "checkbox", id: logId });
    this.logBox.checked = true;
    this.logBox.addEventListener("change", () => { this.chart.setLog(this.logBox.checked); this._countFrame(); });
    this.chartBox.append(el("div", { class: "nbw-tr__check" }, this.logBox, el("label", { for: logId, text: t.log })));
  }

  // ---- the reader's actions ----------------------------------------------------------

  get done() { return Boolean(this.last?.done); }

  canStart() {
    if (!this.last || this.status === "waiting" || this.status === "empty") return false;
    if (this.resume) return !["running", "pausing", "converged"].includes(this.status);
    return !this.done && ["idle", "paused", "pausing", "error"].includes(this.status);
  }

  start() {
    if (!this.canStart()) return;
    this.notice = "";
    this._setStatus("running");
    this.rounds.start();
  }

  pause() {
    if (this.status !== "running") return;
    // A round already sent still lands (its iterations have happened); then nothing more.
    const busy = this.link.waiting;
    this._setStatus(busy ? "pausing" : "paused");
    if (!busy) {
      this._flush();      // an answer still waiting for its frame is drawn now, not after "paused"
      this.ctx.changed();
    }
  }

  step() {
    if (!["idle", "paused", "error"].includes(this.status) || !this.last || this.done) return;
    this.notice = "";
    this._setStatus("paused");
    this.link.send({ steps: 1 });
  }

  reset() {
    if (this.status === "waiting" && !this.last) return;
    this.notice = "";
    this.send(this.resetChange, { stop: true });
  }

  /** A change from the reader; stop: training stops (a new run starts at k = 0). */
  send(change, { stop = false } = {}) {
    if (stop && this.status !== "waiting" && this.status !== "empty") this._setStatus("idle");
    this.link.send(change);
  }

  refresh() { this.link.refresh(); }

  /** Say what went wrong (""; nothing); `python`: Python's words, gone with its next good answer. */
  showError(text, { python = false } = {}) {
    this.error = text || "";
    this.pythonError = python && Boolean(text);
    if (this.errorLine.textContent !== this.error) this.errorLine.textContent = this.error;
  }

  /** The widget cannot work: say why, in words, and stop waiting. */
  fail(text) {
    this.showError(text);
    this._setStatus("error");
  }

  destroy() {
    this.dead = true;
    this.rounds.destroy();
    this.frame.cancel();
  }

  // ---- Python ----------------------------------------------------------------------------

  /** A round's `req`: the change; `steps` while running (Rounds' `run`), and what is drawn. */
  _request({ run, ...change }, have) {
    const req = { ...change, have };
    if (have === null) req.full = true;
    if (run && !req.steps) {
      req.steps = run;
      if (this.speed === "full") req.budget_ms = BUDGET_MS;
    }
    return req;
  }

  _answer(v, change) {
    const before = this.status;
    if (v.generation === undefined) {
      this.showError(this.refused(v.error || ""), { python: true });
      this._setStatus("error");
      return;
    }
    this._take(v);
    if (v.error) this.showError(this.refused(v.error), { python: true });
    else if (this.pythonError) this.showError("");
    const next = nextStatus(before, v);
    if (next !== before) this._setStatus(next);
    try { this.onAnswer(v, change); } catch (err) { console.error(err); }
    this.dirty = true;
    // While running, answers are drawn once a frame; otherwise at once, so that the state, the
    // numbers and the picture change together and nothing is redrawn after "paused" shows.
    if (this.status === "running") this.frame.schedule();
    else this._flush();
  }

  _failed(message) {
    this.showError(this.t.failed(message), { python: true });
    if (this.status === "running" || this.status === "pausing") this._setStatus("paused");
    else if (this.status === "waiting" || !this.last) this._setStatus("error");
    else this._message();
  }

  _take(v) {
    const E = this.rounds.histories.series.E;
    const ks = E.map((_, i) => i);
    if (v.from === 0) this.chart.set(0, ks, E);
    else this.chart.append(0, ks.slice(v.from), v.E_new);
    this.last = v;
    // The numbers for tests and scripts follow every answer at once (the picture, each frame).
    this.root.dataset.k = String(v.k);
    this.root.dataset.e = v.E === null ? v.E_text : String(v.E);
    this.root.dataset.run = String(v.generation);
  }

  // ---- drawing ---------------------------------------------------------------------------

  _flush() {
    if (!this.dirty || this.dead) return;
    this.dirty = false;
    this._draw(performance.now());
  }

  _countFrame() {
    this.frames++;
    this.root.dataset.frames = String(this.frames);
  }

  _draw(now) {
    const v = this.last;
    this._updateButtons();
    this._message();
    if (!v) return;
    const eps = v.settings?.epsilon ?? v.state?.epsilon;
    this.chart.set(1, [0, Math.max(10, v.k)], [eps, eps]);   // the k axis starts out 0 … 10
    this.chart.draw();
    this._countFrame();
    const E = v.E === null ? v.E_text : significant(v.E, READOUT_DIGITS);
    let readout = this.t.readout(integer(v.k), E);
    if (v.settings?.method === "armijo" && v.eta !== null) readout += `, η = ${significant(v.eta, 4)}`;
    if (this.readout.textContent !== readout) this.readout.textContent = readout;
    const busy = this.status === "running" || this.status === "pausing";
    const heavy = !busy || now - this.heavyDrawn >= NETWORK_EVERY_MS;
    if (heavy) this.heavyDrawn = now;
    try { this.onDraw(v, { heavy, settled: !busy && !this.link.waiting }); } catch (err) { console.error(err); }
  }

  _message() {
    const t = this.t;
    const v = this.last;
    let text = "";
    let kind = "";
    const eps = v?.settings?.epsilon ?? v?.state?.epsilon;
    const E = v ? significant(v.E, 4) : "";
    if (this.status === "error" && !v) text = t.pythonFailed;
    else if (!v) text = t.waiting;
    else if (this.status === "converged") {
      text = t.converged(v.k, E, eps) + (this.afterConverged ? ` ${this.afterConverged}` : "");
      kind = "done";
    } else if (v.stalled && this.status === "limit") {
      text = t.limitStalled(v.k, t.stalled(E));     // a plateau of saturated units: more iterations will not help
      kind = "done";
    }
    else if (this.status === "diverged") {
      const method = v.settings?.method ?? v.state?.method;
      const lr = v.settings?.lr ?? v.state?.lr;
      const eta = method === "armijo" ? null : lr;   // Armijo picks η itself: no η to blame
      text = t.diverged(v.k, eta ? t.tooLargeEta(eta, trimmed(eta / 10, 8)) : t.tooLarge);
      kind = "error";
    } else if (this.status === "limit") {
      text = t.limit(v.k, E, eps) + (this.resume ? ` ${t.goOn}` : "");
      kind = "done";
    } else if (this.status === "empty") text = t.empty;
    else if (this.notice) text = this.notice;
    else if (this.status === "running" || this.status === "pausing") text = t.running + (v.stalled ? ` ${t.stalled(E)}` : "");
    else if (this.status === "paused") text = t.paused(v.k, E) + (v.stalled ? ` ${t.stalled(E)}` : "");
    else text = this.buttons.step ? t.idle : t.idleNoStep;
    if (this.statusLine.textContent !== text) this.statusLine.textContent = text;
    const className = "nbw-tr__status" + (kind ? ` nbw-tr__status--${kind}` : "");
    if (this.statusLine.className !== className) this.statusLine.className = className;
  }

  _setStatus(status) {
    this.status = status;
    if (status !== "running") this.rounds.pause();   // the loop plays only while running
    this.root.dataset.state = status;
    this._updateButtons();
    this._message();
  }

  _updateButtons() {
    const b = this.buttons;
    const active = document.activeElement;
    if (b.start) b.start.disabled = !this.canStart();
    if (b.pause) b.pause.disabled = this.status !== "running";
    if (b.step) b.step.disabled = !(this.last && !this.done && ["idle", "paused", "error"].includes(this.status));
    if (b.reset) b.reset.disabled = !(this.last || this.status === "error");
    // Keep keyboard focus on a live button when the one in focus was switched off.
    if (Object.values(b).includes(active) && active.disabled) {
      const next = [b.pause, b.start, b.reset].find((x) => x && !x.disabled);
      if (next) next.focus();
    }
  }
}
