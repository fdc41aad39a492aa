// Weight editor widget (chapter 3): every parameter of the page's `net` (kit/weight-editor.mjs),
// presets random / zero / trained, and a line with what the network makes of `x`;
// Python half nnbook.widgets.weight_editor.
//   ::: widget weight-editor   options: net=NAME x=NAME (default net, x), presets=no
// Presets: random (Network(seed=n)'s initial weights, n = 1, 2, … per click), zero, and
// trained (Network(seed=0) trained on the slides' nine images; how: data-defaults'
// "training", nnbook.LECTURE_RUN). Focusing a parameter sends the
// document event "nnbook:param-focus" {detail: {name, net}} (name null on leaving),
// which network-view uses to highlight that edge.
import { fixed } from "./kit/format.mjs";
import { networkLink } from "./kit/network-state.mjs";
import { WeightEditor } from "./kit/weight-editor.mjs";
import LABELS from "./weight-editor.labels.json" with { type: "json" };

export { LABELS };

export function mount(element, ctx) {
  const t = ctx.t;
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
        link.send([o]);
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

  const build = (sizes, names) => {
    editor?.destroy();
    editor = new WeightEditor(holder, {
      sizes,
      names,
      lang: ctx.lang,
      onEdit: (name, value) => {
        link.send([{ params: { [name]: value } }]);
      },
      onFocus: (name) => document.dispatchEvent(new CustomEvent("nnbook:param-focus", { detail: { name, net: netName } })),
    });
    sizesKey = sizes.join("-");
  };

  const { sizes, names, training } = JSON.parse(element.dataset.defaults);   // rendered by the build
  const showError = (message) => {
    status.textContent = message || "";
    status.classList.toggle("nbw-ct__status--error", Boolean(message));
  };
  link = networkLink(ctx, {
    names: { net: netName, x: options.x || "x" },
    onAnswer(state, changes) {
      showError(state.error);
      if (state.sizes) {
        if (state.sizes.join("-") !== sizesKey) build(state.sizes, state.names);
        editor.values = state.w;
        editor.disabled = false;
      }
      if (state.z) {
        const parts = [];
        if (state.h.length === 2) parts.push(`h = (${state.h[0].map((v) => fixed(v, 2)).join(", ")})`);
        parts.push(`z = (${state.z.map((v) => fixed(v, 2)).join(", ")})`);
        now.textContent = `${t.now} ${parts.join(", ")}` + (state.verdict ? ` → ${state.verdict}` : "");
      } else {
        now.textContent = `${t.now} ${fixed(null)}`;
      }
      if (pendingNote !== undefined && changes?.some((o) => o.preset)) {
        note.textContent = state.trained
          ? t.presetTrained(fixed(state.trained.E, 4), state.trained.iterations, training.lr, training.seed)
          : (pendingNote || "");
        pendingNote = undefined;
        presetW = state.w ? state.w.join() : null;
      } else if (presetW !== null && (!state.w || state.w.join() !== presetW)) {
        note.textContent = ""; // the weights are no longer the preset's
        presetW = null;
      }
    },
    onError: showError,
  });
  // The 47 boxes stand (empty, switched off) before Python answers, so the page does not
  // grow under the reader's pointer when the answer comes; another architecture rebuilds them.
  build(sizes, names);
  editor.disabled = true;
  ctx.onChange(() => link.refresh());
  link.refresh();
  return { destroy() { link.destroy(); editor?.destroy(); } };
}
