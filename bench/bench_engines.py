"""The cold start in Firefox and WebKit, each beside the bare Pyodide + NumPy page in the same engine.

As bench/run.py does in Chromium: a browser with an empty cache opens the scratchpad,
whose first cell already holds `import numpy as np; print(np.arange(3).sum())` (a saved
edit), and presses Run as soon as the button is there; the time from navigation to the
printed 3. Beside it the bare page (run.py's: a worker that loads Pyodide and NumPy
and prints the same), and their ratio. A new browser for every load (an empty cache);
interleaved, median of RUNS after one warm-up of the OS file cache. An engine not
installed here is left out, saying why (tooling/engines.py).

    python bench/bench_engines.py [--runs N] [--site site]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from run import BARE_HTML, BARE_WORKER, CODE  # bench/run.py, beside this script: the same bare page and code as in Chromium
from tooling import engines, static_server
from tooling.drivers import Firefox, WebKit

SCRATCHPAD_EDIT = "nnbook:v1:/scratchpad/#0"   # the scratchpad's first cell, as js/cells/cell.mjs saves it


def open_engine(name):
    return Firefox(engines.firefox()) if name == "firefox" else WebKit(engines.minibrowser())


def cold_start(name, url, book):
    """Seconds from navigation to the first output "3", in a new browser."""
    browser = open_engine(name)
    try:
        if book:  # the saved edit, set on a page of the same origin that loads nothing
            browser.goto(url + "nnbook-bench-no-such-page", mounted=False)
            browser.call("remember", SCRATCHPAD_EDIT, CODE)
            browser.goto(url + "scratchpad/", mounted=False)
        else:
            browser.goto(url + "bare/", mounted=False)
        return browser.call("firstOutput", "3", book, 180_000) / 1000
    finally:
        browser.close()


def measure(site, runs):
    root = Path(tempfile.mkdtemp(prefix="nnbook-bench-engines-"))
    (root / "bare").mkdir()
    os.symlink(site.resolve() / "assets", root / "bare" / "assets")
    (root / "bare" / "index.html").write_text(BARE_HTML)
    (root / "bare" / "bare-worker.js").write_text(BARE_WORKER)
    server, url = static_server.start(site)
    bare_server, bare_url = static_server.start(root)
    results = {}
    try:
        for name in engines.ENGINES:
            gaps = engines.missing(name)
            if gaps:
                results[name] = "; ".join(gaps)
                continue
            cold_start(name, url, True)  # warm-up: the OS file cache
            book, bare = [], []
            for _ in range(runs):  # interleaved, so drift hits both alike
                book.append(cold_start(name, url, True))
                bare.append(cold_start(name, bare_url, False))
            results[name] = (book, bare)
    finally:
        server.shutdown()
        bare_server.shutdown()
        shutil.rmtree(root)
    return results


def report(results, runs):
    lines = [f"Cold start in the other engines (median of {runs} runs, a new browser each)"]
    for name, result in results.items():
        title = f"{engines.TITLES[name]} {engines.version(name)}".strip()
        if isinstance(result, str):
            lines.append(f"  {title}: not measured here ({result})")
            continue
        book, bare = (statistics.median(v) for v in result)
        runs_of = lambda values: ", ".join(f"{v:.2f}" for v in values)  # noqa: E731
        lines.append(f"  {title}")
        lines.append(f"    cold start, scratchpad, Run at once:  {book:6.2f} s   (runs: {runs_of(result[0])})")
        lines.append(f"    bare page, Pyodide + NumPy only:      {bare:6.2f} s   (runs: {runs_of(result[1])})")
        lines.append(f"    ratio to the floor:                   {book / bare:6.3f}")
    return "\n".join(lines)


def main(site=ROOT / "site", runs=5):
    if not (site / "assets" / "pyodide" / "pyodide.asm.wasm").exists():
        sys.exit(f"no built site in {site}: run `make build` first")
    print()
    print(report(measure(site, runs), runs))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    main(args.site, args.runs)
