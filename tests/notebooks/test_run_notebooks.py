"""Every chapter's notebook, as the site serves it, runs top to bottom in CPython (nbclient + ipykernel).

The kernel imports nnbook from py/ (PYTHONPATH), as an installed wheel would
give it. A cell tagged raises-exception (a page's ``expect=error`` cell) may
raise; any other error fails the test, naming the notebook and the cell.
Notebooks run in parallel (NNBOOK_NOTEBOOK_WORKERS, default 2); the total
time is printed (pytest -s, or in the summary with -rA).
"""

from __future__ import annotations

import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from sitebuild.notebooks import uncomment_solution

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colours in IPython tracebacks
WORKERS = int(os.environ.get("NNBOOK_NOTEBOOK_WORKERS", "2"))


def with_solutions_run(nb):
    """The notebook as a reader who gives up on each exercise runs it: after
    the check (on the starting code), the solution, uncommented, and the check
    again, which must then say ✓; the later cells run with the solution."""
    solutions = {c.metadata.nnbook["id"]: c for c in nb.cells
                 if c.get("metadata", {}).get("nnbook", {}).get("role") == "solution"}
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        meta = cell.get("metadata", {}).get("nnbook", {})
        if meta.get("role") == "check" and meta["id"] in solutions:
            cells.append(nbformat.v4.new_code_cell(uncomment_solution(solutions[meta["id"]].source),
                                                   metadata={"nnbook": {"role": "solution-run"}}))
            cells.append(nbformat.v4.new_code_cell(cell.source, metadata={
                "nnbook": {"role": "check-after-solution", "id": meta["id"]}}))
    nb.cells = cells
    return nb


def execute(path: Path, tmp: Path):
    """Run one notebook; (path, None, seconds, notebook) or (path, error text, seconds, None)."""
    nb = with_solutions_run(nbformat.read(path, as_version=4))
    work = tmp / path.stem
    work.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(nb, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(work)}})
    start = time.monotonic()
    try:
        client.execute(env=dict(os.environ, PYTHONPATH=str(ROOT / "py")))
    except CellExecutionError as err:
        return path, ANSI.sub("", str(err))[-3000:], time.monotonic() - start, None
    return path, None, time.monotonic() - start, nb


@pytest.fixture(scope="session")
def executed(site, tmp_path_factory):
    paths = sorted(site.rglob("*.ipynb"))
    tmp = tmp_path_factory.mktemp("notebooks")
    start = time.monotonic()
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda p: execute(p, tmp), paths))
    total = time.monotonic() - start
    print(f"\n{len(paths)} notebooks ran in {total:.1f} s ({WORKERS} at a time): "
          + ", ".join(f"{p.name} {s:.1f} s" for p, _, s, _ in results))
    return results


def test_every_chapter_has_a_notebook_in_both_languages(site):
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    notebooks = {p.parent.relative_to(site).as_posix() for p in site.rglob("*.ipynb")}
    for chapter in ("neurons", "activation", "ct-network", "error", "descent", "backpropagation",
                    "training", "techniques", "playground"):
        assert chapter in pages and chapter in notebooks, chapter
        assert f"ja/{chapter}" in notebooks, f"ja/{chapter}"


def test_every_notebook_runs_top_to_bottom_in_cpython(executed):
    failures = [f"{path.relative_to(path.parents[1])}:\n{error}" for path, error, _, _ in executed if error]
    assert not failures, "\n\n".join(failures)


def stream(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_checks_run_on_the_starting_code_and_say_not_yet(executed):
    """The reader's starting code is not a solution: every check cell runs and
    prints the page's "Not yet" feedback, not ✓."""
    checks = 0
    for path, error, _, nb in executed:
        if error:
            continue
        for cell in nb.cells:
            if cell.get("metadata", {}).get("nnbook", {}).get("role") == "check":
                text = stream(cell)
                checks += 1
                assert "✗" in text and "✓" not in text, f"{path.name} {cell.metadata.nnbook['id']}: {text!r}"
    assert checks > 0


def test_every_solution_passes_its_check_in_cpython(executed):
    checked = []
    for path, error, _, nb in executed:
        if error:
            continue
        for cell in nb.cells:
            if cell.metadata.get("nnbook", {}).get("role") == "check-after-solution":
                text = stream(cell)
                assert "✓" in text and "✗" not in text, f"{path.name} {cell.metadata.nnbook['id']}: {text!r}"
                checked.append(cell.metadata.nnbook["id"])
    assert len(checked) >= 15, checked


def test_a_run_goes_on_past_an_expect_error_cell_and_stops_at_any_other_error(tmp_path):
    """No chapter has an ``expect=error`` cell today; this page stands for one."""
    from sitebuild.notebooks import convert
    fence = "```"
    page = (f"{fence}python run expect=error\n1 / 0\n{fence}\n\n{fence}python run\nprint('went on')\n{fence}\n\n"
            f"{fence}python run\nundefined_name\n{fence}\n\n{fence}python run\nprint('never')\n{fence}\n")
    nb = convert(page)
    client = NotebookClient(nb, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(tmp_path)}})
    with pytest.raises(CellExecutionError, match="NameError"):
        client.execute(env=dict(os.environ, PYTHONPATH=str(ROOT / "py")))
    runs = [c for c in nb.cells if c.get("metadata", {}).get("nnbook", {}).get("role") == "run"]
    assert [o.ename for o in runs[0].outputs if o.output_type == "error"] == ["ZeroDivisionError"]
    assert stream(runs[1]) == "went on\n"
    assert runs[3].outputs == []
