// The JavaScript side of nnbook.widgets.network_state: a widget's changes to the page's
// `net` and `x` (and the backprop stepper's `t`) are lists like
//   [{x: [12 numbers]}, {pixel: 5, value: 1}, {params: {w_11: 0.5}}, {preset: "zero"}]
// carried out in order by Python. While Python is busy, the changes a reader makes
// wait, merged into one list by mergeChanges (the `merge` of ctx.link). Pure, no DOM.

/**
 * `older` then `newer` as one list: a parameter change next to a parameter change
 * becomes one (later values win), an image next to an image the later image;
 * anything else is kept, in order (three pixel clicks are three changes).
 */
export function mergeChanges(older = [], newer = []) {
  const out = older.map((change) => ({ ...change }));
  for (const change of newer) {
    const last = out[out.length - 1];
    if (change.params && last?.params) last.params = { ...last.params, ...change.params };
    else if (change.x && last?.x) last.x = change.x;
    else out.push({ ...change });
  }
  return out;
}

/**
 * ctx.link for a widget over the shared `net`/`x`: its Python half's sync(ns, changes,
 * **names, lang, first) is called, with `changes` when there are any (merged by
 * mergeChanges) and first=true while isFirst() (until the first answer has come).
 */
export function networkLink(ctx, { names, isFirst = () => false, onAnswer, onError }) {
  return ctx.link({
    fn: "sync",
    args: (changes) => ({ ...(changes ? { changes } : {}), ...names, lang: ctx.lang, ...(isFirst() ? { first: true } : {}) }),
    merge: mergeChanges,
    onAnswer,
    onError,
  });
}
