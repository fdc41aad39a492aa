// The Web Worker that runs Python (Pyodide's web-worker pattern): the page
// stays responsive while a cell computes. One worker lives as long as the
// tab; instant navigation keeps it, and each page gets a fresh namespace.
//
// The runtime talks on its own MessagePort, given in the init message and
// kept in this file's closure: Python's `js` module is the worker's global
// scope, so a cell can call js.postMessage, but never reach the port.
//
// self.onmessage: {type:"init", indexURL, wheel, port, interruptBuffer?}  (once)
// Messages in (port): {type:"run", id, code, name}
//               {type:"eval", id, code}    (JSON of the last expression)
//               {type:"call", id, module, fn, args}  (widgets: module.fn(namespace, **args))
//               {type:"check", id, code}   (an exercise's hidden tests)
//               {type:"reset"}
// Messages out (port): {type:"status", state, message?}
//               {type:"out", id, kind, payload}   kind: stdout|stderr|display|error|note|loading
//               {type:"started", id}   (a run is past its imports: Stop may interrupt it)
//               {type:"done", id, ok, line}
//               {type:"evaluated", id, json}   (eval, call and check)
//               {type:"fatal", message}

/* global loadPyodide, importScripts */
(() => {
let port = null;
let pyodide = null;
let session = null;
let interrupt = null;
let current = null; // id of the run in progress
let queue = Promise.resolve();
let entry = null; // the runner's entry points, taken once: a cell cannot swap them

const post = (message) => port.postMessage(message);

function toPlain(value) {
  if (value && typeof value.toJs === "function") {
    return value.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
  }
  return value;
}

function emit(kind, payload) {
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

async function init({ indexURL, wheel, interruptBuffer }) {
  post({ type: "status", state: "loading" });
  importScripts(indexURL + "pyodide.js");
  pyodide = await Promise.race([
    loadPyodide({ indexURL, stdout: (t) => console.log(t), stderr: (t) => console.warn(t) }),
    checkLater(indexURL),
  ]);
  await pyodide.loadPackage(["numpy", new URL(wheel, indexURL).href], {
    messageCallback: () => {},
    errorCallback: (m) => console.warn(m),
  });
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
  entry = { run: session.run, evaluate: session.evaluate, call: session.call, check: session.check, reset: session.reset };
  post({ type: "status", state: "ready", interruptible: Boolean(interrupt) });
}

async function run({ id, code, name }) {
  current = id;
  try {
    if (interrupt) interrupt[0] = 0;
    // Wheels a cell imports (matplotlib and its dependencies) load on first use.
    await pyodide.loadPackagesFromImports(code, {
      messageCallback: (m) => { if (/^Loading /.test(m)) emit("loading", m); },
      errorCallback: (m) => emit("stderr", m + "\n"),
    });
    post({ type: "started", id });   // from now on a Stop may interrupt this run
    const result = toPlain(entry.run(code, name));
    post({ type: "done", id, ok: result.get ? result.get("ok") : result.ok, line: result.line ?? null });
  } finally {
    current = null;
  }
}

self.addEventListener("unhandledrejection", (ev) => {
  if (!session && port) post({ type: "fatal", message: String(ev.reason && ev.reason.message ? ev.reason.message : ev.reason) });
});

async function handle(data) {
  if (data.type === "run") await run(data);
  else if (data.type === "eval") {
    await pyodide.loadPackagesFromImports(data.code);
    post({ type: "evaluated", id: data.id, json: entry.evaluate(data.code) });
  } else if (data.type === "call") {
    post({ type: "evaluated", id: data.id, json: entry.call(data.module, data.fn, JSON.stringify(data.args ?? {})) });
  } else if (data.type === "check") {
    post({ type: "evaluated", id: data.id, json: JSON.stringify({ ok: true, value: toPlain(entry.check(data.code)) }) });
  } else if (data.type === "reset") entry.reset();
}

function enqueue(work) {
  queue = queue.then(async () => {
    try {
      await work();
    } catch (err) {
      // Python errors are caught by cellrunner; reaching here means the
      // runtime itself failed (a missing file, a crashed interpreter).
      post({ type: "fatal", message: String(err && err.message ? err.message : err) });
    }
  });
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
