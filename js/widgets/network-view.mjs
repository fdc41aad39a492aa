// Network view widget: the page's `net` and `x` drawn by kit/network.mjs (chapter 3).
//   ::: widget network-view            (options: net=NAME x=NAME, default net, x)
import { ctStyle, drawNetwork, fmt, labelsFor, networkSize, prettyName } from "./kit/network.mjs";

const SVGNS = "http://www.w3.org/2000/svg";

// ---- talking to Python ----------------------------------------------------------

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class PythonLink {
  // module: the Python module whose apply(globals(), ops_json, *names, *extra)
  // answers (default chapter 3's nnbook.widgets.ct); names: the page
  // variables it works on (default [net, x]); extra: more JSON arguments.
  constructor(ctx, { net = "net", x = "x", names = null, module = "nnbook.widgets.ct", extra = [], onState, onError }) {
    names = names || [net, x];
    if (!names.every((n) => IDENT.test(n))) throw new Error(`bad variable name: ${names.join(", ")}`);
    if (!/^[A-Za-z_][\w.]*$/.test(module)) throw new Error(`bad module name: ${module}`);
    this.ctx = ctx;
    this.names = names;
    this.module = module;
    this.extra = extra;
    this.onState = onState;
    this.onError = onError;
    this.pending = [];
    this.wanted = false;
    this.busy = 0;          // evaluations in flight (two when a cell run flushed a change)
    this.dead = false;
    ctx.beforeCellRun?.(() => { if (this.pending.length) this.flush(true); });
  }

  /** Queue a change (merged with a queued change of the same kind). */
  send(op) {
    const last = this.pending[this.pending.length - 1];
    if (op.params && last?.params) Object.assign(last.params, op.params);
    else if (op.x && last?.x) last.x = op.x;
    else this.pending.push(structuredClone(op));
    this.flush();
  }

  refresh() {
    this.wanted = true;
    this.flush();
  }

  /** True while an answer is awaited or a change is queued. */
  get waiting() { return this.busy > 0 || this.pending.length > 0; }

  /** Send what is queued, when nothing is in flight (or at once, `now`, before a cell runs). */
  async flush(now = false) {
    if ((this.busy && !now) || this.dead || (!this.pending.length && !this.wanted)) return;
    const ops = this.pending;
    this.pending = [];
    this.wanted = false;
    this.busy++;
    const args = [JSON.stringify(ops), ...this.names, ...this.extra].map((a) => JSON.stringify(a)).join(", ");
    const code = `__import__(${JSON.stringify(this.module)}, fromlist=["apply"]).apply(globals(), ${args})`;
    let result;
    try {
      result = await this.ctx.evaluate(code);
    } catch (err) {
      result = { ok: false, error: String(err?.message || err) };
    }
    this.busy--;
    if (this.dead) return;
    if (ops.length) this.ctx.changed();
    // A newer change is queued or in flight: its answer will come; skip this stale one.
    if (!this.pending.length && !this.busy) {
      if (result.ok) this.onState(result.value, ops);
      else this.onError?.(result.error || result.message || "Python failed");
    }
    this.flush();
  }

  destroy() { this.dead = true; }
}


// ---- the widget ---------------------------------------------------------------------

function summary(state, t) {
  const parts = [];
  const L = state.sizes.length - 1;
  if (state.h) {
    state.h.forEach((layer, l) => {
      const letter = l === L - 1 ? "z" : "h";
      parts.push(`${letter} = (${layer.map((v) => fmt(v, 2)).join(", ")})`);
    });
  }
  let text = parts.length ? t.summaryValues(parts) : "";
  if (state.verdict) text += t.verdict(state.verdict === "neither" ? t.neither : state.verdict);
  const weights = state.w.filter((_, i) => state.is_weight[i]);
  const wNames = state.names.filter((_, i) => state.is_weight[i]);
  let big = 0;
  weights.forEach((v, i) => { if (Math.abs(v) > Math.abs(weights[big])) big = i; });
  const count = (f) => weights.filter(f).length;
  text += t.weights(count((v) => v > 0), count((v) => v < 0), count((v) => v === 0),
    `${prettyName(wNames[big])} = ${fmt(weights[big], 2)}`);
  return text.trim();
}

export function mount(element, ctx) {
  ctStyle();
  const t = labelsFor(ctx.lang);
  const root = document.createElement("div");
  root.className = "nbw-ct nbw-net";
  // Until Python answers, the diagram's place is kept (12-3-2, the usual case) and the
  // summary line says so: nothing below moves when the drawing arrives.
  const svg = document.createElementNS(SVGNS, "svg");
  svg.classList.add("nbw-net__svg");
  svg.setAttribute("viewBox", `0 0 ${networkSize([12, 3, 2]).join(" ")}`);
  svg.setAttribute("aria-hidden", "true");
  const status = document.createElement("p");
  status.className = "nbw-ct__status";
  const text = document.createElement("p");
  text.className = "nbw-net__summary";
  text.textContent = t.waiting;
  root.append(svg, status, text);
  element.append(root);

  let last = null;
  let highlight = null;
  const draw = () => {
    if (!last || !last.sizes) return;
    const values = last.x ? [last.x, ...last.h] : null;
    const verdict = last.verdict ? (last.verdict === "neither" ? t.neither : last.verdict) : null;
    drawNetwork(svg, { sizes: last.sizes, weights: last.w, values, highlight, verdict, lang: ctx.lang });
  };
  const link = new PythonLink(ctx, {
    net: element.dataset.net || "net",
    x: element.dataset.x || "x",
    onState(state) {
      last = state;
      status.textContent = state.error || "";
      status.classList.toggle("nbw-ct__status--error", Boolean(state.error));
      if (!state.sizes) return;
      draw();
      text.textContent = summary(state, t);
    },
    onError(message) {
      status.textContent = message;
      status.classList.add("nbw-ct__status--error");
    },
  });
  const onFocus = (ev) => {
    if (ev.detail?.net && ev.detail.net !== link.names[0]) return;
    highlight = ev.detail?.name || null;
    draw();
  };
  document.addEventListener("nnbook:param-focus", onFocus);
  ctx.onChange(() => link.refresh());
  link.refresh();
  return {
    destroy() {
      link.destroy();
      document.removeEventListener("nnbook:param-focus", onFocus);
    },
  };
}
