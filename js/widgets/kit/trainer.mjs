// Component (registers nothing): the one training core of the trainer (chapter 7) and the
// playground (chapter 9): Start, Pause, Step, Reset, the status in words, "k = …, E = …", the
// curve of E, the settings form with its η note, and the probe (an image read by the network).
// The two widgets differ as data (KINDS: buttons, speed, how a change is merged, whether Start
// goes on after the limit) and by their own panels; each is the core's `host`:
//   host.t (its labels: goOnConverged; pythonRefused if Python's refusals get a prefix)
//   host.args(req) → its entry point `request`'s arguments for one round's req
//   host.setting(key, value)   a setting the reader changed in the form
//   host.answer(v, change)     every newest answer;  host.draw(v, {heavy, settled}) once a frame
// It plays on the kit's one run loop (kit/rounds.mjs Rounds; the history streamed by Histories).
// Python's half: nnbook.widgets.training_run.run_payload, plus each widget's settings and probe.
// The root gets data-state (waiting | idle | running | pausing | paused | converged | diverged |
// limit | empty | error), data-k, data-e (E, full precision), data-run and data-frames.
import { LineChart } from "./chart.mjs";
import { el } from "./dom.mjs";
import { labelsFor } from "./labels.mjs";
import { NetworkExplorer } from "./network.mjs";
import { verdictText } from "./pixel-grid.mjs";
import { fixed, integer, significant, trimmed } from "./format.mjs";
import { Rounds, throttled } from "./rounds.mjs";
import { SettingsForm } from "./settings-form.mjs";
import LABELS from "./trainer.labels.json" with { type: "json" };

/** Iterations per round at each speed: rounds come at most every FRAME_MS (~30 a second), so
 *  "watch" is ~60 iterations a second, "quick" ~600; "full": as many as fit in BUDGET_MS. */
export const SPEEDS = { watch: 2, quick: 20, full: 1000000 };
const BUDGET_MS = 15;
const NETWORK_EVERY_MS = 200;   // host.draw's heavy parts: at most this often while training
const READOUT_DIGITS = 10;

/** The trainer's two waiting changes as one: settings merged, Steps added, a new run voids older Steps. */
export function mergeChanges(older, newer) {
  const out = { ...older, ...newer };
  if (older.settings || newer.settings) out.settings = { ...older.settings, ...newer.settings };
  if (older.steps || newer.steps) out.steps = (older.steps || 0) + (newer.steps || 0);
  if (newer.settings || newer.reset) out.steps = newer.steps || 0;
  out.reset = Boolean(older.reset || newer.reset);
  return out;
}

/** The playground's two waiting changes as one: their operations in order, neighbours of a kind merged. */
export function mergeOps(older, newer) {
  const ops = older.ops.map((op) => ({ ...op }));
  for (const op of newer.ops) {
    const last = ops[ops.length - 1];
    if (op.settings && last?.settings) last.settings = { ...last.settings, ...op.settings };
    else if (op.params && last?.params) last.params = { ...last.params, ...op.params };
    else if (op.x !== undefined && last?.x !== undefined && Object.keys(last).length === 1) last.x = op.x;
    else ops.push(op);
  }
  return { ops };
}

/** What the two widgets that train differ in, as data. `asked(change)`: the settings a change sets. */
export const KINDS = {
  trainer: { buttons: ["start", "pause", "step", "reset"], resume: false, speed: "watch",
    reset: { reset: true, steps: 0 }, merge: mergeChanges, asked: (change) => change?.settings || {} },
  playground: { buttons: ["start", "pause", "reset"], resume: true, speed: "full",
    reset: { ops: [{ reset: true }] }, merge: mergeOps,
    asked: (change) => Object.assign({}, ...(change?.ops || []).map((op) => op.settings
      || (op.defaults || "link" in op || "json" in op ? { lr: null } : {}))) },   // a whole new state: no note
};

/** The status after an answer `v` to a round asked for in status `before`: the pure rule of both widgets. */
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
  constructor(ctx, root, kind, host) {
    Object.assign(this, { ctx, root, kind, host, t: labelsFor(ctx.lang, LABELS), id: ++uid });
    this.speed = kind.speed;
    this.status = "waiting";
    this.last = null;
    this.frames = 0;
    this.heavyDrawn = 0;
    this.error = "";
    this.notice = "";
    this.pythonError = false;   // the error line holds Python's words (cleared by its next good answer)
    this.frame = throttled(() => this._flush());
    this.rounds = new Rounds(ctx, {
      fn: "request", merge: kind.merge,
      chunk: () => SPEEDS[this.speed],
      series: (v) => ({ E: v.E_new || [] }),
      args: (command, have) => host.args(this._request(command, have)),
      onAnswer: (v, change) => this._answer(v, change),
      onError: (message) => this._failed(message),
    });
    this.link = this.rounds.link;
    this._build();
    Object.assign(root.dataset, { state: "waiting", k: "", e: "", frames: "0" });
  }

  _build() {
    const t = this.t;
    this.bar = el("div", { class: "nbw-tr__bar" });
    this.buttons = {};
    for (const name of this.kind.buttons) {
      const b = el("button", { type: "button", class: "nbw-ct__button", text: t[name] });
      b.disabled = true;
      b.addEventListener("click", () => this[name]());
      this.buttons[name] = this.bar.appendChild(b);
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
    const logBox = el("input", { type: "checkbox", id: `nbw-tr-log-${this.id}` });
    logBox.checked = true;
    logBox.addEventListener("change", () => { this.chart.setLog(logBox.checked); this._countFrame(); });
    this.chartBox.append(el("div", { class: "nbw-tr__check" }, logBox, el("label", { for: logBox.id, text: t.log })));
    this.settingsBox = el("div");
    this.lrNote = el("p", { class: "nbw-tr__note", "aria-live": "polite", "data-value": "lr-note" });
  }

  /** The settings form of nnbook's schema, once it is known (the build's defaults, else Python's). */
  form(schema, { keys = null, only = {}, extra = null } = {}) {
    if (this.settingsForm) return this.settingsForm;
    this.settingsForm = new SettingsForm(this.ctx.lang, { schema, keys, only, onChange: (key, value) => this.host.setting(key, value) });
    if (extra) this.settingsForm.addField(...extra);
    this.settingsBox.append(this.settingsForm.element, this.lrNote);
    return this.settingsForm;
  }

  /** The probe's parts: its numbers (z1, z2, verdict) and the network diagram, for the widget to place. */
  probe() {
    const cells = {};
    const numbers = el("dl");
    for (const key of ["z1", "z2"]) {
      cells[key] = el("dd", { "data-value": key, text: "—" });
      numbers.append(el("dt", { text: key }), cells[key]);
    }
    const verdict = el("strong", { "data-value": "verdict", text: "—" });
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.classList.add("nbw-net__svg");
    const readout = el("p", { class: "nbw-net__readout" });
    this.explorer = new NetworkExplorer(svg, readout, this.ctx.lang);   // values by tap and keyboard
    this.probeParts = { cells, verdict };
    return { numbers: el("div", { class: "nbw-tr__probe" }, numbers,
      el("p", { class: "nbw-tr__probe-verdict", "aria-live": "polite" }, `${this.t.verdict}:`, verdict)),
    net: el("div", { class: "nbw-tr__net" }, svg, readout) };
  }

  /** The probe {x, h, z, verdict} drawn; the diagram only if `heavy` (with the verdict if `inDiagram`). */
  showProbe(v, heavy, inDiagram = false) {
    const p = v.probe;
    const { cells, verdict } = this.probeParts;
    cells.z1.textContent = fixed(p.z[0], 3);
    cells.z2.textContent = fixed(p.z[1], 3);
    verdict.textContent = p.verdict ? verdictText(p.verdict, this.ctx.lang) : "—";
    verdict.dataset.verdict = p.verdict ?? "";
    if (heavy) {
      this.explorer.draw({ sizes: v.sizes, names: v.names, weights: v.w, values: [p.x, ...p.h, p.z], lang: this.ctx.lang,
        verdict: inDiagram && p.verdict ? verdictText(p.verdict, this.ctx.lang) : null });
    }
  }

  // ---- the reader's actions ----------------------------------------------------------

  get done() { return Boolean(this.last?.done); }

  canStart() {
    if (!this.last || this.status === "waiting" || this.status === "empty") return false;
    if (this.kind.resume) return !["running", "pausing", "converged"].includes(this.status);
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
    this.send(this.kind.reset, { stop: true });
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

  /** A round's req: the change, `steps` while running (Rounds' `run`) and what is drawn (`have`). */
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
    const refused = (why) => (this.host.t.pythonRefused ? this.host.t.pythonRefused(why) : why);
    if (v.generation === undefined) {
      this.showError(refused(v.error || ""), { python: true });
      this._setStatus("error");
      return;
    }
    this._take(v);
    if (v.error) this.showError(refused(v.error), { python: true });
    else if (this.pythonError) this.showError("");
    const next = nextStatus(before, v);
    if (next !== before) this._setStatus(next);
    try {
      this._settings(v, change);
      this.host.answer(v, change);
    } catch (err) { console.error(err); }
    this.dirty = true;
    // While running, answers are drawn once a frame; otherwise at once, so that the state, the
    // numbers and the picture change together and nothing is redrawn after "paused" shows.
    if (this.status === "running") this.frame.schedule();
    else this._flush();
  }

  /** The form follows the answer's settings; a new method without η brings its own η: say so. */
  _settings(v, change) {
    const s = v.settings;
    const asked = this.kind.asked(change);
    if ("method" in asked && !("lr" in asked)) {
      const words = this.settingsForm?.t.methods || {};
      this.lrNote.textContent = s.method !== "armijo" && s.lr !== this.shownSettings?.lr
        ? this.t.lrSwitched(significant(s.lr, 4), words[s.method] || s.method) : "";
    } else if ("lr" in asked || "method" in asked) {
      this.lrNote.textContent = "";
    }
    const text = JSON.stringify(s);
    if (this.settingsForm && (text !== this.syncedSettings || v.error)) {   // only when they changed: cheap rounds
      this.syncedSettings = text;
      this.settingsForm.show(s);
    }
    this.shownSettings = s;
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
    Object.assign(this.root.dataset, { k: String(v.k), e: v.E === null ? v.E_text : String(v.E), run: String(v.generation) });
  }

  // ---- drawing ---------------------------------------------------------------------------

  _flush() {
    if (!this.dirty || this.dead) return;
    this.dirty = false;
    this._draw(performance.now());
  }

  _countFrame() {
    this.root.dataset.frames = String(++this.frames);
  }

  _draw(now) {
    const v = this.last;
    this._updateButtons();
    this._message();
    if (!v) return;
    const eps = v.settings.epsilon;
    this.chart.set(1, [0, Math.max(10, v.k)], [eps, eps]);   // the k axis starts out 0 … 10
    this.chart.draw();
    this._countFrame();
    const E = v.E === null ? v.E_text : significant(v.E, READOUT_DIGITS);
    let readout = this.t.readout(integer(v.k), E);
    if (v.settings.method === "armijo" && v.eta !== null) readout += `, η = ${significant(v.eta, 4)}`;
    if (this.readout.textContent !== readout) this.readout.textContent = readout;
    const busy = this.status === "running" || this.status === "pausing";
    const heavy = !busy || now - this.heavyDrawn >= NETWORK_EVERY_MS;
    if (heavy) this.heavyDrawn = now;
    try { this.host.draw(v, { heavy, settled: !busy && !this.link.waiting }); } catch (err) { console.error(err); }
  }

  _message() {
    const t = this.t;
    const v = this.last;
    const s = v?.settings;
    const E = v ? significant(v.E, 4) : "";
    const stalled = v?.stalled ? ` ${t.stalled(E)}` : "";
    let text = "";
    let kind = "";
    if (this.status === "error" && !v) text = t.pythonFailed;
    else if (!v) text = t.waiting;
    else if (this.status === "converged") [text, kind] = [`${t.converged(v.k, E, s.epsilon)} ${this.host.t.goOnConverged}`, "done"];
    else if (v.stalled && this.status === "limit") [text, kind] = [t.limitStalled(v.k, t.stalled(E)), "done"];
    else if (this.status === "diverged") {
      const eta = s.method === "armijo" ? null : s.lr;   // Armijo picks η itself: no η to blame
      [text, kind] = [t.diverged(v.k, eta ? t.tooLargeEta(eta, trimmed(eta / 10, 8)) : t.tooLarge), "error"];
    } else if (this.status === "limit") [text, kind] = [t.limit(v.k, E, s.epsilon) + (this.kind.resume ? ` ${t.goOn}` : ""), "done"];
    else if (this.status === "empty") text = t.empty;
    else if (this.notice) text = this.notice;
    else if (this.status === "running" || this.status === "pausing") text = t.running + stalled;
    else if (this.status === "paused") text = t.paused(v.k, E) + stalled;
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
