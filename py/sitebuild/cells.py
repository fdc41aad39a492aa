"""Find runnable cells and exercises in a chapter's Markdown.

Fenced blocks whose opening line starts with ``python`` and a role word:

* ```` ```python run ````: a runnable cell. Rewritten to the attribute form of
  pymdownx.superfences, ```` ``` { .python .nb-cell } ````, which renders as
  ordinary highlighted Python inside ``<div class="nb-cell highlight">``; the
  browser code turns that into an editor.
* ```` ```python exercise id=NAME ````: a cell with a "Check" button.
* ```` ```python check id=NAME ````: the exercise's hidden tests, run in the
  page's namespace after the reader's code; an ``assert cond, "feedback"``
  that fails gives the reader that feedback. Kept out of sight (base64 in a
  data attribute).
* ```` ```python solution id=NAME ````: the reference answer, in a collapsed
  ``<details>`` ("Show solution" opens it; it also works without JavaScript).

Other words ``key=value`` after the role become data attributes. Fences
inside other fences (a page that *shows* the syntax) are left alone.
"""

from __future__ import annotations

import base64
import re

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>.*?)\s*$")
CELL_INFO = re.compile(
    r"^python\s+(?P<role>run|exercise|check|solution)(?P<options>(?:\s+[A-Za-z][\w-]*=[\w.-]+)*)$")
SOLUTION = {"en": "Solution", "ja": "解答"}


def _closes(match, fence: str) -> bool:
    return bool(match) and match["fence"][0] == fence[0] \
        and len(match["fence"]) >= len(fence) and not match["info"]


def mark_cells(markdown: str, lang: str = "en") -> str:
    out: list[str] = []
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        match = FENCE.match(line)
        if not match:
            out.append(line)
            i += 1
            continue
        fence, indent = match["fence"], match["indent"]
        # find the end of this block
        j = i + 1
        while j < len(lines) and not _closes(FENCE.match(lines[j]), fence):
            j += 1
        body = lines[i + 1:j]
        closing = lines[j] if j < len(lines) else fence
        cell = CELL_INFO.match(match["info"])
        if not cell:
            out.extend([line, *body, closing] if j < len(lines) else [line, *body])
            i = j + 1
            continue
        options = dict(option.split("=", 1) for option in cell["options"].split())
        attrs = " ".join(f'data-{key}="{value}"' for key, value in options.items())
        role = cell["role"]
        if role in ("run", "exercise"):
            classes = ".python .nb-cell" + (" .nb-exercise" if role == "exercise" else "")
            out.append(f"{indent}{fence} {{ {classes} {attrs} }}".replace("  }", " }"))
            out.extend(body)
            out.append(closing)
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
        i = j + 1
    return "\n".join(out)
