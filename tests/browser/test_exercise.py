"""An exercise: Check runs hidden tests; Show solution reveals the answer."""

from playwright.sync_api import expect

from helpers import expect_fail, expect_pass


def test_checker_rejects_a_plausible_wrong_answer_with_feedback(page, base_url):
    page.goto(base_url + "example/")
    # forgets the -1: adds the threshold instead of subtracting it
    expect_fail(page, 6, "import numpy as np\ndef weighted_sum(w, x):\n    return w @ np.append(x, 1.0)",
                "expected s = 0.8, got")


def test_checker_accepts_the_reference_solution(page, base_url):
    page.goto(base_url + "example/")
    solution = page.locator("details.nb-solution").first
    expect(solution).to_be_hidden()
    page.get_by_role("button", name="Show solution").click()
    expect(solution).to_be_visible()
    code = solution.locator("code").inner_text()
    expect_pass(page, 6, "import numpy as np\n" + code)


def test_code_that_raises_is_told_to_fix_first(page, base_url):
    page.goto(base_url + "example/")
    expect_fail(page, 6, "def weighted_sum(w, x):\n    return w @ undefined_name")
