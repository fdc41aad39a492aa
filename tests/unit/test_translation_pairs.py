"""Every English page and its Japanese translation match one to one: the same
cells (kind and options, in order), widgets, exercises, headings (level by
level, in order) and references to the lecture's books."""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAIRS = sorted(p.name[: -len(".md")] for p in DOCS.glob("*.md") if not p.name.endswith(".ja.md"))


def read(name, lang):
    return (DOCS / (f"{name}.ja.md" if lang == "ja" else f"{name}.md")).read_text(encoding="utf-8")


def structure(md):
    """Cells (the fence's options), widget lines and heading levels, in page order."""
    cells, widgets, headings, fence = [], [], [], False
    for line in md.splitlines():
        if line.startswith("```"):
            if not fence and line.startswith("```python"):
                cells.append(line[len("```python"):].split())
            fence = not fence
            continue
        if fence:
            continue
        if line.startswith("::: widget"):
            widgets.append(line.split()[2:])
        m = re.match(r"(#{1,6}) ", line)
        if m:
            headings.append(len(m.group(1)))
    return cells, widgets, headings


def test_every_english_page_has_a_japanese_one():
    assert PAIRS and all((DOCS / f"{name}.ja.md").exists() for name in PAIRS)


@pytest.mark.parametrize("name", PAIRS)
def test_same_cells_widgets_exercises_and_headings(name):
    en_cells, en_widgets, en_headings = structure(read(name, "en"))
    ja_cells, ja_widgets, ja_headings = structure(read(name, "ja"))
    assert ja_cells == en_cells                      # run / exercise / check / solution, ids, in order
    assert ja_widgets == en_widgets
    exercises = [c for c in en_cells if c and c[0] == "exercise"]
    assert [c for c in ja_cells if c and c[0] == "exercise"] == exercises
    for level in range(1, 7):                        # the same number of headings at each level ...
        assert ja_headings.count(level) == en_headings.count(level), f"h{level}"
    assert ja_headings == en_headings                # ... and in the same order


@pytest.mark.parametrize("name", PAIRS)
def test_same_citations_of_the_lecture_references(name):
    en, ja = read(name, "en"), read(name, "ja")
    assert ja.count("(index.md#参考文献)") == en.count("(index.md#references)")
    for n in ("[1]", "[2]"):
        assert ja.count(n) == en.count(n), n


def references(md, title):
    section = md[md.index(f"## {title}\n"):]
    items = re.split(r"\n(?=\d\. )", section.split("\n## ")[0])[1:]
    return [re.sub(r"\s+", " ", item) for item in items]


def test_both_home_pages_list_the_lectures_two_references_alike():
    en = references(read("index", "en"), "References")
    ja = references(read("index", "ja"), "参考文献")
    assert len(en) == len(ja) == 2
    # as the slides cite them: [1] on the 4×3 example slide, [2] on the supplement
    for items in (en, ja):
        assert items[0].startswith("1. 涌井良幸・涌井貞美『Excelでわかる機械学習 超入門』")
        assert "技術評論社" in items[0] and "2019" in items[0] and "5" in items[0]
        assert items[1].startswith("2. 斎藤康毅『ゼロから作るDeep Learning』")
        assert "オライリー・ジャパン" in items[1] and "2016" in items[1] and "6" in items[1]


@pytest.mark.parametrize("lang, link", [("en", "(index.md#references)"), ("ja", "(index.md#参考文献)")])
def test_reference_1_is_cited_where_the_ct_example_starts(lang, link):
    md = read("ct-network", lang)
    first_section = md[: md.index("\n## ")]
    assert "[1]" in first_section and "涌井" in first_section and link in first_section


def cell_code(md):
    code, fence = [], None
    for line in md.splitlines():
        if line.startswith("```"):
            fence = [] if fence is None and line.startswith("```python") else None
            if fence is not None:
                code.append(fence)
            continue
        if fence is not None:
            fence.append(line)
    return ["\n".join(c) for c in code]


@pytest.mark.parametrize("name", PAIRS)
def test_japanese_cells_print_japanese_verdicts(name):
    """The verdict a Japanese page prints is C, T or どちらでもない, never "neither"."""
    for code in cell_code(read(name, "ja")):
        assert '"neither"' not in code and "'neither'" not in code, code
        if re.search(r"from nnbook\.\S+ import verdict", code):
            for call in calls(code, "verdict"):
                assert re.search(r"lang=[\"']ja[\"']", call), call


def calls(code, name):
    """The text of every call name(…) in code, parentheses balanced."""
    out = []
    for m in re.finditer(rf"(?<![\w.]){name}\(", code):
        depth, i = 0, m.end() - 1
        for i in range(m.end() - 1, len(code)):
            depth += {"(": 1, ")": -1}.get(code[i], 0)
            if depth == 0:
                break
        out.append(code[m.start():i + 1])
    return [c for c in out if not c.startswith(f"{name}(z):")]
