// The backprop stepper's steps (js/widgets/backprop-stepper.mjs), pure, no DOM: from one trace of
// nnbook.widgets.backprop_stepper, the list of steps, each step's title, formula lines and highlights,
// the forward values known so far and the table's rows.
import { significant, subscript } from "./format.mjs";
import { paramGroups, prettyName } from "./network.mjs";

/** A computed value: n significant digits (kit/format.mjs). */
export const num = (v, n = 3) => significant(v, n);
/** A value set by the reader (t): as short as it can be, up to 4 digits. */
export const short = (v) => significant(v, 4);
/** A factor in a product: negative numbers in parentheses. */
const factor = (v, n = 3) => (v < 0 ? `(${num(v, n)})` : num(v, n));

const A_NAME = { sigmoid: "σ", tanh: "tanh", relu: "R" };

/** "a′(s₁) = z₁(1 − z₁) = 0.244" for the activations whose a′ reads from the output. */
function primeText(act, s, y, sValue, yValue, prime) {
  if (act === "sigmoid") return `a′(${s}) = ${y}(1 − ${y}) = ${num(yValue)} · ${num(1 - yValue)} = ${num(prime)}`;
  if (act === "tanh") return `a′(${s}) = 1 − ${y}² = 1 − ${factor(yValue)}² = ${num(prime)}`;
  if (act === "relu") return `a′(${s}) = ${sValue > 0 ? `1 (${s} > 0)` : `0 (${s} ≤ 0)`}`;
  return `a′(${s}) = ${num(prime)}`;
}

/** The list of steps: forward (h_i, z_j, e), then one per parameter in the order of net.w. */
export function buildSteps(d) {
  const [, nH, nZ] = d.sizes;
  const steps = [];
  for (let i = 1; i <= nH; i++) steps.push({ id: `h${i}`, kind: "hidden", i });
  for (let j = 1; j <= nZ; j++) steps.push({ id: `z${j}`, kind: "output", j });
  steps.push({ id: "e", kind: "error" });
  let n = 0;
  for (const g of paramGroups(d.sizes, d.names)) {
    g.names.forEach((name, p) => {
      steps.push({ id: name, kind: "gradient", index: n++, layer: g.layer, unit: g.unit,
        k: p < g.nIn ? p + 1 : null, nIn: g.nIn });
    });
  }
  return steps;
}

/** Text and highlights of one step: {title, lines, highlight, units, path}. */
export function describe(step, d, t) {
  const [, nH, nZ] = d.sizes;
  const w = (name) => d.w[d.names.indexOf(name)];
  const groups = paramGroups(d.sizes, d.names);
  const block = (l, j) => groups.find((g) => g.layer === l && g.unit === j).names;   // into unit j of layer l, then θ
  const actH = d.activations[0], act = d.activations[1];
  const allUnits = (l, n) => Array.from({ length: n }, (_, u) => [l, u]);
  if (step.kind === "hidden") {
    const i = step.i;
    const [names, thetaName] = [block(1, i).slice(0, 12), block(1, i)[12]];
    const theta = w(thetaName);
    const terms = [];
    names.forEach((name, k) => {
      const xk = d.x[k];
      if (xk === 0) return;
      terms.push(xk === 1 ? factor(w(name)) : `${factor(w(name))}·${num(xk)}`);
    });
    const sName = `s${subscript(i)}ᴴ`;
    const a = A_NAME[actH] || "a";
    return {
      title: t.titleHidden(i),
      lines: [
        `${sName} = ${prettyName(names[0])} x₁ + ${prettyName(names[1])} x₂ + … + ${prettyName(names[11])} x₁₂ − ${prettyName(thetaName)}`,
        `= ${terms.length ? terms.join(" + ") : "0"} − ${factor(theta)} = ${num(d.s_H[i - 1], 4)}   ${terms.length ? t.lit : t.noneLit}`,
        `h${subscript(i)} = a(${sName}) = ${a}(${num(d.s_H[i - 1], 4)}) = ${num(d.h[i - 1], 4)}`,
      ],
      highlight: null,
      units: [...allUnits(0, 12).filter(([, u]) => d.x[u] !== 0), [1, i - 1]],
      path: names,
    };
  }
  if (step.kind === "output") {
    const j = step.j;
    const [names, thetaName] = [block(2, j).slice(0, nH), block(2, j)[nH]];
    const a = A_NAME[act] || "a";
    const formula = names.map((name, k) => `${prettyName(name)} h${subscript(k + 1)}`).join(" + ");
    const numbers = names.map((name, k) => `${factor(w(name))} · ${num(d.h[k])}`).join(" + ");
    return {
      title: t.titleOutput(j),
      lines: [
        `s${subscript(j)} = ${formula} − ${prettyName(thetaName)}`,
        `= ${numbers} − ${factor(w(thetaName))} = ${num(d.s[j - 1], 4)}`,
        `z${subscript(j)} = a(s${subscript(j)}) = ${a}(${num(d.s[j - 1], 4)}) = ${num(d.z[j - 1], 4)}`,
      ],
      highlight: null,
      units: [...allUnits(1, nH), [2, j - 1]],
      path: names,
    };
  }
  if (step.kind === "error") {
    const sym = Array.from({ length: nZ }, (_, j) => `(t${subscript(j + 1)} − z${subscript(j + 1)})²`).join(" + ");
    const numbers = Array.from({ length: nZ }, (_, j) => `(${short(d.t[j])} − ${num(d.z[j])})²`).join(" + ");
    return {
      title: t.titleError,
      lines: [`e = (${sym})/2`, `= (${numbers})/2 = ${num(d.e, 4)}`],
      highlight: null,
      units: allUnits(2, nZ),
      path: [],
    };
  }
  // a gradient
  const name = step.id;
  const pretty = prettyName(name);
  const value = d.gradient[step.index];
  const isTheta = step.k === null;
  if (step.layer === 2) {
    const j = step.unit, k = step.k;
    const zj = `z${subscript(j)}`, tj = `t${subscript(j)}`, sj = `s${subscript(j)}`;
    const head = `(${zj} − ${tj}) a′(${sj})`;
    const nums = `(${num(d.z[j - 1])} − ${short(d.t[j - 1])}) · ${num(d.a_prime[j - 1])}`;
    const n = step.index + 1;
    return {
      title: n <= 8 ? t.titleOutGrad(n, pretty) : t.titleGrad(n, d.names.length, pretty),
      lines: [
        `∂e/∂${pretty} = ∂e/∂${zj} · ∂${zj}/∂${sj} · ∂${sj}/∂${pretty}`,
        isTheta ? `= −${head}` : `= ${head} h${subscript(k)}`,
        isTheta ? `= −${nums} = ${num(value, 4)}` : `= ${nums} · ${num(d.h[k - 1])} = ${num(value, 4)}`,
        t.primeNote(primeText(act, sj, zj, d.s[j - 1], d.z[j - 1], d.a_prime[j - 1])),
      ],
      highlight: name,
      units: isTheta ? [[2, j - 1]] : [[1, k - 1], [2, j - 1]],
      path: [],
    };
  }
  // hidden layer
  const i = step.unit, k = step.k;
  const si = `s${subscript(i)}ᴴ`, hi = `h${subscript(i)}`;
  const outs = Array.from({ length: nZ }, (_, j) => j + 1);
  const chainSum = outs.map((j) => `∂e/∂z${subscript(j)} ∂z${subscript(j)}/∂s${subscript(j)} ∂s${subscript(j)}/∂${hi}`).join(" + ");
  const bracket = outs.map((j) => `(z${subscript(j)} − t${subscript(j)}) a′(s${subscript(j)}) ${prettyName(block(2, j)[i - 1])}`).join(" + ");
  const bracketNums = outs.map((j) => `(${num(d.z[j - 1])} − ${short(d.t[j - 1])}) · ${num(d.a_prime[j - 1])} · ${factor(w(block(2, j)[i - 1]))}`).join(" + ");
  const back = d.back[i - 1], primeH = d.a_prime_H[i - 1];
  const n = step.index + 1 - 8;
  return {
    title: d.names.length === 47 ? t.titleHidGrad(n, pretty) : t.titleGrad(step.index + 1, d.names.length, pretty),
    lines: [
      `∂e/∂${pretty} = (${chainSum}) · ∂${hi}/∂${si} · ∂${si}/∂${pretty}`,
      isTheta ? `= −[${bracket}] a′(${si})` : `= [${bracket}] a′(${si}) x${subscript(k)}`,
      isTheta ? `= −[${bracketNums}] · ${num(primeH)}` : `= [${bracketNums}] · ${num(primeH)} · ${num(d.x[k - 1])}`,
      isTheta ? `= −${factor(back, 4)} · ${num(primeH)} = ${num(value, 4)}`
        : `= ${factor(back, 4)} · ${num(primeH)} · ${num(d.x[k - 1])} = ${num(value, 4)}`,
      t.primeNote(primeText(actH, si, hi, d.s_H[i - 1], d.h[i - 1], primeH)),
    ],
    highlight: name,
    units: [...(isTheta ? [] : [[0, k - 1]]), [1, i - 1], ...outs.map((j) => [2, j - 1])],
    path: outs.map((j) => block(2, j)[i - 1]),
  };
}

/** Two vectors with the same entries (a teacher signal t against C's, T's, neither's). */
export const sameVector = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The forward values known once the steps `done` (their ids) are done: [label, key, value]. */
export function forwardValues(d, done) {
  const [, nH, nZ] = d.sizes;
  const out = [];
  for (let i = 1; i <= nH; i++) {
    if (!done.has(`h${i}`)) continue;
    out.push([`s${subscript(i)}ᴴ =`, `s_H${i}`, d.s_H[i - 1]], [`h${subscript(i)} =`, `h${i}`, d.h[i - 1]]);
  }
  for (let j = 1; j <= nZ; j++) {
    if (!done.has(`z${j}`)) continue;
    out.push([`s${subscript(j)} =`, `s${j}`, d.s[j - 1]], [`z${subscript(j)} =`, `z${j}`, d.z[j - 1]]);
  }
  if (done.has("e")) out.push(["e =", "e", d.e]);
  return out;
}

/** The diagram's unit values once the steps `done` are done: x, and h and z where computed. */
export function knownValues(d, done) {
  const [, nH, nZ] = d.sizes;
  return [
    d.x,
    Array.from({ length: nH }, (_, i) => (done.has(`h${i + 1}`) ? d.h[i] : undefined)),
    Array.from({ length: nZ }, (_, j) => (done.has(`z${j + 1}`) ? d.z[j] : undefined)),
  ];
}

/** The gradient table's rows: [index, name, backprop, numerical, |difference|] per gradient step. */
export function gradientRows(steps, d) {
  return steps.filter((s) => s.kind === "gradient").map((s) => {
    const g = d.gradient[s.index], nv = d.numerical[s.index];
    return { name: s.id, index: s.index + 1, backprop: g, numerical: nv, difference: Math.abs(g - nv) };
  });
}
