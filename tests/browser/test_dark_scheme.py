"""The dark colour scheme keeps WCAG AA contrast (axe-core) on pages with
cells, widgets and code, after the cells have run."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("path", ["example/", "ct-network/", "ja/activation/"])
def test_dark_scheme_has_no_serious_contrast_issue(page, base_url, path):
    page.emulate_media(color_scheme="dark")
    page.goto(base_url + path)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    cells = page.locator("div.nb-cell")
    page.locator(".nb-toolbar .nb-run-all").click()
    expect(cells.nth(cells.count() - 1)).to_have_attribute("data-state", re.compile("done|error"), timeout=180_000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    bad = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:4]} "
           f"{[n['any'][0]['message'][:90] for n in v['nodes'] if n['any']][:2]}"
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], "\n".join(bad)
