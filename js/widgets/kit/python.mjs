// The one way a widget talks to its Python half (py/nnbook/widgets/NAME.py).
// A widget sends data, never source: ctx.call(fn, args) runs
// nnbook.widgets.NAME.fn(namespace, **args) in the page's session (shared
// with the cells) and resolves with {ok: true, value} or {ok: false, error}.
//
// Most widgets keep a PythonLink, made by ctx.link({...}), which holds the
// rules every widget needs in one place:
//   - one call in flight; changes made meanwhile wait, merged into one;
//   - an answer overtaken by a newer call is dropped (its changes are done);
//   - before a cell is queued, waiting changes are sent at once, so the cell
//     runs after them and sees what the reader set;
//   - after a call that carried changes, the other widgets are told;
//   - a call with no change (a first answer, a refresh) lets a reader's Run
//     queued after it go first; a change never does.
//
//   const link = ctx.link({
//     fn: "sync",                                  // the entry point
//     args: (change) => ({ change, lang: ctx.lang }),  // a call's arguments, built when it is sent
//     merge: (older, newer) => ({ ...older, ...newer }),  // two waiting changes as one (this is the default)
//     onAnswer(value, change) { … },               // the newest answer
//     onError(message, result) { … },             // result.cancelled: Python restarted
//     onOvertaken(value, change) { … },            // (optional) an answer a newer call
//   });                                            //   overtook: drawn as it passes, say
//   link.send(change)   // a change from the reader
//   link.refresh()      // ask again, no change (after a cell ran, say)
//   link.waiting        // true while an answer or a change is outstanding

const mergeObjects = (older, newer) => ({ ...older, ...newer });

export class PythonLink {
  constructor(ctx, { fn, args = (change) => ({ change }), merge = mergeObjects, onAnswer, onError = () => {},
    onOvertaken = () => {} }) {
    this.ctx = ctx;
    this.fn = fn;
    this.args = args;
    this.merge = merge;
    this.onAnswer = onAnswer;
    this.onError = onError;
    this.onOvertaken = onOvertaken;
    this.pending = undefined;   // the waiting change (merged), if any
    this.wanted = false;        // an answer is wanted with no change
    this.sent = 0;              // calls sent, to tell the newest answer
    this.inFlight = 0;
    this.dead = false;
    ctx.beforeCellRun(() => { if (this.pending !== undefined) this.flush(true); });
  }

  /** Queue a change from the reader (merged with one that waits) and send it when Python is free. */
  send(change) {
    this.pending = this.pending === undefined ? change : this.merge(this.pending, change);
    this.flush();
  }

  /** Ask for a fresh answer, with no change. */
  refresh() {
    this.wanted = true;
    this.flush();
  }

  get waiting() { return this.inFlight > 0 || this.pending !== undefined || this.wanted; }

  /** Send what waits, when nothing is in flight (or at once, `now`, before a cell runs). */
  async flush(now = false) {
    if (this.dead || (this.inFlight && !now) || (this.pending === undefined && !this.wanted)) return;
    const change = this.pending;
    this.pending = undefined;
    this.wanted = false;
    const number = ++this.sent;
    this.inFlight++;
    let result;
    try {
      // A call without a change only asks: a reader's Run may go before it (host.mjs).
      result = await this.ctx.call(this.fn, this.args(change), { yields: change === undefined });
    } catch (err) {
      result = { ok: false, error: String(err?.message || err) };
    }
    this.inFlight--;
    if (this.dead) return;
    if (change !== undefined) this.ctx.changed();
    const newest = number === this.sent && this.pending === undefined;
    if (newest) {
      if (result?.ok) this.onAnswer(result.value, change);
      else this.onError(messageOf(result), result);
    } else if (result?.ok) {
      this.onOvertaken(result.value, change);
    }
    this.flush();
  }

  destroy() { this.dead = true; }
}

const PROBLEM = /^(?:[\w.]+\.)?WidgetProblem: /;

/**
 * What a failed call says, in words (never "undefined"): a WidgetProblem's message as
 * it is (written for the reader); the runtime's failures carry `error` (host.mjs), and
 * say when Python was restarted and the variables lost.
 */
export function messageOf(result) {
  if (!result) return "no answer from Python";
  const text = String(result.error || (result.cancelled ? "the call was cancelled" : "Python failed"));
  const last = text.trimEnd().split("\n").pop();
  const message = PROBLEM.test(last) ? last.replace(PROBLEM, "") : text;
  return result.restarted ? `${message} (Python was restarted: the variables from earlier cells were lost)` : message;
}

/**
 * What a widget shows of a failed call: the traceback's last line, without
 * the class name when it is a WidgetProblem (its message is written for the
 * reader, in the page's language); other errors keep theirs ("TypeError: …").
 */
export function problemText(message) {
  const lines = String(message ?? "").trim().split("\n");
  return lines[lines.length - 1].replace(PROBLEM, "");
}
