"""The chapter-to-notebook converter (py/sitebuild/notebooks.py) on every Markdown feature the chapters use."""

import builtins
import contextlib
import io

import nbformat
import pytest

from sitebuild.notebooks import WIDGETS, convert, uncomment_solution

FENCE = "```"


def cells(markdown, lang="en", **kw):
    nb = convert(markdown, lang, **kw)
    nbformat.validate(nb)
    return nb.cells


def roles(cs):
    return [c.metadata.get("nnbook", {}).get("role", c.cell_type) for c in cs]


def markdown_text(cs):
    return "\n".join(c.source for c in cs if c.cell_type == "markdown")


def converted_text(md, *parts):
    """The Markdown cells' text of md's notebook, which has each of `parts` in it."""
    text = markdown_text(cells(md))
    for part in parts:
        assert part in text, (part, text)
    return text


def printed(source, namespace):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(source, namespace)
    return out.getvalue()


def test_inline_and_display_mathematics_become_dollars():
    text = markdown_text(cells("The sum \\( s = \\mathbf{w}^\\top\\mathbf{x} \\) is\n\n"
                               "\\[\n  E = \\tfrac12 \\sum_p e_p\n\\]\n\nand `\\(` in code stays."))
    assert "$s = \\mathbf{w}^\\top\\mathbf{x}$" in text
    assert "$$E = \\tfrac12 \\sum_p e_p$$" in text
    assert "`\\(`" in text and "\\[" not in text


def test_admonitions_become_a_bold_title_and_their_body_unindented():
    md = ('Before.\n\n!!! note "Why ½?"\n    The ½ cancels the 2.\n\n    Second paragraph.\n\n'
          '??? tip\n    Hidden hint.\n\n???+ info "Open"\n    Open body.\n\nAfter.')
    text = converted_text(md, "**Why ½?**\n\nThe ½ cancels the 2.\n\nSecond paragraph.", "**Tip**\n\nHidden hint.",
                          "**Open**\n\nOpen body.")
    assert "!!!" not in text and "???" not in text and "    " not in text
    assert text.index("Before.") < text.index("Why") < text.index("After.")


def test_content_tabs_and_nested_admonitions():
    md = ('=== "NumPy"\n    Use `np.exp`.\n\n    !!! note "Inside"\n        Nested body.\n\n'
          '=== "Plain Python"\n    Use `math.exp`.')
    converted_text(md, "**NumPy**\n\nUse `np.exp`.", "**Inside**\n\nNested body.", "**Plain Python**\n\nUse `math.exp`.")


def test_a_cell_inside_an_admonition_is_still_a_code_cell():
    cs = cells(f'!!! tip "Try"\n    Run it:\n\n    {FENCE}python run\n    x = 1\n    print(x)\n    {FENCE}\n')
    code = [c for c in cs if roles([c]) == ["run"]]
    assert [c.source for c in code] == ["x = 1\nprint(x)"]


def test_run_cells_become_code_cells_in_order_after_the_setup_cell():
    md = f"# T\n\nText.\n\n{FENCE}python run\na = 1\n{FENCE}\n\nMore.\n\n{FENCE}python run\nb = a + 1\n{FENCE}\n"
    cs = cells(md)
    assert roles(cs) == ["setup", "markdown", "run", "markdown", "run"]
    assert [c.source for c in cs if roles([c]) == ["run"]] == ["a = 1", "b = a + 1"]
    assert all(c.outputs == [] and c.execution_count is None for c in cs if c.cell_type == "code")


def test_expect_error_cells_are_tagged_raises_exception():
    cs = cells(f"{FENCE}python run expect=error\n1 / 0\n{FENCE}\n\n{FENCE}python run\n2\n{FENCE}")
    tags = [c.metadata.get("tags", []) for c in cs if roles([c]) == ["run"]]
    assert tags == [["raises-exception"], []]


EXERCISE = f"""Write `double`.

{FENCE}python exercise id=double
def double(x):
    return ...
{FENCE}

{FENCE}python check id=double
assert double(2) == 4, "double(2) should be 4"
_scratch = 1
{FENCE}

{FENCE}python solution id=double
def double(x):
    return 2 * x
{FENCE}
"""


def test_an_exercise_is_the_starting_code_a_check_and_a_hidden_solution():
    cs = [c for c in cells(EXERCISE) if c.cell_type == "code"][1:]
    assert roles(cs) == ["exercise", "check", "solution"]
    assert [c.metadata.nnbook["id"] for c in cs] == ["double"] * 3
    assert [c.metadata["tags"] for c in cs] == [["exercise"], ["check"], ["solution"]]
    assert cs[0].source == "def double(x):\n    return ..."
    solution = cs[2]
    assert solution.metadata["jupyter"] == {"source_hidden": True}
    assert all(line.startswith("#") for line in solution.source.split("\n")), "a solution never runs by itself"
    assert uncomment_solution(solution.source) == "def double(x):\n    return 2 * x"


def test_the_check_cell_says_not_yet_then_correct_and_leaks_nothing():
    exercise, check, solution = [c for c in cells(EXERCISE) if c.cell_type == "code"][1:]
    ns = {}
    exec(exercise.source, ns)
    assert printed(check.source, ns).strip() == "✗ Not yet: double(2) should be 4"
    exec(uncomment_solution(solution.source), ns)
    assert printed(check.source, ns).strip() == "✓ Correct!"
    assert "_scratch" not in ns, "the tests run on a copy of the namespace, as on the page"
    ns.pop("double")
    assert printed(check.source, ns).startswith("✗ Not yet: NameError")


def test_a_widget_becomes_a_note_and_the_nnbook_call_that_computes_it():
    cs = cells("Before.\n\n::: widget trainer\n\nAfter.")
    assert roles(cs) == ["setup", "markdown", "markdown", "widget", "markdown"]
    note, code = cs[2], cs[3]
    assert "trainer" in note.source and "nnbook" in note.source
    assert code.source == WIDGETS["trainer"].code and code.metadata.nnbook["widget"] == "trainer"
    unknown = cells("::: widget no-such-widget")
    assert roles(unknown) == ["setup", "markdown"] and "site" in unknown[1].source


def test_every_widget_of_the_book_has_a_note():
    from pathlib import Path
    from sitebuild.widgets import parse
    docs = Path(__file__).resolve().parents[2] / "docs"
    used = {parse(line)[0] for page in docs.glob("*.md") for line in page.read_text().split("\n") if parse(line)}
    assert used and used <= set(WIDGETS)


def test_fences_that_only_show_code_stay_markdown():
    md = f"See:\n\n{FENCE}python\nk = 0   # \\( not math \\)\n{FENCE}\n\n::: widget trainer inside text? no\n"
    cs = cells(md)
    assert roles(cs) == ["setup", "markdown"]
    assert f"{FENCE}python\nk = 0   # \\( not math \\)\n{FENCE}" in cs[1].source
    shown = cells(f"````markdown\n{FENCE}python run\nx = 1\n{FENCE}\n````")
    assert roles(shown) == ["setup", "markdown"], "a page that shows the cell syntax has no cell"


def test_heading_attributes_are_dropped_and_chapter_links_point_to_the_site():
    text = markdown_text(cells("## From e to E { #from-e-to-e }\n\nSee [chapter 3](ct-network.md#the-net) "
                               "and [home](index.md).", "ja", site_url="https://example.org/nn/"))
    assert "## From e to E\n" in text
    assert "(https://example.org/nn/ja/ct-network/#the-net)" in text
    assert "(https://example.org/nn/ja/)" in text


def test_japanese_pages_get_japanese_cells():
    cs = cells("# 7. 学習\n\n::: widget trainer\n\n" + EXERCISE, "ja", title="7. 学習",
               page_url="https://example.org/ja/training/", wheel_url="https://example.org/w.whl")
    assert "[7. 学習](https://example.org/ja/training/)" in cs[0].source
    assert "nnbook がインストールされていません" in cs[1].source
    assert "ウィジェット" in markdown_text(cs)
    check = next(c for c in cs if roles([c]) == ["check"])
    ns = {"double": lambda x: x}
    assert printed(check.source, ns).startswith("✗ まだです:")
    assert "解答" in next(c for c in cs if roles([c]) == ["solution"]).source


def test_a_japanese_notebook_prints_nnbook_in_japanese_after_its_setup_cell():
    from nnbook import _checks
    message = "import nnbook\nX, T, _ = nnbook.data.slide_images()\nm = nnbook.train(nnbook.Network(seed=0), X, T, lr=2.0, epsilon=0.01).message"
    said = {}
    try:
        for lang in ("en", "ja"):   # each notebook has a kernel of its own: English first
            ns = {}
            exec(cells("", lang)[0].source + "\n" + message, ns)
            said[lang] = ns["m"]
    finally:
        _checks.set_language("en")
    assert said["ja"].startswith("収束しました") and said["en"].startswith("converged")


def test_the_setup_cell_names_the_wheel_and_never_installs(monkeypatch):
    setup = cells("", wheel_url="https://example.org/assets/nnbook-0.1.0-py3-none-any.whl")[0]
    assert "pip install https://example.org/assets/nnbook-0.1.0-py3-none-any.whl" in setup.source
    assert "subprocess" not in setup.source and "%pip" not in setup.source and "!pip" not in setup.source
    real_import = builtins.__import__

    def no_nnbook(name, *args, **kw):
        if name == "nnbook":
            raise ImportError("No module named 'nnbook'")
        return real_import(name, *args, **kw)
    monkeypatch.setattr(builtins, "__import__", no_nnbook)
    with pytest.raises(ImportError, match="pip install https://example.org/assets/nnbook"):
        exec(setup.source, {})


def test_the_same_page_gives_the_same_notebook():
    assert nbformat.writes(convert(EXERCISE)) == nbformat.writes(convert(EXERCISE))


def test_the_notebook_carries_the_books_outputs_from_the_same_run(tmp_path, monkeypatch):
    from sitebuild import execute
    monkeypatch.setattr(execute, "CACHE", tmp_path)
    md = ("Some text.\n\n```python run\nprint('a', 6 * 7)\n```\n\n"
          "```python exercise id=e\nx = 1\n```\n\n::: widget network-view\n\n"
          "```python run expect=error\n1 / 0\n```\n\n```python run\nimport nnbook\nnnbook.Network(seed=0).n_params\n```\n")
    book = execute.book_for(md, "en", "docs/x.md")
    nb = convert(execute.substitute(md, book), "en", book=book)
    runs = [c for c in nb.cells if c.cell_type == "code" and c.metadata.nnbook["role"] == "run"]
    assert [c.execution_count for c in runs] == [1, 3, 4]            # the page's numbers (the exercise is 2)
    assert runs[0].outputs == [nbformat.v4.new_output("stream", name="stdout", text="a 42\n")]
    assert runs[1].outputs[0].output_type == "error" and runs[1].outputs[0].ename == "ZeroDivisionError"
    assert runs[2].outputs[0].data["text/plain"] == "47"
    widget = next(c for c in nb.cells if c.cell_type == "code" and c.metadata.nnbook["role"] == "widget")
    assert "image/svg+xml" in widget.outputs[0].data                   # the network drawn, as on the page
    exercise = next(c for c in nb.cells if c.cell_type == "code" and c.metadata.nnbook["role"] == "exercise")
    assert exercise.outputs == []
    nbformat.validate(nb)


def test_a_prediction_is_its_question_above_the_cell_and_hints_stay_collapsed():
    md = ('!!! question "Predict, then run"\n    Will E be smaller?\n\n    1. Yes\n    2. No\n\n'
          f'{FENCE}python predict id=smaller\nanswer = 1 if E2 < E else 2\n{FENCE}\n\n'
          f'{FENCE}python run\nE2 = 1\n{FENCE}\n\n' + EXERCISE.replace(
              f"{FENCE}python solution", '??? hint "Hint 1"\n    Double it.\n\n' + f"{FENCE}python solution"))
    cs = cells(md)
    assert roles(cs)[1:4] == ["markdown", "run", "markdown"]
    assert cs[1].source == "**Predict, then run**\n\nWill E be smaller?\n\n1. Yes\n2. No"
    assert "answer" not in "".join(c.source for c in cs), "the answer stays out of the notebook"
    assert "<details><summary>Hint 1</summary>\n\nDouble it.\n\n</details>" in markdown_text(cs)
