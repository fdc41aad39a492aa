// An exercise's hints, one at a time: the `??? hint` admonitions between the exercise's cell and its
// solution (collapsed <details>, readable one by one without scripts too) are hidden, and a button in
// the cell's bar shows the next one; the cell tells progress whether a pass came after hints.
import { labels } from "../i18n.mjs";

/** The hints of the exercise `cell` (its element), up to its solution or the next cell. */
function hintsOf(cell) {
  const found = [];
  for (let el = cell.nextElementSibling; el && !el.matches("div.nb-cell, details.nb-solution"); el = el.nextElementSibling) {
    if (el.matches("details.hint")) found.push(el);
  }
  return found;
}

/** Put the "Hint" button into `bar`; returns {shown}, the number of hints shown so far (null without hints). */
export function mountHints(cell, bar) {
  const hints = hintsOf(cell);
  if (!hints.length) return null;
  const t = labels();
  const state = { shown: 0 };
  for (const hint of hints) hint.classList.add("nb-hint");   // hidden from the first paint (predict.css) until shown
  const next = document.createElement("button");
  next.type = "button";
  next.className = "md-button nb-button nb-hint-button";
  const label = () => { next.textContent = state.shown ? t.nextHint(state.shown + 1, hints.length) : t.hint(hints.length); };
  label();
  next.addEventListener("click", () => {
    const hint = hints[state.shown];
    hint.classList.add("nb-hint--shown");
    hint.open = true;
    state.shown += 1;
    if (state.shown === hints.length) next.hidden = true;
    else label();
    hint.querySelector("summary")?.focus();
  });
  bar.append(next);
  return state;
}
