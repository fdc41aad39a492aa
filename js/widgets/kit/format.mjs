// The one number formatter of the widgets: every number a reader sees is
// written the same way, with a true minus sign (−0.12, never -0.12),
// scientific values as 1.2·10⁻⁵ (never 1.2e-5), and a missing or non-finite
// value as "—". Pure functions, no DOM (tested with node --test).

const MINUS = "\u2212";
const MISSING = "—";
const SUPERSCRIPT = { "-": "⁻", "+": "", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

const missing = (v) => v === null || v === undefined || typeof v !== "number" || !Number.isFinite(v);

/** "-" → "−", and no negative zero ("−0.00" is "0.00"). */
function signed(text) {
  if (/^-0(\.0*)?$/.test(text)) return text.slice(1);
  return text.replace("-", MINUS);
}

/** Exponent notation of a JavaScript string ("1.2e-5") as 1.2·10⁻⁵. */
function scientific(text) {
  const [mantissa, exponent] = text.split("e");
  const power = [...exponent].map((c) => SUPERSCRIPT[c]).join("");
  return `${signed(String(Number(mantissa)))}·10${power}`;
}

/** A fixed number of decimals: fixed(-0.1234, 2) = "−0.12"; for weights, tables, outputs. */
export function fixed(v, decimals = 3) {
  if (missing(v)) return MISSING;
  return signed(v.toFixed(decimals));
}

/** At most `decimals` decimals, trailing zeros dropped: trimmed(0.5, 4) = "0.5". */
export function trimmed(v, decimals = 4) {
  if (missing(v)) return MISSING;
  let text = v.toFixed(decimals);
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  return signed(text);
}

/**
 * `digits` significant digits; very small or large magnitudes (below 10⁻³,
 * from 10⁵ on) in scientific notation: significant(0.000012345, 3) = "1.23·10⁻⁵".
 * For errors E, gradients, step sizes: values that span many decades.
 */
export function significant(v, digits = 4) {
  if (missing(v)) return MISSING;
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return scientific(v.toExponential(Math.max(digits - 1, 0)));
  return signed(String(Number(v.toPrecision(digits))));
}

const SUBSCRIPT = "₀₁₂₃₄₅₆₇₈₉";
const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** Digits as subscripts, anything else kept: subscript(12) = "₁₂", subscript("12,3") = "₁₂,₃". */
export const subscript = (text) => String(text).replace(/[0-9]/g, (d) => SUBSCRIPT[d]);

/** Digits as superscripts, H as ᴴ: superscript("H2") = "ᴴ²". */
export const superscript = (text) => String(text).replace(/[0-9]/g, (d) => SUPERSCRIPT_DIGITS[d]).replace(/H/g, "ᴴ");

/** The decimals of a network's weight or threshold, wherever a reader sees one (the diagram,
 *  the editor's boxes, the readouts): one precision, so the box and the edge say the same. */
const WEIGHT_DECIMALS = 3;

/** A weight or threshold as shown: weight(-0.41349) = "−0.413". */
export const weight = (v) => fixed(v, WEIGHT_DECIMALS);

/** The same value as an <input type=number> takes it: weightInput(-0.41349) = "-0.413", weightInput(0.5) = "0.5". */
export function weightInput(v) {
  if (missing(v)) return "";
  return String(Number(v.toFixed(WEIGHT_DECIMALS)));
}

/** An integer with no grouping: "−3", "5000". */
export function integer(v) {
  if (missing(v)) return MISSING;
  return signed(String(Math.round(v)));
}

/** A number typed by a reader: accepts "−" and "," as well as "-" and "."; NaN when it is none. */
export function parseNumber(text) {
  const clean = String(text).trim().replace(/[\u2212\u2013]/g, "-").replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(clean)) return NaN;
  return Number(clean);
}
