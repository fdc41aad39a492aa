"""MkDocs hooks: everything the textbook adds to a plain mkdocs-material build.

* ``on_page_markdown``: a fenced block opened with ```` ```python run ````
  becomes a runnable cell (:mod:`sitebuild.cells`); without JavaScript it is
  still highlighted Python.
* ``on_page_markdown`` also turns a line ``::: widget NAME`` into a widget's
  placeholder (:mod:`sitebuild.widgets`).
* ``on_post_build``: bundles the browser code (``js/``, with esbuild, from
  npm), and lays out the Python runtime (:mod:`sitebuild.runtime`) under
  ``assets/``, so the built site loads nothing from another origin.
* ``on_page_markdown`` also keeps each page with cells for its notebook
  (:mod:`sitebuild.notebooks`), which ``on_post_build`` writes beside the
  page (``training/training.ipynb``, ``ja/training/training.ja.ipynb``);
  overrides/main.html links it next to the title. It also gives each page
  its id for the reader's progress, and the home page every chapter's
  exercise ids (js/progress.mjs).
* ``on_serve``: ``mkdocs serve`` also rebuilds when ``js/`` or ``py/`` change.

Kept as small hooks, not a theme fork, so a move to another generator stays
cheap.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from sitebuild import cells, execute, glossary, notebooks, pairs, runtime, widgets  # installed by make setup (pip install -e .)

ROOT = runtime.ROOT


class _LanguageSwitchHandled(logging.Filter):
    """mkdocs-static-i18n warns that material's language switch goes stale
    under instant navigation (the header is not re-rendered). js/language.mjs
    computes the other language's URL of the page being read at click time,
    and tests/browser/test_navigation.py checks it lands on the same page; so
    this one warning would only stop ``--strict`` builds."""

    def filter(self, record):
        return "navigation.instant" not in record.getMessage()


logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(_LanguageSwitchHandled())


_NOTEBOOKS: list[tuple] = []   # (markdown, lang, page, file name) of this build's pages with cells

DEFAULT_SITE_URL = "http://localhost/"   # mkdocs.yml's site_url when NNBOOK_SITE_URL is unset
log = logging.getLogger("mkdocs.plugins.nnbook")
_told = False


def on_config(config):
    """Stop if package.json asks for another Pyodide than js/runtime/pyodide-0.27.mjs's
    workarounds were written for. Say, when NNBOOK_SITE_URL is unset, where instant navigation will work (at
    info level: a plain note, so that ``--strict`` builds still pass)."""
    global _told
    try:
        runtime.check_pyodide_pin()   # before any page runs
    except runtime.LayoutError as err:
        raise SystemExit(f"nnbook runtime: {err}") from None
    if not os.environ.get("NNBOOK_SITE_URL") and config["site_url"] == DEFAULT_SITE_URL and not _told:
        _told = True   # once, not again for each language's build
        log.info("NNBOOK_SITE_URL is not set: pages stay instant (Python stays loaded) at the root "
                 "of any host on its standard port. For a sub-path or another port, build with "
                 "NNBOOK_SITE_URL=https://example.org/courses/nn/ (the public address).")
    return config


def _lang_of(src_uri: str) -> str:
    return "ja" if src_uri.endswith(".ja.md") else "en"


def on_pre_build(config):
    """Run every page's cells that the cache does not hold yet, in parallel
    (:mod:`sitebuild.execute`); the pages then take their outputs from it."""
    _NOTEBOOKS.clear()
    docs = Path(config["docs_dir"])
    pairs.check(docs)   # both languages: the same cells, exercises and widgets, or stop naming the page
    pages = [(path.read_text(encoding="utf-8"), _lang_of(path.name), path.relative_to(ROOT).as_posix())
             for path in sorted(docs.rglob("*.md"))]
    cells.check_ids(pages)   # a cell id used twice, or differing between the languages
    try:
        ran = execute.prepare(pages)
    except execute.BookError as err:
        raise SystemExit(f"nnbook: {err}") from None
    if ran:
        log.info(f"nnbook: ran the cells of {ran} of {len(pages)} pages (the others from build/book/)")


def wheel_url(config) -> str:
    """The nnbook wheel's address on the site (the one the pages load)."""
    name, data = runtime.own_wheel()
    return "assets/pyodide/" + runtime.wheel_path(name, data)


def on_page_markdown(markdown, page, config, files):
    lang = _lang_of(page.file.src_uri)
    markdown = glossary.expand(markdown, lang)   # docs/glossary*.md: the tables from sitebuild/terms.yml
    try:
        book = execute.book_for(markdown, lang, f"docs/{page.file.src_uri}")
    except execute.BookError as err:
        raise SystemExit(f"nnbook: {err}") from None
    markdown = execute.substitute(markdown, book)
    page.meta["nnbook_book"] = book
    marked = widgets.mark_widgets(cells.mark_cells(markdown, lang), lang)
    # overrides/main.html starts Python from the <head> of such a page
    page.meta["nnbook_python"] = 'class="nb-widget"' in marked or ".nb-cell" in marked
    page.meta["nnbook_math"] = "\\(" in marked or "\\[" in marked
    # the page's stable id (its file stem) and language, for js/progress.mjs
    stem = Path(page.file.src_uri).name.removesuffix(".md").removesuffix(".ja")
    page.meta["nnbook_chapter"], page.meta["nnbook_lang"] = stem, lang
    if ".nb-cell" in marked:
        name = f"{stem}.ja.ipynb" if lang == "ja" else f"{stem}.ipynb"
        page.meta["nnbook_notebook"] = name
        _NOTEBOOKS.append((markdown, lang, page, name, book))
    if page.file.src_uri in ("index.md", "index.ja.md"):
        page.meta["nnbook_wheel"] = wheel_url(config)
        page.meta["nnbook_exercises"] = exercises(config["docs_dir"], lang)
    return marked


def exercises(docs_dir: str, lang: str) -> dict[str, list[str]]:
    """Chapter (file stem) -> its exercise ids, for the pages of one language;
    the home page shows the reader's progress from it (js/progress.mjs)."""
    out = {}
    for path in sorted(Path(docs_dir).glob("*.md")):
        if path.name.endswith(".ja.md") != (lang == "ja"):
            continue
        ids = [b.options.get("id", "") for b in cells.split(path.read_text(encoding="utf-8"))
               if not isinstance(b, str) and b.role == "exercise"]
        if ids:
            out[path.name.removesuffix(".md").removesuffix(".ja")] = ids
    return out


def write_notebooks(config) -> None:
    """Each kept page's notebook beside its index.html; the set-up cell names
    the wheel at its address under site_url."""
    site_url = config["site_url"] or ""
    wheel = site_url + wheel_url(config) if site_url else wheel_url(config)
    for markdown, lang, page, name, book in _NOTEBOOKS:
        nb = notebooks.convert(markdown, lang, title=page.title, page_url=site_url + page.url,
                               wheel_url=wheel, site_url=site_url or None, book=book)
        target = Path(page.file.abs_dest_path).parent / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(notebooks.nbformat.writes(nb) + "\n", encoding="utf-8")


_BOOK_OUTPUT = re.compile(re.escape(cells.BOOK_OUTPUT).replace(r"\{n\}", r"(\d+)"))


def on_page_content(html, page, config, files):
    """Each run cell's output from the build under it; its figures as files beside the page."""
    book = page.meta.get("nnbook_book")
    if book is None:
        return html
    figures: dict[str, bytes] = {}
    lang = page.meta.get("nnbook_lang", "en")

    def output(m):
        shown = execute.render(book.cells.get(m[1], []), lang, figures)
        return f'<div class="nb-book-output" data-cell="{m[1]}">{shown}</div>' if shown else ""
    html = _BOOK_OUTPUT.sub(output, html)
    if 'class="nb-cell' in html:
        # room for the cells' toolbar above the first cell (js/cells/page.mjs puts it there)
        html = re.sub(r'(<div class="nb-cell)', r'<div class="nb-toolbar-slot" aria-hidden="true"></div>\n\1', html, count=1)
    if "nb-exercise" in html:
        # room for the reader's progress under the title (js/progress.mjs puts it there)
        html = html.replace("</h1>", '</h1>\n<p class="nb-progress-slot" aria-hidden="true">&nbsp;</p>', 1)
    if figures:
        folder = Path(config["site_dir"]) / Path(page.file.dest_uri).parent / "figures"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in figures.items():
            (folder / name).write_bytes(data)
    return html


_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output, page, config):
    """Drop the <link rel="alternate" hreflang> tags mkdocs-static-i18n puts
    in each page's head: mkdocs-material takes each for a language root and
    asks it for a sitemap.xml, two 404s on every page. The sitemap already
    lists each page's other language (xhtml:link), and the language switch
    in the header is handled by js/language.mjs."""
    return _ALTERNATE.sub("", output)


def _link_tree(source: Path, target: Path) -> None:
    """Copy a folder, by hard links where the file system allows."""
    for path in source.rglob("*"):
        dest = target / path.relative_to(source)
        if path.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            dest.unlink()
        try:
            os.link(path, dest)
        except OSError:
            shutil.copy2(path, dest)


def on_post_build(config):
    write_notebooks(config)
    site = Path(config["site_dir"])
    assets = site / "assets"
    # The laid-out runtime is kept between builds (NNBOOK_RUNTIME_DIR lets
    # parallel builds keep apart).
    runtime_dir = Path(os.environ.get("NNBOOK_RUNTIME_DIR", ROOT / "build" / "pyodide"))
    try:
        runtime.layout(runtime_dir)
    except runtime.LayoutError as err:
        raise SystemExit(f"nnbook runtime: {err}") from None
    _link_tree(runtime_dir, assets / "pyodide")
    node = shutil.which("node")
    if node is None:
        raise SystemExit("nnbook: Node.js is needed to bundle js/ (esbuild from npm).")
    # formulas typeset into the pages before the scripts' hashes and the precache are made
    subprocess.run([node, str(ROOT / "js" / "build" / "typeset-math.mjs"), str(site)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    subprocess.run([node, str(ROOT / "js" / "build" / "bundle.mjs"), str(assets),
                    str(runtime_dir / "nnbook-runtime.json")], check=True, cwd=ROOT)


def on_serve(server, config, builder):
    for folder in ("js", "py/nnbook", "py/cellrunner", "py/sitebuild"):
        server.watch(str(ROOT / folder))
    return server
