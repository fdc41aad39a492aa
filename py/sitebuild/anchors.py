"""MkDocs hook: readable, stable anchors for Japanese headings.

Python-Markdown's default slug keeps only ASCII, so a Japanese heading such as
"2.8 もう一歩先へ: 飽和と勾配消失" became "#28", and one with no ASCII at all
"#_1", "#_2" … (numbered by position, so they moved whenever a heading was
added). Here a heading that contains Japanese gets a Unicode slug
("#28-もう一歩先へ-飽和と勾配消失"); every other heading keeps exactly the
default slug, so the English pages' anchors do not change.
"""

from __future__ import annotations

import re
import unicodedata

from markdown.extensions.toc import slugify as ascii_slugify
from markdown.extensions.toc import slugify_unicode

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
"""Hiragana, katakana, CJK ideographs, and full-width forms."""


def slugify(value: str, separator: str) -> str:
    """The anchor of a heading: Unicode-aware if it has Japanese, else the default."""
    if JAPANESE.search(value):
        return slugify_unicode(unicodedata.normalize("NFKC", value), separator)
    return ascii_slugify(value, separator)


def on_config(config):
    config["mdx_configs"].setdefault("toc", {})["slugify"] = slugify
    return config
