"""The book before Python (`make bench`, from bench/run.py): on a cold visit of chapter 3, the
time from navigation to the first output a reader sees (the book's, from the build) beside the
time to Python ready, both taken in the page (performance.now(), from navigation start)."""

from __future__ import annotations

import statistics

# Checked on every frame from the document's start: the first frame with an output drawn, and
# the first with Python ready.
WATCH = """
(() => {
  const seen = {};
  const frame = () => {
    const out = document.querySelector(".nb-out");
    if (seen.output === undefined && out && out.getBoundingClientRect().height > 0) seen.output = performance.now();
    if (seen.python === undefined && globalThis.nnbook?.runtime?.state === "ready") seen.python = performance.now();
    if (seen.output === undefined || seen.python === undefined) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  globalThis.__nbBookTimes = seen;
})();
"""


def measure(browser, url: str, runs: int = 3) -> dict:
    """Medians over `runs` fresh profiles: seconds to the first visible output and to Python ready."""
    output, python = [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(WATCH)
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("globalThis.__nbBookTimes && globalThis.__nbBookTimes.python !== undefined",
                               timeout=180_000)
        times = page.evaluate("globalThis.__nbBookTimes")
        output.append(times["output"] / 1000)
        python.append(times["python"] / 1000)
        context.close()
    return {"output": statistics.median(output), "python": statistics.median(python),
            "runs": list(zip(output, python))}


def report(figures: dict) -> str:
    runs = ", ".join(f"{o:.2f}/{p:.2f}" for o, p in figures["runs"])
    return ("The book before Python (chapter 3, cold, headless Chromium)\n"
            f"  first visible output (the book's):   {figures['output']:6.2f} s\n"
            f"  Python ready:                        {figures['python']:6.2f} s   (runs, output/ready: {runs})")
