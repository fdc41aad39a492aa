// Keyboard and screen-reader help the theme leaves out, set from our own
// script so mkdocs-material stays unforked: accessible names for its search
// dialog and page-load bar (found by the axe-core scan in
// tests/browser/test_all_pages.py), headings' ¶ permalinks out of the Tab
// order (still clickable), and a skip link to the page's first cell or widget.
const WORDS = {
  en: { search: "Search", progress: "Loading page",
        skipCell: "Skip to the first code cell", skipWidget: "Skip to the first widget" },
  ja: { search: "検索", progress: "ページを読み込み中",
        skipCell: "最初のコードセルへ移動", skipWidget: "最初のウィジェットへ移動" },
};

function words() {
  return WORDS[(document.documentElement.lang || "en").slice(0, 2)] || WORDS.en;
}

export function nameThemeParts() {
  const t = words();
  document.querySelector(".md-search")?.setAttribute("aria-label", t.search);
  document.querySelector(".md-progress")?.setAttribute("aria-label", t.progress);
}

/** Every heading has a ¶ link to itself: a stop for each heading when a reader
 *  tabs towards the cells. The mouse still finds it beside the heading. */
export function untabPermalinks(root) {
  for (const link of root.querySelectorAll("a.headerlink")) link.tabIndex = -1;
}

/** Right after the theme's "Skip to content": a link that puts the keyboard on
 *  the first cell's first button (Run), or the first widget's first control.
 *  Called once the cells and widgets are mounted; replaced on every page. */
export function addSkipToFirstCell(root) {
  document.querySelector("a.nb-skip")?.remove();
  const first = root.querySelector(".nb-cell--live, .nb-widget");
  const skip = document.querySelector("a.md-skip");
  if (!first || !skip) return;
  const isCell = first.classList.contains("nb-cell--live");
  const link = document.createElement("a");
  link.className = "md-skip nb-skip";
  link.href = "#";
  link.textContent = isCell ? words().skipCell : words().skipWidget;
  link.addEventListener("click", (event) => {
    // not a navigation: the theme's instant navigation (on document.body) would
    // take href="#" for this page, load it again and drop the focused button
    event.preventDefault();
    event.stopPropagation();
    const control = first.querySelector("button:not([hidden]):not([disabled]), input, select, textarea, [tabindex='0'], [contenteditable='true']");
    first.scrollIntoView({ block: "start" });
    (control || first).focus({ preventScroll: true });
  });
  skip.after(link);
}
