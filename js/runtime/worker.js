// The Web Worker that runs Python (Pyodide's web-worker pattern): the page
// stays responsive while a cell computes. One worker lives as long as the
// tab; instant navigation keeps it, and each page gets a fresh namespace.
//
// The runtime talks on its own MessagePort, given in the init message and
// kept in this file's closure: Python's `js` module is the worker's global
// scope, so a cell can call js.postMessage, but never reach the port.
//
// Its URL may carry ?ipad=1: the page runs on iPadOS or iOS (host.mjs), and the
// worker says "iPad" before Pyodide is loaded (pyodide-0.27.mjs: that and the
// other workarounds for Pyodide 0.27).
//
// self.onmessage: {type:"init", indexURL, wheel, snapshot?, start?, handoff?, port, interruptBuffer?}  (once;
//   snapshot: Python's memory after its start, made by the build (js/build/snapshot.mjs);
//   handoff: no service worker controls the page: keep a copy of each start file for its install (js/offline/handoff.mjs);
//   start: the runtime's files to download, path -> bytes, from nnbook-runtime.json)
// Messages in (port): {type:"run", id, code, name, lang}  (lang: the page's, for the words of notes)
//               {type:"eval", id, code}    (JSON of the last expression)
//               {type:"call", id, module, fn, args}  (widgets: module.fn(namespace, **args))
//               {type:"check", id, code}   (an exercise's hidden tests; "started" first, so Stop interrupts it)
//               {type:"reset"}
// Messages out (port): {type:"status", state:"loading", stage, loaded, total}  (progress:
//                 stage runtime|starting|numpy|imports, bytes of the start files so far)
//               {type:"status", state:"ready", interruptible, platform, timings}
//               {type:"out", id, kind, payload}   kind: stdout|stderr|display|error|note|loading
//               {type:"started", id}   (a run is past its imports: Stop may interrupt it)
//               {type:"done", id, ok, line}
//               {type:"evaluated", id, json}   (eval, call and check)
//               {type:"fatal", message}

/* global loadPyodide, importScripts */
import { asBrowserStarted, hasFastCalls, sayIPadIfAsked } from "./pyodide-0.27.mjs";
import { handOff } from "../offline/handoff.mjs";

(() => {
sayIPadIfAsked(self);

let port = null;
let pyodide = null;
let session = null;
let interrupt = null;
let current = null; // id of the run in progress
let queue = Promise.resolve();
let entry = null; // the runner's entry points, taken once: a cell cannot swap them

// Taken before any cell runs: a cell may patch MessagePort.prototype or Reflect
// through `js`, but the runtime posts (and so a Check's verdict travels) by these.
const postOnPort = MessagePort.prototype.postMessage;
const then = Promise.prototype.then;   // the queue of work: a cell that patches then() cannot stall it
const apply = Reflect.apply;
const post = (message) => apply(postOnPort, port, [message]);

/** What a cell must not reach through `js` (this global scope), made unreachable before
 * the first cell runs: the caches the service worker serves pages from (and nested
 * workers, which would have them); close(), which would end Python without a word. */
function sealAway() {
  const refuse = () => { throw new Error("close() would end Python; cells cannot call it"); };
  const hide = (name, value) => {
    for (let o = self; o; o = Object.getPrototypeOf(o)) {
      if (!Object.prototype.hasOwnProperty.call(o, name)) continue;
      try {
        Object.defineProperty(o, name, { value, writable: false, configurable: false });
      } catch (err) {   // an engine that will not let go of it: Python starts all the same
        console.warn(`nnbook: ${name} stays reachable from cells here: ${err?.message || err}`);
      }
    }
  };
  hide("caches", undefined);
  hide("Worker", undefined);
  hide("SharedWorker", undefined);
  hide("close", refuse);
}

function toPlain(value) {
  if (value && typeof value.toJs === "function") {
    return value.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
  }
  return value;
}

// Python sends at most 1,000 outputs a run and says how many it left out (cellrunner's
// MESSAGE_LIMIT); this is the cap a cell that calls the runner's emit itself meets.
const OUT_LIMIT = 1_100;
let sent = 0;

function emit(kind, payload) {
  if (++sent > OUT_LIMIT) return;
  post({ type: "out", id: current, kind, payload: toPlain(payload) });
}

// A file the host lost makes Emscripten give up without rejecting
// loadPyodide's promise; so check each core file in parallel and say which.
const CORE = ["pyodide.asm.wasm", "pyodide.asm.js", "python_stdlib.zip", "pyodide-lock.json"];

async function checkCore(indexURL) {
  const missing = [];
  await Promise.all(CORE.map(async (name) => {
    const response = await fetch(indexURL + name, { method: "HEAD" }).catch(() => null);
    if (!response || !response.ok) missing.push(`${name} (${response ? response.status : "unreachable"})`);
  }));
  if (missing.length) throw new Error(`the site is missing part of the Python runtime: ${missing.join(", ")}`);
  return new Promise(() => {}); // never settles: only a failure matters
}

// Checked only if loading has not finished after a while, so that the
// check's requests never compete with a healthy load's downloads.
const CHECK_AFTER_MS = 1500;
const checkLater = (indexURL) =>
  new Promise((resolve) => setTimeout(resolve, CHECK_AFTER_MS)).then(() => checkCore(indexURL));

// Loading progress: the bytes of the start files (the build's manifest gives their
// sizes) as they arrive, counted on a copy of each response (the original goes to
// Pyodide untouched, so the browser still compiles the wasm as it streams in and
// caches the compiled code). Scripts come by importScripts: counted when loaded.
class Progress {
  constructor(indexURL, start) {
    this.sizes = new Map(Object.entries(start || {}).map(([path, size]) => [new URL(path, indexURL).href, size]));
    this.loaded = new Map();
    this.total = [...this.sizes.values()].reduce((a, b) => a + b, 0);
    this.stage = "runtime";
    this.sentAt = 0;
    this.timer = null;
  }

  /** Count the body of `response` (from `url`) as it arrives. */
  watch(url, response) {
    if (!this.sizes.has(url) || this.loaded.has(url) || !response.ok || !response.body) return response;
    this.loaded.set(url, 0);
    const reader = response.clone().body.getReader();
    const pump = () => reader.read().then(({ done, value }) => {
      if (done) return this.add(url, this.sizes.get(url));
      this.add(url, this.loaded.get(url) + value.byteLength);
      return pump();
    });
    pump().catch(() => {});
    return response;
  }

  add(url, bytes) {
    this.loaded.set(url, Math.min(bytes, this.sizes.get(url)));
    this.report();
  }

  coreLoaded() {
    for (const [url, size] of this.sizes) {
      if (!/\.whl$/.test(url) && (this.loaded.get(url) ?? 0) < size) return false;
    }
    return true;
  }

  /** Move on to `stage` (and say so at once). */
  to(stage) {
    this.stage = stage;
    this.report(true);
  }

  /** Tell the page, at most every 200 ms unless `now`. */
  report(now = false) {
    const due = this.sentAt + 200 - performance.now();
    if (!now && due > 0) {
      this.timer ??= setTimeout(() => { this.timer = null; this.report(true); }, due);
      return;
    }
    clearTimeout(this.timer);
    this.timer = null;
    this.sentAt = performance.now();
    let loaded = 0;
    for (const bytes of this.loaded.values()) loaded += bytes;
    const stage = this.stage === "runtime" && this.coreLoaded() ? "starting" : this.stage;
    post({ type: "status", state: "loading", stage, loaded, total: this.total });
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  }
}

// The worker's own fetch, counted; the files Python needs to start (the core's wasm and
// standard library, the lock file, the first wheels) are fetched at once, in parallel,
// while Pyodide's core still downloads and compiles, and handed over when asked for.
const nativeFetch = self.fetch.bind(self);
let progress = null;
const early = new Map(); // url -> Promise<Response>
let handoffs = null;     // with init's handoff: the copies being kept for the service worker

/** `response` (of `url`), a copy of it kept for the service worker's install if it is a start file. */
function kept(url, response) {
  if (!handoffs || !progress?.sizes.has(url)) return response;
  const [same, copy] = handOff(url, response);
  handoffs.push(copy);
  return same;
}

function countedFetch(input, options) {
  const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
  const get = (options?.method || (input instanceof Request ? input.method : "GET")).toUpperCase() === "GET";
  if (get && early.has(url)) {
    const response = early.get(url);
    early.delete(url);
    return response;
  }
  const response = nativeFetch(input, options);
  return progress && get ? response.then((r) => progress.watch(url, kept(url, r))) : response;
}

// pyodide.js loads pyodide.asm.js by importScripts, looked up when called: counted when it returns.
const nativeImportScripts = self.importScripts.bind(self);
function countedImportScripts(...urls) {
  nativeImportScripts(...urls);
  for (const url of urls) {
    const href = new URL(url, self.location.href).href;
    if (progress?.sizes.has(href)) progress.add(href, progress.sizes.get(href));
  }
}

/** The snapshot's bytes (a gzip the server may already have unpacked), or null if it cannot be had. */
async function restorable(url) {
  try {
    const response = await nativeFetch(url).then((r) => progress.watch(url, r));
    if (!response.ok) throw new Error(`${response.status} for ${url}`);
    let bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      if (typeof DecompressionStream !== "function") throw new Error("no DecompressionStream here");
      const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      bytes = new Uint8Array(await new Response(unpacked).arrayBuffer());
    }
    return bytes;
  } catch (err) {
    console.warn(`Python's memory snapshot is not available; starting Python anew: ${err?.message || err}`);
    return null;
  }
}

async function init({ indexURL, wheel, snapshot, start, handoff, interruptBuffer }) {
  // When each stage ended, ms after `origin` (the worker's time origin), for bench/run.py;
  // also as performance marks (nnbook:core, …), which bench/trace_start.py finds in a Chrome trace.
  // snapshot: Python restored from the build's snapshot; fastCalls: see pyodide-0.27.mjs, hasFastCalls.
  const timings = { origin: performance.timeOrigin, snapshot: false };
  const mark = (name) => { timings[name] = Math.round(performance.now()); performance.mark(`nnbook:${name}`); };
  progress = new Progress(indexURL, start);
  handoffs = handoff ? [] : null;
  progress.to("runtime");
  self.fetch = countedFetch;
  self.importScripts = countedImportScripts;
  // everything but the scripts (importScripts) and the snapshot (fetched below) at once, in parallel
  const earlyFiles = Object.keys(start || {}).filter((path) => !/\.js$/.test(path) && path !== snapshot);
  for (const url of earlyFiles.map((path) => new URL(path, indexURL).href)) {
    // A failed early fetch is left to Pyodide, which asks again and says what failed.
    early.set(url, nativeFetch(url).then((r) => progress.watch(url, kept(url, r))).catch(() => nativeFetch(url)));
  }
  // Python's memory right after its start, made by the build (js/build/snapshot.mjs):
  // restoring it skips starting Python; if it cannot be had, Python starts the plain way.
  const memory = snapshot ? restorable(new URL(snapshot, indexURL).href) : null;
  importScripts(indexURL + "pyodide.js");
  const options = { indexURL, stdout: (t) => console.log(t), stderr: (t) => console.warn(t) };
  pyodide = null;
  const bytes = memory && await memory;
  if (bytes) {
    try {
      pyodide = await Promise.race([loadPyodide({ ...options, _loadSnapshot: bytes }), checkLater(indexURL)]);
      asBrowserStarted(pyodide, self.navigator);
      timings.snapshot = true;
    } catch (err) {
      console.warn(`Python's memory snapshot could not be restored; starting Python anew: ${err?.message || err}`);
      pyodide = null;
    }
  }
  if (!pyodide) {
    pyodide = await Promise.race([loadPyodide(options), checkLater(indexURL)]);
  }
  mark("core");
  timings.fastCalls = hasFastCalls(pyodide);
  progress.to("numpy");
  await pyodide.loadPackage(["numpy", new URL(wheel, indexURL).href], {
    messageCallback: () => {},
    errorCallback: (m) => console.warn(m),
  });
  early.clear();
  mark("packages");
  progress.to("imports");
  pyodide.setStdin({ error: true });
  if (interruptBuffer) {
    interrupt = new Int32Array(interruptBuffer);
    pyodide.setInterruptBuffer(interrupt);
  }
  pyodide.runPython("import os; os.environ['MPLBACKEND'] = 'module://cellrunner.mpl_backend'");
  // NumPy and the textbook's library are imported now, not by the first cell:
  // every page uses them, a page reached by instant navigation answers at
  // once, and the Session remembers them as shipped (checks run against that).
  pyodide.runPython("import numpy, nnbook");
  const runner = pyodide.pyimport("cellrunner");
  session = runner.Session(emit);
  entry = { run: session.run, evaluate: session.evaluate, call: session.call, check: session.check_json, reset: session.reset };
  mark("imports");
  progress.stop();
  self.fetch = nativeFetch; // from now on a cell's fetch is the browser's own
  self.importScripts = nativeImportScripts;
  // the copies were written while Python started: the service worker registers once ready
  if (handoffs) await Promise.all(handoffs.splice(0));
  handoffs = null;
  sealAway();   // after the copies: they need caches; before any cell
  post({ type: "status", state: "ready", interruptible: Boolean(interrupt), platform: self.navigator.platform, timings });
}

async function run({ id, code, name, lang }) {
  current = id;
  sent = 0;
  try {
    // Wheels a cell imports (matplotlib and its dependencies) load on first use.
    await pyodide.loadPackagesFromImports(code, {
      messageCallback: (m) => { if (/^Loading /.test(m)) emit("loading", m); },
      errorCallback: (m) => emit("stderr", m + "\n"),
    });
    post({ type: "started", id });   // from now on a Stop may interrupt this run
    const result = toPlain(entry.run(code, name, lang));
    post({ type: "done", id, ok: result.get ? result.get("ok") : result.ok, line: result.line ?? null });
  } finally {
    current = null;
  }
}

self.addEventListener("unhandledrejection", (ev) => {
  if (!session && port) post({ type: "fatal", message: String(ev.reason && ev.reason.message ? ev.reason.message : ev.reason) });
});

async function handle(data) {
  // A Stop meant for the work before this one (it ended first) must not interrupt this one.
  if (interrupt) interrupt[0] = 0;
  if (data.type === "run") await run(data);
  else if (data.type === "eval") {
    await pyodide.loadPackagesFromImports(data.code);
    post({ type: "evaluated", id: data.id, json: entry.evaluate(data.code) });
  } else if (data.type === "call") {
    post({ type: "evaluated", id: data.id, json: entry.call(data.module, data.fn, JSON.stringify(data.args ?? {})) });
  } else if (data.type === "check") {
    post({ type: "started", id: data.id });
    // Python's JSON text as it is: nothing a cell can patch in JavaScript lies on the way
    const verdict = entry.check(data.code);
    post({ type: "evaluated", id: data.id, json: '{"ok":true,"value":' + verdict + "}" });
  } else if (data.type === "reset") entry.reset();
}

function enqueue(work) {
  queue = apply(then, queue, [async () => {
    try {
      await work();
    } catch (err) {
      // Python errors are caught by cellrunner; reaching here means the
      // runtime itself failed (a missing file, a crashed interpreter).
      post({ type: "fatal", message: String(err && err.message ? err.message : err) });
    }
  }]);
}

// Only the first init counts; a cell calling js.onmessage gets nothing.
self.onmessage = ({ data }) => {
  if (port || !data || data.type !== "init" || !(data.port instanceof MessagePort)) return;
  port = data.port;
  self.onmessage = null;
  port.onmessage = (ev) => enqueue(() => handle(ev.data));
  enqueue(() => init(data));
};
})();
