"""The Python half of the cells, in CPython (the browser runs the same code)."""

import json

import cellrunner
from cellrunner import Session


def session():
    out = []
    return Session(lambda kind, payload: out.append((kind, payload))), out


def traceback_of(code):
    """Run code that fails in a fresh session: the traceback it shows."""
    s, out = session()
    assert not s.run(code)["ok"]
    kind, payload = out[-1]
    assert kind == "error"
    return payload["traceback"]


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
    assert "InputNotSupported: input() is not supported" in traceback_of("input('name? ')")


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
    assert "at most 4 GB" in traceback_of("raise MemoryError('Unable to allocate')")


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


def test_large_values_are_cut_before_they_reach_the_page():
    s, out = session()
    assert s.run("list(range(1_000_000))")["ok"]
    text = out[0][1]["text/plain"]
    assert len(text) == cellrunner.OUTPUT_LIMIT and text.startswith("[0, 1, 2")
    assert out[-1] == ("note", "Output truncated: only the first 50,000 characters are shown; "
                               "the rest was left out.")
    out.clear()
    s.run("class H:\n  def _repr_html_(self): return '<b>x</b>' * 100_000\nH()")
    assert len(out[0][1]["text/html"]) == cellrunner.OUTPUT_LIMIT
    assert "800,000" not in out[-1][1] and "750,000 more were left out" in out[-1][1]


def test_the_caps_notes_speak_the_pages_language():
    s, out = session()
    s.run("print('x' * 60_000)", lang="ja")
    assert out[-1] == ("note", "出力を打ち切りました。最初の 50,000 文字だけを表示し、残りの 10,001 文字は省きました。")
    out.clear()
    s.run("print('x' * 60_000)", lang="en")
    assert out[-1] == ("note", "Output truncated: only the first 50,000 characters are shown; "
                               "10,001 more were left out.")


def test_bounded_repr_matches_repr_when_small():
    for value in ([1, (2,), {3: "x"}, {4}, frozenset({5}), set(), ()], {"a": [1.5, None]}):
        assert cellrunner.bounded_repr(value) == (repr(value), False)
    loop = [1]
    loop.append(loop)
    assert cellrunner.bounded_repr(loop) == (repr(loop), False)


def test_a_deep_traceback_keeps_both_ends():
    s, out = session()
    s.run("import sys\nsys.setrecursionlimit(20_000)\n"
          "def f(n):\n    return g(n + 1)\ndef g(n):\n    return f(n + 1) if n < 5_000 else 1 / 0\nf(0)")
    text = out[-1][1]["traceback"]
    assert "4,943 frames left out" in text
    assert text.count("line ") == 2 * cellrunner.TRACEBACK_FRAMES
    assert text.endswith("ZeroDivisionError: division by zero\n")
    assert out[-1][1]["line"] == 6


def test_checks_see_the_library_as_shipped_not_as_a_cell_left_it():
    import nnbook  # noqa: F401  (loaded before the session, as in the browser)
    s, _ = session()
    assert "__session__" not in s.namespace
    s.run("s = 0.0\ndef abs(v): return 0")
    assert s.check("assert abs(s - 1) > 0.5, 'far'")["ok"]
    s.run("import builtins, nnbook\ndel abs\nbuiltins.abs = lambda v: 0\n"
          "nnbook.unit_output = lambda *a: 'fake'")
    try:
        assert s.check("assert abs(s - 1) > 0.5, 'far'")["ok"]
        assert s.check("import nnbook\nassert nnbook.unit_output([1, 0], [1], 'step') != 'fake'")["ok"]
        # the reader's session is as they left it
        s.run("r = (abs(-3), nnbook.unit_output())")
        assert s.namespace["r"] == (0, "fake")
    finally:
        builtins = __import__("builtins")
        builtins.abs = s._shipped["builtins"]["abs"]
        nnbook.unit_output = s._shipped["nnbook"]["unit_output"]


def test_a_name_a_library_module_gained_after_the_session_started_stays_for_checks():
    # NumPy loads numpy.random on first use and adds it to numpy's namespace; a check
    # that put the module back "as shipped" without it sent np.random into endless
    # recursion in every later check (the training chapter's exercise, in Pyodide).
    import types
    import nnbook
    s, _ = session()
    nnbook.lazily_loaded = types.ModuleType("nnbook.lazily_loaded")
    try:
        for _ in range(2):
            assert s.check("import nnbook\nassert nnbook.lazily_loaded.__name__")["ok"]
        assert hasattr(nnbook, "lazily_loaded")
    finally:
        del nnbook.lazily_loaded


def test_an_image_over_the_limit_is_left_out_with_a_note():
    s, out = session()
    s.run("class P:\n  def _repr_png_(self): return b'x' * 8_000_000\nP()")
    kinds = [k for k, _ in out]
    assert kinds == ["note", "display"]
    assert "An image was left out" in out[0][1] and "image/png" not in out[1][1]


def test_matplotlibs_font_cache_warning_is_a_note_not_stderr():
    """matplotlib logs this warning on its logger while it builds the font cache (in
    Pyodide on a page's first figure): it reaches the page as a note in the page's
    language, not as red stderr."""
    s, out = session()
    code = ("import logging\n"
            "log = logging.getLogger('matplotlib.font_manager')\n"
            "log.warning('Matplotlib is building the font cache; this may take a moment.')\n"
            "print('drawn')\n")
    assert s.run(code, lang="ja")["ok"]
    words = cellrunner.KNOWN_NOTES[("matplotlib.font_manager",
                                    "Matplotlib is building the font cache; this may take a moment.")]
    assert out == [("note", words["ja"]), ("stdout", "drawn\n")]


def test_any_base_exception_in_a_check_is_feedback_in_words_and_the_variables_stay():
    s, _ = session()
    s.run("kept = 42\nclass Loud(Exception):\n    def __str__(self):\n        raise RuntimeError('no words')")
    cases = {
        "raise SystemExit(3)": "SystemExit: 3",
        "raise KeyboardInterrupt": "KeyboardInterrupt",   # Stop's: the page says "Check stopped"
        "raise Loud()": "Loud: (its message cannot be shown)",
        "class A(AssertionError):\n    def __str__(self):\n        raise SystemExit\nraise A()": "(its message cannot be shown)",
    }
    for code, words in cases.items():
        verdict = json.loads(s.check_json(code))
        assert verdict["ok"] is False and verdict["message"] == words, code
    assert s.namespace["kept"] == 42
    assert json.loads(s.check_json("assert kept == 42"))["ok"] is True


def test_checks_see_modules_and_nnbooks_classes_as_shipped():
    import numpy
    import nnbook
    s, _ = session()
    s.run("import sys, types, nnbook\nfake = types.ModuleType('numpy')\nfake.allclose = lambda *a, **k: True\n"
          "sys.modules['numpy'] = fake\n"
          "nnbook.Network.forward = lambda self, *a, **k: 'forged'")
    try:
        assert s.check("import numpy as np\nassert not np.allclose(1, 2), 'fooled'")["ok"]
        assert s.check("import nnbook\nassert nnbook.Network.forward is not None\n"
                       "assert getattr(nnbook.Network.forward, '__name__', '') != '<lambda>', 'fooled'")["ok"]
        # afterwards, the reader's session is as they left it
        s.run("import sys\nleft = (sys.modules['numpy'] is fake, nnbook.Network.forward(None))")
        assert s.namespace["left"] == (True, "forged")
    finally:
        import sys
        sys.modules["numpy"] = numpy
        nnbook.Network.forward = s._classes[nnbook.Network]["forward"]


def test_output_is_capped_by_count_too():
    s, out = session()
    s.run("for i in range(5_000): display(i)")
    assert len(out) == cellrunner.MESSAGE_LIMIT + 1   # only the count's note: 5,000 characters fit
    assert out[-1] == ("note", f"Output truncated: at most {cellrunner.MESSAGE_LIMIT:,} outputs are shown "
                               f"per run; {5_000 - cellrunner.MESSAGE_LIMIT:,} more were left out.")
    s, out = session()
    s.run("import sys\nfor i in range(60_000):\n    (sys.stdout if i % 2 else sys.stderr).write('x')")
    assert len(out) == cellrunner.MESSAGE_LIMIT + 2   # the count's note, and the characters'
    assert out[-2][1].startswith("Output truncated: at most 1,000 outputs")
