// Entry point of the textbook's browser code (bundled by js/build/bundle.mjs).
// With mkdocs-material's instant navigation the script runs once per tab and
// `document$` announces every page; the Python runtime outlives the pages.
import { Runtime } from "./runtime/host.mjs";
import { installLanguageSwitch } from "./language.mjs";
import { addSkipToFirstCell, nameThemeParts, untabPermalinks } from "./a11y.mjs";
import { mountProgress } from "./progress.mjs";
import { registerOffline } from "./offline/register.mjs";
import { mountOfflinePanel } from "./offline/panel.mjs";
import { keepForNextVisit } from "./offline/later.mjs";
import { startsOnRun, whenReady } from "./runtime/on-demand.mjs";

// boot.js (loaded first) made the runtime and started it on a page with
// cells; without it, make one here.
const runtime = globalThis.nnbookRuntime || Object.assign(new Runtime(new URL("../", import.meta.url)),
  { onDemand: startsOnRun() });
let page = null;
let widgets = null;

function hasCells(root) {
  return root.querySelector("div.nb-cell, div.nb-widget") !== null;
}

// Instant navigation swaps the content, not the scripts nor <html lang> and
// the header: a page of a newer build (deployed since this tab's full load)
// gets a full load instead, so it runs its own build's scripts, Python worker
// and nnbook; so does a page of the other language reached by a link in the
// content (the header's language switch loads in full itself, language.mjs).
function needsFullLoad() {
  const mark = document.querySelector(".nb-build");
  if (!mark) return false;
  const stamp = mark.dataset.textbook;
  const otherBuild = Boolean(stamp) && new URL(stamp, location.href).href !== import.meta.url;
  const lang = (document.documentElement.lang || "en").slice(0, 2);
  return otherBuild || (Boolean(mark.dataset.lang) && mark.dataset.lang !== lang);
}

// The section a link pointed to (#id), looked up decoded: instant navigation looks a
// #fragment up as written, percent-encoded, so a Japanese anchor (the glossary's links,
// #22-シグモイド関数…) left the reader at the top.
function anchorTarget() {
  if (!location.hash) return null;
  try { return document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch { return null; }
}

const inView = (el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; };

// Keep the section the reader came to in view while the page mounts: the cells, widgets
// and formulas go in after the browser scrolled to it and change the height above it
// (a glossary link once left chapter 2's heading out of view). Returns what re-scrolls,
// once the content has changed (the last call stops listening); it does nothing once the
// reader has scrolled or pressed.
function keepAnchorInView() {
  const anchor = anchorTarget();
  if (anchor && location.hash.includes("%")) anchor.scrollIntoView();
  if (!anchor || !inView(anchor)) return () => {};
  let moved = false;
  const listening = new AbortController();
  for (const type of ["wheel", "touchstart", "keydown", "mousedown"]) {
    addEventListener(type, () => { moved = true; }, { capture: true, passive: true, signal: listening.signal });
  }
  return (last = false) => {
    if (!moved && anchor.isConnected && !inView(anchor)) anchor.scrollIntoView();
    if (last) listening.abort();
  };
}

async function mount() {
  if (needsFullLoad()) {
    location.reload();
    return;
  }
  const root = document.querySelector("article") || document.body;
  if (page || widgets) {
    page?.destroy();
    widgets?.destroy();
    runtime.newPage();
  }
  // Formulas come typeset from the build; math.mjs marks the wide ones (and typesets any
  // left), after the cells are there: the Run buttons come first.
  const katex = root.querySelector(".arithmatex") ? import("./math.mjs") : null;
  nameThemeParts();
  untabPermalinks(root);
  const keepAnchor = keepAnchorInView();
  mountProgress();
  // The home page's pip line names the wheel where this page is served: a
  // default build does not know its host (site_url is http://localhost/).
  for (const code of root.querySelectorAll("code.nb-pip-install[data-wheel]")) {
    code.textContent = `pip install ${new URL(code.dataset.wheel, location.href).href}`;
  }
  mountOfflinePanel();
  page = widgets = null;
  if (hasCells(root)) {
    // The cells (with the editor) and the widget registry are chunks of their own:
    // pages without cells never load them.
    if (!runtime.onDemand) runtime.start();   // reading mode: at the first Run (on-demand.mjs)
    const [{ CellPage }, { mountWidgets }] = await Promise.all([
      import("./cells/page.mjs"), import("./widgets/registry.mjs")]);
    if (root.isConnected) {
      page = new CellPage(root, runtime);
      widgets = mountWidgets(root, runtime);
      keepAnchor();
    }
  }
  if (root.isConnected) addSkipToFirstCell(root);
  const math = katex?.then((m) => new Promise((resolve) => setTimeout(resolve)).then(() => m.typeset(root)))
    .catch((err) => console.error(err));
  await Promise.all([math, widgets?.ready]);
  keepAnchor(true);
  document.documentElement.dataset.nnbook = "ready";
}

installLanguageSwitch();
// The service worker (offline, updates, Stop that keeps variables), from the
// site's root, two folders up from this bundle; once the page's own downloads are done.
// In reading mode, only once the reader has started Python (the precache is the runtime).
registerOffline(new URL("../../", import.meta.url),
  runtime.ready || (runtime.onDemand ? whenReady(runtime) : Promise.resolve()));
keepForNextVisit(runtime);   // Python's memory snapshot, from a reader's return on

// For tests and the reader's console: the page's runtime and cells.
globalThis.nnbook = { runtime, get page() { return page; } };

if (globalThis.document$) globalThis.document$.subscribe(() => mount());
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();
