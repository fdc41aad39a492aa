"""The book in Firefox and WebKit (and WebKit as an iPad): what a reader must see in every engine.

Every chapter in English and three in Japanese: each widget gives its first answer,
"Run all" ends with no unexpected error, nothing fails in the page and nothing
scrolls sideways; on the scratchpad a runaway loop stops within 2 s of Stop while
the page stays responsive, and an exception shows its traceback; an edit survives
a reload; the book as an installed app (js/offline/): the service worker installs,
the next load is cross-origin isolated without server headers (Stop keeps variables),
and with the server gone a visited chapter opens and runs and a never-visited page
says it is not available offline yet. At most one page load per test (four for the
offline app); the checks run in the page (in_page.js).
"""

from __future__ import annotations

from pathlib import Path

import re
import pytest

import nnbook
from tooling import static_server

DOCS = Path(__file__).resolve().parents[2] / "docs"
# every English page with cells or widgets (the glossary has neither: no Python starts there)
ENGLISH = sorted("" if md.stem == "index" else md.stem + "/"
                 for md in DOCS.glob("*.md") if not md.name.endswith(".ja.md")
                 and re.search(r"^(```python run|::: widget )", md.read_text(encoding="utf-8"), re.M))
# three chapters in Japanese, with five of the widgets among them
JAPANESE = ["ja/ct-network/", "ja/error/", "ja/training/"]

START = 180_000       # ms: a cold Python start (10 s here), with room for a busy machine
RUN_ALL = 300_000     # ms: the longest chapter's cells


def cell_editor(n):
    return f'div.nb-cell[aria-label="Code cell {n}"] .cm-content'


def slide_error_text(lang):
    """The error table's total before anything changed, from nnbook in CPython (the oracle)."""
    X, T, _ = nnbook.data.slide_images()
    E = f"{nnbook.Network(seed=0).error(X, T):.4f}"
    return f"誤差の総和 E = {E} (画像 {len(X)} 枚)" if lang == "ja" else f"Total error E = {E} over {len(X)} images"


def expect_started(engine, restored=None):
    """Python is ready (restored from the build's memory snapshot if `restored`: where the
    service worker keeps it); the iPad-safe start shows in the worker's navigator.platform,
    and Python never calls C by the wasm-gc helper there (pyodide #5670)."""
    ready = engine.call("ready", START)
    if ready["hasWorkerPlatform"]:  # the Runtime reports it once the iPad-safe start is in (js/runtime/host.mjs)
        want = "iPad" if engine.mode == "webkit-ipad" else ready["platform"]
        assert ready["workerPlatform"] == want, ready
    if restored is not None:
        assert ready["snapshot"] is restored, ready
    if engine.mode == "webkit-ipad":
        assert ready["fastCalls"] is False, ready
    return ready


@pytest.mark.parametrize("path", ENGLISH + JAPANESE)
def test_every_widget_answers_and_run_all_ends_clean(engine, base_url, path):
    # from the previous chapter by a link, as a reader goes: one Python for all of them where
    # instant navigation works (served at the site's address), else a page load each
    engine.open(base_url + path)
    expect_started(engine)
    widgets = engine.call("widgets", START)
    for w in widgets:
        assert w["answered"] and not w["problems"], f"{path}: widget {w['name']}: {w['problems']}\n{w['text']}"
        if w["name"] == "error-table":
            assert slide_error_text("ja" if path.startswith("ja/") else "en") in w["text"], w["text"]
    result = engine.call("runAll", RUN_ALL)
    assert result["message"] == "", f"{path}: {result['message']}"
    for n, cell in enumerate(result["cells"], 1):
        assert cell["state"] == cell["expect"], f"{path} cell {n}: {cell['state']}\n{cell['output']}"
    # the widgets heard the cells (they answer again): still no problem shown
    for w in engine.call("widgets", 10_000):
        assert not w["problems"], f"{path}: widget {w['name']} after Run all: {w['problems']}\n{w['text']}"
    assert engine.call("overflow") <= 0, f"{path} scrolls sideways"
    assert engine.errors() == []


def test_stop_ends_a_runaway_loop_and_an_exception_shows_its_traceback(engine, base_url):
    engine.goto(base_url + "scratchpad/")
    expect_started(engine)
    engine.type(cell_editor(1), "while True: pass")
    stopped = engine.call("stop", 1, START)
    # the page kept answering while Python looped (timers on time), and Stop took effect at once
    assert stopped["slowestTickMs"] < 500, stopped
    assert stopped["ms"] < 2000, stopped
    assert stopped["state"] == "error"
    # The engine's one browser may have the service worker installed from an earlier
    # chapter: then the page is isolated and Stop interrupts; else Python restarted.
    if stopped["interruptible"]:
        assert "KeyboardInterrupt" in stopped["output"], stopped
        assert "variables from earlier cells were lost" not in stopped["output"], stopped
    else:
        assert "variables from earlier cells were lost" in stopped["output"], stopped

    expect_started(engine)
    engine.type(cell_editor(1), "f = lambda n: 1 / n; f(0)")
    failed = engine.call("run", 1, START)
    assert failed["state"] == "error"
    assert failed["output"].startswith("Traceback (most recent call last):"), failed["output"]
    assert "<lambda>" in failed["output"]
    assert failed["output"].rstrip().endswith("ZeroDivisionError: division by zero"), failed["output"]
    assert failed["errorLine"]  # the line it points at is marked in the editor

    engine.type(cell_editor(1), "import numpy as np; print(np.arange(4).sum())")
    assert engine.call("run", 1, START)["output"] == "6"
    assert engine.errors() == []


def test_an_edit_survives_a_reload(engine, base_url):
    engine.goto(base_url + "example/")
    original = engine.call("cell", 2)
    assert original["lines"][0].startswith("w = np.array(") and not original["editedShown"]
    engine.type(cell_editor(2), "w = 'my edit'")
    assert engine.call("cell", 2)["editedShown"]
    engine.reload()
    edited = engine.call("cell", 2)
    assert edited["lines"] == ["w = 'my edit'"] and edited["editedShown"], edited
    assert not engine.call("cell", 1)["editedShown"]
    assert engine.call("reset", 2)["lines"] == original["lines"]
    engine.reload()
    assert engine.call("cell", 2)["lines"] == original["lines"]


def test_the_service_worker_installs_isolates_and_serves_a_visited_chapter_offline(engine, site):
    # A server of this test's own, on an origin no other test has a service worker on; shut
    # down, it is a network gone for the page and for the service worker alike (no driver
    # here can take WebKitGTK offline). The server never sends COOP/COEP.
    server, url = static_server.start(site)
    chapter = url + "scratchpad/"
    try:
        # First visit: nothing isolates the page yet; the service worker installs and keeps it.
        engine.goto(chapter)
        first = engine.call("offline", chapter)
        assert first["secure"] and not first["isolated"], first
        if not first["hasServiceWorker"]:
            pytest.skip(f"{engine.version} has no navigator.serviceWorker on {url}")
        installed = engine.call("offlineReady", chapter, START)
        assert installed["controlled"] and installed["kept"], installed

        # Next load, same plain server: isolated by the service worker's headers, so Stop
        # interrupts Python in place and a variable defined before survives it.
        engine.reload()
        again = engine.call("offline", chapter)
        assert again["controlled"], again
        assert again["isolated"], f"{engine.version}: not cross-origin isolated through the service worker: {again}"
        # the return starts Python the plain way; the memory snapshot is kept from it on (later.mjs)
        expect_started(engine, restored=False)
        engine.type(cell_editor(1), "kept = 'yes'")
        assert engine.call("run", 1, START)["state"] == "done"
        engine.type(cell_editor(1), "while True: pass")
        stopped = engine.call("stop", 1, START)
        assert stopped["ms"] < 2000 and stopped["state"] == "error", stopped
        if again["sharedArrayBuffer"]:
            assert "KeyboardInterrupt" in stopped["output"], stopped
            assert "variables from earlier cells were lost" not in stopped["output"], stopped
            engine.type(cell_editor(1), "print(kept)")
            assert engine.call("run", 1, START)["output"] == "yes"
            untested = None
        else:
            # isolated, yet no SharedArrayBuffer to share with the Python worker (WebKitGTK):
            # the page says so, and Stop restarts Python as on a plain host
            assert "variables from earlier cells were lost" in stopped["output"], stopped
            untested = (f"{engine.version}: cross-origin isolated through the service worker, but no "
                        "SharedArrayBuffer global (the same with the server's own COOP/COEP), so Stop "
                        "restarts Python: 'Stop keeps variables' untested; the rest passed")
    finally:
        server.shutdown()
        server.server_close()   # the port refuses connections from now on

    # Offline: the visited chapter opens from the service worker's caches, and Python
    # (runtime and NumPy precached) starts and runs a cell.
    engine.goto(chapter)
    assert engine.call("offline", chapter)["controlled"]
    expect_started(engine)   # restored if the return had kept the snapshot by then, else the plain way
    engine.type(cell_editor(1), "import numpy as np; print(np.arange(4).sum())")
    assert engine.call("run", 1, START)["output"] == "6"
    assert engine.errors() == []
    assert engine.call("fetchStatus", url + "no-such-file.whl") == "failed"   # the network is really gone
    # A page never visited: the service worker's page saying so, in the page's language.
    engine.goto(url + "training/", mounted=False)
    shown = engine.call("page")
    assert shown["lang"] == "en" and shown["heading"] == "Not available offline yet", shown
    assert "there is no network now" in shown["text"], shown
    if untested:
        pytest.skip(untested)
