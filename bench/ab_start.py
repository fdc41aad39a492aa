"""Two builds of the site side by side, alternating in one run, on chapter 3's start (printed, not asserted).

For a lever of the start: build the site without it (--a) and with it (--b); each run
measures A then B (then B then A on the next run, so drift hits them alike):
  cold: a fresh context, the first cell's Run pressed at once (bench/run.py's cold);
  wifi: the same over emulated 40 Mbit/s Wi-Fi;
  repeat: a persistent profile: first visit, the return, the snapshot kept, then
          a visit restored from it (bench/run.py's repeat visit).
Seconds from navigation to the first cell done, and the worker's stages (core,
packages, imports) of each visit; medians and every single value.

    python bench/ab_start.py --a DIR --b DIR [--runs 5] [--what cold,wifi,repeat]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

import bench_firstvisit as fv
import run as bench
from tooling import browser as chromium, static_server


def restored(p, url, profile):
    """(the return, the visit restored from the snapshot): each (seconds, stages)."""
    ctx = p.chromium.launch_persistent_context(str(profile), **chromium.launch_options())
    try:
        ctx.set_default_timeout(180_000)
        first = ctx.new_page()
        first.goto(url)
        bench._settle(first)
        first.close()
        back = bench.first_cell_done(ctx, url)
        kept = ctx.new_page()
        kept.goto(url)
        fv.wait_until(kept, fv.SNAPSHOT_KEPT)
        kept.close()
        again = bench.first_cell_done(ctx, url)
        return (back[0], back[2]), (again[0], again[2])
    finally:
        ctx.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=Path, required=True)
    parser.add_argument("--b", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--what", default="cold,wifi,repeat")
    args = parser.parse_args()
    what = args.what.split(",")
    servers = {name: static_server.start(site) for name, site in (("A", args.a), ("B", args.b))}
    root = Path(tempfile.mkdtemp(prefix="nnbook-ab-"))
    results = {(n, w): [] for n in "AB" for w in what + ["return"]}
    from playwright.sync_api import sync_playwright
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(**chromium.launch_options())
            bench.cold(b, servers["A"][1] + bench.CHAPTER)   # warm the OS file cache
            bench.cold(b, servers["B"][1] + bench.CHAPTER)
            for i in range(args.runs):
                for name in ("AB" if i % 2 == 0 else "BA"):
                    url = servers[name][1] + bench.CHAPTER
                    if "cold" in what:
                        s, _, st = bench.cold(b, url)
                        results[(name, "cold")].append((s, st))
                    if "wifi" in what:
                        s, _, st = bench.cold(b, url, bench.WIFI)
                        results[(name, "wifi")].append((s, st))
                    if "repeat" in what:
                        back, again = restored(p, url, root / f"{name}-{i}")
                        results[(name, "return")].append(back)
                        results[(name, "repeat")].append(again)
            b.close()
    finally:
        for server, _ in servers.values():
            server.shutdown()
        shutil.rmtree(root, ignore_errors=True)
    print(f"A: {args.a}\nB: {args.b}\n(s from navigation to the first cell done; median, then every run in order)")
    for w in what + (["return"] if "repeat" in what else []):
        for name in "AB":
            rows = results[(name, w)]
            secs = [s for s, _ in rows]
            stages = {k: statistics.median([st[k] for _, st in rows]) for k in ("core", "packages", "imports")} \
                if rows and all(st for _, st in rows) else {}
            print(f"  {w:7s} {name}: {statistics.median(secs):6.2f}  ({', '.join(f'{s:.2f}' for s in secs)})  "
                  f"stages: " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))


if __name__ == "__main__":
    main()
