"""`make bench`: the textbook's speed figures, printed (not asserted).

From headless Chromium on the built site (served on 127.0.0.1), median of
RUNS runs each:

1. cold start: a fresh browser profile (empty cache) opens the scratchpad
   and presses Run at once on `import numpy as np; print(np.arange(3).sum())`;
   time from navigation to the printed 3; beside a bare page that only loads
   Pyodide + NumPy in a worker from the same server and prints the same (the
   floor); their ratio, measured in the same run;
2. first output after instant navigation to a second page (the runtime is
   already loaded): from the click on the link to the cell's output;
3. bytes transferred on the first load of a page with cells; and the
   textbook's own scripts a page loads (a page with cells and no widget, a
   page with three widgets) beside the single bundle every page loaded
   before the code was split (all the chunks together, measured in the
   same build);
4. nnbook in CPython and in Pyodide (Chromium): training iterations per
   second, vectorised versus per image, and the time to train the slide set
   to E < 0.01 once the runtime is loaded;
5. the trainer widget (bench/bench_trainer.py): frames per second of its E
   curve while training, and the time from Start to E < 0.01.

    python bench/run.py [--runs N] [--site site]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "py"))

from sitebuild import browser as chromium, static_server  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import bench_trainer  # noqa: E402

CODE = "import numpy as np; print(np.arange(3).sum())"

BARE_HTML = """<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>
<pre id="out"></pre>
<script>
const w = new Worker("bare-worker.js");
w.onmessage = (ev) => { document.getElementById("out").textContent = ev.data; };
</script>"""
BARE_WORKER = """importScripts("assets/pyodide/pyodide.js");
(async () => {
  const pyodide = await loadPyodide({ indexURL: new URL("assets/pyodide/", location.href).href });
  await pyodide.loadPackage("numpy");
  let out = "";
  pyodide.setStdout({ batched: (t) => { out += t; } });
  pyodide.runPython(%s);
  postMessage(out.trim());
})();""" % json.dumps(CODE)

# Records when the first cell's output first reads "3" (performance.now():
# milliseconds since navigation started).
WATCH_OUTPUT = """
new MutationObserver((_, obs) => {
  const out = document.querySelector('.nb-cell__output, #out');
  if (out && out.textContent.trim() === '3' && !window.__firstOutput) {
    window.__firstOutput = performance.now();
    obs.disconnect();
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def median(values):
    return statistics.median(values)


def cold_start(browser, url, press_run):
    ctx = browser.new_context()
    page = ctx.new_page()
    sizes = []
    page.on("requestfinished", lambda r: sizes.append(r))
    page.add_init_script(WATCH_OUTPUT)
    if press_run:
        # the reader's code is in the cell (as saved edits would be) before the page runs
        page.add_init_script(
            "localStorage.setItem('nnbook:v1:' + location.pathname + '#0', %s)" % json.dumps(CODE))
    page.goto(url)
    if press_run:
        page.get_by_role("button", name="Run", exact=True).first.click()
    page.wait_for_function("window.__firstOutput", timeout=120_000, polling=20)
    ms = page.evaluate("window.__firstOutput")
    transferred = 0
    for request in sizes:
        try:
            s = request.sizes()
            transferred += s["responseBodySize"] + s["responseHeadersSize"]
        except Exception:
            pass
    ctx.close()
    return ms, transferred


def script_bytes(browser, url):
    """Bytes of the textbook's own scripts (assets/nnbook/, not the Python
    runtime) that the page at `url` loads, once its widgets are mounted."""
    ctx = browser.new_context()
    page = ctx.new_page()
    loaded = {}
    page.on("response", lambda r: loaded.setdefault(r.url, r) if "/assets/nnbook/" in r.url
            and r.url.endswith(".js") else None)
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.nnbook === 'ready'", timeout=120_000)
    total = sum(len(r.body()) for r in loaded.values())
    ctx.close()
    return total, len(loaded)


def single_bundle_bytes(site):
    """What one bundle of all the textbook's page code weighs: the entry and every chunk,
    and the boot script (every page with cells loads it)."""
    out = site / "assets" / "nnbook"
    files = [out / "textbook.js", out / "boot.js", *sorted((out / "chunks").glob("*.js"))]
    return sum(f.stat().st_size for f in files if f.exists())


# In the page: click the nav link, press the new page's first Run as soon as
# it is there, resolve when its output shows (times from the click, in ms).
NAVIGATE_AND_RUN = """(target) => new Promise((resolve) => {
  const t = {};
  const link = [...document.querySelectorAll('.md-nav--primary a')]
    .find((a) => new URL(a.href).pathname.endsWith('/' + target + '/'));
  const obs = new MutationObserver(() => {
    if (!t.mounted && location.pathname.endsWith('/' + target + '/')) {
      const run = document.querySelector('.nb-cell--live .nb-run');
      if (run) { t.mounted = performance.now() - t.start; run.click(); }
    }
    const out = t.mounted && document.querySelector('.nb-cell__output');
    if (out && out.textContent.trim() === '3') {
      t.output = performance.now() - t.start;
      obs.disconnect();
      resolve(t);
    }
  });
  obs.observe(document.body, {subtree: true, childList: true, characterData: true});
  window.__same = true;
  t.start = performance.now();
  link.click();
})"""


def after_instant_navigation(browser, base):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(base + "example/")
    page.get_by_role("status").filter(has_text="ready").wait_for(timeout=120_000)
    page.evaluate("localStorage.setItem('nnbook:v1:' + new URL('../scratchpad/', location.href).pathname + '#0', %s)"
                  % json.dumps(CODE))
    t = page.evaluate(NAVIGATE_AND_RUN, "scratchpad")
    instant = page.evaluate("window.__same === true")
    ctx.close()
    return t["output"] / 1000, instant


def nnbook_in_chromium(browser, base):
    ctx = browser.new_context()
    page = ctx.new_page()
    code = ("import json, nnbook.bench\n"
            "r = nnbook.bench.run(repeats=5)\n"
            "print(json.dumps(r))")
    page.add_init_script("localStorage.setItem('nnbook:v1:' + location.pathname + '#0', %s)" % json.dumps(code))
    page.goto(base + "scratchpad/")
    page.get_by_role("button", name="Run", exact=True).first.click()
    cell = page.locator("div.nb-cell").first
    cell.and_(page.locator("[data-state=done]")).wait_for(timeout=600_000)
    text = cell.locator(".nb-cell__output").inner_text()
    ctx.close()
    return json.loads(text)


def main():
    parser = argparse.ArgumentParser(description="Print the textbook's speed figures.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    if not (args.site / "assets" / "pyodide" / "pyodide.asm.wasm").exists():
        sys.exit(f"no built site in {args.site}: run `make build` first")

    # The site and the bare page side by side, from one server.
    root = Path(tempfile.mkdtemp(prefix="nnbook-bench-"))
    (root / "bare").mkdir()
    os.symlink(args.site.resolve() / "assets", root / "bare" / "assets")
    (root / "bare" / "index.html").write_text(BARE_HTML)
    (root / "bare" / "bare-worker.js").write_text(BARE_WORKER)
    sitemap = (args.site / "sitemap.xml").read_text()
    site_url = sitemap.split("<loc>", 1)[1].split("</loc>", 1)[0]
    port = int(site_url.rstrip("/").rsplit(":", 1)[1]) if site_url.count(":") == 2 else 0
    try:
        server, url = static_server.start(args.site, port=port)
    except OSError:
        server, url = static_server.start(args.site)
    bare_server, bare_url = static_server.start(root)

    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(**chromium.launch_options())
        cold_book, cold_bare, sizes = [], [], []
        cold_start(b, url + "scratchpad/", True)  # one warm-up of the OS file cache
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            ms, size = cold_start(b, url + "scratchpad/", True)
            cold_book.append(ms / 1000)
            sizes.append(size)
            ms, _ = cold_start(b, bare_url + "bare/", False)
            cold_bare.append(ms / 1000)
        nav = [after_instant_navigation(b, url) for _ in range(args.runs)]
        page_scripts = {name: script_bytes(b, url + path)
                        for name, path in (("cells, no widget (scratchpad)", "scratchpad/"),
                                           ("three widgets (ct-network)", "ct-network/"))}
        in_browser = nnbook_in_chromium(b, url)
        trainer = bench_trainer.measure(b, url)
        b.close()
    server.shutdown()
    bare_server.shutdown()
    shutil.rmtree(root)

    import nnbook.bench
    in_cpython = nnbook.bench.run(repeats=5)

    book, bare = median(cold_book), median(cold_bare)
    nav_s = median([t for t, _ in nav])
    print(f"Runtime (headless Chromium, median of {args.runs} runs)")
    print(f"  cold start, scratchpad, Run at once:   {book:6.2f} s   (runs: {', '.join(f'{v:.2f}' for v in cold_book)})")
    print(f"  bare page, Pyodide + NumPy only:       {bare:6.2f} s   (runs: {', '.join(f'{v:.2f}' for v in cold_bare)})")
    print(f"  ratio to the floor:                    {book / bare:6.3f}    (target ≤ 1.15)")
    print(f"  first output after instant navigation: {nav_s:6.3f} s   (target ≤ 0.3; "
          f"instant in {sum(i for _, i in nav)}/{len(nav)} runs)")
    print(f"  bytes transferred, first load:         {median(sizes) / 1e6:6.2f} MB")
    bundle = single_bundle_bytes(args.site)
    print(f"  the textbook's scripts a page loads, beside one bundle of all of them ({bundle / 1e3:.0f} kB):")
    for name, (size, count) in page_scripts.items():
        print(f"    {name + ':':34s} {size / 1e3:6.0f} kB in {count} files  ({size / bundle:.0%} of the bundle)")
    print()
    print("nnbook, training iterations per second (full batch: forward, backprop, update)")
    print(f"  {'':28s} {'CPython':>12s} {'Pyodide':>12s} {'CPython/Pyodide':>16s}")
    for key, title in (("slide_set", "slide set (9 images)"), ("letter_set", "letter set")):
        for method, label in (("vectorised_its", "vectorised"), ("per_image_its", "per image")):
            c, w = in_cpython[key][method], in_browser[key][method]
            print(f"  {title + ', ' + label:28s} {c:12.0f} {w:12.0f} {c / w:16.2f}")
        print(f"  {title + ', vectorised/per image':28s} {in_cpython[key]['ratio']:12.1f} "
              f"{in_browser[key]['ratio']:12.1f}")
    ratio = in_cpython["letter_set"]["ratio"]
    print(f"  vectorised ≥ 10× per image on the letter set in CPython: {'yes' if ratio >= 10 else 'NO'} ({ratio:.0f}×)")
    t_c, t_w = in_cpython["time_to_epsilon"], in_browser["time_to_epsilon"]
    print(f"  slide set to E < 0.01 (steepest descent, seed 0): CPython {t_c['seconds'] * 1000:.1f} ms, "
          f"Chromium {t_w['seconds'] * 1000:.1f} ms in {t_w['iterations']} iterations (target < 200 ms)")
    print()
    print(bench_trainer.report(trainer))
    __import__("bench_engines").main(args.site, args.runs)  # Firefox and WebKit: bench/bench_engines.py


if __name__ == "__main__":
    main()
