// CodeMirror 6 (from npm): Python highlighting, line numbers, Shift+Enter and
// Ctrl+Enter run the cell. Tab is left to the browser (focus moves on), so
// the editor never traps a keyboard user; indentation uses the default keys.
import { EditorView, basicSetup } from "codemirror";
import { python } from "@codemirror/lang-python";
import { keymap, Decoration } from "@codemirror/view";
import { EditorState, Prec, StateEffect, StateField } from "@codemirror/state";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";

// The theme's own code colours (mkdocs-material's --md-code-hl-* variables),
// which keep WCAG contrast in light and dark schemes; CodeMirror's default
// comment and keyword colours do not.
const v = (name) => `var(--md-code-hl-${name}-color)`;
const themeColours = HighlightStyle.define([
  { tag: tags.keyword, color: v("keyword") },
  { tag: [tags.string, tags.special(tags.string)], color: v("string") },
  { tag: [tags.number, tags.bool, tags.null], color: v("number") },
  { tag: tags.comment, color: "var(--nb-code-comment)", fontStyle: "italic" },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: v("function") },
  { tag: [tags.definition(tags.variableName), tags.className], color: v("function") },
  { tag: [tags.operator, tags.punctuation], color: v("operator") },
  { tag: tags.self, color: v("constant") },
]);

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
        syntaxHighlighting(themeColours),
        EditorView.lineWrapping, // no sideways scrolling, on a phone either
        errorLine,
        // tabindex: a long cell scrolls inside its editor, and a scrollable region must be reachable
        // by keyboard (axe-core does not count contenteditable as focusable content)
        EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
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
