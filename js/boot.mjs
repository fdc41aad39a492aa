// The first script of a page with cells or widgets (in its <head>, see
// overrides/main.html): a few kilobytes that start the Python worker at
// once, while the browser still fetches the theme and the textbook's larger
// bundle (editor, mathematics, widgets). The bundle finds the runtime at
// globalThis.nnbookRuntime; on other pages it makes one when needed.
import { Runtime } from "./runtime/host.mjs";
import { startsOnRun } from "./runtime/on-demand.mjs";

// The bundle lives in <site>/assets/nnbook/; the runtime beside it.
const assetsURL = new URL("../", document.currentScript.src);
const runtime = new Runtime(assetsURL, typeof __NNBOOK_RUNTIME__ === "undefined" ? null : __NNBOOK_RUNTIME__);
globalThis.nnbookRuntime = runtime;
// reading mode (Save-Data, or the reader's choice): Python waits for the first Run
runtime.onDemand = startsOnRun();
if (!runtime.onDemand) runtime.start();
