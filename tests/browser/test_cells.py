"""Code cells: running, output, the page's session, edits, keyboard."""


from playwright.sync_api import expect

from helpers import cell, output, python_status, run, set_code, wait_ready


def test_scratchpad_prints_numpy_sum(page, base_url):
    page.goto(base_url + "scratchpad/")
    expect(python_status(page)).to_contain_text("Python:")
    run(page, 1, "import numpy as np; print(np.arange(3).sum())")
    expect(output(page, 1)).to_have_text("3")
    wait_ready(page)


def test_cells_share_one_namespace_and_show_last_value(page, base_url):
    page.goto(base_url + "example/")
    run(page, "inputs")
    expect(output(page, "inputs")).to_have_text("array([ 1.,  0.,  1., -1.])")
    run(page, "weights")
    expect(output(page, "weights")).to_have_text("s = 0.8")  # uses x_ext from cell 1
    run(page, "sigmoid")
    expect(output(page, "sigmoid")).to_have_text("y = σ(0.80) = 0.6900")


def test_nothing_shown_for_none_and_value_of_expression(page, base_url):
    page.goto(base_url + "scratchpad/")
    run(page, 1, "a = 6 * 7")
    expect(output(page, 1)).to_be_empty()
    run(page, 1, "a = 6 * 7\na")
    expect(output(page, 1)).to_have_text("42")


def test_output_streams_while_the_cell_runs(page, base_url):
    page.goto(base_url + "scratchpad/")
    code = ("import time\n"
            "print('first line', flush=True)\n"
            "t = time.time()\n"
            "while time.time() - t < 4: pass\n"
            "print('last line')")
    set_code(page, 1, code)
    c = cell(page, 1)
    c.get_by_role("button", name="Run", exact=True).click()
    expect(output(page, 1)).to_contain_text("first line", timeout=60_000)
    # the first line is there while the loop still runs
    expect(c).to_have_attribute("data-state", "running")
    expect(output(page, 1)).not_to_contain_text("last line")
    expect(c).to_have_attribute("data-state", "done", timeout=30_000)
    expect(output(page, 1)).to_contain_text("last line")


def test_shift_enter_and_ctrl_enter_run_the_cell(page, base_url):
    page.goto(base_url + "scratchpad/")
    set_code(page, 1, "print('via', 'keyboard')")
    page.keyboard.press("Shift+Enter")
    expect(cell(page, 1)).to_have_attribute("data-state", "done", timeout=90_000)
    expect(output(page, 1)).to_have_text("via keyboard")
    set_code(page, 1, "print('ctrl')")
    page.keyboard.press("Control+Enter")
    expect(output(page, 1)).to_have_text("ctrl")


def test_edits_survive_reload_and_reset_restores(page, base_url):
    page.goto(base_url + "example/")
    lines = cell(page, "weights").locator(".cm-line")
    original = ["w = np.array([0.4, -0.6, 0.9, 0.5])", "s = w @ x_ext", 'print("s =", s)']
    expect(lines).to_have_text(original)
    expect(cell(page, "weights").locator(".nb-cell__changed")).to_be_hidden()
    set_code(page, "weights", "w = 'my edit'\nw")
    expect(cell(page, "weights").locator(".nb-cell__changed")).to_be_visible()
    page.reload()
    expect(lines).to_have_text(["w = 'my edit'", "w"])
    expect(cell(page, "weights").locator(".nb-cell__changed")).to_be_visible()
    expect(cell(page, "inputs").locator(".nb-cell__changed")).to_be_hidden()
    cell(page, "weights").get_by_role("button", name="Reset").click()
    expect(lines).to_have_text(original)
    expect(cell(page, "weights").locator(".nb-cell__changed")).to_be_hidden()
    page.reload()
    expect(lines).to_have_text(original)


def test_run_all_and_restart(page, base_url):
    page.goto(base_url + "example/")
    page.get_by_role("button", name="Run all").click()
    for n in range(1, 6):
        expect(cell(page, n)).to_have_attribute("data-state", "done", timeout=120_000)
    expect(output(page, "plot").locator("img")).to_be_visible()  # the matplotlib figure
    page.get_by_role("button", name="Restart").click()
    wait_ready(page)
    run(page, "weights", state="error")
    # the new session has no np (imported by cell 1 in the old one)
    expect(output(page, "weights")).to_contain_text("NameError: name 'np' is not defined")


def test_matplotlib_figure_shows_under_the_cell(page, base_url):
    page.goto(base_url + "scratchpad/")
    run(page, 1, "import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\nplt.show()",
        timeout=120_000)
    img = output(page, 1).locator("img")
    expect(img).to_have_count(1)
    expect(img).to_have_js_property("complete", True)   # decoded: naturalWidth is its size, not 0
    assert img.evaluate("i => i.naturalWidth") > 100
    expect(output(page, 1)).not_to_contain_text("UserWarning")
    # the first figure of a page builds matplotlib's font cache: said as a note, never in red as stderr
    expect(output(page, 1).locator(".nb-out--stderr")).to_have_count(0)
    expect(output(page, 1).locator(".nb-note")).to_contain_text("font cache")


def test_nnbook_is_importable(page, base_url):
    page.goto(base_url + "scratchpad/")
    run(page, 1, "import nnbook, cellrunner\nprint(nnbook.__name__, len(nnbook.Network().w))")
    expect(output(page, 1)).to_have_text("nnbook 47")


def test_page_without_javascript_shows_highlighted_code(browser, base_url):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(base_url + "example/")
    block = page.locator("div.nb-cell").first
    expect(block).to_contain_text("x_ext = np.append(x, -1.0)")
    assert block.locator("span.n").count() > 0  # Pygments tokens: highlighted
    ctx.close()
