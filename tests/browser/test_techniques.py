"""Chapter 8, techniques for learning: its three widgets driven like a reader
(keyboard, buttons), what they show compared with nnbook computed here in
CPython for the same settings and seeds; the Adam exercise; the Japanese page."""

import re
import time

import numpy as np
import pytest
from playwright.sync_api import expect

import nnbook
from helpers import cell, eventually, open_page, output, run, set_code, show_solution

# the chapter's cells, by their ids in the Markdown (the same in both languages)
CELL_INIT_DEMO, CELL_RACE, EXERCISE_ADAM = "set-init-demo", "race", "adam-step"

EN = {"inith": "Activations of a deep network at its initial weights", "activation": "Activation function",
      "init": "Initial weights", "layers": "Layers",
      "race": "Optimiser race", "start": "Start", "pause": "Pause", "reset": "Reset",
      "overfit": "Overfitting: training and test error", "train": "Train", "stop": "Stop",
      "hidden": "Hidden units H", "lambda": "Weight decay λ", "dropout": "Dropout p",
      "check": "Check", "solution": "Show solution"}
JA = {"inith": "初期の重みでの深いネットワークの出力", "activation": "活性化関数", "init": "重みの初期値",
      "layers": "層の数", "race": "最適化手法の競走", "start": "開始", "pause": "一時停止", "reset": "リセット",
      "overfit": "過学習: 訓練データとテストデータの誤差", "train": "学習", "stop": "停止",
      "hidden": "隠れ層のユニット数 H", "lambda": "荷重減衰 λ", "dropout": "ドロップアウト p",
      "check": "チェック", "solution": "解答を表示"}
METHODS = ("sd", "momentum", "adagrad", "adam")
RACE_LR = {"sd": 2.0, "momentum": 0.2, "adagrad": 0.5, "adam": 0.1}
PATH_LR = {"sd": 0.95, "momentum": 0.1, "adagrad": 1.5, "adam": 0.3}


# ---- init-histograms ----------------------------------------------------------------------------

def expected_histograms(activation, init, layers, seed=0):
    """nnbook in CPython: the stack's outputs per layer and their histograms."""
    fixed = {"normal_1": 1.0, "normal_0.01": 0.01}
    draw = (lambda s: lambda n_in, n_out, rng: rng.normal(0.0, s, size=(n_in, n_out)))(fixed[init]) \
        if init in fixed else init
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((200, 100))
    net = nnbook.Network(sizes=(100,) * (layers + 1), activation=activation, init=draw, rng=rng)
    lo, hi = {"sigmoid": (0, 1), "tanh": (-1, 1), "relu": (0, 4)}[activation]
    out = []
    for h in net.forward(x, return_all=True).h:
        values = h.ravel()
        zeros = int(np.count_nonzero(values == 0)) if activation == "relu" else 0
        if activation == "relu":
            values = values[values > 0]
        counts = np.histogram(values, bins=20, range=(lo, hi))[0].tolist()
        out.append({"counts": counts, "zeros": zeros, "std": float(h.std())})
    return out


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def shown(v):
    """A number as the widget's table writes it (kit/format.mjs, significant(v, 3)):
    3 significant digits, a true minus sign, 1.23·10⁻⁵ below 10⁻³ and from 10⁵ on."""
    if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5):
        mantissa, exponent = f"{v:.2e}".split("e")
        text = f"{float(mantissa):g}·10{str(int(exponent)).translate(SUPERSCRIPT)}"
    else:
        text = f"{float(format(v, '.3g')):g}"
    return text.replace("-", "−")


def expect_histograms(page, L, activation, init, layers):
    region = page.get_by_role("region", name=L["inith"])
    expect(region).to_have_attribute("data-state", "ready", timeout=90_000)
    expect(region).to_have_attribute("data-activation", activation)
    expect(region).to_have_attribute("data-init", init)
    expect(region).to_have_attribute("data-layers", str(layers))
    want = expected_histograms(activation, init, layers)
    charts = region.get_by_role("img")
    expect(charts).to_have_count(layers)
    rows = region.locator("tbody tr")
    for l, layer in enumerate(want):
        chart = charts.nth(l)
        prefix = "Layer" if L is EN else "第"
        expect(chart).to_have_attribute("aria-label", re.compile(f"^{prefix} {l + 1}"))
        assert chart.get_attribute("data-counts") == str(layer["counts"]).replace(" ", "")
        assert int(chart.get_attribute("data-zeros")) == layer["zeros"]
        assert float(rows.nth(l).get_attribute("data-std")) == pytest.approx(layer["std"], rel=1e-9)
        expect(rows.nth(l).get_by_role("cell").nth(2)).to_have_text(shown(layer["std"]))


def test_histograms_are_nnbooks_and_follow_the_controls(page, base_url):
    open_page(page, base_url + "techniques/")
    expect_histograms(page, EN, "sigmoid", "xavier", 5)
    region = page.get_by_role("region", name=EN["inith"])
    expect(region.locator(".nbw-inith__verdict")).to_have_attribute("data-verdict", "healthy")
    # the reader picks sigmoid with σ = 1 weights: saturated
    region.get_by_role("combobox", name=EN["init"]).select_option("normal_1")
    expect_histograms(page, EN, "sigmoid", "normal_1", 5)
    expect(region.locator(".nbw-inith__verdict")).to_have_attribute("data-verdict", "saturated")
    # ReLU, and three layers with the keyboard
    region.get_by_role("combobox", name=EN["activation"]).select_option("relu")
    slider = region.get_by_role("slider", name=re.compile(f"^{EN['layers']}"))
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(slider).to_have_value("3")
    expect(slider).to_have_attribute("aria-valuetext", "3 layers of 100 units")
    expect_histograms(page, EN, "relu", "normal_1", 3)
    expect(region.locator(".nbw-inith__verdict")).to_have_attribute("data-verdict", "exploding")


def test_a_cell_that_sets_init_demo_moves_the_widget(page, base_url):
    open_page(page, base_url + "techniques/")
    expect_histograms(page, EN, "sigmoid", "xavier", 5)
    run(page, CELL_INIT_DEMO)                   # init_demo = relu, He, 8 layers
    expect_histograms(page, EN, "relu", "he", 8)
    region = page.get_by_role("region", name=EN["inith"])
    expect(region.get_by_role("combobox", name=EN["activation"])).to_have_value("relu")
    expect(region.locator(".nbw-inith__verdict")).to_have_attribute("data-verdict", "healthy")
    # and what the widget wrote is there for the cells
    run(page, CELL_INIT_DEMO, "print(len(init_outputs), init_outputs[0].shape, init_net.sizes[:2])")
    expect(output(page, CELL_INIT_DEMO)).to_have_text("8 (200, 100) (100, 100)")


# ---- optimizer-race ------------------------------------------------------------------------------

def race_in_cpython(k, lr=RACE_LR, lr_path=PATH_LR):
    """E(w_k) on the C/T data and the point on f after k iterations, per method."""
    X, T, _ = nnbook.data.slide_images()
    out = {}
    for m in METHODS:
        history = nnbook.train(nnbook.Network(seed=0), X, T, optimizer=m, lr=lr[m], epsilon=0.0,
                               max_iter=k)
        p = np.array([-7.0, 2.0])
        opt = nnbook.optimizer(m, lr=lr_path[m])
        for _ in range(k):
            opt.update(p, np.array([p[0] / 10, 2 * p[1]]))
        first = next((i for i, E in enumerate(history.E) if E < 0.01), None)
        out[m] = {"E": history.E[-1], "point": p, "first": first}
    return out


def pause_race(page, L, at_least):
    region = page.get_by_role("region", name=L["race"])
    page.wait_for_function(f"() => +document.querySelector('.nbw-race').dataset.k >= {at_least}",
                           timeout=90_000)
    region.get_by_role("button", name=L["pause"]).click()
    expect(region).to_have_attribute("data-running", "false")
    expect(region.get_by_role("button", name=L["start"])).to_be_visible()
    expect(region).to_have_attribute("data-busy", "false")     # the last chunk has come back
    k = region.get_attribute("data-k")
    expect(region).to_have_attribute("data-drawn-k", k)
    return int(k)


def expect_race_table(page, k, lr=RACE_LR):
    region = page.get_by_role("region", name=EN["race"])
    want = race_in_cpython(k, lr=lr)
    for m in METHODS:
        row = region.locator(f"tbody tr[data-method='{m}']")
        assert float(row.get_attribute("data-e")) == pytest.approx(want[m]["E"], rel=1e-9), m
        assert float(row.get_attribute("data-x")) == pytest.approx(want[m]["point"][0], rel=1e-9, abs=1e-300)
        assert float(row.get_attribute("data-y")) == pytest.approx(want[m]["point"][1], rel=1e-9, abs=1e-300)
        first = want[m]["first"]
        expect(row.get_by_role("cell").nth(1)).to_have_text("not yet" if first is None else str(first))


def test_race_runs_pauses_for_real_and_matches_nnbook(page, base_url):
    open_page(page, base_url + "techniques/")
    region = page.get_by_role("region", name=EN["race"])
    expect(region).to_have_attribute("data-k", "0", timeout=90_000)
    region.get_by_role("button", name=EN["start"]).click()
    expect(region).to_have_attribute("data-running", "true")
    k = pause_race(page, EN, at_least=150)
    shown = region.get_by_text(f"k = {k} of 1000")
    expect(shown).to_be_visible()
    time.sleep(1.5)                                 # paused: nothing moves on
    assert region.get_attribute("data-k") == str(k)
    expect(shown).to_be_visible()
    expect_race_table(page, k)
    # the page's Python agrees: race.k is the k shown
    run(page, CELL_RACE, "print(race.k, race.generation)")
    expect(output(page, CELL_RACE)).to_have_text(f"{k} {region.get_attribute('data-generation')}")
    # Start goes on from there
    region.get_by_role("button", name=EN["start"]).click()
    page.wait_for_function(f"() => +document.querySelector('.nbw-race').dataset.k > {k}", timeout=60_000)
    k2 = pause_race(page, EN, at_least=k + 1)
    expect_race_table(page, k2)


def test_race_shows_the_registrys_methods_and_step_sizes_before_python(browser, base_url):
    """NumPy's wheel is held back, so Python stays loading: the race already lists
    nnbook's methods with their η (from the build, greyed); once Python answers,
    nothing of it flips."""
    ctx = browser.new_context(service_workers="block")   # a worker's fetch must reach the route
    ctx.set_default_timeout(60_000)
    held = []
    ctx.route(re.compile(r".*/numpy-[^/]*\.whl$"), lambda route: held.append(route))
    page = ctx.new_page()
    names = {"sd": "Steepest descent", "momentum": "Momentum", "adagrad": "AdaGrad", "adam": "Adam"}

    def expect_methods_and_step_sizes(region):
        expect(region.locator(".nbw-race__legend li")).to_have_text(
            [names[m] for m in METHODS] + [re.compile("ε")])
        for m in METHODS:
            expect(region.get_by_role("slider", name=f"{names[m]}: η on the C/T data")).to_have_attribute(
                "aria-valuetext", f"η = {nnbook.optimizers.STEP_SIZES[m]:g}")
            expect(region.get_by_role("slider", name=f"{names[m]}: η on f(x, y)")).to_have_attribute(
                "aria-valuetext", f"η = {PATH_LR[m]:g}")
    try:
        page.goto(base_url + "techniques/")                  # (not ready: Python waits for NumPy)
        region = page.get_by_role("region", name=EN["race"])
        page.wait_for_function("() => document.querySelector('.nb-widget[data-widget=optimizer-race]')"
                               "?.hasAttribute('data-waiting')", timeout=90_000)
        expect_methods_and_step_sizes(region)
        # the route's callback runs while Playwright waits
        eventually(page, lambda: held, bool, "NumPy's wheel asked for", timeout=60_000)
        expect(page.locator(".nb-widget[data-widget=optimizer-race]")).to_have_attribute("data-waiting", "")
        for route in held:
            route.continue_()
        held.clear()
        expect(region).to_have_attribute("data-k", "0", timeout=90_000)
        expect_methods_and_step_sizes(region)
    finally:
        for route in held:
            route.continue_()
        ctx.close()


def test_race_step_size_by_keyboard_restarts_and_reset(page, base_url):
    open_page(page, base_url + "techniques/")
    region = page.get_by_role("region", name=EN["race"])
    expect(region).to_have_attribute("data-k", "0", timeout=90_000)
    slider = region.get_by_role("slider", name="Adam: η on the C/T data")
    slider.focus()
    page.keyboard.press("ArrowRight")               # 0.1 → 0.2
    expect(slider).to_have_attribute("aria-valuetext", "η = 0.2")
    region.get_by_role("button", name=EN["start"]).click()
    k = pause_race(page, EN, at_least=40)
    expect_race_table(page, k, lr=dict(RACE_LR, adam=0.2))
    # a new η while paused: back to k = 0, said in words
    region.get_by_role("slider", name="Steepest descent: η on f(x, y)").focus()
    page.keyboard.press("ArrowLeft")                # 0.95 → 0.9
    expect(region).to_have_attribute("data-k", "0")
    expect(region.get_by_text("A step size changed: the race starts again from k = 0.")).to_be_visible()
    # Reset after a few more iterations
    region.get_by_role("button", name=EN["start"]).click()
    pause_race(page, EN, at_least=5)
    region.get_by_role("button", name=EN["reset"]).click()
    expect(region).to_have_attribute("data-k", "0")
    expect(region.get_by_text("k = 0 of 1000")).to_be_visible()


def test_a_cell_runs_the_race_and_the_widget_shows_it(page, base_url):
    open_page(page, base_url + "techniques/")
    region = page.get_by_role("region", name=EN["race"])
    expect(region).to_have_attribute("data-k", "0", timeout=90_000)
    run(page, CELL_RACE)                            # race.run(300)
    expect(output(page, CELL_RACE)).to_contain_text("'sd': 131, 'momentum': 128")
    expect(region).to_have_attribute("data-drawn-k", "300")
    expect_race_table(page, 300)


def slow_down(page, variable, seconds):
    """Make every round of a widget take `seconds` longer: its object's run() sleeps first
    (the same for any module the class lives in)."""
    run(page, CELL_RACE, f"""import time
cls = type({variable})
if not hasattr(cls, "fast_run"):
    cls.fast_run = cls.run
    cls.run = lambda self, n=None: (time.sleep({seconds}), cls.fast_run(self, n))[1]
print("slow")""")
    expect(output(page, CELL_RACE)).to_have_text("slow")


def start_a_slow_round(page, base_url, region_name, variable, button_name):
    """Open the page, make `variable`'s rounds 3 s slower, press its widget's button:
    return the widget's region while the slow round is in Python."""
    open_page(page, base_url + "techniques/")
    region = page.get_by_role("region", name=EN[region_name])
    expect(region).to_have_attribute("data-k", "0", timeout=90_000)
    slow_down(page, variable, 3)
    region.get_by_role("button", name=EN[button_name]).click()
    expect(region).to_have_attribute("data-busy", "true")        # a slow round is in Python
    return region


def test_a_step_size_changed_during_a_round_reaches_the_next_cell(page, base_url):
    region = start_a_slow_round(page, base_url, "race", "race", "start")
    slider = region.get_by_role("slider", name="Adam: η on the C/T data")
    slider.focus()
    page.keyboard.press("ArrowRight")                            # 0.1 → 0.2, during the round
    expect(slider).to_have_attribute("aria-valuetext", "η = 0.2")
    run(page, CELL_RACE, "print(race.lr['adam'])")               # at once: the cell sees 0.2
    expect(output(page, CELL_RACE)).to_have_text("0.2")


# ---- overfitting ---------------------------------------------------------------------------------

def overfit_in_cpython(hidden, lam, p, iterations=1000):
    (Xtr, Ttr, _), (Xte, Tte, _) = nnbook.data.letters()
    net = nnbook.Network(sizes=(12, hidden, 2), seed=0)
    history = nnbook.train(net, Xtr, Ttr, optimizer="adam", lr=0.03, epsilon=0, max_iter=iterations,
                           weight_decay=lam, dropout=p)
    right = lambda X, T: int(np.all((net.forward(X) > 0.5) == (T > 0.5), axis=1).sum())
    return {"E_train": history.E[-1], "E_test": net.error(Xte, Tte),
            "test": right(Xte, Tte), "train": right(Xtr, Ttr)}


def test_overfitting_trains_with_the_readers_settings(page, base_url):
    open_page(page, base_url + "techniques/")
    region = page.get_by_role("region", name=EN["overfit"])
    expect(region).to_have_attribute("data-k", "0", timeout=90_000)
    hidden = region.get_by_role("slider", name=EN["hidden"])
    hidden.focus()
    page.keyboard.press("Home")                     # H = 1
    for _ in range(4):
        page.keyboard.press("ArrowRight")           # H = 5
    expect(hidden).to_have_value("5")
    lam = region.get_by_role("slider", name=EN["lambda"])
    lam.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")           # 0 → 0.0001 → … → 0.01
    expect(lam).to_have_attribute("aria-valuetext", "Weight decay λ = 0.01")
    drop = region.get_by_role("slider", name=EN["dropout"])
    drop.focus()
    page.keyboard.press("ArrowRight")               # p = 0.1
    expect(drop).to_have_attribute("aria-valuetext", "Dropout p = 0.1")
    expect(region.locator(".nbw-overfit__note")).to_have_attribute("data-changed", "true")
    region.get_by_role("button", name=EN["train"]).click()
    expect(region).to_have_attribute("data-running", "true")
    expect(region).to_have_attribute("data-running", "false", timeout=120_000)
    expect(region).to_have_attribute("data-k", "1000")
    results = region.locator(".nbw-overfit__results")
    expect(results).to_have_attribute("data-k", "1000")
    want = overfit_in_cpython(5, 0.01, 0.1)
    assert float(results.get_attribute("data-e-train")) == pytest.approx(want["E_train"], rel=1e-9)
    assert float(results.get_attribute("data-e-test")) == pytest.approx(want["E_test"], rel=1e-9)
    expect(results).to_contain_text(f"Read right: {want['test']} of 99 test images")
    expect(results).to_contain_text(f"{want['train']} of 129 training images")
    expect(region.locator(".nbw-overfit__note")).to_have_text("Curves for 12-5-2, λ = 0.01, p = 0.1; Adam, η = 0.03.")
    # the cells see the same run
    run(page, CELL_RACE, "print(overfit.k, overfit.hidden, overfit.accuracy()['test'])")
    expect(output(page, CELL_RACE)).to_have_text(f"1000 5 ({want['test']}, 99)")


def test_overfitting_stop_stops(page, base_url):
    open_page(page, base_url + "techniques/")
    region = page.get_by_role("region", name=EN["overfit"])
    expect(region).to_have_attribute("data-k", "0", timeout=90_000)
    region.get_by_role("button", name=EN["train"]).click()
    page.wait_for_function("() => +document.querySelector('.nbw-overfit').dataset.k >= 100", timeout=60_000)
    # Stop between two rounds, when no call is in flight and the last answer is drawn: no
    # answer follows it, and the widget must still say where it stopped (CI caught it there)
    page.wait_for_function("""() => {
      const w = document.querySelector('.nbw-overfit');
      if (w.dataset.busy !== 'false' || w.dataset.drawnK !== w.dataset.k) return false;
      [...w.querySelectorAll('button')].find((b) => b.textContent === 'Stop').click();
      return true;
    }""", polling=1, timeout=60_000)
    expect(region).to_have_attribute("data-running", "false")
    expect(region).to_have_attribute("data-busy", "false")     # the last chunk has come back
    k = region.get_attribute("data-k")
    assert int(k) < 1000
    time.sleep(1.0)
    assert region.get_attribute("data-k") == k
    expect(region.get_by_text(f"Stopped at k = {k}.", exact=True)).to_be_visible()


def test_a_setting_changed_during_a_round_reaches_the_next_cell(page, base_url):
    region = start_a_slow_round(page, base_url, "overfit", "overfit", "train")
    hidden = region.get_by_role("slider", name=EN["hidden"])
    hidden.focus()
    page.keyboard.press("ArrowLeft")                             # H = 30 → 29, during the round
    expect(hidden).to_have_value("29")
    run(page, CELL_RACE, "print(overfit.hidden)")                # at once: the cell sees 29
    expect(output(page, CELL_RACE)).to_have_text("29")


# ---- the exercise ---------------------------------------------------------------------------------

NO_BIAS_CORRECTION = """import numpy as np
def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    w = w - lr * m / (np.sqrt(v) + eps)
    return w, m, v
"""


def check(page, L):
    cell(page, EXERCISE_ADAM).get_by_role("button", name=L["check"]).click()
    feedback = cell(page, EXERCISE_ADAM).locator(".nb-feedback")
    expect(feedback).to_have_attribute("data-result", re.compile("pass|fail"), timeout=90_000)
    return feedback


def test_exercise_accepts_the_solution(page, base_url):
    open_page(page, base_url + "techniques/")
    code = show_solution(page, EXERCISE_ADAM)
    set_code(page, EXERCISE_ADAM, "import numpy as np\n" + code)
    feedback = check(page, EN)
    expect(feedback).to_have_attribute("data-result", "pass")


def test_exercise_rejects_adam_without_bias_correction(page, base_url):
    open_page(page, base_url + "techniques/")
    set_code(page, EXERCISE_ADAM, NO_BIAS_CORRECTION)
    feedback = check(page, EN)
    expect(feedback).to_have_attribute("data-result", "fail")
    expect(feedback).to_contain_text("should move every weight by about η = 0.1")
    expect(feedback).to_contain_text("Did you divide m by (1 − β1^t)")


# ---- the Japanese page ------------------------------------------------------------------------------

def test_japanese_page_has_japanese_labels_and_feedback(page, base_url):
    open_page(page, base_url + "ja/techniques/")
    inith = page.get_by_role("region", name=JA["inith"])
    expect(inith.get_by_role("combobox", name=JA["activation"])).to_be_visible()
    expect_histograms(page, JA, "sigmoid", "xavier", 5)      # the menus come with the first answer
    expect(inith.get_by_role("combobox", name=JA["init"])).to_contain_text("Xavier (ゼロから作る)")
    expect(inith.get_by_role("table")).to_contain_text("a′(s) の平均")
    race = page.get_by_role("region", name=JA["race"])
    expect(race.get_by_role("button", name=JA["start"])).to_be_visible()
    expect(race.get_by_role("button", name=JA["reset"])).to_be_visible()
    expect(race.get_by_role("slider", name="最急降下法: C/T のデータでの η")).to_be_visible()
    expect(race.get_by_text(re.compile("^「開始」を押すと"))).to_be_visible()
    overfit = page.get_by_role("region", name=JA["overfit"])
    expect(overfit.get_by_role("button", name=JA["train"])).to_be_visible()
    expect(overfit.get_by_role("slider", name=JA["lambda"])).to_be_visible()
    expect(overfit).to_contain_text("訓練データでの E (129 枚)")
    # the exercise's feedback is Japanese
    set_code(page, EXERCISE_ADAM, NO_BIAS_CORRECTION)
    feedback = check(page, JA)
    expect(feedback).to_have_attribute("data-result", "fail")
    expect(feedback).to_contain_text("ステップの前に m を (1 − β1^t) で")
