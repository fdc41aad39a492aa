"""Chapter 7, training the C/T classifier: the trainer widget driven like a
reader (buttons, keyboard, settings, the drawing grid), compared with
nnbook.train run here in CPython with the same settings and seed; Pause,
Step and Reset; divergence; the cells that share `net`, `x` and `training`;
the exercise; the Japanese page; a 375 px wide screen.

The widget's root (.nbw-tr) exposes data-state, data-k (the iteration k),
data-e (E(w_k) in full precision) and data-frames (curve redraws)."""

import json
import re

import numpy as np
import pytest
from playwright.sync_api import expect

import nnbook
from nnbook.widgets import training_run
from helpers import (cell, check, expect_fail, expect_pass, hold_python, open_page, output, run, set_code,
                     show_solution, text_fits)

PAGE = "training/"
# cell ids in the Markdown (the same on both pages)
CELL_TRAINING, CELL_SETTINGS, CELL_X, EXERCISE = "training", "settings", "verdict-of-x", "one-iteration"
X, T, LABELS = nnbook.data.slide_images()

EN = {"widget": "Trainer", "start": "Start", "pause": "Pause", "step": "Step", "reset": "Reset",
      "speed": "Speed", "lr": "Step size η", "output": "Output layer", "epsilon": "ε (stop when E < ε)",
      "limit": "Iteration limit", "hidden": "Hidden units", "method": "Gradient method",
      "activation": "Activation a (hidden layer)", "init": "Initial weights w₀", "seed": "Seed",
      "log": "Log scale", "clear": "Clear", "pixel": "pixel x{}"}
JA = {"widget": "トレーナー", "start": "開始", "pause": "一時停止", "step": "1 反復", "reset": "リセット",
      "speed": "速さ", "lr": "ステップ幅 η", "output": "出力層", "epsilon": "ε (E < ε で停止)",
      "limit": "反復の上限", "hidden": "隠れ層のユニット数", "method": "勾配法",
      "activation": "活性化関数 a (隠れ層)", "init": "重みの初期値 w₀", "seed": "シード",
      "log": "対数目盛", "clear": "消去", "pixel": "画素 x{}"}


# ---- the same training in CPython ------------------------------------------------------------

def reference(hidden=3, activation="sigmoid", output_a="sigmoid", init="xavier", seed=0,
              method="sd", lr=2.0, epsilon=0.01, max_iter=5000):
    net = nnbook.Network(sizes=(12, hidden, 2), activation=[activation, output_a], init=init, seed=seed)
    history = nnbook.train(net, X, T, optimizer=method, lr=None if method == "armijo" else lr,
                           epsilon=epsilon, max_iter=max_iter, raise_on_divergence=False)
    return net, history


def first_states(n, **settings):
    """E(w_0) … E(w_n) of the same run."""
    _, history = reference(max_iter=n, **settings)
    return history.E


# ---- driving the widget ---------------------------------------------------------------------------

def trainer(page, L=EN):
    return page.get_by_role("group", name=L["widget"], exact=True)


def root(page):
    return page.locator(".nbw-tr")


def button(widget, name, L=EN):
    return widget.get_by_role("button", name=L[name], exact=True)


def setting(widget, name, L=EN):
    return widget.get_by_label(L[name], exact=True)


def type_setting(page, widget, name, value, L=EN):
    box = setting(widget, name, L)
    box.fill(str(value))
    box.press("Tab")
    expect(root(page)).to_have_attribute("data-k", "0")
    expect(root(page)).to_have_attribute("data-state", "idle")


def k_of(page):
    return int(root(page).get_attribute("data-k"))


def E_of(page):
    return float(root(page).get_attribute("data-e"))


def wait_done(page, state, timeout=180_000):
    expect(root(page)).to_have_attribute("data-state", state, timeout=timeout)


def python_value(page, expression):
    """Evaluate `expression` in the page's Python (in the cell for that) and return it."""
    c = run(page, CELL_TRAINING, f"import json\nprint(json.dumps({expression}))")
    return json.loads(c.locator(".nb-cell__output").inner_text().strip())


def status(page):
    return root(page).locator(".nbw-tr__status")


# ---- training to E < ε -----------------------------------------------------------------------------

def chart_first_point_inside(widget):
    """The chart's newest point (a dot) lies between its axes, below its top grid line."""
    dot = widget.locator("svg.nb-chart circle.nb-chart__dot")
    expect(dot).to_have_attribute("visibility", "visible")
    cy = float(dot.get_attribute("cy"))
    grid = [float(y) for y in widget.locator("svg.nb-chart .nb-chart__axes line[stroke-opacity='0.12']")
            .evaluate_all("ls => ls.map((l) => l.getAttribute('y1'))")]
    assert 10 <= cy <= 170 and min(grid) <= cy, (cy, grid)        # the plot area of the 320×200 viewBox


def test_start_trains_to_epsilon_with_nnbooks_numbers(first_visit_page, base_url):
    page = first_visit_page
    # while Python loads, the settings show nnbook's defaults (from the build), greyed
    release = hold_python(page)
    page.goto(base_url + PAGE)
    widget = trainer(page)
    expect(root(page)).to_have_attribute("data-state", "waiting", timeout=60_000)   # (its chunk loads first)
    defaults = training_run.SETTINGS
    for name, key in (("method", "method"), ("init", "init"), ("activation", "activation"), ("output", "output")):
        expect(setting(widget, name)).to_have_value(defaults[key])
    for name, key in (("lr", "lr"), ("seed", "seed"), ("epsilon", "epsilon"), ("limit", "max_iter")):
        expect(setting(widget, name)).to_have_value(f"{defaults[key]:g}")
    expect(widget.locator("output")).to_have_text(str(defaults["hidden"]))
    assert text_fits(setting(widget, "method"))                  # "steepest descent, fixed η" whole
    colour = lambda: setting(widget, "lr").evaluate("e => getComputedStyle(e).color")  # noqa: E731
    grey = colour()
    assert release() >= 1                                          # Python really was held back
    expect(root(page)).to_have_attribute("data-state", "idle", timeout=180_000)
    root(page).scroll_into_view_if_needed()
    assert colour() != grey                                        # no longer greyed
    expect(setting(widget, "init")).to_have_value(defaults["init"])   # nothing flipped
    net, history = reference()
    # before: k = 0, E(w0), and the nine images read by w0
    assert k_of(page) == 0 and E_of(page) == pytest.approx(history.E[0], abs=1e-9)
    expect(widget.locator(".nbw-tr__cards li")).to_have_count(9)
    chart_first_point_inside(widget)                               # E(w0) = 2.84 is on the chart
    assert text_fits(setting(widget, "method"))
    setting(widget, "speed").select_option("full")
    button(widget, "start").click()
    wait_done(page, "converged")
    assert k_of(page) == history.iterations == 131
    assert E_of(page) == pytest.approx(history.E[-1], abs=1e-9) and E_of(page) < 0.01
    expect(status(page)).to_contain_text(
        f"Converged: E = {float(f'{history.E[-1]:.4g}')} < ε = 0.01 after 131 iterations.")
    expect(status(page)).to_contain_text("To go further, set a smaller ε")
    # the page's net is the trained network, equal to nnbook's in CPython
    w = np.array(python_value(page, "net.w.tolist()"))
    np.testing.assert_allclose(w, net.w, rtol=0, atol=1e-9)
    assert python_value(page, "training.net is net") is True
    # the nine images, their outputs and verdicts
    cards = widget.locator(".nbw-tr__cards li")
    for i, z in enumerate(net.forward(X)):
        card = cards.nth(i)
        expect(card).to_have_attribute("data-verdict", nnbook.data.verdict(z))
        expect(card).to_have_attribute("data-right", "true")
        expect(card).to_contain_text(f"z₁ {z[0]:.2f}".replace("-", "−"))
        expect(card).to_contain_text(f"z₂ {z[1]:.2f}".replace("-", "−"))
    expect(widget).to_contain_text("9 of 9 read right")
    # done: Start and Step are off, Reset is on
    expect(button(widget, "start")).to_be_disabled()
    expect(button(widget, "step")).to_be_disabled()
    expect(button(widget, "reset")).to_be_enabled()
    # going on, as the page says: a smaller ε trains again until E is below it
    type_setting(page, widget, "epsilon", "0.001")
    _, further = reference(epsilon=0.001)
    button(widget, "start").click()
    wait_done(page, "converged")
    assert k_of(page) == further.iterations and E_of(page) < 0.001


def test_other_settings_equal_nnbook_armijo_tanh_he(page, base_url):
    widget = trainer(open_page(page, base_url + PAGE))
    setting(widget, "speed").select_option("full")
    setting(widget, "method").select_option("armijo")
    expect(setting(widget, "lr")).to_be_disabled()            # Armijo chooses η itself
    setting(widget, "activation").select_option("tanh")
    setting(widget, "init").select_option("he")
    type_setting(page, widget, "seed", 3)
    hidden = setting(widget, "hidden")
    hidden.focus()
    page.keyboard.press("ArrowRight")                           # 3 → 4 hidden units, by keyboard
    expect(root(page)).to_have_attribute("data-state", "idle")
    expect(widget.locator("output")).to_have_text("4")
    net, history = reference(hidden=4, activation="tanh", init="he", seed=3, method="armijo")
    expect(root(page)).to_have_attribute("data-e", re.compile("."))
    page.wait_for_function(
        f"Math.abs(Number(document.querySelector('.nbw-tr').dataset.e) - {history.E[0]!r}) < 1e-9")
    button(widget, "start").click()
    wait_done(page, "converged" if history.converged else "limit")
    assert k_of(page) == history.iterations
    assert E_of(page) == pytest.approx(history.E[-1], abs=1e-9)
    w = np.array(python_value(page, "net.w.tolist()"))
    np.testing.assert_allclose(w, net.w, rtol=0, atol=1e-9)
    assert python_value(page, "[training.settings[k] for k in ('method', 'activation', 'init', 'seed', 'hidden')]") \
        == ["armijo", "tanh", "he", 3, 4]


# ---- Pause, Step, Reset -------------------------------------------------------------------------------

def test_pause_really_stops_and_start_goes_on(page, base_url):
    widget = trainer(open_page(page, base_url + PAGE))
    type_setting(page, widget, "lr", "0.1")                     # 2655 iterations: time to pause
    button(widget, "start").click()
    expect(root(page)).to_have_attribute("data-state", "running")
    expect(button(widget, "pause")).to_be_focused()             # focus moves to the live button
    page.wait_for_function("Number(document.querySelector('.nbw-tr').dataset.k) >= 5")
    page.keyboard.press("Enter")                                # Pause, by keyboard
    wait_done(page, "paused")
    k, e, frames = k_of(page), root(page).get_attribute("data-e"), root(page).get_attribute("data-frames")
    title = widget.locator("svg.nb-chart title").first.text_content()
    page.wait_for_timeout(1200)
    assert (k_of(page), root(page).get_attribute("data-e"), root(page).get_attribute("data-frames")) \
        == (k, e, frames)
    assert widget.locator("svg.nb-chart title").first.text_content() == title
    assert python_value(page, "training.k") == k                # Python stopped too
    assert E_of(page) == pytest.approx(first_states(k, lr=0.1)[k], abs=1e-9)
    expect(status(page)).to_contain_text(f"Paused at k = {k}")
    button(widget, "start").click()
    page.wait_for_function(f"Number(document.querySelector('.nbw-tr').dataset.k) > {k + 3}")
    button(widget, "pause").click()
    wait_done(page, "paused")


def test_step_advances_exactly_one_iteration_and_reset_goes_back_to_k_0(page, base_url):
    widget = trainer(open_page(page, base_url + PAGE))
    E = first_states(3)
    step = button(widget, "step")
    step.click()
    expect(root(page)).to_have_attribute("data-k", "1")
    assert E_of(page) == pytest.approx(E[1], abs=1e-9)
    step.focus()
    page.keyboard.press("Space")
    expect(root(page)).to_have_attribute("data-k", "2")
    page.keyboard.press("Enter")
    expect(root(page)).to_have_attribute("data-k", "3")
    assert E_of(page) == pytest.approx(E[3], abs=1e-9)
    page.wait_for_timeout(500)
    assert k_of(page) == 3                                      # no more than asked
    expect(status(page)).to_contain_text("Paused at k = 3")
    assert python_value(page, "training.k") == 3
    button(widget, "reset").click()
    expect(root(page)).to_have_attribute("data-k", "0")
    expect(root(page)).to_have_attribute("data-state", "idle")
    assert E_of(page) == pytest.approx(E[0], abs=1e-9)
    w = np.array(python_value(page, "net.w.tolist()"))
    np.testing.assert_array_equal(w, nnbook.Network(seed=0).w)  # w0 again


def test_a_step_size_that_is_not_a_number_is_refused_with_a_message(page, base_url):
    widget = trainer(open_page(page, base_url + PAGE))
    button(widget, "step").click()
    expect(root(page)).to_have_attribute("data-k", "1")
    eta = setting(widget, "lr")
    eta.fill("-1")
    expect(eta).to_have_attribute("aria-invalid", "true")
    expect(widget.locator(".nbw-sf__error")).to_have_text("Step size η: Enter a number from 1·10⁻⁶ to 100.")
    expect(root(page)).to_have_attribute("data-k", "1")          # nothing was sent to Python
    assert python_value(page, "training.settings['lr']") == 2.0
    eta.fill("0.5")
    expect(eta).to_have_attribute("aria-invalid", "false")
    expect(widget.locator(".nbw-sf__error")).to_have_text("")
    expect(root(page)).to_have_attribute("data-k", "0")          # a new setting: k = 0
    assert python_value(page, "training.settings['lr']") == 0.5


def test_a_big_eta_diverges_and_the_widget_says_so(page, base_url):
    widget = trainer(open_page(page, base_url + PAGE))
    setting(widget, "speed").select_option("full")
    setting(widget, "output").select_option("identity")
    type_setting(page, widget, "lr", "0.5")
    _, history = reference(output_a="identity", lr=0.5)
    assert history.diverged
    button(widget, "start").click()
    wait_done(page, "diverged")
    assert k_of(page) == history.iterations
    expect(status(page)).to_contain_text(f"Training diverged at k = {history.iterations}")
    expect(status(page)).to_contain_text("try a smaller η, e.g. η = 0.05")
    assert root(page).get_attribute("data-e") in ("inf", "nan")
    expect(button(widget, "start")).to_be_disabled()
    # a big η with the slides' sigmoid outputs does not diverge: it gets stuck at E = 2.5
    setting(widget, "output").select_option("sigmoid")
    type_setting(page, widget, "lr", "10")
    type_setting(page, widget, "limit", "300")
    button(widget, "start").click()
    wait_done(page, "limit")
    _, stuck = reference(lr=10, max_iter=300)
    # Saturated and bouncing: WebAssembly's exp/log differ from glibc's in the last bit,
    # and 300 big steps amplify that to ~1e-8, so not to 1e-9 here.
    assert E_of(page) == pytest.approx(stuck.E[-1], abs=1e-6) and abs(E_of(page) - 2.5) < 1e-3
    expect(status(page)).to_contain_text("Stopped at the iteration limit k = 300")
    # … stuck with saturated units (nnbook's verdict in CPython), which the page says in words
    run_here = training_run.Run({"lr": 10.0, "max_iter": 300})
    run_here.advance(300)
    assert training_run.stalled(run_here)
    expect(status(page)).to_contain_text("has stopped falling")
    expect(status(page)).to_contain_text("Press Reset for new initial weights, or try a smaller η")


# ---- the trained network on a new image; cells sharing net, x, training ---------------------------------

def test_drawing_a_new_image_after_training_shows_nnbooks_verdict(page, base_url):
    widget = trainer(open_page(page, base_url + PAGE))
    setting(widget, "speed").select_option("full")
    button(widget, "start").click()
    wait_done(page, "converged")
    w = np.array(python_value(page, "net.w.tolist()"))
    trained = nnbook.Network(w=w)
    verdict = widget.locator("[data-value='verdict']")
    x = X[0].copy()                                              # the widget starts from x = the first C
    expect(verdict).to_have_text(nnbook.data.verdict(trained.forward(x)))
    # draw a C shifted one pixel right: 001/010/010/001
    widget.get_by_role("button", name=EN["clear"]).click()
    x = np.zeros(12)
    for k in (3, 5, 8, 12):
        widget.get_by_role("button", name=EN["pixel"].format(k), exact=True).click()
        x[k - 1] = 1
    page.wait_for_function(
        "Array.from({length: 12}, (_, i) => document.querySelector(`.nbw-tr [data-pixel='${i + 1}']`)"
        ".getAttribute('aria-pressed') === 'true' ? 1 : 0).join('') === " + json.dumps("".join(str(int(v)) for v in x)))
    z = trained.forward(x)
    expect(verdict).to_have_text({"neither": "neither"}.get(nnbook.data.verdict(z), nnbook.data.verdict(z)))
    expect(widget.locator("[data-value='z1']")).to_have_text(f"{z[0]:.3f}")
    expect(widget.locator("[data-value='z2']")).to_have_text(f"{z[1]:.3f}")
    # keyboard: move to x2 and toggle it
    widget.get_by_role("button", name=EN["pixel"].format(1), exact=True).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    x[1] = 1
    z = trained.forward(x)
    expect(widget.locator("[data-value='z1']")).to_have_text(f"{z[0]:.3f}")
    expect(verdict).to_have_text(nnbook.data.verdict(z))
    # the page's x is the drawn image, and the cell prints nnbook's verdict for it
    run(page, CELL_X)
    expect(output(page, CELL_X)).to_contain_text(f"→ {nnbook.data.verdict(z)}")
    assert python_value(page, "x.tolist()") == x.tolist()


def test_a_cell_changes_the_settings_and_the_widget_follows(page, base_url):
    widget = trainer(open_page(page, base_url + PAGE))
    button(widget, "step").click()
    expect(root(page)).to_have_attribute("data-k", "1")
    run(page, CELL_SETTINGS)                                     # training.settings.update(hidden=5)
    expect(widget.locator("output")).to_have_text("5")
    expect(root(page)).to_have_attribute("data-k", "0")
    expect(output(page, CELL_SETTINGS)).to_contain_text("12-5-2")
    _, history = reference(hidden=5)
    page.wait_for_function(
        f"Math.abs(Number(document.querySelector('.nbw-tr').dataset.e) - {history.E[0]!r}) < 1e-9")
    run(page, CELL_TRAINING, "training.settings['lr'] = 0.5")
    expect(setting(widget, "lr")).to_have_value("0.5")
    # a cell that puts another network into net: the trainer's run goes on, Step takes net back
    run(page, CELL_TRAINING, "import nnbook\nnet = nnbook.Network(seed=9)")
    button(widget, "step").click()
    expect(root(page)).to_have_attribute("data-k", "1")
    assert python_value(page, "training.net is net and net.sizes == (12, 5, 2)") is True
    # the cell printing the run
    run(page, CELL_TRAINING, "print(training)")
    expect(output(page, CELL_TRAINING)).to_contain_text("k = 1")


# ---- the exercise ---------------------------------------------------------------------------------------

def test_exercise_rejects_the_wrong_sign_and_accepts_the_solution(page, base_url):
    open_page(page, base_url + PAGE)
    expect(cell(page, EXERCISE)).to_contain_text("def iteration")
    feedback = check(page, EXERCISE)                             # the starter code
    expect(feedback).to_have_attribute("data-result", "fail")
    code = show_solution(page, EXERCISE)
    assert "net.w = net.w + eta * dw" in code
    # plausible mistake: going along the gradient instead of against it
    expect_fail(page, EXERCISE, code.replace("dw = -net.gradient(X, T)", "dw = net.gradient(X, T)"),
                "the weights moved uphill")
    # another: updating even when E < ε
    expect_fail(page, EXERCISE, code.replace("        return E, True\n", "        pass\n"), "step 4 says stop")
    # and the ½ forgotten
    expect(check(page, EXERCISE, code.replace("/ 2).sum()", ").sum()"))).to_contain_text("has a ½")
    expect_pass(page, EXERCISE, code)


# ---- Japanese, small screens ----------------------------------------------------------------------------------

def test_japanese_page_has_japanese_labels_messages_and_feedback(page, base_url):
    widget = trainer(open_page(page, base_url + "ja/" + PAGE), JA)
    for name in ("start", "pause", "step", "reset"):
        expect(button(widget, name, JA)).to_be_visible()
    for name in ("speed", "lr", "output", "epsilon", "limit", "hidden", "method", "activation", "init", "seed", "log"):
        expect(setting(widget, name, JA)).to_be_visible()
    expect(widget).to_contain_text("学習用の画像: 出力 (z₁, z₂) と判定")
    expect(widget).to_contain_text("学習したネットワークに新しい画像を見せる")
    expect(widget.get_by_role("button", name="画素 x5", exact=True)).to_be_visible()
    expect(status(page)).to_contain_text("開始を押すと学習します")
    setting(widget, "speed", JA).select_option("full")
    button(widget, "start", JA).click()
    wait_done(page, "converged")
    expect(status(page)).to_contain_text("収束しました: 131 回の反復で E = ")
    expect(widget).to_contain_text("9 枚中 9 枚を正しく判定")
    expect(widget.locator(".nbw-tr__cards li").nth(5)).to_contain_text("どちらでもない")
    # the cell under the drawing grid prints the verdict in Japanese too
    c = cell(page, CELL_X)
    c.get_by_role("button", name="実行", exact=True).click()
    expect(c).to_have_attribute("data-state", "done", timeout=90_000)
    expect(output(page, CELL_X)).to_contain_text(re.compile(r"→ (C|T|どちらでもない)"))
    expect(output(page, CELL_X)).not_to_contain_text("neither")
    # the exercise's feedback is Japanese
    code = show_solution(page, EXERCISE)
    expect(check(page, EXERCISE, code.replace("dw = -net.gradient(X, T)", "dw = net.gradient(X, T)"))).to_contain_text(
        "重みが坂を上りました")


def test_narrow_screen_dark_mode(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, color_scheme="dark")
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        widget = trainer(open_page(page, base_url + PAGE))
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        box = root(page).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
        for name in ("start", "pause", "step", "reset"):
            b = button(widget, name).bounding_box()
            assert b["x"] >= 0 and b["x"] + b["width"] <= 375, (name, b)
        for name in ("speed", "lr", "method", "init", "hidden"):
            b = setting(widget, name).bounding_box()
            assert b["x"] >= 0 and b["x"] + b["width"] <= 375, (name, b)
        chart = widget.locator("svg.nb-chart").bounding_box()
        assert chart["width"] > 250 and chart["x"] + chart["width"] <= 375
        setting(widget, "speed").select_option("full")
        button(widget, "start").click()
        wait_done(page, "converged")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


# ---- the kit: a change made during a slow round, ReLU and He, a missing runtime ------------------------

def slow_python(module, seconds=3):
    """Code for a cell that makes the widget's entry point `request` take `seconds` longer."""
    return (f"import time, nnbook.widgets.{module} as widget\n"
            "quick = getattr(widget, '_quick_request', widget.request)\n"
            "widget._quick_request = quick\n"
            f"def slow(*args, **kwargs):\n    time.sleep({seconds})\n    return quick(*args, **kwargs)\n"
            "widget.request = slow\nprint('slow')")


def test_a_setting_changed_during_a_slow_round_is_seen_by_a_cell_run_at_once(page, base_url):
    widget = trainer(open_page(page, base_url + PAGE))
    run(page, CELL_TRAINING, slow_python("trainer"))            # every round now takes 3 s more
    set_code(page, CELL_TRAINING, "print(training.settings['seed'])")
    seed = setting(widget, "seed")
    seed.fill("5")                                                 # a slow round is in flight …
    seed.fill("7")                                                 # … and this change waits for it
    run(page, CELL_TRAINING)                                       # at once: the cell sees the new seed
    expect(output(page, CELL_TRAINING)).to_have_text("7")
    expect(seed).to_have_value("7")
    _, history = reference(seed=7)
    page.wait_for_function(
        f"Math.abs(Number(document.querySelector('.nbw-tr').dataset.e) - {history.E[0]!r}) < 1e-9",
        timeout=30_000)


def test_relu_switches_the_initial_weights_to_he_and_says_so(page, base_url):
    widget = trainer(open_page(page, base_url + PAGE))
    expect(setting(widget, "init")).to_have_value("xavier")
    setting(widget, "activation").select_option("relu")
    expect(setting(widget, "init")).to_have_value("he")
    expect(widget.locator("[data-value='init-note']")).to_contain_text("He")
    _, history = reference(activation="relu", init="he")
    page.wait_for_function(
        f"Math.abs(Number(document.querySelector('.nbw-tr').dataset.e) - {history.E[0]!r}) < 1e-9")
    assert python_value(page, "training.settings['init']") == "he"
    setting(widget, "activation").select_option("sigmoid")        # back: Xavier again
    expect(setting(widget, "init")).to_have_value("xavier")
    setting(widget, "init").select_option("small_uniform")        # the reader's choice is kept
    setting(widget, "activation").select_option("relu")
    expect(root(page)).to_have_attribute("data-state", "idle")
    expect(setting(widget, "activation")).to_have_value("relu")
    expect(setting(widget, "init")).to_have_value("small_uniform")
    # a new method brings its own step size, from nnbook, and the widget says so
    adam = nnbook.optimizers.STEP_SIZES["adam"]
    setting(widget, "method").select_option("adam")
    expect(setting(widget, "lr")).to_have_value(f"{adam:g}")
    expect(widget.locator("[data-value='lr-note']")).to_contain_text(f"η set to {adam:g}, a good step size for Adam")
    assert python_value(page, "training.settings['lr']") == adam


def test_a_missing_runtime_is_said_in_words(page, broken_url):
    page.goto(broken_url + PAGE)
    expect(root(page)).to_have_attribute("data-state", "error", timeout=60_000)
    alert = root(page).get_by_role("alert")
    expect(alert).to_contain_text("Python failed:")
    assert "undefined" not in alert.inner_text() and not alert.inner_text().rstrip().endswith("?")
    expect(status(page)).not_to_have_text("waiting for Python…")


def test_restart_during_the_first_call_leaves_the_trainer_working(first_visit_page, base_url):
    page = first_visit_page
    release = hold_python(page)
    page.goto(base_url + PAGE)
    widget = trainer(page)
    expect(root(page)).to_have_attribute("data-state", "waiting", timeout=60_000)   # (its chunk loads first)
    page.get_by_role("toolbar", name="Python").get_by_role("button", name="Restart").click()
    release()
    expect(root(page)).to_have_attribute("data-state", "idle", timeout=180_000)
    expect(widget).not_to_contain_text("Python failed")
    expect(button(widget, "step")).to_be_enabled()
