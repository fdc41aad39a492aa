// What the service worker serves from its caches is what the build made: each
// cached copy is held to the build's sha256 of that file before it is served
// (a cell, or any code of the site's origin, can write into CacheStorage).
// A copy that does not match is dropped, with a console note; the caller then
// fetches the file again. Pure but for crypto.subtle (tests/js/offline-verify.test.mjs).

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** sha256 of `response`'s body (read from a clone), as hex. */
export async function digest(response) {
  return hex(await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer()));
}

/** The key under which the build lists a page or file: its path below the
 *  scope, without query or fragment, "x/index.html" as "x/". */
export function buildPath(url, scopeURL) {
  const path = new URL(url).pathname.slice(new URL(scopeURL).pathname.length);
  return path === "index.html" || path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
}

/** `cached` if its body has the sha256 `revision`, else null (and, if `drop` is
 *  given, the copy is deleted: drop() is called). A copy the build never made
 *  (no revision) is not served either. */
export async function intact(cached, revision, { url, drop } = {}) {
  if (!cached) return null;
  if (revision && await digest(cached) === revision) return cached;
  console.warn(`nnbook offline: the saved copy of ${url || cached.url} is not the one this build made`
    + `${revision ? "" : " (the build lists no such file)"}; it is dropped and fetched again`);
  await drop?.();
  return null;
}
