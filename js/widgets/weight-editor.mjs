// Weight editor widget: every parameter of the page's `net` (chapter 3).
//   ::: widget weight-editor   options: net=NAME x=NAME (default net, x), presets=no
import { PythonLink } from "./network-view.mjs";
import { fmt, prettyName } from "./kit/network.mjs";
import { verdictText } from "./kit/pixel-grid.mjs";
import { LABELS, RANGE, WeightEditor, style } from "./kit/weight-editor.mjs";

export function mount(element, ctx) {
  style();
  const t = LABELS[ctx.lang] || LABELS.en;
  const options = element.dataset;
  const netName = options.net || "net";
  const root = document.createElement("div");
  root.className = "nbw-ct nbw-we";
  root.setAttribute("role", "group");
  root.setAttribute("aria-label", t.editor);

  const now = document.createElement("p");
  now.className = "nbw-we__now";
  now.textContent = t.waiting;
  const status = document.createElement("p");
  status.className = "nbw-ct__status";

  let seed = 0;
  let link;
  const note = document.createElement("p");
  note.className = "nbw-we__preset-note";
  if (options.presets !== "no") {
    const row = document.createElement("div");
    row.className = "nbw-we__presets";
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", t.presets);
    const label = document.createElement("span");
    label.textContent = `${t.presets}:`;
    label.setAttribute("aria-hidden", "true");
    row.append(label);
    const preset = (text, op, describe) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "nbw-ct__button";
      b.textContent = text;
      b.addEventListener("click", () => {
        const o = op();
        pendingNote = describe(o);
        link.send(o);
      });
      row.append(b);
    };
    preset(t.random, () => ({ preset: "random", seed: ++seed }), (o) => t.presetRandom(o.seed));
    preset(t.zero, () => ({ preset: "zero" }), () => t.presetZero);
    preset(t.trained, () => ({ preset: "trained" }), () => null);
    root.append(row, note);
  }
  // The outputs line sticks under the header while the reader scrolls through the 47 boxes;
  // it comes after the presets so that, stuck, it never covers their buttons.
  root.append(now, status);
  let pendingNote = undefined;
  let presetW = null; // the w the preset note describes

  let sizesKey = null;
  let editor = null;
  const holder = document.createElement("div");
  root.append(holder);
  element.append(root);

  const build = (sizes) => {
    editor?.destroy();
    editor = new WeightEditor(holder, {
      sizes,
      lang: ctx.lang,
      onEdit: (name, value) => {
        link.send({ params: { [name]: value } });
      },
      onFocus: (name) => document.dispatchEvent(new CustomEvent("nnbook:param-focus", { detail: { name, net: netName } })),
    });
    sizesKey = sizes.join("-");
  };

  link = new PythonLink(ctx, {
    net: netName,
    x: options.x || "x",
    onState(state, ops) {
      status.textContent = state.error || "";
      status.classList.toggle("nbw-ct__status--error", Boolean(state.error));
      if (state.sizes) {
        if (state.sizes.join("-") !== sizesKey) build(state.sizes);
        editor.values = state.w;
        editor.disabled = false;
      }
      if (state.z) {
        const parts = [];
        if (state.h.length === 2) parts.push(`h = (${state.h[0].map((v) => fmt(v, 2)).join(", ")})`);
        parts.push(`z = (${state.z.map((v) => fmt(v, 2)).join(", ")})`);
        now.textContent = `${t.now} ${parts.join(", ")}` +
          (state.verdict ? ` → ${verdictText(state.verdict, ctx.lang)}` : "");
      } else {
        now.textContent = t.now + " –";
      }
      if (pendingNote !== undefined && ops.some((o) => o.preset)) {
        note.textContent = state.trained ? t.presetTrained(fmt(state.trained.E, 4), state.trained.iterations)
          : (pendingNote || "");
        pendingNote = undefined;
        presetW = state.w ? state.w.join() : null;
      } else if (presetW !== null && (!state.w || state.w.join() !== presetW)) {
        note.textContent = ""; // the weights are no longer the preset's
        presetW = null;
      }
    },
    onError(message) {
      status.textContent = message;
      status.classList.add("nbw-ct__status--error");
    },
  });
  // The 47 boxes stand (empty, switched off) before Python answers, so the page does not
  // grow under the reader's pointer when the answer comes; another architecture rebuilds them.
  build([12, 3, 2]);
  editor.disabled = true;
  ctx.onChange(() => link.refresh());
  link.refresh();
  return { destroy() { link.destroy(); editor?.destroy(); } };
}
