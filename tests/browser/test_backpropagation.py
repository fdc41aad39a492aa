"""Chapter 6, backpropagation: the step-through widget driven as a reader
would (slide images, drawing, the teacher signal, Next/Previous/Reset/Run to
end by mouse and keyboard), its 47 gradients and numerical gradients compared
with nnbook computed here in CPython for the same weights, image and teacher
signal; the slides' step order and the highlighted edge; cells and the widget
sharing net, x and t; the two exercises; the Japanese page; a phone screen."""

import re

import numpy as np
import pytest
from playwright.sync_api import expect

import nnbook
from helpers import (cell, check, eventually, expect_fail, expect_pass, open_page, serious_axe_violations, set_code,
                     show_solution)

PAGE = "backpropagation/"
# cell ids in the Markdown (the same on both pages)
FIRST, X_T_CELL, OUTPUT_EXERCISE, HIDDEN_EXERCISE = "imports", "first-t", "output-gradients", "hidden-deltas"
X, T, LABELS = nnbook.data.slide_images()
NAMES = nnbook.Network(seed=0).names()
FORWARD = ["h1", "h2", "h3", "z1", "z2", "e"]
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


# ---- helpers ---------------------------------------------------------------------------------

def is_ja(page):
    return page.locator("html[lang^='ja']").count() > 0


def stepper(page):
    return page.locator(".nb-widget[data-widget='backprop-stepper'] .nbw-bp")


def watch_positions(root):
    """Start recording every step position the widget shows (read back with `seen_positions`)."""
    root.evaluate("""root => { root._seen = [];
        new MutationObserver(() => root._seen.push(root.dataset.position))
            .observe(root, {attributes: true, attributeFilter: ["data-position"]}); }""")


def seen_positions(root):
    return [int(p) for p in dict.fromkeys(root.evaluate("root => root._seen"))]


def button(page, en, ja=None):
    return stepper(page).get_by_role("button", name=ja if ja and is_ja(page) else en, exact=True)


def next_button(page):
    return button(page, "Next", "次へ")


def wait_updated(page):
    """The widget has Python's answer to the last change (its status is empty)."""
    expect(stepper(page).locator(".nbw-ct__status")).to_have_text("", timeout=60_000)


def table(page):
    """The rows of the gradient table the reader sees: name → (backprop, numerical, |difference|)."""
    rows = stepper(page).evaluate("""root => [...root.querySelectorAll("tbody tr[data-name]")]
        .filter(tr => !tr.hidden)
        .map(tr => [tr.dataset.name, ...["backprop", "numerical", "difference"].map(
            c => Number(tr.querySelector(`[data-col='${c}']`).dataset.value))])""")
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def run(page, n, code=None):
    if code is not None:
        set_code(page, n, code)
    c = cell(page, n)
    c.get_by_role("button", name=re.compile("^(Run|実行)$")).click()
    expect(c).to_have_attribute("data-state", "done", timeout=90_000)
    return c.locator(".nb-cell__output").inner_text().strip()


def solution(page, n):
    return show_solution(page, n)


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sig(v, n):
    """A number as the widget writes it (kit/format.mjs significant): n significant digits,
    trailing zeros dropped, a real minus sign, 1.2·10⁻⁵ below 10⁻³ and from 10⁵ on."""
    def shortest(x):
        text = f"{x:.15g}"
        return "0" if text == "-0" else text
    v = float(v)
    if v != 0 and not 1e-3 <= abs(v) < 1e5:
        mantissa, exponent = f"{v:.{n - 1}e}".split("e")
        text = f"{shortest(float(mantissa))}·10{str(int(exponent)).translate(SUPERSCRIPT)}"
    else:
        text = shortest(float(f"{v:.{n}g}"))
    return text.replace("-", "−")


def expect_gradients(page, w, x, t, names=NAMES):
    """The table lists all 47 gradients in the slides' order, equal to nnbook's."""
    net = nnbook.Network(w=w)
    want = net.gradient(np.asarray(x, float), np.asarray(t, float))
    want_numerical = net.numerical_gradient(np.asarray(x, float), np.asarray(t, float))
    rows = eventually(page, lambda: table(page),              # the answer to the last change may be on its way
                      lambda rows: len(rows) == 47 and np.allclose([r[1] for r in rows], want, rtol=0, atol=1e-9),
                      "nnbook's 47 gradients")
    assert [r[0] for r in rows] == names
    got = np.array([r[1] for r in rows])
    numerical = np.array([r[2] for r in rows])
    difference = np.array([r[3] for r in rows])
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
    np.testing.assert_allclose(numerical, want, rtol=0, atol=1e-6)
    np.testing.assert_allclose(numerical, want_numerical, rtol=0, atol=1e-9)
    np.testing.assert_allclose(difference, np.abs(got - numerical), rtol=0, atol=1e-15)
    return want


def expect_highlight(page, name):
    """The network view emphasises the parameter of the current step and the units involved."""
    svg = stepper(page).locator("svg.nbw-net__svg")
    m = re.match(r"^(w|theta)_(\d+),?(\d*)(\^H)?$", name)
    hidden = bool(m.group(4))
    focused = lambda unit: svg.locator(f"g[data-unit='{unit}'] circle.nbw-net__circle--focus")
    if m.group(1) == "w":
        digits = m.group(2) + m.group(3)
        k, j = (int(digits[:-1]), int(digits[-1])) if not m.group(3) else (int(m.group(2)), int(m.group(3)))
        halo = svg.locator("line.nbw-net__halo")
        expect(halo).to_have_count(1)
        expect(halo).to_have_attribute("data-name", name)
        expect(focused(f"x{k}" if hidden else f"h{k}")).to_have_count(1)
        expect(focused(f"h{j}" if hidden else f"z{j}")).to_have_count(1)
        if hidden:       # the error signal comes back along w_i1 and w_i2
            paths = svg.locator("line.nbw-bp__path")
            expect(paths).to_have_count(2)
            assert sorted(paths.evaluate_all("ls => ls.map(l => l.dataset.name)")) == [f"w_{j}1", f"w_{j}2"]
    else:
        expect(svg.locator("line.nbw-net__halo")).to_have_count(0)
        unit = int(m.group(2))
        expect(focused(f"h{unit}" if hidden else f"z{unit}")).to_have_count(1)


# ---- stepping --------------------------------------------------------------------------------

def test_every_step_in_the_slides_order_by_click_and_keyboard(page, base_url):
    root = stepper(open_page(page, base_url + PAGE))
    net = nnbook.Network(seed=0)                       # what the widget creates: seed 0,
    x, t = X[0], np.array([1.0, 0.0])                   # the first C and its (1, 0)
    expect(root).to_have_attribute("data-steps", "53")
    expect(root).to_have_attribute("data-position", "0")
    expect(button(page, "Previous")).to_have_attribute("aria-disabled", "true")
    seen = []
    for n in range(1, 54):
        if n <= 20:
            next_button(page).click()
        else:                                           # from here on the keyboard
            if n == 21:
                next_button(page).focus()
            page.keyboard.press("ArrowRight" if n % 2 else "Enter")
        expect(root).to_have_attribute("data-position", str(n))
        current = root.get_attribute("data-current")
        seen.append(current)
        if n > 6 and (n <= 16 or n % 7 == 0 or current.startswith("theta")):
            expect_highlight(page, current)
        assert len(table(page)) == max(0, n - 6)
    assert seen == FORWARD + NAMES                     # forward, then w_11, w_21, w_31, θ_1, w_12, …
    assert seen[6:14] == ["w_11", "w_21", "w_31", "theta_1", "w_12", "w_22", "w_32", "theta_2"]
    expect(next_button(page)).to_have_attribute("aria-disabled", "true")
    expect(next_button(page)).to_be_focused()          # focus stays on the button at the end
    expect_gradients(page, net.w, x, t)
    summary = root.locator(".nbw-bp__summary")
    expect(summary).to_contain_text("All 47 gradients computed")
    worst = max(abs(a - b) for _, a, b, _ in table(page))
    assert worst < 1e-9
    # the forward values shown are nnbook's
    tr = net.trace(x)
    shown = {el.get_attribute("data-key"): float(el.get_attribute("data-value"))
             for el in root.locator("dd[data-key]").all()}
    want = {f"s_H{i}": tr.s[0][i - 1] for i in (1, 2, 3)} | {f"h{i}": tr.h[0][i - 1] for i in (1, 2, 3)}
    want |= {f"s{j}": tr.s[1][j - 1] for j in (1, 2)} | {f"z{j}": tr.z[j - 1] for j in (1, 2)}
    want["e"] = net.errors(x, t)[0]
    assert shown == pytest.approx(want, abs=1e-12)


def test_a_step_shows_the_chain_rule_the_formula_and_the_numbers(page, base_url):
    root = stepper(open_page(page, base_url + PAGE))
    net = nnbook.Network(seed=0)
    x, t = X[0], np.array([1.0, 0.0])
    tr = net.trace(x)
    h, z = tr.h[0], tr.z
    ap = z * (1 - z)
    g = dict(zip(NAMES, net.gradient(x, t)))
    for _ in range(8):                                   # 6 forward steps, then w_11, w_21
        next_button(page).click()
    expect(root).to_have_attribute("data-current", "w_21")
    lines = root.locator(".nbw-bp__lines")
    expect(root.locator(".nbw-bp__title")).to_have_text("Output layer, gradient 2 of 8: ∂e/∂w₂₁")
    expect(lines).to_contain_text("∂e/∂w₂₁ = ∂e/∂z₁ · ∂z₁/∂s₁ · ∂s₁/∂w₂₁")
    expect(lines).to_contain_text("= (z₁ − t₁) a′(s₁) h₂")
    expect(lines).to_contain_text(
        f"= ({sig(z[0], 3)} − 1) · {sig(ap[0], 3)} · {sig(h[1], 3)} = {sig(g['w_21'], 4)}")
    expect(lines).to_contain_text(f"a′(s₁) = z₁(1 − z₁) = {sig(z[0], 3)} · {sig(1 - z[0], 3)}")
    # on to w_52^H: 8 output gradients, then w_11^H … w_12,1^H, θ_1^H, then w_12^H … w_52^H
    for _ in range(6 + 13 + 5):
        next_button(page).click()
    expect(root).to_have_attribute("data-current", "w_52^H")
    expect(root.locator(".nbw-bp__title")).to_have_text("Hidden layer, gradient 18 of 39: ∂e/∂w₅₂ᴴ")
    expect(lines).to_contain_text("= [(z₁ − t₁) a′(s₁) w₂₁ + (z₂ − t₂) a′(s₂) w₂₂] a′(s₂ᴴ) x₅")
    W = net.layers[1].W
    bracket = (z[0] - 1) * ap[0] * W[1, 0] + (z[1] - 0) * ap[1] * W[1, 1]
    ap_H = h[1] * (1 - h[1])
    expect(lines).to_contain_text(
        f"{sig(bracket, 4)} · {sig(ap_H, 3)} · 0 = 0")      # x5 = 0 in the first C
    assert g["w_52^H"] == 0
    expect_highlight(page, "w_52^H")
    # Previous, Reset, and the keys Home / End
    button(page, "Previous").click()
    expect(root).to_have_attribute("data-current", "w_42^H")
    expect_highlight(page, "w_42^H")
    expect(lines).to_contain_text(f"= {sig(g['w_42^H'], 4)}")
    button(page, "Previous").press("ArrowLeft")
    expect(root).to_have_attribute("data-current", "w_32^H")
    page.keyboard.press("Home")
    expect(root).to_have_attribute("data-position", "0")
    assert table(page) == []
    expect(button(page, "Reset")).to_have_attribute("aria-disabled", "true")
    watch_positions(root)
    next_button(page).press("End")                    # straight to the end, no step between
    expect(root).to_have_attribute("data-position", "53", timeout=30_000)
    expect(root).to_have_attribute("data-current", "theta_3^H")
    assert seen_positions(root) == [53]


# ---- the reader's image and teacher signal ---------------------------------------------------------

def test_pick_a_slide_image_then_jump_to_end(page, base_url):
    root = stepper(open_page(page, base_url + PAGE))
    root.get_by_role("button", name="slide image 4: T").click()     # sets x and t = (0, 1)
    wait_updated(page)
    expect(root.get_by_role("button", name="slide image 4: T")).to_have_attribute("aria-pressed", "true")
    expect(root.get_by_role("radio", name="T: (0, 1)")).to_be_checked()
    watch_positions(root)
    button(page, "Jump to end").click()               # the reader need not watch all 53 steps
    expect(root).to_have_attribute("data-position", "53", timeout=30_000)
    assert seen_positions(root) == [53]
    expect(button(page, "Jump to end")).to_have_attribute("aria-disabled", "true")
    expect_gradients(page, nnbook.Network(seed=0).w, X[3], [0, 1])
    # the cells see what the widget set
    shown = run(page, X_T_CELL, "print([float(v) for v in x], [float(v) for v in t])")
    assert shown == f"{[float(v) for v in X[3]]} [0.0, 1.0]"


def test_draw_a_pixel_and_choose_the_teacher_signal(page, base_url):
    root = stepper(open_page(page, base_url + PAGE))
    for _ in range(9):
        next_button(page).click()
    expect(root).to_have_attribute("data-current", "w_31")
    root.get_by_role("button", name="pixel x5", exact=True).click()   # the first C with x5 lit
    wait_updated(page)
    x = X[0].copy()
    x[4] = 1
    expect(root).to_have_attribute("data-current", "w_31")           # the place is kept
    expect(root.get_by_role("radio", name="C: (1, 0)")).to_be_checked()   # drawing keeps t
    expect(root.get_by_role("button", name="slide image 1: C")).to_have_attribute("aria-pressed", "false")
    root.get_by_role("radio", name="neither: (0, 0)").check()
    wait_updated(page)
    # the keyboard in the grid: arrows move, Space toggles
    root.get_by_role("button", name="pixel x5", exact=True).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")                                      # x8 on
    x[7] = 1
    expect(root.get_by_role("button", name="pixel x8", exact=True)).to_have_attribute("aria-pressed", "true")
    wait_updated(page)
    button(page, "Run to end").focus()
    page.keyboard.press("Enter")
    expect(root).to_have_attribute("data-position", "53", timeout=30_000)
    want = expect_gradients(page, nnbook.Network(seed=0).w, x, [0, 0])
    # a pixel that is 0 gives its 3 hidden weights gradient 0; a lit one does not
    names = dict(zip(NAMES, want))
    assert names["w_11^H"] == 0 and names["w_51^H"] != 0


def test_cells_change_net_x_and_t_and_the_widget_follows(page, base_url):
    root = stepper(open_page(page, base_url + PAGE))
    run(page, FIRST)
    run(page, X_T_CELL)                                  # x, t = X[3], T[3]: the first T
    expect(root.get_by_role("button", name="slide image 4: T")).to_have_attribute("aria-pressed", "true")
    expect(root.get_by_role("radio", name="T: (0, 1)")).to_be_checked()
    shown = run(page, X_T_CELL, 'net["w_21"] = 2.0\nt = np.array([0.5, 0.5])\nprint(net.w.tolist())')
    w = np.array(eval(shown))                            # net.w, read from the page
    assert w[1] == 2.0
    expect(root.locator(".nbw-bp__teacher-other")).to_have_text("t = (0.5, 0.5), set in a cell")
    for radio in ("C: (1, 0)", "T: (0, 1)", "neither: (0, 0)"):
        expect(root.get_by_role("radio", name=radio)).not_to_be_checked()
    button(page, "Run to end").click()
    expect(root).to_have_attribute("data-position", "53", timeout=30_000)
    expect_gradients(page, w, X[3], [0.5, 0.5])
    # something the widget cannot use is explained, and it recovers
    run(page, X_T_CELL, "t = (1, 0, 0)")
    expect(root.locator(".nbw-ct__status")).to_contain_text("t should be the teacher signal (t1, t2)")
    run(page, X_T_CELL, "t = (1, 0)")
    wait_updated(page)
    expect(root.get_by_role("radio", name="C: (1, 0)")).to_be_checked()
    expect_gradients(page, w, X[3], [1, 0])


# ---- exercises ----------------------------------------------------------------------------------

def test_output_layer_exercise(page, base_url):
    open_page(page, base_url + PAGE)
    expect(cell(page, OUTPUT_EXERCISE)).to_contain_text("def output_layer_gradients")
    feedback = check(page, OUTPUT_EXERCISE)                       # the starter: zeros
    expect(feedback).to_have_attribute("data-result", "fail")
    code = solution(page, OUTPUT_EXERCISE)
    # a plausible slip: the threshold's gradient with a plus sign
    expect_fail(page, OUTPUT_EXERCISE, code.replace("grads.append(-delta[j])", "grads.append(delta[j])"),
                "∂s_j/∂θ_j = −1")
    # the order of the 8 by weight index instead of unit by unit
    set_code(page, OUTPUT_EXERCISE, code + "\n_f = output_layer_gradients\n"
             "def output_layer_gradients(h, z, t, s):\n    return _f(h, z, t, s)[[0, 4, 1, 5, 2, 6, 3, 7]]\n")
    expect(check(page, OUTPUT_EXERCISE)).to_contain_text("the order is not")
    expect_pass(page, OUTPUT_EXERCISE, code)


def test_hidden_delta_exercise(page, base_url):
    open_page(page, base_url + PAGE)
    expect(cell(page, HIDDEN_EXERCISE)).to_contain_text("def hidden_deltas")
    code = solution(page, HIDDEN_EXERCISE)
    # forgets a′(s_i^H): returns the bracket
    expect_fail(page, HIDDEN_EXERCISE, code.replace("(W @ delta) * a_prime(s_H)", "W @ delta"),
                "multiply it by a′(s_i^H)")
    # only the first output's δ
    expect(check(page, HIDDEN_EXERCISE, code.replace("(W @ delta)", "(W[:, 0] * delta[0])"))).to_contain_text(
        "add δ_1 w_i1 and δ_2 w_i2")
    expect_pass(page, HIDDEN_EXERCISE, code)


# ---- Japanese, small screens --------------------------------------------------------------------

def test_japanese_page_has_japanese_labels_and_feedback(page, base_url):
    root = stepper(open_page(page, base_url + "ja/" + PAGE))
    for name in ("リセット", "前へ", "次へ", "最後まで実行", "最後へ飛ぶ"):
        expect(root.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(root.get_by_role("radio", name="どちらでもない: (0, 0)")).to_be_visible()
    expect(root.get_by_role("group", name="教師信号 t")).to_be_visible()
    expect(root.get_by_role("button", name="スライドの画像 7: A")).to_be_visible()
    expect(root.get_by_role("button", name="画素 x5", exact=True)).to_be_visible()
    expect(root.locator("thead")).to_contain_text("逆伝播")
    expect(root.locator("thead")).to_contain_text("数値微分")
    expect(root.locator("svg text").first).to_have_text("入力層 x")
    next_button(page).click()
    expect(root.locator(".nbw-bp__title")).to_have_text("順伝播: 隠れ層のユニット H1")
    expect(root.locator(".nbw-bp__lines")).to_contain_text("の画素の重みだけが足されます")
    root.get_by_role("button", name="スライドの画像 5: T").click()
    wait_updated(page)
    root.get_by_role("button", name="最後まで実行").click()
    expect(root).to_have_attribute("data-position", "53", timeout=30_000)
    expect(root.locator(".nbw-bp__summary")).to_contain_text("47 個すべての勾配を計算済み")
    expect_gradients(page, nnbook.Network(seed=0).w, X[4], [0, 1])
    run(page, X_T_CELL, 't = "T"')
    expect(root.locator(".nbw-ct__status")).to_contain_text("教師信号 (t1, t2)")
    # the exercises answer in Japanese
    code = solution(page, OUTPUT_EXERCISE)
    expect(check(page, OUTPUT_EXERCISE, code.replace("grads.append(-delta[j])", "grads.append(delta[j])"))).to_contain_text(
        "閾値の符号が逆です")


def test_phone_screen_dark_mode(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, color_scheme="dark")
    try:
        page = context.new_page()
        root = stepper(open_page(page, base_url + PAGE))
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        b = root.bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= 375, b
        for _ in range(30):
            next_button(page).click()
        expect(root).to_have_attribute("data-current", NAMES[23])
        for el in (root.locator(".nbw-bp__lines"), root.locator("svg.nbw-net__svg"), next_button(page)):
            box = el.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
        bad = serious_axe_violations(page, ".nb-widget")
        assert bad == [], "\n".join(bad)
    finally:
        context.close()
