"""The Python half of the textbook's code cells.

The browser's worker (``js/runtime/worker.js``) creates one :class:`Session`
per page and calls :meth:`Session.run` for each cell. Everything a cell
shows goes through one callback, ``emit(kind, payload)``:

* ``("stdout" | "stderr", text)``: printed text, sent in batches while the
  cell runs (at most every ``FLUSH_SECONDS``), and capped at ``OUTPUT_LIMIT``
  characters per run with one note saying how much was left out;
* ``("display", {mime: data})``: rich output: the value of the last
  expression, ``display(obj)``, and matplotlib figures (PNG);
* ``("error", {"traceback": text, "line": n})``: an exception, its traceback
  trimmed to the reader's own code.

Nothing here needs the browser: the unit tests run it in CPython.
"""

from __future__ import annotations

import ast
import importlib
import base64
import builtins
import io
import json
import linecache
import re
import sys
import time
import traceback

OUTPUT_LIMIT = 50_000      # characters of stdout + stderr shown per run
FLUSH_SECONDS = 0.05       # at most 20 batches a second reach the page
CELL_PREFIX = "<cell "


class InputNotSupported(RuntimeError):
    """input() in a cell: there is no prompt to answer it."""


InputNotSupported.__module__ = "builtins"  # shown as a plain name in tracebacks


def _no_input(prompt=""):
    raise InputNotSupported(
        "input() is not supported in the textbook's cells: there is no keyboard "
        "prompt in the browser. Put the value in the code instead, e.g. n = 5.")


class _Output(io.TextIOBase):
    """A stream that batches text for the page and enforces the output cap."""

    def __init__(self, name: str, run: "_Run"):
        self.name = name
        self._run = run

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._run.write(self.name, text)
        return len(text)

    def flush(self):
        self._run.flush()


class _Run:
    """Book-keeping for one cell run: buffers, the cap, the flush clock."""

    def __init__(self, emit):
        self.emit = emit
        self.shown = 0
        self.hidden = 0
        self.buffer: list[tuple[str, str]] = []
        self.last_flush = time.monotonic()

    def write(self, name, text):
        if self.shown >= OUTPUT_LIMIT:
            self.hidden += len(text)
            return
        room = OUTPUT_LIMIT - self.shown
        if len(text) > room:
            self.hidden += len(text) - room
            text = text[:room]
        self.shown += len(text)
        if self.buffer and self.buffer[-1][0] == name:
            self.buffer[-1] = (name, self.buffer[-1][1] + text)
        else:
            self.buffer.append((name, text))
        now = time.monotonic()
        if now - self.last_flush >= FLUSH_SECONDS:
            self.flush(now)

    def flush(self, now=None):
        buffer, self.buffer = self.buffer, []
        for name, text in buffer:
            self.emit(name, text)
        self.last_flush = now if now is not None else time.monotonic()

    def finish(self):
        self.flush()
        if self.hidden:
            self.emit("note", f"Output truncated: only the first {OUTPUT_LIMIT:,} characters "
                              f"are shown; {self.hidden:,} more were left out.")


def _to_json(value):
    """JSON for what widgets ask of NumPy: arrays, scalars; NaN/inf as None."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def mime_bundle(value) -> dict:
    """The richest representations of ``value`` the page can show."""
    bundle = {}
    for method, mime in (("_repr_svg_", "image/svg+xml"), ("_repr_png_", "image/png"),
                         ("_repr_html_", "text/html")):
        fn = getattr(value, method, None)
        if fn is None or isinstance(value, type):
            continue
        try:
            data = fn()
        except Exception:  # a broken repr must not break the cell
            continue
        if data is None:
            continue
        if mime == "image/png" and isinstance(data, bytes):
            data = base64.b64encode(data).decode()
        bundle[mime] = data
    bundle["text/plain"] = repr(value)
    return bundle


_active_session: "Session | None" = None


def show_figures():
    """``plt.show()`` in a cell: every open figure goes under the cell now."""
    session = _active_session
    if session is not None:
        session._current_flush()
        _figures_to_png(session.emit)


def _figures_to_png(emit):
    """Show and close every open matplotlib figure (cells draw with plt)."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return
    for number in plt.get_fignums():
        figure = plt.figure(number)
        buf = io.BytesIO()
        figure.savefig(buf, format="png", dpi=96, bbox_inches="tight")
        emit("display", {"image/png": base64.b64encode(buf.getvalue()).decode(),
                         "text/plain": f"<Figure {number}>"})
    plt.close("all")


def _trimmed_traceback(exc: BaseException) -> tuple[str, int | None]:
    """The traceback from the reader's first frame on; the cell line it points at."""
    tb = exc.__traceback__
    while tb is not None and not tb.tb_frame.f_code.co_filename.startswith(CELL_PREFIX):
        tb = tb.tb_next
    line = None
    if isinstance(exc, SyntaxError) and (exc.filename or "").startswith(CELL_PREFIX):
        line = exc.lineno
        text = "".join(traceback.format_exception_only(type(exc), exc))
        return text, line
    # The runner's own frames (input() refused, output streams) are noise.
    frames = [f for f in (traceback.extract_tb(tb) if tb is not None else [])
              if f.filename != __file__]
    for frame in frames:
        if frame.filename.startswith(CELL_PREFIX):
            line = frame.lineno
    text = "".join(["Traceback (most recent call last):\n"] if frames else [])
    text += "".join(traceback.format_list(frames))
    text += "".join(traceback.format_exception_only(type(exc), exc))
    if _is_too_big(exc):
        text += MEMORY_NOTE
    return text, line


MEMORY_NOTE = ("\nNote: Python here runs in your browser, in WebAssembly, which can address "
               "at most 4 GB (and NumPy arrays at most 2**31 elements). Use smaller arrays.\n")


def _is_too_big(exc: BaseException) -> bool:
    return isinstance(exc, MemoryError) or (
        isinstance(exc, ValueError) and any(
        m in str(exc) for m in ("Maximum allowed dimension exceeded", "array is too big")))


_WIDGET_MODULE = re.compile(r"nnbook\.widgets\.[a-z][a-z0-9_]*")
_PUBLIC_NAME = re.compile(r"[a-z][a-z0-9_]*")


class Session:
    """One page's Python session: cells share one namespace, like a notebook."""

    def __init__(self, emit):
        self.emit = emit
        self.count = 0
        self.namespace: dict = {}
        self.reset()

    def reset(self):
        """A fresh namespace (the runtime and loaded modules stay)."""
        self.namespace.clear()
        self.namespace.update({"__name__": "__main__", "__builtins__": builtins,
                               "display": self.display, "__session__": self})
        self.count = 0

    def display(self, *values):
        """Show each value under the cell, as rich as it can be shown."""
        for value in values:
            self._current_flush()
            self.emit("display", mime_bundle(value))

    def _current_flush(self):
        run = getattr(self, "_run", None)
        if run is not None:
            run.flush()

    def run(self, code: str, name: str | None = None) -> dict:
        """Run one cell; return {"ok": bool, "line": n or None}."""
        self.count += 1
        filename = f"{CELL_PREFIX}{name or self.count}>"
        global _active_session
        _active_session = self
        run = self._run = _Run(self.emit)
        saved = sys.stdout, sys.stderr, builtins.input
        sys.stdout, sys.stderr = _Output("stdout", run), _Output("stderr", run)
        builtins.input = _no_input
        result = {"ok": True, "line": None}
        try:
            value = self._execute(code, filename)
            run.flush()
            _figures_to_png(self.emit)
            if value is not None:
                self.namespace["_"] = value
                self.emit("display", mime_bundle(value))
        except BaseException as exc:  # KeyboardInterrupt (Stop) included
            sys.stdout, sys.stderr = saved[0], saved[1]
            run.flush()
            text, line = _trimmed_traceback(exc)
            if isinstance(exc, KeyboardInterrupt):
                text = ("Stopped: the cell was interrupted (variables set before "
                        "the interruption are kept).\n" + text)
            self.emit("error", {"traceback": text, "line": line})
            result = {"ok": False, "line": line}
            try:
                plt = sys.modules.get("matplotlib.pyplot")
                if plt is not None:
                    plt.close("all")
            except Exception:
                pass
        finally:
            sys.stdout, sys.stderr, builtins.input = saved
            run.finish()
            self._run = None
        return result

    def check(self, code: str) -> dict:
        """Run an exercise's hidden tests against the reader's namespace.

        The tests are plain code with ``assert condition, "feedback"``; the
        first that fails gives the reader its feedback. They see the
        reader's names but their own assignments do not leak back.
        """
        try:
            exec(compile(code, "<check>", "exec"), dict(self.namespace))
        except AssertionError as exc:
            return {"ok": False, "message": str(exc) or "One of the checks failed."}
        except Exception as exc:
            return {"ok": False, "message": f"{type(exc).__name__}: {exc}"}
        return {"ok": True, "message": ""}

    def evaluate(self, code: str) -> str:
        """Run code for a widget, in the page's namespace, showing nothing.

        Returns JSON text: {"ok": true, "value": <last expression>} or
        {"ok": false, "error": "<traceback>"}. NumPy arrays and scalars
        become lists and numbers.
        """
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = io.StringIO()
        try:
            value = self._execute(code, f"{CELL_PREFIX}widget>")
            return json.dumps({"ok": True, "value": value}, default=_to_json,
                              allow_nan=False)
        except BaseException as exc:
            text, _ = _trimmed_traceback(exc)
            return json.dumps({"ok": False, "error": text})
        finally:
            sys.stdout, sys.stderr = saved

    def call(self, module: str, fn: str, args_json: str) -> str:
        """Call a widget's Python half: ``module.fn(namespace, **args)``.

        Widgets send data, never source: ``module`` must be one of the
        textbook's widget modules (``nnbook.widgets.NAME``), ``fn`` a public
        function of it, and ``args`` a JSON object of keyword arguments. The
        function gets the page's namespace (shared with the cells) first.
        Returns JSON text like :meth:`evaluate`.
        """
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = io.StringIO()
        try:
            if not _WIDGET_MODULE.fullmatch(module) or not _PUBLIC_NAME.fullmatch(fn):
                raise ValueError(f"not a widget entry point: {module}.{fn}")
            args = json.loads(args_json)
            if not isinstance(args, dict):
                raise TypeError("a widget call's arguments must be a JSON object")
            function = getattr(importlib.import_module(module), fn)
            value = function(self.namespace, **args)
            return json.dumps({"ok": True, "value": value}, default=_to_json,
                              allow_nan=False)
        except BaseException as exc:
            text, _ = _trimmed_traceback(exc)
            return json.dumps({"ok": False, "error": text})
        finally:
            sys.stdout, sys.stderr = saved

    def _execute(self, code: str, filename: str):
        """Run ``code``; return the value of a final expression, as Jupyter does."""
        # Tracebacks quote the reader's lines, as they do for a file.
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        tree = ast.parse(code, filename=filename, mode="exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec"), self.namespace)
        if last is not None:
            return eval(compile(last, filename, "eval"), self.namespace)
        return None


__all__ = ["Session", "mime_bundle", "OUTPUT_LIMIT", "InputNotSupported"]
