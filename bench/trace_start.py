"""Where the Python worker's start goes, from a Chrome trace (printed, not asserted).

Chapter 3 in a persistent profile: a plain cold start (fresh profile), and the
visits of bench/run.py's repeat series (the return, then a visit restored from
the memory snapshot), each traced with V8's wasm categories. For each traced
visit: the worker's stages (its performance.mark()s nnbook:core, :packages,
:imports, see js/runtime/worker.js) and, within each stage, the time of the
trace's events on the worker's thread and on V8's background threads, by
name; and V8's wasm code cache events (a compiled module taken from the cache).

    python bench/trace_start.py [--site site] [--keep DIR]   (DIR: the raw traces, JSON)
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import bench_firstvisit as fv
import run as bench  # the start-up figures' helpers
from tooling import browser as chromium, static_server

CATEGORIES = ",".join([
    "v8", "v8.wasm", "disabled-by-default-v8.wasm.detailed", "v8.compile", "devtools.timeline",
    "disabled-by-default-devtools.timeline", "blink.user_timing", "loading", "ServiceWorker",
    "disabled-by-default-v8.compile",
])


def traced(ctx, page_action):
    """Run page_action(page) in a new tab of ctx with tracing on; return (its result, the trace events)."""
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    done = []
    cdp.on("Tracing.tracingComplete", lambda ev: done.append(ev))
    cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReturnAsStream"})
    result = page_action(page)
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(100)
    handle, chunks = done[0]["stream"], []
    while True:
        part = cdp.send("IO.read", {"handle": handle, "size": 1 << 22})
        chunks.append(part["data"])
        if part.get("eof"):
            break
    cdp.send("IO.close", {"handle": handle})
    page.close()
    data = json.loads("".join(chunks))
    return result, data["traceEvents"] if isinstance(data, dict) else data


def press_and_wait(url):
    def action(page):
        page.add_init_script(bench.PRESS_FIRST_RUN)
        page.goto(url)
        page.wait_for_function("window.__t && window.__t.done", timeout=180_000, polling=20)
        page.wait_for_timeout(500)
        return page.evaluate("({done: window.__t.done, snapshot: nnbook.runtime.startTimings.snapshot})")
    return action


def self_times(spans, ta, tb):
    """Time in [ta, tb) by the innermost span covering it (spans: (start, end, name), one thread)."""
    out, stack, cur = defaultdict(float), [], ta

    def upto(t):
        nonlocal cur
        if t > cur:
            out[stack[-1][2] if stack else "(no event: idle)"] += t - cur
            cur = t
    for s0, s1, name in sorted((s for s in spans if s[1] > ta and s[0] < tb), key=lambda s: (s[0], -s[1])):
        s0 = max(s0, ta)
        while stack and stack[-1][1] <= s0:
            upto(stack.pop()[1])
        upto(s0)
        stack.append((s0, min(s1, tb), name))
    while stack:
        upto(stack.pop()[1])
    upto(tb)
    return out


def analyse(events, title):
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
               if e.get("ph") == "M" and e.get("name") == "thread_name"}
    marks = {}
    for e in events:
        if e.get("name", "").startswith("nnbook:") and e.get("ph") != "M":
            marks.setdefault(e["name"][7:], (e["ts"], e["pid"], e["tid"]))
    if "core" not in marks:
        print(f"{title}: no nnbook marks in the trace")
        return
    pid, wtid = marks["core"][1], marks["core"][2]
    spans, open_ = defaultdict(list), defaultdict(list)   # tid -> [(start, end, name)]
    for e in sorted((e for e in events if e.get("pid") == pid and e.get("ts")), key=lambda e: e["ts"]):
        ph = e.get("ph")
        if ph == "X":
            spans[e["tid"]].append((e["ts"], e["ts"] + e.get("dur", 0), e["name"]))
        elif ph == "B":
            open_[(e["tid"], e["name"])].append(e["ts"])
        elif ph == "E" and open_[(e["tid"], e["name"])]:
            spans[e["tid"]].append((open_[(e["tid"], e["name"])].pop(), e["ts"], e["name"]))
    # the worker's start: its first task (its thread's events within a minute before Python was ready)
    wstart = min(s0 for s0, _, _ in spans[wtid] if s0 > marks["core"][0] - 60e6)
    bounds = [("start", wstart)] + [(k, marks[k][0]) for k in ("core", "packages", "imports") if k in marks]
    print(f"\n== {title}")
    print("  stages (ms): " + ", ".join(f"{a}→{b} {(tb - ta) / 1000:.0f}" for (a, ta), (b, tb) in zip(bounds, bounds[1:])))
    background = [tid for (p, tid), name in threads.items() if p == pid and name.startswith("ThreadPoolForeground")]
    for (a, ta), (b, tb) in zip(bounds, bounds[1:]):
        own = self_times(spans[wtid], ta, tb)
        print(f"  {a}→{b} ({(tb - ta) / 1000:.0f} ms). Worker thread, self time (RunTask: running JS/wasm):")
        for name, t in sorted(own.items(), key=lambda kv: -kv[1])[:8]:
            print(f"    {name:52s} {t / 1000:7.0f} ms")
        busy = defaultdict(lambda: [0.0, 0])
        for tid in background:
            for name, t in self_times(spans[tid], ta, tb).items():
                if name != "(no event: idle)":
                    busy[name][0] += t
                    busy[name][1] += 1
        print("    V8's background threads, self time summed over threads:")
        for name, (t, _) in sorted(busy.items(), key=lambda kv: -kv[1][0])[:6]:
            print(f"      {name:50s} {t / 1000:7.0f} ms")
    names = defaultdict(int)
    for e in events:
        if e.get("pid") == pid and "wasm" in e.get("cat", "") and any(
                k in e.get("name", "") for k in ("Deserializ", "SerializeModule", "Streaming", "FromCache")):
            names[e["name"]] += 1
    print("  V8's wasm code cache and streaming: " + (", ".join(f"{k} ×{v}" for k, v in sorted(names.items())) or "none"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=bench.ROOT / "site")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    sitemap = (args.site / "sitemap.xml").read_text()
    port = urlsplit(sitemap.split("<loc>", 1)[1].split("</loc>", 1)[0]).port or 0
    server, url = static_server.start(args.site, port=port)
    root = Path(tempfile.mkdtemp(prefix="nnbook-trace-"))
    from playwright.sync_api import sync_playwright
    try:
        with sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(str(root / "profile"), **chromium.launch_options())
            ctx.set_default_timeout(180_000)
            runs = {}
            runs["cold"] = traced(ctx, press_and_wait(url + bench.CHAPTER))
            page = ctx.new_page()
            page.goto(url + bench.CHAPTER)
            bench._settle(page)
            page.close()
            runs["return"] = traced(ctx, press_and_wait(url + bench.CHAPTER))
            page = ctx.new_page()
            page.goto(url + bench.CHAPTER)
            fv.wait_until(page, fv.SNAPSHOT_KEPT)
            page.close()
            runs["restored"] = traced(ctx, press_and_wait(url + bench.CHAPTER))
            runs["restored again"] = traced(ctx, press_and_wait(url + bench.CHAPTER))
            ctx.close()
        for name, (result, events) in runs.items():
            analyse(events, f"{name}: first cell done {result['done'] / 1000:.2f} s, snapshot {result['snapshot']}")
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"{name.replace(' ', '-')}.json").write_text(json.dumps(events))
    finally:
        server.shutdown()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
