// The book's widgets. `::: widget NAME key=value …` in a page mounts the
// widget NAME: its module js/widgets/NAME.mjs is loaded (its own chunk, only
// on pages that use it) and its `mount(element, ctx)` is called; its Python
// half is the module nnbook.widgets.NAME (dashes become underscores). The
// widgets are those of the book's one list, widgets.json (its styles and
// notebook cells follow it too: js/build/widget-styles.mjs, py/sitebuild/notebooks.py).
//
// A widget module exports
//   LABELS          (optional) its words: { en: {...}, ja: {...} }, see kit/labels.mjs
//   mount(element, ctx)   builds the widget in `element` (its data-* are the
//                   line's options); may return { destroy() }.
// and gets this context:
//   ctx.lang, ctx.t          the page's language ("en" | "ja") and the widget's words in it
//   ctx.call(fn, args, {yields})  nnbook.widgets.NAME.fn(namespace, **args) in the page's Python
//                            session (shared with the cells): {ok, value} | {ok: false, error}
//   ctx.link({...})          a PythonLink (kit/python.mjs): merged changes, one call in
//                            flight, stale answers dropped, flushed before a cell runs
//   ctx.onChange(fn)         fn() after a cell ran or another widget changed Python's state
//   ctx.changed()            tell the others this widget changed Python's state
//   ctx.beforeCellRun(fn)    fn() just before a cell is queued
//
// Until a widget's first call to Python is answered, its element carries
// data-waiting (the widget's defaults are shown greyed) and, while Python
// loads, a line with the loading progress, the same as the page's toolbar.
import { labelsFor, languageOf } from "./kit/labels.mjs";
import { PythonLink } from "./kit/python.mjs";
import { labelsIn as pageLabelsIn, loadingText } from "../i18n.mjs";
import LIST from "./widgets.json" with { type: "json" };

/** Name → its module's loader (esbuild makes each js/widgets/NAME.mjs a chunk of its own). */
export const WIDGETS = Object.fromEntries(Object.keys(LIST).map((name) => [name, () => import(`./${name}.mjs`)]));

/** The Python module of widget `name`. */
const pythonModule = (name) => `nnbook.widgets.${name.replaceAll("-", "_")}`;

/**
 * Mark `element` as waiting for its first answer (data-waiting) and show the
 * runtime's loading progress in it while Python loads; `answered()` ends both.
 */
function waitForFirstAnswer(element, runtime, lang) {
  const t = pageLabelsIn(lang);
  element.dataset.waiting = "";
  const line = document.createElement("p");
  line.className = "nb-widget__waiting";
  const show = () => {
    const loading = runtime.state === "loading" || runtime.state === "idle";
    if (runtime.state === "idle" && runtime.onDemand) return showStartButton(line, runtime, t);   // reading mode
    line.textContent = loading ? `${t.waitingForPython}: ${loadingText(t, runtime.progress)}` : t.waitingShort;
  };
  // Python already running (a page reached by instant navigation): the answer is a moment away.
  const quiet = runtime.state === "ready" || runtime.state === "running";
  if (!quiet) {
    show();
    runtime.addEventListener("status", show);
  }
  return {
    place() { if (!quiet && element.dataset.waiting !== undefined) element.prepend(line); },
    answered() {
      runtime.removeEventListener("status", show);
      line.remove();
      delete element.dataset.waiting;
    },
  };
}

/** Reading mode, Python not started: the line says so, with a button that starts it. */
function showStartButton(line, runtime, t) {
  if (line.querySelector("button")) return;
  const start = document.createElement("button");
  start.type = "button";
  start.className = "md-button nb-button";
  start.textContent = t.startPython;
  start.addEventListener("click", () => runtime.start());
  line.replaceChildren(t.waitingForUse, " ", start);
}

/** Reading mode (runtime.onDemand): the reader's first use of a widget starts Python
 *  (its first answer, which only asks, waits for that: host.mjs). */
function startOnUse(element, runtime) {
  if (!runtime.onDemand || runtime.state !== "idle") return;
  const kinds = ["input", "change", "click"];
  const use = () => {
    for (const kind of kinds) element.removeEventListener(kind, use, true);
    runtime.start();
  };
  for (const kind of kinds) element.addEventListener(kind, use, true);
}

export function mountWidgets(root, runtime) {
  const mounted = [];
  let destroyed = false;
  const listeners = new Set();
  const onNamespace = (ev) => { for (const fn of listeners) if (fn.owner !== ev.detail?.owner) fn(); };
  runtime.addEventListener("namespace", onNamespace);
  const flushers = new Set();
  const onBeforeRun = () => {
    for (const fn of flushers) {
      try { fn(); } catch (err) { console.error(err); }
    }
  };
  runtime.addEventListener("beforerun", onBeforeRun);
  const lang = languageOf(document.documentElement.lang);
  const waiters = new Set();

  const start = async (element) => {
    const name = element.dataset.widget;
    const load = Object.hasOwn(WIDGETS, name) ? WIDGETS[name] : null;
    if (!load) {
      element.textContent = `Unknown widget: ${name}`;
      return;
    }
    let widget;
    try {
      widget = await load();
    } catch (err) {
      element.textContent = `This widget could not be loaded: ${err.message}`;
      return;
    }
    if (destroyed) return;
    element.replaceChildren();
    const owner = {};
    const module = pythonModule(name);
    const waiting = waitForFirstAnswer(element, runtime, lang);
    waiters.add(waiting);
    startOnUse(element, runtime);
    const ctx = {
      lang,
      t: labelsFor(lang, widget.LABELS),
      call: (fn, args = {}, options = {}) => {
        const answer = runtime.call(module, fn, args, options);
        answer.then(() => { waiting.answered(); waiters.delete(waiting); });
        return answer;
      },
      link: (options) => new PythonLink(ctx, options),
      onChange(fn) { fn.owner = owner; listeners.add(fn); },
      changed() { runtime.dispatchEvent(new CustomEvent("namespace", { detail: { owner } })); },
      beforeCellRun(fn) { flushers.add(fn); },
    };
    try {
      mounted.push(widget.mount(element, ctx) || {});
      element.dataset.mounted = "";
      waiting.place();
    } catch (err) {
      console.error(err);
      waiting.answered();
      element.textContent = `This widget failed to start: ${err.message}`;
    }
  };
  const starts = [...root.querySelectorAll("div.nb-widget[data-widget]")].map(start);
  return {
    /** Settles once every widget of the page is mounted (or has said why not). */
    ready: Promise.all(starts),
    destroy() {
      destroyed = true;
      runtime.removeEventListener("namespace", onNamespace);
      runtime.removeEventListener("beforerun", onBeforeRun);
      for (const waiting of waiters) waiting.answered();
      for (const w of mounted) w.destroy?.();
    },
  };
}
