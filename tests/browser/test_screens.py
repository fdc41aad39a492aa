"""Every reader's screen, on every page with cells or widgets, in both languages: after "Run all"
and every widget's first answer, axe-core finds nothing serious in either colour scheme (contrast
included) at 1280 px, and at 375 px with touch every button, slider, checkbox and radio has a
44 × 44 px hit area, no text is drawn under 11 px (SVG text at its scale), and nothing is cut
where nothing scrolls (at 1280 px too); a page with cells and widgets has a skip link that puts the
keyboard on its first widget. One load per page and language: the scheme is switched on
<body> (mkdocs-material's palette attribute), the width by resizing, touch by Chromium's emulation
(what Playwright's has_touch turns on), all in place."""

import re
import time

import pytest
from playwright.sync_api import expect

from helpers import FINISHED, screen_measures, serious_axe_violations

PAGES = ["", "neurons/", "activation/", "ct-network/", "error/", "descent/", "backpropagation/",
         "training/", "techniques/", "playground/", "example/", "scratchpad/"]


def ready(page):
    """Python ready, every cell run ("Run all"), every widget past its first answer."""
    page.wait_for_function("document.documentElement.dataset.nnbook === 'ready'", timeout=180_000)
    cells = page.locator("div.nb-cell--live")
    if cells.count():
        page.locator(".nb-toolbar .nb-run-all").click()
        for i in range(cells.count()):
            expect(cells.nth(i)).to_have_attribute("data-state", re.compile(FINISHED), timeout=300_000)
    page.wait_for_function("!document.querySelector('.nb-widget[data-waiting]')", timeout=180_000)


def settled(page, what, *args, timeout=15_000):
    """What screen_measures(page, what, *args) still finds once the page has had `timeout` ms
    to follow a new width: charts and diagrams redraw (their words resized) a frame or more
    after the resize, later on a busy machine."""
    deadline = time.monotonic() + timeout / 1000
    while (found := screen_measures(page, what, *args)) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return found


def scheme(page, name):
    page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", name)
    page.wait_for_timeout(500)   # the theme's colour transitions (axe-core would read them halfway)


@pytest.mark.parametrize("lang", ["", "ja/"], ids=["en", "ja"])
@pytest.mark.parametrize("path", PAGES)
def test_every_screen(browser, base_url, path, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        page.goto(base_url + lang + path)
        ready(page)
        if page.locator("div.nb-cell--live").count() and page.locator(".nb-widget").count():
            # the keyboard reaches the widgets in three keys too, not only the first cell
            # (the page's last skip link: its own, or the first one where a widget comes first)
            page.locator("a.nb-skip, a.nb-skip-widget").last.focus()
            page.keyboard.press("Enter")
            expect(page.locator(".nb-widget:focus-within")).to_have_count(1, timeout=5_000)
        found = {}
        if page.locator(".nb-cell__editor .cm-content").count():   # its active line marked, as a reader typing sees it
            page.locator(".nb-cell__editor .cm-content").first.click()
            expect(page.locator(".nb-cell__editor .cm-activeLineGutter").first).to_be_visible()
        for name in ("default", "slate"):
            scheme(page, name)
            found[f"axe, {name}"] = serious_axe_violations(page)
            found[f"contrast of SVG text and line numbers, {name}"] = screen_measures(page, "contrast")
            found[f"clipped at 1280 px, {name}"] = screen_measures(page, "clipped")
        touch = context.new_cdp_session(page)
        touch.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        page.set_viewport_size({"width": 375, "height": 812})
        assert page.evaluate("matchMedia('(pointer: coarse)').matches")
        found["hit area under 44 × 44 px at 375 px"] = settled(page, "targets", 44)
        found["text under 11 px at 375 px"] = settled(page, "text", 11)
        found["clipped at 375 px"] = settled(page, "clipped")
        counts = {what: len(items) for what, items in found.items()}
        assert not any(found.values()), f"{counts}\n" + "\n".join(
            f"{what}:\n  " + "\n  ".join(items[:15]) for what, items in found.items() if items)
    finally:
        context.close()
