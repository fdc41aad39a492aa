"""The book as an installed app (js/offline/): the service worker installs on
the first visit; from the next visit the page is cross-origin isolated on a
plain host (Stop keeps variables); with the network gone, a visited chapter
opens and runs from the worker's caches, and a never-visited page says in
words that it is not available offline yet; at the root and under a sub-path."""


import numpy as np
import pytest
from playwright.sync_api import expect

import nnbook
from helpers import output, run, run_output, stop_runaway, wait_ready
from test_ct_network import X, expect_readout, open_page, widget

CACHED = "(url) => caches.open('nnbook-pages').then((c) => c.match(url)).then((r) => Boolean(r))"


@pytest.fixture
def fresh(browser):
    """A context of its own: no service worker yet, as on a reader's first visit."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(60_000)
    yield ctx
    ctx.close()


def wait_controlled(page):
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=120_000)


def expect_offline_page(page, url, lang, home):
    response = page.goto(url)
    assert response.from_service_worker and response.status == 503
    title = "まだオフラインでは読めません" if lang == "ja" else "Not available offline yet"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert page.locator("html").get_attribute("lang") == lang
    link = page.get_by_role("link", name="ホームページへ" if lang == "ja" else "Go to the home page")
    assert link.get_attribute("href") == home


def test_first_visit_installs_next_visit_is_isolated_and_offline_works(fresh, base_url):
    page = fresh.new_page()
    # First visit: not isolated, so Stop restarts Python, and the toolbar says when that changes.
    page.goto(base_url + "scratchpad/")
    run(page, 1, "kept = 'no'")
    assert not page.evaluate("crossOriginIsolated")
    wait_controlled(page)
    note = page.get_by_role("toolbar", name="Python").locator(".nb-toolbar__note")
    expect(note).to_contain_text("from your next visit or reload of the book, Stop keeps your variables")
    assert stop_runaway(page) < 2.0
    expect(output(page, 1)).to_contain_text("variables from earlier cells were lost")

    # Next visit, same plain host (no headers): the service worker makes the page isolated.
    response = page.reload()
    assert response.from_service_worker
    assert page.evaluate("crossOriginIsolated")
    wait_ready(page)
    expect(note).to_be_empty()
    run(page, 1, "kept = 'yes'")
    assert stop_runaway(page) < 2.0
    expect(output(page, 1)).to_contain_text("KeyboardInterrupt")
    expect(run_output(page, 1, "kept")).to_have_text("'yes'")

    # A chapter with widgets, read online, is kept.
    chapter = base_url + "ct-network/"
    open_page(page, base_url)
    page.wait_for_function(CACHED, arg=chapter, timeout=30_000)

    fresh.set_offline(True)
    reader = fresh.new_page()
    response = reader.goto(chapter)
    assert response.from_service_worker and response.ok
    assert reader.evaluate("navigator.serviceWorker.controller !== null")
    open_page(reader, base_url)                     # Python answered the widgets
    w = nnbook.Network(seed=0).w
    widget(reader, "pixel-grid").get_by_role("button", name="slide image 4: T").click()
    expect_readout(reader, w, X[3])
    expect(run_output(reader, 1, "import numpy, nnbook; print(numpy.__version__)")).to_have_text(np.__version__)
    # The network is gone for the service worker too: a page never visited, and an
    # asset never kept, cannot be fetched; the page says so in the URL's language.
    failed = reader.evaluate("fetch('../assets/pyodide/six-1.16.0-py3-none-any.whl').then((r) => r.status, () => 'failed')")
    assert failed == "failed"
    expect_offline_page(reader, base_url + "training/", "en", base_url)
    expect_offline_page(reader, base_url + "ja/training/", "ja", base_url + "ja/")


def test_under_a_sub_path_the_worker_serves_only_the_site(fresh, subpath_url):
    page = fresh.new_page()
    page.goto(subpath_url + "scratchpad/")
    wait_controlled(page)
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.scope)")
    assert scope == subpath_url                     # the site, not the host's root
    page.reload()
    assert page.evaluate("crossOriginIsolated")
    page.wait_for_function(CACHED, arg=subpath_url + "scratchpad/", timeout=30_000)
    fresh.set_offline(True)
    reader = fresh.new_page()
    response = reader.goto(subpath_url + "scratchpad/")
    assert response.from_service_worker and response.ok
    expect(run_output(reader, 1, "print(6 * 7)")).to_have_text("42")
    expect_offline_page(reader, subpath_url + "ja/training/", "ja", subpath_url + "ja/")
    expect_offline_page(reader, subpath_url + "neurons/", "en", subpath_url)
