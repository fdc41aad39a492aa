"""Chapter 3, the C/T network: its three widgets driven as a reader would
(mouse and keyboard), compared with nnbook computed here in CPython for the
same image and weights; cells and widgets sharing `net` and `x`; the two
exercises; the Japanese page; a 375 px wide screen. The diagram: its verdict
inside the drawing in both languages, values read by click and keyboard, unit
shades that keep their contrast in both colour schemes."""

import math
import re

import numpy as np
import pytest
from playwright.sync_api import expect

import nnbook
from nnbook.widgets import network_state
from helpers import (cell, check, eventually, expect_fail, expect_pass, open_page, run, serious_axe_violations,
                     set_code, show_solution, wait_until, widget)

PAGE = "ct-network/"
# cell ids in the Markdown (the same on both pages)
HIDDEN_LAYER, HAND_C, LAST = "hidden-layer", "hand-c", "every-verdict"
X, T, LABELS = nnbook.data.slide_images()
LIGHT_POSITIVE, LIGHT_NEGATIVE = "rgb(33, 102, 172)", "rgb(178, 24, 43)"


# ---- helpers ---------------------------------------------------------------------------

def number(text):
    return float(text.strip().replace("−", "-"))


def reference(w, x):
    """What the widgets should show: nnbook's forward pass in CPython."""
    trace = nnbook.Network(w=w).trace(np.asarray(x, dtype=float))
    shown = {f"h{i + 1}": trace.h[0][i] for i in range(3)}
    shown.update({f"z{j + 1}": trace.z[j] for j in range(2)})
    return shown, nnbook.data.verdict(trace.z)


def expect_readout(page, w, x, lang="en"):
    """The pixel grid's h1…h3, z1, z2 and verdict equal nnbook's for (w, x)."""
    values, verdict = reference(w, x)
    grid = widget(page, "pixel-grid")
    shown_verdict = {"neither": "どちらでもない"}.get(verdict, verdict) if lang == "ja" else verdict
    expect(grid.locator("[data-value='verdict']")).to_have_text(shown_verdict)
    # the numbers follow the verdict's update, and the network view's text summary its own
    eventually(page, lambda: {k: number(grid.locator(f"[data-value='{k}']").inner_text()) for k in values},
               lambda got: got == pytest.approx(values, abs=6e-4), values)
    summary = widget(page, "network-view").locator(".nbw-net__summary")
    z = [values["z1"], values["z2"]]
    eventually(page, lambda: re.search(r"z = \(([^)]*)\)", summary.inner_text()),
               lambda shown: shown and [number(v) for v in shown.group(1).split(",")] == pytest.approx(z, abs=6e-3),
               f"z = {z}")


def pixel_states(page):
    grid = widget(page, "pixel-grid")
    return [grid.locator(f"[data-pixel='{k}']").get_attribute("aria-pressed") == "true"
            for k in range(1, 13)]


def python_prints(page, code):
    """Run code in the last cell (the page's namespace) and return what it printed."""
    c = run(page, LAST, code)
    return c.locator(".nb-cell__output").inner_text().strip()


def box(page, name):
    return widget(page, "weight-editor").get_by_role("spinbutton", name=name, exact=True)


def preset(page, name):
    """Press a weight-editor preset by keyboard (focus, Enter), as a keyboard reader does.
    (With the machine under load, a mouse click on it once went astray: the layout moved
    57 px between pointerdown and pointerup, so the click landed beside the button.)"""
    button = widget(page, "weight-editor").get_by_role("button", name=name, exact=True)
    button.focus()
    page.keyboard.press("Enter")


def edge(page, name):
    return widget(page, "network-view").locator(f"line.nbw-net__edge[data-name='{name}']")


def edge_width(w):
    return 0.6 + 5.4 * math.tanh(abs(w) / 3)


def expect_stroke_width(page, edge, width):
    """The edge is drawn `width` wide (once the diagram followed the last change)."""
    eventually(page, lambda: float(edge.get_attribute("stroke-width")),
               lambda got: got == pytest.approx(width, abs=0.01), width)


def expect_verdict_inside_the_drawing(page, text):
    """The diagram's verdict reads `text` and is wholly inside the drawing: within the
    viewBox (getBBox) and within the <svg> element's box on the screen."""
    verdict = widget(page, "network-view").locator(".nbw-net__verdict")
    expect(verdict).to_have_text(f"→ {text}")
    where = widget(page, "network-view").locator("svg").evaluate("""svg => {   // one synchronous look
      const t = svg.querySelector(".nbw-net__verdict"), b = t.getBBox(), [x, y, w, h] = svg.getAttribute("viewBox").split(" ").map(Number);
      const r = t.getBoundingClientRect(), s = svg.getBoundingClientRect();
      return {box: [b.x, b.y, b.x + b.width, b.y + b.height], viewBox: [x, y, x + w, y + h],
              screen: [r.left, r.top, r.right, r.bottom], svg: [s.left, s.top, s.right, s.bottom]};
    }""")
    (x0, y0, x1, y1), (vx0, vy0, vx1, vy1) = where["box"], where["viewBox"]
    assert x1 - x0 > 20 and vx0 <= x0 and vy0 <= y0 and x1 <= vx1 and y1 <= vy1, where
    (sx0, sy0, sx1, sy1), (gx0, gy0, gx1, gy1) = where["screen"], where["svg"]
    assert gx0 - 0.5 <= sx0 and gy0 - 0.5 <= sy0 and sx1 <= gx1 + 0.5 and sy1 <= gy1 + 0.5, where


def rgb(css):
    """'rgb(1, 2, 3)', 'rgba(1, 2, 3, 0.5)' or 'color(srgb 0.1 0.2 0.3)' → ((r, g, b) in 0…1, alpha)."""
    if css.startswith("color(srgb"):
        parts = [float(v) for v in css[len("color(srgb"):].strip(" )").replace("/", " ").split()]
    else:
        parts = [float(v) for v in re.findall(r"[\d.]+", css)]
        parts = [v / 255 for v in parts[:3]] + parts[3:]
    return tuple(parts[:3]), (parts[3] if len(parts) > 3 else 1.0)


def luminance(c):
    lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def unit_contrasts(page):
    """With the Zero preset and the first C: the contrast (WCAG) against the page's background
    of a unit at 0.5 (h1), at 1 (x2: a pixel that is on), of 1 against 0.5, and of the outline
    of a unit at 0 (x1)."""
    view = widget(page, "network-view")
    expect(view.locator(".nbw-net__unit[data-key=h1]")).to_have_attribute("data-readout", re.compile(r"^h1 = 0\.500;"))
    colours = view.evaluate("""v => {
      const style = (key) => getComputedStyle(v.querySelector(`.nbw-net__unit[data-key=${key}] circle`));
      return {bg: getComputedStyle(document.body).backgroundColor, half: style("h1").fill,
              full: style("x2").fill, empty: style("x1").fill, outline: style("x1").stroke};
    }""")
    bg, _ = rgb(colours["bg"])
    half, full, empty = (rgb(colours[k])[0] for k in ("half", "full", "empty"))
    line, alpha = rgb(colours["outline"])
    line = tuple(alpha * a + (1 - alpha) * b for a, b in zip(line, bg))
    assert contrast(empty, bg) == pytest.approx(1, abs=0.01), colours          # 0 is the background
    return {"half": contrast(half, bg), "full": contrast(full, bg), "full/half": contrast(full, half),
            "outline": contrast(line, bg)}


def expect_readable_shades(page):
    got = unit_contrasts(page)
    assert got["half"] >= 3 and got["full"] >= 4.5 and got["full/half"] >= 2.5 and got["outline"] >= 3, got
    return got


def readout(page):
    return widget(page, "network-view").locator(".nbw-net__readout")


# ---- the pixel grid ------------------------------------------------------------------------

def test_pixel_grid_starts_from_the_shared_x_and_toggles_by_mouse_and_keyboard(page, base_url):
    open_page(page, base_url + PAGE)
    w = nnbook.Network(seed=0).w                       # what the widgets create
    x = X[0].copy()                                     # the first C
    assert pixel_states(page) == [bool(v) for v in x]
    expect_readout(page, w, x)

    grid = widget(page, "pixel-grid")
    grid.get_by_role("button", name="pixel x5", exact=True).click()
    x[4] = 1
    expect(grid.get_by_role("button", name="pixel x5", exact=True)).to_have_attribute("aria-pressed", "true")
    expect_readout(page, w, x)

    # keyboard: arrows move, Space and Enter toggle
    page.keyboard.press("ArrowDown")
    expect(grid.get_by_role("button", name="pixel x8", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    x[7] = 1
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    x[8] = 1
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Home")
    expect(grid.get_by_role("button", name="pixel x4", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    x[3] = 0
    expect_readout(page, w, x)
    assert pixel_states(page) == [bool(v) for v in x]
    # one tab stop for the whole grid
    expect(grid.locator(".nbw-px__cell[tabindex='0']")).to_have_count(1)
    # the cells see the same x
    assert python_prints(page, "print(x.astype(int).tolist())") == str(x.astype(int).tolist())


def test_pixels_drawn_while_python_is_busy_reach_the_cell_run_next(page, base_url):
    """Pixels toggled while a slow cell runs, then Run on another cell: the cell sees the
    image as drawn, all of it (the grid sends what it held back before the cell runs)."""
    open_page(page, base_url + PAGE)
    grid = widget(page, "pixel-grid")
    set_code(page, HIDDEN_LAYER, "import time\ntime.sleep(2)")
    cell(page, HIDDEN_LAYER).get_by_role("button", name="Run", exact=True).click()
    expect(cell(page, HIDDEN_LAYER)).to_have_attribute("data-state", "running")
    x = X[0].copy()
    for k in (2, 5, 11):                                # three clicks while Python sleeps
        grid.locator(f"[data-pixel='{k}']").click()
        x[k - 1] = 1 - x[k - 1]
    assert pixel_states(page) == [bool(v) for v in x]
    assert python_prints(page, "print(x.astype(int).tolist())") == str(x.astype(int).tolist())


def test_slide_image_buttons_load_x(page, base_url):
    open_page(page, base_url + PAGE)
    w = nnbook.Network(seed=0).w
    grid = widget(page, "pixel-grid")
    for n in (4, 9):
        grid.get_by_role("button", name=f"slide image {n}: {LABELS[n - 1]}").click()
        expect(grid.get_by_role("button", name="pixel x12", exact=True)).to_have_attribute(
            "aria-pressed", str(bool(X[n - 1][11])).lower())
        assert pixel_states(page) == [bool(v) for v in X[n - 1]]
        expect_readout(page, w, X[n - 1])
    grid.get_by_role("button", name="Clear").click()
    expect_readout(page, w, np.zeros(12))
    grid.get_by_role("button", name="Invert").click()
    expect_readout(page, w, np.ones(12))


# ---- the weight editor and the network view -----------------------------------------------------

def test_editor_lists_the_47_parameters_in_the_slides_order(page, base_url):
    open_page(page, base_url + PAGE)
    editor = widget(page, "weight-editor")
    boxes = editor.get_by_role("spinbutton")
    expect(boxes).to_have_count(47)
    net = nnbook.Network(seed=0)
    assert [boxes.nth(i).get_attribute("aria-label") for i in range(47)] == net.names()
    assert [number(boxes.nth(i).input_value()) for i in range(47)] == pytest.approx(net.w, abs=5e-4)
    # one precision: a box says what the diagram's edge says (w_11 = −0.4135 is −0.413 in both)
    said = edge(page, "w_11").get_attribute("data-readout").rsplit(" = ", 1)[1]
    assert said == f"{net['w_11']:.3f}".replace("-", "−")
    assert number(box(page, "w_11").input_value()) == number(said)
    expect(editor.get_by_role("slider")).to_have_count(47)
    # grouped as on the slides: w_1, w_2, w_1^H, w_2^H, w_3^H, each its weights then θ
    groups = editor.locator("details.nbw-we__group")
    expect(groups).to_have_count(5)
    assert [groups.nth(g).get_by_role("spinbutton").count() for g in range(5)] == [4, 4, 13, 13, 13]
    last = groups.nth(2).get_by_role("spinbutton")
    assert last.nth(12).get_attribute("aria-label") == "theta_1^H"
    edges = widget(page, "network-view").locator("line.nbw-net__edge")
    expect(edges).to_have_count(42)


def test_typing_a_weight_updates_python_the_diagram_and_the_outputs(page, base_url):
    open_page(page, base_url + PAGE)
    grid = widget(page, "pixel-grid")
    grid.get_by_role("button", name="slide image 4: T").click()   # x5 = 1: w_52^H matters
    net = nnbook.Network(seed=0)
    expect_readout(page, net.w, X[3])

    box(page, "w_52^H").fill("3")
    net["w_52^H"] = 3.0
    expect(edge(page, "w_52^H")).to_have_attribute("data-sign", "+")
    expect_readout(page, net.w, X[3])
    e = edge(page, "w_52^H")
    expect_stroke_width(page, e, edge_width(3.0))
    assert e.evaluate("el => getComputedStyle(el).stroke") == LIGHT_POSITIVE
    assert e.evaluate("el => getComputedStyle(el).strokeDasharray") == "none"

    box(page, "w_52^H").fill("-1.5")
    net["w_52^H"] = -1.5
    expect(edge(page, "w_52^H")).to_have_attribute("data-sign", "-")
    expect_readout(page, net.w, X[3])
    e = edge(page, "w_52^H")
    expect_stroke_width(page, e, edge_width(1.5))
    assert e.evaluate("el => getComputedStyle(el).stroke") == LIGHT_NEGATIVE
    assert e.evaluate("el => getComputedStyle(el).strokeDasharray") != "none"
    # thicker for a larger |w|
    assert float(e.get_attribute("stroke-width")) < edge_width(3.0)

    # a threshold: the unit's title in the diagram shows it
    box(page, "theta_2^H").fill("0.75")
    net["theta_2^H"] = 0.75
    expect_readout(page, net.w, X[3])
    assert python_prints(page, 'print(net["w_52^H"], net["theta_2^H"])') == "-1.5 0.75"


def test_focusing_a_weight_highlights_its_edge(page, base_url):
    open_page(page, base_url + PAGE)
    view = widget(page, "network-view")
    box(page, "w_71^H").focus()
    expect(view.locator(".nbw-net__halo[data-name='w_71^H']")).to_have_count(1)
    page.keyboard.press("Tab")          # to its slider: still the same parameter
    expect(view.locator(".nbw-net__halo[data-name='w_71^H']")).to_have_count(1)
    page.keyboard.press("Tab")          # the next parameter
    expect(view.locator(".nbw-net__halo[data-name='w_81^H']")).to_have_count(1)


def test_diagram_values_by_click_and_keyboard(page, base_url):
    """No hover needed: a click on an edge or a unit (or beside it) reads its number out under
    the drawing; the diagram is one tab stop whose arrow keys walk its units and edges."""
    open_page(page, base_url + PAGE)
    view = widget(page, "network-view")
    net = nnbook.Network(seed=0)
    values, _ = reference(net.w, X[0])
    expect(readout(page)).to_contain_text("Tap or click")                       # the hint
    edge(page, "w_11").click()
    expect(readout(page)).to_have_text(f"w₁₁ (h1 → z1) = {net['w_11']:.3f}".replace("-", "−"))
    view.locator(".nbw-net__unit[data-key=h2]").click()
    expect(readout(page)).to_have_text(re.compile(r"^h2 = .*θ₂ᴴ = 0\.000"))
    text = readout(page).inner_text()
    assert number(text[5:].split(";")[0]) == pytest.approx(values["h2"], abs=6e-4)
    # a click beside a small unit (within a finger's width) still reads it
    circle = view.locator(".nbw-net__unit[data-key=x12] circle").bounding_box()
    page.mouse.click(circle["x"] + circle["width"] / 2, circle["y"] + circle["height"] + 3)
    expect(readout(page)).to_have_text("x12 = 1.000")
    # keyboard: one tab stop, from the pixel grid's last control
    expect(view.locator("[data-key][tabindex='0']")).to_have_count(1)
    widget(page, "pixel-grid").locator("button, [tabindex='0']").last.focus()
    page.keyboard.press("Tab")
    expect(view.locator(".nbw-net__unit[data-key=x12]")).to_be_focused()       # where the reader was
    page.keyboard.press("ArrowDown")                                           # x12 → h1 → its first edge
    page.keyboard.press("ArrowDown")
    expect(readout(page)).to_have_text(f"w₁₁ᴴ (x1 → h1) = {net['w_11^H']:.3f}".replace("-", "−"))
    page.keyboard.press("End")
    expect(readout(page)).to_have_text(f"w₃₂ (h3 → z2) = {net['w_32']:.3f}".replace("-", "−"))
    expect(view.locator("line.nbw-net__edge[data-key='w_32']")).to_be_focused()
    expect(view.locator("[data-key][tabindex='0']")).to_have_count(1)
    # a new value is read out where the reader is; a weight focused in the editor is read out too
    box(page, "w_32").fill("2.5")
    expect(readout(page)).to_have_text("w₃₂ (h3 → z2) = 2.500")
    box(page, "w_71^H").focus()
    expect(readout(page)).to_have_text(f"w₇₁ᴴ (x7 → h1) = {net['w_71^H']:.3f}".replace("-", "−"))


def test_slider_by_keyboard(page, base_url):
    open_page(page, base_url + PAGE)
    slider = widget(page, "weight-editor").get_by_role("slider", name="w_11 slider", exact=True)
    slider.focus()
    start = float(slider.input_value())                # w_11 = −0.4135 shown on a 0.1 grid
    assert start == pytest.approx(-0.4)
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    expect(box(page, "w_11")).to_have_value("0.5")
    net = nnbook.Network(seed=0)
    net["w_11"] = 0.5
    expect_readout(page, net.w, X[0])
    assert number(python_prints(page, 'print(net["w_11"])')) == pytest.approx(0.5)


def test_slider_by_mouse_drag(page, base_url):
    open_page(page, base_url + PAGE)
    slider = widget(page, "weight-editor").get_by_role("slider", name="theta_1 slider", exact=True)
    slider.evaluate("el => el.scrollIntoView({block: 'center'})")   # clear of the sticky bars
    b = slider.bounding_box()
    y = b["y"] + b["height"] / 2
    page.mouse.move(b["x"] + b["width"] / 2, y)
    page.mouse.down()
    for f in (0.6, 0.7, 0.8, 0.9):                   # drag to the right: many inputs
        page.mouse.move(b["x"] + b["width"] * f, y)
    page.mouse.up()
    value = float(slider.input_value())
    assert value > 3
    expect(box(page, "theta_1")).to_have_value(str(value).rstrip("0").rstrip("."))
    net = nnbook.Network(seed=0)
    net["theta_1"] = value
    expect_readout(page, net.w, X[0])                # no stale value left behind


def test_presets_zero_random_trained(page, base_url):
    open_page(page, base_url + PAGE)
    editor = widget(page, "weight-editor")
    grid = widget(page, "pixel-grid")

    preset(page, "Zero")
    expect_readout(page, np.zeros(47), X[0])          # all 0.5: (1, 1) → neither
    expect(grid.locator("[data-value='verdict']")).to_have_text("neither")
    expect(box(page, "w_12,3^H")).to_have_value("0")
    expect(edge(page, "w_12,3^H")).to_have_attribute("data-sign", "0")
    expect_verdict_inside_the_drawing(page, "neither")
    expect_readable_shades(page)                      # the light scheme

    preset(page, "Random")
    w1 = nnbook.Network(seed=1).w
    expect_readout(page, w1, X[0])
    expect(editor).to_contain_text("seed=1")
    preset(page, "Random")
    expect_readout(page, nnbook.Network(seed=2).w, X[0])

    preset(page, "Trained")
    w = network_state.trained_w()
    expect(editor).to_contain_text(re.compile(r"E = 0\.00\d+"))
    expect_readout(page, w, X[0])
    expected = {"C": "C", "T": "T"}
    for n in range(1, 10):
        grid.get_by_role("button", name=f"slide image {n}: {LABELS[n - 1]}").click()
        expect(grid.locator("[data-value='verdict']")).to_have_text(expected.get(LABELS[n - 1], "neither"))
        expect_readout(page, w, X[n - 1])
    boxes = editor.get_by_role("spinbutton")
    assert [number(boxes.nth(i).input_value()) for i in range(47)] == pytest.approx(w, abs=5e-4)
    for name in ("w_11", "w_22", "w_71^H", "w_81^H"):
        sign = "+" if w[nnbook.Network().index(name)] > 0 else "-"
        expect(edge(page, name)).to_have_attribute("data-sign", sign)


# ---- cells and widgets share net and x -----------------------------------------------------------

def test_a_cell_changing_net_and_x_updates_every_widget(page, base_url):
    open_page(page, base_url + PAGE)
    run(page, LAST, 'import nnbook\nx = nnbook.data.slide_images().X[3]\nnet["w_11"] = 4.0\nnet["w_21"] = -2.5')
    net = nnbook.Network(seed=0)
    net["w_11"], net["w_21"] = 4.0, -2.5
    expect(box(page, "w_11")).to_have_value("4")
    expect(box(page, "w_21")).to_have_value("-2.5")
    expect(edge(page, "w_11")).to_have_attribute("data-sign", "+")
    expect(edge(page, "w_21")).to_have_attribute("data-sign", "-")
    expect_readout(page, net.w, X[3])
    assert pixel_states(page) == [bool(v) for v in X[3]]
    # a whole new network
    run(page, LAST, "net = nnbook.Network(seed=7)")
    expect_readout(page, nnbook.Network(seed=7).w, X[3])


def test_a_broken_variable_is_reported_then_recovers(page, base_url):
    open_page(page, base_url + PAGE)
    run(page, LAST, "x = [1, 0, 1]")
    grid = widget(page, "pixel-grid")
    expect(grid.locator(".nbw-ct__status")).to_contain_text("x should be 12 numbers")
    run(page, LAST, "x = [0] * 12")
    expect(grid.locator(".nbw-ct__status")).to_have_text("")
    expect_readout(page, nnbook.Network(seed=0).w, np.zeros(12))


# ---- exercises -------------------------------------------------------------------------

def solution(page, n):
    return show_solution(page, n)


def test_hidden_layer_exercise(page, base_url):
    open_page(page, base_url + PAGE)
    expect(cell(page, HIDDEN_LAYER)).to_contain_text("def hidden_layer")
    code = solution(page, HIDDEN_LAYER)
    expect_fail(page, HIDDEN_LAYER, code.replace("x @ W - theta", "x @ W + theta"), "the threshold is subtracted")
    expect(check(page, HIDDEN_LAYER, code.replace("sigmoid(x @ W - theta)", "x @ W - theta"))).to_contain_text(
        "apply the sigmoid")
    expect_pass(page, HIDDEN_LAYER, code)


def test_challenge_checker_rejects_then_accepts(page, base_url):
    open_page(page, base_url + PAGE)
    expect(cell(page, HAND_C)).to_contain_text("net.w = np.zeros(47)")
    feedback = check(page, HAND_C)                         # random weights: not yet
    expect(feedback).to_have_attribute("data-result", "fail")
    expect(feedback).to_contain_text("is a C, but z = (")
    code = solution(page, HAND_C)
    # the threshold added instead of subtracted: a T reads as C
    expect_fail(page, HAND_C, code.replace('net["theta_1"] = 5.0', 'net["theta_1"] = -5.0'),
                "is a T, but z = (", "reads as C")
    expect_pass(page, HAND_C, code)
    # the widgets show the reader's weights
    expect(box(page, "w_71^H")).to_have_value("6")
    net = nnbook.Network(w=np.zeros(47))
    for name, v in (("w_71^H", 6), ("w_81^H", -6), ("theta_1^H", 3), ("w_11", 10),
                    ("theta_1", 5), ("theta_2", 5)):
        net[name] = v
    expect_readout(page, net.w, X[0])


def test_challenge_solved_with_the_editor(page, base_url):
    open_page(page, base_url + PAGE)
    preset(page, "Zero")
    expect(box(page, "w_11")).to_have_value("0")
    for name, value in (("w_71^H", "6"), ("w_81^H", "-6"), ("theta_1^H", "3"),
                        ("w_11", "10"), ("theta_1", "5"), ("theta_2", "5")):
        box(page, name).fill(value)
        box(page, name).press("Enter")
    expect(widget(page, "pixel-grid").locator("[data-value='verdict']")).to_have_text("C")
    feedback = check(page, HAND_C)                         # the starter code as it is
    expect(feedback).to_have_attribute("data-result", "pass")


# ---- Japanese, small screens -----------------------------------------------------------------

def test_japanese_page_has_japanese_labels_and_feedback(page, base_url):
    open_page(page, base_url + "ja/" + PAGE)
    grid = widget(page, "pixel-grid")
    expect(grid.get_by_role("button", name="画素 x5", exact=True)).to_be_visible()
    expect(grid.get_by_role("button", name="スライドの画像 4: T")).to_be_visible()
    expect(grid.get_by_role("button", name="消去")).to_be_visible()
    editor = widget(page, "weight-editor")
    expect(editor.get_by_role("slider", name="w_11 スライダー", exact=True)).to_be_visible()
    expect(editor).to_contain_text("出力層のユニット z1")
    expect(widget(page, "network-view").locator("svg text").first).to_have_text("入力層 x")
    editor.get_by_role("button", name="ゼロ").click()
    expect_readout(page, np.zeros(47), X[0], lang="ja")
    expect_verdict_inside_the_drawing(page, "どちらでもない")
    expect(readout(page)).to_contain_text("タップ")      # the hint, in Japanese
    expect(editor).to_contain_text("σ(0) = 0.5")
    editor.get_by_role("button", name="学習済み").click()
    expect(editor).to_contain_text("最急降下法")
    editor.get_by_role("button", name="ランダム").click()
    expect(editor).to_contain_text("seed=1")
    expect_readout(page, nnbook.Network(seed=1).w, X[0], lang="ja")
    grid.get_by_role("button", name="画素 x1", exact=True).click()
    x = X[0].copy()
    x[0] = 1
    expect_readout(page, nnbook.Network(seed=1).w, x, lang="ja")
    # the exercise's feedback is Japanese
    code = solution(page, HIDDEN_LAYER)
    expect(check(page, HIDDEN_LAYER, code.replace("x @ W - theta", "x @ W + theta"))).to_contain_text("閾値は引きます")


def test_narrow_screen_dark_mode(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, color_scheme="dark")
    try:
        page = context.new_page()
        open_page(page, base_url + PAGE)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        # the diagram's words and numbers are at least 11 px on the screen (10.1 px before)
        smallest = wait_until(page, """() => { const svg = document.querySelector(".nbw-net__svg");
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(getComputedStyle(t).fontSize));
            const least = Math.min(...sizes) * scale;
            return least >= 11 && least; }""", timeout=30_000)
        assert 11 <= smallest < 12.5                  # readable, not blown up
        for name in ("pixel-grid", "network-view", "weight-editor"):
            b = widget(page, name).bounding_box()
            assert b["x"] >= 0 and b["x"] + b["width"] <= 375, (name, b)
        grid = widget(page, "pixel-grid")
        grid.get_by_role("button", name="pixel x8", exact=True).click()
        x = X[0].copy()
        x[7] = 1
        expect_readout(page, nnbook.Network(seed=0).w, x)
        box(page, "w_11").fill("2")
        e = edge(page, "w_11")
        expect(e).to_have_attribute("data-sign", "+")
        assert e.evaluate("el => getComputedStyle(el).stroke") != LIGHT_POSITIVE   # a dark-mode blue
        bad = serious_axe_violations(page, ".nb-widget")
        assert bad == [], "\n".join(bad)
        preset(page, "Zero")
        expect_verdict_inside_the_drawing(page, "neither")
        expect_readable_shades(page)                  # the dark scheme
    finally:
        context.close()
