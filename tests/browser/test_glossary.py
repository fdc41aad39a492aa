"""The glossary, in both languages: every term of py/sitebuild/terms.yml with its English
and Japanese names and its definition, linked to the section that introduces it, every
link landing on an existing anchor; the page is in the navigation."""

import html
import re
from urllib.parse import unquote, urljoin

import pytest
from playwright.sync_api import expect

from sitebuild import glossary

NAV = {"en": "Glossary", "ja": "用語集"}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_term_is_listed_with_both_names_and_links_to_its_section(page, base_url, lang):
    prefix = "ja/" if lang == "ja" else ""
    page.goto(base_url + prefix + "glossary/")
    expect(page.locator("article h1")).to_contain_text(NAV[lang], timeout=30_000)
    expect(page.locator(".md-nav__link", has_text=NAV[lang]).first).to_be_attached()
    terms = glossary.terms()
    rows = page.locator("article table tbody tr")
    expect(rows).to_have_count(len(terms))
    in_order = [t for group in glossary.by_chapter().values() for t in group]
    targets = {}
    for term, row in zip(in_order, rows.all()):
        cells = row.locator("td")
        first, second = (term["ja"], term["en"]) if lang == "ja" else (term["en"], term["ja"])
        expect(cells.nth(0)).to_have_text(first)
        expect(cells.nth(1)).to_have_text(second)
        expect(cells.nth(2)).to_have_text(term[f"def_{lang}"])
        href = cells.nth(0).get_by_role("link").get_attribute("href")
        target = urljoin(page.url, href)
        assert target.startswith(base_url + prefix + term["page"] + "/"), (term["id"], target)
        targets.setdefault(target.split("#")[0], set()).add(unquote(target.partition("#")[2]))
    for url, anchors in targets.items():             # each page fetched once, as the site serves it
        response = page.request.get(url)
        assert response.ok, url
        ids = {unquote(html.unescape(i)) for i in re.findall(r'\bid="([^"]+)"', response.text())}
        assert anchors - {""} <= ids, f"{url}: no element with id {sorted(anchors - {''} - ids)}"

    # a reader's click lands on the section that introduces the term
    sigmoid = next(t for t in terms if t["id"] == "sigmoid")
    page.get_by_role("link", name=sigmoid[lang], exact=True).click()
    heading = page.locator(f"[id='{sigmoid[f'anchor_{lang}']}']")
    expect(heading).to_be_in_viewport(timeout=30_000)
