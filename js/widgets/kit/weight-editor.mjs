// Component (registers nothing): the weight editor's controls, no Python; used by the
// weight-editor widget and the playground. Styles: weight-editor.css.
//
// Every parameter of a network, grouped as on the slides — w_1, w_2 (output units),
// then w_1ᴴ, w_2ᴴ, w_3ᴴ (hidden units); each block its weights, then its threshold θ.
// Each parameter has a number box (type a value) and a slider (drag, or the arrow
// keys: ±0.1; Page Up/Down: larger steps), named by its nnbook name ("w_52^H",
// "w_12,3^H", "theta_1"; the slider "w_52^H slider"). A hidden unit's twelve weights
// are laid out like the 4×3 image, so its pattern shows.
//
//   new WeightEditor(parent, {sizes, lang, onEdit(name, value), onFocus(name|null), range})
//       editor.values = flat w (slides' order) updates the controls (a box the reader
//       is typing in is left alone); editor.disabled = true|false; editor.element;
//       editor.destroy().
import { fixed } from "./format.mjs";
import { labelsFor } from "./labels.mjs";
import { paramGroups, prettyName } from "./network.mjs";
import LABELS from "./weight-editor.labels.json" with { type: "json" };

export const RANGE = 10;

export class WeightEditor {
  constructor(parent, { sizes = [12, 3, 2], lang = "en", onEdit = () => {}, onFocus = () => {}, range = RANGE } = {}) {
    const t = labelsFor(lang, LABELS);
    this.t = t;
    this.onEdit = onEdit;
    this.range = range;
    this.element = document.createElement("div");
    this.element.className = "nbw-we__groups";
    this.params = []; // in the order of w: {name, box, slider, cell, editing}
    const L = sizes.length - 1;
    const uid = WeightEditor.count = (WeightEditor.count || 0) + 1;
    for (const group of paramGroups(sizes)) {
      const details = document.createElement("details");
      details.className = "nbw-we__group";
      details.open = true;
      details.dataset.group = group.names[0];
      const summary = document.createElement("summary");
      const sup = group.superscript ? `^${group.superscript}` : "";
      summary.append(document.createTextNode(`${prettyName(`w_${group.unit}${sup}`)} `));
      const what = document.createElement("span");
      what.textContent = group.layer === L ? t.output(group.unit)
        : L === 2 ? t.hidden(group.unit) : t.hiddenDeep(group.layer, group.unit);
      summary.append(what);
      details.append(summary);
      const body = document.createElement("div");
      body.className = "nbw-we__body";
      body.setAttribute("role", "group");
      body.setAttribute("aria-label", prettyName(`w_${group.unit}${sup}`));
      const weights = document.createElement("div");
      weights.className = "nbw-we__weights";
      const imageLayout = group.layer === 1 && group.nIn === 12;
      weights.style.setProperty("--nbw-cols", imageLayout ? 3 : Math.min(group.nIn, 3));
      const theta = document.createElement("div");
      theta.className = "nbw-we__theta";
      body.append(weights, theta);
      details.append(body);
      group.names.forEach((name, i) => {
        const isTheta = i === group.nIn;
        const hint = isTheta ? t.threshold : group.layer === 1 ? `x${i + 1}` : `h${i + 1}`;
        (isTheta ? theta : weights).append(this.control(name, hint, `nbw-we-${uid}-${group.offset + i}`, onFocus));
      });
      this.element.append(details);
    }
    parent.append(this.element);
  }

  control(name, hint, id, onFocus) {
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
    const slider = document.createElement("input");
    slider.type = "range";
    slider.min = String(-this.range);
    slider.max = String(this.range);
    slider.step = "0.1";
    slider.setAttribute("aria-label", this.t.slider(name));
    const p = { name, box, slider, cell, editing: false, value: 0 };
    box.addEventListener("input", () => {
      p.editing = true;
      const v = box.valueAsNumber;
      if (Number.isFinite(v)) this.edit(p, v, box);
    });
    box.addEventListener("change", () => {
      p.editing = false;
      const v = box.valueAsNumber;
      if (Number.isFinite(v)) this.edit(p, v, box);
      else box.value = String(p.value);
    });
    box.addEventListener("blur", () => { p.editing = false; });
    slider.addEventListener("input", () => this.edit(p, slider.valueAsNumber, slider));
    cell.addEventListener("focusin", () => onFocus(name));
    cell.addEventListener("focusout", (ev) => { if (!cell.contains(ev.relatedTarget)) onFocus(null); });
    cell.append(label, box, slider);
    this.params.push(p);
    return cell;
  }

  edit(p, v, source) {
    p.value = v;
    if (source !== p.slider) p.slider.value = String(v);
    if (source !== p.box) p.box.value = String(v);
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
        p.box.value = String(Math.round(v * 1e4) / 1e4);
      }
      if (document.activeElement !== p.slider || Math.abs(p.slider.valueAsNumber - v) > 0.05) {
        p.slider.value = String(v);
      }
      p.slider.setAttribute("aria-valuetext", fixed(v, 2));
      this.tint(p, v);
    });
  }

  set disabled(flag) {
    for (const p of this.params) p.box.disabled = p.slider.disabled = flag;
  }

  destroy() { this.element.remove(); }
}
