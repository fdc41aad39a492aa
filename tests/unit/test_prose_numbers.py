"""Numbers in the prose come from the code: the inline expressions the build evaluates
(sitebuild.execute), their formatting in both languages, a failure that names page and
line, the cache key, and the allow list of numbers that may stay typed (sitebuild.literals)."""

from pathlib import Path

import pytest

from sitebuild import execute, literals
from sitebuild.page_runner import format_value

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(DOCS.glob("*.md"))


def stem(path):
    return path.name.removesuffix(".md").removesuffix(".ja")


# ---- the allow list -----------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_number_is_typed_into_the_prose_unless_the_allow_list_says_why(path):
    left = literals.unexplained(path.read_text(encoding="utf-8"), stem(path))
    assert left == [], (f"{path.name}: numbers typed into the prose: make each an inline expression "
                        f"{{py}}`…` or, if it is the lecture's constant or definition, add it to "
                        f"sitebuild.literals.ALLOWED with why: " +
                        ", ".join(f"line {line}: {token}" for line, token in left))


def test_every_allowed_literal_has_a_reason_and_is_used():
    text = {p: p.read_text(encoding="utf-8") for p in PAGES}
    for where, entries in literals.ALLOWED.items():
        for token, why in entries.items():
            assert len(why) > 10, f"{where}: {token}: say why it may stay typed"
            pages = [p for p in PAGES if where in ("*", stem(p))]
            assert any(token in [t for _, t in literals.literal_numbers(text[p])] for p in pages), \
                f"{where}: {token} is allowed but no page types it: drop it from the list"


def test_the_scanner_counts_results_and_skips_code_expressions_and_references():
    md = ("# 3.1 A title\n\nIt converged after 131 iterations, E = 0.86 and \\(E = 2.84\\).\n"
          "See chapter 5, [1] and [the page](x.md#k-99).\n\n```python run\nprint(1234)\n```\n"
          "`4567` and {py}`history.iterations` and 12 inputs; rows 011 and 10⁻⁴ and 76 %.\n"
          "<svg><text>333</text></svg>\n")
    assert literals.literal_numbers(md) == [(3, "131"), (3, "0.86"), (3, "2.84"), (9, "10⁻⁴"), (9, "76%")]


# ---- inline expressions -------------------------------------------------------------------

@pytest.mark.parametrize("value, spec, math, text", [
    (131, "", False, "131"),
    (-0.41351, ".3f", False, "−0.414"),
    (-0.0001, ".2f", False, "0.00"),                 # no negative zero
    (2.5e-05, ".1e", False, "2.5·10⁻⁵"),
    (2.5e-05, ".1e", True, "2.5 \\cdot 10^{-5}"),
    (0.7623, ".0%", False, "76%"),
    (12345, ",", False, "12,345"),
    (0.123456, "", False, "0.1235"),
    ("T", "", False, "T"),
])
def test_values_are_written_as_the_book_writes_numbers_in_both_languages(value, spec, math, text):
    import numpy as np
    for lang in ("en", "ja"):
        assert format_value(value, spec, lang, math) == text
        if isinstance(value, float):
            assert format_value(np.float64(value), spec, lang, math) == text


def test_a_spec_is_split_off_only_where_it_is_a_format_spec():
    assert execute.split_spec("E[-1]:.3f") == ("E[-1]", ".3f")
    assert execute.split_spec("h[1:3]") == ("h[1:3]", "")
    assert execute.split_spec("x[:2]") == ("x[:2]", "")
    assert execute.split_spec("(lambda a: a)(3)") == ("(lambda a: a)(3)", "")
    assert execute.split_spec("n:,") == ("n", ",")


def test_expressions_see_the_cells_above_them_and_are_written_into_the_page(tmp_path, monkeypatch):
    monkeypatch.setattr(execute, "CACHE", tmp_path)
    md = ("Before: {py}`nnbook.Network(sizes=(12, 3, 2)).n_params`.\n\n"
          "```python run\nk = 41 + 1\nprint(k)\n```\n\n"
          "After: k = {py}`k`, half of it {py}`k / 84:.2f`, in maths \\(k = {py}`-k`\\).\n")
    book = execute.book_for(md, "ja", "docs/x.ja.md")
    assert book.cells["1"] == [["stdout", "42\n"]]
    out = execute.substitute(md, book)
    assert out.startswith("Before: 47.") and "After: k = 42, half of it 0.50, in maths \\(k = -42\\)." in out


def test_a_failing_expression_stops_the_build_naming_page_and_line(tmp_path, monkeypatch):
    monkeypatch.setattr(execute, "CACHE", tmp_path)
    md = "Fine.\n\n```python run\nx = 1\n```\n\nThe {py}`y + 1` here.\n"
    with pytest.raises(execute.BookError, match=r"docs/p\.md: line 7: \{py\}`y \+ 1` failed: NameError"):
        execute.book_for(md, "en", "docs/p.md")


def test_a_cell_that_raises_unexpectedly_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(execute, "CACHE", tmp_path)
    with pytest.raises(execute.BookError, match=r"docs/p\.md: line 3: cell 1: an error the page does not expect"):
        execute.book_for("Text.\n\n```python run\n1 / 0\n```\n", "en", "docs/p.md")
    book = execute.book_for("```python run expect=error\n1 / 0\n```\n", "en", "docs/q.md")
    assert "ZeroDivisionError" in book.cells["1"][0][1]["traceback"]


# ---- the cache ------------------------------------------------------------------------------

def test_the_cache_key_follows_the_code_not_the_prose():
    page = "Some prose {py}`1 + 1`.\n\n```python run\nprint(1)\n```\n"
    key = execute.cache_key(execute.plan(page), "en")
    assert execute.cache_key(execute.plan("Other words, same code {py}`1 + 1`.\n\n```python run\nprint(1)\n```\n"),
                             "en") == key
    assert execute.cache_key(execute.plan(page.replace("print(1)", "print(2)")), "en") != key
    assert execute.cache_key(execute.plan(page.replace("1 + 1", "1 + 2")), "en") != key
    assert execute.cache_key(execute.plan(page), "ja") != key


def test_the_cache_key_follows_nnbook_and_cellrunner(monkeypatch):
    page = "```python run\nprint(1)\n```\n"
    key = execute.cache_key(execute.plan(page), "en")
    monkeypatch.setattr(execute, "_SOURCES_DIGEST", None)
    real = execute._sources
    monkeypatch.setattr(execute, "_sources", lambda: real()[1:])   # as if a file of nnbook changed
    assert execute.cache_key(execute.plan(page), "en") != key


def test_a_cached_page_is_not_run_again(tmp_path, monkeypatch):
    monkeypatch.setattr(execute, "CACHE", tmp_path)
    monkeypatch.setattr(execute, "_MEMORY", {})
    page = "```python run\nprint(1)\n```\n"
    assert execute.book_for(page, "en", "p").ran
    monkeypatch.setattr(execute, "_MEMORY", {})
    monkeypatch.setattr(execute, "_run_in_process", lambda *a: pytest.fail("ran again"))
    assert not execute.book_for(page, "en", "p").ran
