"""An exercise: Check runs hidden tests; Show solution reveals the answer."""

from playwright.sync_api import expect

from helpers import expect_fail, expect_pass, run_output
from test_offline import fresh  # noqa: F401  (fixture: a context without the service worker)


def test_checker_rejects_a_plausible_wrong_answer_with_feedback(page, base_url):
    page.goto(base_url + "example/")
    # forgets the -1: adds the threshold instead of subtracting it
    expect_fail(page, "weighted-sum", "import numpy as np\ndef weighted_sum(w, x):\n    return w @ np.append(x, 1.0)",
                "expected s = 0.8, got")


def test_checker_accepts_the_reference_solution(page, base_url):
    page.goto(base_url + "example/")
    solution = page.locator("details.nb-solution").first
    expect(solution).to_be_hidden()
    page.get_by_role("button", name="Show solution").click()
    expect(solution).to_be_visible()
    code = solution.locator("code").inner_text()
    expect_pass(page, "weighted-sum", "import numpy as np\n" + code)


def test_code_that_raises_is_told_to_fix_first(page, base_url):
    page.goto(base_url + "example/")
    expect_fail(page, "weighted-sum", "def weighted_sum(w, x):\n    return w @ undefined_name")


# ---- Check like Run (issue 20) -------------------------------------------------------------

def test_a_check_running_forever_can_be_stopped_and_the_variables_stay(page, isolated_url):
    from helpers import cell, python_status, run, set_code
    page.goto(isolated_url + "example/")
    run(page, "weights", "kept = 'yes'\nkept")
    set_code(page, "weighted-sum", "def weighted_sum(w, x):\n    while True: pass")
    c = cell(page, "weighted-sum")
    c.get_by_role("button", name="Check").click()
    expect(python_status(page)).to_have_text("Python: running…")   # the toolbar tells the truth
    expect(c).to_have_attribute("data-state", "running")
    c.get_by_role("button", name="Stop").click()
    feedback = c.locator(".nb-feedback")
    expect(feedback).to_have_text("✗ Check stopped. Your variables are kept.", timeout=5_000)
    expect(python_status(page)).to_have_text("Python: ready")
    expect(c.get_by_role("button", name="Run", exact=True)).to_be_visible()
    expect(run_output(page, "weights", "kept")).to_have_text("'yes'")


def test_whatever_a_check_raises_is_feedback_in_words_and_the_variables_stay(page, base_url):
    from helpers import python_status, run
    page.goto(base_url + "example/")
    run(page, "weights", "kept = 'yes'\nkept")
    loud = "class Loud(Exception):\n    def __str__(self):\n        raise SystemExit\n"
    for code, words in (("raise SystemExit(3)", "SystemExit: 3"),
                        ("raise KeyboardInterrupt", "KeyboardInterrupt"),
                        (loud + "raise Loud()", "Loud: (its message cannot be shown)")):
        feedback = expect_fail(page, "weighted-sum", "def weighted_sum(w, x):\n    " + code.replace("\n", "\n    "))
        expect(feedback).to_have_text(f"✗ Not yet: {words}")
        expect(python_status(page)).to_have_text("Python: ready")
    expect(run_output(page, "weights", "kept")).to_have_text("'yes'")


def test_a_check_stopped_without_isolation_restarts_python_and_says_so(fresh, base_url):  # noqa: F811
    from helpers import cell, python_status, set_code
    page = fresh.new_page()                      # a first visit: not cross-origin isolated
    page.goto(base_url + "example/")
    assert not page.evaluate("crossOriginIsolated")
    set_code(page, "weighted-sum", "def weighted_sum(w, x):\n    while True: pass")
    c = cell(page, "weighted-sum")
    c.get_by_role("button", name="Check").click()
    expect(c).to_have_attribute("data-state", "running", timeout=90_000)
    c.get_by_role("button", name="Stop").click()
    expect(c.locator(".nb-feedback")).to_have_text(
        "✗ Check stopped. Python was restarted to stop it, so the variables from earlier cells were lost: "
        "run them again, then check.", timeout=5_000)
    expect(python_status(page)).to_have_text("Python: ready", timeout=90_000)
