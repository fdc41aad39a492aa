"""Chapter 9, the playground: driven as a reader would (by role and name),
compared with nnbook in CPython. A link round-trips exactly; damaged or
hostile links are refused with a message and the page still trains; JSON
export → import round-trips; the Python-cell export rebuilds the same
network; training reaches E < ε with nnbook's numbers; the Japanese page;
keyboard and a 375 px screen."""

import base64
import json
import re

import numpy as np
import pytest
from playwright.sync_api import expect

import nnbook
from nnbook.widgets import playground as pg
from nnbook.widgets import training_run
from helpers import eventually, hold_python, open_page, run

PAGE = "playground/"
SCRATCH = "state"    # the page's last cell: the tests run their own code in it


def root(page):
    return page.locator(".nbw-pg")


def python(page, code):
    """Run code in the page's Python (the scratch cell) and return its last printed line as JSON."""
    c = run(page, SCRATCH, code)
    return json.loads(c.locator(".nb-cell__output").inner_text().strip().splitlines()[-1])


STATE_CODE = ("import json\nfrom nnbook.widgets import playground as pg\n"
              "print(json.dumps(pg.state(globals())))")


def page_state(page):
    return python(page, STATE_CODE)


def b64(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def shown_E(page):
    text = page.locator("[data-value='readout']").inner_text()
    return float(re.search(r"E = ([-\d.e+]+)", text).group(1))


def expect_error_shown(page, E, tol=1e-9):
    """The widget's E (its data-e) is `E` within `tol`, once it has followed the last change."""
    eventually(page, lambda: float(root(page).get_attribute("data-e") or "nan"), lambda shown: abs(shown - E) < tol, E)


def train_until_stopped(page):
    page.get_by_role("button", name="Start", exact=True).click()
    expect(root(page)).to_have_attribute("data-state", re.compile("converged|limit"), timeout=60_000)


def draw_and_add(page, pixels, label_name):
    grid = page.get_by_role("group", name="New training image")
    for k in pixels:
        grid.get_by_role("button", name=f"pixel x{k}", exact=True).click()
    page.get_by_role("radio", name=label_name).check()
    page.get_by_role("button", name="Add to the training set").click()


def set_number(page, label, value):
    box = page.get_by_label(label, exact=True)
    box.fill(str(value))
    box.press("Tab")


# ---- tests ----------------------------------------------------------------------------------

SETTING_LABELS = {"hidden": "Hidden units", "activation": "Activation a (hidden layer)", "method": "Gradient method",
                  "lr": "Step size η", "init": "Initial weights w₀", "seed": "Seed",
                  "epsilon": "ε (stop when E < ε)", "max_iter": "Iteration limit"}


def status(page):
    return root(page).locator(".nbw-tr__status")


def test_training_reaches_epsilon_with_nnbooks_numbers(first_visit_page, base_url):
    page = first_visit_page
    # while Python loads: nnbook's default settings (from the build), greyed
    release = hold_python(page)
    page.goto(base_url + PAGE)
    expect(root(page)).to_have_attribute("data-state", "waiting", timeout=60_000)   # (its chunk loads first)
    for key, label in SETTING_LABELS.items():
        v = pg.SETTINGS[key]
        box = page.get_by_label(label, exact=not isinstance(v, str))      # a menu's name holds its choice too
        expect(box).to_have_value(v if isinstance(v, str) else f"{v:g}")
    lr = page.get_by_label("Step size η", exact=True)
    grey = lr.evaluate("e => getComputedStyle(e).color")
    assert release() >= 1
    open_page(page, base_url + PAGE)                                   # (the same page, now with Python)
    assert lr.evaluate("e => getComputedStyle(e).color") != grey
    # the chart: E(w0) drawn inside the plot, its labels as large as the trainer's (≥ 12 px)
    chart = root(page).locator("svg.nb-chart")
    dot = chart.locator("circle.nb-chart__dot")
    expect(dot).to_have_attribute("visibility", "visible")
    grid = chart.locator(".nb-chart__axes line[stroke-opacity='0.12']").evaluate_all(
        "ls => ls.map((l) => Number(l.getAttribute('y1')))")
    assert 10 <= float(dot.get_attribute("cy")) <= 170 and min(grid) <= float(dot.get_attribute("cy"))
    box = chart.bounding_box()
    assert box["width"] / 320 * 9 >= 12, box                          # 9-unit tick labels, scaled
    train_until_stopped(page)
    expect(root(page)).to_have_attribute("data-state", "converged")
    X, T, _ = nnbook.data.slide_images()
    net = nnbook.Network(sizes=(12, 3, 2), seed=0)
    history = nnbook.train(net, X, T, optimizer="sd", lr=2.0, epsilon=0.01, max_iter=5000)
    assert int(root(page).get_attribute("data-k")) == history.iterations
    E = float(root(page).get_attribute("data-e"))
    assert abs(E - history.E[-1]) < 1e-9 and E < 0.01
    assert abs(shown_E(page) - history.E[-1]) < 1e-9
    expect(page.get_by_text("9 images; 9 of 9 read right.")).to_be_visible()
    state = page_state(page)
    np.testing.assert_allclose(state["w"], net.w, rtol=0, atol=1e-9)
    # converged: the page says how to go on, and a smaller ε goes on from these weights
    expect(status(page)).to_contain_text("To go further, set a smaller ε")
    set_number(page, SETTING_LABELS["epsilon"], 0.001)
    expect(root(page)).to_have_attribute("data-k", "0")
    further = nnbook.train(net, X, T, optimizer="sd", lr=2.0, epsilon=0.001, max_iter=5000)
    train_until_stopped(page)
    expect(root(page)).to_have_attribute("data-state", "converged")
    assert int(root(page).get_attribute("data-k")) == further.iterations
    # Adam brings its own η from nnbook, and the page says so; from w0 (Reset) it trains to ε
    adam = nnbook.optimizers.STEP_SIZES["adam"]
    page.get_by_label("Gradient method").select_option("adam")
    expect(lr).to_have_value(f"{adam:g}")
    expect(root(page).locator("[data-value='lr-note']")).to_contain_text(
        f"η set to {adam:g}, a good step size for Adam")
    root(page).get_by_role("button", name="Reset", exact=True).click()
    expect(root(page)).to_have_attribute("data-k", "0")
    with_adam = nnbook.train(nnbook.Network(sizes=(12, 3, 2), seed=0), X, T, optimizer="adam", lr=adam,
                             epsilon=0.001, max_iter=5000)
    train_until_stopped(page)
    expect(root(page)).to_have_attribute("data-state", "converged")
    assert int(root(page).get_attribute("data-k")) == with_adam.iterations
    assert float(root(page).get_attribute("data-e")) < 0.001
    # Adam with η = 2 saturates the units and E stalls: said in words, with what to do
    set_number(page, "Step size η", 2)
    root(page).get_by_role("button", name="Reset", exact=True).click()
    expect(root(page)).to_have_attribute("data-k", "0")
    stuck = training_run.Run({"method": "adam", "lr": 2.0, "epsilon": 0.001})
    stuck.advance(5000)
    assert training_run.stalled(stuck)                                 # nnbook's verdict in CPython
    train_until_stopped(page)
    expect(root(page)).to_have_attribute("data-state", "limit")
    expect(status(page)).to_contain_text("saturated")
    expect(status(page)).to_contain_text("Press Reset for new initial weights, or try a smaller η")
    assert page.recorder.errors == []


def test_a_link_round_trips_data_settings_and_weights(page, base_url, context):
    open_page(page, base_url + PAGE)
    draw_and_add(page, [1, 2, 3, 5, 8, 11], "T, t = (0, 1)")          # a T
    expect(page.get_by_text(re.compile(r"^10 images;"))).to_be_visible()
    set_number(page, "Hidden units", 4)
    page.get_by_label("Gradient method").select_option("adam")
    expect(page.get_by_label("Step size η", exact=True)).to_have_value(f"{nnbook.optimizers.STEP_SIZES['adam']:g}")
    set_number(page, "Step size η", 0.02)
    set_number(page, "Seed", 2)
    set_number(page, "Iteration limit", 40)
    expect(page.get_by_label("Hidden units", exact=True)).to_have_value("4")
    train_until_stopped(page)
    page.get_by_role("button", name="Copy link").click()
    field = page.get_by_label("Link to this state")
    expect(field).to_have_value(re.compile("^" + re.escape(base_url + PAGE + "#s=")))
    link = field.input_value()
    expect(page).to_have_url(link)
    encoded = pg.decode(link.split("#s=", 1)[1])
    assert len(encoded["images"]) == 10 and encoded["images"][-1] == [0b111010010010, "T"]
    assert (encoded["hidden"], encoded["method"], encoded["lr"], encoded["seed"], encoded["max_iter"]) \
        == (4, "adam", 0.02, 2, 40)

    other = context.new_page()
    try:
        open_page(other, link)
        restored = page_state(other)
        assert restored["images"] == encoded["images"] and restored["x"] == encoded["x"]
        assert {k: restored[k] for k in pg.SETTINGS} == {k: encoded[k] for k in pg.SETTINGS}
        assert np.array_equal(restored["w"], encoded["w"])          # exactly the encoded numbers
        expect(other.get_by_label("Hidden units", exact=True)).to_have_value("4")
        expect(other.get_by_label("Gradient method")).to_have_value("adam")
        expect(other.locator(".nbw-pg__images > li")).to_have_count(10)
        X, T = pg.data_arrays(encoded["images"])
        E = pg.build_network(encoded).error(X, T)
        expect_error_shown(other, E)
        assert other.url == link                                  # the address is left as it was
    finally:
        other.close()


def good_link():
    return pg.encode(pg.load({}, pg.default_state()))


def state_text(**changes):
    return json.dumps({**pg.default_state(), **changes})


BAD_LINKS = {
    "garbage": "%%%not*base64%%%",
    "truncated": good_link()[:41],
    "not json": b64("hello, world"),
    "wrong length": b64(state_text(w=[0.5] * 46)),
    "NaN": b64(state_text().replace('"lr": 2.0', '"lr": NaN')),
    "script in a string": b64(state_text(images=[[1827, "<img src=x onerror=alert(1)>"]])),
    "script as a key": b64(state_text().replace('"v": 1', '"<img src=x onerror=alert(1)>": 1, "v": 1')),
    "huge": b64(state_text(images=[[1, "C"]] * 5000)),
}


@pytest.mark.parametrize("case", list(BAD_LINKS))
def test_a_bad_link_is_refused_and_the_page_still_trains(page, base_url, case):
    open_page(page, base_url + PAGE + "#s=" + BAD_LINKS[case])
    error = page.get_by_role("alert")
    expect(error).to_contain_text("This link could not be loaded")
    expect(error).to_contain_text("default state")
    assert page.locator("img[src='x']").count() == 0
    assert page.locator(".nbw-pg img").count() == 0
    expect(page.locator(".nbw-pg__images > li")).to_have_count(9)      # the default state
    train_until_stopped(page)
    expect(root(page)).to_have_attribute("data-state", "converged")
    assert page.recorder.dialogs == [] and page.recorder.errors == []


def test_json_export_then_import_round_trips(page, base_url, tmp_path):
    open_page(page, base_url + PAGE)
    set_number(page, "Iteration limit", 25)
    page.get_by_label("Activation a (hidden layer)").select_option("tanh")
    train_until_stopped(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download JSON").click()
    path = tmp_path / "playground.json"
    info.value.save_as(path)
    exported = json.loads(path.read_text())
    assert exported == page_state(page)                          # exact weights
    page.get_by_role("group", name="Playground").get_by_role("button", name="Reset").click()
    expect(root(page)).to_have_attribute("data-state", "idle")
    assert page_state(page)["w"] != exported["w"]
    page.get_by_label("Import a JSON file").set_input_files(str(path))
    expect(page.get_by_text("Imported.")).to_be_visible()
    assert page_state(page) == exported
    E = nnbook.Network(sizes=(12, 3, 2), activation=["tanh", "sigmoid"], w=exported["w"]).error(
        *pg.data_arrays(exported["images"]))
    expect(root(page)).to_have_attribute("data-state", "idle")
    expect_error_shown(page, E, 1e-12)
    # pasted text: the same checks
    page.get_by_label("Or paste JSON here").fill(json.dumps({**exported, "hidden": "<b>3</b>"}))
    page.get_by_role("button", name="Import pasted JSON").click()
    expect(page.get_by_role("alert")).to_contain_text("could not be imported")
    assert page_state(page) == exported
    assert page.recorder.errors == []


def test_the_python_cell_rebuilds_the_playgrounds_network(page, base_url):
    open_page(page, base_url + PAGE)
    set_number(page, "Hidden units", 5)
    page.get_by_label("Activation a (hidden layer)").select_option("relu")
    page.get_by_label("Initial weights w₀").select_option("he")
    set_number(page, "Iteration limit", 30)
    train_until_stopped(page)
    rebuild = page.get_by_label("Python code that rebuilds the network with nnbook")
    expect(rebuild).to_have_value(re.compile(re.escape('net = nnbook.Network(sizes=(12, 5, 2), activation=["relu", "sigmoid"])')))
    code = rebuild.input_value()
    before = python(page, "import json\nprint(json.dumps(net.forward(X).tolist()))")
    after = python(page, code + "import json\nprint(json.dumps(net.forward(X).tolist()))")
    assert after == before                                       # exactly the same z
    state = page_state(page)
    X, _ = pg.data_arrays(state["images"])
    np.testing.assert_allclose(pg.build_network(state).forward(X), after, rtol=0, atol=1e-12)


def test_cells_and_playground_share_net_X_T(page, base_url):
    open_page(page, base_url + PAGE)
    run(page, "imports")
    run(page, "add-square-c")                                     # adds the square C
    expect(page.locator(".nbw-pg__images > li")).to_have_count(10)
    expect(page.get_by_role("button", name="Remove image 10")).to_be_visible()
    page.get_by_role("button", name="Remove image 10").click()
    expect(page.locator(".nbw-pg__images > li")).to_have_count(9)
    assert python(page, "print(len(X))") == 9
    # back to the slides' nine: asked in the page first; "Keep" loses nothing, "Replace" replaces
    draw_and_add(page, [1, 2, 3, 5, 8, 11], "T, t = (0, 1)")
    expect(page.locator(".nbw-pg__images > li")).to_have_count(10)
    page.get_by_role("button", name="Replace the training set with the slides' nine images…").click()
    ask = page.get_by_role("group", name=re.compile("Replace the 10 images of the training set"))
    expect(ask).to_be_visible()
    expect(ask.get_by_role("button", name="Keep my images")).to_be_focused()
    ask.get_by_role("button", name="Keep my images").click()
    expect(ask).to_be_hidden()
    expect(page.locator(".nbw-pg__images > li")).to_have_count(10)
    page.get_by_role("button", name="Replace the training set with the slides' nine images…").click()
    ask.get_by_role("button", name="Replace them").click()
    expect(page.locator(".nbw-pg__images > li")).to_have_count(9)
    assert page_state(page)["images"] == pg.default_state()["images"]
    assert page.recorder.dialogs == []
    python(page, "playground['lr'] = 0.5\nprint(1)")
    expect(page.get_by_label("Step size η", exact=True)).to_have_value("0.5")
    python(page, "X = X * 2\nprint(1)")                           # pixels 0/2: refused
    expect(page.get_by_role("alert")).to_contain_text("X and T")


def test_japanese_page(page, base_url):
    open_page(page, base_url + "ja/" + PAGE + "#s=" + BAD_LINKS["wrong length"])
    expect(page.get_by_role("alert")).to_contain_text("このリンクは読み込めません")
    for name in ("開始", "一時停止", "リセット", "リンクをコピー", "JSON をダウンロード", "訓練データに追加"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="訓練データ")).to_be_visible()
    expect(page.get_by_label("勾配法")).to_be_visible()
    expect(page.get_by_text("画像 9: どちらでもない")).to_be_visible()
    page.get_by_role("button", name="開始", exact=True).click()
    expect(root(page)).to_have_attribute("data-state", "converged", timeout=60_000)
    expect(page.get_by_text(re.compile("収束しました"))).to_be_visible()


def test_keyboard_only_on_a_375px_screen(page, base_url):
    page.set_viewport_size({"width": 375, "height": 800})
    open_page(page, base_url + PAGE)
    widths = page.evaluate("""() => { const r = document.querySelector('.nbw-pg');
        return [r.scrollWidth, r.clientWidth, document.documentElement.scrollWidth]; }""")
    assert widths[0] <= widths[1] + 1 and widths[2] <= 376, widths
    panels = page.locator(".nbw-pg__panel")
    boxes = [panels.nth(i).bounding_box() for i in range(panels.count())]
    assert all(b["width"] <= 375 for b in boxes)
    assert all(a["y"] + a["height"] <= b["y"] + 1 for a, b in zip(boxes, boxes[1:]))   # stacked
    grid = page.get_by_role("group", name="New training image")
    grid.get_by_role("button", name="pixel x1", exact=True).focus()
    for key in ["Space", "ArrowRight", "Space", "ArrowRight", "Space", "ArrowDown", "Space"]:
        page.keyboard.press(key)
    page.get_by_role("radio", name="neither, t = (0, 0)").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Add to the training set").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".nbw-pg__images > li")).to_have_count(10)
    assert python(page, "print(X[-1].tolist() + T[-1].tolist())") == \
        [1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    page.get_by_role("button", name="Start", exact=True).focus()
    page.keyboard.press("Enter")
    expect(root(page)).to_have_attribute("data-state", re.compile("converged|limit"), timeout=60_000)


# ---- the kit: a change made during a slow round, a second link, a missing runtime --------------------

def test_a_setting_changed_during_a_slow_round_is_seen_by_a_cell_run_at_once(page, base_url):
    open_page(page, base_url + PAGE)
    run(page, SCRATCH, "import time, nnbook.widgets.playground as widget\n"
        "quick = getattr(widget, '_quick_request', widget.request)\nwidget._quick_request = quick\n"
        "def slow(*args, **kwargs):\n    time.sleep(3)\n    return quick(*args, **kwargs)\n"
        "widget.request = slow\nprint('slow')")
    from helpers import set_code
    set_code(page, SCRATCH, "print(playground['lr'])")
    set_number(page, "Step size η", 0.5)                          # a slow round is in flight …
    set_number(page, "Step size η", 0.25)                         # … and this change waits for it
    c = run(page, SCRATCH)                                        # at once: the cell sees the new η
    expect(c.locator(".nb-cell__output")).to_have_text("0.25")
    expect(page.get_by_label("Step size η", exact=True)).to_have_value("0.25")


def test_following_another_link_on_the_open_page_loads_it_or_says_why_not(page, base_url):
    open_page(page, base_url + PAGE)
    state = {**pg.default_state(), "hidden": 4, "method": "adam", "lr": 0.05, "seed": 2,
             "images": pg.default_state()["images"][:5]}
    link = base_url + PAGE + "#s=" + pg.encode(state)
    page.goto(link)                                               # the same page: only the hash changes
    expect(page.get_by_label("Hidden units", exact=True)).to_have_value("4")
    expect(page.get_by_label("Gradient method")).to_have_value("adam")
    expect(page.locator(".nbw-pg__images > li")).to_have_count(5)
    loaded = page_state(page)
    assert {k: loaded[k] for k in pg.SETTINGS} == {k: state[k] for k in pg.SETTINGS}
    assert loaded["images"] == state["images"]
    X, T = pg.data_arrays(state["images"])
    E = pg.build_network(state).error(X, T)
    expect_error_shown(page, E)
    page.goto(base_url + PAGE + "#s=" + BAD_LINKS["wrong length"])     # a bad one: said, nothing changes
    error = page.get_by_role("alert")
    expect(error).to_contain_text("This link could not be loaded")
    expect(error).to_contain_text("keeps its current state")
    assert page_state(page) == loaded
    assert page.recorder.errors == []


def test_a_missing_runtime_is_said_in_words(page, broken_url):
    page.goto(broken_url + PAGE)
    expect(root(page)).to_have_attribute("data-state", "error", timeout=60_000)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The playground cannot start:")
    text = alert.inner_text()
    assert "undefined" not in text and "?" not in text
    assert "waiting for Python" not in root(page).inner_text()
