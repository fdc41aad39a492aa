// Every workaround for Pyodide 0.27 in one place, each with the upstream change that
// makes it unnecessary. Used by the page (host.mjs), the Python worker (worker.js) and
// the build's snapshot (js/build/snapshot.mjs); the build stops when package.json asks
// for another Pyodide than WRITTEN_FOR (py/sitebuild/runtime.py, check_pyodide_pin).
// After an upgrade: drop each workaround its fix makes unnecessary, re-check the rest
// (tests/browser/test_start.py first), rename this file and set WRITTEN_FOR.
// Also tied to this release: the service worker ignores the worker URL's ?ipad=1 (js/offline/sw.mjs).

export const WRITTEN_FOR = "0.27.7";

// 1. iPad's platform flag. Pyodide 0.27 tells iOS by navigator.platform, which an iPad
// asking for desktop sites reports as "MacIntel", and then takes a code path WebKit gets
// wrong there (pyodide #5670). Unnecessary from Pyodide 0.28: PR #5695 tells iOS otherwise.
// The page tells its worker by the worker's URL (?ipad=1); the worker says "iPad" before
// Pyodide loads.

/** An iPad, iPhone or iPod: by its user agent, or an iPad asking for desktop sites (it says "MacIntel"). */
export function isAppleMobile(nav = globalThis.navigator) {
  if (!nav) return false;
  return /iPad|iPhone|iPod/.test(nav.userAgent || "") || (nav.platform === "MacIntel" && nav.maxTouchPoints > 1);
}

/** The worker's URL, with ?ipad=1 on an Apple mobile device. */
export function workerURLFor(url, nav = globalThis.navigator) {
  return isAppleMobile(nav) ? `${url}?ipad=1` : url;
}

/** In the worker, before Pyodide loads: navigator.platform says "iPad" if the URL asks for it. */
export function sayIPadIfAsked(scope = self) {
  if (!new URLSearchParams(scope.location.search).has("ipad")) return;
  // On the prototype (where the browser defines it), and on the object if that did not take.
  Object.defineProperty(Object.getPrototypeOf(scope.navigator), "platform", { get: () => "iPad", configurable: true });
  if (scope.navigator.platform !== "iPad") {
    Object.defineProperty(scope.navigator, "platform", { value: "iPad", configurable: true });
  }
}

// 2. The count-args helper in Python's memory. Pyodide 0.27 (CPython 3.12 with the
// wasm-gc call adaptor of pyodide PR #5310, python/cpython #128628) keeps the function
// that counts a C function's arguments in Python's runtime state, which a memory snapshot
// carries: one made in the build's Node would not exist in a page's worker. The snapshot
// holds 0 (the slower JavaScript way, safe everywhere, iPad's), and the worker puts its own
// browser's helper in place after restoring. No upstream fix known: snapshots are an
// underscored, experimental option of 0.27 (_makeSnapshot, _loadSnapshot); an upgrade
// whose loadPyodide refills the helper on restore makes it unnecessary.

/** The Int32 index of the helper counting a C function's arguments (a wasm-gc helper, or 0 for the slower JavaScript way). */
export function countArgsIndex(Module) {
  const offset = Module.HEAP32[Module.__PyEM_EMSCRIPTEN_COUNT_ARGS_OFFSET >>> 2];
  return (Module.__PyRuntime + offset) >>> 2;
}

/** Whether Python calls C functions by the wasm-gc helper (never on iOS, pyodide #5670). */
export function hasFastCalls(pyodide) {
  return pyodide._module.HEAP32[countArgsIndex(pyodide._module)] !== 0;
}

// 3. A snapshot made in Node, restored in a browser's worker. Pyodide 0.27 restores
// Python as it was when the snapshot was made: what its start learnt from Node (the
// program's name, sys.path, the time zone, LANG, the user agent, random's seed) stays
// Node's. Made worker-like before the snapshot, made this browser's after the restore.
// No upstream fix known (the snapshot options are experimental in 0.27; pyodide PR
// #4652 names the reseeding as the user's job): an upgrade whose restore re-runs these
// parts of the start makes it unnecessary.

/** In the build, before the snapshot: what a worker's own start gives where Node's differs. */
export function asWorkerBeforeSnapshot(pyodide) {
  // the program's name, and sys.path without the "" that loadPyodide puts first (it does so again after a restore)
  pyodide.runPython(`
import os, sys
os.environ['_'] = './this.program'
sys.executable = '/home/pyodide/this.program'
sys.path.remove('')
`);
}

/** In the build, right before the snapshot: the count-args helper as 0 (see 2.). */
export function withoutCountArgsHelper(pyodide) {
  pyodide._module.HEAP32[countArgsIndex(pyodide._module)] = 0;
}

/** In the worker, after a restore: what Python learnt at its start in the build's Node is made
 * what it would have learnt here (tests/browser/test_start.py compares with a plain start). */
export function asBrowserStarted(pyodide, nav = self.navigator) {
  const Module = pyodide._module;
  // see 2.: this browser's helper (0 on iOS and where wasm-gc is missing), as Python's own start would have put it
  Module.HEAP32[countArgsIndex(Module)] = Module._PyEM_CountArgsPtr;
  // This reader's time zone: C's tzset ran once, in Node; run Emscripten's again,
  // and give Python's time module what its start takes from C.
  const tzname = Module._tzname >>> 2;
  Module.__tzset_js(Module._timezone, Module._daylight, Module.HEAPU32[tzname], Module.HEAPU32[tzname + 1]);
  // Emscripten's LANG from the browser's language; its user agent as the runtime.
  const lang = `${(nav.languages && nav.languages[0]) || "C"}`.replace("-", "_") + ".UTF-8";
  pyodide.globals.set("_nnbook_start", pyodide.toPy({ lang, agent: nav.userAgent }));
  pyodide.runPython(`
import os, random, sys, time
os.environ['LANG'] = _nnbook_start['lang']
sys._emscripten_info = type(sys._emscripten_info)(
    (sys._emscripten_info[0], _nnbook_start['agent'], *sys._emscripten_info[2:]))
del _nnbook_start
# the time module's zone as its start computes it here (CPython 3.12's timemodule.c,
# init_timezone, where tzname is not declared): from January's and July's local time
_year = (365 * 24 + 6) * 3600
_t = int(time.time()) // _year * _year
_jan, _jul = time.localtime(_t), time.localtime(_t + _year // 2)
_janzone, _julyzone = -_jan.tm_gmtoff, -_jul.tm_gmtoff
if _janzone < _julyzone:  # DST is reversed in the southern hemisphere
    time.timezone, time.altzone, time.tzname = _julyzone, _janzone, (_jul.tm_zone, _jan.tm_zone)
else:
    time.timezone, time.altzone, time.tzname = _janzone, _julyzone, (_jan.tm_zone, _jul.tm_zone)
time.daylight = int(_janzone != _julyzone)
del _year, _t, _jan, _jul, _janzone, _julyzone
random.seed()            # the build seeded it: each reader gets fresh seeds
`);
}
