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
    assert set(shown["menus"]["method"]) <= set(OPTIMIZERS) and set(shown["menus"]["init"]) <= set(INITIALIZERS)
    assert 'data-methods="sd,armijo"' in out
    out = mark_widgets("::: widget playground")
    assert json.loads(html_lib.unescape(re.search(r'data-defaults="([^"]*)"', out).group(1)))["settings"] \
        == playground.SETTINGS
    assert "data-defaults" not in mark_widgets("::: widget not-a-widget")   # no Python half: none
