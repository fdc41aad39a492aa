// Component (registers nothing): the weight editor's controls, no Python; used by the
// weight-editor widget and the playground. Styles: weight-editor.css.
//
// Every parameter of a network, grouped as on the slides — w_1, w_2 (output units),
// then w_1ᴴ, w_2ᴴ, w_3ᴴ (hidden units); each block its weights, then its threshold θ.
// Each parameter has a number box (type a value) and a slider (drag, or the arrow
// keys: ±0.1; Page Up/Down: larger steps), named by its nnbook name ("w_52^H",
// "w_12,3^H", "theta_1"; the slider "w_52^H slider"). A hidden unit's twelve weights
// are laid out like the 4×3 image, so its pattern shows.
// Where a block is narrow (a phone: a slider in each cell would be 80 px for −10…10),
// the cells keep only their boxes and the block has one full-width slider with − and +
// steps (±0.1) under them, for the parameter last tapped or focused (kit/weight-editor.css,
// a container query on the block's width).
//
//   new WeightEditor(parent, {sizes, names (net.names()), lang, onEdit(name, value), onFocus(name|null), range})
//       editor.values = flat w (slides' order) updates the controls (a box the reader
//       is typing in is left alone); editor.disabled = true|false; editor.element;
//       editor.destroy().
import { weight, weightInput } from "./format.mjs";
import { labelsFor } from "./labels.mjs";
import { paramGroups, prettyName } from "./network.mjs";
import LABELS from "./weight-editor.labels.json" with { type: "json" };

export const RANGE = 10;
const STEP = 0.1;       // a slider's step and the − / + buttons'

export class WeightEditor {
  constructor(parent, { sizes, names, lang = "en", onEdit = () => {}, onFocus = () => {}, range = RANGE } = {}) {
    const t = labelsFor(lang, LABELS);
    this.t = t;
    this.onEdit = onEdit;
    this.range = range;
    this.element = document.createElement("div");
    this.element.className = "nbw-we__groups";
    this.params = []; // in the order of w: {name, box, slider, cell, editing}
    const L = sizes.length - 1;
    const uid = WeightEditor.count = (WeightEditor.count || 0) + 1;
    for (const group of paramGroups(sizes, names)) {
      const details = document.createElement("details");
      details.className = "nbw-we__group";
      details.open = true;
      details.dataset.group = group.names[0];
      const summary = document.createElement("summary");
      summary.append(document.createTextNode(`${group.vector} `));
      const what = document.createElement("span");
      what.textContent = group.layer === L ? t.output(group.unit)
        : L === 2 ? t.hidden(group.unit) : t.hiddenDeep(group.layer, group.unit);
      summary.append(what);
      details.append(summary);
      const body = document.createElement("div");
      body.className = "nbw-we__body";
      body.setAttribute("role", "group");
      body.setAttribute("aria-label", group.vector);
      const weights = document.createElement("div");
      weights.className = "nbw-we__weights";
      const imageLayout = group.layer === 1 && group.nIn === 12;
      weights.style.setProperty("--nbw-cols", imageLayout ? 3 : Math.min(group.nIn, 3));
      const theta = document.createElement("div");
      theta.className = "nbw-we__theta";
      const block = { adjust: null, picked: null };
      body.append(weights, theta);
      details.append(body);
      group.names.forEach((name, i) => {
        const isTheta = i === group.nIn;
        const hint = isTheta ? t.threshold : group.layer === 1 ? `x${i + 1}` : `h${i + 1}`;
        (isTheta ? theta : weights).append(this.control(name, hint, `nbw-we-${uid}-${group.offset + i}`, onFocus, block));
      });
      body.append(this.adjuster(block, onFocus));
      this.pick(block, this.params[group.offset]);
      this.element.append(details);
    }
    parent.append(this.element);
  }

  control(name, hint, id, onFocus, block) {
    const cell = document.createElement("div");
    cell.className = "nbw-we__param";
    cell.dataset.name = name;
    const label = document.createElement("label");
    label.className = "nbw-we__name";
    label.htmlFor = id;
    const pretty = document.createElement("span");
    pretty.textContent = prettyName(name);
    const small = document.createElement("small");
    small.textContent = hint;
    label.append(pretty, small);
    const box = document.createElement("input");
    box.type = "number";
    box.id = id;
    box.step = "0.1";
    box.setAttribute("aria-label", name);
    box.title = `net["${name}"]`;
    const slider = this.rangeInput();
    slider.setAttribute("aria-label", this.t.slider(name));
    const p = { name, box, slider, cell, block, editing: false, value: 0 };
    box.addEventListener("input", () => {
      p.editing = true;
      const v = box.valueAsNumber;
      if (Number.isFinite(v)) this.edit(p, v, box);
    });
    box.addEventListener("change", () => {
      p.editing = false;
      const v = box.valueAsNumber;
      if (Number.isFinite(v)) this.edit(p, v, box);
      else box.value = weightInput(p.value);
    });
    box.addEventListener("blur", () => { p.editing = false; });
    slider.addEventListener("input", () => this.edit(p, slider.valueAsNumber, slider));
    cell.addEventListener("focusin", () => { this.pick(block, p); onFocus(name); });
    cell.addEventListener("click", () => this.pick(block, p));
    cell.addEventListener("focusout", (ev) => { if (!cell.contains(ev.relatedTarget)) onFocus(null); });
    cell.append(label, box, slider);
    this.params.push(p);
    return cell;
  }

  rangeInput() {
    const slider = document.createElement("input");
    Object.assign(slider, { type: "range", min: String(-this.range), max: String(this.range), step: String(STEP) });
    return slider;
  }

  /** A block's own slider with − and + steps (shown where the block is narrow). */
  adjuster(block, onFocus) {
    const row = document.createElement("div");
    row.className = "nbw-we__adjust";
    const name = document.createElement("span");
    name.className = "nbw-we__adjust-name";
    name.setAttribute("aria-hidden", "true");     // the slider and buttons say it
    const step = (sign) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = `nbw-we__step nbw-we__step--${sign < 0 ? "minus" : "plus"}`;
      b.textContent = sign < 0 ? "−" : "+";
      b.addEventListener("click", () => {
        const p = block.picked;
        this.edit(p, Math.round((p.value + sign * STEP) * 1e4) / 1e4, null);
      });
      return b;
    };
    const slider = this.rangeInput();
    slider.addEventListener("input", () => this.edit(block.picked, slider.valueAsNumber, slider));
    const minus = step(-1), plus = step(1);
    row.append(name, minus, slider, plus);
    row.addEventListener("focusin", () => onFocus(block.picked.name));
    row.addEventListener("focusout", (ev) => { if (!row.contains(ev.relatedTarget)) onFocus(null); });
    block.adjust = { row, name, slider, minus, plus };
    return row;
  }

  /** The parameter a block's own slider moves: the one last tapped or focused. */
  pick(block, p) {
    if (block.picked === p) return;
    block.picked?.cell.classList.remove("nbw-we__param--picked");
    block.picked = p;
    p.cell.classList.add("nbw-we__param--picked");
    const a = block.adjust;
    a.name.textContent = prettyName(p.name);
    a.slider.setAttribute("aria-label", this.t.slider(p.name));
    a.minus.setAttribute("aria-label", this.t.minus(p.name));
    a.plus.setAttribute("aria-label", this.t.plus(p.name));
    this.showAdjuster(p);
  }

  showAdjuster(p) {
    const a = p.block.adjust;
    if (p.block.picked !== p) return;
    if (document.activeElement !== a.slider || Math.abs(a.slider.valueAsNumber - p.value) > 0.05) {
      a.slider.value = String(p.value);
    }
    a.slider.setAttribute("aria-valuetext", weight(p.value));
  }

  edit(p, v, source) {
    p.value = v;
    if (source !== p.slider) p.slider.value = String(v);
    if (source !== p.box) p.box.value = weightInput(v);
    this.showAdjuster(p);
    this.tint(p, v);
    this.onEdit(p.name, v);
  }

  tint(p, v) {
    p.cell.classList.toggle("nbw-we__param--pos", v > 0);
    p.cell.classList.toggle("nbw-we__param--neg", v < 0);
    p.cell.style.setProperty("--nbw-tint", (0.38 * Math.tanh(Math.abs(v) / 3)).toFixed(3));
  }

  set values(w) {
    this.params.forEach((p, i) => {
      const v = w[i];
      p.value = v;
      const typing = p.editing && document.activeElement === p.box;
      if (!typing && !(document.activeElement === p.box && p.box.valueAsNumber === v)) {
        p.box.value = weightInput(v);
      }
      if (document.activeElement !== p.slider || Math.abs(p.slider.valueAsNumber - v) > 0.05) {
        p.slider.value = String(v);
      }
      p.slider.setAttribute("aria-valuetext", weight(v));
      this.showAdjuster(p);
      this.tint(p, v);
    });
  }

  set disabled(flag) {
    for (const p of this.params) {
      p.box.disabled = p.slider.disabled = flag;
      const a = p.block.adjust;
      a.slider.disabled = a.minus.disabled = a.plus.disabled = flag;
    }
  }

  destroy() { this.element.remove(); }
}
