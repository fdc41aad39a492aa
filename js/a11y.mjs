// Keyboard and screen-reader help the theme leaves out, set from our own
// script so mkdocs-material stays unforked: accessible names for its search
// dialog and page-load bar (found by the axe-core scan in
// tests/browser/test_all_pages.py), headings' ¶ permalinks out of the Tab
// order (still clickable), and skip links to the page's first cell and first widget.
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
 *  the first cell's first button (Run), or the first widget's first control, and,
 *  on a page whose cells come first, one more to the first widget (chapter 7's
 *  trainer was 75 Tabs away). Called once the cells and widgets are mounted;
 *  replaced on every page. */
export function addSkipToFirstCell(root) {
  document.querySelectorAll("a.nb-skip, a.nb-skip-widget").forEach((old) => old.remove());
  const skip = document.querySelector("a.md-skip");
  const first = root.querySelector(".nb-cell--live, .nb-widget");
  if (!first || !skip) return;
  const isCell = first.classList.contains("nb-cell--live");
  const links = [skipLink("nb-skip", isCell ? words().skipCell : words().skipWidget, first)];
  const widget = isCell && root.querySelector(".nb-widget");
  if (widget) links.push(skipLink("nb-skip-widget", words().skipWidget, widget));
  skip.after(...links);
}

function skipLink(className, text, target) {
  const link = document.createElement("a");
  link.className = `md-skip ${className}`;
  link.href = "#";
  link.textContent = text;
  link.addEventListener("click", (event) => {
    // not a navigation: the theme's instant navigation (on document.body) would
    // take href="#" for this page, load it again and drop the focused button
    event.preventDefault();
    event.stopPropagation();
    const control = target.querySelector("button:not([hidden]):not([disabled]), input, select, textarea, [tabindex='0'], [contenteditable='true']");
    target.scrollIntoView({ block: "start" });
    (control || target).focus({ preventScroll: true });
  });
  return link;
}
