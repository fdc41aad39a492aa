// The engine tests' hands and eyes inside the page (tooling/drivers.py sends this file
// with each call): they press the page's own buttons and read what a reader would see, the
// same in Firefox and WebKit (and bench/bench_engines.py times the first output with them).
// Defined once per document, as globalThis.__nnbookChecks.
globalThis.__nnbookChecks ??= (() => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const text = (el) => (el?.textContent ?? "").trim();
  const cells = () => [...document.querySelectorAll("div.nb-cell")];
  const cell = (n) => {
    const el = cells()[n - 1];
    if (!el) throw new Error(`no cell ${n} on ${location.pathname}`);
    return el;
  };
  const toolbar = () => document.querySelector(".nb-toolbar");

  // the page's uncaught errors, from the moment the checks were first sent
  const errors = [];
  addEventListener("error", (ev) => errors.push(String(ev.message || ev.error)));
  addEventListener("unhandledrejection", (ev) => errors.push(`unhandled rejection: ${ev.reason?.message ?? ev.reason}`));

  async function waitFor(what, test, timeout) {
    const start = performance.now();
    for (;;) {
      const value = test();
      if (value) return value;
      if (performance.now() - start > timeout) throw new Error(`${what}: not within ${timeout / 1000} s on ${location.pathname}`);
      await sleep(50);
    }
  }

  function cellView(el) {
    return {
      state: el.dataset.state,
      expect: el.dataset.expect || "done",
      output: text(el.querySelector(".nb-cell__output")).slice(0, 2000),
      lines: [...el.querySelectorAll(".cm-line")].map((line) => line.textContent),
      edited: el.dataset.edited === "true",
      editedShown: !!el.querySelector(".nb-cell__changed") && !el.querySelector(".nb-cell__changed").hidden,
      errorLine: !!el.querySelector(".nb-error-line"),
    };
  }

  // What shows that a widget's Python half answered the first time: the same signs as the
  // Chromium tests wait for (tests/browser/test_NAME.py), each widget its own.
  const attr = (name, value) => (w) => w.querySelector(`[data-${name}="${value}"]`) || w.dataset[name] === value;
  const FIRST_ANSWER = {
    "activation-plot": (w) => text(w.querySelector(".nbw-aplot__da")) !== "",
    "backprop-stepper": attr("ready", "true"),
    "pixel-grid": (w) => !["", "—"].includes(text(w.querySelector("[data-value='verdict']"))),
    "network-view": (w) => w.querySelector(".nbw-net__unit[data-readout]"),
    "weight-editor": (w) => w.querySelector("input[type=number]:not(:disabled)"),
    "descent": attr("state", "ready"),
    "error-table": (w) => text(w.querySelector("tfoot")) !== "" && w.querySelectorAll("tbody tr").length > 0,
    "neuron-explorer": (w) => text(w.querySelector(".nbw-neuron__y")) !== "",
    "playground": (w) => /\d/.test(w.querySelector(".nbw-pg")?.dataset.run ?? "")
      && w.querySelector(".nbw-pg").dataset.state !== "waiting",
    "init-histograms": attr("state", "ready"),
    "optimizer-race": (w) => w.dataset.generation !== undefined,
    "overfitting": (w) => w.dataset.generation !== undefined,
    "trainer": (w) => w.querySelector(".nbw-tr")?.dataset.state === "idle",
  };
  // words a widget shows while it waits, or when Python failed (kit/labels.mjs, registry.mjs)
  const NOT_AN_ANSWER = ["waiting for Python", "Waiting for Python", "Python を待っています", "Python says:", "Python のエラー:",
    "Python failed", "Python でエラーが起きました", "Unknown widget", "could not be loaded", "failed to start"];

  function widgetView(w) {
    const words = w.textContent;
    return {
      name: w.dataset.widget,
      answered: !!FIRST_ANSWER[w.dataset.widget]?.(w) && !w.hasAttribute("data-waiting"),
      problems: NOT_AN_ANSWER.filter((p) => words.includes(p)),
      text: words.replace(/\s+/g, " ").trim().slice(0, 4000),
    };
  }

  return {
    errors: () => errors.splice(0),
    status: () => text(toolbar()?.querySelector("[role=status]")),

    /** The page's cells and widgets are built (js/main.mjs marks the page). */
    mounted: (timeout) => waitFor("the page's cells and widgets", () => document.documentElement.dataset.nnbook === "ready", timeout),

    /** The Python toolbar says "ready" (either language); the worker's navigator.platform; how Python started. */
    async ready(timeout) {
      await waitFor("Python ready", () => toolbar()?.dataset.state === "ready", timeout);
      const runtime = globalThis.nnbookRuntime;
      const started = runtime?.startTimings;
      return { status: text(toolbar().querySelector("[role=status]")), platform: navigator.platform,
        hasWorkerPlatform: !!runtime && "workerPlatform" in runtime, workerPlatform: runtime?.workerPlatform ?? null,
        snapshot: started?.snapshot ?? null, fastCalls: started?.fastCalls ?? null };
    },

    /** Every widget of the page, once each has its first answer (or the time is up). */
    async widgets(timeout) {
      const all = [...document.querySelectorAll("div.nb-widget[data-widget]")];
      const start = performance.now();
      for (const w of all) {
        const left = Math.max(0, timeout - (performance.now() - start));
        // answered, and drawn (a widget may draw its answer on the next animation frame)
        await waitFor(`first answer of ${w.dataset.widget}`,
          () => FIRST_ANSWER[w.dataset.widget]?.(w) && !w.hasAttribute("data-waiting") && !NOT_AN_ANSWER.some((p) => w.textContent.includes(p)), left)
          .catch(() => {});
      }
      return all.map(widgetView);
    },

    /** Press "Run all"; when it has finished, every cell as the reader sees it, and the toolbar's message. */
    async runAll(timeout) {
      const all = cells();
      toolbar().querySelector(".nb-run-all").click();
      const last = all[all.length - 1];
      const message = () => text(toolbar().querySelector(".nb-toolbar__message"));
      await waitFor("Run all", () => /^(done|error)$/.test(last.dataset.state) || message(), timeout);
      return { cells: all.map(cellView), message: message() };
    },

    cell: (n) => cellView(cell(n)),

    /** Press cell n's Run; its view once it has finished. */
    async run(n, timeout) {
      const el = cell(n);
      el.querySelector(".nb-run").click();   // the cell is "idle" (waiting) at once
      await waitFor(`cell ${n}`, () => /^(done|error)$/.test(el.dataset.state), timeout);
      return cellView(el);
    },

    /** Run cell n (a loop that never ends), then press Stop: the milliseconds until it stopped,
     * and the slowest of 20 ticks of a 25 ms timer while it ran (the page kept answering). */
    async stop(n, timeout) {
      const el = cell(n);
      el.querySelector(".nb-run").click();
      await waitFor(`cell ${n} running`, () => el.dataset.state === "running", timeout);
      let slowestTickMs = 0;
      for (let i = 0; i < 20; i++) {
        const before = performance.now();
        await sleep(25);
        slowestTickMs = Math.max(slowestTickMs, performance.now() - before);
      }
      const pressed = performance.now();
      el.querySelector(".nb-stop").click();
      await waitFor(`cell ${n} stopped`, () => el.dataset.state !== "running", 10_000);
      // interruptible: the page could interrupt Python (isolated, with shared memory)
      return { ms: performance.now() - pressed, slowestTickMs, interruptible: !!globalThis.nnbookRuntime?.interruptible,
        ...cellView(el) };
    },

    reset(n) { cell(n).querySelector(".nb-reset").click(); return cellView(cell(n)); },

    /** Would a link to `url` move there by instant navigation (mkdocs-material's, served at the
     * site's own address: the canonical link is of this origin), keeping the page's Python? */
    canFollow(url) {
      const canonical = document.querySelector("link[rel=canonical]")?.href;
      return !!canonical && new URL(canonical).origin === location.origin
        && new URL(url, location.href).origin === location.origin && "location$" in globalThis;
    },

    /** Click a link to `url`, as a reader would follow one (the page mounts it again). */
    follow(url) {
      delete document.documentElement.dataset.nnbook;
      globalThis.__nnbookSamePage = true;
      const link = Object.assign(document.createElement("a"), { href: url, textContent: "next" });
      document.body.append(link);
      link.click();
      link.remove();
    },

    /** Is the page at `url` mounted? (and reached without a new document) */
    landed: (url) => location.href === new URL(url, location.href).href
      && document.documentElement.dataset.nnbook === "ready" && { samePage: !!globalThis.__nnbookSamePage },

    /** Does the page scroll sideways? (its width beyond the window's) */
    overflow: () => document.documentElement.scrollWidth - document.documentElement.clientWidth,

    /** The service worker as the page sees it (js/offline/): is there one, does it control
     * this page, is the page cross-origin isolated (and is SharedArrayBuffer there, which
     * Stop's in-place interrupt needs), and is `keptURL` in the kept pages? */
    async offline(keptURL) {
      const sw = navigator.serviceWorker;
      const kept = keptURL && "caches" in globalThis
        ? Boolean(await caches.open("nnbook-pages").then((c) => c.match(keptURL))) : null;
      return { secure: isSecureContext, hasServiceWorker: !!sw, controlled: !!sw?.controller,
        isolated: globalThis.crossOriginIsolated === true, kept,
        sharedArrayBuffer: typeof SharedArrayBuffer === "function" };
    },

    /** Wait until a service worker controls the page and has kept `keptURL` (the page). */
    async offlineReady(keptURL, timeout) {
      const start = performance.now();
      for (;;) {
        const state = await globalThis.__nnbookChecks.offline(keptURL);
        if (state.controlled && state.kept) return state;
        if (!state.hasServiceWorker || performance.now() - start > timeout) return state;
        await sleep(200);
      }
    },

    /** The status of a fetch of `url` from the page, or "failed" (no network). */
    fetchStatus: (url) => fetch(url, { cache: "no-store" }).then((r) => r.status, () => "failed"),

    /** The page as a reader sees it: its language, first heading and words. */
    page: () => ({ lang: document.documentElement.lang, heading: text(document.querySelector("h1")),
      text: text(document.body).replace(/\s+/g, " ").slice(0, 2000) }),

    forget() { localStorage.clear(); },
    remember(key, value) { localStorage.setItem(key, value); },

    /** For the benchmark: press the first Run as soon as there is one (pressRun), and say when
     * the first output (the cell's, or the bare page's #out) first read `want`: performance.now(),
     * milliseconds since the navigation started. */
    firstOutput(want, pressRun, timeout) {
      return new Promise((resolve, reject) => {
        let pressed = false;
        const look = () => {
          const run = document.querySelector(".nb-cell--live .nb-run");
          if (pressRun && !pressed && run) { pressed = true; run.click(); }
          if (text(document.querySelector(".nb-cell__output, #out")) === want) {
            observer.disconnect();
            resolve(performance.now());
          }
        };
        const observer = new MutationObserver(look);
        observer.observe(document, { subtree: true, childList: true, characterData: true });
        setTimeout(() => { observer.disconnect(); reject(new Error("no first output")); }, timeout);
        look();
      });
    },
  };
})();
