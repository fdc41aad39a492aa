"""Cells, exercises and widgets in Markdown (the build hooks)."""

import base64

from sitebuild.cells import mark_cells
from sitebuild.widgets import mark_widgets


def test_python_run_becomes_a_cell_and_plain_python_stays():
    md = "```python run\nx = 1\n```\n\n```python\ny = 2\n```"
    out = mark_cells(md)
    assert "``` { .python .nb-cell }\nx = 1\n```" in out
    assert "```python\ny = 2\n```" in out


def test_options_become_data_attributes():
    assert "{ .python .nb-cell data-expect=\"error\" }" in mark_cells("```python run expect=error\n1/0\n```")


def test_a_fence_that_shows_the_syntax_is_left_alone():
    md = "````markdown\n```python run\nx = 1\n```\n````"
    assert mark_cells(md) == md


def test_exercise_check_and_solution():
    md = ("```python exercise id=e1\ndef f(): ...\n```\n"
          "```python check id=e1\nassert f() == 1, \"f() should be 1\"\n```\n"
          "```python solution id=e1\ndef f(): return 1\n```")
    out = mark_cells(md, lang="ja")
    assert "{ .python .nb-cell .nb-exercise data-id=\"e1\" }" in out
    encoded = out.split('data-code="')[1].split('"')[0]
    assert base64.b64decode(encoded).decode() == 'assert f() == 1, "f() should be 1"'
    assert "assert f()" not in out.replace(encoded, "")  # the checks are not in the page text
    assert '<details class="nb-solution" data-for="e1" markdown="1">' in out
    assert "<summary>解答</summary>" in out and "def f(): return 1" in out


def test_widget_line_becomes_a_placeholder_that_needs_javascript():
    out = mark_widgets("Text\n\n::: widget pixel-grid size=4x3\n", lang="en")
    assert '<div class="nb-widget" data-widget="pixel-grid" data-size="4x3" data-defaults="' in out
    assert "needs JavaScript" in out
    assert "JavaScript が必要" in mark_widgets("::: widget pixel-grid", lang="ja")


def test_widget_line_inside_code_is_left_alone():
    md = "```\n::: widget pixel-grid\n```"
    assert mark_widgets(md) == md


def test_a_widget_with_defaults_carries_nnbooks_own_in_the_page():
    """The build renders a widget's defaults() (from nnbook's registries) into the page, so the
    widget shows them before Python answers; a widget without defaults() gets none."""
    import html as html_lib
    import json
    import re
    from nnbook.widgets import playground, trainer, training_run
    from nnbook.initializers import INITIALIZERS
    from nnbook.optimizers import OPTIMIZERS
    out = mark_widgets("::: widget trainer methods=sd,armijo")
    shown = json.loads(html_lib.unescape(re.search(r'data-defaults="([^"]*)"', out).group(1)))
    assert shown == trainer.defaults()
    assert shown["settings"] == training_run.SETTINGS
    menus = {rule["key"]: rule.get("choices") for rule in shown["schema"]}
    assert set(menus["method"]) <= set(OPTIMIZERS) and set(menus["init"]) <= set(INITIALIZERS)
    assert 'data-methods="sd,armijo"' in out
    out = mark_widgets("::: widget playground")
    assert json.loads(html_lib.unescape(re.search(r'data-defaults="([^"]*)"', out).group(1)))["settings"] \
        == playground.SETTINGS
    assert "data-defaults" not in mark_widgets("::: widget not-a-widget")   # no Python half: none


# ---- predictions and hints (issue 23) ----------------------------------------------------

PREDICTION = ('!!! question "Predict, then run"\n    Will E be smaller?\n\n    1. Yes\n    2. No\n\n'
              '```python predict id=smaller\nanswer = 1 if E2 < E else 2\nwhy = "fewer errors"\n```\n\n'
              '```python run\nE2 = E / 2\n```\n')


def test_a_prediction_is_parsed_with_its_choices_and_kept_out_of_sight():
    from sitebuild.cells import predictions
    [p] = predictions(PREDICTION)
    assert (p.id, p.line, p.choices) == ("smaller", 7, 2)
    assert p.code == 'answer = 1 if E2 < E else 2\nwhy = "fewer errors"'
    out = mark_cells(PREDICTION)
    encoded = out.split('<div class="nb-predict" data-for="smaller" data-code="')[1].split('"')[0]
    assert base64.b64decode(encoded).decode() == p.code
    assert "answer =" not in out.replace(encoded, "") and "fewer errors" not in out.replace(encoded, "")
    # the question stays Markdown (readable without scripts), the cell right after it a cell
    assert out.startswith('!!! question "Predict, then run"\n    Will E be smaller?')
    assert out.index("nb-predict") < out.index(".nb-cell")
    # prose between the prediction and its cell (it may give the answer away) is held back with the output
    between = mark_cells(PREDICTION.replace("```\n\n```python run", "```\n\nIt halves, of course.\n\n```python run"))
    assert '<div class="nb-reveal" markdown="1">\n\nIt halves, of course.\n\n\n</div>' in between
    assert between.index("nb-reveal") < between.index(".nb-cell")
    number = PREDICTION.replace("\n    1. Yes\n    2. No\n", "")
    assert predictions(number)[0].choices == 0     # no list: the reader gives a number


def test_a_misplaced_prediction_stops_the_build_naming_its_line():
    import pytest
    from sitebuild.cells import predictions
    without_question = PREDICTION.split("\n\n", 2)[2]
    with pytest.raises(ValueError, match=r"line 1: the prediction 'smaller' should follow its question"):
        predictions(without_question)
    without_cell = PREDICTION.replace("```python run\nE2 = E / 2\n```\n", "More prose.\n")
    with pytest.raises(ValueError, match=r"line 7: .* before the run cell that answers it"):
        mark_cells(without_cell)
    twice = PREDICTION + "\n" + PREDICTION
    with pytest.raises(ValueError, match=r"an id of its own"):
        predictions(twice)


def test_every_prediction_and_hint_of_the_book_is_well_formed_in_both_languages():
    """Each page's predictions parse, and the English and Japanese pages ask the same ones with as
    many choices; each exercise's hints (1 to 3) lie between its cell and its solution, as many in both."""
    import re
    from pathlib import Path
    from sitebuild.cells import predictions, split
    docs = Path(__file__).resolve().parents[2] / "docs"
    asked = 0
    for en in sorted(docs.glob("*.md")):
        if en.name.endswith(".ja.md"):
            continue
        pages = [en.read_text(encoding="utf-8"), en.with_suffix(".ja.md").read_text(encoding="utf-8")]
        shapes = [[(p.id, p.choices) for p in predictions(md)] for md in pages]
        assert shapes[0] == shapes[1], f"{en.name}: the predictions differ between the languages"
        asked += len(shapes[0])
        hints = []
        for md in pages:
            counts, current = {}, None
            for item in split(md):
                if isinstance(item, str):
                    if re.match(r'^\?\?\? hint\b', item):
                        assert current, f"{en.name}: a hint outside an exercise"
                        counts[current] += 1
                elif item.role == "exercise":
                    current = item.options["id"]
                    counts[current] = 0
                elif item.role in ("solution", "run"):
                    current = None
            hints.append(counts)
        assert hints[0] == hints[1], f"{en.name}: the hints differ between the languages"
        for exercise, n in hints[0].items():
            assert 1 <= n <= 3, f"{en.name}: exercise {exercise} has {n} hints (one to three)"
    assert asked >= 1
