// The reader's progress: exercises passed with Check, remembered in this
// browser per chapter and language (localStorage, under the exercise ids, so
// they survive updates of the site), shown near a chapter's title and per
// chapter on the home page; "Forget my progress" (confirmed), and export /
// import of progress and edits as one JSON file. A corrupted store is
// ignored with a console note. The page's element .nb-progress (rendered by
// overrides/main.html) says which chapter and language this is.

const PREFIX = "nnbook:v1:";
const KEY = `${PREFIX}progress`;            // {"v": 1, "passed": {"en:training": ["one-iteration"]}}
const FORMAT = "nnbook-progress";          // the exported file's "format"

const LABELS = {
  en: {
    chapter: (n, of) => `Exercises passed: ${n} of ${of}`,
    badge: (n, of) => `${n}/${of} ✓`,
    badgeLabel: (n, of) => `${n} of ${of} exercises passed`,
    title: "Your progress",
    summary: (n, of) => `You have passed ${n} of the book's ${of} exercises in this browser.`,
    forget: "Forget my progress",
    confirm: "Forget every passed exercise and every edited cell in this browser?",
    yes: "Yes, forget",
    cancel: "Cancel",
    forgotten: "Your progress and edits are forgotten.",
    export: "Export progress and edits",
    import: "Import…",
    imported: (n, e) => `Imported: ${n} passed exercises and ${e} edited cells.`,
    badFile: "This file is not an nnbook progress file; nothing was changed.",
  },
  ja: {
    chapter: (n, of) => `合格した演習: ${of} 問中 ${n} 問`,
    badge: (n, of) => `${n}/${of} ✓`,
    badgeLabel: (n, of) => `${of} 問中 ${n} 問の演習に合格`,
    title: "あなたの進み具合",
    summary: (n, of) => `このブラウザーで、この本の ${of} 問の演習のうち ${n} 問に合格しています。`,
    forget: "進み具合を忘れる",
    confirm: "このブラウザーの合格した演習と編集したセルをすべて忘れますか?",
    yes: "はい、忘れる",
    cancel: "キャンセル",
    forgotten: "進み具合と編集を忘れました。",
    export: "進み具合と編集を書き出す",
    import: "読み込む…",
    imported: (n, e) => `読み込みました: 合格した演習 ${n} 問、編集したセル ${e} 個。`,
    badFile: "nnbook の進み具合のファイルではありません。何も変えていません。",
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

/** The stored progress, {chapterKey: [ids]}; {} if none or unreadable (with a console note). */
export function load() {
  const text = storage()?.getItem(KEY);
  if (!text) return {};
  try {
    const data = JSON.parse(text);
    if (data?.v === 1 && validPassed(data.passed)) return data.passed;
    throw new Error("unexpected shape");
  } catch (err) {
    console.warn(`nnbook: the stored progress (${KEY}) is unreadable and is ignored: ${err.message}`);
    return {};
  }
}

function save(passed) {
  try { storage()?.setItem(KEY, JSON.stringify({ v: 1, passed })); } catch { /* full or private: kept for this page */ }
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

/** Check passed for exercise `id` on this page: remember it and update the count. */
export function recordPass(id) {
  const page = here();
  if (!page || !id) return;
  const passed = load();
  const key = chapterKey(page.lang, page.chapter);
  const ids = new Set(passed[key] || []);
  if (ids.has(id)) return;
  ids.add(id);
  passed[key] = [...ids];
  save(passed);
  showChapter(page);
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
  return JSON.stringify({ format: FORMAT, v: 1, passed: load(), edits: edits() }, null, 1);
}

/** Merge an export file into this browser; returns [passed ids, edits] counted, or throws. */
export function importText(text) {
  const data = JSON.parse(text);
  if (data?.format !== FORMAT || data.v !== 1 || !validPassed(data.passed)
      || !data.edits || typeof data.edits !== "object"
      || !Object.entries(data.edits).every(([k, v]) => typeof v === "string" && !k.startsWith("/") && !k.includes(".."))) {
    throw new Error("not an nnbook progress file");
  }
  const passed = load();
  let count = 0;
  for (const [key, ids] of Object.entries(data.passed)) {
    passed[key] = [...new Set([...(passed[key] || []), ...ids])];
    count += ids.length;
  }
  save(passed);
  const store = storage();
  for (const [path, code] of Object.entries(data.edits)) store?.setItem(PREFIX + root() + path, code);
  return [count, Object.keys(data.edits).length];
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
  if (!ids.length) return;
  const passed = load();
  const key = chapterKey(page.lang, page.chapter);
  const kept = (passed[key] || []).filter((id) => ids.includes(id));
  if (passed[key] && kept.length !== passed[key].length) {   // an exercise that left the chapter
    passed[key] = kept;
    save(passed);
  }
  const t = LABELS[page.lang];
  page.el.textContent = t.chapter(kept.length, ids.length);
  page.el.dataset.passed = String(kept.length);
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
    const passed = load();
    let total = 0, done = 0;
    article.querySelectorAll(".nb-progress-badge").forEach((b) => b.remove());
    for (const [chapter, ids] of Object.entries(chapters)) {
      const n = (passed[chapterKey(page.lang, chapter)] || []).filter((id) => ids.includes(id)).length;
      total += ids.length;
      done += n;
      for (const link of article.querySelectorAll("a[href]")) {
        const path = new URL(link.getAttribute("href"), location.href).pathname.replace(/\/(index\.html)?$/, "");
        // the contents' links only: not the summary, not a button such as "Start with chapter 1"
        if (link.closest(".nb-progress") || link.classList.contains("md-button") || !path.endsWith(`/${chapter}`)) continue;
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
    summary.textContent = t.summary(done, total);
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
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    try {
      message.textContent = t.imported(...importText(await chosen.text()));
    } catch {
      message.textContent = t.badFile;
    }
    file.value = "";
    draw();
  });
  const importButton = button(t.import, () => file.click());
  const actions = document.createElement("p");
  actions.className = "nb-progress__actions";
  actions.append(exportButton, " ", importButton, " ", forgetButton, file);
  page.el.replaceChildren(heading, summary, actions, confirmBox, message);
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
