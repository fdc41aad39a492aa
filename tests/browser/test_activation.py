"""Chapter 2: the activation plot, driven like a reader (keyboard on the
focusable plot, hover, function choice), compared with nnbook computed here
in CPython; the variable `activation_plot` shared with the cells; the
exercises; the Japanese page."""

import re

import numpy as np
import pytest
from playwright.sync_api import expect

import nnbook
from helpers import check, open_page, output, run, set_code, show_solution

TITLE = "Activation functions and their derivatives"
CURSOR = "Cursor position s"
RADIO = {"sigmoid": "sigmoid σ", "tanh": "tanh", "relu": "ReLU R", "step": "step"}
# cell ids in the Markdown (the same on both pages)
CELL_SET, CELL_READ, EXERCISE_SIGMOID, EXERCISE_RELU = (
    "set-activation-plot", "read-activation-plot", "sigmoid-prime", "relu-prime")


def number(text):
    return float(text.strip().replace("−", "-"))


def plot(page, title=TITLE):
    return page.get_by_role("group", name=title, exact=True)


def expect_values(widget, activation, s):
    """The readout shows s and nnbook's a(s), a′(s) for this function."""
    a = nnbook.activation(activation)
    expect(widget.locator(".nbw-aplot__s")).to_have_text(f"{s:.2f}".replace("-", "−"))
    shown_s = number(widget.locator(".nbw-aplot__s").text_content())
    for cls, want in ((".nbw-aplot__a", a(shown_s)), (".nbw-aplot__da", a.derivative(shown_s))):
        text = f"{float(want):.4f}"
        text = text[1:] if re.fullmatch(r"-0\.0+", text) else text
        expect(widget.locator(cls)).to_have_text(text.replace("-", "−"))
    # the plot is a slider: its value is the cursor's s (as JavaScript writes it)
    now = str(int(s)) if s == int(s) else repr(s)
    expect(widget.locator(".nbw-aplot__plot")).to_have_attribute("aria-valuenow", now)


def test_keyboard_moves_the_cursor_and_values_match_nnbook(page, base_url):
    widget = plot(open_page(page, base_url + "activation/"))
    expect(widget.get_by_role("radio", name=RADIO["sigmoid"])).to_be_checked()
    expect_values(widget, "sigmoid", 0.0)
    cursor = widget.get_by_role("slider", name=CURSOR)
    cursor.focus()
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    expect_values(widget, "sigmoid", 0.7)
    page.keyboard.press("PageUp")
    expect_values(widget, "sigmoid", 1.7)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowDown")
    expect_values(widget, "sigmoid", 1.5)
    page.keyboard.press("Home")
    expect_values(widget, "sigmoid", -5.0)
    page.keyboard.press("PageDown")               # stays at the end
    expect_values(widget, "sigmoid", -5.0)
    page.keyboard.press("End")
    expect_values(widget, "sigmoid", 5.0)
    for _ in range(3):
        page.keyboard.press("PageDown")           # 2.0
    page.keyboard.press("ArrowLeft")              # 1.9
    sigmoid = nnbook.activation("sigmoid")
    expect(cursor).to_have_attribute(
        "aria-valuetext", f"s = 1.90, a(s) = {float(sigmoid(1.9)):.4f}, a′(s) = {float(sigmoid.derivative(1.9)):.4f}")

    widget.get_by_role("radio", name=RADIO["tanh"]).check()
    expect_values(widget, "tanh", 1.9)
    page.keyboard.press("ArrowRight")             # radios by keyboard: tanh → ReLU
    expect(widget.get_by_role("radio", name=RADIO["relu"])).to_be_checked()
    expect_values(widget, "relu", 1.9)
    widget.get_by_role("radio", name=RADIO["step"], exact=True).check()
    cursor.focus()
    for _ in range(21):
        page.keyboard.press("ArrowLeft")          # 1.9 → −0.2
    expect_values(widget, "step", -0.2)


def test_hovering_moves_the_cursor(page, base_url):
    widget = plot(open_page(page, base_url + "activation/"))
    widget.get_by_role("radio", name=RADIO["tanh"]).check()
    box = widget.locator(".nbw-aplot__plot svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    s_text = widget.locator(".nbw-aplot__s")
    expect(s_text).not_to_have_text("0.00")
    s = number(s_text.text_content())
    assert 2 < s < 4
    expect_values(widget, "tanh", s)
    page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] / 2)
    expect(s_text).to_have_text(re.compile("^−"))
    expect_values(widget, "tanh", number(s_text.text_content()))


def _points(polyline):
    return np.array([[float(v) for v in p.split(",")] for p in polyline.get_attribute("points").split()])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "step"])
def test_the_curves_are_nnbooks_a_and_derivative(page, base_url, activation):
    """Up to the plot's scaling, the drawn points are nnbook's values at s = k/20."""
    widget = plot(open_page(page, base_url + "activation/"))
    widget.get_by_role("radio", name=RADIO[activation], exact=True).check()
    a = nnbook.activation(activation)
    s = np.arange(-100, 101) / 20
    for cls, values, pieces in (("curve-a", a(s), 2 if activation == "step" else 1),
                                ("curve-da", a.derivative(s), 2 if activation == "relu" else 1)):
        lines = widget.locator(f"polyline.{cls}")
        expect(lines).to_have_count(pieces)            # broken where the function jumps
        xy = np.vstack([_points(lines.nth(i)) for i in range(pieces)])
        assert len(xy) == len(s)
        for column, truth in ((0, s), (1, values)):
            # a linear map from value to pixel: fit it on two points, check all
            i, j = int(np.argmin(truth)), int(np.argmax(truth))
            if truth[i] == truth[j]:
                assert np.ptp(xy[:, column]) == 0
                continue
            scale = (xy[j, column] - xy[i, column]) / (truth[j] - truth[i])
            predicted = xy[i, column] + scale * (truth - truth[i])
            assert np.max(np.abs(predicted - xy[:, column])) < 0.02


def test_relu_and_step_at_zero_say_what_nnbook_uses(page, base_url):
    widget = plot(open_page(page, base_url + "activation/"))
    widget.get_by_role("radio", name=RADIO["relu"]).check()
    expect_values(widget, "relu", 0.0)
    expect(widget.locator(".nbw-aplot__da")).to_have_text("0.0000")
    expect(widget).to_contain_text("subdifferential there is [0, 1]; nnbook uses R′(0) = 0.")
    widget.get_by_role("radio", name=RADIO["step"], exact=True).check()
    expect(widget).to_contain_text("no derivative there; nnbook returns 0")
    widget.get_by_role("slider", name=CURSOR).focus()
    page.keyboard.press("ArrowRight")
    expect_values(widget, "step", 0.1)
    expect(widget.locator(".nbw-aplot__note")).to_be_empty()


def test_a_cell_that_sets_activation_plot_moves_the_widget(page, base_url):
    widget = plot(open_page(page, base_url + "activation/"))
    run(page, CELL_SET)        # activation_plot = {"activation": "tanh", "s": 1.0}
    expect(widget.get_by_role("radio", name=RADIO["tanh"])).to_be_checked()
    expect_values(widget, "tanh", 1.0)
    run(page, CELL_SET, 'activation_plot = {"activation": "relu", "s": -2.5}')
    expect(widget.get_by_role("radio", name=RADIO["relu"])).to_be_checked()
    expect_values(widget, "relu", -2.5)
    run(page, CELL_SET, 'activation_plot = {"activation": "softmax", "s": 0}')
    expect(widget.get_by_role("alert")).to_contain_text("should be one of sigmoid, tanh, relu, step")
    run(page, CELL_SET, 'activation_plot = {"activation": "sigmoid", "s": 2}')
    expect(widget.get_by_role("alert")).to_have_count(0)
    expect_values(widget, "sigmoid", 2.0)


def test_the_widget_writes_activation_plot_for_the_cells(page, base_url):
    widget = plot(open_page(page, base_url + "activation/"))
    widget.get_by_role("radio", name=RADIO["relu"]).check()
    widget.get_by_role("slider", name=CURSOR).focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect_values(widget, "relu", 0.3)
    run(page, CELL_READ)
    s = 3 / 10
    expect(output(page, CELL_READ)).to_contain_text(f"{{'activation': 'relu', 's': {s}}}")
    expect(output(page, CELL_READ)).to_contain_text("a(s) = 0.3000,  a′(s) = 1.0000")


SIGMOID = "import numpy as np\ndef sigmoid(s):\n    return 1 / (1 + np.exp(-s))\n"


def test_exercise_sigmoid_prime(page, base_url):
    page.goto(base_url + "activation/")
    # forgets the square: e^(−s)/(1 + e^(−s)) = 1 − σ(s)
    set_code(page, EXERCISE_SIGMOID, SIGMOID + "def sigmoid_prime(s):\n    return np.exp(-s) / (1 + np.exp(-s))")
    feedback = check(page, EXERCISE_SIGMOID)
    expect(feedback).to_have_attribute("data-result", "fail")
    expect(feedback).to_contain_text("σ′(0) should be σ(0)(1 − σ(0)) = 0.5 · 0.5 = 0.25; got 0.5")
    # right at 0, wrong elsewhere
    set_code(page, EXERCISE_SIGMOID, SIGMOID + "def sigmoid_prime(s):\n    return 0.25 * np.exp(-s**2)")
    s = np.array([-4.0, -1.5, 0.3, 2.0, 4.0])
    want, got = nnbook.activation("sigmoid").derivative(s), 0.25 * np.exp(-s**2)
    i = int(np.argmax(np.abs(got - want)))        # the check names the worst s
    expect(check(page, EXERCISE_SIGMOID)).to_contain_text(
        f"at s = {s[i]} σ′(s) should be {want[i]:.6f}; got {got[i]:.6f}")
    # the reference solution uses the page's sigmoid (defined in cell 4)
    set_code(page, EXERCISE_SIGMOID, SIGMOID + show_solution(page, EXERCISE_SIGMOID))
    feedback = check(page, EXERCISE_SIGMOID)
    expect(feedback).to_have_attribute("data-result", "pass")
    expect(feedback).to_have_text("✓ Correct!")


def test_exercise_relu_prime(page, base_url):
    page.goto(base_url + "activation/")
    set_code(page, EXERCISE_RELU, "import numpy as np\ndef relu_prime(s):\n    return (s >= 0).astype(float)")
    feedback = check(page, EXERCISE_RELU)
    expect(feedback).to_have_attribute("data-result", "fail")
    expect(feedback).to_contain_text("at s = 0 use R′(0) = 0, as nnbook does")
    set_code(page, EXERCISE_RELU, "def relu_prime(s):\n    return 1.0 if s > 0 else 0.0")
    expect(check(page, EXERCISE_RELU)).to_contain_text("should work on a NumPy array, value by value")
    set_code(page, EXERCISE_RELU, "import numpy as np\n" + show_solution(page, EXERCISE_RELU))
    expect(check(page, EXERCISE_RELU)).to_have_attribute("data-result", "pass")


def test_japanese_page_has_japanese_labels_and_feedback(page, base_url):
    widget = plot(open_page(page, base_url + "ja/activation/"), title="活性化関数とその導関数")
    expect(widget).to_contain_text("共有する Python の変数:")
    expect(widget.get_by_role("group", name="関数")).to_be_visible()
    for name in ("シグモイド関数 σ", "ステップ関数"):
        expect(widget.get_by_role("radio", name=name)).to_be_visible()
    widget.get_by_role("radio", name="ReLU R").check()
    cursor = widget.get_by_role("slider", name="カーソルの位置 s")
    expect(cursor).to_have_attribute("aria-valuetext", "s = 0.00、a(s) = 0.0000、a′(s) = 0.0000")
    expect(widget).to_contain_text("そこでの劣微分は [0, 1] で、nnbook は R′(0) = 0 を使います。")
    expect(widget).to_contain_text("グラフの上にポインターを置くか")
    cursor.focus()
    page.keyboard.press("ArrowLeft")
    expect_values(widget, "relu", -0.1)

    set_code(page, EXERCISE_SIGMOID, SIGMOID + "def sigmoid_prime(s):\n    return sigmoid(s) * (1 + sigmoid(s))")
    feedback = check(page, EXERCISE_SIGMOID)
    expect(feedback).to_have_text(
        "✗ まだです: σ′(0) は σ(0)(1 − σ(0)) = 0.5 · 0.5 = 0.25 のはずですが、0.75 になりました")
    set_code(page, EXERCISE_RELU, "import numpy as np\n" + show_solution(page, EXERCISE_RELU))
    expect(check(page, EXERCISE_RELU)).to_have_text("✓ 正解です!")
