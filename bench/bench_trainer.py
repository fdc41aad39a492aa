"""Benchmark of chapter 7's trainer widget in headless Chromium (figures, not asserts).

1. Frames per second of the curve of E while training runs: the widget counts
   its redraws (data-frames on .nbw-tr); over a few seconds of Start, with a
   target ε small enough that training goes on all the time (ε = 1e-9 and a
   high iteration limit), at full speed and at the default speed (1
   iteration per frame).  Target: ≥ 30.
2. Time to E < 0.01 on the slides' nine images from seed 0 (the defaults:
   Xavier w0, steepest descent, η = 2; 131 iterations), from pressing Start
   to the converged message, at full speed and at the default speed.
3. Iterations per second of the trainer at full speed (from 1).

    python bench/bench_trainer.py [--site site] [--seconds 3] [--runs 3]

measure(browser, base_url) -> dict is what bench/run.py calls.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from tooling import browser as chromium, static_server

WIDGET = ".nbw-tr"
DONE = "['converged', 'diverged', 'limit'].includes(document.querySelector('.nbw-tr').dataset.state)"


def _attr(page, name):
    return page.evaluate(f"document.querySelector('{WIDGET}').dataset.{name}")


def _open(context, base_url):
    page = context.new_page()
    page.goto(base_url + "training/")
    page.wait_for_function(
        f"document.querySelector('{WIDGET}') && document.querySelector('{WIDGET}').dataset.state === 'idle'",
        timeout=180_000)
    page.locator(WIDGET).scroll_into_view_if_needed()
    return page


def _settings(page, speed, epsilon, max_iter):
    trainer = page.locator(WIDGET)
    trainer.get_by_label("Speed").select_option(speed)
    for label, value in (("ε (stop when E < ε)", epsilon), ("Iteration limit", max_iter)):
        box = trainer.get_by_label(label, exact=True)
        box.fill(str(value))
        box.press("Tab")
    page.wait_for_timeout(300)
    _button(page, "Reset").click()      # k = 0 even if no setting changed
    page.wait_for_function(
        f"document.querySelector('{WIDGET}').dataset.state === 'idle' && "
        f"document.querySelector('{WIDGET}').dataset.k === '0'", timeout=60_000)
    page.wait_for_timeout(500)


def _button(page, name):
    return page.locator(WIDGET).get_by_role("button", name=name, exact=True)


def frames_per_second(page, speed, seconds):
    """Redraws and iterations per second of wall-clock time while training runs."""
    _settings(page, speed, "1e-9", 10_000_000)
    _button(page, "Start").click()
    page.wait_for_function(f"Number(document.querySelector('{WIDGET}').dataset.k) > 5", timeout=60_000)
    f0, k0, t0 = int(_attr(page, "frames")), int(_attr(page, "k")), time.perf_counter()
    page.wait_for_timeout(int(seconds * 1000))
    f1, k1, t1 = int(_attr(page, "frames")), int(_attr(page, "k")), time.perf_counter()
    _button(page, "Pause").click()
    page.wait_for_function(f"document.querySelector('{WIDGET}').dataset.state === 'paused'")
    return (f1 - f0) / (t1 - t0), (k1 - k0) / (t1 - t0)


def time_to_epsilon(page, speed):
    """Seconds from pressing Start to the converged message (defaults, seed 0)."""
    _settings(page, speed, "0.01", 5000)
    start = _button(page, "Start")
    # The clock starts in the page, at the click, and stops when the message is there.
    page.evaluate("""() => {
      const root = document.querySelector('.nbw-tr');
      const status = root.querySelector('.nbw-tr__status');
      window.__trainerDone = null;
      [...root.querySelectorAll('button')].find((b) => b.textContent === 'Start').addEventListener('click', () => {
        window.__trainerStart = performance.now();
        new MutationObserver((_, obs) => {
          if (root.dataset.state === 'converged' && /E = .* < ε/.test(status.textContent)) {
            window.__trainerDone = performance.now(); obs.disconnect();
          }
        }).observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
      }, {once: true});
    }""")
    start.click()
    page.wait_for_function("window.__trainerDone !== null", timeout=180_000, polling=20)
    seconds = page.evaluate("(window.__trainerDone - window.__trainerStart) / 1000")
    k = int(_attr(page, "k"))
    _button(page, "Reset").click()
    return seconds, k


def measure(browser, base_url, seconds=3.0, runs=3):
    """The trainer's figures (see the module doc), as a dict of medians."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = _open(context, base_url)
    out = {}
    for speed in ("full", "watch"):
        fps, its = zip(*[frames_per_second(page, speed, seconds) for _ in range(runs)])
        out[f"fps_{speed}"] = statistics.median(fps)
        out[f"iterations_per_second_{speed}"] = statistics.median(its)
    for speed in ("full", "watch"):
        times, ks = zip(*[time_to_epsilon(page, speed) for _ in range(runs)])
        out[f"seconds_to_epsilon_{speed}"] = statistics.median(times)
        out["iterations_to_epsilon"] = ks[0]
    context.close()
    return out


def report(r):
    return "\n".join([
        "Trainer widget (chapter 7), headless Chromium, medians",
        f"  curve redraws per second while training, full speed:  {r['fps_full']:6.1f}   (target ≥ 30)",
        f"  curve redraws per second while training, 1 it/frame:  {r['fps_watch']:6.1f}   (target ≥ 30)",
        f"  training iterations per second, full speed:           {r['iterations_per_second_full']:6.0f}",
        f"  training iterations per second, 1 it/frame:           {r['iterations_per_second_watch']:6.0f}",
        f"  Start → converged (E < 0.01, seed 0, {r['iterations_to_epsilon']} iterations), full speed: "
        f"{r['seconds_to_epsilon_full']:.2f} s",
        f"  Start → converged, 1 iteration per frame:             {r['seconds_to_epsilon_watch']:6.2f} s",
    ])


def main():
    parser = argparse.ArgumentParser(description="Print the trainer widget's speed figures.")
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not (args.site / "training" / "index.html").exists():
        sys.exit(f"no built site in {args.site}: run `make build` first")
    server, url = static_server.start(args.site)
    from playwright.sync_api import sync_playwright
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(**chromium.launch_options())
            result = measure(b, url, args.seconds, args.runs)
            b.close()
    finally:
        server.shutdown()
    print(report(result))


if __name__ == "__main__":
    main()
