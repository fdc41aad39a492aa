"""Shared fixtures: the built site served on 127.0.0.1, and Chromium.

The browser tests run against ``site/`` as built by ``make test`` (it is
built here if missing), served by a plain static server in three ways: at
the root, under a sub-path, and cross-origin isolated (COOP/COEP).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("NNBOOK_SITE", ROOT / "site"))  # built by make

from tooling import browser as chromium, static_server


# a second checkout testing beside this one takes another port (make test reads the same variable)
TEST_SITE_URL = os.environ.get("NNBOOK_TEST_SITE_URL", "http://127.0.0.1:8765/")


def _site_url(site):
    """The site_url the site was built with (the first <loc> of its sitemap)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return None
    return sitemap.read_text().split("<loc>", 1)[1].split("</loc>", 1)[0]


def _ensure_site():
    # Instant navigation only engages when the site is served at its
    # site_url (mkdocs-material matches links against sitemap.xml, port
    # included), so the tests serve the build at the address it was built for.
    if not (SITE / "assets" / "nnbook" / "textbook.js").exists():
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NNBOOK_SITE_URL=TEST_SITE_URL)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(SITE)],
                       cwd=ROOT, check=True, env=env)
    return SITE


@pytest.fixture(scope="session")
def site():
    return _ensure_site()


def _serve(site, **kw):
    server, url = static_server.start(site, **kw)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(site):
    """The site at the root of a plain static host (not isolated), on the
    port of its site_url."""
    # only the tests' own port: never take 8000 from a reader's `make serve`
    port = int(TEST_SITE_URL.rsplit(":", 1)[1].strip("/")) if _site_url(site) == TEST_SITE_URL else 0
    try:
        server, url = static_server.start(site, port=port)
    except OSError:  # taken (another run): everything but instant navigation still works
        server, url = static_server.start(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def subpath_url(site):
    yield from _serve(site, prefix="/courses/nn/")


@pytest.fixture(scope="session")
def isolated_url(site):
    yield from _serve(site, isolated=True)


@pytest.fixture(scope="session")
def broken_url(site):
    """A host that lost Pyodide's wasm file (a broken upload)."""
    yield from _serve(site, missing=("pyodide.asm.wasm",))


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    b = playwright_instance.chromium.launch(**chromium.launch_options())
    yield b
    b.close()


@pytest.fixture(scope="module")
def context(browser):
    """One context per test module: pages share the HTTP cache, as a
    reader's tabs would, so only the first page pays the download."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(60_000)
    yield ctx
    ctx.close()


class Recorder:
    """Everything a page asks the network for, and what it reports wrong."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.failed: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def on_dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()
        page.on("dialog", on_dialog)

    def foreign(self, origin: str) -> list[str]:
        return [u for u in self.requests
                if not (u.startswith(origin) or u.startswith("data:") or u.startswith("blob:"))]


@pytest.fixture
def page(context):
    from helpers import LAYOUT_SHIFTS
    p = context.new_page()
    p.add_init_script(LAYOUT_SHIFTS)
    p.recorder = Recorder(p)
    yield p
    try:  # a reader's saved edits must not leak into the next test
        p.evaluate("localStorage.clear()")
    except Exception:
        pass
    p.close()


@pytest.fixture
def first_visit_page(browser):
    """A page in a context of its own: a reader's first visit, with no service
    worker yet that could answer the runtime's files from its cache (what
    `hold_python` needs to hold them back)."""
    from helpers import LAYOUT_SHIFTS
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(60_000)
    p = ctx.new_page()
    p.add_init_script(LAYOUT_SHIFTS)
    p.recorder = Recorder(p)
    yield p
    ctx.close()


@pytest.fixture
def page_without_sw(browser):
    """A page in a context that runs no service worker (as in a browser that
    blocks them): what a plain static host gives, visit after visit. (The
    book's service worker makes a second visit cross-origin isolated.)"""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    ctx.set_default_timeout(60_000)
    p = ctx.new_page()
    p.recorder = Recorder(p)
    yield p
    ctx.close()
