// The one labels mechanism of the widgets. A widget's words are data, in
// js/widgets/NAME.labels.json: { "en": {...}, "ja": {...} }, the same keys in
// both languages. A value is a string, a list or a table of them; a string
// with numbered places, "{0} of {1} read right", becomes a function of that
// many values (t.right(3, 9)), so each language orders its words its own way.
// The registry hands a widget `ctx.t`: its table in the page's language over
// the words every widget shares (COMMON), English wherever a word is missing.
// Pure, no DOM (tests/js/labels.test.mjs checks every table).

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

const PLACE = /\{(\d+)\}/g;

/** A word as the widget uses it: a string with {0}, {1}… becomes a function filling them in. */
export function compile(value) {
  if (typeof value === "string") {
    if (!value.match(PLACE)) return value;
    return (...values) => value.replace(PLACE, (_, i) => String(values[Number(i)] ?? ""));
  }
  if (Array.isArray(value)) return value.map(compile);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compile(v)]));
  }
  return value;
}

/** The words of `lang` from each table (later tables win), English where a word is missing. */
export function labelsFor(lang, ...tables) {
  const out = {};
  for (const table of [COMMON, ...tables]) {
    if (!table) continue;
    Object.assign(out, compile(table.en), lang === "en" ? {} : compile(table[lang] || {}));
  }
  return out;
}

/** The numbered places a word uses, as a sorted list ("{1} of {0}" → [0, 1]). */
export function placesOf(value) {
  return [...new Set([...String(value).matchAll(PLACE)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}
