// kit/descent-state.mjs: the descent visualiser's pure parts (readout, η slider, plot scale, status).
import assert from "node:assert/strict";
import { test } from "node:test";
import { ETAS, PLOT, clip, nearestEta, plotScale, readoutPieces, readoutText, statusMessage } from "../../js/widgets/kit/descent-state.mjs";
import { labelsFor } from "../../js/widgets/kit/labels.mjs";
import { LABELS } from "../../js/widgets/descent.mjs";

test("breaks after ': ' and ', ' outside brackets only", () => {
  assert.deepEqual(readoutPieces("k = 3: w₃ = (−0.6174, −0.15), E = 0.2468, η₂ = 0.3"),
    ["k = 3:", "w₃ = (−0.6174, −0.15),", "E = 0.2468,", "η₂ = 0.3"]);
});

test("a text without separators is one piece; nothing is lost", () => {
  assert.deepEqual(readoutPieces("E = 0.25"), ["E = 0.25"]);
  const text = "k = 12: w₁₂ = (1e-05, [2, 3]), E = 4";
  assert.equal(readoutPieces(text).join(" "), text);
});

test("the η slider shows the nearest of its positions on a log scale", () => {
  assert.equal(ETAS[nearestEta(0.3)], 0.3);
  assert.equal(ETAS[nearestEta(0.29)], 0.3);
  assert.equal(ETAS[nearestEta(1e-6)], 0.001);
  assert.equal(ETAS[nearestEta(1e6)], 100);
});

test("a path is clipped to the plot; a click becomes a start point snapped to 1/80 of the extent", () => {
  assert.deepEqual(clip(-3, 0, 3, 0, [-2, 2, -2, 2]), [-2, 0, 2, 0]);
  assert.equal(clip(-3, 3, 3, 3, [-2, 2, -2, 2]), null);               // wholly outside
  const scale = plotScale([-2, 2, -2, 2]);
  assert.equal(scale.X(-2), PLOT.left);
  assert.equal(scale.Y(-2), PLOT.top + PLOT.size);
  assert.deepEqual(scale.pointAt(scale.X(0.51), scale.Y(-1.02)), [0.5, -1]);
  assert.equal(scale.pointAt(0, 0), null);                             // beside the plot
  assert.equal(scale.segmentPath([[-3, 0], [3, 0]]), `M${PLOT.left.toFixed(2)} ${scale.Y(0).toFixed(2)}L${(PLOT.left + PLOT.size).toFixed(2)} ${scale.Y(0).toFixed(2)}`);
});

test("the status says why a path stopped, in the page's words; a stuck Armijo search says so", () => {
  const L = labelsFor("en", LABELS);
  const v = { settings: { method: "sd", eta: 0.9 }, status: { code: "diverging" }, path: [[0, 0], [1, 1]], E: [1, 2], eta: [] };
  assert.deepEqual(statusMessage(v, L), ["diverging", L.msg.diverging("0.9")]);
  assert.equal(readoutText(v, L), "k = 1: w₁ = (1, 1), E = 2");
  const stuck = { ...v, settings: { method: "armijo", eta: 1 }, status: { code: "start" }, eta: [0] };
  assert.deepEqual(statusMessage(stuck, L), ["start", L.msg.armijoStuck]);
  assert.equal(readoutText(stuck, L), "k = 1: w₁ = (1, 1), E = 2, η₀ = 0");
});
