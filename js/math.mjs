// Mathematics: the build typesets every formula with KaTeX (js/build/typeset-math.mjs);
// a formula left as \( \) or \[ \] (a page from elsewhere) is typeset here, by KaTeX
// from npm, bundled in a chunk of its own that only such a page loads.
export async function typeset(root) {
  const raw = [...root.querySelectorAll(".arithmatex")].filter((el) => !el.querySelector(".katex"));
  if (raw.length) {
    const { default: renderMathInElement } = await import("katex/contrib/auto-render");
    for (const el of raw) {
      renderMathInElement(el, {
        delimiters: [
          { left: "\\(", right: "\\)", display: false },
          { left: "\\[", right: "\\]", display: true },
        ],
        throwOnError: false,
      });
    }
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
