"""Find runnable cells and exercises in a chapter's Markdown.

Fenced blocks whose opening line starts with ``python`` and a role word:

* ```` ```python run ````: a runnable cell. Rewritten to the attribute form of
  pymdownx.superfences, ```` ``` { .python .nb-cell } ````, which renders as
  ordinary highlighted Python inside ``<div class="nb-cell highlight">``; the
  browser code turns that into an editor. A place for its output from the
  build (:data:`BOOK_OUTPUT`, :mod:`sitebuild.execute`) follows it.
* ```` ```python exercise id=NAME ````: a cell with a "Check" button.
* ```` ```python check id=NAME ````: the exercise's hidden tests, run in the
  page's namespace after the reader's code; an ``assert cond, "feedback"``
  that fails gives the reader that feedback. Kept out of sight (base64 in a
  data attribute).
* ```` ```python solution id=NAME ````: the reference answer, in a collapsed
  ``<details>`` ("Show solution" opens it; it also works without JavaScript).

Other words ``key=value`` after the role become data attributes. Fences
inside other fences (a page that *shows* the syntax) are left alone.

A run cell may carry an ``id`` too (```` ```python run id=read-path ````), as
``data-id`` in its HTML, so that tests find it by name rather than by its
place on the page; :func:`check_ids` holds a page's cell ids unique and the
same in both languages.
"""

from __future__ import annotations

import base64
import re
from typing import Iterator, NamedTuple

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>.*?)\s*$")
CELL_INFO = re.compile(
    r"^python\s+(?P<role>run|exercise|check|solution)(?P<options>(?:\s+[A-Za-z][\w-]*=[\w.-]+)*)$")
SOLUTION = {"en": "Solution", "ja": "解答"}


def _closes(match, fence: str) -> bool:
    return bool(match) and match["fence"][0] == fence[0] \
        and len(match["fence"]) >= len(fence) and not match["info"]


class Block(NamedTuple):
    """A fenced block: its opening line and its parts, its body lines and closing line
    (``None`` if the file ends first); ``role``/``options`` if it is a cell."""
    line: str
    indent: str
    fence: str
    info: str
    body: list
    closing: str | None
    role: str | None
    options: dict


def split(markdown: str) -> Iterator[str | Block]:
    """The page as a sequence of plain lines (``str``) and fenced blocks
    (:class:`Block`); the one fence parser of the build (cells, widgets and
    notebooks all use it)."""
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            yield lines[i]
            i += 1
            continue
        fence = match["fence"]
        j = i + 1
        while j < len(lines) and not _closes(FENCE.match(lines[j]), fence):
            j += 1
        cell = CELL_INFO.match(match["info"])
        options = dict(o.split("=", 1) for o in cell["options"].split()) if cell else {}
        yield Block(lines[i], match["indent"], fence, match["info"], lines[i + 1:j],
                    lines[j] if j < len(lines) else None, cell["role"] if cell else None, options)
        i = j + 1


def cell_ids(markdown: str) -> list[str]:
    """The ids of a page's run and exercise cells, in order."""
    return [b.options["id"] for b in split(markdown)
            if not isinstance(b, str) and b.role in ("run", "exercise") and "id" in b.options]


def id_problems(pages) -> list[str]:
    """What is wrong with the cell ids of `pages`, (markdown, lang, path) each: an id used
    twice on a page, or a page whose English and Japanese (``NAME.ja.md``) cell ids differ."""
    problems, ids = [], {}
    for markdown, _lang, path in pages:
        ids[path] = cell_ids(markdown)
        twice = sorted({i for i in ids[path] if ids[path].count(i) > 1})
        if twice:
            problems.append(f"{path}: cell id used twice on the page: {', '.join(twice)}")
    for path, theirs in ids.items():
        if path.endswith(".ja.md") and (english := path.removesuffix(".ja.md") + ".md") in ids \
                and ids[english] != theirs:
            problems.append(f"{english} and {path}: the cells' ids differ: {ids[english]} and {theirs} "
                            "(the same cells, in the same order, carry the same ids)")
    return problems


def check_ids(pages) -> None:
    """Stop the build if :func:`id_problems` finds any, naming the pages."""
    problems = id_problems(pages)
    if problems:
        raise SystemExit("nnbook: " + "; ".join(problems))


BOOK_OUTPUT = '<div class="nb-book-output" data-cell="{n}"></div>'
"""Where a run cell's output from the build goes (filled in by the hooks' on_page_content)."""


def mark_cells(markdown: str, lang: str = "en") -> str:
    out: list[str] = []
    number = 0   # the page's run and exercise cells, counted from 1 as the browser counts them
    for block in split(markdown):
        if isinstance(block, str):
            out.append(block)
            continue
        indent, fence, body, role, options = block.indent, block.fence, block.body, block.role, block.options
        closing = block.closing if block.closing is not None else fence
        if role is None:
            out.extend([block.line, *body] + ([block.closing] if block.closing is not None else []))
            continue
        attrs = " ".join(f'data-{key}="{value}"' for key, value in options.items())
        if role in ("run", "exercise"):
            number += 1
            classes = ".python .nb-cell" + (" .nb-exercise" if role == "exercise" else "")
            out.append(f"{indent}{fence} {{ {classes} {attrs} }}".replace("  }", " }"))
            out.extend(body)
            out.append(closing)
            if role == "run":
                out.extend(["", indent + BOOK_OUTPUT.format(n=number), ""])
        elif role == "check":
            code = "\n".join(b[len(indent):] if b.startswith(indent) else b for b in body)
            encoded = base64.b64encode(code.encode()).decode()
            out.append(f'{indent}<div class="nb-check" hidden data-for="{options.get("id", "")}" '
                       f'data-code="{encoded}"></div>')
        else:  # solution
            out.append(f'{indent}<details class="nb-solution" data-for="{options.get("id", "")}" markdown="1">')
            out.append(f"{indent}<summary>{SOLUTION.get(lang, SOLUTION['en'])}</summary>")
            out.append("")
            out.extend([f"{indent}{fence} python", *body, closing])
            out.append("")
            out.append(f"{indent}</details>")
    return "\n".join(out)
