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
