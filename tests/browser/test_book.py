"""The book before Python: every run cell's output from the build is in the page, with
JavaScript off, with Python blocked and in print; the live cell shows it until the reader
runs the cell, marks it out of date while the code is edited, Reset brings it back, and a
reload shows the reader's last output. (That the book's output is what the browser
computes is test_all_pages.py's oracle.)"""

import re

import pytest
from playwright.sync_api import expect

from helpers import cell, output, press, python_status, run, set_code
from test_all_pages import page_paths

CELL = "sigmoid"     # ct-network's cell that prints σ at three points: 0.5 0.99330… 0.00669…
BOOK_MARK = {"en": "Output of the book's code", "ja": "本のコードの出力"}


def test_without_javascript_every_run_cell_shows_its_output_and_formulas_are_typeset(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        shown = {}
        for path in page_paths():
            page.goto(base_url + path)
            outputs = page.locator(".nb-book-output")
            for i in range(outputs.count()):
                expect(outputs.nth(i)).to_be_visible()
                expect(outputs.nth(i).locator(".nb-out").first).to_be_attached()
            # each output follows its cell: the element before it is the cell's code
            assert page.evaluate("""() => [...document.querySelectorAll('.nb-book-output')].every(
                (o) => o.previousElementSibling?.matches('div.nb-cell:not(.nb-exercise)'))"""), path
            # figures are files beside the page, loaded (not inline data)
            for img in page.locator(".nb-book-output img").all():
                assert re.fullmatch(r"figures/[0-9a-f]{16}\.png", img.get_attribute("src"))
                expect(img).to_have_js_property("complete", True)
                assert img.evaluate("i => i.naturalWidth") > 100
            # formulas come typeset: no \( … \) left for a script
            if page.locator(".arithmatex").count():
                assert page.locator(".arithmatex .katex").count() == page.locator(".arithmatex").count(), path
            shown[path] = outputs.count()
        chapters = [p for p in shown if re.search(r"(neurons|activation|ct-network|error|descent|"
                                                   r"backpropagation|training|techniques)/$", p)]
        assert len(chapters) == 16 and all(shown[p] >= 5 for p in chapters), shown
        assert shown["ja/ct-network/"] == shown["ct-network/"]
    finally:
        context.close()


def test_python_blocked_the_book_reads_and_run_says_why(browser, base_url):
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    try:
        page.goto(base_url + "ct-network/")
        book = page.locator(".nb-cell__output[data-source=book]")
        expect(book.first).to_be_visible(timeout=60_000)
        assert book.count() >= 10
        expect(output(page, CELL)).to_contain_text("0.5 0.9933071490757153")
        expect(python_status(page)).to_contain_text("could not start", timeout=90_000)
        press(cell(page, CELL).get_by_role("button", name="Run", exact=True))
        expect(output(page, CELL)).to_contain_text("could not start")
        expect(output(page, CELL)).to_contain_text("0.5 0.9933071490757153")   # the book's stays
    finally:
        context.close()


def test_run_replaces_the_books_output_reset_brings_it_back_reload_keeps_the_last(page, base_url):
    page.goto(base_url + "ct-network/")
    out = output(page, CELL)
    expect(out).to_contain_text(BOOK_MARK["en"], timeout=60_000)
    book_text = out.inner_text()
    # an edit not run yet: the book's output stays, said to be the book's code's
    set_code(page, CELL, "print('mine', 6 * 7)")
    expect(out.locator(".nb-stale-note")).to_have_text(re.compile("not of your edit"))
    expect(out).to_contain_text("0.9933071490757153")
    # Run: the reader's output replaces it
    run(page, CELL)
    expect(out).to_have_text("mine 42")
    expect(out).not_to_contain_text(BOOK_MARK["en"])
    # a reload: the edit and its output are back, said to be from an earlier visit, before any Run
    page.reload()
    out = output(page, CELL)
    expect(out).to_contain_text("from an earlier visit", timeout=60_000)
    expect(out).to_contain_text("mine 42")
    expect(out).not_to_contain_text(BOOK_MARK["en"])
    # Reset: the book's code and the book's output
    press(cell(page, CELL).get_by_role("button", name="Reset"))
    expect(out).to_contain_text(BOOK_MARK["en"])
    expect(out.locator(".nb-stale-note")).to_have_count(0)
    assert out.inner_text() == book_text
    page.reload()
    expect(output(page, CELL)).to_contain_text(BOOK_MARK["en"], timeout=60_000)   # nothing of the run is kept


@pytest.mark.parametrize("lang", ["", "ja/"])
def test_the_book_prints_outputs_and_formulas_without_the_controls(page, base_url, lang):
    page.goto(base_url + lang + "activation/")
    expect(page.locator(".nb-cell__bar").first).to_be_attached(timeout=60_000)
    page.emulate_media(media="print")
    expect(page.locator(".nb-cell__bar").first).to_be_hidden()
    expect(page.locator(".nb-toolbar")).to_be_hidden()
    expect(page.locator(".nb-cell__output[data-source=book] .nb-out").first).to_be_visible()
    expect(page.locator(".nb-cell__output img").first).to_be_visible()
    expect(page.locator(".katex").first).to_be_visible()
    page.emulate_media(media="screen")
