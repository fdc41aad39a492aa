// The reader's progress: exercises passed with Check (and which of them after
// hints), predictions made (and which held), remembered in this
// browser per chapter and language (localStorage, under the exercise ids, so
// they survive updates of the site), shown near a chapter's title and per
// chapter on the home page; "Forget my progress" (confirmed), and export /
// import of progress and edits as one JSON file. An import is all or nothing:
// the file is sized and checked before anything is written, the reader is
// asked before edits stored here are replaced, and a write the browser refuses
// (storage full) is undone. A corrupted store is ignored with a console note. The page's element .nb-progress (rendered by
// overrides/main.html) says which chapter and language this is.

const PREFIX = "nnbook:v1:";
const KEY = `${PREFIX}progress`;            // {"v": 1, "passed": {"en:training": ["one-iteration"]}, "hinted": …, "predicted": …, "held": …}
// The lists kept per chapter: exercises passed, passed after hints, predictions made, predictions that held.
const LISTS = ["passed", "hinted", "predicted", "held"];
const FORMAT = "nnbook-progress";          // the exported file's "format"
const IMPORT_LIMIT = 5_000_000;            // bytes: more than a browser's whole localStorage
const ENTRY_LIMIT = 10_000;                // exercise ids, and edited cells, in one file

const LABELS = {
  en: {
    chapter: (n, of) => `Exercises passed: ${n} of ${of}`,
    withHints: (n) => ` (${n} with hints)`,
    predictions: (n, of, held) => `predictions made: ${n} of ${of}` + (n ? `, ${held} held` : ""),
    badge: (n, of) => (n === of ? `${n}/${of} ✓` : `${n}/${of}`),
    badgeLabel: (n, of) => `${n} of ${of} exercises passed`,
    title: "Your progress",
    summary: (n, of, p) => `You have passed ${n} of the book's ${of} exercises in this browser` + (p ? `, and made ${p} prediction${p === 1 ? "" : "s"} before running a cell.` : "."),
    forget: "Forget my progress",
    confirm: "Forget every passed exercise and every edited cell in this browser?",
    yes: "Yes, forget",
    cancel: "Cancel",
    forgotten: "Your progress and edits are forgotten.",
    export: "Export progress and edits",
    import: "Import…",
    imported: (n, e) => `Imported: ${n} passed exercises and ${e} edited cells.`,
    badFile: "This file is not an nnbook progress file; nothing was changed.",
    tooLarge: (mb, limit) => `This file is too large to import (${mb} MB; an nnbook progress file is at most ${limit} MB); nothing was changed.`,
    storageFull: "This browser's storage is full, so the file could not be imported; nothing was changed.",
    replaceAsk: (n) => `This file holds other code for ${n} cell${n === 1 ? "" : "s"} you have edited in this browser. Replace your edits with the file's?`,
    replaceYes: "Replace my edits",
    notImported: "Nothing was imported.",
  },
  ja: {
    chapter: (n, of) => `合格した演習: ${of} 問中 ${n} 問`,
    withHints: (n) => ` (うちヒントを見て ${n} 問)`,
    predictions: (n, of, held) => `予想: ${of} 問中 ${n} 問` + (n ? ` (的中 ${held} 問)` : ""),
    badge: (n, of) => (n === of ? `${n}/${of} ✓` : `${n}/${of}`),
    badgeLabel: (n, of) => `${of} 問中 ${n} 問の演習に合格`,
    title: "あなたの進み具合",
    summary: (n, of, p) => `このブラウザーで、この本の ${of} 問の演習のうち ${n} 問に合格しています。` + (p ? `セルを実行する前の予想は ${p} 回です。` : ""),
    forget: "進み具合を忘れる",
    confirm: "このブラウザーの合格した演習と編集したセルをすべて忘れますか?",
    yes: "はい、忘れる",
    cancel: "キャンセル",
    forgotten: "進み具合と編集を忘れました。",
    export: "進み具合と編集を書き出す",
    import: "読み込む…",
    imported: (n, e) => `読み込みました: 合格した演習 ${n} 問、編集したセル ${e} 個。`,
    badFile: "nnbook の進み具合のファイルではありません。何も変えていません。",
    tooLarge: (mb, limit) => `ファイルが大きすぎるため読み込めません (${mb} MB。nnbook の進み具合のファイルは最大 ${limit} MB です)。何も変えていません。`,
    storageFull: "このブラウザーのストレージがいっぱいのため、ファイルを読み込めませんでした。何も変えていません。",
    replaceAsk: (n) => `このファイルには、このブラウザーで編集したセル ${n} 個について別のコードが入っています。あなたの編集をファイルの内容で置き換えますか?`,
    replaceYes: "置き換える",
    notImported: "何も読み込んでいません。",
  },
};

function storage() {
  try { return globalThis.localStorage ?? null; } catch { return null; }
}

function validPassed(value) {
  return value && typeof value === "object" && !Array.isArray(value)
    && Object.entries(value).every(([k, ids]) => typeof k === "string" && Array.isArray(ids)
      && ids.every((id) => typeof id === "string"));
}

/** The lists of `data` ({passed, hinted?, predicted?, held?}), each {chapterKey: [ids]}; null if one is malformed. */
function lists(data) {
  if (!validPassed(data?.passed)) return null;
  const out = {};
  for (const name of LISTS) {
    if (data[name] !== undefined && !validPassed(data[name])) return null;
    out[name] = data[name] ?? {};
  }
  return out;
}

/** The whole stored progress, {passed, hinted, predicted, held}; empty if none or unreadable (with a console note). */
function loadAll() {
  const empty = Object.fromEntries(LISTS.map((name) => [name, {}]));
  const text = storage()?.getItem(KEY);
  if (!text) return empty;
  try {
    const data = JSON.parse(text);
    const all = data?.v === 1 ? lists(data) : null;
    if (all) return all;
    throw new Error("unexpected shape");
  } catch (err) {
    console.warn(`nnbook: the stored progress (${KEY}) is unreadable and is ignored: ${err.message}`);
    return empty;
  }
}

/** The exercises passed, {chapterKey: [ids]}. */
export function load() {
  return loadAll().passed;
}

/** Store the progress; false if the browser would not (full or private storage). */
function save(all) {
  const store = storage();
  if (!store) return false;
  try { store.setItem(KEY, JSON.stringify({ v: 1, ...all })); return true; } catch { return false; }
}

function here() {
  const el = document.querySelector(".nb-progress");
  return el ? { el, chapter: el.dataset.chapter, lang: el.dataset.lang === "ja" ? "ja" : "en" } : null;
}

/** The site's root path ("/" or "/courses/nn/"), from the page's relative data-root. */
function root() {
  const el = document.querySelector(".nb-progress");
  return new URL(`${el?.dataset.root ?? "."}/`, location.href).pathname;
}

const chapterKey = (lang, chapter) => `${lang}:${chapter}`;

/** Add `id` to this page's chapter in each of the lists named; false if the browser would not store it. */
function remember(id, names) {
  const page = here();
  if (!page || !id) return true;
  const all = loadAll();
  const key = chapterKey(page.lang, page.chapter);
  const fresh = names.filter((name) => !(all[name][key] || []).includes(id));
  if (!fresh.length) return true;
  for (const name of fresh) all[name][key] = [...(all[name][key] || []), id];
  const stored = save(all);
  showChapter(page);
  return stored;
}

/** Check passed for exercise `id` on this page (after `hinted` hints were shown, if any): remember it
 *  and update the count. Returns false if the browser would not store it (the cell says so), else true. */
export function recordPass(id, { hinted = false } = {}) {
  const page = here();
  if (page && (load()[chapterKey(page.lang, page.chapter)] || []).includes(id)) return true;   // the first pass counts
  return remember(id, hinted ? ["passed", "hinted"] : ["passed"]);
}

/** A prediction `id` on this page was made and checked against the run: remember it, and whether it held. */
export function recordPrediction(id, held) {
  if (predictionOf(id)) return true;   // the first prediction counts
  return remember(id, held ? ["predicted", "held"] : ["predicted"]);
}

/** "held" or "missed" if the reader made prediction `id` of this page before, else null. */
export function predictionOf(id) {
  const page = here();
  if (!page) return null;
  const all = loadAll();
  const key = chapterKey(page.lang, page.chapter);
  if (!(all.predicted[key] || []).includes(id)) return null;
  return (all.held[key] || []).includes(id) ? "held" : "missed";
}

/** The reader's edits: {site-relative path + "#" + cell index: code} (keys of js/cells/cell.mjs). */
function edits() {
  const out = {};
  const store = storage();
  const base = root();
  if (!store) return out;
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (!key?.startsWith(PREFIX + base)) continue;
    out[key.slice(PREFIX.length + base.length)] = store.getItem(key);
  }
  return out;
}

/** Progress and edits as one JSON text (the export file). */
export function exportText() {
  return JSON.stringify({ format: FORMAT, v: 1, ...loadAll(), edits: edits() }, null, 1);
}

/** An export file's {passed, edits}, checked; throws Error("not ours") for anything else. */
export function parseImport(text) {
  let data;
  try { data = JSON.parse(text); } catch { throw new Error("not ours"); }
  const all = lists(data);
  const ids = all ? LISTS.reduce((n, name) => n + Object.values(all[name]).reduce((m, list) => m + list.length, 0), 0) : Infinity;
  const edits = data?.edits && typeof data.edits === "object" && !Array.isArray(data.edits) ? Object.entries(data.edits) : null;
  if (data?.format !== FORMAT || data.v !== 1 || ids > ENTRY_LIMIT || !edits || edits.length > ENTRY_LIMIT
      || !edits.every(([k, v]) => typeof v === "string" && /^[^/]/.test(k) && !k.includes("..") && /#\d+$/.test(k))) {
    throw new Error("not ours");
  }
  return { ...all, edits: data.edits };
}

/** The cells whose edit stored here the file would replace with other code. */
export function replacedEdits({ edits }) {
  const store = storage();
  return Object.entries(edits).filter(([path, code]) => {
    const mine = store?.getItem(PREFIX + root() + path);
    return mine != null && mine !== code;
  }).map(([path]) => path);
}

/** Merge a parsed file into this browser, all or nothing: returns [passed ids, edits]
 *  counted, or throws Error("full") with every key as it was. */
export function applyImport({ edits, ...incoming }) {
  const store = storage();
  if (!store) throw new Error("full");
  const all = loadAll();
  for (const name of LISTS) {
    for (const [key, ids] of Object.entries(incoming[name] || {})) {
      all[name][key] = [...new Set([...(all[name][key] || []), ...ids])];
    }
  }
  const count = Object.values(incoming.passed).reduce((n, ids) => n + ids.length, 0);
  const writes = [[KEY, JSON.stringify({ v: 1, ...all })],
    ...Object.entries(edits).map(([path, code]) => [PREFIX + root() + path, code])];
  const before = writes.map(([key]) => [key, store.getItem(key)]);
  try {
    for (const [key, value] of writes) store.setItem(key, value);
  } catch {
    for (const [key, value] of before) {
      try { if (value == null) store.removeItem(key); else store.setItem(key, value); } catch { /* it was there: it fits */ }
    }
    throw new Error("full");
  }
  return [count, Object.keys(edits).length];
}

/** Forget every passed exercise and every edit in this browser. */
export function forget() {
  const store = storage();
  if (!store) return;
  const keys = [];
  for (let i = 0; i < store.length; i++) if (store.key(i)?.startsWith(PREFIX)) keys.push(store.key(i));
  keys.forEach((k) => store.removeItem(k));
}

function showChapter(page) {
  const article = page.el.closest("article") || document;
  const ids = [...article.querySelectorAll("div.nb-exercise[data-id]")].map((el) => el.dataset.id);
  const asked = [...article.querySelectorAll("div.nb-predict[data-for]")].map((el) => el.dataset.for);
  if (!ids.length && !asked.length) return;
  const all = loadAll();
  const key = chapterKey(page.lang, page.chapter);
  let left = false;
  const count = (name, here) => {
    const kept = (all[name][key] || []).filter((id) => here.includes(id));
    if (all[name][key] && kept.length !== all[name][key].length) { all[name][key] = kept; left = true; }
    return kept.length;
  };
  const [passed, hinted, predicted, held] = [count("passed", ids), count("hinted", ids), count("predicted", asked), count("held", asked)];
  if (left) save(all);   // an exercise or prediction that left the chapter
  const t = LABELS[page.lang];
  const parts = [];
  if (ids.length) parts.push(t.chapter(passed, ids.length) + (hinted ? t.withHints(hinted) : ""));
  if (asked.length) parts.push(t.predictions(predicted, asked.length, held));
  page.el.textContent = parts.join(" · ");
  page.el.dataset.passed = String(passed);
  page.el.dataset.predicted = String(predicted);
  page.el.setAttribute("role", "status");
  page.el.hidden = false;
  const h1 = article.querySelector("h1");
  const slot = article.querySelector(".nb-progress-slot");   // the room the build kept for it
  if (slot) slot.replaceWith(page.el);
  else if (h1 && h1.nextElementSibling !== page.el) h1.after(page.el);
}

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "md-button nb-button";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

function showHome(page) {
  let chapters;
  try { chapters = JSON.parse(page.el.dataset.exercises); } catch { return; }
  const t = LABELS[page.lang];
  const article = page.el.closest("article") || document;
  const draw = () => {
    const all = loadAll();
    const passed = all.passed;
    const predictions = Object.entries(all.predicted).filter(([key]) => key.startsWith(`${page.lang}:`))
      .reduce((n, [, ids]) => n + ids.length, 0);
    let total = 0, done = 0;
    article.querySelectorAll(".nb-progress-badge").forEach((b) => b.remove());
    for (const [chapter, ids] of Object.entries(chapters)) {
      const n = (passed[chapterKey(page.lang, chapter)] || []).filter((id) => ids.includes(id)).length;
      total += ids.length;
      done += n;
      // One badge a chapter, on the first link to it that opens its list item or paragraph (the
      // contents; progress.css keeps the room at that line's end): not a link further on in a
      // sentence ("chapter 8" in the references), not the summary, not a button ("Start with chapter 1").
      const link = [...article.querySelectorAll("a[href]")].find((a) => {
        const path = new URL(a.getAttribute("href"), location.href).pathname.replace(/\/(index\.html)?$/, "");
        return path.endsWith(`/${chapter}`) && /^(LI|P)$/.test(a.parentElement?.tagName)
          && a.parentElement.firstElementChild === a && !a.closest(".nb-progress") && !a.classList.contains("md-button");
      });
      if (link) {
        const badge = document.createElement("span");
        badge.className = "nb-progress-badge";
        badge.dataset.chapter = chapter;
        badge.dataset.passed = String(n);
        badge.textContent = t.badge(n, ids.length);
        badge.title = t.badgeLabel(n, ids.length);
        badge.setAttribute("aria-label", t.badgeLabel(n, ids.length));
        link.after(badge);
      }
    }
    summary.textContent = t.summary(done, total, predictions);
  };

  const heading = document.createElement("p");
  heading.className = "nb-progress__title";
  heading.textContent = t.title;
  const summary = document.createElement("p");
  const message = document.createElement("p");
  message.className = "nb-progress__message";
  message.setAttribute("role", "status");
  const confirmBox = document.createElement("p");
  confirmBox.className = "nb-progress__confirm";
  confirmBox.hidden = true;
  const forgetButton = button(t.forget, () => { confirmBox.hidden = false; forgetButton.hidden = true; yes.focus(); });
  const close = () => { confirmBox.hidden = true; forgetButton.hidden = false; forgetButton.focus(); };
  const yes = button(t.yes, () => { forget(); close(); message.textContent = t.forgotten; draw(); });
  confirmBox.append(`${t.confirm} `, yes, " ", button(t.cancel, close));
  const exportButton = button(t.export, () => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([exportText()], { type: "application/json" }));
    a.download = "nnbook-progress.json";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  });
  const file = document.createElement("input");
  file.type = "file";
  file.accept = "application/json,.json";
  file.hidden = true;
  file.className = "nb-progress__file";
  // Asked before an import replaces edits stored here: resolves true to go on.
  const replaceBox = document.createElement("p");
  replaceBox.className = "nb-progress__confirm nb-progress__replace";
  replaceBox.hidden = true;
  const ask = (n) => new Promise((resolve) => {
    const answer = (yes) => { replaceBox.hidden = true; importButton.focus(); resolve(yes); };
    const replace = button(t.replaceYes, () => answer(true));
    replaceBox.replaceChildren(`${t.replaceAsk(n)} `, replace, " ", button(t.cancel, () => answer(false)));
    replaceBox.hidden = false;
    replace.focus();
  });
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    file.value = "";
    if (!chosen) return;
    message.textContent = "";
    if (chosen.size > IMPORT_LIMIT) {
      message.textContent = t.tooLarge((chosen.size / 1e6).toFixed(1), IMPORT_LIMIT / 1e6);
      return;
    }
    let data;
    try {
      data = parseImport(await chosen.text());
    } catch {
      message.textContent = t.badFile;
      return;
    }
    const replaced = replacedEdits(data).length;
    if (replaced && !(await ask(replaced))) {
      message.textContent = t.notImported;
      return;
    }
    try {
      message.textContent = t.imported(...applyImport(data));
    } catch {
      message.textContent = t.storageFull;
    }
    draw();
  });
  const importButton = button(t.import, () => file.click());
  const actions = document.createElement("p");
  actions.className = "nb-progress__actions";
  actions.append(exportButton, " ", importButton, " ", forgetButton, file);
  page.el.replaceChildren(heading, summary, actions, confirmBox, replaceBox, message);
  page.el.classList.add("nb-progress--home");
  page.el.setAttribute("role", "region");
  page.el.setAttribute("aria-label", t.title);
  page.el.hidden = false;
  article.append(page.el);
  draw();
}

/** Show the progress on the page just mounted (the home page or a chapter). Never throws. */
export function mountProgress() {
  try {
    const page = here();
    if (!page) return;
    if (page.el.dataset.exercises !== undefined) showHome(page);
    else showChapter(page);
  } catch (err) {
    console.warn("nnbook: progress not shown:", err);
  }
}
