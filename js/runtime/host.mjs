// The page's side of the Python runtime: starts the worker, queues cell runs,
// stops runaway code, restarts. One Runtime lives for the whole tab, so
// instant navigation reuses the loaded interpreter.
//
// Events (on the Runtime, an EventTarget): "status" with detail
// {state: "loading"|"ready"|"running"|"failed", message}.

const STOP_GRACE_MS = 1500; // after Stop, interrupt; restart if Python ignores it

export class Runtime extends EventTarget {
  // manifest: the runtime's nnbook-runtime.json, inlined at build time (saves
  // a round trip); fetched when not given.
  constructor(assetsURL, manifest = null) {
    super();
    this.indexURL = new URL("pyodide/", assetsURL).href;
    this.workerURL = new URL("nnbook/worker.js", assetsURL).href;
    this.state = "idle";
    this.message = "";
    this.queue = []; // runs waiting: {id, code, name, handlers, resolve}
    this.active = null; // the run in progress
    this.nextId = 1;
    this.interruptible = false;
    this.manifest = manifest;
  }

  setState(state, message = "") {
    this.state = state;
    this.message = message;
    this.dispatchEvent(new CustomEvent("status", { detail: { state, message } }));
  }

  /** Start the worker (once); resolves when Python is ready. */
  start() {
    if (this.ready) return this.ready;
    if (typeof Worker === "undefined" || typeof WebAssembly === "undefined") {
      this.setState("failed", "this browser cannot run Python here (it lacks Web Workers or WebAssembly)");
      return (this.ready = Promise.reject(new Error(this.message)));
    }
    this.setState("loading");
    this.ready = this._boot().catch((err) => {
      this.setState("failed", String(err.message || err));
      throw err;
    });
    this.ready.catch(() => {});
    return this.ready;
  }

  async _boot() {
    if (!this.manifest) {
      const response = await fetch(this.indexURL + "nnbook-runtime.json");
      if (!response.ok) throw new Error(`the Python runtime is missing on this site (${response.status} for nnbook-runtime.json)`);
      this.manifest = await response.json();
    }
    this.interruptBuffer = globalThis.crossOriginIsolated && typeof SharedArrayBuffer !== "undefined"
      ? new SharedArrayBuffer(4) : null;
    const worker = new Worker(this.workerURL);
    this.worker = worker;
    return new Promise((resolve, reject) => {
      this._bootResolve = resolve;
      this._bootReject = reject;
      worker.onmessage = (ev) => this._onMessage(worker, ev.data);
      worker.onerror = (ev) => {
        ev.preventDefault();
        this._fail(worker, `the Python worker could not start (${ev.message || "script error"})`);
      };
      worker.postMessage({
        type: "init",
        indexURL: this.indexURL,
        wheel: this.manifest.wheel,
        interruptBuffer: this.interruptBuffer,
      });
    });
  }

  _fail(worker, message) {
    if (worker !== this.worker) return;
    if (this._bootReject) {
      this._bootReject(new Error(message));
      this._bootReject = this._bootResolve = null;
    } else {
      this.setState("failed", message);
    }
    this._abortAll({ ok: false, failed: true, message });
  }

  _onMessage(worker, msg) {
    if (worker !== this.worker) return; // a terminated worker's last words
    if (msg.type === "status" && msg.state === "ready") {
      this.interruptible = Boolean(msg.interruptible);
      this.setState("ready");
      this._bootResolve?.();
      this._bootResolve = this._bootReject = null;
      this._pump();
    } else if (msg.type === "started" && this.active && msg.id === this.active.id) {
      this.active.started = true;
      if (this.active.stopping && this.interruptBuffer) new Int32Array(this.interruptBuffer)[0] = 2;
    } else if (msg.type === "out" && this.active && msg.id === this.active.id) {
      this.active.handlers.output?.(msg.kind, msg.payload);
    } else if (msg.type === "done" && this.active && msg.id === this.active.id) {
      const run = this.active;
      this.active = null;
      clearTimeout(run.stopTimer);
      run.resolve({ ok: msg.ok, line: msg.line, interrupted: run.stopping });
      this.setState("ready");
      // A cell may have changed variables the widgets show.
      this.dispatchEvent(new CustomEvent("namespace", { detail: { owner: null } }));
      this._pump();
    } else if (msg.type === "evaluated" && this.active && msg.id === this.active.id) {
      const run = this.active;
      this.active = null;
      run.resolve(JSON.parse(msg.json));
      this.setState("ready");
      this._pump();
    } else if (msg.type === "fatal") {
      const run = this.active;
      if (!this._bootResolve && run) {
        // The interpreter crashed mid-run: start a fresh one.
        this.active = null;
        run.resolve({ ok: false, restarted: true, message: msg.message });
        this._respawn();
      } else {
        this._fail(worker, msg.message);
      }
    }
  }

  /** Queue a cell; resolves with {ok, line, interrupted, restarted, cancelled}. */
  run(code, name, handlers = {}) {
    return new Promise((resolve) => {
      if (this.state === "failed") {
        resolve({ ok: false, failed: true, message: this.message });
        return;
      }
      // Widgets send the changes they were holding back now, so that the cell runs after them
      // and sees what the reader set (a slider moved just before Run, while Python was busy).
      this.dispatchEvent(new Event("beforerun"));
      const run = { id: this.nextId++, code, name, handlers, resolve, stopping: false };
      this.queue.push(run);
      this.start();
      this._pump();
    });
  }

  /**
   * Evaluate Python for a widget, in the page's namespace, after the cells
   * queued before it. Resolves with {ok, value} or {ok: false, error}.
   */
  evaluate(code) {
    return new Promise((resolve) => {
      if (this.state === "failed") {
        resolve({ ok: false, error: this.message });
        return;
      }
      this.queue.push({ id: this.nextId++, code, eval: true, handlers: {}, resolve });
      this.start();
      this._pump();
    });
  }

  /**
   * Call a widget's Python half, module.fn(namespace, **args), with plain data
   * (never source text), after the cells queued before it. Resolves like evaluate.
   */
  call(module, fn, args = {}) {
    return new Promise((resolve) => {
      if (this.state === "failed") {
        resolve({ ok: false, error: this.message });
        return;
      }
      this.queue.push({ id: this.nextId++, call: { module, fn, args }, eval: true, handlers: {}, resolve });
      this.start();
      this._pump();
    });
  }

  _pump() {
    if (this.active || this.state !== "ready" || !this.queue.length) return;
    const run = (this.active = this.queue.shift());
    if (run.call) {
      this.worker.postMessage({ type: "call", id: run.id, ...run.call });
      return;
    }
    if (run.eval) {
      this.worker.postMessage({ type: "eval", id: run.id, code: run.code });
      return;
    }
    this.setState("running");
    run.handlers.start?.();
    this.worker.postMessage({ type: "run", id: run.id, code: run.code, name: run.name });
  }

  /** Stop one run (queued or running), or every run when no id is given. */
  stop(predicate = () => true) {
    for (const run of this.queue.filter(predicate)) {
      this.queue.splice(this.queue.indexOf(run), 1);
      run.resolve({ ok: false, cancelled: true });
    }
    const run = this.active;
    if (!run || !predicate(run) || run.stopping) return;
    run.stopping = true;
    if (this.interruptBuffer) {
      // Cross-origin isolated: raise KeyboardInterrupt in Python, keep the session. A run the
      // worker has not started yet (it was finishing other work) is interrupted as it starts:
      // the worker clears the flag when a run begins, so setting it now would be lost.
      if (run.started) new Int32Array(this.interruptBuffer)[0] = 2;
      run.stopTimer = setTimeout(() => this._forceStop(run), STOP_GRACE_MS);
    } else {
      this._forceStop(run);
    }
  }

  _forceStop(run) {
    if (this.active !== run) return;
    this.active = null;
    run.resolve({ ok: false, interrupted: true, restarted: true });
    this._respawn();
  }

  _abortAll(result) {
    const runs = [...this.queue, ...(this.active ? [this.active] : [])];
    this.queue = [];
    this.active = null;
    for (const run of runs) run.resolve(result);
  }

  _respawn() {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.start();
  }

  /** A fresh session: a new interpreter, every variable gone. */
  restart() {
    this._abortAll({ ok: false, cancelled: true });
    this._respawn();
    return this.ready;
  }

  /** A new page: stop what the last page ran, give it a fresh namespace. */
  newPage() {
    this.stop();
    if (this.worker && this.state !== "failed") this.worker.postMessage({ type: "reset" });
  }
}
