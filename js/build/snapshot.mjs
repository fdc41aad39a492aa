// Make the runtime's memory snapshot at build time: Python started once, here in
// Node, its memory saved (gzip), so a page's worker restores it instead of
// starting Python anew (Pyodide 0.27's _makeSnapshot / _loadSnapshot).
//   node js/build/snapshot.mjs RUNTIME_DIR OUT_FILE
// Taken right after the core's start, before any package: a package's compiled
// libraries live outside the memory a snapshot keeps, so NumPy loads after it.
// What Node gives Python differently from a browser's worker is set to the
// worker's values first (the worker re-reads the time zone and reseeds random).
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { asWorkerBeforeSnapshot, withoutCountArgsHelper } from "../runtime/pyodide-0.27.mjs";

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error("usage: node js/build/snapshot.mjs RUNTIME_DIR OUT_FILE");
  process.exit(2);
}
const indexURL = resolve(dir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
// What Node gives Python differently from a worker's start, as a worker's gives it
// (Pyodide 0.27's workarounds; the page's language, time zone and user agent are set by
// the worker after the restore).
asWorkerBeforeSnapshot(pyodide);
// The standard library every start imports before it is ready (Pyodide's package loader
// for the wheels; NumPy and nnbook as they are imported): imported here and kept in the
// snapshot, a restored Python has them at once (test_start.py: the same modules as a plain start).
pyodide.runPython("import __future__, base64, calendar, csv, ctypes, datetime, email.header, email.message, "
  + "email.utils, importlib.metadata, json, numbers, pickle, platform, quopri, tarfile");
withoutCountArgsHelper(pyodide);   // the page's worker puts its own browser's in place
const memory = pyodide.makeMemorySnapshot();
writeFileSync(out, gzipSync(memory, { level: 9 }));
console.log(`nnbook runtime: Python's memory snapshot, ${(memory.length / 1e6).toFixed(1)} MB, written to ${out}`);
