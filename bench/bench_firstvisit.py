"""A reader's first visit in figures (printed by bench/run.py, not asserted):

* bytes of chapter 3's first visit, counted at the server (every body it served,
  the service worker's install included), in a fresh context (HTTP cache in memory,
  like a private window) and in a persistent profile, and any file served twice;
* reading mode ("Start Python when I press Run"): bytes before the first Run;
* Run buttons and editors: ms after DOMContentLoaded until every cell of chapter 3
  has its Run button and editor (measured in the page with performance.now());
* the memory snapshot's choice, both ways over emulated Wi-Fi: the return visit
  (Python started from the service worker's files, the snapshot not kept yet) and
  the visit after (restored from the snapshot), beside what the first visit would
  download if the snapshot came with it;
* an emulated mid-range phone (CPU 4x slower by Emulation.setCPUThrottlingRate,
  10 Mbit/s, 40 ms): the first visible output (the book's, from the build, as
  bench_book.py watches it), Run buttons, Python ready, from
  navigation. (Chromium slows the page's main thread; the Python worker's own
  thread is not throttled by it, so "Python ready" flatters the phone.)

The server must be started with static_server.start(..., log=True).
"""

from __future__ import annotations

from collections import Counter

import bench_book
from tooling import browser as chromium
from tooling.browser import wait_until  # the tests' one way to wait on a promise

CHAPTER = "ct-network/"
WIFI = {"offline": False, "latency": 20, "downloadThroughput": 5_000_000, "uploadThroughput": 2_000_000}
PHONE_NET = {"offline": False, "latency": 40, "downloadThroughput": 1_250_000, "uploadThroughput": 750_000}
PHONE_CPU = 4

# In the page from its first script: DOMContentLoaded, and when every cell has its
# Run button and editor (ms since navigation started).
RUN_BUTTONS = """
window.__ui = {};
document.addEventListener('DOMContentLoaded', () => { window.__ui.dcl = performance.now(); });
new MutationObserver((_, obs) => {
  const n = document.querySelectorAll('div.nb-cell').length;
  if (n && document.querySelectorAll('div.nb-cell .nb-run').length === n
      && document.querySelectorAll('div.nb-cell .cm-editor').length === n) {
    window.__ui.buttons = performance.now();
    obs.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
"""
KEPT = "(url) => caches.open('nnbook-pages').then((c) => c.match(url)).then(Boolean)"
SNAPSHOT_KEPT = ("() => caches.match(new URL(nnbook.runtime.manifest.snapshot, nnbook.runtime.indexURL).href)"
                 ".then(Boolean)")
READY = ("document.documentElement.dataset.nnbook === 'ready' && globalThis.nnbook.runtime.state === 'ready' && "
         "!document.querySelector('[data-waiting]')")


def _page(ctx, network=None, cpu=None):
    page = ctx.new_page()
    if network or cpu:
        cdp = ctx.new_cdp_session(page)
        if network:
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", network)
        if cpu:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    return page


def _ready_at(page):
    """When Python was ready, in seconds from navigation (the worker's mark, on the page's clock)."""
    return page.evaluate("""() => { const t = globalThis.nnbook.runtime.startTimings;
      return (t.imports + t.origin - performance.timeOrigin) / 1000; }""")


def settled_visit(ctx, url, network=None):
    """Chapter 3 in a new tab until Python is ready, the widgets answered and the service
    worker keeps the page (it is installed and active); returns the open page."""
    page = _page(ctx, network)
    page.goto(url, timeout=180_000)
    page.wait_for_function(READY, timeout=180_000)
    wait_until(page, KEPT, url)
    return page


def first_visit_bytes(server, ctx, url):
    """(bytes, bodies, files served twice) of a first visit of `url` in `ctx`."""
    start = len(server.served)
    page = settled_visit(ctx, url)
    page.wait_for_timeout(1500)   # anything the service worker still fetches
    page.close()
    served = server.served[start:]
    twice = sorted(p for p, n in Counter(p for p, _ in served).items() if n > 1)
    return sum(n for _, n in served), len(served), twice


def reading_mode_bytes(server, browser, url):
    """Bytes served to chapter 3 in reading mode before the reader's first Run."""
    ctx = browser.new_context()
    ctx.add_init_script("localStorage.setItem('nnbook:v1:start', 'on-run')")
    start = len(server.served)
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.nnbook === 'ready'", timeout=120_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    total = sum(n for _, n in server.served[start:])
    ctx.close()
    return total


def run_buttons(browser, url, network=None, cpu=None):
    """(ms after DOMContentLoaded, s from navigation, first visible output s, Python ready s)
    for chapter 3 in a fresh context."""
    ctx = browser.new_context()
    try:
        page = _page(ctx, network, cpu)
        page.add_init_script(RUN_BUTTONS)
        page.add_init_script(bench_book.WATCH)
        page.goto(url, timeout=180_000)
        page.wait_for_function("window.__ui && window.__ui.buttons", timeout=180_000, polling=50)
        page.wait_for_function("globalThis.nnbook.runtime.state === 'ready'", timeout=300_000, polling=100)
        ui = page.evaluate("window.__ui")
        page.wait_for_function("globalThis.__nbBookTimes.output !== undefined", timeout=180_000)
        output = page.evaluate("globalThis.__nbBookTimes.output")
        return ui["buttons"] - ui["dcl"], ui["buttons"] / 1000, output / 1000, _ready_at(page)
    finally:
        ctx.close()


def snapshot_both_ways(pw, url, profile, network=WIFI):
    """A reader's profile over `network`: a first visit, the return (Python from the service
    worker's files; the snapshot kept after it) and the visit after (restored from the
    snapshot). Returns (return s, restored s) to Python ready, from navigation."""
    ctx = pw.chromium.launch_persistent_context(str(profile), **chromium.launch_options())
    try:
        settled_visit(ctx, url, network).close()
        second = settled_visit(ctx, url, network)
        back = _ready_at(second)
        assert second.evaluate("globalThis.nnbook.runtime.startTimings.snapshot") is False
        wait_until(second, SNAPSHOT_KEPT)
        second.close()
        third = settled_visit(ctx, url, network)
        assert third.evaluate("globalThis.nnbook.runtime.startTimings.snapshot") is True
        restored = _ready_at(third)
        third.close()
        return back, restored
    finally:
        ctx.close()


def snapshot_size(site):
    return sum(f.stat().st_size for f in (site / "assets" / "pyodide").glob("python-snapshot-*.bin"))
