// Make the runtime's memory snapshot at build time: Python started once, here in
// Node, its memory saved (gzip), so a page's worker restores it instead of
// starting Python anew (Pyodide 0.27's _makeSnapshot / _loadSnapshot).
//   node js/runtime/snapshot.mjs RUNTIME_DIR OUT_FILE
// Taken right after the core's start, before any package: a package's compiled
// libraries live outside the memory a snapshot keeps, so NumPy loads after it.
// What Node gives Python differently from a browser's worker is set to the
// worker's values first (the worker re-reads the time zone and reseeds random).
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { countArgsIndex } from "./python-memory.mjs";

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error("usage: node js/runtime/snapshot.mjs RUNTIME_DIR OUT_FILE");
  process.exit(2);
}
const indexURL = resolve(dir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
// What a worker's own start gives, where Node's differs: the program's name, and
// sys.path without the "" that loadPyodide puts first (it does so again after a restore).
// The page's language, time zone and user agent are set by the worker (worker.js, asBrowserStarted).
pyodide.runPython(`
import os, sys
os.environ['_'] = './this.program'
sys.executable = '/home/pyodide/this.program'
sys.path.remove('')
`);
// The standard library every start imports before it is ready (Pyodide's package loader
// for the wheels; NumPy and nnbook as they are imported): imported here and kept in the
// snapshot, a restored Python has them at once (test_start.py: the same modules as a plain start).
pyodide.runPython("import __future__, base64, calendar, csv, ctypes, datetime, email.header, email.message, "
  + "email.utils, importlib.metadata, json, numbers, pickle, platform, quopri, tarfile");
// Python's memory keeps the helper that counts a C function's arguments (made
// by Pyodide's start where wasm-gc works). One made here would not exist in the
// page's worker: the snapshot holds 0 (the slower, safe way, iPad's); the worker
// puts its own browser's helper in place after restoring (worker.js, fastCalls).
pyodide._module.HEAP32[countArgsIndex(pyodide._module)] = 0;
const memory = pyodide.makeMemorySnapshot();
writeFileSync(out, gzipSync(memory, { level: 9 }));
console.log(`nnbook runtime: Python's memory snapshot, ${(memory.length / 1e6).toFixed(1)} MB, written to ${out}`);
