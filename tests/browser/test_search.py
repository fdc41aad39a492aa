"""The site's search (mkdocs-material, offline index) finds pages in both
languages, Japanese words included."""

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize("path, query, title", [
    ("", "backpropagation", "6. Backpropagation"),
    ("ja/", "閾値", "ユニット: 重みと閾値"),
    ("ja/", "誤差逆伝播法", "6. 誤差逆伝播法"),
])
def test_search_finds_the_page(page, base_url, path, query, title):
    page.goto(base_url + path)
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=30_000)
    expect(page.locator(".md-search-result").get_by_text(title).first).to_be_visible()


def test_search_loads_when_opened(page, base_url):
    """A page does not download the search index (nor its languages' scripts) until
    the reader opens search; then a query finds its page."""
    page.goto(base_url + "ct-network/")
    expect(page.locator(".md-search__input")).to_be_visible()
    page.wait_for_load_state("networkidle")
    searched = lambda: [u for u in page.recorder.requests if "search_index.json" in u or "/lunr/" in u]  # noqa: E731
    assert not searched()
    page.locator(".md-search__input").click()
    page.keyboard.type("backpropagation")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)
    assert any("search_index.json" in u for u in searched())


def test_a_search_result_highlights_at_once(page, base_url):
    """Arriving from a search result (?h=), the index is there for the highlight."""
    page.goto(base_url + "backpropagation/?h=gradient")
    expect(page.locator("mark").first).to_be_visible(timeout=30_000)
