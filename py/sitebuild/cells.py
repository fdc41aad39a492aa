"""Find runnable cells in a chapter's Markdown.

A cell is a fenced code block whose opening line is ```` ```python run ````
(three or more backticks or tildes). It is rewritten to the attribute form
of pymdownx.superfences, ```` ``` { .python .nb-cell } ````, which renders as
ordinary highlighted Python inside ``<div class="nb-cell highlight">``; the
browser code turns that into an editor. Fences inside other fences (a page
that *shows* the syntax) are left alone.

Words after ``run`` become data attributes, for example
```` ```python run id=sigmoid ```` gives ``data-id="sigmoid"``.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>.*?)\s*$")
CELL_INFO = re.compile(r"^python\s+run(?P<options>(?:\s+[A-Za-z][\w-]*=[\w.-]+)*)$")


def mark_cells(markdown: str) -> str:
    out = []
    open_fence: str | None = None
    for line in markdown.split("\n"):
        match = FENCE.match(line)
        if open_fence is None:
            if match:
                open_fence = match["fence"]
                cell = CELL_INFO.match(match["info"])
                if cell:
                    attrs = " ".join(
                        f'data-{key}="{value}"' for key, value in
                        (option.split("=", 1) for option in cell["options"].split()))
                    line = (f"{match['indent']}{match['fence']} "
                            f"{{ .python .nb-cell {attrs} }}".replace("  }", " }"))
        elif match and match["fence"][0] == open_fence[0] \
                and len(match["fence"]) >= len(open_fence) and not match["info"]:
            open_fence = None
        out.append(line)
    return "\n".join(out)
