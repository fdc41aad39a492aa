// The widgets' one number formatter (js/widgets/kit/format.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixed, integer, parseNumber, significant, subscript, superscript, trimmed, weight, weightInput } from "../../js/widgets/kit/format.mjs";

test("negative numbers use the minus sign, never a hyphen, and no negative zero", () => {
  assert.equal(fixed(-0.1234, 2), "−0.12");
  assert.equal(fixed(-0.0001, 2), "0.00");
  assert.equal(trimmed(-1.5, 4), "−1.5");
  assert.equal(trimmed(-0.00001, 4), "0");
  assert.equal(integer(-3), "−3");
  assert.equal(significant(-0.5, 3), "−0.5");
});

test("scientific values read 1.2·10⁻⁵, in both directions", () => {
  assert.equal(significant(0.000012345, 3), "1.23·10⁻⁵");
  assert.equal(significant(-0.000012, 2), "−1.2·10⁻⁵");
  assert.equal(significant(123456, 3), "1.23·10⁵");
  assert.equal(significant(2e-10, 1), "2·10⁻¹⁰");
  assert.equal(significant(0.0123456, 3), "0.0123");
  assert.equal(significant(0, 3), "0");
});

test("missing and non-finite values read —", () => {
  for (const v of [null, undefined, NaN, Infinity, -Infinity, "1"]) {
    assert.equal(fixed(v), "—");
    assert.equal(significant(v), "—");
    assert.equal(trimmed(v), "—");
  }
});

test("trimmed drops trailing zeros only", () => {
  assert.equal(trimmed(0.5, 4), "0.5");
  assert.equal(trimmed(2, 4), "2");
  assert.equal(trimmed(0.12345, 4), "0.1235");
});

test("a reader's number is read with either minus sign or decimal mark", () => {
  assert.equal(parseNumber("−0.5"), -0.5);
  assert.equal(parseNumber("-0,5"), -0.5);
  assert.equal(parseNumber(" 2e-3 "), 0.002);
  assert.ok(Number.isNaN(parseNumber("abc")));
  assert.ok(Number.isNaN(parseNumber("")));
  assert.ok(Number.isNaN(parseNumber("1.2.3")));
});

test("formatting then parsing gives the number back", () => {
  for (const v of [-3.25, 0.125, -0.0625, 1234.5]) assert.equal(parseNumber(fixed(v, 4)), v);
});

test("a weight reads the same in the diagram and in the editor's box: one precision", () => {
  assert.equal(weight(-0.41349), "−0.413");
  assert.equal(weightInput(-0.41349), "-0.413");          // what an <input type=number> takes
  assert.equal(weight(-0.4136), "−0.414");
  assert.equal(weightInput(-0.4136), "-0.414");
  assert.equal(weightInput(0.5), "0.5");
  assert.equal(weightInput(-0.0001), "0");                 // no "-0"
  assert.equal(Number(weightInput(2.71828)), Number(weight(2.71828)));
  assert.equal(weightInput(null), "");
});

test("one way to write indices: subscript digits, superscripts with ᴴ", () => {
  assert.equal(subscript(12), "₁₂");
  assert.equal(subscript("12,3"), "₁₂,₃");
  assert.equal(subscript("k"), "k");
  assert.equal(superscript("H2"), "ᴴ²");
  assert.equal(superscript(""), "");
});
