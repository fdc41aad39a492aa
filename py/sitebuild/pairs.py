"""A page's English and Japanese versions hold the same cells, exercises and widgets.

Called by the hooks before anything runs, so a teacher who adds an exercise (or a
cell, or a widget) in one language only is told at once which page and what is
missing, instead of finding a page that runs other code in the other language.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from sitebuild import cells, widgets


def parts(markdown: str) -> list[str]:
    """The page's cells (role and options) and widget lines, in order, each as written."""
    out = []
    for block in cells.split(markdown):
        if isinstance(block, str):
            if widgets.WIDGET.match(block.strip()):
                out.append(" ".join(block.split()))
        elif block.role is not None:
            out.append(" ".join(["```python", block.role] + [f"{k}={v}" for k, v in block.options.items()]))
    return out


def _kind(part: str) -> str:
    """widget, exercise, check, solution or cell (a run cell)."""
    if part.startswith(":::"):
        return "widget"
    role = part.split()[1]
    return "cell" if role == "run" else role


def differences(english: str, japanese: str) -> list[str]:
    """What one version has that the other lacks, in words (empty if they agree)."""
    en, ja = parts(english), parts(japanese)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=en, b=ja, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out += [f"the {_kind(p)} '{p}' (the English page's part {i1 + k + 1}) is not in the Japanese page"
                    for k, p in enumerate(en[i1:i2])]
        if op in ("insert", "replace"):
            out += [f"the {_kind(p)} '{p}' (the Japanese page's part {j1 + k + 1}) is not in the English page"
                    for k, p in enumerate(ja[j1:j2])]
    return out


def check(docs_dir: str | Path) -> None:
    """Stop the build, naming the pages and what differs, if any page pair disagrees."""
    problems = []
    for en_path in sorted(Path(docs_dir).glob("*.md")):
        if en_path.name.endswith(".ja.md"):
            continue
        ja_path = en_path.with_name(en_path.name.removesuffix(".md") + ".ja.md")
        if not ja_path.exists():
            problems.append(f"{en_path.name} has no Japanese version {ja_path.name}")
            continue
        found = differences(en_path.read_text(encoding="utf-8"), ja_path.read_text(encoding="utf-8"))
        problems += [f"{en_path.name} / {ja_path.name}: {d}" for d in found]
    if problems:
        raise SystemExit("nnbook: the English and Japanese pages must have the same cells, exercises "
                         "and widgets, in the same order:\n  " + "\n  ".join(problems))
