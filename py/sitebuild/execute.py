"""The book's outputs: each page's cells run at build time, in the reader's own runtime.

A page is run top to bottom in one :class:`cellrunner.Session` (one namespace per
page and language) in Pyodide under Node (``js/build/run-page.mjs`` with
:mod:`sitebuild.page_runner`), from the laid-out runtime the site serves, with the
same ``cellrunner`` and ``nnbook`` wheel the browser's worker loads. Not CPython:
CPython's NumPy computes matrix products with OpenBLAS and exp and tanh with
AVX-512 code, Pyodide's without; the last bits differ, and a training run on a
plateau turns them into another story (measured: the one-hidden-unit run has
E = 0.857 at k = 2000 in CPython, 0.667 in the browser). Pyodide computes the same
bits on every device, so the book shows what the reader's Run will show:

* a ``run`` cell is run under the name the page gives it (``<cell N>``, N counting
  the page's run and exercise cells from 1) and everything it showed is kept;
* an exercise's starting code is run as "Run all" runs it, its output not shown
  (solutions stay hidden, checks are not run);
* a widget line runs the nnbook call that makes the variables the widget shares with
  the cells (``notebooks.WIDGETS``: the notebooks use the same calls), then the
  notebook's display of it, kept for the notebook only;
* an inline expression in the prose, ```` {py}`expr` ```` or ```` {py}`expr:spec` ````
  (a format spec: ``.3f``, ``,``, ``.0%``), is evaluated in the page's namespace as
  the cells above it left it (``nnbook`` and ``np`` are there if no cell imported
  them) and written into the page, formatted as the book writes numbers
  (:func:`sitebuild.page_runner.format_value`). One that fails stops the build,
  naming page and line.

A cell that raises where the page does not say ``expect=error``, or one that says
it and does not, stops the build too.

Results are cached in ``build/book/`` under a key over what a run depends on
(:func:`cache_key`): the page's cells, widget lines and expressions, ``nnbook``,
``cellrunner``, this file and the pinned versions. A rebuild with nothing changed,
or after a prose edit, runs nothing. Pages missing from the cache are run in
parallel (:func:`prepare`). Rich HTML and SVG go through the page's own output
policy (``js/cells/sanitize.mjs``, in Node); figures become PNG files beside the
page (:func:`render`).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import struct
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

PY = Path(__file__).resolve().parents[1]
ROOT = PY.parent
CACHE = Path(os.environ.get("NNBOOK_BOOK_CACHE", ROOT / "build" / "book"))

INLINE = re.compile(r"\{py\}`(?P<expr>[^`\n]+)`")
SPEC = re.compile(r"[<>^=]?[+\- ]?#?0?\d*[,_]?(?:\.\d+)?[bcdeEfFgGn%s]?")
MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)

BOOK_MARK = {"en": "Output of the book's code, computed when the book was built",
             "ja": "本のコードの出力 (本を作ったときに計算したもの)"}


class BookError(Exception):
    """A page's code could not be run as the page says: names the page and line."""


# ---- what a page runs ------------------------------------------------------------------------

@dataclass
class Step:
    kind: str            # "cell" | "exercise" | "widget" | "expr"
    line: int            # 1-based line in the page's Markdown
    code: str = ""       # a cell's code, a widget's name or an expression
    index: int = 0       # a cell's number on the page (from 1); an expression's order
    expect_error: bool = False
    spec: str = ""       # an expression's format spec
    in_math: bool = False


def split_spec(text: str) -> tuple[str, str]:
    """``"E[-1]:.3f"`` → ``("E[-1]", ".3f")``; a colon that is no format spec stays
    in the expression (slices, lambdas, dicts)."""
    head, colon, tail = text.rpartition(":")
    if colon and head.strip() and SPEC.fullmatch(tail.strip()):
        return head.strip(), tail.strip()
    return text.strip(), ""


def _math_spans(markdown: str) -> list[tuple[int, int]]:
    return [m.span() for m in MATH.finditer(markdown)]


def plan(markdown: str) -> list[Step]:
    """The page's steps in order: its cells, widgets and inline expressions."""
    from sitebuild.cells import split
    from sitebuild.widgets import parse as parse_widget

    steps: list[Step] = []
    line, cell, widgets, offset = 1, 0, 0, 0
    spans = _math_spans(markdown)
    for item in split(markdown):
        if isinstance(item, str):
            widget = parse_widget(item)
            if widget:
                widgets += 1
                steps.append(Step("widget", line, widget[0], index=widgets))
            for m in INLINE.finditer(item):
                expr, spec = split_spec(m["expr"])
                at = offset + m.start()
                steps.append(Step("expr", line, expr, index=len(steps), spec=spec,
                                  in_math=any(a <= at < b for a, b in spans)))
            line += 1
            offset += len(item) + 1
            continue
        size = 1 + len(item.body) + (item.closing is not None)
        if item.role in ("run", "exercise"):
            cell += 1
            n = len(item.indent)
            code = "\n".join(b[n:] if b[:n].strip() == "" else b for b in item.body)
            steps.append(Step("cell" if item.role == "run" else "exercise", line, code, index=cell,
                              expect_error=item.options.get("expect") == "error"))
        line += size
        offset += sum(len(x) + 1 for x in [item.line, *item.body]) + \
            (len(item.closing) + 1 if item.closing is not None else 0)
    return steps


def _sources() -> list[Path]:
    """The files a page's run depends on, besides the page."""
    files = sorted((PY / "nnbook").rglob("*.py")) + sorted((PY / "cellrunner").rglob("*.py"))
    return files + [Path(__file__), PY / "sitebuild" / "page_runner.py", PY / "sitebuild" / "notebooks.py",
                    ROOT / "js" / "cells" / "sanitize.mjs", ROOT / "js" / "build" / "sanitize-outputs.mjs",
                    ROOT / "js" / "build" / "run-page.mjs"]


def _versions() -> str:
    """The runtime the pages run in: Pyodide's version and its lock file (NumPy's, matplotlib's wheels)."""
    pyodide = ROOT / "node_modules" / "pyodide"
    return (pyodide / "package.json").read_text() + (pyodide / "pyodide-lock.json").read_text()


_SOURCES_DIGEST: str | None = None


def cache_key(steps: list[Step], lang: str) -> str:
    """A digest of everything a page's outputs depend on; prose around the steps is not in it."""
    global _SOURCES_DIGEST
    if _SOURCES_DIGEST is None:
        h = hashlib.sha256(_versions().encode())
        for path in _sources():
            h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
        _SOURCES_DIGEST = h.hexdigest()
    h = hashlib.sha256(f"{_SOURCES_DIGEST}\0{lang}\0".encode())
    for s in steps:
        h.update(json.dumps([s.kind, s.code, s.index if s.kind == "cell" else 0, s.expect_error,
                             s.spec, s.in_math]).encode())
    return h.hexdigest()[:32]


# ---- running a page (in Pyodide, in a process of its own) ---------------------------------------

_LAID_OUT: Path | None = None


def runtime_dir() -> Path:
    """The laid-out Pyodide runtime (the files the site serves), laid out once per build."""
    global _LAID_OUT
    if _LAID_OUT is None:
        from sitebuild import runtime
        out = Path(os.environ.get("NNBOOK_RUNTIME_DIR", ROOT / "build" / "pyodide"))
        try:
            runtime.layout(out)
        except runtime.LayoutError as err:
            raise BookError(f"the Python runtime could not be laid out: {err}") from None
        _LAID_OUT = out
    return _LAID_OUT


def _run_in_process(steps: list[Step], lang: str) -> dict:
    """A page's run in a fresh Pyodide: nothing of one page leaks into another."""
    from sitebuild.notebooks import WIDGETS
    plain = []
    for s in steps:
        step = dict(s.__dict__)
        if s.kind == "widget":
            entry = WIDGETS.get(s.code)
            if entry is None:
                continue
            step.update(state=entry.state, show=entry.show)
        plain.append(step)
    done = subprocess.run(["node", str(ROOT / "js" / "build" / "run-page.mjs"), str(runtime_dir())],
                          input=json.dumps({"lang": lang, "steps": plain}), capture_output=True,
                          text=True, cwd=ROOT)
    if done.returncode != 0:
        raise BookError(f"the page's run crashed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout)


# ---- sanitising and storing -------------------------------------------------------------------

def _sanitise(result: dict) -> None:
    """Every HTML and SVG a cell showed, through the page's output policy (in Node)."""
    bundles = [data for evs in [*result["cells"].values(), *result["widgets"].values()]
               for kind, data in evs if kind == "display"]
    items = []
    for b in bundles:
        for mime in ("image/svg+xml", "text/html"):
            if mime in b:
                items.append((b, mime))
                break
    if not items:
        return
    done = subprocess.run(["node", str(ROOT / "js" / "build" / "sanitize-outputs.mjs")],
                          input=json.dumps([{"mime": m, "markup": b[m]} for b, m in items]),
                          capture_output=True, text=True, cwd=ROOT, check=True)
    for (b, mime), clean in zip(items, json.loads(done.stdout)):
        b[mime] = clean


@dataclass
class Book:
    """A page's outputs: cell number → events; widget number → the notebook's display;
    expression order → text."""
    cells: dict = field(default_factory=dict)
    widgets: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    key: str = ""
    ran: bool = False     # run in this build (not from the cache)


_MEMORY: dict[str, Book] = {}


def book_for(markdown: str, lang: str, where: str) -> Book:
    """The outputs of a page (from memory, the cache, or a run now)."""
    steps = plan(markdown)
    key = cache_key(steps, lang)
    if key in _MEMORY:
        return _MEMORY[key]
    path = CACHE / f"{key}.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        book = Book(data["cells"], data["widgets"], data["values"], key)
    else:
        result = _run_in_process(steps, lang) if steps else {"cells": {}, "widgets": {}, "values": {}}
        if "error" in result:
            raise BookError(f"{where}: {result['error']}")
        _sanitise(result)
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".partial")
        tmp.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        book = Book(result["cells"], result["widgets"], result["values"], key, ran=True)
    _MEMORY[key] = book
    return book


def prepare(pages: list[tuple[str, str, str]], workers: int | None = None) -> list[Book]:
    """Run the pages missing from the cache in parallel: (markdown, lang, where) each."""
    workers = workers or max(1, min(os.cpu_count() or 1, 4))
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda p: book_for(*p), pages))


def substitute(markdown: str, book: Book) -> str:
    """The page with each inline expression replaced by its value."""
    count = -1
    order = [s.index for s in plan(markdown) if s.kind == "expr"]

    def value(m):
        nonlocal count
        count += 1
        return html.escape(book.values[str(order[count])], quote=False)
    return INLINE.sub(value, markdown)


# ---- the book's output in the page ------------------------------------------------------------

def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return 0, 0
    return struct.unpack(">II", data[16:24])


def render(events: list, lang: str, figures: dict[str, bytes]) -> str:
    """A cell's output as the page shows it live (js/cells/output.mjs's classes), its
    figures as files (``figures/NAME.png``, added to ``figures``), loaded lazily."""
    parts = []
    for kind, data in events:
        if kind in ("stdout", "stderr"):
            parts.append(f'<pre class="nb-out nb-out--{kind}">{html.escape(data)}</pre>')
        elif kind == "error":
            parts.append(f'<pre class="nb-out nb-out--error">{html.escape(data["traceback"])}</pre>')
        elif kind == "note":
            parts.append(f'<p class="nb-note nb-note--note">{html.escape(data)}</p>')
        elif kind == "display":
            if "image/svg+xml" in data:
                parts.append(f'<div class="nb-out nb-out--rich">{data["image/svg+xml"]}</div>')
            elif "image/png" in data:
                png = base64.b64decode(data["image/png"])
                name = hashlib.sha256(png).hexdigest()[:16] + ".png"
                figures[name] = png
                w, h = png_size(png)
                alt = html.escape(data.get("text/plain") or "figure")
                parts.append(f'<div class="nb-out nb-out--rich"><img src="figures/{name}" alt="{alt}" '
                             f'width="{w}" height="{h}" loading="lazy" decoding="async"></div>')
            elif "text/html" in data:
                parts.append(f'<div class="nb-out nb-out--rich">{data["text/html"]}</div>')
            else:
                parts.append(f'<pre class="nb-out nb-out--result">{html.escape(data.get("text/plain", ""))}</pre>')
    if not parts:
        return ""
    mark = html.escape(BOOK_MARK.get(lang, BOOK_MARK["en"]))
    return f'<p class="nb-book-mark">{mark}</p>' + "".join(parts)

