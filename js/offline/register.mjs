// The page's side of the service worker (js/offline/sw.mjs): registers it once
// per tab from the site's root (its scope is the site, also under a
// sub-path), shows "A new version of the book is available: Reload" when a
// newer build waits (never a silent swap mid-page: only the reader's click
// lets the new worker take over, then the page reloads), and tells the
// Python toolbar when Stop will keep variables from the next visit on.
// Nothing happens on file:// (a service worker cannot work there).
import { Workbox } from "workbox-window";
import { labels } from "../i18n.mjs";
import { HANDOFF } from "./handoff.mjs";

let workbox = null;
let registration = null;
let reloading = false;
let notice = null;   // the notice shown (never looked up by class: a cell's output may carry it)

/** The service worker's registration once made, or null (file://, no support, blocked). */
export const offlineRegistration = () => registration;

function showUpdateNotice() {
  if (notice?.isConnected) return;
  const t = labels();
  notice = document.createElement("div");
  notice.className = "nb-update";
  notice.setAttribute("role", "status");
  const text = document.createElement("span");
  text.textContent = t.updateAvailable;
  const reload = document.createElement("button");
  reload.type = "button";
  reload.className = "md-button md-button--primary nb-update__reload";
  reload.textContent = t.updateReload;
  reload.addEventListener("click", () => {
    reloading = true;
    reload.disabled = true;
    if (registration?.waiting) workbox.messageSkipWaiting();   // "controlling" then reloads
    else location.reload();                                    // already taken over (another tab)
  });
  notice.append(text, " ", reload);
  document.body.append(notice);
}

/** rootURL: the site's root (where sw.js lies); registers once `after` has
 *  settled (the page's own downloads: the service worker then revalidates
 *  them from the HTTP cache instead of downloading them a second time
 *  alongside). Returns the Workbox, or null. */
export function registerOffline(rootURL, after = Promise.resolve()) {
  if (workbox || location.protocol === "file:" || !("serviceWorker" in navigator)) return workbox;
  workbox = new Workbox(new URL("sw.js", rootURL).href);
  // A newer build has installed and waits for the reader (this tab, another one, or an earlier visit).
  workbox.addEventListener("waiting", showUpdateNotice);
  workbox.addEventListener("controlling", (event) => {
    if (reloading) location.reload();
    // This page was served by an older build and another tab let the new one take over.
    else if (event.isUpdate) showUpdateNotice();
  });
  const loaded = document.readyState === "complete" ? Promise.resolve()
    : new Promise((resolve) => window.addEventListener("load", resolve, { once: true }));
  Promise.all([loaded, after.catch(() => {})]).then(() => workbox.register({ immediate: true })).then((reg) => {
    registration = reg || null;
    document.dispatchEvent(new CustomEvent("nnbook:offline", { detail: { registration } }));
  }).catch((err) => {
    console.warn("nnbook: the offline helper (service worker) could not be registered:", err);
    globalThis.caches?.delete(HANDOFF).catch(() => {});   // no install will take the Python worker's copies
  });
  return workbox;
}

/** Whether Stop will keep variables only from the next visit on: this page is
 *  not cross-origin isolated, but the service worker that makes it so is
 *  installing or installed. */
export function isolationComesNextVisit() {
  return !globalThis.crossOriginIsolated && Boolean(registration
    && (registration.installing || registration.waiting || registration.active));
}

/** Put the words of isolationComesNextVisit() in `element` (the Python toolbar's
 *  note), now and when the registration is made. */
export function showIsolationNote(element) {
  const update = () => { element.textContent = isolationComesNextVisit() ? labels().isolationNext : ""; };
  update();
  if (!registration) document.addEventListener("nnbook:offline", update, { once: true });
}
