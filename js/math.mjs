// Mathematics typeset by KaTeX (from npm, bundled; fonts served by the site).
// pymdownx.arithmatex (generic mode) leaves \( \) and \[ \] in .arithmatex.
import renderMathInElement from "katex/contrib/auto-render";

export function typeset(root) {
  for (const el of root.querySelectorAll(".arithmatex")) {
    renderMathInElement(el, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  }
  // A formula wider than the screen scrolls; keyboard users can reach it.
  // Checked again once KaTeX's fonts are in (they change the width) and
  // when the window is resized.
  const mark = () => {
    for (const display of root.querySelectorAll(".katex-display")) {
      if (display.scrollWidth > display.clientWidth + 1 && display.tabIndex !== 0) {
        display.tabIndex = 0;
        display.setAttribute("role", "group");
        display.setAttribute("aria-label", display.querySelector("annotation")?.textContent || "formula");
      }
    }
  };
  mark();
  document.fonts?.ready.then(mark);
  markCurrentPage = mark;
}

let markCurrentPage = null;
addEventListener("resize", () => markCurrentPage?.());
