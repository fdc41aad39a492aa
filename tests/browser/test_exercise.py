"""An exercise: Check runs hidden tests; Show solution reveals the answer."""

import re

from playwright.sync_api import expect

from helpers import cell, set_code


def _check(page, n):
    cell(page, n).get_by_role("button", name="Check").click()
    feedback = cell(page, n).locator(".nb-feedback")
    expect(feedback).to_have_attribute("data-result", re.compile("pass|fail"), timeout=90_000)
    return feedback


def test_checker_rejects_a_plausible_wrong_answer_with_feedback(page, base_url):
    page.goto(base_url + "example/")
    # forgets the -1: adds the threshold instead of subtracting it
    set_code(page, 6, "import numpy as np\ndef weighted_sum(w, x):\n    return w @ np.append(x, 1.0)")
    feedback = _check(page, 6)
    expect(feedback).to_have_attribute("data-result", "fail")
    expect(feedback).to_contain_text("expected s = 0.8, got")


def test_checker_accepts_the_reference_solution(page, base_url):
    page.goto(base_url + "example/")
    solution = page.locator("details.nb-solution").first
    expect(solution).to_be_hidden()
    page.get_by_role("button", name="Show solution").click()
    expect(solution).to_be_visible()
    code = solution.locator("code").inner_text()
    set_code(page, 6, "import numpy as np\n" + code)
    feedback = _check(page, 6)
    expect(feedback).to_have_attribute("data-result", "pass")
    expect(feedback).to_have_text("✓ Correct!")


def test_code_that_raises_is_told_to_fix_first(page, base_url):
    page.goto(base_url + "example/")
    set_code(page, 6, "def weighted_sum(w, x):\n    return w @ undefined_name")
    feedback = _check(page, 6)
    expect(feedback).to_have_attribute("data-result", "fail")
