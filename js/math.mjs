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
}
