"""Every page with widgets on a touch screen: at 375 px (a phone, English) each widget's
controls are tapped (Playwright touch taps: locator.tap, page.touchscreen.tap) and the widget
answers (a pixel toggles and the outputs change, a slider moves where it is tapped, a button
does its work); at 768 px (a tablet, Japanese) the widgets are ready and fit. At both widths
nothing is wider than the screen: not the page, not a widget. One page load per page and width."""

import re

import pytest
from playwright.sync_api import expect

from helpers import LAYOUT_SHIFTS, settled_layout_shift, widget

PHONE, TABLET = 375, 768


def touch_page(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=True)
    context.set_default_timeout(60_000)
    context.add_init_script(LAYOUT_SHIFTS)
    return context, context.new_page()


def expect_fits(page, width):
    """Nothing scrolls sideways, and every widget's box is inside the screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth") == width
    widgets = page.locator(".nb-widget")
    assert widgets.count() >= 1
    for i in range(widgets.count()):
        b = widgets.nth(i).bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= width + 0.5, (widgets.nth(i).get_attribute("data-widget"), b)


def chart_text_sizes(page):
    """The smallest size, in screen pixels, of the words and numbers of each chart on the page
    (its font size in the chart's units, times the chart's scale on the screen)."""
    return page.evaluate("""() => [...document.querySelectorAll('.nb-widget svg.nb-chart')].map((svg) => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
      return sizes.length ? Math.min(...sizes) : null;
    })""")


def verdicts_inside(page):
    """Every network diagram's verdict ("→ neither", "→ どちらでもない") wholly inside its drawing:
    within the viewBox and within the <svg> on the screen. Returns the verdicts' texts."""
    found = page.evaluate("""() => [...document.querySelectorAll("svg .nbw-net__verdict")].map(t => {
      const svg = t.ownerSVGElement, b = t.getBBox(), [x, y, w, h] = svg.getAttribute("viewBox").split(" ").map(Number);
      const r = t.getBoundingClientRect(), s = svg.getBoundingClientRect();
      return {text: t.textContent, inBox: b.x >= x && b.y >= y && b.x + b.width <= x + w && b.y + b.height <= y + h,
              onScreen: r.left >= s.left - 0.5 && r.right <= s.right + 0.5 && r.top >= s.top - 0.5 && r.bottom <= s.bottom + 0.5};
    })""")
    assert all(v["inBox"] and v["onScreen"] for v in found), found
    return [v["text"] for v in found]


def tap_at(page, locator, fx, fy=0.5):
    """A touch tap at a fraction (fx, fy) of the element's box, scrolled to the middle first."""
    locator.evaluate("e => e.scrollIntoView({block: 'center'})")
    b = locator.bounding_box()
    page.touchscreen.tap(b["x"] + b["width"] * fx, b["y"] + b["height"] * fy)


def tap_slider(page, slider):
    """Tap a slider's track far from its thumb: the slider moves there."""
    before = slider.input_value()
    lo, hi = float(slider.get_attribute("min") or 0), float(slider.get_attribute("max") or 100)
    right_half = (float(before) - lo) / (hi - lo) > 0.5
    tap_at(page, slider, 0.15 if right_half else 0.85)
    expect(slider).not_to_have_value(before)
    after = float(slider.input_value())
    assert (after < float(before)) if right_half else (after > float(before)), (before, after)
    return after


def tap_every_slider(page, where):
    """Each visible, enabled slider of a widget moves by a tap (at least one slider is there)."""
    sliders = where.locator("input[type=range]:visible:enabled")
    n = sliders.count()
    assert n >= 1
    for i in range(n):
        tap_slider(page, sliders.nth(i))
    return n


def text_of(locator):
    return locator.inner_text().strip()


# ---- each page at 375 px: ready, then tapped -------------------------------------------------------

def activation(page):
    w = widget(page, "activation-plot")
    expect(w.locator(".nbw-aplot__da")).not_to_be_empty(timeout=120_000)
    a = w.locator(".nbw-aplot__a")
    before = text_of(a)
    w.get_by_role("radio", name="tanh").tap()
    expect(w.get_by_role("radio", name="tanh")).to_be_checked()
    expect(a).not_to_have_text(before)
    plot = w.get_by_role("slider", name="Cursor position s")
    now = plot.get_attribute("aria-valuenow")
    tap_at(page, plot, 0.8)
    expect(plot).not_to_have_attribute("aria-valuenow", now)
    assert float(plot.get_attribute("aria-valuenow")) > float(now)


def neurons(page):
    w = widget(page, "neuron-explorer")
    expect(w.locator(".nbw-neuron__y")).not_to_be_empty(timeout=120_000)
    w.get_by_role("button", name="Preset OR").tap()
    expect(w.locator(".nbw-neuron__gate-name")).to_have_text("OR")
    y = w.locator(".nbw-neuron__y")
    before = text_of(y)
    tap_every_slider(page, w)
    expect(y).not_to_have_text(before)


def ct_network(page):
    grid = widget(page, "pixel-grid")
    expect(grid.locator("[data-value='verdict']")).not_to_have_text("—", timeout=120_000)
    editor = widget(page, "weight-editor")
    expect(editor.get_by_role("spinbutton").first).to_be_enabled()
    # a pixel toggles, the outputs follow
    z1 = grid.locator("[data-value='z1']")
    before = text_of(z1)
    pixel = grid.get_by_role("button", name="pixel x5", exact=True)
    pixel.tap()
    expect(pixel).to_have_attribute("aria-pressed", "true")
    expect(z1).not_to_have_text(before)
    # the diagram: a tap reads a unit's value out
    view = widget(page, "network-view")
    tap_at(page, view.locator(".nbw-net__unit[data-key=h2] circle"), 0.5)
    expect(view.locator(".nbw-net__readout")).to_have_text(re.compile(r"^h2 = \d\.\d{3}; θ₂ᴴ = "))
    # the weight editor: a box, then the block's own full-width slider and its − / + steps
    block = editor.locator("details.nbw-we__group").nth(3)                     # w_2^H
    block.get_by_role("spinbutton", name="w_52^H", exact=True).tap()
    slider = block.get_by_role("slider", name="w_52^H slider", exact=True)
    expect(slider).to_be_visible()                                             # the tap's answer, then:
    expect(block.locator(".nbw-we__param input[type=range]:visible")).to_have_count(0)   # no 80 px sliders
    assert slider.bounding_box()["width"] >= 150
    box = block.get_by_role("spinbutton", name="w_52^H", exact=True)
    start = float(box.input_value())
    block.get_by_role("button", name="increase w_52^H by 0.1").tap()
    expect(box).to_have_value(str(round(start + 0.1, 4)).rstrip("0").rstrip("."))
    value = tap_slider(page, slider)
    expect(box).to_have_value(re.compile("^" + re.escape(str(value)).replace(r"\.0", r"(\.0)?")))
    assert abs(value) > 2                       # the tap was far from the thumb near 0
    # Python has it: the diagram's edge and the verdict line agree
    expect(view.locator("line.nbw-net__edge[data-name='w_52^H']")).to_have_attribute(
        "data-sign", "+" if value > 0 else "-")


def error(page):
    w = page.get_by_role("region", name="Error table")
    expect(w.locator("tbody").get_by_role("row").first).to_be_visible(timeout=120_000)
    total = w.locator("text=/Total error E = /")
    expect(total).to_be_visible(timeout=120_000)
    before = text_of(total)
    pixel = w.get_by_role("button", name="pixel x1", exact=True).first
    pressed = pixel.get_attribute("aria-pressed")
    pixel.tap()
    expect(pixel).not_to_have_attribute("aria-pressed", pressed)
    tap_every_slider(page, w)
    expect(total).not_to_have_text(before)


def descent(page):
    w = widget(page, "descent")
    expect(w).to_have_attribute("data-state", "ready", timeout=120_000)
    w.get_by_role("button", name="Step", exact=True).tap()
    expect(w).to_have_attribute("data-steps", "1")
    tap_every_slider(page, w)
    start = w.get_by_role("slider", name="Start w₁").input_value()
    tap_at(page, w.get_by_role("img", name=re.compile("^Contour lines of E")), 0.5, 0.5)   # sets w₀
    expect(w.get_by_role("slider", name="Start w₁")).not_to_have_value(start)


def backpropagation(page):
    w = page.locator(".nbw-bp")
    expect(w).to_have_attribute("data-ready", "true", timeout=120_000)
    current = w.get_attribute("data-current")
    w.get_by_role("button", name="Next", exact=True).tap()
    expect(w).not_to_have_attribute("data-current", current or "")


def tap_reads_a_unit(root):
    """Every network diagram reads its values by tap (no hover on a phone): tapping a
    hidden unit's circle writes its value under the drawing. The last hidden unit: once the
    sliders above have set many hidden units, each unit's label covers part of the unit above it."""
    unit = root.locator(".nbw-net__unit[data-key^=h]").last
    key = unit.get_attribute("data-key")
    unit.locator("circle").tap()
    expect(root.locator(".nbw-net__readout")).to_have_text(re.compile(rf"^{key} = −?\d"))


def training(page):
    root = page.locator(".nbw-tr")
    expect(root).to_have_attribute("data-state", "idle", timeout=180_000)
    trainer = widget(page, "trainer")
    trainer.get_by_role("button", name="Step", exact=True).tap()
    expect(root).to_have_attribute("data-k", "1", timeout=60_000)
    pixel = trainer.get_by_role("button", name=re.compile(r"^pixel x1$")).first
    pressed = pixel.get_attribute("aria-pressed")
    pixel.tap()
    expect(pixel).not_to_have_attribute("aria-pressed", pressed)
    tap_every_slider(page, trainer)
    tap_reads_a_unit(trainer)


def techniques(page):
    inith = page.get_by_role("region", name="Activations of a deep network at its initial weights")
    expect(inith).to_have_attribute("data-state", "ready", timeout=120_000)
    tap_every_slider(page, inith)
    expect(inith).to_have_attribute("data-state", "ready", timeout=60_000)
    race = page.get_by_role("region", name="Optimiser race")
    race.get_by_role("button", name="Start").tap()
    page.wait_for_function("() => +document.querySelector('.nbw-race').dataset.k >= 3", timeout=90_000)
    race.get_by_role("button", name="Pause").tap()
    expect(race).to_have_attribute("data-running", "false")
    overfit = page.get_by_role("region", name="Overfitting: training and test error")
    expect(overfit).to_have_attribute("data-k", "0", timeout=90_000)
    tap_every_slider(page, overfit)
    overfit.get_by_role("button", name="Train").tap()
    expect(overfit).not_to_have_attribute("data-k", "0", timeout=90_000)


def playground(page):
    root = page.locator(".nbw-pg")
    expect(root).to_have_attribute("data-run", re.compile(r"\d+"), timeout=120_000)
    expect(root).not_to_have_attribute("data-state", "waiting")
    grid = page.get_by_role("group", name="New training image")
    pixel = grid.get_by_role("button", name="pixel x1", exact=True)
    pixel.tap()
    expect(pixel).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Start", exact=True).tap()
    expect(root).to_have_attribute("data-state", re.compile("converged|limit"), timeout=90_000)
    tap_reads_a_unit(root)


PAGES = {"activation/": activation, "neurons/": neurons, "ct-network/": ct_network, "error/": error,
         "descent/": descent, "backpropagation/": backpropagation, "training/": training,
         "techniques/": techniques, "playground/": playground}


@pytest.mark.parametrize("path", list(PAGES))
def test_phone_taps(browser, base_url, path):
    context, page = touch_page(browser, PHONE)
    try:
        page.goto(base_url + path)
        # nothing moves while the page gets ready: not when Python answers, not when a widget is drawn
        assert settled_layout_shift(page) <= 0.05
        PAGES[path](page)
        expect_fits(page, PHONE)
        # a chart's numbers stay readable on a phone (8 px before: its 320 units drawn in 287 px)
        assert all(size is None or size >= 10 for size in chart_text_sizes(page)), chart_text_sizes(page)
        verdicts = verdicts_inside(page)
        if path in ("ct-network/", "playground/"):
            assert verdicts, "no verdict drawn"
    finally:
        context.close()


# ---- each page at 768 px, in Japanese: ready and inside the screen -------------------------------

READY = {
    "activation/": ".nbw-aplot__da:not(:empty)",
    "neurons/": ".nbw-neuron__y:not(:empty)",
    "ct-network/": ".nb-widget[data-widget='network-view'] line.nbw-net__edge",
    "error/": ".nb-widget[data-widget='error-table'] tbody tr",
    "descent/": ".nbw-descent[data-state=ready]",
    "backpropagation/": ".nbw-bp[data-ready=true]",
    "training/": ".nbw-tr[data-state=idle]",
    "techniques/": ".nbw-race[data-k]",
    "playground/": ".nbw-pg[data-run]",
}


@pytest.mark.parametrize("path", list(READY))
def test_tablet_width(browser, base_url, path):
    context, page = touch_page(browser, TABLET)
    try:
        page.goto(base_url + "ja/" + path)
        expect(page.locator(READY[path]).first).to_be_attached(timeout=180_000)
        expect(page.locator(".nb-widget").first).to_be_visible()
        expect_fits(page, TABLET)
        if path == "ct-network/":          # the longest verdict: どちらでもない (all weights 0)
            widget(page, "weight-editor").get_by_role("button", name="ゼロ").tap()
            expect(page.locator(".nbw-net__verdict")).to_have_text("→ どちらでもない")
        verdicts_inside(page)
    finally:
        context.close()
