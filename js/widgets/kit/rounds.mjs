// The kit's one run loop, for every widget that plays. Its core, Pace, steps on a timer:
//
//   const pace = new Pace({ interval: () => 200, tick: () => … });
//   pace.start() / pace.stop() / pace.running / pace.resume()
//
// `tick()` takes one step and says what follows: true, the next tick after `interval()` ms;
// false, the run is over (stopped); anything else, the step waits (an answer from Python)
// and the widget calls `resume()` once it is drawn. `onStop()` follows every stop. No DOM:
// `timers` is { setTimeout, clearTimeout }. The descent's Play and the backprop stepper's
// Run to end play on Pace itself.
//
// Rounds plays on a Pace too: a run in rounds of Python calls, for widgets that train or
// iterate in Python while the reader watches (the optimiser race, the overfitting demo, and
// through kit/trainer.mjs the trainer and the playground): Start / Pause, a few iterations per
// call, the histories drawn so far kept in step with Python's answers, at most one call per FRAME_MS.
//
// Python's side answers {generation, k, from, done, …}: `generation` changes
// when the run starts again from k = 0, and the answer holds only the points
// from k = `from` on (the widget said what it has with `have`).
//
//   const rounds = new Rounds(ctx, {
//     chunk: (k) => 25,                          // iterations per call, when running
//     series: (value) => ({ E: value.E, … }),     // an answer's new points, by name
//     onAnswer(value, change) { … },              // the newest answer, histories updated
//     onError(message) { … },
//     onBusy(busy) { … },                         // a call is out / all answers are in
//   });
//   rounds.start(change) / rounds.pause() / rounds.send(change) / rounds.refresh()
//   rounds.running, rounds.histories.series.E, rounds.histories.last
//
// Every call goes through ctx.link (kit/python.mjs): a change the reader
// makes during a round is sent before the next cell runs. The widget's entry
// point is `sync(ns, command, have, lang)`, or `fn` with `args(command, have)`;
// `merge` joins two waiting commands (mergeCommands).

export class Pace {
  constructor({ interval, tick, onStop = () => {}, timers = globalThis }) {
    Object.assign(this, { interval, tick, onStop, timers, timer: null, running: false });
  }

  /** Run: the first step now. */
  start() {
    if (this.running) return;
    this.running = true;
    this.step();
  }

  /** Stop before the next step (a step waiting for its answer still gets it). */
  stop() {
    this.timers.clearTimeout(this.timer);
    this.timer = null;
    if (!this.running) return;
    this.running = false;
    this.onStop();
  }

  /** The next step after the interval (after a step that waited). */
  resume() {
    if (!this.running) return;
    this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => { this.timer = null; this.step(); }, this.interval());
  }

  step() {
    if (!this.running) return;
    const next = this.tick();
    if (next === true) this.resume();
    else if (next === false) this.stop();
  }
}

export const FRAME_MS = 34;    // at most ~30 frames a second

/** Two waiting commands as one: nested objects (η per method, settings) merged key by key, later values win. */
export function mergeCommands(older = {}, newer = {}) {
  const out = { ...older };
  for (const [key, value] of Object.entries(newer)) {
    const before = out[key];
    const nested = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
    out[key] = nested(value) && nested(before) ? { ...before, ...value } : value;
  }
  return out;
}

/** The histories a widget has drawn, kept in step with Python's answers. Pure, no DOM. */
export class Histories {
  constructor() {
    this.generation = null;
    this.k = -1;
    this.series = {};
    this.last = null;
  }

  /** What the widget has, for Python's `have` (null before the first answer). */
  get have() {
    return this.generation === null ? null : { generation: this.generation, k: this.k };
  }

  /** Take an answer and its new points by series name: start afresh on a new generation or from 0. */
  add(answer, points) {
    if (answer.generation !== this.generation || answer.from === 0) {
      this.series = {};
      this.generation = answer.generation;
    }
    for (const [name, list] of Object.entries(points)) {
      (this.series[name] ||= []).push(...list);
    }
    this.k = answer.k;
    this.last = answer;
  }
}

/** `draw()` at most once per `ms`, in an animation frame; returns { schedule(), cancel() }. */
export function throttled(draw, ms = FRAME_MS) {
  let timer = null;
  let last = 0;
  return {
    schedule() {
      if (timer !== null) return;
      const wait = Math.max(0, ms - (performance.now() - last));
      timer = setTimeout(() => requestAnimationFrame(() => {
        timer = null;
        last = performance.now();
        draw();
      }), wait);
    },
    cancel() { clearTimeout(timer); timer = null; },
  };
}

/** The Start / Pause button of a run in rounds: a press while it runs pauses it; otherwise it
 *  starts with `change()` (e.g. {reset: true}; undefined for none), then `started()`.
 *  `setRunning(on)` shows either state on the widget; `paused()` follows a pause. */
export function startPauseButton(button, rounds, { setRunning, change = () => undefined, started = () => {}, paused = () => {} }) {
  button.addEventListener("click", () => {
    if (rounds.running) {
      rounds.pause();
      setRunning(false);
      paused(); // pressed between two rounds, no answer follows: the widget says where it paused now
      return;
    }
    rounds.start(change());
    setRunning(true);
    started();
  });
}

export class Rounds {
  constructor(ctx, { chunk, series, onAnswer, onError = () => {}, onBusy = () => {}, fn = "sync",
    args = (command, have) => ({ command, have, lang: ctx.lang }), merge = mergeCommands, timers = globalThis }) {
    this.ctx = ctx;
    this.histories = new Histories();
    this.ran = false;          // iterations ran since the others were last told
    this.lastSend = 0;
    this.first = undefined;    // the change a start sends with its first round
    // a round per tick, the next no sooner than one frame after the last call; its answer resumes
    this.pace = new Pace({
      timers,
      interval: () => Math.max(0, FRAME_MS - (performance.now() - this.lastSend)),
      tick: () => {
        const change = this.first;
        this.first = undefined;
        if (change) this.link.send(change);
        else if (!this.link.waiting) this.link.refresh();
      },
    });
    this.link = ctx.link({
      fn,
      merge,
      args: (change) => {
        const command = { ...(change || {}) };
        if (this.running) {
          command.run = chunk(Math.max(0, this.histories.k));
          this.ran = true;
        }
        this.lastSend = performance.now();
        onBusy(true);
        return args(command, this.histories.have);
      },
      onAnswer: (value, change) => {
        onBusy(this.link.inFlight > 0);
        this.histories.add(value, series(value));
        if (value.done) this.pace.stop();
        onAnswer(value, change);
        if (this.running) this.pace.resume();
        else if (this.ran) {
          // the others hear of a run once it stands still, not after every round
          this.ran = false;
          ctx.changed();
        }
      },
      onError: (message) => {
        onBusy(this.link.inFlight > 0);
        this.pace.stop();
        onError(message);
      },
    });
    ctx.onChange(() => this.refresh());
  }

  get running() { return this.pace.running; }

  /** Run (with a change first, e.g. {reset: true}). */
  start(change) {
    if (this.running) { if (change) this.send(change); else this.refresh(); return; }
    this.first = change;
    this.pace.start();
  }

  /** Stop after the round in flight; its answer still comes. */
  pause() { this.pace.stop(); }

  /** A change from the reader (merged with one that waits). */
  send(change) { this.link.send(change); }

  /** Ask for a fresh answer, with no change. */
  refresh() { this.link.refresh(); }

  destroy() {
    this.pace.stop();
    this.link.destroy();
  }
}
