"""The book's terms (terms.yml beside this file) and the glossary page made from them.

A line ``::: glossary`` in docs/glossary.md (and glossary.ja.md) becomes, at build
time, one table per chapter: each term's English and Japanese names, its
definition in the page's language, and a link to the section that introduces it.
Nothing of it is copied by hand, so the page cannot drift from the terms file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

TERMS_FILE = Path(__file__).with_name("terms.yml")
DOCS = Path(__file__).resolve().parents[2] / "docs"
JAPANESE_TEXT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MARKER = re.compile(r"^::: glossary[ \t]*$", re.M)
FIELDS = ("id", "en", "ja", "def_en", "def_ja", "page", "anchor_en", "anchor_ja")
HEADER = {"en": "| English | 日本語 | Meaning |\n|---|---|---|",
          "ja": "| 日本語 | English | 意味 |\n|---|---|---|"}


@lru_cache(maxsize=1)
def _load() -> dict:
    data = yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))
    for term in data["terms"]:
        missing = [f for f in FIELDS if f not in term]
        if missing:
            raise ValueError(f"{TERMS_FILE.name}: term {term.get('id', term)!r} lacks {', '.join(missing)}")
    return data


def terms() -> list[dict]:
    """Every term, in the order the book introduces them."""
    return _load()["terms"]


def long_vowel_words() -> list[str]:
    """The -er/-or/-ar loanwords the book writes with a final ー (the glossary's note)."""
    return _load()["long_vowel"]


def page_file(page: str, lang: str) -> str:
    return f"{page}.ja.md" if lang == "ja" else f"{page}.md"


def link(term: dict, lang: str) -> str:
    """The term's introduction, as a link from a page in docs/ (anchor may be empty)."""
    anchor = term[f"anchor_{lang}"]
    return page_file(term["page"], lang) + (f"#{anchor}" if anchor else "")


def chapter_title(page: str, lang: str, docs: Path = DOCS) -> str:
    """A page's title, its first line ``# …``."""
    for line in (docs / page_file(page, lang)).read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{page_file(page, lang)} has no title line '# …'")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def by_chapter() -> dict[str, list[dict]]:
    """The terms grouped by the page that introduces them, pages and terms in the file's order."""
    out: dict[str, list[dict]] = {}
    for term in terms():
        out.setdefault(term["page"], []).append(term)
    return out


def tables(lang: str, docs: Path = DOCS) -> str:
    """The glossary's body: a heading and a table for each chapter, in the book's order."""
    out = []
    for page, group in by_chapter().items():
        out += ["", f"## {chapter_title(page, lang, docs)}", "", HEADER[lang]]
        for term in group:
            out.append(row(term, lang))
    return "\n".join(out).strip() + "\n"


def row(term: dict, lang: str) -> str:
    """One table row: the name in the page's language (linked), the other name, the definition."""
    first, second = (term["ja"], term["en"]) if lang == "ja" else (term["en"], term["ja"])
    return f"| [{_cell(first)}]({link(term, lang)}) | {_cell(second)} | {_cell(term['def_' + lang])} |"


def expand(markdown: str, lang: str) -> str:
    """The page with its ``::: glossary`` line replaced by the tables (other pages unchanged)."""
    return MARKER.sub(lambda _: tables(lang), markdown)


def sections(markdown: str) -> dict[str, str]:
    """A page's sections by anchor (as the build makes them, sitebuild.anchors), each the
    Markdown from its heading to the next heading of the same or a higher level; "" is
    the whole page."""
    import markdown as md

    from sitebuild import anchors

    lines, fence, heads = markdown.splitlines(), None, []
    plain = []
    for i, line in enumerate(lines):
        m = re.match(r"\s*(`{3,}|~{3,})", line)
        if m and (fence is None or m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)):
            fence = m.group(1) if fence is None else None
            plain.append("")
            continue
        if fence is None and re.match(r"#{1,6} ", line):
            heads.append(i)
        plain.append("" if fence else line)
    parser = md.Markdown(extensions=["toc", "attr_list"],
                         extension_configs={"toc": {"slugify": anchors.slugify}})
    parser.convert("\n".join(plain))

    def flat(tokens):
        for t in tokens:
            yield t
            yield from flat(t["children"])

    tokens = list(flat(parser.toc_tokens))
    assert len(tokens) == len(heads), "a heading the toc did not count"
    out = {"": markdown}
    for n, (i, token) in enumerate(zip(heads, tokens)):
        end = next((j for j, t in zip(heads[n + 1:], tokens[n + 1:]) if t["level"] <= token["level"]), len(lines))
        out[token["id"]] = "\n".join(lines[i:end])
    return out
