"""Starting Python: safe on iPad and iPhone (the worker is told, by its URL, to
say "iPad" before Pyodide loads), and real loading progress (stage and
megabytes) in the page's Python toolbar and in each widget still waiting for
its first answer, in both languages."""

import re
import time

import pytest
from playwright.sync_api import expect

from helpers import cell, output, python_status, run, set_code, wait_ready, wait_snapshot_kept

# An iPad asking for desktop sites (iPadOS's default): a Mac's user agent, but touch.
MAC_SAFARI = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
              "(KHTML, like Gecko) Version/17.5 Safari/605.1.15")
DESKTOP_CLASS_IPAD = """
Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' });
Object.defineProperty(Navigator.prototype, 'maxTouchPoints', { get: () => 5 });
"""


def _device(playwright_instance, name, **changes):
    options = {k: v for k, v in playwright_instance.devices[name].items() if k != "default_browser_type"}
    return {**options, **changes}


def _worker_url(page, timeout_s=30):
    """The URL of the page's one Python worker (assets/nnbook/worker-HASH.js). After Stop has
    restarted Python, the terminated worker stays in page.workers until the browser reports it
    gone, which can take a while on a busy machine: wait for that, and fail if it never goes."""
    deadline = time.monotonic() + timeout_s
    while True:
        urls = [w.url for w in page.workers if re.search(r"/assets/nnbook/worker-[0-9A-Z]+\.js$", w.url.split("?")[0])]
        if len(urls) == 1 or time.monotonic() > deadline:
            break
        page.wait_for_timeout(100)
    assert len(urls) == 1, urls
    return urls[0]


def _worker_platform(page):
    return page.evaluate("globalThis.nnbook.runtime.workerPlatform")


def _set_code(page, n, code):
    """helpers.set_code, with the select-all key of the platform the page believes it is on
    (the editor takes Cmd+A on a Mac, which a desktop-class iPad says it is)."""
    if page.evaluate("navigator.platform") != "MacIntel":
        return set_code(page, n, code)
    cell(page, n).get_by_role("textbox").click()
    page.keyboard.press("Meta+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def _stop_runaway(page, n, tap=False):
    """Run `while True: pass` in cell n and press Stop (tapped on a touch screen)."""
    _set_code(page, n, "while True: pass")
    c = cell(page, n)
    press = (lambda b: b.tap()) if tap else (lambda b: b.click())
    press(c.get_by_role("button", name="Run", exact=True))
    expect(c).to_have_attribute("data-state", "running", timeout=90_000)
    page.wait_for_timeout(300)
    press(c.get_by_role("button", name="Stop"))
    expect(c).to_have_attribute("data-state", "error", timeout=3_000)
    return c


def test_ipad_worker_says_ipad_and_cells_widgets_and_stop_work(browser, playwright_instance, isolated_url):
    ctx = browser.new_context(**_device(playwright_instance, "iPad (gen 7)"))
    ctx.set_default_timeout(60_000)
    page = ctx.new_page()
    try:
        page.goto(isolated_url + "activation/")
        wait_ready(page)
        assert "ipad=1" in _worker_url(page)
        assert _worker_platform(page) == "iPad"
        # the first visit starts Python the plain way, without the wasm-gc helper iPadOS gets wrong
        assert _how_python_started(page) == {"snapshot": False, "fastCalls": False}
        # a cell runs (tapped)
        set_code(page, 1, "import numpy as np\nprint(np.tanh(0.0), np.arange(4).sum())")
        c = cell(page, 1)
        c.get_by_role("button", name="Run", exact=True).tap()
        expect(c).to_have_attribute("data-state", "done", timeout=90_000)
        expect(output(page, 1)).to_have_text("0.0 6")
        # the widget answered: its numbers are there, it no longer waits
        widget = page.locator("div.nb-widget[data-widget='activation-plot']")
        expect(widget.locator(".nbw-aplot__da")).not_to_be_empty(timeout=90_000)
        expect(widget).not_to_have_attribute("data-waiting", re.compile(".*"))
        # a tap on one of its choices gets an answer from Python
        widget.get_by_role("radio", name="tanh").tap()
        expect(widget.locator(".nbw-aplot__a")).to_have_text("0.0000")
        expect(widget.locator(".nbw-aplot__da")).to_have_text("1.0000")   # tanh′(0) = 1
        # Stop interrupts a runaway loop (isolated host) and keeps the variables
        run(page, 2, "kept = 'yes'")
        _stop_runaway(page, 1, tap=True)
        expect(output(page, 1)).to_contain_text("KeyboardInterrupt")
        expect(output(page, 1)).to_contain_text("Variables set before the interruption are kept")
        expect(run_and_read(page, 2, "print(kept)")).to_have_text("yes")
        assert _worker_platform(page) == "iPad"
        # the visits after a return restore Python from the snapshot the service worker
        # keeps (from the return on): still without the helper
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=90_000)
        page.reload()
        wait_ready(page)
        assert _how_python_started(page) == {"snapshot": False, "fastCalls": False}
        wait_snapshot_kept(page)
        page.reload()
        wait_ready(page)
        assert _how_python_started(page) == {"snapshot": True, "fastCalls": False}
        expect(run_and_read(page, 2, "import numpy as np; print(np.tanh(0.0))")).to_have_text("0.0")
    finally:
        ctx.close()


def run_and_read(page, n, code):
    _set_code(page, n, code)
    run(page, n)
    return output(page, n)


def test_desktop_class_ipad_is_told_too_even_after_stop_restarts_python(browser, playwright_instance, base_url):
    ctx = browser.new_context(**_device(playwright_instance, "iPad Pro 11", user_agent=MAC_SAFARI, is_mobile=False))
    ctx.add_init_script(DESKTOP_CLASS_IPAD)
    page = ctx.new_page()
    try:
        page.goto(base_url + "scratchpad/")
        assert page.evaluate("[navigator.platform, navigator.maxTouchPoints]") == ["MacIntel", 5]
        assert "iPad" not in page.evaluate("navigator.userAgent")
        wait_ready(page)
        assert "ipad=1" in _worker_url(page)
        assert _worker_platform(page) == "iPad"
        expect(run_and_read(page, 1, "import numpy as np; print(np.ones(3) @ np.ones(3))")).to_have_text("3.0")
        # not isolated: Stop restarts Python, and the new worker is told as well
        _stop_runaway(page, 1)
        expect(output(page, 1)).to_contain_text("variables from earlier cells were lost")
        wait_ready(page)
        assert "ipad=1" in _worker_url(page)
        assert _worker_platform(page) == "iPad"
    finally:
        ctx.close()


def test_a_desktop_worker_keeps_the_real_platform(page, base_url):
    page.goto(base_url + "scratchpad/")
    wait_ready(page)
    assert "ipad" not in _worker_url(page)
    real = page.evaluate("navigator.platform")
    assert real and real != "iPad"
    assert _worker_platform(page) == real


def _how_python_started(page):
    return page.evaluate("(({snapshot, fastCalls}) => ({snapshot, fastCalls}))(globalThis.nnbook.runtime.startTimings)")


# What Python knows of where it runs: restored from the build's snapshot (made in
# Node) it must know what a plain start in this browser knows.
START_FACTS = """
import os, sys, time, platform
{"environ": dict(os.environ), "path": sys.path, "executable": sys.executable, "argv": sys.argv,
 "runtime": sys._emscripten_info.runtime, "platform": platform.platform(), "cwd": os.getcwd(),
 "zone": [time.timezone, time.altzone, time.daylight, list(time.tzname), time.strftime("%Z %z", time.localtime(0)),
          list(time.localtime(1.8e9)), list(time.localtime(1.79e9))],
 "modules": sorted(m for m in sys.modules if not m.startswith(("numpy", "nnbook", "cellrunner"))),
 "recursion": sys.getrecursionlimit(), "flags": str(sys.flags)}
"""


def test_python_restored_from_the_snapshot_knows_what_a_plain_start_knows(browser, base_url):
    """A first visit and the return start Python the plain way; once the service worker
    keeps the build's memory snapshot (from the return on), the next visits restore Python from it. Both know the same
    of the reader's browser: language, time zone (one with summer time), user agent;
    and each start has its own random seeds, not the build's."""
    ctx = browser.new_context(locale="ja-JP", timezone_id="Europe/Berlin")
    ctx.set_default_timeout(90_000)
    starts = []
    try:
        for visit in range(4):
            page = ctx.new_page()
            page.goto(base_url + "scratchpad/")
            wait_ready(page)
            assert _how_python_started(page) == {"snapshot": visit > 1, "fastCalls": True}
            facts = page.evaluate("async (code) => (await globalThis.nnbook.runtime.evaluate(code))", START_FACTS)
            seed = page.evaluate("async () => (await globalThis.nnbook.runtime.evaluate("
                                 "'import random; random.getrandbits(64)'))")
            assert facts["ok"] and seed["ok"], (facts, seed)
            # a cell runs NumPy and nnbook
            expect(run_and_read(page, 1, "import numpy as np, nnbook\nprint(np.arange(5) @ np.arange(5))")).to_have_text("30")
            starts.append((facts["value"], seed["value"]))
            if visit == 0:
                page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=90_000)
            if visit == 1:
                wait_snapshot_kept(page)
            page.close()
    finally:
        ctx.close()
    (plain, plain_seed), _, (restored, seed), (again, seed_again) = starts
    assert plain["environ"]["LANG"] == "ja_JP.UTF-8" and plain["zone"][:3] == [-3600, -7200, 1]
    assert "HeadlessChrome" in plain["runtime"]
    for key in plain:
        assert restored[key] == plain[key], (key, restored[key], plain[key])
    assert restored == again
    assert len({plain_seed, seed, seed_again}) == 3


STAGE = {
    "en": r"(downloading the runtime|starting the interpreter|loading NumPy)",
    "ja": r"(本体をダウンロード中|インタープリターを起動中|NumPy を読み込み中)",
}
MEGABYTES = {
    "en": r"\((\d+\.\d) of (\d+\.\d) MB\)",
    "ja": r"\((\d+\.\d) MB 中 (\d+\.\d) MB\)",
}
WAITING = {"en": "Waiting for Python: ", "ja": "Python を待っています: "}
READY = {"en": "Python: ready", "ja": "Python: 準備完了"}


@pytest.mark.parametrize("lang,path", [("en", "ct-network/"), ("ja", "ja/activation/")])
def test_loading_progress_in_the_toolbar_and_every_waiting_widget(browser, base_url, lang, path):
    """NumPy's wheel is held back at the network, so Python stays loading: the toolbar and
    each widget say the stage and the megabytes, in the page's language."""
    ctx = browser.new_context()
    ctx.set_default_timeout(60_000)
    held = []
    ctx.route(re.compile(r".*/numpy-[^/]*\.whl$"), lambda route: held.append(route))
    page = ctx.new_page()
    try:
        page.goto(base_url + path)
        status = python_status(page)
        progress = re.compile(rf"^Python: {STAGE[lang]} {MEGABYTES[lang]}$")
        expect(status).to_have_text(progress, timeout=90_000)
        widgets = page.locator("div.nb-widget[data-widget]")
        count = widgets.count()
        assert count >= 1
        for i in range(count):
            widget = widgets.nth(i)
            expect(widget).to_have_attribute("data-waiting", "")
            expect(widget.locator(".nb-widget__waiting")).to_have_text(
                re.compile(rf"^{WAITING[lang]}{STAGE[lang]} {MEGABYTES[lang]}$"))
        text = status.text_content()
        numbers = [float(x) for x in re.search(MEGABYTES[lang], text).groups()]
        loaded, total = (numbers if lang == "en" else numbers[::-1])
        assert 10 < total < 40 and 0 < loaded < total   # NumPy's 3 MB are still to come
        assert page.evaluate("globalThis.nnbook.runtime.state") == "loading"
        for route in held:
            route.continue_()
        held.clear()
        expect(status).to_have_text(READY[lang], timeout=90_000)
        for i in range(count):
            expect(widgets.nth(i)).not_to_have_attribute("data-waiting", re.compile(".*"), timeout=90_000)
            expect(widgets.nth(i).locator(".nb-widget__waiting")).to_have_count(0)
    finally:
        for route in held:
            route.continue_()
        ctx.close()
