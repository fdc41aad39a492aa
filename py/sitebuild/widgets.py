"""Widgets in a chapter's Markdown: one line, ``::: widget NAME key=value …``.

It becomes ``<div class="nb-widget" data-widget="NAME" data-key="value">``
holding a sentence that says the widget needs JavaScript; the browser code
(``js/widgets/``) replaces that sentence with the widget. Lines inside fenced
code blocks are left alone.

A widget whose Python half ``nnbook.widgets.NAME`` has a function
``defaults()`` also gets ``data-defaults="JSON"``: what it shows (greyed)
before Python answers, its settings and menus taken from nnbook's registries
at build time, so the page never copies them and nothing flips when Python starts.
"""

from __future__ import annotations

import html
import importlib
import json
import re

from sitebuild.cells import split

WIDGET = re.compile(r"^:::\s*widget\s+(?P<name>[a-z][a-z0-9-]*)(?P<options>(?:\s+[A-Za-z][\w-]*=[\w.,:-]+)*)\s*$")
"""The folder of nnbook (and of sitebuild)."""
NEEDS_JS = {
    "en": "This interactive widget needs JavaScript, which is turned off or not supported here.",
    "ja": "この対話型ウィジェットには JavaScript が必要です (無効になっているか、対応していません)。",
}


def parse(line: str):
    """``(name, options)`` if ``line`` is a widget line, else ``None``."""
    match = WIDGET.match(line)
    if not match:
        return None
    return match["name"], dict(option.split("=", 1) for option in match["options"].split())


def defaults(name: str):
    """``nnbook.widgets.NAME.defaults()`` as JSON text, or None if it has none."""
    path = "nnbook.widgets." + name.replace("-", "_")
    try:
        module = importlib.import_module(path)
    except ModuleNotFoundError as err:
        if err.name == path:
            return None
        raise
    fn = getattr(module, "defaults", None)
    return None if fn is None else json.dumps(fn(), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def mark_widgets(markdown: str, lang: str = "en") -> str:
    out = []
    for block in split(markdown):
        if not isinstance(block, str):
            out.extend([block.line, *block.body] + ([block.closing] if block.closing is not None else []))
            continue
        widget = parse(block)
        if widget:
            name, options = widget
            attrs = "".join(f' data-{key}="{html.escape(value)}"' for key, value in options.items())
            shown = defaults(name)
            if shown is not None:
                attrs += f' data-defaults="{html.escape(shown)}"'
            block = (f'<div class="nb-widget" data-widget="{name}"{attrs}>'
                     f'<p class="nb-widget__nojs">{NEEDS_JS.get(lang, NEEDS_JS["en"])}</p></div>')
        out.append(block)
    return "\n".join(out)
