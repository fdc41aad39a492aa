"""Widgets in a chapter's Markdown: one line, ``::: widget NAME key=value …``.

It becomes ``<div class="nb-widget" data-widget="NAME" data-key="value">``
holding a sentence that says the widget needs JavaScript; the browser code
(``js/widgets/``) replaces that sentence with the widget. Lines inside fenced
code blocks are left alone.
"""

from __future__ import annotations

import html
import re

from sitebuild.cells import FENCE

WIDGET = re.compile(r"^:::\s*widget\s+(?P<name>[a-z][a-z0-9-]*)(?P<options>(?:\s+[A-Za-z][\w-]*=[\w.,:-]+)*)\s*$")
NEEDS_JS = {
    "en": "This interactive widget needs JavaScript, which is turned off or not supported here.",
    "ja": "この対話型ウィジェットには JavaScript が必要です (無効になっているか、対応していません)。",
}


def mark_widgets(markdown: str, lang: str = "en") -> str:
    out = []
    open_fence = None
    for line in markdown.split("\n"):
        fence = FENCE.match(line)
        if open_fence is None and fence:
            open_fence = fence["fence"]
        elif open_fence is not None and fence and fence["fence"][0] == open_fence[0] \
                and len(fence["fence"]) >= len(open_fence) and not fence["info"]:
            open_fence = None
        elif open_fence is None:
            match = WIDGET.match(line)
            if match:
                attrs = "".join(
                    f' data-{key}="{html.escape(value)}"' for key, value in
                    (option.split("=", 1) for option in match["options"].split()))
                line = (f'<div class="nb-widget" data-widget="{match["name"]}"{attrs}>'
                        f'<p class="nb-widget__nojs">{NEEDS_JS.get(lang, NEEDS_JS["en"])}</p></div>')
        out.append(line)
    return "\n".join(out)
