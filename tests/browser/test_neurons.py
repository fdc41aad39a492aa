"""Chapter 1: the neuron explorer, driven like a reader (keyboard, presets,
activation choice), compared with nnbook computed here in CPython; the
variable `neuron` shared with the cells; the exercises; the Japanese page."""


import pytest
from playwright.sync_api import expect

import nnbook
from nnbook.widgets import neuron_explorer as nw
from helpers import cell, check, eventually, hold_python, open_page, output, run, set_code, show_solution

RADIO = {"step": "step", "sigmoid": "sigmoid σ", "tanh": "tanh", "relu": "ReLU R", "identity": "identity"}
# cell ids in the Markdown (the same on both pages)
CELL_SET, CELL_READ, EXERCISE_S, EXERCISE_NOR = "set-neuron", "read-neuron", "s-by-hand", "nor"


def number(text):
    return float(text.strip().replace("−", "-"))


def wait_number(locator, expected, tol=5e-5):
    """Wait until `locator` shows a number within `tol` of `expected`."""
    def shown():
        try:
            return number(locator.text_content() or "")
        except ValueError:
            return None
    eventually(locator.page, shown, lambda v: v is not None and abs(v - expected) <= tol, f"{expected!r} (± {tol})")


def explorer(page, name="Neuron explorer"):
    return page.get_by_role("group", name=name, exact=True)


def slider(widget, name):
    return widget.get_by_role("slider", name=name, exact=True)


def unit_in_widget(widget, threshold="θ (threshold)"):
    """(w, x) as the explorer's sliders hold them: w = (w1, w2, θ), x = (x1, x2)."""
    x = [float(slider(widget, n).input_value()) for n in ("x1", "x2")]
    w = [float(slider(widget, n).input_value()) for n in ("w1", "w2")]
    w.append(float(slider(widget, threshold).input_value()))
    return w, x


def expect_shows(widget, w, x, activation):
    """The explorer shows nnbook's s, y and truth table for this unit."""
    s = nnbook.weighted_sum(w, x)
    wait_number(widget.locator(".nbw-neuron__s"), s)
    wait_number(widget.locator(".nbw-neuron__y"), nnbook.unit_output(w, x, activation))
    rows = widget.locator("table tbody tr")
    expected = nw.truth_table(w, activation)
    expect(rows).to_have_count(len(expected))
    for i, row in enumerate(expected):
        cells = [number(t) for t in rows.nth(i).locator("td").all_text_contents()]
        assert cells[:-2] == row["x"]
        assert cells[-2] == pytest.approx(row["s"], abs=5e-5)
        assert cells[-1] == pytest.approx(row["y"], abs=5e-5)


def test_a_cold_visit_draws_the_unit_before_python_answers(first_visit_page, base_url):
    page = first_visit_page
    release = hold_python(page)
    page.goto(base_url + "neurons/")
    widget = page.get_by_role("group", name="Neuron explorer", exact=True)
    # the build's starting unit (AND, x = (1, 1)), drawn whole: diagram, formula, truth table
    unit = nw.default_neuron()
    diagram = widget.locator("svg.nbw-neuron__diagram")
    expect(diagram.locator("circle")).to_have_count(len(unit["x"]) + 2)      # inputs, the −1 input, the unit
    expect(diagram).to_contain_text("y = 1")
    expect_shows(widget, unit["w"], unit["x"], unit["activation"])
    expect(widget.locator(".nbw-neuron__gate-name")).to_have_text("AND")
    expect(slider(widget, "w1")).to_be_disabled()                          # nothing to move until Python is there
    assert release() >= 1                                                  # Python really was held back
    expect(slider(widget, "w1")).to_be_enabled(timeout=180_000)
    expect(widget.locator(".nbw-neuron__gate-name")).to_have_text("AND")   # nothing flipped


def test_sliders_by_keyboard_and_every_activation_match_nnbook(page, base_url):
    widget = explorer(open_page(page, base_url + "neurons/"))
    expect(widget.get_by_role("radio", name="step", exact=True)).to_be_checked()
    w1 = slider(widget, "w1")
    w1.focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")          # 1 → 0.7
    expect(w1).to_have_value("0.7")
    slider(widget, "θ (threshold)").focus()
    page.keyboard.press("ArrowRight")             # 1.5 → 1.6
    slider(widget, "x2").focus()
    for _ in range(4):
        page.keyboard.press("ArrowLeft")          # 1 → 0.6
    w, x = unit_in_widget(widget)
    assert w == [0.7, 1.0, 1.6] and x == [1.0, 0.6]
    expect_shows(widget, w, x, "step")
    result = widget.get_by_role("group", name="Result")
    expect(result).to_contain_text("= 0.7·1 + 1·0.6 − 1.6 =")

    # the radios by keyboard: from step, ArrowRight selects sigmoid
    widget.get_by_role("radio", name="step", exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect(widget.get_by_role("radio", name=RADIO["sigmoid"])).to_be_checked()
    expect_shows(widget, w, x, "sigmoid")
    expect(result).to_contain_text("y = σ(s) = σ(")
    for activation in ("tanh", "relu", "identity"):
        widget.get_by_role("radio", name=RADIO[activation], exact=True).check()
        expect_shows(widget, w, x, activation)


def test_presets_set_and_or_not(page, base_url):
    widget = explorer(open_page(page, base_url + "neurons/"))
    gate = widget.locator(".nbw-neuron__gate-name")
    widget.get_by_role("radio", name=RADIO["tanh"]).check()
    expect(widget).to_contain_text("it is no logic gate")

    widget.get_by_role("button", name="Preset OR").click()
    expect(gate).to_have_text("OR")
    expect(widget.get_by_role("radio", name="step", exact=True)).to_be_checked()
    w, x = unit_in_widget(widget)
    assert w == nw.PRESETS["OR"]["w"]
    expect_shows(widget, w, x, "step")

    widget.get_by_role("button", name="Preset NOT").click()
    expect(gate).to_have_text("NOT x1")
    expect(widget.get_by_role("radio", name="1 input")).to_be_checked()
    expect(slider(widget, "x2")).to_be_hidden()
    expect(slider(widget, "w2")).to_be_hidden()
    w = [float(slider(widget, n).input_value()) for n in ("w1", "θ (threshold)")]
    assert w == nw.PRESETS["NOT"]["w"]
    expect_shows(widget, w, [float(slider(widget, "x1").input_value())], "step")

    widget.get_by_role("button", name="Preset AND").click()
    expect(gate).to_have_text("AND")
    expect(slider(widget, "x2")).to_be_visible()
    w, x = unit_in_widget(widget)
    assert w == nw.PRESETS["AND"]["w"]
    expect_shows(widget, w, x, "step")


def test_a_cell_that_sets_neuron_moves_the_widget(page, base_url):
    widget = explorer(open_page(page, base_url + "neurons/"))
    run(page, CELL_SET)        # neuron = {"x": [1, 1], "w": [0.5, 0.5, 0.8], "activation": "sigmoid"}
    expect(widget.get_by_role("radio", name=RADIO["sigmoid"])).to_be_checked()
    expect(slider(widget, "w1")).to_have_value("0.5")
    expect(slider(widget, "θ (threshold)")).to_have_value("0.8")
    expect_shows(widget, [0.5, 0.5, 0.8], [1, 1], "sigmoid")

    run(page, CELL_SET, 'neuron = {"x": [0], "w": [-2, -1.2], "activation": "relu"}')
    expect(widget.get_by_role("radio", name="1 input")).to_be_checked()
    expect(slider(widget, "x2")).to_be_hidden()
    expect_shows(widget, [-2, -1.2], [0], "relu")


def test_the_widget_writes_neuron_for_the_cells(page, base_url):
    widget = explorer(open_page(page, base_url + "neurons/"))
    slider(widget, "w2").focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")          # 1 → 0.7
    widget.get_by_role("radio", name=RADIO["tanh"]).check()
    w, x = unit_in_widget(widget)
    expect_shows(widget, w, x, "tanh")            # the widget is done writing
    run(page, CELL_READ)
    s, y = nnbook.weighted_sum(w, x), nnbook.unit_output(w, x, "tanh")
    expect(output(page, CELL_READ)).to_contain_text(
        f"{{'x': {x}, 'w': {w}, 'activation': 'tanh'}}")
    expect(output(page, CELL_READ)).to_contain_text(f"s = {s:.4f},  y = {y:.4f}")


def test_a_move_made_while_python_is_busy_reaches_the_cell_run_next(page, base_url):
    """A reader moves a slider while a slow cell runs, then runs another cell at once. The
    explorer holds back all but one change while Python is busy; Run makes it send them
    first, so the cell sees the slider's last value, not a middle one."""
    widget = explorer(open_page(page, base_url + "neurons/"))
    set_code(page, CELL_SET, "import time\ntime.sleep(2)")
    cell(page, CELL_SET).get_by_role("button", name="Run", exact=True).click()
    expect(cell(page, CELL_SET)).to_have_attribute("data-state", "running")
    slider(widget, "w2").focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")          # 1 → 0.7 while Python sleeps
    cell(page, CELL_READ).get_by_role("button", name="Run", exact=True).click()
    expect(cell(page, CELL_READ)).to_have_attribute("data-state", "done", timeout=90_000)
    w, x = unit_in_widget(widget)
    assert w[1] == 0.7
    expect(output(page, CELL_READ)).to_contain_text(f"'w': {w}")


def test_a_bad_neuron_from_a_cell_is_reported_then_recovered(page, base_url):
    widget = explorer(open_page(page, base_url + "neurons/"))
    run(page, CELL_SET, 'neuron = {"x": [1, 0, 1], "w": [1, 1, 1, 1]}')
    alert = widget.get_by_role("alert")
    expect(alert).to_contain_text("Python says:")
    expect(alert).to_contain_text("1 or 2 inputs")
    run(page, CELL_SET, 'neuron = {"x": [0, 1], "w": [1, 1, 0.5], "activation": "step"}')
    expect(alert).to_have_count(0)              # an empty alert is not shown
    expect(widget.locator(".nbw-neuron__gate-name")).to_have_text("OR")


def test_exercise_s_by_hand(page, base_url):
    page.goto(base_url + "neurons/")
    set_code(page, EXERCISE_S, "s = 2 * 1 + (-1) * 3 + 0.5\ny = 0")     # adds θ
    feedback = check(page, EXERCISE_S)
    expect(feedback).to_have_attribute("data-result", "fail")
    expect(feedback).to_contain_text("is what you get by adding θ")
    set_code(page, EXERCISE_S, "s = -1.5\ny = 1")                       # fires anyway
    expect(check(page, EXERCISE_S)).to_contain_text("so the step function gives y = 0, not 1")
    set_code(page, EXERCISE_S, show_solution(page, EXERCISE_S))
    feedback = check(page, EXERCISE_S)
    expect(feedback).to_have_attribute("data-result", "pass")
    expect(feedback).to_have_text("✓ Correct!")


def test_exercise_nor(page, base_url):
    page.goto(base_url + "neurons/")
    set_code(page, EXERCISE_NOR, "w_nor = [1, 1, 0.5]")                # OR, not NOR
    feedback = check(page, EXERCISE_NOR)
    expect(feedback).to_have_attribute("data-result", "fail")
    expect(feedback).to_contain_text("for x = (0, 0) your unit gives y = 0, but NOR gives 1")
    set_code(page, EXERCISE_NOR, show_solution(page, EXERCISE_NOR))
    feedback = check(page, EXERCISE_NOR)
    expect(feedback).to_have_attribute("data-result", "pass")


def test_japanese_page_has_japanese_labels_and_feedback(page, base_url):
    widget = explorer(open_page(page, base_url + "ja/neurons/"), name="ニューロン・エクスプローラー")
    expect(widget).to_contain_text("共有する Python の変数:")
    expect(widget.get_by_role("group", name="結果")).to_be_visible()
    for name in ("ステップ関数", "シグモイド関数 σ", "恒等関数"):
        expect(widget.get_by_role("radio", name=name)).to_be_visible()
    expect(widget.get_by_role("radio", name="入力 2 個")).to_be_checked()
    theta = slider(widget, "θ (閾値)")
    theta.focus()
    page.keyboard.press("ArrowLeft")              # 1.5 → 1.4
    w, x = unit_in_widget(widget, threshold="θ (閾値)")
    expect_shows(widget, w, x, "step")
    widget.get_by_role("button", name="プリセット NOT").click()
    expect(widget.locator(".nbw-neuron__gate")).to_contain_text("入力が 0 と 1 のとき、このユニットが計算するのは:")
    expect(widget.locator(".nbw-neuron__gate-name")).to_have_text("NOT x1")
    expect(widget.get_by_role("table")).to_contain_text("真理値表")

    set_code(page, EXERCISE_NOR, "w_nor = [1, 1, 0.5]")
    feedback = check(page, EXERCISE_NOR)
    expect(feedback).to_have_text("✗ まだです: x = (0, 0) のとき、あなたのユニットは y = 0 ですが、NOR は 1 です")
    set_code(page, EXERCISE_S, "s = 2 * 1 + (-1) * 3 + 0.5\ny = 0")
    expect(check(page, EXERCISE_S)).to_contain_text("θ を足したときの値です")
    set_code(page, EXERCISE_S, show_solution(page, EXERCISE_S))
    expect(check(page, EXERCISE_S)).to_have_text("✓ 正解です!")
