// What a first visit has downloaded, handed to the service worker's precache, so
// that its install downloads no file a second time. The HTTP cache cannot do it
// where it lives in memory (private windows; Chromium keeps no entry above 1/8 of
// that cache, ~6 MB, so pyodide.asm.wasm is never in it): the Python worker, on a
// page no service worker controls yet, puts a copy of each runtime file it
// fetched into a cache of its own (HANDOFF); the service worker's install adopts
// each copy whose sha256 is the build's revision (anything else, a cell's
// own writes included, is ignored) and then deletes that cache.
export const HANDOFF = "nnbook-handoff";

/** Worker side: keep a copy of `response` (fetched from `url`) for the service worker's
 *  install; returns the response untouched and the promise of the copy, which never rejects. */
export function handOff(url, response) {
  if (!globalThis.caches || !response.ok || response.status !== 200) return [response, Promise.resolve()];
  const copy = response.clone();
  const kept = caches.open(HANDOFF).then((cache) => cache.put(url, copy)).catch(() => {});
  return [response, kept];
}

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Service worker side, before Workbox's install: move into the precache every copy the
 *  page handed over whose bytes are the revision's (its sha256); Workbox then skips those
 *  entries. entries: [url, cacheKey] (precache.getURLsToCacheKeys()). Returns the URLs adopted. */
export async function adoptHandedOff(entries, precacheName) {
  if (!(await caches.has(HANDOFF))) return [];
  const [handed, precache] = await Promise.all([caches.open(HANDOFF), caches.open(precacheName)]);
  const adopted = [];
  for (const [url, cacheKey] of entries) {
    const revision = new URL(cacheKey).searchParams.get("__WB_REVISION__");
    const copy = revision && await handed.match(url);
    if (!copy || await precache.match(cacheKey)) continue;
    const bytes = await copy.arrayBuffer();
    if (hex(await crypto.subtle.digest("SHA-256", bytes)) !== revision) continue;
    await precache.put(cacheKey, new Response(bytes, { status: 200, headers: copy.headers }));
    adopted.push(url);
  }
  await caches.delete(HANDOFF);
  return adopted;
}
