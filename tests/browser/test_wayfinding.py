"""Finding one's way: the home page starts the reader on chapter 1 and numbers
the chapters as the navigation does; the keyboard reaches the first cell in a
few presses and sees where it is; a copy opened from disk says how to serve it."""

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from helpers import cell

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
START = {"": "Start with chapter 1", "ja/": "第 1 章「神経細胞とニューラルネットワーク」から始める"}


def nav_numbers():
    """Page file -> its chapter number, from the "N. Title" entries of mkdocs.yml's nav."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    numbers = {}

    def walk(items):
        for item in items:
            for title, target in item.items():
                if isinstance(target, list):
                    walk(target)
                elif m := re.match(r"(\d+)\. ", title):
                    numbers[target] = int(m[1])
    walk(config["nav"])
    return numbers


def test_every_chapter_reference_in_the_text_uses_the_navigations_number():
    numbers = nav_numbers()
    assert sorted(numbers.values()) == list(range(1, 10))
    by_number = {n: page for page, n in numbers.items()}
    link = re.compile(r"\[(?:[Cc]hapter (\d+)|第 (\d+) 章)\]\(([\w-]+)\.md\)")
    checked = 0
    for path in DOCS.glob("*.md"):
        for m in link.finditer(path.read_text(encoding="utf-8")):
            n = int(m[1] or m[2])
            assert by_number[n] == m[3] + ".md", f"{path.name}: {m[0]} should link {by_number[n]}"
            checked += 1
    assert checked > 10  # the pattern still finds the book's references


@pytest.mark.parametrize("lang", ["", "ja/"])
def test_home_page_starts_with_chapter_1_above_the_fold_and_numbers_as_the_nav(browser, base_url, lang):
    numbers = {page.removesuffix(".md"): n for page, n in nav_numbers().items()}
    for width, height in ((1280, 800), (375, 667)):
        ctx = browser.new_context(viewport={"width": width, "height": height})
        page = ctx.new_page()
        page.goto(base_url + lang)
        start = page.get_by_role("link", name=re.compile("^" + START[lang]))
        expect(start).to_be_visible()
        box = start.bounding_box()
        assert box["y"] + box["height"] <= height, f"{width}px: the start link is below the fold"
        assert box["y"] < page.locator("div.nb-cell").first.bounding_box()["y"]
        start_url = start.get_attribute("href")
        assert start_url.rstrip("/").endswith("neurons")
        if width == 1280:
            contents = page.get_by_role("heading", name=re.compile("^(Contents|目次)"))
            assert contents.bounding_box()["y"] < height, "the contents start below the fold"
            # The contents' lists (items that open with a link), numbered as the browser shows them (an <ol>'s start
            # and the item's place), against the navigation's numbers.
            shown = page.evaluate("""() => [...document.querySelectorAll("article ol")].flatMap((ol) =>
                [...ol.children].map((li, i) => [li.firstChild?.nodeName === "A" && li.firstChild.href, ol.start + i]))""")
            shown = {href.rstrip("/").rsplit("/", 1)[-1]: n for href, n in shown if href}
            for chapter, n in numbers.items():
                assert shown.get(chapter) == n, f"{chapter}: home page says {shown.get(chapter)}, nav {n}"
            nav = page.locator(".md-nav--primary a.md-nav__link", has_text=re.compile(r"^\s*5\. ")).first
            assert nav.get_attribute("href").rstrip("/").endswith("descent")
        ctx.close()


def _outline(page, selector_js):
    """The focus ring of an element: its outline width in px (0 if none), or 2 for a box-shadow ring."""
    return page.evaluate(f"""() => {{ const s = getComputedStyle({selector_js});
        if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) return parseFloat(s.outlineWidth);
        return s.boxShadow !== "none" ? 2 : 0; }}""")


def test_keyboard_reaches_the_first_run_in_three_keys_and_every_control_shows_focus(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base_url + "descent/")
    first_run = cell(page, 1).get_by_role("button", name="Run", exact=True)
    # Tab to the skip link (after the theme's "Skip to content"), Enter: on Run.
    expect(page.locator("a.nb-skip")).to_have_count(1)  # the cells are mounted
    presses = 0
    while presses < 5:
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.textContent") == "Skip to the first code cell":
            break
    assert presses <= 2
    page.keyboard.press("Enter")
    expect(first_run).to_be_focused()
    assert _outline(page, "document.activeElement") >= 2
    page.keyboard.press("Enter")  # the focused Run runs the cell
    expect(cell(page, 1)).to_have_attribute("data-state", re.compile("done|error"), timeout=90_000)

    # From the top again with Tab alone: no heading's ¶ is a stop, and each
    # control in the content (cell buttons, editor, widget) shows the same ring.
    page.locator("a.md-skip").first.focus()
    seen = []
    for _ in range(120):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement;
            return { cls: String(e.className.baseVal ?? e.className), text: (e.textContent || "").trim().slice(0, 20),
                     tag: e.tagName, widget: !!e.closest(".nb-widget"), editor: !!e.closest(".cm-editor"),
                     content: !!e.closest(".md-content") }; }""")
        assert "headerlink" not in info["cls"], "a heading's ¶ permalink is still a Tab stop"
        if info["content"]:
            ring = _outline(page, "document.activeElement.closest('.cm-editor') || document.activeElement")
            assert ring >= 2, f"no visible focus ring on {info}"
        seen.append(info)
        if info["widget"]:
            break
    assert any(i["editor"] for i in seen) and seen[-1]["widget"]
    runs = [k for k, i in enumerate(seen) if i["text"] == "Run"]
    assert runs, "Tab never reached a Run button"
    # Headings' permalinks stay: a mouse still follows them.
    permalink = page.locator("h2 a.headerlink").first
    permalink.click()
    expect(page).to_have_url(re.compile(r"/descent/#[\w-]+$"))


@pytest.mark.parametrize("lang, notice, command_words", [
    ("", "Serve this book to use it", "In a terminal, in the folder"),
    ("ja/", "この本はサーバーから開いてください", "ターミナルでフォルダー"),
])
def test_opened_from_disk_the_page_says_to_serve_it(browser, site, lang, notice, command_words):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto((site / lang / "descent" / "index.html").resolve().as_uri())
    note = page.locator(".nb-file-notice")
    expect(note).to_be_visible()
    expect(note).to_contain_text(notice)
    expect(note).to_contain_text(command_words)
    expect(note).to_contain_text("python3 -m http.server")
    expect(note).to_contain_text(str(site.resolve()))
    expect(note.get_by_role("link")).to_have_attribute("href", f"http://localhost:8000/{lang}descent/")
    assert note.bounding_box()["y"] < 400  # at the top of the page
    widget = page.locator(".nb-widget").first
    expect(widget).not_to_contain_text("JavaScript")
    expect(widget).to_contain_text("served" if not lang else "サーバー")
    ctx.close()


def test_without_javascript_the_widget_says_it_needs_javascript(browser, base_url):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(base_url + "descent/")
    expect(page.locator(".nb-widget").first).to_contain_text("needs JavaScript, which is turned off")
    expect(page.locator(".nb-file-notice")).to_have_count(0)
    ctx.close()
