"""The build stops, naming the page and what differs, when a page's English and Japanese
versions do not hold the same cells, exercises and widgets (sitebuild.pairs, called by
the hooks' on_pre_build before any cell runs)."""

import shutil
from pathlib import Path

import pytest

from sitebuild import hooks, pairs

DOCS = Path(__file__).resolve().parents[2] / "docs"

EN = """# A page

```python run
x = 1
```

```python exercise id=double
def double(x): ...
```

```python check id=double
assert double(2) == 4
```

::: widget trainer seed=0
"""


def test_the_books_pages_agree():
    pairs.check(DOCS)


def test_an_exercise_added_in_english_only_is_named_with_its_page(tmp_path):
    (tmp_path / "page.md").write_text(EN, encoding="utf-8")
    ja = EN.replace("# A page", "# ページ")
    ja = ja[:ja.index("```python exercise")] + "::: widget trainer seed=0\n"
    (tmp_path / "page.ja.md").write_text(ja, encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        pairs.check(tmp_path)
    message = str(stop.value)
    assert "page.md / page.ja.md" in message
    assert "the exercise '```python exercise id=double'" in message and "not in the Japanese page" in message
    assert "the check '```python check id=double'" in message
    assert "trainer" not in message                  # the widget is in both: not reported


def test_a_widget_or_option_that_differs_and_a_missing_translation_are_named(tmp_path):
    (tmp_path / "page.md").write_text(EN, encoding="utf-8")
    (tmp_path / "page.ja.md").write_text(EN.replace("seed=0", "seed=1"), encoding="utf-8")
    (tmp_path / "other.md").write_text("# Other\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        pairs.check(tmp_path)
    message = str(stop.value)
    assert "::: widget trainer seed=0' (the English page's part 4) is not in the Japanese page" in message
    assert "::: widget trainer seed=1' (the Japanese page's part 4) is not in the English page" in message
    assert "other.md has no Japanese version other.ja.md" in message


def test_the_build_runs_the_check_before_any_cell(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    text = (docs / "neurons.ja.md").read_text(encoding="utf-8")
    (docs / "neurons.ja.md").write_text(text.replace("```python exercise id=nor", "```python run", 1),
                                        encoding="utf-8")
    ran = []
    monkeypatch.setattr(hooks.execute, "prepare", lambda pages: ran.append(pages) or 0)
    with pytest.raises(SystemExit) as stop:
        hooks.on_pre_build({"docs_dir": str(docs)})
    assert "neurons.md / neurons.ja.md" in str(stop.value) and "exercise id=nor" in str(stop.value)
    assert ran == []
