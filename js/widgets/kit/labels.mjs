// The one labels mechanism of the widgets: a widget exports its words as
// `export const LABELS = { en: {...}, ja: {...} }` (a value is a string or a
// function of the numbers it names), and the registry hands it `ctx.t`, the
// table of the page's language over the words every widget shares (COMMON),
// with English wherever a Japanese word is missing. Pure, no DOM.

/** Words every widget uses. */
export const COMMON = {
  en: {
    waiting: "waiting for Python…",
    pythonSays: "Python says:",
    pythonFailed: "Python failed",
    neither: "neither",
  },
  ja: {
    waiting: "Python を待っています…",
    pythonSays: "Python のエラー:",
    pythonFailed: "Python でエラーが起きました",
    neither: "どちらでもない",
  },
};

/** The page's language as the widgets know it: "ja" or "en". */
export function languageOf(tag) {
  return String(tag || "en").slice(0, 2) === "ja" ? "ja" : "en";
}

/** The words of `lang` from each table (later tables win), English where a word is missing. */
export function labelsFor(lang, ...tables) {
  const out = {};
  for (const table of [COMMON, ...tables]) {
    if (!table) continue;
    Object.assign(out, table.en, lang === "en" ? {} : table[lang]);
  }
  return out;
}

/** Keys of `table.en` that `table[lang]` lacks, and keys it has that English lacks (for tests). */
export function missingLabels(table, lang = "ja") {
  const en = Object.keys(table.en || {});
  const other = Object.keys(table[lang] || {});
  return {
    missing: en.filter((k) => !other.includes(k)),
    extra: other.filter((k) => !en.includes(k)),
  };
}
