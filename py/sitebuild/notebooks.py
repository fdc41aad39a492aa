"""A chapter as a Jupyter notebook: the page's Markdown in, an nbformat 4 notebook out (pure, no I/O).

* prose becomes Markdown cells: ``\\( … \\)`` becomes ``$…$`` and ``\\[ … \\]``
  becomes ``$$…$$``; an admonition (``!!! note "Title"``, ``??? tip``) or a
  content tab (``=== "Tab"``) becomes a bold title line and its body,
  un-indented; ``{ #id }`` after a heading is dropped; links to other chapters
  (``name.md#part``) point to the chapter on the site;
* ```` ```python run ```` becomes a code cell (``expect=error``: tagged
  ``raises-exception``, so a run goes on past it);
* an exercise becomes three cells: the reader's starting code (tag
  ``exercise``), the check (tag ``check``: runs the hidden tests on a copy of
  the namespace, as the page does, and prints ✓ or the feedback), and the
  solution (tag ``solution``, source hidden, every line commented out so that
  "Run all" does not run it);
* a widget line becomes a short note and, where one exists (:data:`WIDGETS`),
  a code cell with the ``nnbook`` call that computes what the widget shows and
  makes the variables it shares with the later cells;
* fences that only show code stay fenced code in the Markdown.

Every code cell carries ``metadata.nnbook.role`` (setup, run, exercise,
check, solution, widget), so tests can find the page's cells in order.
Fences are found by :func:`sitebuild.cells.split`, the build's one fence parser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

import nbformat
from nbformat import v4

from sitebuild.cells import Block, split
from sitebuild.widgets import parse as parse_widget

TEXT = {
    "en": {
        "intro": "This notebook is the chapter [{title}]({url}) of the textbook *How neural networks "
                 "learn*, with its cells and exercises. It needs Python ≥ 3.11, NumPy, matplotlib and "
                 "the book's package `nnbook` (the first code cell says how to install it).",
        "setup": "# Set-up: this notebook needs the textbook's package nnbook (with NumPy and matplotlib).",
        "missing": "nnbook is not installed: run  pip install {wheel}  (or pip install a downloaded "
                   "nnbook-*.whl), then restart the kernel.",
        "check": "# Check for the exercise \"{id}\" above: run this cell after yours. "
                 "It prints ✓, or what to change.",
        "correct": "✓ Correct!",
        "not_yet": "✗ Not yet:",
        "failed": "One of the checks failed.",
        "solution": "# Solution of the exercise \"{id}\". Not run by \"Run all\": to use it, "
                    "uncomment the lines below (select them, Ctrl+/).",
        "widget": "**Widget: {name}.** On the web page, an interactive widget stands here ({what}).",
        "widget_code": " The cell below computes, with `nnbook`, what it shows, and makes the "
                       "variables it shares with the cells.",
        "widget_none": " It has no counterpart in the notebook: open the chapter on the site to use it.",
    },
    "ja": {
        "intro": "このノートブックは教科書『ニューラルネットワークはどう学ぶか』の章 [{title}]({url}) "
                 "を、セルと演習ごとまとめたものです。Python 3.11 以上、NumPy、matplotlib と、この本の"
                 "パッケージ `nnbook` が必要です (入れ方は最初のコードセルにあります)。",
        "setup": "# 準備: このノートブックには教科書のパッケージ nnbook (と NumPy、matplotlib) が必要です。",
        "missing": "nnbook がインストールされていません: pip install {wheel} を実行し "
                   "(またはダウンロードした nnbook-*.whl を pip install し)、カーネルを再起動してください。",
        "check": "# 上の演習「{id}」のチェック: 自分のセルを実行してから実行してください。"
                 "✓ か、直すべき点を表示します。",
        "correct": "✓ 正解です!",
        "not_yet": "✗ まだです:",
        "failed": "チェックの 1 つが通りませんでした。",
        "solution": "# 演習「{id}」の解答。「すべて実行」では実行されません: 使うには下の行の"
                    "コメントを外してください (選択して Ctrl+/)。",
        "widget": "**ウィジェット: {name}。** Web ページではここに対話型のウィジェットがあります ({what})。",
        "widget_code": "下のセルは、それが表示するものを `nnbook` で計算し、セルと共有する変数を作ります。",
        "widget_none": "ノートブックには対応するものがありません。サイトの章で使ってください。",
    },
}

class WidgetCode(NamedTuple):
    """What a widget shows (in words, English and Japanese), the nnbook call that makes
    the variables it shares with the cells (``state``: the page's build-time run makes
    them the same way, :mod:`sitebuild.execute`), and a display of them that changes
    nothing (``show``). ``follows``: the widget rewrites variables of its own each time
    a cell has run (the page's build-time run does so too, after each cell)."""
    what_en: str
    what_ja: str
    state: str
    show: str
    follows: bool = False

    @property
    def code(self) -> str:
        """The notebook's cell for the widget."""
        return f"{self.state}\n{self.show}"


LIST = Path(__file__).resolve().parents[2] / "js" / "widgets" / "widgets.json"
"""The book's one list of widgets, in order: what each shows (both languages) and its notebook
cell. The registry (js/widgets/registry.mjs), the styles (js/widgets/widgets.css) and the
widgets' tests follow the same list."""


def _widgets(path: Path = LIST) -> dict[str, WidgetCode]:
    """Each widget of the list with a notebook cell, as a WidgetCode."""
    listed = json.loads(path.read_text(encoding="utf-8"))
    return {name: WidgetCode(entry["what"]["en"], entry["what"]["ja"], "\n".join(entry["notebook"]["state"]),
                             "\n".join(entry["notebook"]["show"]), entry["notebook"].get("follows", False))
            for name, entry in listed.items() if "notebook" in entry}


WIDGETS: dict[str, WidgetCode] = _widgets()

ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+"(?P<title>[^"]*)")?\s*$')
TAB = re.compile(r'^===\+?\s+"(?P<title>[^"]*)"\s*$')
HEADING_ATTRS = re.compile(r"^(#{1,6} .*?)\s*\{[^}]*\}\s*$", re.M)
INLINE_CODE = re.compile(r"(`+).*?\1", re.S)
INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.S)
DISPLAY_MATH = re.compile(r"\\\[(.+?)\\\]", re.S)
CHAPTER_LINK = re.compile(r"\]\((?P<page>[\w-]+)\.md(?P<anchor>#[\w-]*)?\)")


def _body_line(line: str) -> bool:
    return not line.strip() or line.startswith("    ")


def unwrap(markdown: str) -> str:
    """Admonitions and content tabs as a bold title line and their body,
    un-indented by four spaces (nested ones too)."""
    out: list[str] = []
    items = list(split(markdown))
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        header = (ADMONITION.match(item) or TAB.match(item)) if isinstance(item, str) else None
        if not header:
            if isinstance(item, str):
                out.append(item)
            else:
                out.extend([item.line, *item.body] + ([item.closing] if item.closing is not None else []))
            continue
        title = header["title"]
        if title is None:
            title = header["kind"].capitalize()
        body: list[str] = []
        while i < len(items):
            nxt = items[i]
            lines = [nxt] if isinstance(nxt, str) else \
                [nxt.line, *nxt.body] + ([nxt.closing] if nxt.closing is not None else [])
            if not all(_body_line(line) for line in lines):
                break
            body.extend(line[4:] for line in lines)
            i += 1
        while body and not body[-1].strip():
            body.pop()
        if header.re is ADMONITION and header["kind"] == "hint":   # an exercise's hint stays collapsed
            out.extend([f"<details><summary>{title}</summary>", "", *unwrap("\n".join(body)).split("\n"),
                        "", "</details>", ""])
            continue
        if title:
            out.extend([f"**{title}**", ""])
        out.extend(unwrap("\n".join(body)).split("\n"))
        out.append("")
    return "\n".join(out)


def _math(text: str) -> str:
    text = DISPLAY_MATH.sub(lambda m: f"$${m[1].strip()}$$", text)
    return INLINE_MATH.sub(lambda m: f"${m[1].strip()}$", text)


def prose(markdown: str, lang: str = "en", site_url: str | None = None) -> str:
    """Prose as notebook Markdown: mathematics in dollars, heading attributes
    dropped, links to chapters made absolute (if ``site_url`` is known).
    Inline code is left as it is."""
    parts, last = [], 0
    for code in INLINE_CODE.finditer(markdown):
        parts.append(_math(markdown[last:code.start()]))
        parts.append(code[0])
        last = code.end()
    parts.append(_math(markdown[last:]))
    text = HEADING_ATTRS.sub(r"\1", "".join(parts))
    if site_url:
        prefix = site_url.rstrip("/") + "/" + ("ja/" if lang == "ja" else "")

        def link(m):
            page = "" if m["page"] == "index" else m["page"] + "/"
            return f"]({prefix}{page}{m['anchor'] or ''})"
        text = CHAPTER_LINK.sub(link, text)
    return text.strip("\n")


def _code(block: Block) -> str:
    n = len(block.indent)
    return "\n".join(line[n:] if line[:n].strip() == "" else line for line in block.body)


def _cell(source: str, role: str, tags=(), **extra) -> nbformat.NotebookNode:
    metadata = {"nnbook": {"role": role, **extra}}
    if tags:
        metadata["tags"] = list(tags)
    return v4.new_code_cell(source, metadata=metadata)


def check_source(code: str, exercise_id: str, lang: str = "en") -> str:
    """The check cell: the hidden tests on a copy of the namespace (as the
    page runs them), printing ✓ or the first failing assert's message."""
    t = TEXT[lang]
    quote = "'''" if "'''" not in code else '"""'
    literal = f"r{quote}\n{code}\n{quote}" if quote not in code and not code.endswith("\\") else repr(code)
    return (f"{t['check'].format(id=exercise_id)}\n"
            f"try:\n"
            f"    exec({literal}, dict(globals()))\n"
            f"except AssertionError as _failure:\n"
            f"    print({t['not_yet']!r}, str(_failure) or {t['failed']!r})\n"
            f"except Exception as _failure:\n"
            f"    print({t['not_yet']!r}, f\"{{type(_failure).__name__}}: {{_failure}}\")\n"
            f"else:\n"
            f"    print({t['correct']!r})")


def solution_source(code: str, exercise_id: str, lang: str = "en") -> str:
    commented = "\n".join(f"# {line}" if line.strip() else "#" for line in code.split("\n"))
    return f"{TEXT[lang]['solution'].format(id=exercise_id)}\n{commented}"


def uncomment_solution(source: str) -> str:
    """The solution cell's code, as it was (the inverse of :func:`solution_source`)."""
    lines = source.split("\n")[1:]
    return "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in lines)


def setup_source(lang: str = "en", wheel_url: str | None = None) -> str:
    t = TEXT[lang]
    wheel = wheel_url or "nnbook-0.1.0-py3-none-any.whl"
    return (f"{t['setup']}\n"
            f"try:\n"
            f"    import nnbook\n"
            f"except ImportError:\n"
            f"    raise ImportError({t['missing'].format(wheel=wheel)!r}) from None\n"
            f"import numpy as np"
            + ("\nnnbook.set_language(\"ja\")" if lang == "ja" else ""))


def outputs(events: list) -> list:
    """A cell's outputs from the book's run (:mod:`sitebuild.execute`) as nbformat outputs."""
    out = []
    for kind, data in events:
        if kind in ("stdout", "stderr"):
            out.append(v4.new_output("stream", name=kind, text=data))
        elif kind == "display":
            out.append(v4.new_output("display_data", data=dict(data)))
        elif kind == "error":
            last = data["traceback"].rstrip("\n").rsplit("\n", 1)[-1]
            name, _, value = last.partition(": ")
            out.append(v4.new_output("error", ename=name, evalue=value,
                                     traceback=data["traceback"].rstrip("\n").split("\n")))
        elif kind == "note":
            out.append(v4.new_output("display_data", data={"text/plain": data}))
    return out


def convert(markdown: str, lang: str = "en", *, title: str | None = None, page_url: str | None = None,
            wheel_url: str | None = None, site_url: str | None = None, book=None) -> nbformat.NotebookNode:
    """The notebook of one page. ``page_url`` and ``wheel_url`` are absolute
    addresses on the site (the intro links the page; the set-up cell names the
    wheel); ``site_url`` makes links to other chapters absolute. ``book``: the
    page's outputs from the build (:class:`sitebuild.execute.Book`), which the
    notebook then carries (its inline expressions already replaced in ``markdown``)."""
    t = TEXT.get(lang, TEXT["en"])
    lang = lang if lang in TEXT else "en"
    cells: list[nbformat.NotebookNode] = []
    if title:
        cells.append(v4.new_markdown_cell(t["intro"].format(title=title, url=page_url or "")))
    cells.append(_cell(setup_source(lang, wheel_url), "setup"))
    text: list[str] = []
    numbers = {"cell": 0, "widget": 0}

    def executed(cell, kind):
        """The cell with its outputs from the book's run, if there is one."""
        numbers[kind] += 1
        if book is not None:
            events = (book.cells if kind == "cell" else book.widgets).get(str(numbers[kind]))
            if events is not None:
                cell.outputs = outputs(events)
                cell.execution_count = numbers[kind] if kind == "cell" else None
        return cell

    def flush():
        source = prose("\n".join(text), lang, site_url)
        if source.strip():
            cells.append(v4.new_markdown_cell(source))
        text.clear()

    for item in split(unwrap(markdown)):
        if isinstance(item, str):
            widget = parse_widget(item)
            if not widget:
                text.append(item)
                continue
            flush()
            name = widget[0]
            entry = WIDGETS.get(name)
            what = "" if entry is None else entry.what_ja if lang == "ja" else entry.what_en
            code = None if entry is None else entry.code
            note = t["widget"].format(name=name, what=what).replace(" ()", "")
            cells.append(v4.new_markdown_cell(note + (t["widget_code"] if code else t["widget_none"])))
            if code:
                cells.append(executed(_cell(code, "widget", widget=name), "widget"))
            else:
                numbers["widget"] += 1
            continue
        if item.role is None:
            text.extend([item.line, *item.body] + ([item.closing] if item.closing is not None else []))
            continue
        flush()
        code, options = _code(item), item.options
        if item.role == "run":
            tags = ["raises-exception"] if options.get("expect") == "error" else []
            cells.append(executed(_cell(code, "run", tags), "cell"))
        elif item.role == "exercise":
            numbers["cell"] += 1   # the page counts it; its output is not shown
            cells.append(_cell(code, "exercise", ["exercise"], id=options.get("id", "")))
        elif item.role == "predict":
            continue   # the question above stays as Markdown; the answer is the cell's own output
        elif item.role == "check":
            cells.append(_cell(check_source(code, options.get("id", ""), lang), "check", ["check"],
                               id=options.get("id", "")))
        else:
            cell = _cell(solution_source(code, options.get("id", ""), lang), "solution", ["solution"],
                         id=options.get("id", ""))
            cell.metadata["jupyter"] = {"source_hidden": True}
            cells.append(cell)
    flush()
    for n, cell in enumerate(cells):
        cell.id = f"{lang}-{n}"   # stable ids: the same page gives the same bytes
    nb = v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "nnbook": {"lang": lang},
    })
    nbformat.validate(nb)
    return nb
