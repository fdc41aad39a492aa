"""Every page, in both languages: nothing moves while it gets ready; every cell runs in order
without an error, and
what Pyodide computes in the browser is what the book says it computes (the
output the build wrote under each cell from CPython: text exactly, numbers to
their printed precision, figures by size); the page asks no other origin for
anything (and nothing of its own that is missing), and axe-core finds no serious
or critical accessibility violation. Pages are found from docs/, so a new
chapter is covered the day it is written."""

import math
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpers import serious_axe_violations, settled_layout_shift

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


# Cells whose output may differ between the build and the browser, found by a line of their code
# (page, code), and why: the build runs the same Pyodide, so only time and the machine differ.
PLATFORM_CELLS: dict[tuple[str, str], str] = {
    ("backpropagation", "time.perf_counter()"): "prints how long the two gradients took on this machine",
}

# Each output of a cell as text: what a reader reads (figures as their size), the book's from the
# page as the server sent it, the browser's from the live cell.
OUTPUTS = """async () => {
  const describe = (root) => [...root.querySelectorAll(".nb-out")].map((e) => {
    const img = e.querySelector("img");
    if (img) {
      if (!img.complete) img.loading = "eager";
      return { kind: "figure", img };
    }
    return { kind: e.className.replace(/.*nb-out--/, ""), text: e.textContent };
  });
  const size = async (item) => {
    if (item.kind !== "figure") return item;
    const img = item.img;
    if (!img.complete || !img.naturalWidth) await img.decode().catch(() => {});
    return { kind: "figure", text: `${img.naturalWidth}x${img.naturalHeight}` };
  };
  const html = await (await fetch(location.href, { cache: "no-store" })).text();
  const doc = new DOMParser().parseFromString(html, "text/html");
  const base = document.createElement("base");
  base.href = location.href;
  doc.head.prepend(base);
  const book = {};
  for (const out of doc.querySelectorAll(".nb-book-output[data-cell]")) {
    book[out.dataset.cell] = describe(out);
    for (const item of book[out.dataset.cell]) if (item.img) item.img = Object.assign(new Image(), { src: new URL(item.img.getAttribute("src"), location.href).href });
  }
  const cells = [...document.querySelectorAll("div.nb-cell")];
  const result = [];
  for (const [i, cell] of cells.entries()) {
    if (cell.classList.contains("nb-exercise")) continue;
    result.push({ cell: i + 1, code: globalThis.nnbook.page.cells[i].original, book: await Promise.all((book[String(i + 1)] || []).map(size)),
                  live: await Promise.all(describe(cell.querySelector(".nb-cell__output")).map(size)) });
  }
  return result;
}"""

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def same_to_printed_precision(book: str, live: str) -> bool:
    """The same text, each integer the same, each other number equal to within one unit
    of the last digit printed (or a relative 1e-12, for numbers printed in full):
    CPython and Pyodide's NumPy may round the last digit differently."""
    if NUMBER.sub("#", book) != NUMBER.sub("#", live):
        return False
    for a, b in zip(NUMBER.findall(book), NUMBER.findall(live)):
        if a == b:
            continue
        if not re.search("[.eE]", a):   # counts and iterations: exactly
            return False
        decimals = len(a.split(".")[1].split("e")[0].split("E")[0]) if "." in a else 0
        exponent = int(re.split("[eE]", a)[1]) if re.search("[eE]", a) else 0
        unit = 10.0 ** (exponent - decimals)
        x, y = float(a), float(b)
        if not math.isclose(x, y, rel_tol=1e-12, abs_tol=1.01 * unit):
            return False
    return True


def differences(path, outputs):
    """Where the browser's output is not the book's: one line each."""
    bad = []
    stem = path.strip("/").removeprefix("ja/") or "index"
    for item in outputs:
        if any(page == stem and line in item["code"] for page, line in PLATFORM_CELLS):
            continue
        book, live = item["book"], item["live"]
        kinds = ([o["kind"] for o in book], [o["kind"] for o in live])
        if kinds[0] != kinds[1]:
            bad.append(f"cell {item['cell']}: the book shows {kinds[0]}, the browser {kinds[1]}")
            continue
        for b, l in zip(book, live):
            if not same_to_printed_precision(b["text"], l["text"]):
                bad.append(f"cell {item['cell']} ({b['kind']}): book {b['text'][:300]!r}\n"
                           f"    browser {l['text'][:300]!r}")
    return bad


def test_outputs_compare_to_printed_precision():
    assert same_to_printed_precision("E = 0.8571 after 131", "E = 0.8572 after 131")
    assert not same_to_printed_precision("E = 0.8571 after 131", "E = 0.8574 after 131")
    assert not same_to_printed_precision("after 131", "after 132")
    assert same_to_printed_precision("[0.03152567940659065]", "[0.03152567940659063]")
    assert same_to_printed_precision("2.5e-05", "2.6e-05")
    assert not same_to_printed_precision("converged", "diverged")


@pytest.mark.parametrize("path", page_paths())
def test_every_cell_runs_nothing_foreign_no_serious_a11y_issue(page, base_url, path):
    page.goto(base_url + path)
    cells = page.locator("div.nb-cell")
    # nothing moves while the page gets ready (the book's outputs and formulas are in place, room is
    # kept for the editors' bars and the widgets): cumulative layout shift, as Chrome measures it
    shift = settled_layout_shift(page)
    assert shift <= 0.05, f"{path}: the page moved while getting ready (layout shift {shift:.3f})"
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
        # the strongest check the book has: Pyodide computes what the book (CPython) says
        bad = differences(path, page.evaluate(OUTPUTS))
        assert bad == [], f"{path}: the browser's output differs from the book's:\n" + "\n".join(bad)
    assert page.recorder.errors == [], page.recorder.errors
    assert page.recorder.foreign(base_url.rstrip("/")) == []
    assert page.recorder.failed == []  # no broken link to a file of our own
    bad = serious_axe_violations(page)
    assert bad == [], "\n".join(bad)
