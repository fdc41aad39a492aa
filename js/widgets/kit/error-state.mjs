// The error table's pure parts (js/widgets/error-table.mjs), no DOM: an image's rows as the
// slide writes them, the reader's edits waiting while Python is busy, the total's words.
import { fixed, subscript } from "./format.mjs";

/** [12 pixels] → "011/100/100/011" (≥ 0.5 counts as on). */
export function rowsOf(pixels, cols = 3) {
  const bits = pixels.map((v) => (v >= 0.5 ? "1" : "0")).join("");
  return Array.from({ length: bits.length / cols }, (_, r) => bits.slice(r * cols, r * cols + cols)).join("/");
}

/** Two waiting edits as one: the actions in order, the parameter's latest value. */
export function mergeEdits(older, newer) {
  return { actions: [...older.actions, ...newer.actions], parameter: newer.parameter ?? older.parameter };
}

/** The total E for P images: the line above the table, and the footer's label and value. */
export function totals(result, L) {
  const P = result.rows.length;
  const E = fixed(result.E, 4);
  return {
    line: result.empty ? result.empty : (P === 1 ? L.totalOne : L.total)(E, P),
    footer: P > 1 ? L.footer(subscript(P)) : L.footerOne,
    E,
  };
}
