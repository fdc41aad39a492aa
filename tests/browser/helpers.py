"""Driving cells the way a reader does: by role and accessible name."""

import re

from playwright.sync_api import expect

FINISHED = "done|error"


def cell(page, n):
    """The n-th cell (1-based), found by its accessible name (either language)."""
    ja = page.locator("html[lang^='ja']").count()
    return page.get_by_role("group", name=f"コードセル {n}" if ja else f"Code cell {n}", exact=True)


def set_code(page, n, code):
    editor = cell(page, n).get_by_role("textbox")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def run(page, n, code=None, state="done", timeout=90_000):
    """Optionally type code, press Run, wait for the cell to finish."""
    if code is not None:
        set_code(page, n, code)
    c = cell(page, n)
    c.get_by_role("button", name="Run", exact=True).click()
    expect(c).to_have_attribute("data-state", state, timeout=timeout)
    return c


def output(page, n):
    return cell(page, n).locator(".nb-cell__output")


def wait_ready(page, timeout=90_000):
    expect(page.get_by_role("status")).to_have_text("Python: ready", timeout=timeout)


def check(page, n):
    """Press an exercise's Check (either language); wait for its verdict."""
    cell(page, n).get_by_role("button", name=re.compile("^(Check|チェック)$")).click()
    feedback = cell(page, n).locator(".nb-feedback")
    expect(feedback).to_have_attribute("data-result", re.compile("pass|fail"), timeout=90_000)
    return feedback


def show_solution(page, n, which):
    """Press cell n's Show solution; return the code of the solution it reveals:
    `which` is the exercise's id, or the solution's index on the page."""
    cell(page, n).get_by_role("button", name=re.compile("Show solution|解答を表示")).click()
    solutions = page.locator("details.nb-solution")
    details = solutions.nth(which) if isinstance(which, int) else solutions.and_(
        page.locator(f'[data-for="{which}"]'))
    expect(details).to_be_visible()
    return details.locator("code").inner_text()
