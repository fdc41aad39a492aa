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
  for (const display of root.querySelectorAll(".katex-display")) {
    if (display.scrollWidth > display.clientWidth + 1) {
      display.tabIndex = 0;
      display.setAttribute("role", "group");
      display.setAttribute("aria-label", display.querySelector("annotation")?.textContent || "formula");
    }
  }
}
