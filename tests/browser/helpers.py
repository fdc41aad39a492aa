"""Driving cells the way a reader does: by role and accessible name."""

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
