// The book's service worker (bundled by js/build/bundle.mjs into <site>/sw.js, so its
// scope is the whole site, also under a sub-path). It
// * precaches, by content hash, what every page with cells needs (the list
//   and the sha256 revisions are made by the build: __NNBOOK_PRECACHE__);
// * keeps pages as they are visited (network first, the saved copy offline),
//   and a page never visited gets a page saying, in its language, that it is
//   not available offline yet;
// * keeps the files of "Make the whole book available offline" (the home page);
// * adds COOP/COEP to the site's own responses, so from the next page load on
//   the page is cross-origin isolated and Stop interrupts Python in place;
// * waits when it is a new version: the page shows "A new version of the book
//   is available: Reload", whose button sends {type: "SKIP_WAITING"}.
// It never keeps another origin's response, an error or a partial one (policy.mjs),
// and serves from its caches only what this build made: each copy is held to
// the build's sha256 first (verify.mjs; a cell can write into CacheStorage).
import { PrecacheController } from "workbox-precaching";
import { NetworkFirst } from "workbox-strategies";
import { CACHES, OFFLINE_HEADER, isPage, languageOf, mayCache, needsIsolation, withIsolation } from "./policy.mjs";
import { labelsIn } from "../i18n.mjs";
import { buildPath, digest, intact } from "./verify.mjs";
import { adoptHandedOff, HANDOFF } from "./handoff.mjs";
import { keepLater, dropOtherLater } from "./later.mjs";

/* global __NNBOOK_PRECACHE__, __NNBOOK_KEPT__, __NNBOOK_LATER__ */
const SCOPE = self.registration.scope;
const { pages: PAGES, files: FILES } = CACHES;

// Workbox fetches a changed file with cache: "reload"; "no-cache" asks the
// server whether the copy in the HTTP cache (the one the page just loaded)
// is still current, so the first visit does not download 20 MB twice.
const revalidate = { requestWillFetch: async ({ request }) => new Request(request, { cache: "no-cache" }) };
const precache = new PrecacheController({ fallbackToNetwork: false, plugins: [revalidate] });
precache.addToCacheList(__NNBOOK_PRECACHE__);
const REVISION = new Map(__NNBOOK_PRECACHE__.map(({ url, revision }) => [new URL(url, SCOPE).href, revision]));
const KEPT = typeof __NNBOOK_KEPT__ === "undefined" ? {} : __NNBOOK_KEPT__;

/** The precached copy of `entry` (an URL of the list) if it is the build's; a copy that is
 *  not is dropped and the file fetched again (kept if the network gives the build's). */
async function precachedCopy(entry) {
  const key = precache.getCacheKeyForURL(entry);
  if (!key) return null;
  const cache = await caches.open(precache.strategy.cacheName);
  const revision = REVISION.get(entry);
  const cached = await cache.match(key);
  const hit = await intact(cached, revision, { url: entry, drop: () => cache.delete(key) });
  if (hit || !cached) return hit;
  const fresh = await fetch(entry, { cache: "no-cache" }).catch(() => null);
  if (!fresh?.ok) return null;
  if (await digest(fresh) === revision) await cache.put(key, fresh.clone());
  return fresh;
}

/** A page or file of the runtime caches, if it is one this build made: the copy under
 *  `url`, else one under the same path with another query (?q=1); others are dropped. */
async function keptCopy(cacheName, url) {
  const cache = await caches.open(cacheName);
  const revision = KEPT[buildPath(url, SCOPE)];
  const keys = await cache.keys(url, { ignoreSearch: true, ignoreVary: true });
  keys.sort((a, b) => (b.url === url) - (a.url === url));
  for (const key of keys) {
    const hit = await intact(await cache.match(key, { ignoreVary: true }), revision, { url: key.url, drop: () => cache.delete(key) });
    if (hit) return hit;
  }
  return null;
}

const onlyWhole = {
  cacheWillUpdate: async ({ request, response }) => (mayCache(request.url, response, SCOPE) ? response : null),
};
// "no-cache": a page is checked with the server each time (a 304 is cheap), so a
// new build's pages are read at once, not a heuristically fresh old copy.
// (Workbox ignores fetchOptions for navigations: the request is remade instead.)
const onlyBuilt = {
  cachedResponseWillBeUsed: async ({ cacheName, request }) => keptCopy(cacheName, request.url),
};
const pages = new NetworkFirst({ cacheName: PAGES, plugins: [onlyWhole, revalidate, onlyBuilt] });

/** The pages of `lang` this device keeps (the pages' cache), with their titles, home first. */
async function keptPages(lang) {
  const cache = await caches.open(PAGES);
  const kept = [];
  for (const request of await cache.keys()) {
    if (languageOf(request.url, SCOPE) !== lang || !request.url.endsWith("/")) continue;
    const html = await (await cache.match(request))?.text().catch(() => "") ?? "";
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1].trim();
    if (title) kept.push({ url: request.url, title });
  }
  return kept.sort((a, b) => a.url.length - b.url.length || a.url.localeCompare(b.url));
}

async function offlinePage(url) {
  const lang = languageOf(url, SCOPE);
  const t = labelsIn(lang);
  const home = new URL(lang === "ja" ? "ja/" : "", SCOPE).href;
  const escape = (s) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const kept = await keptPages(lang).catch(() => []);
  // the titles are kept as the build wrote them (entities included), so they are not escaped again
  const list = (kept.length
    ? `<p>${escape(t.offlineKept)}</p><ul>${kept.map((p) => `<li><a href="${escape(p.url)}">${p.title}</a></li>`).join("")}</ul>`
    : `<p>${escape(t.offlineNone)}</p>`) + `<p><a href="${escape(home)}">${escape(t.offlineHome)}</a></p>`;
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(t.offlineTitle)}</title>
<style>body{font:1.1rem/1.6 system-ui,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem}
li a{display:inline-block;padding:.5rem 0}</style></head>
<body class="nb-offline-page"><h1>${escape(t.offlineTitle)}</h1><p>${escape(t.offlineText)}</p>
${list}</body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", [OFFLINE_HEADER]: "1" } });
}

// Exact URLs: the pages name the entry files with their build's hash
// (boot.js?v=<sha256>, js/build/offline-lists.mjs), so a page of another build
// never gets this build's scripts. Only the Python worker's ?ipad=1 is ignored.
async function precached(url) {
  const bare = new URL(url);
  bare.searchParams.delete("ipad");
  return precachedCopy(bare.href);
}

// Offline, a page kept from an earlier build asks for its build's boot.js?v=…,
// gone with that build: it gets this build's file of the same name rather
// than no script at all.
async function sameFileOfThisBuild(url) {
  const path = new URL(url).pathname;
  for (const [entry] of precache.getURLsToCacheKeys()) {
    if (new URL(entry).pathname === path) return precachedCopy(entry);
  }
  return null;
}

async function respond(event) {
  const { request } = event;
  const hit = await precached(request.url);
  if (hit) return hit;
  if (isPage(request.url, SCOPE, request.mode)) {
    try {
      return await pages.handle({ event, request });
    } catch {
      const html = request.mode === "navigate" || (request.headers.get("Accept") || "").includes("text/html")
        || request.url.endsWith("/");
      return html ? await offlinePage(request.url) : Response.error();
    }
  }
  const kept = await keptCopy(FILES, request.url);
  if (kept) return kept;
  let response;
  try {
    response = await fetch(request);
  } catch (err) {
    const other = new URL(request.url).searchParams.has("v") && await sameFileOfThisBuild(request.url);
    if (other) return other;
    throw err;
  }
  // matplotlib's wheels, loaded on a cell's first import, and the book's figures, loaded as
  // a page is read, are kept for next time
  const path = new URL(request.url).pathname;
  if ((path.endsWith(".whl") || /\/figures\/[0-9a-f]{16}\.png$/.test(path)) && mayCache(request.url, response, SCOPE)) {
    const copy = response.clone();
    event.waitUntil(caches.open(FILES).then((cache) => cache.put(request, copy)));
  }
  return response;
}

self.addEventListener("install", (event) => {
  // what the page's Python worker already downloaded is taken, not downloaded again (handoff.mjs)
  event.waitUntil(adoptHandedOff(precache.getURLsToCacheKeys(), precache.strategy.cacheName)
    .catch((err) => console.warn("nnbook: the page's downloads could not be taken over:", err))
    .then(() => precache.install(event)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    await precache.activate(event);
    await self.clients.claim();
    await caches.delete(HANDOFF);
    await dropOtherLater(__NNBOOK_LATER__, SCOPE);
    // The page that installed this worker was loaded before it: keep it too.
    const cache = await caches.open(PAGES);
    const open = await self.clients.matchAll({ type: "window" });
    await Promise.all(open.map(async ({ url }) => {
      if (!url.startsWith(SCOPE) || await cache.match(url)) return;
      const response = await fetch(url).catch(() => null);
      if (mayCache(url, response, SCOPE)) await cache.put(url, response);
    }));
  })());
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "SKIP_WAITING") self.skipWaiting();
  // the page says a return is likely and the connection allows: keep the memory snapshot (later.mjs)
  if (event.data?.type === "KEEP_LATER") event.waitUntil(keepLater(__NNBOOK_LATER__, SCOPE));
});

// HEAD of a precached file (the Python worker asks when the runtime is slow
// to load, to name a file the host lost): answered from the precache, offline too.
async function head(request) {
  const hit = await precached(request.url);
  return hit ? new Response(null, { status: hit.status, headers: hit.headers }) : fetch(request);
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (!request.url.startsWith(SCOPE)) return;   // another origin: not ours
  if (request.method === "HEAD") return event.respondWith(head(request));
  if (request.method !== "GET" || request.headers.has("range")) return;   // partial requests go to the network untouched
  const isolate = needsIsolation(request.mode, request.destination);
  event.respondWith(respond(event).then((response) => (isolate ? withIsolation(response) : response)));
});
