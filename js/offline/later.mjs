// Python's memory snapshot (25 MB of memory, 6 MB as gzip) when it pays: not on a
// reader's first visit, who may never come back, but once a return has happened
// (a page the service worker controls), Python is ready, the browser is idle
// and the connection allows it (never with Save-Data or on 2G). The page asks
// (keepForNextVisit); the service worker downloads it into its files' cache,
// checked against the build's sha256 (keepLater); host.mjs restores Python from
// it on the visits after. The build lists it apart from the precache (js/build/offline-lists.mjs).
import { CACHES, mayCache } from "./policy.mjs";

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
let keeping = null;

/** Service worker: download each of `entries` ({url, revision}, relative to `scope`) not kept yet. */
export function keepLater(entries, scope) {
  keeping ??= (async () => {
    const cache = await caches.open(CACHES.files);
    for (const { url, revision } of entries) {
      const href = new URL(url, scope).href;
      if (await cache.match(href)) continue;
      const response = await fetch(href, { cache: "no-cache" }).catch(() => null);
      if (!mayCache(href, response, scope)) continue;
      const bytes = await response.arrayBuffer();
      if (hex(await crypto.subtle.digest("SHA-256", bytes)) !== revision) continue;
      await cache.put(href, new Response(bytes, { status: 200, headers: response.headers }));
    }
  })().catch((err) => console.warn("nnbook: the memory snapshot could not be kept:", err)).finally(() => { keeping = null; });
  return keeping;
}

/** Service worker, on activation: forget the snapshots of other builds. */
export async function dropOtherLater(entries, scope) {
  const current = new Set(entries.map(({ url }) => new URL(url, scope).href));
  const cache = await caches.open(CACHES.files);
  for (const request of await cache.keys()) {
    if (/\/python-snapshot-[^/]*\.bin$/.test(new URL(request.url).pathname) && !current.has(request.url)) {
      await cache.delete(request);
    }
  }
}

/** Whether the connection allows a download the reader did not ask for. */
export function connectionAllows(connection = globalThis.navigator?.connection) {
  return !connection || (!connection.saveData && !/(^|-)2g$/.test(connection.effectiveType || ""));
}

/** Page: once `runtime` is ready on a page the service worker controls (a return visit),
 *  when the browser is idle, ask it to keep the snapshot for the next visits. */
export function keepForNextVisit(runtime) {
  const sw = globalThis.navigator?.serviceWorker;
  if (!sw?.controller || !connectionAllows()) return;
  const ask = () => {
    const idle = globalThis.requestIdleCallback || ((fn) => setTimeout(fn, 1000));
    idle(() => sw.controller?.postMessage({ type: "KEEP_LATER" }), { timeout: 10_000 });
  };
  if (runtime.state === "ready" || runtime.state === "running") ask();
  else {
    const onStatus = (ev) => {
      if (ev.detail.state !== "ready") return;
      runtime.removeEventListener("status", onStatus);
      ask();
    };
    runtime.addEventListener("status", onStatus);
  }
}
