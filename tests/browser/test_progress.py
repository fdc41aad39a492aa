"""The reader's progress: a passed exercise is remembered (chapter and home page, per language), forgotten on request, exported and imported with the edits, and a corrupted store is ignored."""

import json
import re

from playwright.sync_api import expect

from helpers import cell, fill_storage, set_code, show_solution

PROGRESS_KEY = "nnbook:v1:progress"


def pass_example_exercise(page, base_url):
    """Solve the example page's exercise with its own solution and press Check."""
    page.goto(base_url + "example/")
    code = show_solution(page, "weighted-sum")
    set_code(page, "weighted-sum", "import numpy as np\n" + code)
    cell(page, "weighted-sum").get_by_role("button", name="Check").click()
    expect(cell(page, "weighted-sum").locator(".nb-feedback")).to_have_attribute("data-result", "pass", timeout=90_000)


def chapter_count(page):
    return page.locator("article .nb-progress")


def home_badge(page, chapter):
    return page.locator(f".nb-progress-badge[data-chapter='{chapter}']")


def test_a_passed_exercise_survives_a_reload_shows_on_the_home_page_and_can_be_forgotten(page, base_url):
    pass_example_exercise(page, base_url)
    expect(chapter_count(page)).to_have_text("Exercises passed: 1 of 1")
    page.reload()
    expect(chapter_count(page)).to_have_text("Exercises passed: 1 of 1")
    page.goto(base_url)
    badge = home_badge(page, "example")
    expect(badge).to_have_text("1/1 ✓")
    expect(badge).to_have_attribute("aria-label", "1 of 1 exercises passed")
    expect(home_badge(page, "training")).to_have_text("0/1")
    # one badge a chapter, in the contents: none on the "Start with chapter 1" button
    expect(home_badge(page, "neurons")).to_have_count(1)
    expect(page.locator(".nb-start .nb-progress-badge, .nb-start + .nb-progress-badge")).to_have_count(0)
    expect(page.get_by_role("region", name="Your progress")).to_contain_text("You have passed 1 of the book's")
    # per language: the Japanese pages have their own progress
    page.goto(base_url + "ja/")
    expect(home_badge(page, "example")).to_have_text("0/1")
    page.goto(base_url)
    # forgetting asks first; Cancel keeps everything
    question = page.get_by_text("Forget every passed exercise")
    expect(question).to_be_hidden()
    page.get_by_role("button", name="Forget my progress").click()
    expect(question).to_be_visible()
    page.get_by_role("button", name="Cancel").click()
    expect(question).to_be_hidden()
    expect(badge).to_have_text("1/1 ✓")
    page.get_by_role("button", name="Forget my progress").click()
    expect(question).to_be_visible()
    page.get_by_role("button", name="Yes, forget").click()
    expect(question).to_be_hidden()
    expect(page.get_by_text("Your progress and edits are forgotten.")).to_be_visible()
    expect(badge).to_have_text("0/1")
    page.goto(base_url + "example/")
    expect(chapter_count(page)).to_have_text("Exercises passed: 0 of 1")
    expect(cell(page, "weighted-sum")).to_have_attribute("data-edited", "false")


def test_export_then_import_into_a_fresh_browser(page, browser, base_url, tmp_path):
    pass_example_exercise(page, base_url)
    set_code(page, "inputs", "print('my own edit')")
    page.goto(base_url)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress and edits").click()
    exported = tmp_path / info.value.suggested_filename
    info.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["passed"] == {"en:example": ["weighted-sum"]}
    assert "print('my own edit')" in data["edits"].values()

    fresh = browser.new_context()
    try:
        home = fresh.new_page()
        home.goto(base_url)
        expect(home_badge(home, "example")).to_have_text("0/1")
        home.locator(".nb-progress__file").set_input_files(str(exported))
        expect(home.get_by_role("status").filter(has_text="Imported")).to_have_text(
            re.compile(r"Imported: 1 passed exercises and \d+ edited cells\."))
        expect(home_badge(home, "example")).to_have_text("1/1 ✓")
        home.goto(base_url + "example/")
        expect(chapter_count(home)).to_have_text("Exercises passed: 1 of 1")
        expect(cell(home, "inputs")).to_have_attribute("data-edited", "true")
        expect(cell(home, "inputs").get_by_role("textbox")).to_contain_text("print('my own edit')")
        # a file that is not an export changes nothing
        bad = tmp_path / "other.json"
        bad.write_text('{"format": "something else"}')
        home.goto(base_url)
        home.locator(".nb-progress__file").set_input_files(str(bad))
        expect(home.get_by_text("This file is not an nnbook progress file")).to_be_visible()
        expect(home_badge(home, "example")).to_have_text("1/1 ✓")
    finally:
        fresh.close()


def test_a_corrupted_store_is_ignored_with_a_console_note(browser, base_url):
    ctx = browser.new_context()
    try:
        p = ctx.new_page()
        notes, errors = [], []
        p.on("console", lambda m: notes.append(m.text))
        p.on("pageerror", lambda e: errors.append(str(e)))
        p.goto(base_url)
        p.evaluate(f"localStorage.setItem({PROGRESS_KEY!r}, '{{not json')")
        p.reload()
        expect(home_badge(p, "example")).to_have_text("0/1")
        expect(p.get_by_role("region", name="Your progress")).to_contain_text("You have passed 0 of")
        p.goto(base_url + "example/")
        expect(chapter_count(p)).to_have_text("Exercises passed: 0 of 1")
        p.evaluate(f"localStorage.setItem({PROGRESS_KEY!r}, JSON.stringify({{v: 1, passed: {{'en:example': 7}}}}))")
        p.goto(base_url + "ja/")
        expect(home_badge(p, "example")).to_have_text("0/1")
        assert any("progress" in n and "ignored" in n for n in notes), notes
        assert not errors, errors
    finally:
        ctx.close()


# ---- imports all or nothing, and a pass that cannot be stored (issue 20) --------------------

def export_file(passed=None, edits=None):
    data = {"format": "nnbook-progress", "v": 1, "passed": passed or {}, "edits": edits or {}}
    return {"name": "nnbook-progress.json", "mimeType": "application/json", "buffer": json.dumps(data).encode()}


def stored(page):
    """Every key of this origin's localStorage but the filler, with its value's length."""
    return page.evaluate("() => Object.fromEntries(Object.keys(localStorage).filter((k) => !k.startsWith('fill'))"
                         ".map((k) => [k, localStorage.getItem(k).length]))")


def test_an_import_is_all_or_nothing_and_says_why(page, base_url):
    page.goto(base_url)
    chooser = page.locator(".nb-progress__file")
    message = page.locator(".nb-progress__message")
    page.evaluate("localStorage.setItem('nnbook:v1:/example/#1', 'mine = 1')")

    # too large: said before it is read
    big = export_file(edits={"example/#2": "x" * 6_000_000})
    chooser.set_input_files(files=[big])
    expect(message).to_have_text("This file is too large to import (6.0 MB; an nnbook progress file is at most "
                                 "5 MB); nothing was changed.")
    # not ours: a valid file in every way but one
    chooser.set_input_files(files=[export_file(passed={"en:example": ["weighted-sum"]}, edits={"/etc/x#1": "y"})])
    expect(message).to_have_text("This file is not an nnbook progress file; nothing was changed.")

    # storage full: nothing is merged, nothing is left behind
    fill_storage(page)
    before = stored(page)
    chooser.set_input_files(files=[export_file(passed={"en:example": ["weighted-sum"]},
                                               edits={"example/#3": "a = 1", "example/#4": "b = 2" * 1000})])
    expect(message).to_have_text("This browser's storage is full, so the file could not be imported; "
                                 "nothing was changed.")
    assert stored(page) == before
    expect(home_badge(page, "example")).to_have_text("0/1")
    page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('fill')).forEach((k) => localStorage.removeItem(k))")

    # an edit stored here is replaced only if the reader says so
    theirs = export_file(passed={"en:example": ["weighted-sum"]}, edits={"example/#1": "theirs = 2"})
    chooser.set_input_files(files=[theirs])
    question = page.get_by_text("This file holds other code for 1 cell you have edited in this browser. "
                                "Replace your edits with the file's?")
    expect(question).to_be_visible()
    question.get_by_role("button", name="Cancel").click()
    expect(message).to_have_text("Nothing was imported.")
    assert page.evaluate("localStorage.getItem('nnbook:v1:/example/#1')") == "mine = 1"
    expect(home_badge(page, "example")).to_have_text("0/1")
    chooser.set_input_files(files=[theirs])
    question.get_by_role("button", name="Replace my edits").click()
    expect(message).to_have_text("Imported: 1 passed exercises and 1 edited cells.")
    assert page.evaluate("localStorage.getItem('nnbook:v1:/example/#1')") == "theirs = 2"
    expect(home_badge(page, "example")).to_have_text("1/1 ✓")


def test_a_pass_that_cannot_be_stored_is_said_next_to_the_exercise(page, base_url):
    page.goto(base_url + "example/")
    fill_storage(page)
    pass_example_exercise(page, base_url)
    expect(cell(page, "weighted-sum").locator(".nb-feedback")).to_have_text(
        "✓ Correct! This browser could not store the pass (its storage is full or blocked): it will be "
        "forgotten when you leave this page.")
    page.reload()
    expect(chapter_count(page)).to_have_text("Exercises passed: 0 of 1")
