// The page's side of the Python runtime: starts the worker, queues cell runs,
// stops runaway code, restarts. One Runtime lives for the whole tab, so
// instant navigation reuses the loaded interpreter.
//
// Events (on the Runtime, an EventTarget): "status" with detail
// {state: "loading"|"ready"|"running"|"failed", message, progress}; progress
// (also runtime.progress) while loading: {stage, loaded, total}, stage one of
// runtime (downloading Python) | starting (compiling, starting the interpreter) |
// numpy (loading NumPy and nnbook) | imports (importing them); loaded and total
// in bytes of what starting Python downloads. Null once ready.
//
// A reader's run or check goes before widget calls that only read (no change
// from the reader: call(…, {yields: true})) and have not started; the widgets
// answer after it. Calls that carry a reader's change keep their place, so a
// cell still sees what the reader set.
//
// On iPadOS and iOS the worker is told so by its URL (?ipad=1, see pyodide-0.27.mjs);
// runtime.workerPlatform is navigator.platform as the worker sees it.
//
// Every run, evaluate, call and check resolves with one shape:
//   {ok: true, value?, line?, interrupted?}  or
//   {ok: false, error: "what happened, in words", line?, interrupted?,
//    restarted?: true (Python restarted: the session's variables were lost),
//    failed?: true (Python cannot start), cancelled?: true (never ran)}.
//
// Messages come from the worker on a MessagePort of their own (see worker.js);
// each is checked (type, the id of the run in progress, the payload's shape)
// and one that does not fit is dropped with a note in the console.

import { isAppleMobile, workerURLFor } from "./pyodide-0.27.mjs";

const STOP_GRACE_MS = 1500; // after Stop, interrupt; restart if Python has not stopped by then
const STOP_AGAIN_MS = 500;  // Python took the interrupt but runs on (caught, or swallowed by a finaliser): interrupt again
const TEXT_LIMIT = 200_000;       // characters in one piece of text (Python sends at most 50,000)
const IMAGE_LIMIT = 11_000_000;   // characters of one base64 image (Python sends at most 10 MB a run)
const STAGES = new Set(["runtime", "starting", "numpy", "imports"]);
const OUT_KINDS = new Set(["stdout", "stderr", "display", "error", "note", "loading"]);

const failure = (error, flags = {}) => ({ ok: false, error, ...flags });
const isText = (v, limit = TEXT_LIMIT) => typeof v === "string" && v.length <= limit;
const isLine = (v) => v == null || (Number.isInteger(v) && v >= 1);

export { isAppleMobile };   // Pyodide 0.27's iPad workaround (pyodide-0.27.mjs), where the page's tests find it

/** Why an "out" payload does not fit its kind, or "" when it does. */
function payloadProblem(kind, payload) {
  if (kind === "error") {
    return payload && typeof payload === "object" && isText(payload.traceback) && isLine(payload.line)
      ? "" : "an error needs a traceback and a line number (or none)";
  }
  if (kind === "display") {
    if (!payload || typeof payload !== "object") return "a display needs a bundle";
    for (const [mime, data] of Object.entries(payload)) {
      if (!isText(data, mime === "image/png" ? IMAGE_LIMIT : TEXT_LIMIT)) return `${mime} is not text of a sane size`;
    }
    return "";
  }
  return isText(payload) ? "" : `${kind} needs text of a sane size`;
}

/** Whether the service worker keeps `url` in its caches (false where that cannot be known). */
const kept = (url) => (globalThis.caches ? caches.match(url).then(Boolean, () => false) : Promise.resolve(false));

function drop(msg, why) {
  console.warn(`nnbook runtime: dropped a message from the worker (${why})`, msg?.type);
}

export class Runtime extends EventTarget {
  // manifest: the runtime's nnbook-runtime.json, inlined at build time (saves
  // a round trip); fetched when not given.
  constructor(assetsURL, manifest = null) {
    super();
    this.indexURL = new URL("pyodide/", assetsURL).href;
    // the worker of this build (its name carries its hash: js/build/bundle.mjs)
    this.workerURL = new URL(`nnbook/${typeof __NNBOOK_WORKER__ === "undefined" ? "worker.js" : __NNBOOK_WORKER__}`, assetsURL).href;
    this.state = "idle";
    this.message = "";
    this.queue = []; // runs waiting: {id, code, name, handlers, resolve}
    this.active = null; // the run in progress
    this.nextId = 1;
    this.interruptible = false;
    this.manifest = manifest;
    this.progress = null;       // while loading: {stage, loaded, total}
    this.workerPlatform = null; // navigator.platform in the worker, once it is ready
    this.onDemand = false;      // reading mode (on-demand.mjs): calls that only ask (yields) do not start Python
    this.startTimings = null;   // {origin, core, packages, imports}: when the worker ended each stage (ms after origin);
                                // {snapshot, fastCalls}: how Python started (worker.js)
  }

  setState(state, message = "", progress = null) {
    this.state = state;
    this.message = message;
    this.progress = state === "loading" ? progress : null;
    this.dispatchEvent(new CustomEvent("status", { detail: { state, message, progress: this.progress } }));
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
    const worker = new Worker(workerURLFor(this.workerURL));
    const channel = new MessageChannel();
    this.worker = worker;
    this.port = channel.port1;
    // Python's memory snapshot only once the service worker has kept it (js/offline/later.mjs):
    // the first visits start Python the plain way rather than download 6 MB more first.
    const controlled = Boolean(globalThis.navigator?.serviceWorker?.controller);
    const snapshotKept = controlled && this.manifest.snapshot
      ? kept(new URL(this.manifest.snapshot, this.indexURL).href) : Promise.resolve(false);
    return new Promise((resolve, reject) => {
      this._bootResolve = resolve;
      this._bootReject = reject;
      channel.port1.onmessage = (ev) => this._onMessage(worker, ev.data);
      // The worker's own channel is the one a cell can reach (js.postMessage): not listened to.
      worker.onmessage = (ev) => drop(ev.data, "posted outside the runtime's channel");
      worker.onerror = (ev) => {
        ev.preventDefault();
        this._fail(worker, `the Python worker could not start (${ev.message || "script error"})`);
      };
      const { [this.manifest.snapshot]: _unused, ...plainStart } = this.manifest.start || {};
      snapshotKept.then((has) => has ? this.manifest.snapshot : null).then((snapshot) => worker.postMessage({
        type: "init",
        indexURL: this.indexURL,
        wheel: this.manifest.wheel,
        snapshot,
        start: snapshot ? this.manifest.start : plainStart,
        // no service worker yet: the worker keeps copies of what it fetched for its install
        handoff: !controlled && "serviceWorker" in (globalThis.navigator || {}),
        interruptBuffer: this.interruptBuffer,
        port: channel.port2,
      }, [channel.port2]));
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
    this._abortAll(failure(message, { failed: true }));
  }

  _onMessage(worker, msg) {
    if (worker !== this.worker) return; // a terminated worker's last words
    if (!msg || typeof msg !== "object" || typeof msg.type !== "string") return drop(msg, "not a message");
    const active = this.active;
    if (["started", "out", "done", "evaluated"].includes(msg.type) && !(active && msg.id === active.id)) {
      return drop(msg, "not for the run in progress");
    }
    if (msg.type === "status" && msg.state === "loading") {
      const bytes = (v) => (Number.isFinite(v) && v >= 0 ? v : 0);
      if (this.state === "loading" && STAGES.has(msg.stage)) {
        this.setState("loading", "", { stage: msg.stage, loaded: bytes(msg.loaded), total: bytes(msg.total) });
      }
    } else if (msg.type === "status" && msg.state === "ready") {
      this.interruptible = Boolean(msg.interruptible);
      this.workerPlatform = isText(msg.platform, 200) ? msg.platform : null;
      this.startTimings = msg.timings && typeof msg.timings === "object" ? msg.timings : null;
      this.setState("ready");
      this._bootResolve?.();
      this._bootResolve = this._bootReject = null;
      this._pump();
    } else if (msg.type === "started") {
      active.started = true;
      if (active.stopping && this.interruptBuffer) new Int32Array(this.interruptBuffer)[0] = 2;
    } else if (msg.type === "out") {
      const problem = OUT_KINDS.has(msg.kind) ? payloadProblem(msg.kind, msg.payload) : "an unknown kind";
      if (problem) return drop(msg, problem);
      active.handlers.output?.(msg.kind, msg.payload);
    } else if (msg.type === "done" && !active.eval) {
      this.active = null;
      clearTimeout(active.stopTimer);
      clearInterval(active.againTimer);
      const ok = msg.ok === true;
      active.resolve(ok ? { ok, line: isLine(msg.line) ? msg.line ?? null : null, interrupted: active.stopping }
        : failure("the cell raised an error", { line: isLine(msg.line) ? msg.line ?? null : null, interrupted: active.stopping }));
      this.setState("ready");
      // A cell may have changed variables the widgets show.
      this.dispatchEvent(new CustomEvent("namespace", { detail: { owner: null } }));
      this._pump();
    } else if (msg.type === "evaluated" && active.eval) {
      this.active = null;
      clearTimeout(active.stopTimer);
      clearInterval(active.againTimer);
      let result;
      try {
        result = JSON.parse(msg.json);
      } catch {
        result = null;
      }
      if (!result || typeof result !== "object" || typeof result.ok !== "boolean") {
        drop(msg, "an answer that is not {ok, value | error}");
        result = failure("Python's answer could not be read");
      } else if (!result.ok) {
        result = failure(String(result.error || "Python failed"));
      }
      if (active.stopping) result.interrupted = true;
      active.resolve(result);
      this.setState("ready");
      this._pump();
    } else if (msg.type === "fatal") {
      const message = isText(msg.message, 10_000) ? msg.message : "the Python runtime failed";
      if (!this._bootResolve && active) {
        // The interpreter crashed mid-run: start a fresh one.
        this.active = null;
        active.resolve(failure(message, { restarted: true }));
        this._respawn();
      } else {
        this._fail(worker, message);
      }
    } else if (msg.type !== "status") {
      drop(msg, "does not fit the run in progress");
    }
  }

  /** Queue a cell; resolves with {ok, line, interrupted, restarted, cancelled}. */
  run(code, name, handlers = {}) {
    return new Promise((resolve) => {
      if (this.state === "failed") {
        resolve(failure(this.message, { failed: true }));
        return;
      }
      // Widgets send the changes they were holding back now, so that the cell runs after them
      // and sees what the reader set (a slider moved just before Run, while Python was busy).
      this.dispatchEvent(new Event("beforerun"));
      const run = { id: this.nextId++, code, name, handlers, resolve, stopping: false };
      this._enqueue(run, true);
      this.start();
      this._pump();
    });
  }

  /**
   * Evaluate Python for a widget, in the page's namespace, after the cells
   * queued before it. Resolves with {ok: true, value} or a failure (above).
   */
  evaluate(code) {
    return this._ask({ type: "eval", code });
  }

  /**
   * Call a widget's Python half, module.fn(namespace, **args), with plain data
   * (never source text), after the cells queued before it. Resolves like evaluate.
   * `yields`: the call carries no change from the reader (a first answer, a
   * refresh), so a reader's run or check queued later may go first.
   */
  call(module, fn, args = {}, { yields = false } = {}) {
    return this._ask({ type: "call", module, fn, args }, { yields });
  }

  /**
   * Run an exercise's hidden tests against the reader's answer, after the
   * cells queued before it. Resolves with {ok: true, value: {ok, message}}
   * (the verdict) or a failure (above).
   */
  check(code, handlers = {}) {
    return this._ask({ type: "check", code }, { reader: true, handlers });
  }

  _ask(request, { yields = false, reader = false, handlers = {} } = {}) {
    return new Promise((resolve) => {
      if (this.state === "failed") {
        resolve(failure(this.message, { failed: true }));
        return;
      }
      this._enqueue({ id: this.nextId++, request, eval: true, handlers, resolve, yields }, reader);
      if (!(yields && this.onDemand)) this.start();
      this._pump();
    });
  }

  /** Queue `item`; the reader's own (a run, a check) goes before the calls at the end that yield. */
  _enqueue(item, reader) {
    let at = this.queue.length;
    if (reader) while (at > 0 && this.queue[at - 1].yields) at--;
    this.queue.splice(at, 0, item);
  }

  _pump() {
    if (this.active || this.state !== "ready" || !this.queue.length) return;
    const run = (this.active = this.queue.shift());
    if (run.request) {
      // a Check is the reader's own work, like a run: the toolbar says so, and its Stop stops it
      if (run.request.type === "check") this.setState("running");
      run.handlers.start?.();
      this.port.postMessage({ ...run.request, id: run.id });
      return;
    }
    this.setState("running");
    run.handlers.start?.();
    // the page's language: the words of Python's notes (cellrunner) follow it
    const lang = (globalThis.document?.documentElement.lang || "en").slice(0, 2);
    this.port.postMessage({ type: "run", id: run.id, code: run.code, name: run.name, lang });
  }

  /** Stop one run (queued or running), or every run when no id is given. */
  stop(predicate = () => true) {
    for (const run of this.queue.filter(predicate)) {
      this.queue.splice(this.queue.indexOf(run), 1);
      run.resolve(failure("not run: it was stopped before it started", { cancelled: true }));
    }
    const run = this.active;
    if (!run || !predicate(run) || run.stopping) return;
    run.stopping = true;
    if (this.interruptBuffer) {
      // Cross-origin isolated: raise KeyboardInterrupt in Python, keep the session. A run the
      // worker has not started yet (it was finishing other work) is interrupted as it starts:
      // the worker clears the flag when a run begins, so setting it now would be lost.
      const flag = new Int32Array(this.interruptBuffer);
      if (run.started) flag[0] = 2;
      run.againTimer = setInterval(() => {
        if (this.active === run && run.started && flag[0] === 0) flag[0] = 2;
      }, STOP_AGAIN_MS);
      run.stopTimer = setTimeout(() => this._forceStop(run), STOP_GRACE_MS);
    } else {
      this._forceStop(run);
    }
  }

  _forceStop(run) {
    clearInterval(run.againTimer);
    if (this.active !== run) return;
    if (this.interruptBuffer) {
      const pending = new Int32Array(this.interruptBuffer)[0] !== 0;
      console.warn(`Stop: Python did not stop within ${STOP_GRACE_MS} ms (${!run.started ? "the run never started"
        : pending ? "it never looked at the interrupt: busy outside Python" : "it took the interrupt and ran on"}); restarting it`);
    }
    this.active = null;
    run.resolve(failure("stopped: Python was restarted to stop it", { interrupted: true, restarted: true }));
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
    this.port?.close();
    this.worker = this.port = null;
    this.ready = null;
    this.start();
  }

  /** A fresh session: a new interpreter, every variable gone. */
  restart() {
    this._abortAll(failure("not run: Python was restarted", { cancelled: true }));
    this._respawn();
    // The widgets' calls were cancelled with the rest (a first answer, say): they ask again.
    this.ready.then(() => this.dispatchEvent(new CustomEvent("namespace", { detail: { owner: null } })), () => {});
    return this.ready;
  }

  /** A new page: stop what the last page ran, give it a fresh namespace. */
  newPage() {
    this.stop();
    if (this.port && this.state !== "failed") this.port.postMessage({ type: "reset" });
  }
}
