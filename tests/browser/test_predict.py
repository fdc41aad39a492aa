"""Predict, then run (the reader commits to an answer before a cell runs; the verdict comes from the
run itself) and an exercise's hints, one at a time; both recorded in the reader's progress."""

import re

from playwright.sync_api import expect

from helpers import cell, check, press, set_code, show_solution

LAZY = 10   # the error chapter's cell that sets θ1 = θ2 = 20 (its prediction: "lazy-network")
FUNCTIONS = 15   # the exercise error-functions


def test_a_prediction_holds_the_answer_back_then_judges_the_run_and_hints_come_one_at_a_time(page, base_url):
    page.goto(base_url + "error/")
    lazy = cell(page, LAZY)
    question = page.locator(".admonition.question").filter(has=page.locator("ol"))
    row = page.get_by_role("group", name="Your prediction")
    verdict = row.get_by_role("status")
    # before the reader commits, the page does not show the answer: the cell's book output waits
    expect(row.get_by_role("button", name="Predict and run")).to_be_visible()
    expect(lazy.locator(".nb-cell__output")).to_have_attribute("data-source", "held")
    expect(lazy.locator(".nb-cell__output")).to_have_text("")
    expect(page.locator(".nb-progress")).to_contain_text("predictions made: 0 of 1")

    # committing nothing is refused in words, and nothing runs
    press(row.get_by_role("button", name="Predict and run"))
    expect(verdict).to_have_text("Pick one of the answers above first (or skip).")
    expect(lazy).to_have_attribute("data-state", "idle")

    # the reader predicts "Yes", which runs the cell; the verdict is computed from the run
    question.get_by_role("radio", name=re.compile("Yes")).check()
    press(row.get_by_role("button", name="Predict and run"))
    expect(question.get_by_role("radio").first).to_be_disabled()
    expect(lazy).to_have_attribute("data-state", "done", timeout=90_000)
    expect(verdict).to_have_attribute("data-result", "held", timeout=30_000)
    lazy_error = float(re.search(r"E = ([\d.]+)", lazy.locator(".nb-cell__output").inner_text())[1])
    expect(verdict).to_have_text(re.compile(
        rf"^✓ Your prediction held\. Each C and T costs e = 0\.5 .* so E = {lazy_error:.2f}: below the "
        r"random network's \d\.\d\d, and yet far from 0\.$"))
    expect(page.locator(".nb-progress")).to_contain_text("predictions made: 1 of 1, 1 held")

    # hints: none visible at first, then one at a time, before the solution
    exercise = cell(page, FUNCTIONS)
    hints = page.locator("details.hint")
    expect(hints).to_have_count(4)   # two for each of the chapter's exercises
    expect(hints.nth(0)).to_be_hidden()
    press(exercise.get_by_role("button", name="Hint (1 of 2)"))
    expect(hints.nth(0)).to_be_visible()
    expect(hints.nth(0)).to_contain_text("for one image first, step by step")
    expect(hints.nth(1)).to_be_hidden()
    press(exercise.get_by_role("button", name="Next hint (2 of 2)"))
    expect(hints.nth(1)).to_be_visible()
    expect(hints.nth(1)).to_contain_text("Add, do not average.")
    expect(exercise.get_by_role("button", name=re.compile("hint", re.I))).to_have_count(0)
    expect(hints.nth(2)).to_be_hidden()   # the other exercise's hints stay put
    set_code(page, FUNCTIONS, show_solution(page, FUNCTIONS, "error-functions"))
    expect(check(page, FUNCTIONS)).to_have_attribute("data-result", "pass")
    expect(page.locator(".nb-progress")).to_have_text(
        "Exercises passed: 1 of 2 (1 with hints) · predictions made: 1 of 1, 1 held")
    stored = page.evaluate("JSON.parse(localStorage.getItem('nnbook:v1:progress'))")
    assert stored["passed"] == {"en:error": ["error-functions"]}
    assert stored["hinted"] == {"en:error": ["error-functions"]}
    assert stored["predicted"] == stored["held"] == {"en:error": ["lazy-network"]}

    # a reload: the prediction is made, so nothing is held back any more
    page.reload()
    expect(row.get_by_role("status")).to_have_text("You made this prediction on an earlier visit, and it held.")
    expect(question.get_by_role("radio").first).to_be_disabled()
    expect(page.locator(".nb-progress")).to_contain_text("predictions made: 1 of 1, 1 held")
    page.goto(base_url)
    expect(page.get_by_role("region", name="Your progress")).to_contain_text(
        "and made 1 prediction before running a cell.")


def test_the_verdict_follows_the_readers_own_run_and_a_skip_shows_the_result(page, base_url):
    """In Japanese: an edited cell that makes the lazy network worse turns the same prediction
    wrong (the verdict is the run's, not the book's); a bad number and a skip elsewhere."""
    page.goto(base_url + "ja/error/")
    lazy = cell(page, LAZY)
    row = page.get_by_role("group", name="あなたの予想")
    set_code(page, LAZY, 'net["theta_1"] = -20.0\nnet["theta_2"] = -20.0\nprint("E =", round(net.error(X, T), 4))')
    page.locator(".admonition.question").get_by_role("radio", name=re.compile("小さくなる")).check()
    press(row.get_by_role("button", name="予想して実行"))
    verdict = row.get_by_role("status")
    expect(verdict).to_have_attribute("data-result", "missed", timeout=90_000)
    expect(verdict).to_contain_text("✗ 予想は外れました。実行結果は「2. 同じか、大きくなる。」でした。")
    expect(page.locator(".nb-progress")).to_contain_text("予想: 1 問中 1 問 (的中 0 問)")


# Each prediction of the book, answered as the book's own run answers it (the choice the chapter's
# prose then explains): its hidden code runs in the browser's Python and says "held".
BOOK_ANSWERS = [
    ("neurons/", "xor-units", "0"),          # the four-line proof: no unit computes XOR
    ("descent/", "step-size", 3),            # 0.1, 0.3 converge; 0.4 bounces; 0.5 diverges
    ("backpropagation/", "output-signs", 2),
    ("techniques/", "zero-start", 1),        # the columns stay equal
    ("techniques/", "thirty-hidden", 1),     # 30 units: lower E_test, still falling
    ("training/", "step-ten", 3),            # η = 10 gets stuck
]


def test_every_prediction_of_the_book_is_judged_from_the_run_in_the_browser(page, base_url):
    here, revealed = None, 0
    for path, prediction, answer in BOOK_ANSWERS:
        if path != here:
            page.goto(base_url + path)
            here = path
        row = page.locator(f'.nb-predict[data-for="{prediction}"]')
        question = row.locator("xpath=preceding-sibling::div[contains(@class, 'admonition')][1]")
        predicted = row.locator("xpath=following-sibling::div[contains(@class, 'nb-cell')][1]")
        reveal = row.locator("xpath=following-sibling::*[1][contains(@class, 'nb-reveal')]")
        # until the reader commits, neither the cell's book output nor the prose that explains it shows
        expect(predicted.locator(".nb-cell__output")).to_have_attribute("data-source", "held")
        has_reveal = reveal.count() == 1   # descent: "The path converges only if …"
        if has_reveal:
            expect(reveal).to_be_hidden()
        if isinstance(answer, str):
            row.get_by_role("textbox").fill(answer)
        else:
            question.get_by_role("radio").nth(answer - 1).check()
        press(row.get_by_role("button", name="Predict and run"))
        verdict = row.get_by_role("status")
        expect(verdict).to_have_attribute("data-result", "held", timeout=240_000)
        expect(verdict).to_have_text(re.compile(r"^✓ Your prediction held\. \S.{40,}"))
        if has_reveal:
            expect(reveal).to_be_visible()
            revealed += 1
    assert revealed >= 1, "no prediction held prose back"


def test_a_number_that_is_none_is_refused_and_a_skip_shows_the_result_and_the_run_still_explains(page, base_url):
    page.goto(base_url + "ja/neurons/")
    row = page.locator('.nb-predict[data-for="xor-units"]')
    predicted = row.locator("xpath=following-sibling::div[contains(@class, 'nb-cell')][1]")
    reveal = row.locator("xpath=following-sibling::*[1][contains(@class, 'nb-reveal')]")
    verdict = row.get_by_role("status")
    row.get_by_role("textbox").fill("いくつか")
    press(row.get_by_role("button", name="予想して実行"))
    expect(verdict).to_have_text("「いくつか」は数ではありません。3 や 0.5 のように入力してください。")
    expect(row.get_by_role("textbox")).to_have_value("いくつか")   # nothing the reader typed is lost
    expect(predicted.locator(".nb-cell__output")).to_have_attribute("data-source", "held")
    press(row.get_by_role("button", name="予想せずに結果を見る"))
    expect(predicted.locator(".nb-cell__output")).to_have_attribute("data-source", "book")
    expect(predicted.locator(".nb-cell__output")).to_contain_text("XOR:")
    expect(reveal).to_be_visible()
    expect(verdict).to_have_text("予想せずに進みました。セルを実行すると、結果とその理由をここに示します。")
    press(page.get_by_role("button", name="すべて実行"))   # the cells above first, as a reader would
    expect(verdict).to_have_attribute("data-result", "skipped", timeout=180_000)
    expect(verdict).to_contain_text("実行結果は「0」でした。")
    expect(page.locator(".nb-progress")).to_contain_text("予想: 1 問中 0 問")   # a skip is no prediction
