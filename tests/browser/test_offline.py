"""The book as an installed app (js/offline/): the service worker installs on
the first visit; from the next visit the page is cross-origin isolated on a
plain host (Stop keeps variables); with the network gone, a visited chapter
opens and runs from the worker's caches, and a never-visited page says in
words that it is not available offline yet; at the root and under a sub-path."""


import re

import numpy as np
import pytest
from playwright.sync_api import expect

import nnbook
from helpers import open_page, output, run, run_output, stop_runaway, wait_page_kept, wait_ready, widget
from test_ct_network import X, expect_readout

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
    warnings = []   # the runtime says why, when Stop had to restart an isolated Python
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
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
    assert not [w for w in warnings if w.startswith("Stop:")], warnings
    expect(output(page, 1)).to_contain_text("KeyboardInterrupt")
    expect(run_output(page, 1, "kept")).to_have_text("'yes'")

    # A chapter with widgets, read online, is kept.
    chapter = base_url + "ct-network/"
    open_page(page, chapter)
    page.wait_for_function(CACHED, arg=chapter, timeout=30_000)

    fresh.set_offline(True)
    reader = fresh.new_page()
    response = reader.goto(chapter)
    assert response.from_service_worker and response.ok
    assert reader.evaluate("navigator.serviceWorker.controller !== null")
    open_page(reader, chapter)                      # Python answered the widgets
    w = nnbook.Network(seed=0).w
    widget(reader, "pixel-grid").get_by_role("button", name="slide image 4: T").click()
    expect_readout(reader, w, X[3])
    expect(run_output(reader, 1, "import numpy, nnbook; print(numpy.__version__)")).to_have_text(np.__version__)
    # The network is gone for the service worker too: a page never visited, and an
    # asset never kept, cannot be fetched; the page says so in the URL's language.
    failed = reader.evaluate("fetch('../assets/pyodide/six-1.16.0-py2.py3-none-any.whl').then((r) => r.status, () => 'failed')")
    assert failed == "failed"
    expect_offline_page(reader, base_url + "training/", "en", base_url)
    expect(reader.locator(f'li a[href="{chapter}"]')).to_have_count(1)   # the pages kept here are listed
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
    # An error and a ranged request pass through the worker but are never kept (this plain
    # server answers a range with the whole file; a 206 is held to the same rule in
    # tests/js/offline-policy.test.mjs).
    statuses = page.evaluate("""async () => [
      (await fetch('../no-such-page/')).status,
      (await fetch('../assets/pyodide/six-1.16.0-py2.py3-none-any.whl', {headers: {Range: 'bytes=0-99'}})).status]""")
    assert statuses[0] == 404 and statuses[1] in (200, 206)
    kept = page.evaluate("""async () => {
      const out = [];
      for (const name of ['nnbook-pages', 'nnbook-files']) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) out.push([request.url, (await cache.match(request)).status]);
      }
      return out;
    }""")
    assert kept and all(status == 200 and url.startswith(subpath_url) for url, status in kept)
    assert not any("no-such-page" in url or url.endswith(".whl") for url, _ in kept)
    fresh.set_offline(True)
    reader = fresh.new_page()
    response = reader.goto(subpath_url + "scratchpad/")
    assert response.from_service_worker and response.ok
    expect(run_output(reader, 1, "print(6 * 7)")).to_have_text("42")
    expect_offline_page(reader, subpath_url + "ja/training/", "ja", subpath_url + "ja/")
    expect_offline_page(reader, subpath_url + "neurons/", "en", subpath_url)


# ---- updates ------------------------------------------------------------------------------

MARK = "import nnbook; print(getattr(nnbook, 'SECOND_BUILD', 'first build'))"
RELOADED_MARK = "import importlib; " + MARK.replace("print", "importlib.reload(nnbook); print")   # nnbook as installed
SECOND_PAGE_TEXT = "This sentence is only in the second build."
# an output element with the update notice's class must not hide the real notice
FAKE_NOTICE = "\nclass Fake:\n    def _repr_html_(self): return '<div class=\"nb-update\">fake</div>'\ndisplay(Fake())"


def update_notice(page):
    return page.get_by_role("status").filter(has_text="A new version of the book is available")


@pytest.fixture(scope="module")
def second_site(tmp_path_factory):
    """The book built again from a copy of the sources with a changed page
    (scratchpad) and a changed nnbook (a value only it has): a new deploy."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path
    # (not `from conftest import`: tests/engines has a conftest of its own, and the
    # name is whichever was imported first in a whole run)
    ROOT = Path(__file__).resolve().parents[2]
    import os
    TEST_SITE_URL = os.environ.get("NNBOOK_TEST_SITE_URL", "http://127.0.0.1:8765/")
    work = tmp_path_factory.mktemp("second-build")
    repo = work / "repo"
    for name in ("docs", "overrides", "py", "js"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "package.json", "LICENSE", "THIRD_PARTY_NOTICES.md"):  # what the build reads
        shutil.copy2(ROOT / name, repo / name)
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    with open(repo / "docs" / "scratchpad.md", "a", encoding="utf-8") as f:
        f.write(f"\n{SECOND_PAGE_TEXT}\n")
    with open(repo / "py" / "nnbook" / "__init__.py", "a", encoding="utf-8") as f:
        f.write('\nSECOND_BUILD = "second build"\n')
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NNBOOK_SITE_URL=TEST_SITE_URL,
               NNBOOK_RUNTIME_DIR=str(work / "runtime"),
               PYTHONPATH=str(repo / "py"))   # the copy's packages, before those .venv has from this checkout
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(work / "site")],
                   cwd=repo, check=True, env=env)
    return work / "site"


def test_a_new_build_waits_for_the_readers_reload(fresh, site, second_site, tmp_path):
    from tooling import static_server
    served = tmp_path / "served"                   # the host's folder: one build, then the other
    served.symlink_to(site.resolve())
    server, url = static_server.start(served)
    try:
        old_tab = fresh.new_page()
        old_tab.goto(url + "scratchpad/")
        expect(run_output(old_tab, 1, MARK + FAKE_NOTICE)).to_have_text("first build\nfake")
        wait_controlled(old_tab)

        deployed = tmp_path / "deploying"          # deploy the second build
        deployed.symlink_to(second_site.resolve())
        deployed.replace(served)

        # A new full page load, still under the old service worker, is the new build's
        # page running the new build's scripts, Python worker and nnbook: its entry
        # files' URLs carry their hash, which the old worker never precached.
        reader = fresh.new_page()
        reader.goto(url + "scratchpad/")
        # (the old tab's output, with its fake notice, is this tab's last output: the real one is the status)
        notice = reader.locator(".nb-update[role=status]")
        expect(notice).to_have_text(re.compile(r"A new version of the book is available:\s*Reload"), timeout=120_000)
        expect(reader.get_by_text(SECOND_PAGE_TEXT)).to_be_visible()
        expect(run_output(reader, 1, MARK)).to_have_text("second build")
        assert reader.evaluate("navigator.serviceWorker.controller !== null")   # the old worker's
        # The open tab keeps its own build until the reader says so: scripts, worker and nnbook.
        expect(update_notice(old_tab)).to_be_visible()
        expect(run_output(old_tab, 1, RELOADED_MARK)).to_have_text("first build")
        with reader.expect_navigation():
            notice.get_by_role("button", name="Reload").click()
        expect(reader.get_by_text(SECOND_PAGE_TEXT)).to_be_visible()
        expect(reader.locator(".nb-update")).to_have_count(0)
        expect(run_output(reader, 1, MARK)).to_have_text("second build")
        # The other tab was not reloaded under the reader: its output is still there, and it
        # still says that a new version is available.
        expect(output(old_tab, 1)).to_have_text("first build")
        expect(old_tab.locator(".nb-update")).to_be_visible()
    finally:
        server.shutdown()


# ---- the home page's "Make the whole book available offline" -------------------------------

def test_whole_book_offline_with_progress_then_removed(fresh, site, base_url):
    import json
    book = json.loads((site / "assets" / "nnbook" / "offline.json").read_text())["book"]
    total_mb = f"{sum(f['size'] for f in book) / 1e6:.1f} MB"
    page = fresh.new_page()
    page.goto(base_url)
    panel = page.locator(".nb-offline")
    expect(panel).to_contain_text(f"in English and Japanese, and matplotlib ({total_mb} in all)")
    page.evaluate("""() => {
      window.seen = [];
      const status = document.querySelector('.nb-offline__status');
      new MutationObserver(() => window.seen.push([status.textContent,
        document.querySelector('.nb-offline__bar').value])).observe(status, {childList: true, characterData: true, subtree: true});
    }""")
    # The service worker keeps the page it was opened on (sooner or later than a reader's click:
    # made deterministic here), so the panel downloads the rest of the book.
    wait_page_kept(page, base_url)
    rest = [f for f in book if f["url"] != ""]
    rest_mb = f"{sum(f['size'] for f in rest) / 1e6:.1f} MB"
    panel.get_by_role("button", name="Make the whole book available offline").click()
    status = panel.get_by_role("status")
    expect(status).to_contain_text("The whole book is available offline.", timeout=180_000)
    expect(status).to_have_text(re.compile(r"The book uses [\d.]+ MB on this device\. Your browser "
                                           r"(will keep it until you remove it|did not promise to keep it)"))
    seen = page.evaluate("window.seen")
    progress = [(text, value) for text, value in seen if text.startswith("Downloading:")]
    assert progress[0][0] == f"Downloading: 0.0 MB of {rest_mb}, 0 of {len(rest)} files."
    assert progress[-1][0] == f"Downloading: {rest_mb} of {rest_mb}, {len(rest)} of {len(rest)} files."
    values = [v for _, v in progress]
    assert values == sorted(values) and values[-1] == sum(f["size"] for f in rest)

    fresh.set_offline(True)
    reader = fresh.new_page()                        # a chapter never opened, in Japanese
    response = reader.goto(base_url + "ja/training/")
    assert response.from_service_worker and response.ok
    reader.goto(base_url + "scratchpad/")            # and matplotlib, never loaded online
    expect(run_output(reader, 1, "import matplotlib; print(matplotlib.__version__)")).to_have_text("3.8.4")
    fresh.set_offline(False)

    panel.get_by_role("button", name="Remove the offline copy").click()
    # the space used goes down by the download only: what stays is said
    expect(status).to_have_text(re.compile(r"^The offline copy is removed\. The book now uses [\d.]+ MB on this device: "
                                           r"the Python runtime and the pages you have read, which the book keeps"))
    fresh.set_offline(True)
    expect_offline_page(reader, base_url + "ja/training/", "ja", base_url + "ja/")
    # the network gone during the download is said as such, not as a server's error
    panel.get_by_role("button", name="Make the whole book available offline").click()
    expect(status).to_have_text("The download stopped: there is no network. What was downloaded is kept; "
                                "press the button again when you are back online.", timeout=60_000)
