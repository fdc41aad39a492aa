// The service worker's decisions, as pure functions (tested by node --test in
// tests/js/offline-policy.test.mjs): what it may keep, what is a page, which
// language a URL is in, and the headers that make a page cross-origin isolated.

/** The runtime caches: pages and the search index (as visited or downloaded),
 *  and other files kept on the way or downloaded (matplotlib's wheels). The
 *  precache (Workbox's) holds what every page with cells needs. */
export const CACHES = { pages: "nnbook-pages", files: "nnbook-files" };

/** Keep a response only if it is the site's own, whole and successful: never
 *  another origin's (nor an opaque one), an error, a redirect or a partial (206). */
export function mayCache(requestURL, response, scopeURL) {
  if (!response || response.type === "opaque" || response.type === "opaqueredirect" || response.type === "error") return false;
  if (response.status !== 200) return false;
  const url = new URL(requestURL);
  const scope = new URL(scopeURL);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return false;
  // a response's own URL (after redirects) must be the site's too
  if (response.url && new URL(response.url).origin !== scope.origin) return false;
  return true;
}

/** A page or page-like text the book changes between builds (network first):
 *  a navigation, a folder URL or .html, the search index and the sitemap.
 *  Everything under assets/ is a file named for its content or version. */
export function isPage(requestURL, scopeURL, mode = "") {
  if (mode === "navigate") return true;
  const path = new URL(requestURL).pathname.slice(new URL(scopeURL).pathname.length);
  if (path.startsWith("assets/")) return false;
  return path === "" || path.endsWith("/") || path.endsWith(".html")
    || path === "search/search_index.json" || path === "sitemap.xml";
}

/** The language of a URL of the book: pages under ja/ are Japanese. */
export function languageOf(requestURL, scopeURL) {
  const path = new URL(requestURL).pathname.slice(new URL(scopeURL).pathname.length);
  return path === "ja" || path.startsWith("ja/") ? "ja" : "en";
}

/** On the service worker's own "not available offline yet" page: no network, not a server's error. */
export const OFFLINE_HEADER = "X-NNBook-Offline";

export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/** Whether a response must carry COOP/COEP for the page to be isolated: the
 *  document itself and a worker's script (a worker of an isolated page must
 *  be isolated too). Other responses are passed on untouched: a re-made
 *  response would lose, among others, the browser's cache of compiled wasm. */
export function needsIsolation(mode, destination) {
  return mode === "navigate" || ["worker", "sharedworker", "iframe", "frame"].includes(destination);
}

/** The same response with COOP/COEP added (what coi-serviceworker does), so a
 *  page the worker serves is cross-origin isolated; opaque responses (status 0)
 *  cannot be re-made and are returned as they are. */
export function withIsolation(response) {
  if (!response || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
