// Widgets: each is a module that registers a mount function under the name
// used in Markdown (`::: widget NAME`). A widget gets its element (with the
// data-* options of its line) and a context:
//   ctx.runtime   the page's Python runtime; ctx.evaluate(code) runs Python in
//                 the page's namespace, shared with the cells, and resolves
//                 with {ok, value} / {ok:false, error}
//   ctx.onChange(fn)  fn() after a cell ran or another widget changed Python
//   ctx.changed()     tell the others this widget changed Python's state
//   ctx.beforeCellRun(fn)  fn() just before a cell is queued: a widget that holds back
//                 changes (one evaluation in flight, the newest change waiting) sends them
//                 at once, so that the cell runs after them
//   ctx.t, ctx.lang   interface labels and language
// mount() may return {destroy()}.
import { labels } from "../i18n.mjs";

const widgets = new Map();

export function register(name, mount) {
  widgets.set(name, mount);
}

export function mountWidgets(root, runtime) {
  const mounted = [];
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
  for (const element of root.querySelectorAll("div.nb-widget[data-widget]")) {
    const mount = widgets.get(element.dataset.widget);
    if (!mount) {
      element.textContent = `Unknown widget: ${element.dataset.widget}`;
      continue;
    }
    element.replaceChildren();
    const owner = {};
    const ctx = {
      runtime,
      t: labels(),
      lang: (document.documentElement.lang || "en").slice(0, 2),
      evaluate: (code) => runtime.evaluate(code),
      onChange(fn) { fn.owner = owner; listeners.add(fn); },
      changed() { runtime.dispatchEvent(new CustomEvent("namespace", { detail: { owner } })); },
      beforeCellRun(fn) { flushers.add(fn); },
    };
    try {
      mounted.push(mount(element, ctx) || {});
    } catch (err) {
      element.textContent = `This widget failed to start: ${err.message}`;
    }
  }
  return {
    destroy() {
      runtime.removeEventListener("namespace", onNamespace);
      runtime.removeEventListener("beforerun", onBeforeRun);
      for (const w of mounted) w.destroy?.();
    },
  };
}
