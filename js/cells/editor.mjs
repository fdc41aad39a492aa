// CodeMirror 6 (from npm): Python highlighting, line numbers, Shift+Enter and
// Ctrl+Enter run the cell. Tab is left to the browser (focus moves on), so
// the editor never traps a keyboard user; indentation uses the default keys.
import { EditorView, basicSetup } from "codemirror";
import { python } from "@codemirror/lang-python";
import { keymap, Decoration } from "@codemirror/view";
import { EditorState, Prec, StateEffect, StateField } from "@codemirror/state";

const setErrorLine = StateEffect.define();

// The line a traceback points at, marked until the reader edits the code.
const errorLine = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    if (tr.docChanged) return Decoration.none;
    for (const effect of tr.effects) {
      if (effect.is(setErrorLine)) {
        if (effect.value == null || effect.value > tr.state.doc.lines) return Decoration.none;
        const line = tr.state.doc.line(effect.value);
        return Decoration.set([Decoration.line({ class: "nb-error-line" }).range(line.from)]);
      }
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function createEditor({ parent, doc, label, onRun, onChange }) {
  const runKeys = Prec.highest(keymap.of([
    { key: "Shift-Enter", run: () => { onRun(); return true; } },
    { key: "Ctrl-Enter", run: () => { onRun(); return true; } },
    { key: "Mod-Enter", run: () => { onRun(); return true; } },
  ]));
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        runKeys,
        basicSetup,
        python(),
        errorLine,
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.updateListener.of((update) => { if (update.docChanged) onChange(view.state.doc.toString()); }),
      ],
    }),
  });
  return {
    view,
    get code() { return view.state.doc.toString(); },
    set code(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    markLine(line) { view.dispatch({ effects: setErrorLine.of(line) }); },
    destroy() { view.destroy(); },
  };
}
