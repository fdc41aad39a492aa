"""The dark colour scheme keeps WCAG AA contrast (axe-core) on pages with
cells, widgets and code, after the cells have run."""

import re

import pytest
from playwright.sync_api import expect

from helpers import serious_axe_violations


@pytest.mark.parametrize("path", ["example/", "ct-network/", "ja/activation/"])
def test_dark_scheme_has_no_serious_contrast_issue(page, base_url, path):
    page.emulate_media(color_scheme="dark")
    page.goto(base_url + path)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    cells = page.locator("div.nb-cell")
    page.locator(".nb-toolbar .nb-run-all").click()
    expect(cells.nth(cells.count() - 1)).to_have_attribute("data-state", re.compile("done|error"), timeout=180_000)
    bad = serious_axe_violations(page)
    assert bad == [], "\n".join(bad)
