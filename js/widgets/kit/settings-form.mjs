// The one settings form of the training widgets (trainer, playground): one control per rule of
// nnbook's settings schema (py/nnbook/widgets/training_run.py SCHEMA: kind, choices or limits,
// default, label key), the same parsing and the same words for a value that breaks a rule.
//
//   const form = new SettingsForm(ctx.lang, { schema, keys, only: { method: [...] }, onChange(key, value) });
//   parent.append(form.element);   form.show(settings);   form.controls[key]
//
// A menu's names are the labels' (settings-form.labels.json); a name with no words shows as
// itself. A number is sent once it keeps its rule; else the field says why and nothing is sent.
// The pure rules (settingProblem, parseSetting) are node-tested (tests/js/settings-form.test.mjs).
import { el } from "./dom.mjs";
import { labelsFor } from "./labels.mjs";
import { parseNumber, significant } from "./format.mjs";
import LABELS from "./settings-form.labels.json" with { type: "json" };

const SLIDER_SPAN = 50;   // a whole number with at most this many values is a slider (hidden units)

/** null if `value` keeps its rule, else why not: ["choice", choices] or [kind, min, max]. */
export function settingProblem(rule, value) {
  if (rule.kind === "choice") return typeof value === "string" && rule.choices.includes(value) ? null : ["choice", rule.choices];
  const ok = typeof value === "number" && Number.isFinite(value) && value >= rule.min && value <= rule.max
    && (rule.kind !== "int" || Number.isInteger(value));
  return ok ? null : [rule.kind, rule.min, rule.max];
}

/** A control's text as the setting's value: { value } or { problem } (settingProblem's). */
export function parseSetting(rule, text) {
  const value = rule.kind === "choice" ? text : parseNumber(text);
  const problem = settingProblem(rule, value);
  return problem ? { problem } : { value };
}

let uid = 0;

export class SettingsForm {
  constructor(lang, { schema, keys = null, only = {}, onChange }) {
    this.t = labelsFor(lang, LABELS);
    this.id = `nbw-sf-${++uid}`;
    this.rules = schema.filter((rule) => !keys || keys.includes(rule.key));
    this.onChange = onChange;
    this.controls = {};
    this.fields = el("div", { class: "nbw-sf__fields" });
    for (const rule of this.rules) this._add(rule, only[rule.key]);
    this.armijoNote = el("p", { class: "nbw-sf__note" });
    this.error = el("p", { class: "nbw-sf__error", "aria-live": "polite", id: `${this.id}-error` });
    this.element = el("div", { class: "nbw-sf" }, this.fields, this.armijoNote, this.error);
  }

  _add(rule, only) {
    const label = this.t[rule.label] ?? rule.key;
    let control;
    if (rule.kind === "choice") {
      const names = this.t[rule.names] || {};
      const choices = only ? rule.choices.filter((c) => only.includes(c)) : rule.choices;
      control = el("select", { "data-setting": rule.key },
        ...choices.map((c) => el("option", { value: c, text: names[c] || c })));
    } else if (rule.kind === "int" && rule.max - rule.min <= SLIDER_SPAN) {
      control = el("input", { type: "range", min: String(rule.min), max: String(rule.max), step: "1", "data-setting": rule.key });
    } else {
      control = el("input", { type: "number", step: rule.kind === "int" ? "1" : "any", min: String(rule.min),
        inputmode: rule.kind === "int" ? "numeric" : "decimal", "data-setting": rule.key,
        "aria-describedby": `${this.id}-error` });
    }
    control.id = `${this.id}-${rule.key}`;
    const field = el("div", { class: "nbw-sf__field" }, el("label", { for: control.id, text: label }), control);
    const shown = control.type === "range" ? el("output", { for: control.id }) : null;
    if (shown) field.append(el("div", { class: "nbw-sf__range" }, control, shown));
    this.fields.append(field);
    this.controls[rule.key] = { rule, element: control, shown, label };
    const apply = () => this._apply(rule.key);
    control.addEventListener(rule.kind === "choice" ? "change" : "input", apply);
    if (rule.kind !== "choice") control.addEventListener("change", apply);
  }

  /** Another control beside the settings (the trainer's speed), labelled like them. */
  addField(labelText, control, key) {
    control.id = `${this.id}-${key}`;
    this.fields.append(el("div", { class: "nbw-sf__field" }, el("label", { for: control.id, text: labelText }), control));
  }

  _apply(key) {
    const c = this.controls[key];
    if (c.shown) c.shown.textContent = c.element.value;
    const { value, problem } = parseSetting(c.rule, c.element.value);
    c.element.setAttribute("aria-invalid", String(Boolean(problem)));
    if (problem) {
      this._say(key, `${c.label}: ${this._why(problem)}`);
      return;
    }
    if (this.error.dataset.key === key) this._say(key, "");
    if (value !== this.shown?.[key]) this.onChange(key, value);
  }

  _why([kind, min, max]) {
    const n = (v) => significant(v, 3);
    return kind === "int" ? this.t.invalidInt(n(min), n(max)) : this.t.invalidNumber(n(min), n(max));
  }

  _say(key, text) {
    this.error.textContent = text;
    this.error.dataset.key = key;
  }

  /** Show `settings` (never over what the reader is typing); a value no menu has is added to it. */
  show(settings) {
    this.shown = { ...settings };
    for (const [key, c] of Object.entries(this.controls)) {
      const v = settings[key];
      if (v === undefined) continue;
      if (c.rule.kind === "choice" && ![...c.element.options].some((o) => o.value === String(v))) {
        c.element.append(el("option", { value: v, text: (this.t[c.rule.names] || {})[v] || String(v) }));
      }
      if (c.rule.kind !== "choice" && document.activeElement === c.element && c.element.type === "number") continue;
      c.element.value = String(v);
      if (c.shown) c.shown.textContent = String(v);
      c.element.setAttribute("aria-invalid", "false");
      if (this.error.dataset.key === key) this._say(key, "");
    }
    const armijo = settings.method === "armijo";
    if (this.controls.lr) this.controls.lr.element.disabled = armijo;
    const note = armijo ? this.t.armijoNote : "";
    if (this.armijoNote.textContent !== note) this.armijoNote.textContent = note;
  }
}
