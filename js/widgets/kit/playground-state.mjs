// The playground's state in a link: #s=<base64url of its JSON, no padding>, the weights rounded to
// 6 significant digits, and an image as one integer. Pure functions, no DOM (node-tested). The
// format and its checks are Python's alone (nnbook.widgets.playground: decode, parse_json), which
// reads every link and file the page is given and says in words what is wrong.

/** An image as one integer 0 … 4095: x1 the highest bit. */
export const numberOf = (pixels) => pixels.reduce((n, v) => 2 * n + (v >= 0.5 ? 1 : 0), 0);
/** The 12 pixels (0/1) of an image's integer. */
export const pixelsOf = (n) => Array.from({ length: 12 }, (_, i) => (n >> (11 - i)) & 1);

const rounded = (v, digits) => (v === 0 ? 0 : Number(v.toPrecision(digits)));

/** A link's payload: base64url (no padding) of the state's JSON, w rounded to `digits` (null: exact). */
export function encodeState(state, digits = 6) {
  const s = { ...state, w: state.w && (digits ? state.w.map((v) => rounded(v, digits)) : state.w.slice()) };
  const bytes = new TextEncoder().encode(JSON.stringify(s));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The payload of an address's hash "#s=…", or null when the hash holds no state. */
export function linkPayload(hash) {
  return typeof hash === "string" && hash.startsWith("#s=") ? hash.slice(3) : null;
}
