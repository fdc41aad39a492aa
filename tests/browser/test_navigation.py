"""Instant navigation keeps Python loaded; the language switch lands on the
same page; the site works under a sub-path; a build with the defaults is
instant at the root of any host on its standard port, and only there."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpers import output, run, wait_ready
from tooling import browser as chromium, static_server

ROOT = Path(__file__).resolve().parents[2]


def _nav(page, name):
    page.locator(".md-nav--primary").get_by_role("link", name=name, exact=True).first.click()


def test_instant_navigation_keeps_the_worker_with_a_fresh_namespace(page, base_url):
    page.goto(base_url + "example/")
    run(page, "inputs", "import sys\nsys.nnbook_marker = 'kept'\nmine = 1")
    page.evaluate("window.__same_document = true")
    _nav(page, "Scratchpad")
    expect(page).to_have_url(re.compile(r"/scratchpad/$"))
    assert page.evaluate("window.__same_document === true")  # no full reload
    wait_ready(page)  # not "loading": the runtime was kept
    run(page, 1, "import sys\nprint(getattr(sys, 'nnbook_marker', 'gone'), 'mine' in globals())")
    expect(output(page, 1)).to_have_text("kept False")


def _switch_language(page, name):
    page.get_by_role("button", name=re.compile("Select language|言語")).hover()
    page.locator(".md-select__link", has_text=name).click()


def test_language_switch_lands_on_the_same_page_after_instant_navigation(page, base_url):
    page.goto(base_url)
    _nav(page, "Example: NumPy in the browser")
    expect(page).to_have_url(re.compile(r"/example/$"))
    _switch_language(page, "日本語")
    expect(page).to_have_url(base_url + "ja/example/")
    expect(page.locator("h1")).to_have_text(re.compile("^例: ブラウザーの中の NumPy"))
    expect(page.get_by_role("button", name="すべて実行")).to_be_visible()
    _nav(page, "スクラッチパッド")
    expect(page).to_have_url(re.compile(r"/ja/scratchpad/$"))
    _switch_language(page, "English")
    expect(page).to_have_url(base_url + "scratchpad/")
    expect(page.locator("h1")).to_have_text(re.compile("^Scratchpad"))


def test_site_works_under_a_sub_path(page, subpath_url):
    assert subpath_url.endswith("/courses/nn/")
    page.goto(subpath_url + "scratchpad/")
    run(page, 1, "import numpy as np; print(np.arange(3).sum())")
    expect(output(page, 1)).to_have_text("3")
    _nav(page, "Example: NumPy in the browser")
    expect(page).to_have_url(subpath_url + "example/")
    run(page, "inputs")
    expect(output(page, "inputs")).to_contain_text("array(")
    _switch_language(page, "日本語")
    expect(page).to_have_url(subpath_url + "ja/example/")
    origin = re.match(r"https?://[^/]+", subpath_url).group(0)
    assert page.recorder.foreign(origin) == []
    assert not any(u.startswith(origin) and "/courses/nn/" not in u for u in page.recorder.requests)


@pytest.fixture(scope="session")
def default_build(tmp_path_factory):
    """The site as a deployer builds it with the defaults (no NNBOOK_SITE_URL):
    its folder and what the build printed."""
    out = tmp_path_factory.mktemp("default-build")
    env = {k: v for k, v in os.environ.items() if k != "NNBOOK_SITE_URL"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          cwd=ROOT, env={**env, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return out, done.stdout + done.stderr


def _stays_instant(page, start):
    """Open `start`example/ (once the theme has read the sitemap), follow the nav link to
    the scratchpad: True if the page and its Python worker stayed (instant navigation),
    False if it was a full page load."""
    with page.expect_response(lambda r: r.url.endswith("/sitemap.xml")) as sitemap:
        page.goto(start + "example/")
    assert sitemap.value.ok
    page.wait_for_function("globalThis.nnbook && globalThis.nnbook.runtime.worker")
    page.evaluate("window.__same_document = true; globalThis.nnbook.runtime.worker.__kept = true")
    _nav(page, "Scratchpad")
    expect(page).to_have_url(start + "scratchpad/")
    expect(page.locator("h1")).to_have_text(re.compile("^Scratchpad"))
    page.wait_for_function("globalThis.nnbook && globalThis.nnbook.runtime.worker")
    return page.evaluate("window.__same_document === true && globalThis.nnbook.runtime.worker.__kept === true")


def test_a_default_build_is_instant_at_the_root_of_any_host_and_says_how_else(default_build, playwright_instance):
    site, printed = default_build
    assert "NNBOOK_SITE_URL is not set" in printed   # a note, which --strict let pass
    root_server, root_url = static_server.start(site)
    sub_server, sub_url = static_server.start(site, prefix="/courses/nn/")
    port = root_server.server_address[1]
    # A host name of its own on the standard port (80), as a deployed site has, mapped to our server.
    options = chromium.launch_options()
    options["args"] = [*options["args"], f"--host-resolver-rules=MAP book.test:80 127.0.0.1:{port}"]
    b = playwright_instance.chromium.launch(**options)
    try:
        ctx = b.new_context(viewport={"width": 1280, "height": 900})
        ctx.set_default_timeout(60_000)
        page = ctx.new_page()
        # any host, at its root, standard port: instant, Python kept
        assert _stays_instant(page, "http://book.test/")
        # the same files on another port, or under a sub-path: full page loads
        # (these need NNBOOK_SITE_URL, as the build said)
        assert not _stays_instant(page, root_url)
        assert not _stays_instant(page, sub_url)
        ctx.close()
    finally:
        b.close()
        root_server.shutdown()
        sub_server.shutdown()


def test_instant_navigation_to_a_page_of_a_newer_build_loads_it_in_full(page_without_sw, base_url):
    """Instant navigation swaps the content, not the scripts: a page whose build stamp
    (its entry files' ?v=<hash>) differs from the tab's is loaded in full instead, so it
    runs its own build's scripts. The newer build is the page with another stamp (no
    service worker: Playwright's routes do not see what a service worker fetches)."""
    page = page_without_sw
    def newer_build(route):
        response = route.fetch()
        body = re.sub(r"(assets/nnbook/(?:boot|textbook)\.(?:js|css)\?v=)[0-9a-f]+", r"\g<1>0123456789abcdef",
                      response.text())
        route.fulfill(response=response, body=body)

    page.goto(base_url + "example/")
    wait_ready(page)
    page.evaluate("window.__same_document = true")
    _nav(page, "Scratchpad")                           # same build: the content is swapped
    expect(page).to_have_url(re.compile(r"/scratchpad/$"))
    wait_ready(page)
    assert page.evaluate("window.__same_document === true")
    page.route(re.compile(r"/example/$"), newer_build)
    _nav(page, "Example: NumPy in the browser")        # newer build: loaded in full
    expect(page).to_have_url(re.compile(r"/example/$"))
    page.wait_for_function("window.__same_document === undefined && document.readyState !== 'loading'", timeout=30_000)
    assert page.evaluate("[...document.scripts].some((s) => s.src.endsWith('textbook.js?v=0123456789abcdef'))")
    wait_ready(page)
    run(page, "inputs", "print(6 * 7)")
    expect(output(page, "inputs")).to_have_text("42")
    assert page.evaluate("window.__same_document === undefined")   # loaded once, not again and again
