// Accessible names mkdocs-material leaves out (found by the axe-core scan in
// tests/browser/test_all_pages.py): its search dialog and page-load progress
// bar. Set from our own script, so the theme is not forked.
const NAMES = {
  en: { search: "Search", progress: "Loading page" },
  ja: { search: "検索", progress: "ページを読み込み中" },
};

export function nameThemeParts() {
  const lang = (document.documentElement.lang || "en").slice(0, 2);
  const t = NAMES[lang] || NAMES.en;
  document.querySelector(".md-search")?.setAttribute("aria-label", t.search);
  document.querySelector(".md-progress")?.setAttribute("aria-label", t.progress);
}
