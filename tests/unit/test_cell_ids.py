"""Cell ids (```python run id=NAME```): in the HTML, unique on a page, the same in both languages."""

from pathlib import Path

from sitebuild.cells import id_problems, mark_cells

ROOT = Path(__file__).resolve().parents[2]


def page(*ids):
    return "\n\n".join(f"```python run id={i}\nx = 1\n```" if i else "```python run\nx = 1\n```" for i in ids)


def test_a_run_cells_id_reaches_its_html():
    assert '{ .python .nb-cell data-id="read-path" }' in mark_cells(page("read-path"))


def test_an_id_used_twice_on_a_page_is_refused_naming_page_and_id():
    exercise = "```python exercise id=twice\ndef f(): ...\n```"
    problems = id_problems([(page("twice", None) + "\n\n" + exercise, "en", "docs/x.md")])
    assert problems == ["docs/x.md: cell id used twice on the page: twice"]


def test_english_and_japanese_ids_must_agree():
    en, ja = ("docs/x.md", "docs/x.ja.md")
    assert id_problems([(page("a", None, "b"), "en", en), (page("a", None, "b"), "ja", ja)]) == []
    for other in (page("a", None, "c"), page("b", None, "a"), page("a", None)):
        [problem] = id_problems([(page("a", None, "b"), "en", en), (other, "ja", ja)])
        assert problem.startswith("docs/x.md and docs/x.ja.md: the cells' ids differ")


def test_the_books_pages_pass():
    pages = [(p.read_text(encoding="utf-8"), "ja" if p.name.endswith(".ja.md") else "en",
              p.relative_to(ROOT).as_posix()) for p in sorted((ROOT / "docs").glob("*.md"))]
    assert id_problems(pages) == []
