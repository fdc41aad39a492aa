"""Chapter 4: the error table, driven like a reader, against nnbook in CPython.

Before any cell runs, the widget makes `net` = nnbook.Network(seed=0) and
X, T = the slide's nine images; the tests build the same here and apply the
same edits, then compare the z, e and E the table shows.
"""

import re

import numpy as np
import pytest
from playwright.sync_api import expect

import nnbook
from helpers import check, expect_fail, expect_pass, open_page, output, run, show_solution, widget

EN = {"region": "Error table", "image": "Image {p}, rows ", "pixel": "pixel x{k}",
      "slider": "Value of {name}", "param": "Parameter", "total": "Total error E = {E} over {P} images",
      "add": "Add to the table", "teacher": "Teacher signal", "new": "New image, rows ",
      "remove": "Remove image {p}", "restore": "Restore the slide's nine images"}
JA = {"region": "誤差の表", "image": "画像 {p}、行 ", "pixel": "画素 x{k}",
      "slider": "{name} の値", "param": "パラメーター", "total": "誤差の総和 E = {E} (画像 {P} 枚)",
      "add": "表に追加", "teacher": "教師信号", "new": "新しい画像、行 ",
      "remove": "画像 {p} を削除", "restore": "スライドの 9 枚に戻す"}

# the chapter's cells, by their ids in the Markdown (the same in both languages)
CELL_DATA, CELL_NET, CELL_SET_W11, CELL_SAME_E = "data", "net", "set-w11", "same-e"
EXERCISE_ERRORS, EXERCISE_HAND = "error-functions", "hand-weights"


def fresh():
    X, T, _ = nnbook.data.slide_images()
    return nnbook.Network(seed=0), X, T


def body_rows(page):
    # the rows with an image: their header cell is "p letter"
    return widget(page, "error-table").locator("tbody").get_by_role("row")


def expect_table(page, net, X, T, L=EN):
    """The table shows, for every image, (z1, z2), e and the total E of nnbook."""
    Z, e, E = net.forward(X), net.errors(X, T), net.error(X, T)
    region = page.get_by_role("region", name=L["region"])     # (named in the page's language)
    expect(region.get_by_text(L["total"].format(E=f"{E:.4f}", P=len(X)))).to_be_visible(timeout=90_000)
    rows = body_rows(page)
    expect(rows).to_have_count(len(X))
    for p in range(len(X)):
        cells = rows.nth(p).get_by_role("cell")
        expect(cells.nth(1)).to_have_text(f"({T[p][0]:g}, {T[p][1]:g})")
        expect(cells.nth(2)).to_contain_text(f"({Z[p][0]:.3f}, {Z[p][1]:.3f})")
        expect(cells.nth(3)).to_have_text(f"{e[p]:.4f}")
        # the image as the reader sees it, and as a screen reader hears it
        rows_text = nnbook.data.rows_of(X[p])
        expect(region.get_by_role("group", name=L["image"].format(p=p + 1) + rows_text)).to_be_visible()


def fresh_table(page, L=EN):
    """The table shows nnbook's numbers for the slides' images and a fresh network: (net, X, T)."""
    net, X, T = fresh()
    expect_table(page, net, X, T, L)
    return net, X, T


def test_table_shows_nnbook_numbers_for_the_slides_nine_images(page, base_url):
    fresh_table(open_page(page, base_url + "error/"))
    # the slide's readings and teacher signals, and the formula in the footer
    rows = body_rows(page)
    expect(rows.nth(0).get_by_role("rowheader")).to_have_text("1 C")
    expect(rows.nth(5).get_by_role("rowheader")).to_have_text("6 I")
    expect(widget(page, "error-table").locator("tfoot")).to_contain_text("2.8397")


def test_clicking_and_keyboard_toggle_pixels_and_e_follows(page, base_url):
    net, X, T = fresh_table(open_page(page, base_url + "error/"))
    region = widget(page, "error-table")
    image1 = region.get_by_role("group", name=re.compile(r"^Image 1, "))
    x1 = image1.get_by_role("button", name="pixel x1", exact=True)
    expect(x1).to_have_attribute("aria-pressed", "false")
    x1.click()
    expect(x1).to_have_attribute("aria-pressed", "true")
    X[0, 0] = 1.0
    expect_table(page, net, X, T)

    # keyboard: into image 2 with Tab, move right, Space toggles x2 (on → off)
    image2 = region.get_by_role("group", name=re.compile(r"^Image 2, "))
    image2.get_by_role("button", name="pixel x1", exact=True).focus()
    page.keyboard.press("ArrowRight")
    x2 = image2.get_by_role("button", name="pixel x2", exact=True)
    expect(x2).to_be_focused()
    page.keyboard.press("Space")
    expect(x2).to_have_attribute("aria-pressed", "false")
    X[1, 1] = 0.0
    expect_table(page, net, X, T)
    expect(region.get_by_role("group", name="Image 2, rows 101/100/100/011")).to_be_visible()
    # one tab stop per image: Tab leaves the grid
    page.keyboard.press("Tab")
    expect(x2).not_to_be_focused()
    expect(image2.locator("button:focus")).to_have_count(0)


def test_the_table_edits_are_the_cells_X(page, base_url):
    net, X, T = fresh_table(open_page(page, base_url + "error/"))
    widget(page, "error-table").get_by_role("group", name=re.compile(r"^Image 9, ")).get_by_role(
        "button", name="pixel x5", exact=True).click()
    X[8, 4] = 1.0
    expect_table(page, net, X, T)
    run(page, CELL_SAME_E)
    expect(output(page, CELL_SAME_E)).to_have_text(f"9 images, E = {round(net.error(X, T), 4)}")


def test_the_widgets_slider_changes_one_parameter(page, base_url):
    net, X, T = fresh_table(open_page(page, base_url + "error/"))
    region = widget(page, "error-table")
    region.get_by_role("combobox", name="Parameter").select_option("theta_2")
    slider = region.get_by_role("slider", name="Value of theta_2")
    expect(slider).to_have_value("0")           # thresholds start at 0
    slider.focus()
    for _ in range(12):                          # quick presses: only the last value matters
        page.keyboard.press("ArrowRight")
    expect(slider).to_have_value("0.6")
    net["theta_2"] = float(slider.input_value())
    expect_table(page, net, X, T)
    # a hidden-layer weight, set back and forth
    region.get_by_role("combobox", name="Parameter").select_option("w_52^H")
    slider = region.get_by_role("slider", name="Value of w_52^H")
    slider.focus()
    page.keyboard.press("End")                   # the slider's largest value
    expect(slider).to_have_value("10")
    net["w_52^H"] = 10.0
    expect_table(page, net, X, T)


def test_a_cell_that_sets_a_weight_updates_the_table(page, base_url):
    net, X, T = fresh_table(open_page(page, base_url + "error/"))
    run(page, CELL_DATA)
    run(page, CELL_NET)
    run(page, CELL_SET_W11)                      # net["w_11"] = 3.0
    net["w_11"] = 3.0
    expect(output(page, CELL_SET_W11)).to_have_text(f"E = {round(net.error(X, T), 4)}")
    expect_table(page, net, X, T)
    region = widget(page, "error-table")
    region.get_by_role("combobox", name="Parameter").select_option("w_11")
    expect(region.get_by_role("slider", name="Value of w_11")).to_have_value("3")
    # a cell with other code, typed by the reader
    run(page, CELL_SAME_E, 'net["theta_1^H"] = -2\nnet.w[:3]')
    net["theta_1^H"] = -2
    expect_table(page, net, X, T)


def test_adding_and_removing_an_image_of_ones_own(page, base_url):
    net, X, T = fresh_table(open_page(page, base_url + "error/"))
    region = widget(page, "error-table")
    new = region.get_by_role("group", name=re.compile("^New image"))
    for k in (1, 2, 3, 5, 8, 11):                # a T: top bar and stem
        new.get_by_role("button", name=f"pixel x{k}", exact=True).click()
    expect(new).to_have_accessible_name("New image, rows 111/010/010/010")
    region.get_by_role("combobox", name="Teacher signal").select_option("T")
    region.get_by_role("button", name="Add to the table").click()
    X = np.vstack([X, nnbook.data.image("111/010/010/010")])
    T = np.vstack([T, [0.0, 1.0]])
    expect_table(page, net, X, T)
    expect(body_rows(page).nth(9).get_by_role("rowheader")).to_have_text("10 T")

    region.get_by_role("button", name="Remove image 1", exact=True).click()
    X, T = X[1:], T[1:]
    expect_table(page, net, X, T)

    region.get_by_role("button", name="Restore the slide's nine images").click()
    net, X, T = fresh()
    expect_table(page, net, X, T)


def test_the_table_becomes_cards_on_a_narrow_screen(page, base_url):
    page.set_viewport_size({"width": 375, "height": 800})
    net, X, T = fresh_table(open_page(page, base_url + "error/"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways: {width}px"
    box = widget(page, "error-table").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    # every value is labelled in the card
    label = body_rows(page).nth(0).get_by_role("cell").nth(3).evaluate(
        "c => getComputedStyle(c, '::before').content")
    assert "Error e" in label
    region = widget(page, "error-table")
    region.get_by_role("group", name=re.compile(r"^Image 1, ")).get_by_role(
        "button", name="pixel x1", exact=True).click()
    X[0, 0] = 1.0
    expect_table(page, net, X, T)


def test_japanese_page_has_japanese_labels(page, base_url):
    net, X, T = fresh_table(open_page(page, base_url + "ja/error/"), JA)
    region = page.get_by_role("region", name=JA["region"])
    expect(region.get_by_role("columnheader", name="誤差 e")).to_be_visible()
    expect(body_rows(page).nth(5).get_by_role("rowheader")).to_have_text("6 I")
    expect(body_rows(page).nth(0).get_by_role("cell").nth(2)).to_contain_text("判定: T ✗ 不正解")
    region.get_by_role("group", name=re.compile(r"^画像 3、")).get_by_role(
        "button", name="画素 x1", exact=True).click()
    X[2, 0] = 1.0
    expect_table(page, net, X, T, JA)
    region.get_by_role("combobox", name="パラメーター").select_option("theta_1")
    slider = region.get_by_role("slider", name="theta_1 の値")
    slider.focus()
    page.keyboard.press("ArrowLeft")
    net["theta_1"] = float(slider.input_value())
    expect_table(page, net, X, T, JA)
    expect(region.get_by_role("button", name="表に追加")).to_be_visible()
    expect(region.get_by_role("button", name="スライドの 9 枚に戻す")).to_be_visible()
    expect(region.get_by_role("combobox", name="教師信号")).to_contain_text("どちらでもない: (0, 0)")


# ---- the exercises -------------------------------------------------------------

FORGOT_HALF = """import numpy as np
def error_e(z, t):
    return ((np.asarray(t) - np.asarray(z))**2).sum()
def total_error(Z, T):
    return ((np.asarray(T) - np.asarray(Z))**2).sum()
"""
MEAN_NOT_SUM = """import numpy as np
def error_e(z, t):
    return ((np.asarray(t) - np.asarray(z))**2).sum() / 2
def total_error(Z, T):
    return ((np.asarray(T) - np.asarray(Z))**2).sum(axis=1).mean() / 2
"""


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_error_exercise_accepts_the_solution_and_rejects_forgetting_the_half(page, base_url, lang):
    page.goto(base_url + ("ja/" if lang == "ja" else "") + "error/")
    if lang == "en":
        expect_fail(page, EXERCISE_ERRORS, FORGOT_HALF,
                    "should be ((1 − 0.6)² + (0 − 0.3)²)/2 = 0.125, got 0.25", "did you forget the 1/2?")
    else:
        expect_fail(page, EXERCISE_ERRORS, FORGOT_HALF, "0.125 になるはずですが、0.25 でした", "1/2 を忘れていませんか?")

    expect_fail(page, EXERCISE_ERRORS, MEAN_NOT_SUM, "not the mean" if lang == "en" else "平均ではなく総和")

    code = show_solution(page, EXERCISE_ERRORS)
    expect(check(page, EXERCISE_ERRORS, code)).to_have_attribute("data-result", "pass")


def test_hand_weights_challenge_rejects_the_start_and_accepts_the_solution(page, base_url):
    net, X, T = fresh_table(open_page(page, base_url + "error/"))
    expect_fail(page, EXERCISE_HAND, "import nnbook\nnet = nnbook.Network(seed=0)",
                f"E = {net.error(X, T):.3f} on the slide's nine images; it should be below 0.5")
    code = show_solution(page, EXERCISE_HAND)
    expect_pass(page, EXERCISE_HAND, "import numpy as np\nimport nnbook\n" + code)
    # the solution's network, shown in the table: every image nearly right
    ns = {}
    exec("import numpy as np\nimport nnbook\nnet = nnbook.Network(seed=0)\n" + code, ns)
    expect_table(page, ns["net"], X, T)
