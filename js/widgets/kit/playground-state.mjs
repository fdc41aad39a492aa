// The playground's state in the page: checked field by field and carried in a
// link as #s=<base64url of its JSON, no padding> (the weights rounded to 6
// significant digits). Pure functions, no DOM (tested with node --test).
// The format is nnbook.widgets.playground's (module doc); the rules it is
// checked with (limits, the settings' schema, labels, version) are Python's,
// sent by its start() before any link is read, so no list or limit is copied
// here; the settings are checked by the kit's one rule (settings-form.mjs).
//
// A refusal is a StateError whose `key` names the rule broken and `args` its
// numbers; the widget puts it in words (t.why[key] of its playground.labels.json).

import { settingProblem } from "./settings-form.mjs";

export class StateError extends Error {
  constructor(key, ...args) {
    super(key);
    this.key = key;
    this.args = args;
  }
}

const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const isInt = (v) => typeof v === "number" && Number.isInteger(v);
const isNumber = (v) => typeof v === "number" && Number.isFinite(v);

/** Parameters of the 12-hidden-2 network: 13·hidden + (hidden + 1)·2. */
export const nParams = (hidden) => 13 * hidden + (hidden + 1) * 2;
/** An image as one integer 0 … 4095: x1 the highest bit. */
export const numberOf = (pixels) => pixels.reduce((n, v) => 2 * n + (v >= 0.5 ? 1 : 0), 0);
/** The 12 pixels (0/1) of an image's integer. */
export const pixelsOf = (n) => Array.from({ length: 12 }, (_, i) => (n >> (11 - i)) & 1);

function checkSettings(s, schema) {
  const out = {};
  for (const rule of schema) {
    if (!has(s, rule.key)) throw new StateError("missing", rule.key);
    const problem = settingProblem(rule, s[rule.key]);
    if (problem) throw new StateError(problem[0], rule.key, ...problem.slice(1));
    out[rule.key] = s[rule.key];
  }
  return out;
}

/** A state (any JSON value) checked with Python's `rules`; a fresh canonical copy, or a StateError. */
export function checkState(value, rules) {
  const { limits, labels, version, schema } = rules;
  const KEYS = ["v", "images", ...schema.map((rule) => rule.key), "w", "x"];
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new StateError("object");
  for (const key of Object.keys(value)) if (!KEYS.includes(key)) throw new StateError("unknown", JSON.stringify(key.slice(0, 40)));
  for (const key of KEYS) if (!has(value, key)) throw new StateError("missing", key);
  if (value.v !== version) throw new StateError("version", version);
  const images = value.images;
  if (!Array.isArray(images) || images.length > limits.images) throw new StateError("images", limits.images);
  const clean = images.map((item, i) => {
    if (!Array.isArray(item) || item.length !== 2 || !isInt(item[0]) || item[0] < 0 || item[0] > 4095
      || typeof item[1] !== "string" || !labels.includes(item[1])) {
      throw new StateError("image", i + 1);
    }
    return [item[0], item[1]];
  });
  const out = { v: version, images: clean, ...checkSettings(value, schema) };
  let w = value.w;
  if (w !== null) {
    const n = nParams(out.hidden);
    if (!Array.isArray(w) || w.length !== n || !w.every((v) => isNumber(v) && Math.abs(v) <= limits.absW)) {
      throw new StateError("w", n, out.hidden, limits.absW);
    }
    w = w.slice();
  }
  out.w = w;
  if (!isInt(value.x) || value.x < 0 || value.x > 4095) throw new StateError("x");
  out.x = value.x;
  return out;
}

/** JSON text (an exported file, a paste) → checked state. */
export function parseState(text, rules) {
  if (typeof text !== "string" || text.length > rules.limits.file) throw new StateError("long", rules.limits.file);
  let value;
  try { value = JSON.parse(text); } catch { throw new StateError("json"); }
  return checkState(value, rules);
}

const rounded = (v, digits) => (v === 0 ? 0 : Number(v.toPrecision(digits)));

/** A link's payload: base64url (no padding) of the state's JSON, w rounded to `digits` (null: exact). */
export function encodeState(state, digits = 6) {
  const s = { ...state, w: state.w && (digits ? state.w.map((v) => rounded(v, digits)) : state.w.slice()) };
  const bytes = new TextEncoder().encode(JSON.stringify(s));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A link's payload (what follows "#s=") → checked state; throws StateError. */
export function decodeLink(text, rules) {
  if (text.length > rules.limits.link) throw new StateError("long", rules.limits.link);
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new StateError("base64");
  let binary;
  try {
    binary = atob(text.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (text.length % 4)) % 4));
  } catch { throw new StateError("base64"); }
  let json;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch { throw new StateError("utf8"); }
  return parseState(json, rules);
}

/** The payload of an address's hash "#s=…", or null when the hash holds no state. */
export function linkPayload(hash) {
  return typeof hash === "string" && hash.startsWith("#s=") ? hash.slice(3) : null;
}
