"""The Python half of the cells, in CPython (the browser runs the same code)."""

import json

import cellrunner
from cellrunner import Session


def session():
    out = []
    return Session(lambda kind, payload: out.append((kind, payload))), out


def test_last_expression_value_and_shared_namespace():
    s, out = session()
    assert s.run("a = 20")["ok"]
    assert s.run("a + 22")["ok"]
    assert out == [("display", {"text/plain": "42"})]


def test_print_and_value_in_order():
    s, out = session()
    s.run("print('hello')\n7")
    assert out == [("stdout", "hello\n"), ("display", {"text/plain": "7"})]


def test_traceback_is_trimmed_to_the_cell_and_names_the_line():
    s, out = session()
    result = s.run("x = 1\ny = x / 0")
    assert result == {"ok": False, "line": 2}
    kind, payload = out[-1]
    assert kind == "error"
    assert payload["traceback"].startswith("Traceback (most recent call last):\n  File \"<cell 1>\", line 2")
    assert "cellrunner" not in payload["traceback"]


def test_syntax_error_points_at_the_line():
    s, out = session()
    assert s.run("a = 1\nb = (\n")["line"] == 2
    assert "SyntaxError" in out[-1][1]["traceback"]


def test_input_is_refused_clearly():
    s, out = session()
    s.run("input('name? ')")
    assert "InputNotSupported: input() is not supported" in out[-1][1]["traceback"]


def test_output_is_capped_with_a_note():
    s, out = session()
    assert s.run("for i in range(100000): print(i)")["ok"]
    shown = "".join(p for k, p in out if k == "stdout")
    assert len(shown) == cellrunner.OUTPUT_LIMIT
    assert shown.startswith("0\n1\n2\n")
    note = [p for k, p in out if k == "note"]
    assert len(note) == 1 and "Output truncated" in note[0]
    hidden = len("".join(f"{i}\n" for i in range(100000))) - cellrunner.OUTPUT_LIMIT
    assert f"{hidden:,} more were left out" in note[0]


def test_rich_reprs_are_offered():
    s, out = session()
    s.run("class A:\n  def _repr_html_(self): return '<b>x</b>'\n  def _repr_svg_(self): return '<svg/>'\nA()")
    bundle = out[-1][1]
    assert bundle["text/html"] == "<b>x</b>" and bundle["image/svg+xml"] == "<svg/>"


def test_memory_errors_get_a_note_about_the_browser():
    s, out = session()
    s.run("raise MemoryError('Unable to allocate')")
    assert "at most 4 GB" in out[-1][1]["traceback"]


def test_reset_gives_a_fresh_namespace():
    s, out = session()
    s.run("a = 1")
    s.reset()
    assert not s.run("a")["ok"]
    assert "NameError" in out[-1][1]["traceback"]


def test_evaluate_returns_json_and_hides_output():
    s, out = session()
    s.run("import numpy as np")
    value = json.loads(s.evaluate("print('hidden'); np.arange(3) * 2"))
    assert value == {"ok": True, "value": [0, 2, 4]}
    assert out == []
    failed = json.loads(s.evaluate("1/0"))
    assert not failed["ok"] and "ZeroDivisionError" in failed["error"]


def test_check_gives_the_first_failing_assert_as_feedback():
    s, _ = session()
    s.run("def f(x): return x + 1")
    assert s.check("assert f(1) == 2, 'f(1) should be 2'") == {"ok": True, "message": ""}
    assert s.check("assert f(2) == 4, 'f(2) should be 4'") == {"ok": False, "message": "f(2) should be 4"}
    assert s.check("assert g(1)")["message"].startswith("NameError")
    # the checker's own names do not leak into the reader's namespace
    s.check("helper_name = 1")
    assert "helper_name" not in s.namespace
