"""Chapter 5: the descent visualiser, driven like a reader (keyboard on the
sliders, a click on the plot, Step / Play / Pause), against the same
iterations computed here in CPython with nnbook's optimisers; the cells that
share `descent` and `path` with it; the chapter's two exercises.

The points the widget draws carry their exact coordinates (data-x, data-y);
the page's `path` and `descent_trials` are read from its Python session
(nnbook.runtime.evaluate, queued behind the widget's own evaluations, so
they are read after the widget has settled).
"""

import re

import numpy as np
import pytest
from playwright.sync_api import expect

import nnbook
from helpers import eventually, expect_fail, expect_pass, open_page, output, run, show_solution, widget

EN = {"widget": "Descent visualiser", "eta": "Step size η", "eta0": "First trial η₀ (Armijo)",
      "start1": "Start w₁", "start2": "Start w₂", "play": "Play", "pause": "Pause", "step": "Step",
      "reset": "Reset", "armijo": "Armijo line search", "sd": "fixed η (steepest descent)",
      "surface": "Error surface", "diverging": "Diverging: the path has left the plot",
      "compare": "Also draw the other method's path", "speed": "Speed"}
JA = {"widget": "降下の可視化", "eta": "ステップ幅 η", "eta0": "最初の試し η₀ (Armijo)",
      "start1": "初期値 w₁", "start2": "初期値 w₂", "play": "再生", "pause": "一時停止",
      "step": "1 ステップ", "reset": "リセット", "armijo": "Armijo の直線探索",
      "sd": "固定の η (最急降下法)", "surface": "誤差曲面", "diverging": "発散しています",
      "compare": "もう一方の方法の経路も描く", "speed": "速さ"}

# the chapter's cells, by their ids in the Markdown (the same in both languages)
CELL_IMPORTS, CELL_E, CELL_SET_DESCENT, CELL_READ_PATH, CELL_SAME_PATH = "imports", "bowl", "set-descent", "read-path", "same-path"
EXERCISE_SD, EXERCISE_ARMIJO = "sd-step", "armijo"


# ---- the same numbers in CPython ----------------------------------------------------------------

def bowl_E(w):
    return (w[0] ** 2 + 5 * w[1] ** 2) / 2


def bowl_grad(w):
    return np.array([w[0], 5 * w[1]])


def steepest_descent(grad, start, eta, steps):
    """w_{k+1} = w_k − η ∇E(w_k) by nnbook.SteepestDescent, from w_0 = start."""
    w = np.array(start, dtype=float)
    opt = nnbook.SteepestDescent(lr=eta)
    path = [w.copy()]
    for _ in range(steps):
        opt.update(w, grad(w))
        path.append(w.copy())
    return np.array(path)


def armijo_descent(E, grad, start, eta0, steps):
    """Steepest descent with nnbook.armijo_step; the path and the last step's
    (w, ∇E(w), trials)."""
    w = np.array(start, dtype=float)
    path, last = [w.copy()], None
    for _ in range(steps):
        g = grad(w)
        eta, trials = nnbook.armijo_step(E, w, g, eta0=eta0)
        last = (w.copy(), g, trials)
        w = w - eta * g
        path.append(w.copy())
    return np.array(path), last


# ---- driving the page -----------------------------------------------------------------------

def py(page, expression):
    """The value of a Python expression in the page's session (after the widget settled)."""
    result = page.evaluate("async (code) => await nnbook.runtime.evaluate(code)", expression)
    assert result["ok"], result
    return result["value"]


def drawn_path(page):
    """The points the widget drew, in the order w_0, w_1, …: [[x, y], …]."""
    points = page.eval_on_selector_all(
        ".nbw-descent .nbw-points [data-k]",
        "els => els.map(e => [Number(e.dataset.k), Number(e.dataset.x), Number(e.dataset.y)])")
    points.sort()
    assert [k for k, _, _ in points] == list(range(len(points)))
    return np.array([[x, y] for _, x, y in points])


def press(page, locator, key, times):
    locator.focus()
    for _ in range(times):
        page.keyboard.press(key)


def step(page, times, L=EN):
    before = int(widget(page, "descent").get_attribute("data-steps"))
    for _ in range(times):
        widget(page, "descent").get_by_role("button", name=L["step"], exact=True).click()
    expect(widget(page, "descent")).to_have_attribute("data-steps", str(before + times), timeout=60_000)


def settled(page):
    """The widget's settings, read after its last evaluation."""
    return py(page, "descent")


def assert_same_path(page, expected, atol=1e-9):
    shared = np.array(py(page, "path"))
    drawn = drawn_path(page)
    assert shared.shape == expected.shape, (shared.shape, expected.shape)
    assert np.allclose(shared, expected, rtol=0, atol=atol)
    assert np.allclose(drawn, expected, rtol=0, atol=atol)


# ---- the visualiser --------------------------------------------------------------------------

def test_the_settings_show_before_python_and_stay(browser, base_url):
    """NumPy's wheel is held back, so Python stays loading: the visualiser already shows the
    bowl's settings and nnbook's menus (from the build, greyed); once Python answers, none flips."""
    ctx = browser.new_context(service_workers="block")   # a worker's fetch must reach the route
    ctx.set_default_timeout(60_000)
    held = []
    ctx.route(re.compile(r".*/numpy-[^/]*\.whl$"), lambda route: held.append(route))
    page = ctx.new_page()
    w = widget(page, "descent")

    def expect_the_bowls_settings():
        expect(w.get_by_role("slider", name=EN["eta"])).to_have_attribute("aria-valuetext", "η = 0.3")
        expect(w.get_by_role("slider", name=EN["start1"])).to_have_attribute("aria-valuetext", "w₁ = −1.8")
        expect(w.get_by_role("slider", name=EN["start2"])).to_have_attribute("aria-valuetext", "w₂ = 1.2")
        expect(w.get_by_role("radio", name=EN["sd"])).to_be_checked()
        expect(w.get_by_role("radio", name=EN["armijo"])).not_to_be_checked()
        expect(w.get_by_label(EN["surface"]).locator("option")).to_have_count(3)
        expect(w.get_by_label(EN["surface"])).to_have_value("bowl")
    try:
        page.goto(base_url + "descent/")
        eventually(page, lambda: held, bool, "NumPy's wheel asked for", timeout=60_000)
        expect(page.locator(".nb-widget[data-widget=descent]")).to_have_attribute("data-waiting", "")
        expect_the_bowls_settings()
        for route in held:
            route.continue_()
        held.clear()
        expect(w).to_have_attribute("data-state", "ready", timeout=90_000)
        expect_the_bowls_settings()
    finally:
        for route in held:
            route.continue_()
        ctx.close()


def test_keyboard_eta_and_steps_draw_nnbooks_iterates(page, base_url):
    open_page(page, base_url + "descent/")
    w = widget(page, "descent")
    eta = w.get_by_role("slider", name=EN["eta"])
    expect(eta).to_have_attribute("aria-valuetext", "η = 0.3")
    press(page, eta, "ArrowRight", 2)                      # 0.3 → 0.35 → 0.4
    expect(eta).to_have_attribute("aria-valuetext", "η = 0.4")
    # the start by keyboard: w₁ one notch (0.05) right, w₂ two notches down
    press(page, w.get_by_role("slider", name=EN["start1"]), "ArrowRight", 1)
    press(page, w.get_by_role("slider", name=EN["start2"]), "ArrowLeft", 2)
    step(page, 3)
    settings = settled(page)
    assert settings["eta"] == 0.4 and settings["steps"] == 3 and settings["method"] == "sd"
    assert settings["start"] == pytest.approx([-1.75, 1.1], abs=1e-12)
    assert_same_path(page, steepest_descent(bowl_grad, settings["start"], 0.4, 3))
    # the readout says where the path is
    last = steepest_descent(bowl_grad, settings["start"], 0.4, 3)[-1]
    expect(w.locator(".nbw-descent__readout")).to_contain_text(
        f"k = 3: w₃ = ({last[0]:.4g}, {last[1]:.4g})".replace("-", "−"))     # a true minus sign
    # Reset: back to w_0
    w.get_by_role("button", name=EN["reset"]).click()
    expect(w).to_have_attribute("data-steps", "0")
    assert_same_path(page, np.array([settings["start"]]))


def test_click_on_the_plot_sets_the_start(page, base_url):
    open_page(page, base_url + "descent/")
    w = widget(page, "descent")
    step(page, 2)
    plot = w.get_by_role("img", name=re.compile("^Contour lines of E"))
    box = plot.bounding_box()
    scale = box["width"] / 340                              # the plot's viewBox is 340 wide
    target = (0.5, -1.0)                                   # in (w₁, w₂), plotted square [-2, 2]²
    sx = 38 + (target[0] + 2) / 4 * 290
    sy = 8 + 290 - (target[1] + 2) / 4 * 290
    page.mouse.click(box["x"] + sx * scale, box["y"] + sy * scale)
    expect(w.get_by_role("slider", name=EN["start1"])).to_have_value("0.5")
    expect(w.get_by_role("slider", name=EN["start2"])).to_have_value("-1")
    settings = settled(page)
    assert settings["start"] == pytest.approx(list(target), abs=1e-12)
    assert settings["steps"] == 2                          # the same number of steps, from there
    assert_same_path(page, steepest_descent(bowl_grad, target, 0.3, 2))


def test_play_then_pause(page, base_url):
    open_page(page, base_url + "descent/")
    w = widget(page, "descent")
    play = w.get_by_role("button", name=EN["play"], exact=True)
    expect(play).to_have_attribute("aria-pressed", "false")
    play.click()
    pause = w.get_by_role("button", name=EN["pause"], exact=True)
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(w).to_have_attribute("data-steps", re.compile(r"^([3-9]|\d\d+)$"), timeout=60_000)
    pause.click()
    expect(w.get_by_role("button", name=EN["play"], exact=True)).to_have_attribute("aria-pressed", "false")
    k = settled(page)["steps"]
    assert k >= 3
    assert_same_path(page, steepest_descent(bowl_grad, [-1.8, 1.2], 0.3, k))
    # paused: no more steps
    page.wait_for_timeout(1500)
    assert settled(page)["steps"] == k
    expect(w).to_have_attribute("data-steps", str(k))


def start_sliders_share_a_row(w, L=EN):
    one, two = (w.get_by_role("slider", name=L[k]).bounding_box() for k in ("start1", "start2"))
    return abs(one["y"] - two["y"]) < 2 and one["x"] + one["width"] <= two["x"]


def test_play_at_the_readers_speed(page, base_url):
    """Play's pace is the reader's: at 1 step/s Play takes no more than one step a second
    (the fixed 450 ms of before would take five or six in 2.5 s); at 20 steps/s it runs to the
    minimum and stops by itself. The start sliders share a row on a desktop."""
    open_page(page, base_url + "descent/")
    w = widget(page, "descent")
    assert start_sliders_share_a_row(w)
    speed = w.get_by_role("combobox", name=EN["speed"])
    expect(speed).to_have_value("5")
    assert speed.locator("option").all_inner_texts() == [f"{n} steps/s" for n in (1, 2, 5, 10, 20)]
    speed.select_option("1")
    w.get_by_role("button", name=EN["play"], exact=True).click()
    expect(w).to_have_attribute("data-steps", "1", timeout=30_000)
    page.wait_for_timeout(2500)
    w.get_by_role("button", name=EN["pause"], exact=True).click()
    k = settled(page)["steps"]
    assert 1 <= k <= 4, k
    speed.select_option("20")
    w.get_by_role("button", name=EN["play"], exact=True).click()
    expect(w.get_by_role("status")).to_contain_text("reached a minimum", timeout=90_000)
    expect(w.get_by_role("button", name=EN["play"], exact=True)).to_have_attribute("aria-pressed", "false")
    k = settled(page)["steps"]
    assert_same_path(page, steepest_descent(bowl_grad, [-1.8, 1.2], 0.3, k))


def test_narrow_screen_keeps_expressions_and_the_start_together(browser, base_url):
    """At 375 px: the readout breaks between expressions, never inside one (each piece on one
    line, though the whole takes two), and Start w₁ and w₂ share a row."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        open_page(page, base_url + "descent/")
        w = widget(page, "descent")
        assert start_sliders_share_a_row(w)
        w.get_by_role("radio", name=EN["armijo"]).check()
        step(page, 3)
        readout = w.locator(".nbw-descent__readout")
        expect(readout).to_contain_text("η₂ = ")
        lines = readout.evaluate("""p => ({pieces: [...p.children].map(s => [s.textContent, s.getClientRects().length]),
          tops: new Set([...p.children].map(s => Math.round(s.getBoundingClientRect().top))).size})""")
        assert lines["tops"] >= 2, lines                          # the readout does wrap here
        assert all(n == 1 for _, n in lines["pieces"]), lines    # but no piece is broken
        assert "".join(t for t, _ in lines["pieces"]).startswith("k = 3:w₃ = (")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def test_a_large_eta_shows_the_divergence(page, base_url):
    open_page(page, base_url + "descent/")
    w = widget(page, "descent")
    eta = w.get_by_role("slider", name=EN["eta"])
    press(page, eta, "ArrowRight", 4)                      # 0.3 → 0.5 > 2/5
    expect(eta).to_have_attribute("aria-valuetext", "η = 0.5")
    step(page, 1)
    expect(w.get_by_role("status")).to_contain_text("E went up at step 1")
    step(page, 5)
    status = w.get_by_role("status")
    expect(status).to_contain_text(EN["diverging"])
    expect(status).to_contain_text("η = 0.5")
    expected = steepest_descent(bowl_grad, [-1.8, 1.2], 0.5, 6)
    assert abs(expected[-1][1]) > 2 and bowl_E(expected[-1]) > bowl_E(expected[0])   # left, E grew
    assert_same_path(page, expected)


def test_armijo_trials_are_nnbooks(page, base_url):
    open_page(page, base_url + "descent/")
    w = widget(page, "descent")
    w.get_by_role("radio", name=EN["armijo"]).check()
    eta0 = w.get_by_role("slider", name=EN["eta0"])
    expect(eta0).to_be_visible()
    press(page, eta0, "ArrowRight", 12)                    # η0: 0.3 → 5
    expect(eta0).to_have_attribute("aria-valuetext", "η = 5")
    step(page, 2)
    settings = settled(page)
    assert settings["method"] == "armijo" and settings["eta"] == 5
    path, (w_last, g_last, trials) = armijo_descent(bowl_E, bowl_grad, [-1.8, 1.2], 5.0, 2)
    assert_same_path(page, path)
    shown = py(page, "descent_trials")
    assert len(shown) == len(trials) >= 2                  # η0 = 5 is rejected at least once
    E_w = bowl_E(w_last)
    for row, t in zip(shown, trials):
        bound = E_w + 1e-4 * t.eta * float(g_last @ -g_last)
        assert row["eta"] == pytest.approx(t.eta, abs=1e-12)
        assert row["E"] == pytest.approx(t.E, abs=1e-9)
        assert row["bound"] == pytest.approx(bound, abs=1e-9)
        assert row["accepted"] == t.accepted
        assert np.allclose(row["point"], w_last - t.eta * g_last, rtol=0, atol=1e-9)
    accepted = [row for row in shown if row["accepted"]]
    assert len(accepted) == 1 and accepted[0] is shown[-1]
    assert accepted[0]["E"] <= accepted[0]["bound"]        # sufficient decrease
    assert all(row["E"] > row["bound"] for row in shown[:-1])
    # the table the reader sees
    table = w.get_by_role("table")
    expect(table).to_contain_text("Armijo line search of step 2")
    rows = table.locator("tbody").get_by_role("row")
    expect(rows).to_have_count(len(trials))
    for i, t in enumerate(trials):
        cells = rows.nth(i).get_by_role("cell")
        expect(cells.nth(1)).to_have_text(f"{t.eta:.6g}")
        assert float(cells.nth(2).inner_text()) == pytest.approx(t.E, rel=1e-5)
        expect(cells.nth(4)).to_have_text("✓ yes" if t.accepted else "✗ no")
    # the trials drawn on the plot (those inside it), marked accepted or rejected
    markers = page.eval_on_selector_all(
        ".nbw-descent .nbw-trials [data-trial]",
        "els => els.map(e => [Number(e.dataset.trial), Number(e.dataset.x), Number(e.dataset.y), e.dataset.accepted, e.tagName])")
    assert markers, "no trial point drawn"
    for n, x, y, accepted, tag in markers:
        t = trials[n - 1]
        assert np.allclose([x, y], w_last - t.eta * g_last, rtol=0, atol=1e-9)
        assert accepted == str(t.accepted).lower()
        assert tag == ("circle" if t.accepted else "path")  # ○ accepted, ✕ rejected


def test_compare_draws_both_paths(page, base_url):
    open_page(page, base_url + "descent/")
    w = widget(page, "descent")
    press(page, w.get_by_role("slider", name=EN["eta"]), "ArrowRight", 4)    # η = 0.5
    w.get_by_role("checkbox", name=EN["compare"]).check()
    step(page, 4)
    assert_same_path(page, steepest_descent(bowl_grad, [-1.8, 1.2], 0.5, 4))
    other = page.eval_on_selector_all(
        ".nbw-descent .nbw-other-points [data-k]",
        "els => els.map(e => [Number(e.dataset.k), Number(e.dataset.x), Number(e.dataset.y)])")
    armijo_path, _ = armijo_descent(bowl_E, bowl_grad, [-1.8, 1.2], 0.5, 4)
    assert len(other) == 5
    for k, x, y in other:
        assert np.allclose([x, y], armijo_path[k], rtol=0, atol=1e-9)
    expect(w.get_by_role("table")).to_be_visible()


def test_the_ct_surface_is_two_weights_of_the_trained_network(page, base_url):
    open_page(page, base_url + "descent/")
    w = widget(page, "descent")
    w.get_by_role("combobox", name=EN["surface"]).select_option("ct")
    expect(w.get_by_role("slider", name="Start w₁₁")).to_be_visible(timeout=60_000)
    step(page, 3)
    settings = settled(page)
    assert settings["surface"] == "ct" and settings["params"] == ["w_11", "theta_1"]
    X, T, _ = nnbook.data.slide_images()
    net = nnbook.Network(seed=0)
    nnbook.train(net, X, T, optimizer="sd", lr=2.0, epsilon=0.01)
    i, j = net.index("w_11"), net.index("theta_1")

    def grad(p):
        net["w_11"], net["theta_1"] = p
        g = net.gradient(X, T)
        return np.array([g[i], g[j]])

    assert_same_path(page, steepest_descent(grad, settings["start"], settings["eta"], 3))


# ---- the cells share `descent` and `path` with it ------------------------------------------------

def test_a_cell_sets_descent_and_reads_path(page, base_url):
    open_page(page, base_url + "descent/")
    for n in (CELL_IMPORTS, CELL_E, CELL_SET_DESCENT):
        run(page, n)
    w = widget(page, "descent")
    expect(w).to_have_attribute("data-steps", "8", timeout=60_000)
    expect(w.get_by_role("slider", name=EN["eta"])).to_have_attribute("aria-valuetext", "η = 0.45")
    expected = steepest_descent(bowl_grad, [-1.8, 1.2], 0.45, 8)
    assert_same_path(page, expected)
    run(page, CELL_READ_PATH)
    expect(output(page, CELL_READ_PATH)).to_contain_text("8 steps with η = 0.45:")
    expect(output(page, CELL_READ_PATH)).to_contain_text(
        f"w_8 = ({expected[8][0]: .4f}, {expected[8][1]: .4f})")
    run(page, CELL_SAME_PATH)
    expect(output(page, CELL_SAME_PATH)).to_have_text("same as the widget's path: True")
    # and the reverse: the widget's Step changes what the next cell reads
    step(page, 1)
    run(page, CELL_READ_PATH)
    expect(output(page, CELL_READ_PATH)).to_contain_text("9 steps with η = 0.45:")


# ---- exercises -----------------------------------------------------------------------------

@pytest.mark.parametrize("n", [EXERCISE_SD, EXERCISE_ARMIJO])
def test_checker_accepts_the_reference_solution(page, base_url, n):
    open_page(page, base_url + "descent/")
    expect_pass(page, n, show_solution(page, n))


def test_sd_step_checker_rejects_adding_the_gradient(page, base_url):
    open_page(page, base_url + "descent/")
    expect_fail(page, EXERCISE_SD, "def sd_step(w, grad, eta):\n    return w + eta * grad(w)",
                "E went up, from 5.2200", "against the gradient")


def test_sd_step_checker_rejects_changing_w_in_place(page, base_url):
    open_page(page, base_url + "descent/")
    expect_fail(page, EXERCISE_SD, "def sd_step(w, grad, eta):\n    w -= eta * grad(w)\n    return w",
                "changed the w it was given")


def test_armijo_checker_rejects_no_backtracking(page, base_url):
    open_page(page, base_url + "descent/")
    expect_fail(page, EXERCISE_ARMIJO, "def armijo_eta(E, w, g, eta0=1.0, beta=0.5, c=1e-4):\n    return eta0",
                "expected η = 0.25 (nnbook tried 1, 0.5, 0.25); got 1", "keep multiplying η by β")


# ---- Japanese -------------------------------------------------------------------------------

def test_japanese_page_has_japanese_labels(page, base_url):
    open_page(page, base_url + "ja/descent/")
    w = page.get_by_role("group", name=JA["widget"], exact=True)   # (named in Japanese)
    for name in (JA["play"], JA["step"], JA["reset"]):
        expect(w.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(w.get_by_role("combobox", name=JA["speed"])).to_contain_text("毎秒 5 ステップ")
    expect(w.get_by_role("combobox", name=JA["surface"])).to_be_visible()
    expect(w.get_by_role("radio", name=JA["sd"])).to_be_checked()
    expect(w.get_by_role("checkbox", name=JA["compare"])).not_to_be_checked()
    expect(w.get_by_role("slider", name=JA["start1"])).to_be_visible()
    eta = w.get_by_role("slider", name=JA["eta"])
    press(page, eta, "ArrowRight", 4)
    step(page, 6, JA)
    expect(w.get_by_role("status")).to_contain_text(JA["diverging"])
    assert_same_path(page, steepest_descent(bowl_grad, [-1.8, 1.2], 0.5, 6))
    w.get_by_role("radio", name=JA["armijo"]).check()
    expect(w.get_by_role("slider", name=JA["eta0"])).to_be_visible()
    expect(w.get_by_role("table")).to_contain_text("Armijo の直線探索")
    expect(w.get_by_role("table")).to_contain_text("採用")


def test_japanese_exercise_feedback(page, base_url):
    open_page(page, base_url + "ja/descent/")
    expect_fail(page, EXERCISE_SD, "def sd_step(w, grad, eta):\n    return w + eta * grad(w)",
                "勾配と逆向きに進んでください")
