"""A reader's first visit, counted at the server: each file is served at most once
(the page, its Python worker and the service worker's install together), in a
fresh context (its HTTP cache in memory, like a private window) and in a
persistent profile; the memory snapshot waits for the next visit; and in
reading mode no Python is downloaded before the reader's first Run."""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from helpers import cell, output, press, python_status, wait_page_kept, wait_ready, wait_snapshot_kept
from tooling import browser as chromium, static_server

CHAPTER = "ct-network/"
FIRST_VISIT_LIMIT = 20_000_000      # bytes of chapter 3's first visit, service worker included
READING_LIMIT = 1_500_000           # bytes of chapter 3 in reading mode, before the first Run


@pytest.fixture
def server(site):
    """The site on a port of its own: a new origin (no service worker yet), its bodies counted."""
    srv, url = static_server.start(site, log=True)
    srv.url = url
    yield srv
    srv.shutdown()


@pytest.fixture(params=["private", "persistent"])
def profile(request, browser, playwright_instance, tmp_path):
    """A new reader: a fresh context (the HTTP cache in memory, as in a private window
    and Playwright's default contexts) or a browser profile on disk."""
    if request.param == "private":
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    else:
        ctx = playwright_instance.chromium.launch_persistent_context(
            str(tmp_path / "profile"), viewport={"width": 1280, "height": 900}, **chromium.launch_options())
    ctx.set_default_timeout(120_000)
    yield ctx
    ctx.close()


def settled_visit(ctx, url):
    """Open chapter 3 in a new tab and wait for what a visit leaves behind: Python
    ready, every widget answered, the service worker active and the page kept."""
    page = ctx.new_page()
    page.goto(url)
    wait_ready(page)
    page.wait_for_function("!document.querySelector('[data-waiting]')")
    wait_page_kept(page, url)
    return page


def served_twice(served):
    return sorted(path for path, n in Counter(path for path, _ in served).items() if n > 1)


def test_first_visit_serves_each_file_once_and_the_snapshot_waits_for_the_next(profile, server):
    url = server.url + CHAPTER
    first = settled_visit(profile, url)
    snapshot = first.evaluate("nnbook.runtime.manifest.snapshot")
    assert snapshot
    assert first.evaluate("navigator.serviceWorker.controller !== null")
    # Let the service worker finish anything it would still download after the page was kept.
    first.wait_for_timeout(1500)
    first.close()
    served = list(server.served)
    total = sum(n for _, n in served)
    print(f"\nfirst visit of chapter 3: {total / 1e6:.2f} MB in {len(served)} bodies")
    assert not served_twice(served), served_twice(served)
    assert not [p for p, _ in served if p.endswith(snapshot)], "the snapshot was downloaded on a first visit"
    assert total <= FIRST_VISIT_LIMIT, f"{total / 1e6:.2f} MB"

    # The next visit, under the service worker: Python starts without downloading the
    # runtime again, and the snapshot is kept (once) for the visits after it.
    second = settled_visit(profile, url)
    wait_snapshot_kept(second)
    assert second.evaluate("nnbook.runtime.startTimings.snapshot") is False
    second.close()
    third = settled_visit(profile, url)
    assert third.evaluate("nnbook.runtime.startTimings.snapshot") is True   # restored from it
    again = server.served[len(served):]
    assert [p for p, _ in again if p.endswith(snapshot)] == [f"/assets/pyodide/{snapshot}"]
    assert not [p for p, _ in again if "/assets/pyodide/" in p and not p.endswith(snapshot)], again


SAVE_DATA = "Object.defineProperty(navigator, 'connection', {value: {saveData: true, effectiveType: '4g'}})"
CHOSEN = "localStorage.getItem('nnbook:v1:start') || localStorage.setItem('nnbook:v1:start', 'on-run')"


@pytest.mark.parametrize("how", ["chosen", "save-data"])
def test_reading_mode_downloads_no_python_before_the_first_run(browser, server, how):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(120_000)
    ctx.add_init_script(CHOSEN if how == "chosen" else SAVE_DATA)
    try:
        page = ctx.new_page()
        page.goto(server.url + CHAPTER)
        expect(python_status(page)).to_have_text("Python: starts when you press Run")
        expect(page.get_by_role("checkbox", name="Start Python when I press Run")).to_be_checked()
        run_button = cell(page, 1).get_by_role("button", name="Run", exact=True)
        expect(run_button).to_be_visible()
        expect(page.locator("div.nb-widget[data-waiting] .nb-widget__waiting").first).to_contain_text(
            "This widget answers once Python runs")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)   # nothing more comes while the reader reads
        before = list(server.served)
        total = sum(n for _, n in before)
        print(f"\nreading mode, chapter 3 before the first Run: {total / 1e6:.2f} MB in {len(before)} bodies")
        python = [p for p, _ in before if "/assets/pyodide/" in p or re.search(r"/worker-\w+\.js$", p) or p == "/sw.js"]
        assert not python, python
        assert total <= READING_LIMIT, f"{total / 1e6:.2f} MB"
        # The first Run starts Python, with its progress, and runs the cell.
        press(run_button)
        expect(python_status(page)).to_have_text(re.compile("Python: (loading|downloading|starting|importing|ready)"))
        expect(cell(page, 1)).to_have_attribute("data-state", "done", timeout=120_000)
        expect(output(page, 1)).not_to_be_empty()
        wait_ready(page)
        assert any("/assets/pyodide/pyodide.asm.wasm" == p for p, _ in server.served)
    finally:
        ctx.close()


def test_the_reading_mode_choice_in_japanese_and_a_widget_starts_python(browser, server):
    """With Save-Data the box is ticked; a widget's "Start Python" starts Python; unticked,
    the choice is remembered and the next page starts Python with the page."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    ctx.set_default_timeout(120_000)
    ctx.add_init_script(SAVE_DATA)
    try:
        page = ctx.new_page()
        page.goto(server.url + "ja/" + CHAPTER)
        expect(python_status(page)).to_have_text("Python: 「実行」を押すと起動します")
        box = page.get_by_role("checkbox", name="「実行」を押したときに Python を起動")
        expect(box).to_be_checked()
        grid = page.locator("div.nb-widget[data-widget='pixel-grid']")
        expect(grid).to_have_attribute("data-waiting", "")
        start = grid.get_by_role("button", name="Python を起動")
        start.evaluate("(b) => b.scrollIntoView({block: 'center'})")   # clear of the sticky header
        start.click()
        expect(grid).not_to_have_attribute("data-waiting", re.compile(".*"), timeout=120_000)
        box.uncheck()
        assert page.evaluate("localStorage.getItem('nnbook:v1:start')") == "with-page"
        again = ctx.new_page()
        again.goto(server.url + "ja/" + CHAPTER)
        expect(again.get_by_role("checkbox", name="「実行」を押したときに Python を起動")).not_to_be_checked()
        expect(python_status(again)).to_have_text("Python: 準備完了", timeout=120_000)
    finally:
        ctx.close()
