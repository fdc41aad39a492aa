// The book's service worker (bundled by js/build.mjs into <site>/sw.js, so its
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
// It never keeps another origin's response, an error or a partial one (policy.mjs).
import { PrecacheController } from "workbox-precaching";
import { NetworkFirst } from "workbox-strategies";
import { CACHES, isPage, languageOf, mayCache, needsIsolation, withIsolation } from "./policy.mjs";
import { labelsIn } from "../i18n.mjs";
import { adoptHandedOff, HANDOFF } from "./handoff.mjs";
import { keepLater, dropOtherLater } from "./later.mjs";

/* global __NNBOOK_PRECACHE__, __NNBOOK_LATER__ */
const SCOPE = self.registration.scope;
const { pages: PAGES, files: FILES } = CACHES;

// Workbox fetches a changed file with cache: "reload"; "no-cache" asks the
// server whether the copy in the HTTP cache (the one the page just loaded)
// is still current, so the first visit does not download 20 MB twice.
const revalidate = { requestWillFetch: async ({ request }) => new Request(request, { cache: "no-cache" }) };
const precache = new PrecacheController({ fallbackToNetwork: false, plugins: [revalidate] });
precache.addToCacheList(__NNBOOK_PRECACHE__);

const onlyWhole = {
  cacheWillUpdate: async ({ request, response }) => (mayCache(request.url, response, SCOPE) ? response : null),
};
// "no-cache": a page is checked with the server each time (a 304 is cheap), so a
// new build's pages are read at once, not a heuristically fresh old copy.
// (Workbox ignores fetchOptions for navigations: the request is remade instead.)
const pages = new NetworkFirst({ cacheName: PAGES, plugins: [onlyWhole, revalidate] });

function offlinePage(url) {
  const lang = languageOf(url, SCOPE);
  const t = labelsIn(lang);
  const home = new URL(lang === "ja" ? "ja/" : "", SCOPE).href;
  const escape = (s) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(t.offlineTitle)}</title>
<style>body{font:1.1rem/1.6 system-ui,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem}</style></head>
<body class="nb-offline-page"><h1>${escape(t.offlineTitle)}</h1><p>${escape(t.offlineText)}</p>
<p><a href="${escape(home)}">${escape(t.offlineHome)}</a></p></body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// Exact URLs: the pages name the entry files with their build's hash
// (boot.js?v=<sha256>, js/offline/manifest.mjs), so a page of another build
// never gets this build's scripts. Only the Python worker's ?ipad=1 is ignored.
async function precached(url) {
  const bare = new URL(url);
  bare.searchParams.delete("ipad");
  const key = precache.getCacheKeyForURL(bare.href);
  return key ? (await caches.match(key)) || null : null;
}

// Offline, a page kept from an earlier build asks for its build's boot.js?v=…,
// gone with that build: it gets this build's file of the same name rather
// than no script at all.
async function sameFileOfThisBuild(url) {
  const path = new URL(url).pathname;
  for (const [entry, key] of precache.getURLsToCacheKeys()) {
    if (new URL(entry).pathname === path) return (await caches.match(key)) || null;
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
      return html ? offlinePage(request.url) : Response.error();
    }
  }
  const kept = await caches.match(request, { cacheName: FILES });
  if (kept) return kept;
  let response;
  try {
    response = await fetch(request);
  } catch (err) {
    const other = new URL(request.url).searchParams.has("v") && await sameFileOfThisBuild(request.url);
    if (other) return other;
    throw err;
  }
  // matplotlib's wheels, loaded on a cell's first import, are kept for next time
  if (new URL(request.url).pathname.endsWith(".whl") && mayCache(request.url, response, SCOPE)) {
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
