"""One page's run at build time, inside Pyodide under Node (js/build/run-page.mjs).

The steps come from :func:`sitebuild.execute.plan`; each is run here with the
browser's ``cellrunner`` and ``nnbook``, in the runtime the reader's browser has
(Pyodide 0.27.7, NumPy 2.0.2 in WebAssembly), so the book shows what the reader's
Run computes, digit for digit. This module imports nothing of the build: Node
loads its source into Pyodide. :func:`format_value` is also the build's formatter of
values written into the prose.
"""

from __future__ import annotations

import builtins
import json
import re

MINUS = "\u2212"
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_value(value, spec: str = "", lang: str = "en", in_math: bool = False) -> str:
    """A value as the book's prose writes it: a true minus sign (in mathematics KaTeX
    makes one of "-"), ``1.2·10⁻⁵`` (in mathematics ``1.2 \\cdot 10^{-5}``) for an
    exponent, no negative zero. Both languages write numbers the same way (digits, a
    point, commas between thousands)."""
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        value = value.item()      # a NumPy scalar
    if spec:
        text = format(value, spec)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        text = str(value)
    elif isinstance(value, int):
        text = str(value)
    else:
        text = format(value, ".4g")
    exponent = re.fullmatch(r"(-?[\d.]+)e([+-]\d+)", text)
    if exponent:
        mantissa, power = exponent[1], int(exponent[2])
        if in_math:
            text = f"{mantissa} \\cdot 10^{{{power}}}"
        else:
            text = f"{mantissa}·10{str(power).translate(SUPERSCRIPT)}"
    if re.fullmatch(r"-0(\.0*)?%?", text):
        text = text[1:]
    if not isinstance(value, str) and not in_math:   # KaTeX sets "-" as a minus sign itself
        text = re.sub(r"-(?=[\d.])", MINUS, text)
    return text


class PageRun:
    """A page's steps, one by one, in one cellrunner session: what each showed."""

    def __init__(self, lang: str):
        import cellrunner
        import nnbook  # noqa: F401  (imported before the session, as the browser's worker does:
        import numpy   # noqa: F401   the session remembers the library as shipped)
        self.lang = lang
        self.events: list = []
        self.session = cellrunner.Session(lambda kind, data: self.events.append([kind, data]), lang)
        self.cells: dict = {}
        self.widgets: dict = {}
        self.values: dict = {}
        # A library's note that is about this machine, not the page (matplotlib's font cache).
        self.machine_notes = {words[lang] for words in cellrunner.KNOWN_NOTES.values()}

    def _shown(self) -> list:
        out = []
        for kind, data in self.events:
            if kind == "note" and data in self.machine_notes:
                continue
            if kind in ("stdout", "stderr") and out and out[-1][0] == kind:
                out[-1][1] += data
            else:
                out.append([kind, data])
        return out

    def _traceback(self) -> str:
        return "".join(d["traceback"] for k, d in self.events if k == "error") or \
            "".join(str(d) for _, d in self.events)

    def step(self, text: str) -> str:
        """Run one step (JSON); returns JSON: {} or {"error": "line N: …"}."""
        s = json.loads(text)
        self.events.clear()
        kind, line = s["kind"], s["line"]
        if kind in ("cell", "exercise"):
            result = self.session.run(s["code"], name=str(s["index"]), lang=self.lang)
            if kind == "exercise":
                if not result["ok"]:
                    return json.dumps({"error": f"line {line}: the exercise's starting code raised:\n"
                                                + self._traceback()})
                return "{}"
            if result["ok"] == s["expect_error"]:
                said = "expect=error, but it ran without one" if s["expect_error"] else \
                    "an error the page does not expect:\n" + self._traceback()
                return json.dumps({"error": f"line {line}: cell {s['index']}: {said}"})
            self.cells[str(s["index"])] = self._shown()
        elif kind == "widget":
            made = self.session.run(s["state"], name=f"widget {s['code']}", lang=self.lang)
            if not made["ok"]:
                return json.dumps({"error": f"line {line}: widget {s['code']}: its variables could not "
                                            f"be made:\n" + self._traceback()})
            self.events.clear()
            if s["show"]:
                self.session.run(s["show"], name=f"widget {s['code']}", lang=self.lang)
                self.widgets[str(s["index"])] = self._shown()
            self.session.namespace.pop("_", None)   # the notebook's display, not the page's
        else:
            import nnbook
            import numpy as np
            names = {"nnbook": nnbook, "np": np, "__builtins__": builtins, **self.session.namespace}
            try:
                value = eval(compile(s["code"], f"<{{py}} line {line}>", "eval"), names)
                self.values[str(s["index"])] = format_value(value, s["spec"], self.lang, s["in_math"])
            except Exception as exc:
                return json.dumps({"error": f"line {line}: {{py}}`{s['code']}` failed: "
                                            f"{type(exc).__name__}: {exc}"})
        return "{}"

    def result(self) -> str:
        return json.dumps({"cells": self.cells, "widgets": self.widgets, "values": self.values},
                          ensure_ascii=False, allow_nan=True)
