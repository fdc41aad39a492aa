// The home page's "Make the whole book available offline": downloads every
// page of both languages, the search index and matplotlib's wheels (the list
// the build wrote: assets/nnbook/offline.json) into the service worker's
// caches, with a progress bar (bytes and files); then says how much space the
// book uses and whether the browser promised to keep it (persistent storage).
// "Remove the offline copy" deletes what it downloaded. The element
// .nb-offline comes from overrides/main.html (home page only).
import { labels } from "../i18n.mjs";
import { CACHES, OFFLINE_HEADER, isPage, mayCache } from "./policy.mjs";

const PARALLEL = 4;
const NO_NETWORK = "no network";
const megabytes = (n) => `${(n / 1e6).toFixed(1)} MB`;

async function usage() {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  return estimate ? megabytes(estimate.usage || 0) : "?";
}

async function readList(element) {
  const response = await fetch(element.dataset.manifest, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${response.status}`);
  const { book } = await response.json();
  const root = new URL(element.dataset.root + "/", location.href);
  return book.map(({ url, size }) => ({ url: new URL(url, root).href, size, root: root.href }));
}

async function missing(files) {
  const [pages, other] = await Promise.all([caches.open(CACHES.pages), caches.open(CACHES.files)]);
  const present = await Promise.all(files.map((f) => (isPage(f.url, f.root) ? pages : other).match(f.url)));
  return files.filter((_, i) => !present[i]);
}

/** Download `files` into the caches; onProgress(bytes, count) after each file. */
async function download(files, onProgress) {
  const [pages, other] = await Promise.all([caches.open(CACHES.pages), caches.open(CACHES.files)]);
  let bytes = 0;
  let count = 0;
  const todo = [...files];
  const worker = async () => {
    for (let file = todo.shift(); file; file = todo.shift()) {
      // no network: the fetch fails, or the service worker answers with its offline page
      const response = await fetch(file.url, { cache: "no-cache" }).catch(() => null);
      if (!response || response.headers.has(OFFLINE_HEADER)) throw new Error(NO_NETWORK);
      if (!mayCache(file.url, response, file.root)) throw new Error(`${response.status} ${new URL(file.url).pathname}`);
      await (isPage(file.url, file.root) ? pages : other).put(file.url, response);
      bytes += file.size;
      count += 1;
      onProgress(bytes, count);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

export function mountOfflinePanel() {
  const element = document.querySelector(".nb-offline");
  if (!element || element.dataset.mounted || location.protocol === "file:") return;
  element.dataset.mounted = "1";
  const t = labels();
  if (!("serviceWorker" in navigator) || !globalThis.caches) {
    element.querySelector(".nb-offline__text").textContent = t.offlineUnsupported;
    element.hidden = false;
    return;
  }
  const text = element.querySelector(".nb-offline__text");
  const make = document.createElement("button");
  make.type = "button";
  make.className = "md-button md-button--primary nb-offline__make";
  make.textContent = t.offlineMake;
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "md-button nb-offline__remove";
  remove.textContent = t.offlineRemove;
  const bar = document.createElement("progress");
  bar.className = "nb-offline__bar";
  bar.setAttribute("aria-label", t.offlineMake);
  bar.hidden = true;
  const status = document.createElement("p");
  status.className = "nb-offline__status";
  status.setAttribute("role", "status");
  element.append(bar, status);
  element.querySelector(".nb-offline__buttons").append(make, " ", remove);
  element.hidden = false;

  let files = [];
  const ready = readList(element).then(async (list) => {
    files = list;
    const total = files.reduce((sum, f) => sum + f.size, 0);
    text.textContent = t.offlineIntro(megabytes(total));
    if (!(await missing(files)).length) status.textContent = t.offlineDone(await usage());
  }).catch((err) => { text.textContent = t.offlineFailed(String(err.message || err)); make.disabled = true; });

  make.addEventListener("click", async () => {
    make.disabled = remove.disabled = true;
    try {
      await ready;
      // the service worker's own files first (what every page with cells needs)
      status.textContent = t.offlinePreparing;
      await navigator.serviceWorker.ready;
      const todo = await missing(files);
      const total = todo.reduce((sum, f) => sum + f.size, 0);
      bar.max = Math.max(total, 1);
      bar.value = 0;
      bar.hidden = false;
      status.textContent = t.offlineProgress(megabytes(0), megabytes(total), 0, todo.length);
      await download(todo, (bytes, count) => {
        bar.value = bytes;
        status.textContent = t.offlineProgress(megabytes(bytes), megabytes(total), count, todo.length);
      });
      const kept = await navigator.storage?.persist?.().catch(() => false);
      status.textContent = `${t.offlineDone(await usage())} ${kept ? t.offlinePersisted : t.offlineNotPersisted}`;
    } catch (err) {
      status.textContent = err?.message === NO_NETWORK ? t.offlineNoNetwork : t.offlineFailed(String(err.message || err));
    } finally {
      bar.hidden = true;
      make.disabled = remove.disabled = false;
    }
  });

  remove.addEventListener("click", async () => {
    make.disabled = remove.disabled = true;
    await Promise.all([caches.delete(CACHES.pages), caches.delete(CACHES.files)]);
    status.textContent = t.offlineRemoved(await usage());
    make.disabled = remove.disabled = false;
  });
}
