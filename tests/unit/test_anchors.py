"""Heading anchors: the Japanese pages' are readable (a Unicode slug, as
py/sitebuild/anchors.py makes them), the English pages' are exactly
Python-Markdown's default, and every in-page link of the built site lands on
an id."""

import html
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from markdown.extensions.toc import slugify as default_slugify

ROOT = Path(__file__).resolve().parents[2]
from sitebuild.anchors import JAPANESE, slugify

DOCS, SITE = ROOT / "docs", ROOT / "site"


def headings(md):
    """Heading texts outside code fences, without an explicit { #id }."""
    out, fence = [], False
    for line in md.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and re.match(r"#{1,6} ", line):
            out.append(re.sub(r"\s*\{[^}]*\}\s*$", "", line.lstrip("#").strip()))
    return out


EN = [h for p in sorted(DOCS.glob("*.md")) if not p.name.endswith(".ja.md")
      for h in headings(p.read_text(encoding="utf-8"))]
JA = [(p.name, h) for p in sorted(DOCS.glob("*.ja.md")) for h in headings(p.read_text(encoding="utf-8"))]


def test_english_anchors_are_the_default_ones():
    assert EN
    assert [slugify(h, "-") for h in EN] == [default_slugify(h, "-") for h in EN]


@pytest.mark.parametrize("name, heading", JA)
def test_japanese_anchor_is_readable(name, heading):
    slug = slugify(heading, "-")
    assert slug and not re.fullmatch(r"[\d_-]*", slug), f"{heading!r} → #{slug}"
    if JAPANESE.search(heading):
        assert JAPANESE.search(slug), f"{heading!r} → #{slug}: its words were dropped"


def test_japanese_anchors_are_stable_and_unique_per_page():
    by_page = {}
    for name, heading in JA:
        by_page.setdefault(name, []).append(slugify(heading, "-"))
    for name, slugs in by_page.items():
        assert len(set(slugs)) == len(slugs), (name, slugs)
    # a heading's anchor depends on its words only, not on its place on the page
    assert slugify("2.8 もう一歩先へ: 飽和と勾配消失", "-") == "28-もう一歩先へ-飽和と勾配消失"
    assert slugify("参考文献", "-") == "参考文献"


# ---- the built site (read only: the browser tests build it) --------------------------------

PAGES = sorted(SITE.rglob("index.html")) if SITE.exists() else []


def ids_of(path):
    return {unquote(html.unescape(i)) for i in re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8"))}


@pytest.mark.skipif(not PAGES, reason="site/ is not built")
def test_built_japanese_headings_have_the_slugs_and_english_ones_the_defaults():
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        article = text[text.find("<article"):text.find("</article>")]
        for hid in re.findall(r'<h[1-6] id="([^"]+)"', article):
            hid = unquote(html.unescape(hid))
            assert not re.fullmatch(r"_?\d*", hid), f"{path.relative_to(SITE)}: #{hid}"


@pytest.mark.skipif(not PAGES, reason="site/ is not built")
def test_every_in_site_anchor_link_lands_on_an_id():
    base = "http://site.invalid/"
    missing = []
    for path in PAGES:
        url = base + path.relative_to(SITE).as_posix()
        text = path.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]*#[^"]+)"', text):
            target = urljoin(url, html.unescape(href))
            if not target.startswith(base):
                continue
            page_url, fragment = target.split("#", 1)
            if fragment.startswith("s="):          # the playground's shared settings, not an anchor
                continue
            rel = page_url[len(base):]
            file = SITE / (rel + "index.html" if rel.endswith("/") or not rel else rel)
            if not file.exists() or unquote(fragment) not in ids_of(file):
                missing.append(f"{path.relative_to(SITE)}: {href}")
    assert missing == []
