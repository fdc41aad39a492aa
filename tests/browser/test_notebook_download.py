"""The "Download notebook" button next to a chapter's title gives a valid notebook with the page's cells, in order."""

from urllib.parse import urlsplit

import nbformat
import pytest
from playwright.sync_api import expect


def on_this_server(url, base_url):
    """The site's absolute address (its site_url) on the server the test uses (maybe another port)."""
    return base_url.rstrip("/") + urlsplit(url).path


def page_cells(browser, url):
    """The code of the page's cells and exercises, as the page ships them (read without JavaScript)."""
    ctx = browser.new_context(java_script_enabled=False)
    try:
        p = ctx.new_page()
        p.goto(url)
        return [text.rstrip("\n") for text in p.locator("div.nb-cell pre").all_text_contents()]
    finally:
        ctx.close()


@pytest.mark.parametrize("path, name, file", [
    ("training/", "Download notebook", "training.ipynb"),
    ("ja/activation/", "ノートブックをダウンロード", "activation.ja.ipynb"),
])
def test_download_button_gives_the_pages_cells_as_a_notebook(page, browser, base_url, tmp_path, path, name, file):
    page.goto(base_url + path)
    button = page.get_by_role("link", name=name, exact=True)
    expect(button).to_be_visible()
    title_box, button_box = page.locator("article h1").bounding_box(), button.bounding_box()
    assert abs((title_box["y"] + title_box["height"] / 2) - (button_box["y"] + button_box["height"] / 2)) < 40, \
        "the button sits next to the title"
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == file
    target = tmp_path / file
    download.save_as(target)
    nb = nbformat.read(target, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["nnbook"]["lang"] == ("ja" if path.startswith("ja/") else "en")
    code = [c.source for c in nb.cells
            if c.cell_type == "code" and c.metadata.get("nnbook", {}).get("role") in ("run", "exercise")]
    shown = page_cells(browser, base_url + path)
    assert len(shown) >= 3
    assert code == shown
    # the first code cell is the set-up that names the wheel the site serves
    setup = next(c for c in nb.cells if c.cell_type == "code")
    wheel = on_this_server(setup.source.split("pip install ", 1)[1].split()[0], base_url)
    assert page.request.get(wheel).status == 200, wheel


def test_home_page_gives_the_pip_line_and_the_wheel(page, base_url, subpath_url):
    # under a sub-path the build's site_url is wrong (it names the root): the line follows the page
    page.goto(subpath_url)
    expect(page.locator(".nb-pip-install")).to_contain_text(f"pip install {subpath_url}assets/")
    page.goto(base_url)
    line = page.locator(".nb-pip-install")
    expect(line).to_contain_text("pip install ")
    url = line.inner_text().split("pip install ", 1)[1].strip()
    assert url.startswith(base_url), "the wheel where this page is served, whatever the build's site_url"
    response = page.request.get(url)
    assert response.status == 200 and response.body()[:2] == b"PK", "a wheel is a zip file"
