// The play loop of widgets that step at the reader's pace without a run in rounds of
// Python's (those use kit/rounds.mjs): the backprop stepper's Run to end, the descent's Play.
//
//   const pace = new Pace({ interval: () => 200, tick: () => … });
//   pace.start() / pace.stop() / pace.running / pace.resume()
//
// `tick()` takes one step and says what follows: true, the next tick after `interval()` ms;
// false, the run is over (stopped); anything else, the step waits (an answer from Python)
// and the widget calls `resume()` once it is drawn. `onStop()` follows every stop.
// No DOM: `timers` is { setTimeout, clearTimeout } (the global ones unless a test gives its own).

export class Pace {
  constructor({ interval, tick, onStop = () => {}, timers = globalThis }) {
    this.interval = interval;
    this.tick = tick;
    this.onStop = onStop;
    this.timers = timers;
    this.timer = null;
    this.running = false;
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
