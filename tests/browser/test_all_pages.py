"""Every page, in both languages: every cell runs in order without an error,
the page asks no other origin for anything (and nothing of its own that is
missing), and axe-core finds no serious or critical accessibility violation. Pages are found from docs/, so a new
chapter is covered the day it is written."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpers import serious_axe_violations

ROOT = Path(__file__).resolve().parents[2]


def page_paths():
    paths = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        rel = md.relative_to(ROOT / "docs").as_posix()
        lang = "ja/" if rel.endswith(".ja.md") else ""
        stem = rel[: -len(".ja.md")] if lang else rel[: -len(".md")]
        stem = "" if stem == "index" else re.sub(r"/index$", "", stem) + "/"
        paths.append(lang + stem)
    return paths


@pytest.mark.parametrize("path", page_paths())
def test_every_cell_runs_nothing_foreign_no_serious_a11y_issue(page, base_url, path):
    page.goto(base_url + path)
    cells = page.locator("div.nb-cell")
    if cells.count():
        page.locator(".nb-toolbar .nb-run-all").click()
        last = cells.nth(cells.count() - 1)
        expect(last).to_have_attribute("data-state", re.compile("done|error"), timeout=180_000)
        for i in range(cells.count()):
            c = cells.nth(i)
            expected = c.get_attribute("data-expect") or "done"
            state = c.get_attribute("data-state")
            assert state == expected, (
                f"{path} cell {i + 1}: {state}\n{c.locator('.nb-cell__output').inner_text()}")
    assert page.recorder.errors == [], page.recorder.errors
    assert page.recorder.foreign(base_url.rstrip("/")) == []
    assert page.recorder.failed == []  # no broken link to a file of our own
    bad = serious_axe_violations(page)
    assert bad == [], "\n".join(bad)
