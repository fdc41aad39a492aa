// Reading mode: Python starts when the reader first presses Run or Check or
// uses a widget, not with the page. On when the browser asks to save data
// (navigator.connection.saveData) or when the reader chose "Start Python when
// I press Run" (js/cells/start-choice.mjs), remembered in localStorage; the
// reader's own choice wins over Save-Data. Until then the page downloads no
// Python, and widgets show their defaults (their first answers wait: host.mjs).
export const START_KEY = "nnbook:v1:start";   // "on-run" | "with-page"

/** The reader's stored choice, or null. */
export function storedChoice(storage = globalThis.localStorage) {
  try {
    const value = storage?.getItem(START_KEY);
    return value === "on-run" || value === "with-page" ? value : null;
  } catch {
    return null;   // storage blocked: no choice
  }
}

/** Whether Python waits for the reader's first Run, Check or widget use. */
export function startsOnRun(storage = globalThis.localStorage, connection = globalThis.navigator?.connection) {
  const choice = storedChoice(storage);
  return choice ? choice === "on-run" : Boolean(connection?.saveData);
}

/** Resolves when `runtime` is first ready (the service worker registers after that). */
export function whenReady(runtime) {
  if (runtime.state === "ready" || runtime.state === "running") return Promise.resolve();
  return new Promise((resolve) => {
    const onStatus = (ev) => {
      if (ev.detail.state !== "ready") return;
      runtime.removeEventListener("status", onStatus);
      resolve();
    };
    runtime.addEventListener("status", onStatus);
  });
}
