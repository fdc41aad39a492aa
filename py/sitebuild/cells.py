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
  An exercise's hints are ``??? hint "Hint"`` admonitions between its cell and
  its solution (collapsed; js/cells/hints.mjs shows them one at a time).
* ```` ```python predict id=NAME ````: a prediction (:func:`predictions`). It
  follows a ``!!! question`` admonition, the question (with a numbered list of
  choices, or none for a number), and comes before the run cell whose result
  answers it; prose between the two (which may give the answer away) is held
  back with the cell's book output until the reader commits or skips. Its code sets ``answer`` (the number of the right choice,
  or the number itself) and may set ``why`` (a sentence), from the cell's
  actual result; kept out of sight like a check (js/cells/predict.mjs).

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
    r"^python\s+(?P<role>run|exercise|check|solution|predict)(?P<options>(?:\s+[A-Za-z][\w-]*=[\w.-]+)*)$")
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


QUESTION = re.compile(r'^!!!\s+question\b')


class Prediction(NamedTuple):
    id: str
    code: str
    line: int          # the fence's line, from 1
    choices: int       # the question's numbered choices; 0: the reader gives a number


def predictions(markdown: str) -> list[Prediction]:
    """The page's predictions, checked: each follows its ``!!! question`` admonition
    and comes right before a run cell; raises ValueError naming the line if not."""
    found: list[Prediction] = []
    items = list(split(markdown))
    line = 1
    for n, item in enumerate(items):
        size = 1 if isinstance(item, str) else 1 + len(item.body) + (item.closing is not None)
        if not isinstance(item, str) and item.role == "predict":
            where = f"line {line}: the prediction {item.options.get('id', '')!r}"
            before = [x for x in items[:n] if not (isinstance(x, str) and not x.strip())]
            question = []
            for x in reversed(before):
                if not isinstance(x, str) or not x.startswith("    "):
                    break
                question.append(x)
            if not (before and isinstance(before[-len(question) - 1], str)
                    and QUESTION.match(before[-len(question) - 1]) and question):
                raise ValueError(f"{where} should follow its question, a '!!! question' admonition")
            after = next((x for x in items[n + 1:] if not isinstance(x, str)), None)
            if after is None or after.role != "run":
                raise ValueError(f"{where} should come before the run cell that answers it, with only prose between")
            if not item.options.get("id") or any(p.id == item.options["id"] for p in found):
                raise ValueError(f"{where} needs an id of its own (id=NAME)")
            choices = sum(bool(re.match(r"^    \d+\.\s", x)) for x in question)
            found.append(Prediction(item.options["id"], "\n".join(item.body), line, choices))
        line += size
    return found


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
    predictions(markdown)   # a misplaced prediction stops the build, naming its line
    out: list[str] = []
    reveal = None   # after a prediction: None, "pending" (prose to hold back may follow), "open"
    number = 0   # the page's run and exercise cells, counted from 1 as the browser counts them
    for block in split(markdown):
        if isinstance(block, str):
            if reveal == "pending" and block.strip():   # prose the prediction holds back (js/cells/predict.mjs)
                out.extend(["", '<div class="nb-reveal" markdown="1">', ""])
                reveal = "open"
            out.append(block)
            continue
        if reveal == "open":
            out.extend(["", "</div>", ""])
        reveal = None
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
        elif role == "predict":
            encoded = base64.b64encode("\n".join(body).encode()).decode()
            out.append(f'{indent}<div class="nb-predict" data-for="{options.get("id", "")}" '
                       f'data-code="{encoded}"></div>')
            reveal = "pending"
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
