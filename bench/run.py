"""`make bench`: the textbook's speed figures, printed (not asserted).

From headless Chromium on the built site (served on 127.0.0.1), median of
RUNS runs each, the start-up figures side by side:

1. cold: a fresh browser profile (empty cache) opens chapter 3 (ct-network,
   three widgets) and presses its first cell's Run at once; time from
   navigation to that cell done; beside a bare page that loads Pyodide then
   NumPy in a worker from the same kind of server and prints a result (the
   floor), and their ratio (target ≤ 0.95), measured in the same run; both
   again over emulated Wi-Fi (40 Mbit/s), where downloads take their time;
2. repeat visits: the same browser profile (a persistent one, as a reader's
   browser keeps it), a new tab, the same chapter and Run: the return (the
   service worker's files, no memory snapshot yet: it is kept from the return
   on) and the visit after it (Python restored from the snapshot; target ≤ 0.5×
   the floor); they use whatever the site leaves behind (HTTP cache, compiled
   code, the service worker);
3. offline repeat visit: the same with the network off ("n/a" and why, if the
   page cannot open offline);
4. warm: first output after instant navigation to a second page (the runtime
   is already loaded), from the click on the link (target ≤ 0.3 s);

and then:

5. the first visit (bench/bench_firstvisit.py): its bytes counted at the
   server, service worker included, in a fresh context and a persistent
   profile, with any file served twice; reading mode's bytes before the first
   Run; the Run buttons' time after DOMContentLoaded; the snapshot's choice
   both ways over Wi-Fi; an emulated mid-range phone (CPU 4×, 10 Mbit/s);
   bytes transferred on the first load of chapter 3 (as the page counts them); and the textbook's own
   scripts a page loads (a page with cells and no widget, a page with three
   widgets) beside the single bundle every page loaded before the code was
   split (all the chunks together, measured in the same build);
6. nnbook in CPython and in Pyodide (Chromium): training iterations per
   second, vectorised versus per image, and the time to train the slide set
   to E < 0.01 once the runtime is loaded;
7. the trainer widget (bench/bench_trainer.py): frames per second of its E
   curve while training, and the time from Start to E < 0.01;
8. the cold start in Firefox and WebKit beside the bare page in the same
   engine (bench/bench_engines.py);
9. the book before Python (bench/bench_book.py): on a cold chapter 3, the
   first visible output (the book's) beside Python ready.

    python bench/run.py [--runs N] [--site site] [--only start]
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
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]

import bench_book  # the benchmarks beside this script
import bench_firstvisit as fv
import bench_trainer
from tooling import browser as chromium, static_server

CODE = "import numpy as np; print(np.arange(3).sum())"
CHAPTER = "ct-network/"   # chapter 3: cells and three widgets

BARE_HTML = """<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>
<pre id="out"></pre>
<script>
const w = new Worker("bare-worker.js");
w.onmessage = (ev) => {
  document.getElementById("out").textContent = ev.data;
  window.__t = { done: performance.now() };
};
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

# In the page, from its first script on: press the first cell's Run the moment
# it exists, and note when that cell is done (performance.now(): milliseconds
# since navigation started).
PRESS_FIRST_RUN = """
window.__t = {};
new MutationObserver((_, obs) => {
  const cell = document.querySelector('div.nb-cell');
  const run = cell && cell.querySelector('.nb-run');
  if (run && !window.__t.pressed) { window.__t.pressed = performance.now(); run.click(); }
  if (window.__t.pressed && cell.dataset.state === 'done') {
    window.__t.done = performance.now();
    obs.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'class']});
"""


def median(values):
    return statistics.median(values)


def _transferred(requests):
    total = 0
    for request in requests:
        try:
            s = request.sizes()
            total += s["responseBodySize"] + s["responseHeadersSize"]
        except Exception:
            pass
    return total


# A class on Wi-Fi: 40 Mbit/s down, 20 ms (Chromium's network emulation, which
# also holds back the worker's downloads).
WIFI = {"offline": False, "latency": 20, "downloadThroughput": 5_000_000, "uploadThroughput": 2_000_000}


def _new_page(context, network=None):
    page = context.new_page()
    if network:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", network)
    return page


def first_cell_done(context, url, network=None):
    """Open `url` in a new tab of `context`, press the first Run at once; seconds
    from navigation to that cell done, the bytes the tab transferred, and when the
    worker finished each stage of its start."""
    page = _new_page(context, network)
    requests = []
    page.on("requestfinished", lambda r: requests.append(r))
    page.add_init_script(PRESS_FIRST_RUN)
    page.goto(url)
    page.wait_for_function("window.__t && window.__t.done", timeout=180_000, polling=20)
    seconds = page.evaluate("window.__t.done") / 1000
    size = _transferred(requests)
    stages = page.evaluate("""() => {
      const t = globalThis.nnbook.runtime.startTimings;
      if (!t) return null;
      const shift = t.origin - performance.timeOrigin;  // the worker's clock on the page's
      return Object.fromEntries(['core', 'packages', 'imports'].map((k) => [k, (t[k] + shift) / 1000]));
    }""")
    page.close()
    return seconds, size, stages


def cold(browser, url, network=None):
    """Chapter 3 in a fresh profile: (seconds to the first cell done, bytes, the worker's stages)."""
    ctx = browser.new_context()
    try:
        return first_cell_done(ctx, url, network)
    finally:
        ctx.close()


def bare(browser, url, network=None):
    """The floor: a bare page loading Pyodide then NumPy in a worker, printing a result."""
    ctx = browser.new_context()
    page = _new_page(ctx, network)
    page.goto(url)
    page.wait_for_function("window.__t && window.__t.done", timeout=180_000, polling=20)
    seconds = page.evaluate("window.__t.done") / 1000
    ctx.close()
    return seconds


def _settle(page):
    """Let a first visit finish what it leaves behind: Python ready, the widgets'
    first answers, a service worker (if the site registers one) active."""
    page.wait_for_function("document.documentElement.dataset.nnbook === 'ready' && "
                           "globalThis.nnbook.runtime.state === 'ready' && "
                           "!document.querySelector('[data-waiting]')", timeout=180_000)
    page.evaluate("""() => navigator.serviceWorker ? Promise.race([
        navigator.serviceWorker.getRegistration().then((r) => r && navigator.serviceWorker.ready),
        new Promise((resolve) => setTimeout(resolve, 15000))]) : null""")


def repeat_visits(pw, url, profile):
    """A reader's browser profile: a first visit to chapter 3, then a new tab on
    the same chapter (the return, online; the snapshot is kept after it), then one
    more (restored from the snapshot), then one with the network off. Returns
    (seconds of the return, seconds restored, seconds offline or the reason it failed)."""
    ctx = pw.chromium.launch_persistent_context(str(profile), **chromium.launch_options())
    try:
        ctx.set_default_timeout(180_000)
        first = ctx.new_page()
        first.goto(url)
        _settle(first)
        first.close()
        back, _, _ = first_cell_done(ctx, url)
        kept = ctx.new_page()
        kept.goto(url)
        fv.wait_until(kept, fv.SNAPSHOT_KEPT)
        kept.close()
        online, _, _ = first_cell_done(ctx, url)
        ctx.set_offline(True)
        try:
            offline, _, _ = first_cell_done(ctx, url)
        except Exception as err:  # no service worker: the browser's offline error page
            offline = str(err).splitlines()[0][:80]
        return back, online, offline
    finally:
        ctx.close()


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
    parser.add_argument("--only", choices=("start", "all"), default="all",
                        help="start: only the start-up figures (1-4)")
    args = parser.parse_args()
    if not (args.site / "assets" / "pyodide" / "pyodide.asm.wasm").exists():
        sys.exit(f"no built site in {args.site}: run `make build` first")

    # The site at the port of its site_url (instant navigation needs it), the
    # bare page from a server of the same kind, over the same files.
    root = Path(tempfile.mkdtemp(prefix="nnbook-bench-"))
    (root / "bare").mkdir()
    os.symlink(args.site.resolve() / "assets", root / "bare" / "assets")
    (root / "bare" / "index.html").write_text(BARE_HTML)
    (root / "bare" / "bare-worker.js").write_text(BARE_WORKER)
    sitemap = (args.site / "sitemap.xml").read_text()
    site_url = sitemap.split("<loc>", 1)[1].split("</loc>", 1)[0]
    port = urlsplit(site_url).port or 0
    try:
        server, url = static_server.start(args.site, port=port, log=True)
    except OSError:
        server, url = static_server.start(args.site, log=True)
    bare_server, bare_url = static_server.start(root)

    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(**chromium.launch_options())
        cold_book, cold_bare, sizes, stages, repeat, offline = [], [], [], [], [], []
        wifi_book, wifi_bare, returns = [], [], []
        fresh_bytes, profile_bytes, reading, buttons, phone, ways = [], [], [], [], [], []
        cold(b, url + CHAPTER)  # one warm-up of the OS file cache
        for i in range(args.runs):  # interleaved, so drift hits them alike
            seconds, size, stage = cold(b, url + CHAPTER)
            cold_book.append(seconds)
            sizes.append(size)
            stages.append(stage)
            cold_bare.append(bare(b, bare_url + "bare/"))
            wifi_book.append(cold(b, url + CHAPTER, WIFI)[0])
            wifi_bare.append(bare(b, bare_url + "bare/", WIFI))
            back, online, off = repeat_visits(p, url + CHAPTER, root / f"profile-{i}")
            returns.append(back)
            repeat.append(online)
            offline.append(off)
            ctx = b.new_context()
            fresh_bytes.append(fv.first_visit_bytes(server, ctx, url + CHAPTER))
            ctx.close()
            ctx = p.chromium.launch_persistent_context(str(root / f"bytes-{i}"), **chromium.launch_options())
            profile_bytes.append(fv.first_visit_bytes(server, ctx, url + CHAPTER))
            ctx.close()
            reading.append(fv.reading_mode_bytes(server, b, url + CHAPTER))
            buttons.append(fv.run_buttons(b, url + CHAPTER))
            phone.append(fv.run_buttons(b, url + CHAPTER, fv.PHONE_NET, fv.PHONE_CPU))
            ways.append(fv.snapshot_both_ways(p, url + CHAPTER, root / f"ways-{i}"))
        nav = [after_instant_navigation(b, url) for _ in range(args.runs)]
        book_first = bench_book.measure(b, url + CHAPTER, runs=args.runs)
        if args.only == "all":
            page_scripts = {name: script_bytes(b, url + path)
                            for name, path in (("cells, no widget (scratchpad)", "scratchpad/"),
                                               ("three widgets (ct-network)", "ct-network/"))}
            in_browser = nnbook_in_chromium(b, url)
            trainer = bench_trainer.measure(b, url)
        b.close()
    server.shutdown()
    bare_server.shutdown()
    shutil.rmtree(root, ignore_errors=True)

    runs = lambda values: ", ".join(f"{v:.2f}" for v in values)  # noqa: E731
    book, floor, again = median(cold_book), median(cold_bare), median(repeat)
    nav_s = median([t for t, _ in nav])
    print(bench_book.report(book_first))
    print()
    print(f"Start-up (headless Chromium, {url}, median of {args.runs} runs, same run)")
    print(f"  floor: bare page, Pyodide then NumPy:    {floor:6.2f} s   (runs: {runs(cold_bare)})")
    print(f"  cold: chapter 3, first cell's Run at once: {book:6.2f} s   (runs: {runs(cold_book)})")
    print(f"    ratio to the floor:                    {book / floor:6.3f}   (target ≤ 0.95)")
    if all(stages):
        where = {k: median([s[k] for s in stages]) for k in ("core", "packages", "imports")}
        print(f"    where it goes (s from navigation): Pyodide's core {where['core']:.2f}, NumPy and nnbook "
              f"loaded {where['packages']:.2f}, imported (ready) {where['imports']:.2f}, first cell done {book:.2f}")
    wifi, wifi_floor = median(wifi_book), median(wifi_bare)
    print(f"  the same over emulated Wi-Fi ({WIFI['downloadThroughput'] * 8 / 1e6:.0f} Mbit/s, {WIFI['latency']} ms):")
    print(f"    floor:                                 {wifi_floor:6.2f} s   (runs: {runs(wifi_bare)})")
    print(f"    cold, chapter 3:                       {wifi:6.2f} s   (runs: {runs(wifi_book)})")
    print(f"    ratio to the floor:                    {wifi / wifi_floor:6.3f}   (target ≤ 0.95)")
    print(f"  the return (same profile, new tab; service worker, no snapshot yet): {median(returns):6.2f} s   "
          f"(runs: {runs(returns)})")
    print(f"    ratio to the floor:                    {median(returns) / floor:6.3f}")
    print(f"  repeat visit (the one after: restored from the snapshot): {again:6.2f} s   (runs: {runs(repeat)})")
    print(f"    ratio to the floor:                    {again / floor:6.3f}   (target ≤ 0.5)")
    failed = [o for o in offline if isinstance(o, str)]
    if failed:
        print(f"  offline repeat visit:                        n/a   ({len(failed)}/{len(offline)} runs could "
              f"not open the page offline: {failed[0]})")
    else:
        print(f"  offline repeat visit:                      {median(offline):6.2f} s   (runs: {runs(offline)})")
        print(f"    ratio to the floor:                    {median(offline) / floor:6.3f}   (target ≤ 0.5)")
    print(f"  warm: first output after instant navigation: {nav_s:6.3f} s   (target ≤ 0.3; "
          f"instant in {sum(i for _, i in nav)}/{len(nav)} runs)")
    print(f"  bytes transferred, first load of chapter 3 (as the page counts them): {median(sizes) / 1e6:6.2f} MB")
    print()
    print(f"First visit of chapter 3 (bench/bench_firstvisit.py; median of {args.runs} runs, same run)")
    for name, figures in (("fresh context (HTTP cache in memory)", fresh_bytes), ("persistent profile", profile_bytes)):
        twice = sorted({f for _, _, t in figures for f in t})
        print(f"  bytes served, service worker included, {name + ':':38s} {median([t for t, _, _ in figures]) / 1e6:6.2f} MB "
              f"in {median([n for _, n, _ in figures]):.0f} bodies (target ≤ 20); served twice: {', '.join(twice) or 'none'}")
    print(f"  reading mode, bytes before the first Run: {median(reading) / 1e6:6.2f} MB   (target ≤ 1.5)")
    print(f"  Run buttons and editors, after DOMContentLoaded: {median([b[0] for b in buttons]):5.0f} ms   "
          f"(target ≤ 500; runs: {', '.join(f'{b[0]:.0f}' for b in buttons)})")
    back, restored = median([w[0] for w in ways]), median([w[1] for w in ways])
    print(f"  the memory snapshot, both ways, over Wi-Fi (Python ready, s from navigation): the return without it "
          f"{back:.2f} s, a visit restored from it {restored:.2f} s; fetched on the first visit it would "
          f"add {fv.snapshot_size(args.site) / 1e6:.2f} MB to it and save {back - restored:.2f} s on the return")
    seen, at, ready = (median([ph[k] for ph in phone]) for k in (2, 1, 3))
    print(f"  emulated mid-range phone (CPU {fv.PHONE_CPU}× slower, {fv.PHONE_NET['downloadThroughput'] * 8 / 1e6:.0f} "
          f"Mbit/s, {fv.PHONE_NET['latency']} ms), from navigation: first visible output {seen:.2f} s, "
          f"Run buttons {at:.2f} s, Python ready {ready:.2f} s")
    if args.only != "all":
        return
    bundle = single_bundle_bytes(args.site)
    print(f"  the textbook's scripts a page loads, beside one bundle of all of them ({bundle / 1e3:.0f} kB):")
    for name, (size, count) in page_scripts.items():
        print(f"    {name + ':':34s} {size / 1e3:6.0f} kB in {count} files  ({size / bundle:.0%} of the bundle)")
    print()
    import nnbook.bench
    in_cpython = nnbook.bench.run(repeats=5)
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
    import bench_engines  # here, not at the top: it takes this module's bare page
    bench_engines.main(args.site, args.runs)


if __name__ == "__main__":
    main()
