"""The Python half of the textbook's code cells.

The browser's worker (``js/runtime/worker.js``) creates one :class:`Session`
per page and calls :meth:`Session.run` for each cell. Everything a cell
shows goes through one callback, ``emit(kind, payload)``:

* ``("stdout" | "stderr", text)``: printed text, sent in batches while the
  cell runs (at most every ``FLUSH_SECONDS``);
* ``("display", {mime: data})``: rich output: the value of the last
  expression, ``display(obj)``, and matplotlib figures (PNG);
* ``("error", {"traceback": text, "line": n})``: an exception, its traceback
  trimmed to the reader's own code (and its middle, when it is very deep);
* ``("note", text)``: a word from the book, not from the cell: how much output
  was left out, or that matplotlib is building its font cache (its known
  warning, which is no error, is shown so instead of as stderr: KNOWN_NOTES).

Text of every kind (printed, values, HTML, SVG, tracebacks) is capped at
``OUTPUT_LIMIT`` characters per run, images at ``IMAGE_LIMIT``, with one
note saying how much was left out; and a run sends at most ``MESSAGE_LIMIT``
messages (each at most one output element on the page), the rest counted in a
note: nothing a cell makes can flood the page, by size or by count.

Nothing here needs the browser: the unit tests run it in CPython.
"""

from __future__ import annotations

import ast
import importlib
import base64
import builtins
import contextlib
import io
import json
import linecache
import logging
import re
import sys
import time
import traceback
import types

OUTPUT_LIMIT = 50_000      # characters of text (printed, values, HTML, SVG) shown per run
MESSAGE_LIMIT = 1_000      # messages (printed batches, displays, notes) sent to the page per run
IMAGE_LIMIT = 10_000_000   # characters of base64 images (PNG) shown per run
TRACEBACK_FRAMES = 30      # frames kept at each end of a deeper traceback
FLUSH_SECONDS = 0.05       # at most 20 batches a second reach the page
CELL_PREFIX = "<cell "


KNOWN_NOTES = {
    ("matplotlib.font_manager", "Matplotlib is building the font cache; this may take a moment."): {
        "en": "Matplotlib is building its font cache (for a page's first figure, a few "
              "seconds); this is not an error.",
        "ja": "matplotlib がフォントのキャッシュを作っています (ページで最初の図のときだけ、数秒)。"
              "エラーではありません。",
    },
}
"""Warnings a library logs that are no error: (logger, message) → the note shown instead."""


class _KnownNotes(logging.Filter):
    """On a library's logger: a known warning (KNOWN_NOTES) becomes a note of the cell that
    caused it, in the session's language, instead of red text on stderr."""

    def filter(self, record):
        words = KNOWN_NOTES.get((record.name, record.getMessage()))
        session = _active_session
        if words is None or session is None or session._run is None:
            return True
        session._run.flush()
        session._run.send("note", words.get(session.lang, words["en"]))
        return False


def _note_known_warnings():
    """Put the filter on each logger of KNOWN_NOTES (once; the library need not be imported yet)."""
    for name in {name for name, _ in KNOWN_NOTES}:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _KnownNotes) for f in logger.filters):
            logger.addFilter(_KnownNotes())


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
    """Book-keeping for one cell run: buffers, the caps, the flush clock."""

    def __init__(self, emit, lang="en"):
        self.emit = emit
        self.lang = lang          # the page's language: the words of the caps' notes
        self.shown = 0
        self.hidden = 0
        self.unmeasured = False   # something was cut before it was measured (a huge list)
        self.images = 0
        self.sent = 0             # messages sent to the page
        self.dropped = 0          # outputs left out over MESSAGE_LIMIT
        self.buffer: list[tuple[str, str]] = []
        self.last_flush = time.monotonic()

    def take(self, text: str) -> str:
        """The part of ``text`` that fits under the run's cap; the rest is counted."""
        room = max(OUTPUT_LIMIT - self.shown, 0)
        if len(text) > room:
            self.hidden += len(text) - room
            text = text[:room]
        self.shown += len(text)
        return text

    def write(self, name, text):
        text = self.take(text)
        if not text:
            return
        if self.buffer and self.buffer[-1][0] == name:
            self.buffer[-1] = (name, self.buffer[-1][1] + text)
        else:
            self.buffer.append((name, text))
        now = time.monotonic()
        if now - self.last_flush >= FLUSH_SECONDS:
            self.flush(now)

    def send(self, kind, payload):
        """Send one message to the page, unless the run has sent MESSAGE_LIMIT already."""
        if self.sent >= MESSAGE_LIMIT:
            self.dropped += 1
            return
        self.sent += 1
        self.emit(kind, payload)

    def flush(self, now=None):
        buffer, self.buffer = self.buffer, []
        for name, text in buffer:
            self.send(name, text)
        self.last_flush = now if now is not None else time.monotonic()

    def display(self, bundle: dict):
        """Show a mime bundle, its shown part cut to what the caps leave."""
        self.flush()
        if self.sent >= MESSAGE_LIMIT:   # counted as left out, not measured
            self.dropped += 1
            return
        bundle = dict(bundle)
        png = bundle.get("image/png")
        if png is not None and (not isinstance(png, str) or self.images + len(png) > IMAGE_LIMIT):
            del bundle["image/png"]
            megabytes = IMAGE_LIMIT // 1_000_000
            self.send("note", {
                "en": f"An image was left out: at most {megabytes} MB of images are shown per run.",
                "ja": f"画像を1枚省きました。1回の実行で表示する画像は {megabytes} MB までです。",
            }[self.lang])
        elif png is not None:
            self.images += len(png)
        shown = next((m for m in ("image/svg+xml", "image/png", "text/html") if m in bundle), "text/plain")
        for mime in ("image/svg+xml", "text/html", "text/plain"):
            if mime in bundle and mime != shown:
                bundle[mime] = str(bundle[mime])[:1000]   # alt text, never shown whole
        if shown != "image/png":
            bundle[shown] = self.take(str(bundle.get(shown, "")))
            if not bundle[shown]:
                return
        self.send("display", bundle)

    def finish(self):
        self.flush()
        if self.dropped:
            if self.lang == "ja":
                self.emit("note", f"出力を打ち切りました。1回の実行で表示する出力は {MESSAGE_LIMIT:,} 個までで、"
                                  f"残りの {self.dropped:,} 個は省きました。")
            else:
                self.emit("note", f"Output truncated: at most {MESSAGE_LIMIT:,} outputs are shown per run; "
                                  f"{self.dropped:,} more were left out.")
        if self.hidden or self.unmeasured:
            if self.lang == "ja":
                more = "残り" if self.unmeasured else f"残りの {self.hidden:,} 文字"
                self.emit("note", f"出力を打ち切りました。最初の {OUTPUT_LIMIT:,} 文字だけを表示し、"
                                  f"{more}は省きました。")
                return
            more = "the rest was" if self.unmeasured else f"{self.hidden:,} more were"
            self.emit("note", f"Output truncated: only the first {OUTPUT_LIMIT:,} characters "
                              f"are shown; {more} left out.")


def _to_json(value):
    """JSON for what widgets ask of NumPy: arrays, scalars; NaN/inf as None."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _quietly(produce) -> str:
    """Call ``produce()`` for a widget, its prints hidden: JSON text,
    {"ok": true, "value": <what it returned>} or {"ok": false, "error": "<traceback>"}."""
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()
    try:
        return json.dumps({"ok": True, "value": produce()}, default=_to_json, allow_nan=False)
    except BaseException as exc:
        text, _ = _trimmed_traceback(exc)
        return json.dumps({"ok": False, "error": text})
    finally:
        sys.stdout, sys.stderr = saved


def mime_bundle(value, run: "_Run | None" = None) -> dict:
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
    text, cut = bounded_repr(value)
    if cut and run is not None:
        run.unmeasured = True
    bundle["text/plain"] = text
    return bundle


class _Full(Exception):
    """A bounded repr reached its limit."""


def bounded_repr(value, limit: int = OUTPUT_LIMIT) -> tuple[str, bool]:
    """``repr(value)``, or about its first ``limit`` characters and True.

    Built-in containers and strings are written piece by piece and stop at
    the limit, so that a list of a million numbers costs no more than a
    short one; NumPy arrays are summarised as NumPy does by default.
    """
    parts: list[str] = []
    size = 0

    def add(text):
        nonlocal size
        parts.append(text)
        size += len(text)
        if size > limit:
            raise _Full

    def items(open_, seq, close, active, pairs=False):
        add(open_)
        for i, item in enumerate(seq):
            if i:
                add(", ")
            if pairs:
                walk(item[0], active)
                add(": ")
                walk(item[1], active)
            else:
                walk(item, active)
        add(close)

    def walk(v, active):
        kind = type(v)
        if kind in (str, bytes) and len(v) > limit:
            add(repr(v[:limit]))
            raise _Full
        if kind not in (list, tuple, dict, set, frozenset):
            numpy = sys.modules.get("numpy")
            if numpy is not None and isinstance(v, numpy.ndarray) and v.size > 10_000:
                with numpy.printoptions(threshold=min(numpy.get_printoptions()["threshold"], 1000)):
                    return add(repr(v))
            return add(repr(v))
        if id(v) in active:
            return add({list: "[...]", dict: "{...}"}.get(kind, f"{kind.__name__}(...)"))
        active = active | {id(v)}
        if kind is list:
            items("[", v, "]", active)
        elif kind is tuple:
            items("(", v, ",)" if len(v) == 1 else ")", active)
        elif kind is dict:
            items("{", v.items(), "}", active, pairs=True)
        elif not v:
            add(f"{kind.__name__}()")
        elif kind is set:
            items("{", v, "}", active)
        else:
            items("frozenset({", v, "})", active)

    try:
        walk(value, frozenset())
    except _Full:
        return "".join(parts)[:limit], True
    return "".join(parts), False


_active_session: "Session | None" = None


def show_figures():
    """``plt.show()`` in a cell: every open figure goes under the cell now."""
    session = _active_session
    run = session and session._run
    if run is not None:
        _figures_to_png(run.display)


def _figures_to_png(show):
    """Show and close every open matplotlib figure (cells draw with plt)."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return
    for number in plt.get_fignums():
        figure = plt.figure(number)
        buf = io.BytesIO()
        figure.savefig(buf, format="png", dpi=96, bbox_inches="tight")
        show({"image/png": base64.b64encode(buf.getvalue()).decode(),
              "text/plain": f"<Figure {number}>"})
    plt.close("all")


def _words_of(exc: BaseException, ja: bool = False) -> str:
    """``str(exc)``, or words saying it could not be had (its ``__str__`` raised or gave no text)."""
    try:
        text = str(exc)
        if isinstance(text, str):
            return text[:2_000]
    except BaseException:
        pass
    return "(メッセージを表示できません)" if ja else "(its message cannot be shown)"


def _name_and_words(exc: BaseException, ja: bool = False) -> str:
    """'SystemExit: 3': the exception's class name and its words, whatever they do."""
    try:
        name = type(exc).__name__
        name = name if isinstance(name, str) else "Exception"
    except BaseException:
        name = "Exception"
    words = _words_of(exc, ja)
    return f"{name}: {words}" if words else name


def _trimmed_traceback(exc: BaseException) -> tuple[str, int | None]:
    """The traceback from the reader's first frame on; the cell line it points at.

    A very deep one (a runaway recursion) keeps its first and last
    ``TRACEBACK_FRAMES`` frames and says how many it left out; its text is
    capped at ``OUTPUT_LIMIT`` characters, keeping its end (the error).
    """
    tb = exc.__traceback__
    while tb is not None and not tb.tb_frame.f_code.co_filename.startswith(CELL_PREFIX):
        tb = tb.tb_next
    line = None
    if isinstance(exc, SyntaxError) and (exc.filename or "").startswith(CELL_PREFIX):
        line = exc.lineno
        text = "".join(traceback.format_exception_only(type(exc), exc))
        return _cap_middle(text), line
    depth, tail = 0, tb
    while tail is not None:
        depth += 1
        tail = tail.tb_next
    left_out = max(depth - 2 * TRACEBACK_FRAMES, 0)
    head = traceback.extract_tb(tb, limit=TRACEBACK_FRAMES if left_out else None) if tb else []
    rest = []
    if left_out:
        tail = tb
        for _ in range(depth - TRACEBACK_FRAMES):
            tail = tail.tb_next
        rest = traceback.extract_tb(tail)
    # The runner's own frames (input() refused, output streams) are noise.
    head, rest = ([f for f in part if f.filename != __file__] for part in (head, rest))
    for frame in head + rest:
        if frame.filename.startswith(CELL_PREFIX):
            line = frame.lineno
    text = "".join(["Traceback (most recent call last):\n"] if head or rest else [])
    text += "".join(traceback.format_list(head))
    if left_out:
        text += f"  ... {left_out:,} frames left out ...\n"
        text += "".join(traceback.format_list(rest))
    text += "".join(traceback.format_exception_only(type(exc), exc))
    if _is_too_big(exc):
        text += MEMORY_NOTE
    return _cap_middle(text), line


def _cap_middle(text: str, limit: int = OUTPUT_LIMIT, end: int = 5_000) -> str:
    """``text``, or its start and its last ``end`` characters, saying how much is left out."""
    if len(text) <= limit:
        return text
    left_out = len(text) - limit
    return (f"{text[:limit - end]}\n... {left_out:,} characters left out ...\n"
            f"{text[-end:]}")


MEMORY_NOTE = ("\nNote: Python here runs in your browser, in WebAssembly, which can address "
               "at most 4 GB (and NumPy arrays at most 2**31 elements). Use smaller arrays.\n")


def _is_too_big(exc: BaseException) -> bool:
    return isinstance(exc, MemoryError) or (
        isinstance(exc, ValueError) and any(
        m in str(exc) for m in ("Maximum allowed dimension exceeded", "array is too big")))


def _is_library(name: str) -> bool:
    """A module an exercise's check may rely on (the widgets' modules are not)."""
    top = name.partition(".")[0]
    return top in _LIBRARY and not name.startswith("nnbook.widgets")


_LIBRARY = {"builtins", "numpy", "nnbook", "math", "cmath", "numbers", "itertools",
            "functools", "operator", "statistics", "fractions", "collections"}

_WIDGET_MODULE = re.compile(r"nnbook\.widgets\.[a-z][a-z0-9_]*")
_PUBLIC_NAME = re.compile(r"[a-z][a-z0-9_]*")


def _library_speaks(lang):
    """nnbook's messages, reprs and drawings in the page's language (nnbook is
    imported with the runtime; a session without it has nothing to set)."""
    try:
        from nnbook import _checks
    except ImportError:
        return
    _checks.set_language("ja" if lang == "ja" else "en")


class Session:
    """One page's Python session: cells share one namespace, like a notebook."""

    def __init__(self, emit, lang="en"):
        self.emit = emit
        self.lang = lang          # the page's language ("en" | "ja"): the words of notes
        self.count = 0
        _note_known_warnings()
        self.namespace: dict = {}
        self._run = None
        # The library as it was before any cell ran: checks run against it (the modules
        # themselves, their names, and the attributes of nnbook's own classes).
        self._modules = {name: module for name, module in list(sys.modules.items()) if _is_library(name)}
        self._shipped = {name: dict(vars(module)) for name, module in self._modules.items()}
        self._classes = {value: dict(vars(value)) for name, module in self._modules.items()
                         if name.partition(".")[0] == "nnbook"
                         for value in vars(module).values()
                         if isinstance(value, type) and getattr(value, "__module__", "").startswith("nnbook")}
        self.reset()

    def reset(self):
        """A fresh namespace (the runtime and loaded modules stay)."""
        self.namespace.clear()
        self.namespace.update({"__name__": "__main__", "__builtins__": builtins,
                               "display": self.display})
        self.count = 0

    def display(self, *values):
        """Show each value under the cell, as rich as it can be shown."""
        run = self._run
        if run is None:
            return
        for value in values:
            run.display(mime_bundle(value, run))

    def run(self, code: str, name: str | None = None, lang: str | None = None) -> dict:
        """Run one cell; return {"ok": bool, "line": n or None}. `lang`: the page's
        language, if the page says it (the session's words follow it)."""
        if lang in ("en", "ja"):
            self.lang = lang
        _library_speaks(self.lang)
        self.count += 1
        filename = f"{CELL_PREFIX}{name or self.count}>"
        global _active_session
        _active_session = self
        run = self._run = _Run(self.emit, "ja" if self.lang == "ja" else "en")
        saved = sys.stdout, sys.stderr, builtins.input
        sys.stdout, sys.stderr = _Output("stdout", run), _Output("stderr", run)
        builtins.input = _no_input
        result = {"ok": True, "line": None}
        try:
            value = self._execute(code, filename)
            run.flush()
            _figures_to_png(run.display)
            if value is not None:
                self.namespace["_"] = value
                run.display(mime_bundle(value, run))
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
        """Run an exercise's hidden tests against the reader's answer.

        The tests are plain code with ``assert condition, "feedback"``; the
        first that fails gives the reader its feedback. They see the
        reader's names (their answer), but not names that hide a builtin,
        and the library (builtins, NumPy, nnbook…) as shipped, even if a
        cell changed it; the check's own assignments do not leak back.
        """
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = io.StringIO()
        ja = self.lang == "ja"
        try:
            with self._library_as_shipped():
                names = {"__name__": "__check__", "__builtins__": dict(self._shipped["builtins"])}
                for name, value in self.namespace.items():
                    if name.startswith("__") or name in names["__builtins__"]:
                        continue
                    if isinstance(value, types.ModuleType):
                        value = sys.modules.get(value.__name__, value)
                    names[name] = value
                exec(compile(code, "<check>", "exec"), names)
        except AssertionError as exc:
            return {"ok": False, "message": _words_of(exc, ja) or (
                "チェックの 1 つが通りませんでした。" if ja else "One of the checks failed.")}
        except BaseException as exc:  # Stop's KeyboardInterrupt, SystemExit, a __str__ that raises…: words, never a restart
            return {"ok": False, "message": _name_and_words(exc, ja)}
        finally:
            sys.stdout, sys.stderr = saved
        return {"ok": True, "message": ""}

    def check_json(self, code: str) -> str:
        """:meth:`check` as the JSON text the worker posts as it is (no JavaScript on the way)."""
        try:
            verdict = self.check(code)
        except BaseException:  # the check's own clean-up interrupted (a second Stop)
            verdict = {"ok": False, "message": "KeyboardInterrupt"}
        return json.dumps({"ok": verdict.get("ok") is True, "message": str(verdict.get("message", ""))[:2_000]})

    @contextlib.contextmanager
    def _library_as_shipped(self):
        """Put back the library's names the reader changed or deleted; afterwards, as the
        reader left them. Names a module gained since (a submodule NumPy loads lazily,
        say) stay: taking them away would break the next lookup of that name."""
        _MISSING = object()
        changed = []   # (module's dict, name, the reader's value or _MISSING)
        modules = []   # (name, the module the reader left in sys.modules or _MISSING)
        classes = []   # (class, name, the reader's value or _MISSING)
        for name, module in self._modules.items():
            current = sys.modules.get(name, _MISSING)
            if current is not module:
                modules.append((name, current))
                sys.modules[name] = module
        for cls, shipped in self._classes.items():
            for key in set(vars(cls)) | set(shipped):
                current, value = vars(cls).get(key, _MISSING), shipped.get(key, _MISSING)
                if current is value or key in ("__dict__", "__weakref__"):
                    continue
                try:
                    if value is _MISSING:
                        delattr(cls, key)
                    else:
                        setattr(cls, key, value)
                    classes.append((cls, key, current))
                except (AttributeError, TypeError):
                    pass
        for name, shipped in self._shipped.items():
            module = self._modules[name]
            contents = vars(module)
            for key, value in shipped.items():
                current = contents.get(key, _MISSING)
                if current is not value:
                    changed.append((contents, key, current))
                    contents[key] = value
        try:
            yield
        finally:
            for contents, key, value in reversed(changed):
                if value is _MISSING:
                    contents.pop(key, None)
                else:
                    contents[key] = value
            for cls, key, value in reversed(classes):
                if value is _MISSING:
                    delattr(cls, key)
                else:
                    setattr(cls, key, value)
            for name, value in reversed(modules):
                if value is _MISSING:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = value

    def evaluate(self, code: str) -> str:
        """Run code for a widget, in the page's namespace, showing nothing.

        Returns JSON text: {"ok": true, "value": <last expression>} or
        {"ok": false, "error": "<traceback>"}. NumPy arrays and scalars
        become lists and numbers.
        """
        return _quietly(lambda: self._execute(code, f"{CELL_PREFIX}widget>"))

    def call(self, module: str, fn: str, args_json: str) -> str:
        """Call a widget's Python half: ``module.fn(namespace, **args)``.

        Widgets send data, never source: ``module`` must be one of the
        textbook's widget modules (``nnbook.widgets.NAME``), ``fn`` a public
        function of it, and ``args`` a JSON object of keyword arguments. The
        function gets the page's namespace (shared with the cells) first.
        Returns JSON text like :meth:`evaluate`.
        """
        def entry_point():
            if not _WIDGET_MODULE.fullmatch(module) or not _PUBLIC_NAME.fullmatch(fn):
                raise ValueError(f"not a widget entry point: {module}.{fn}")
            args = json.loads(args_json)
            if not isinstance(args, dict):
                raise TypeError("a widget call's arguments must be a JSON object")
            if args.get("lang") in ("en", "ja"):      # the widget's page: nnbook's words follow it
                self.lang = args["lang"]
            _library_speaks(self.lang)
            function = getattr(importlib.import_module(module), fn)
            return function(self.namespace, **args)

        return _quietly(entry_point)

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
