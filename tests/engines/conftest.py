"""The engines beside Chromium: one browser per engine for the whole session.

`engine` is Firefox, WebKit, and WebKit again with an iPad's user agent (the
page then starts Python the iPad-safe way); each runs every test of this folder.
An engine missing here is skipped, saying why (tooling/engines.py; `make
test` installs them on Debian as root). The time each engine took is printed.
"""

from __future__ import annotations

import time

import pytest

from tooling import engines
from tooling.drivers import EngineError, Firefox, WebKit

MODES = {"firefox": "firefox", "webkit": "webkit", "webkit-ipad": "webkit"}
TOOK: dict[str, str] = {}  # mode -> "Firefox 153.8.0, 312 s", printed at the end


def start(mode):
    if mode == "firefox":
        return Firefox(engines.firefox())
    return WebKit(engines.minibrowser(), ipad=mode == "webkit-ipad")


@pytest.fixture(scope="session", params=list(MODES))
def engine(request):
    mode = request.param
    gaps = engines.missing(MODES[mode])
    if gaps:
        pytest.skip(f"{engines.TITLES[MODES[mode]]} is not installed here: {'; '.join(gaps)}")
    started = time.monotonic()
    try:
        browser = start(mode)
    except EngineError as first:  # a browser that did not come up is started once more, and said so
        browser = start(mode)
        browser.version += f", started at the second try (the first: {str(first)[-300:]!r})"
    browser.mode = mode
    yield browser
    browser.close()
    TOOK[mode] = f"{browser.version}, {time.monotonic() - started:.0f} s"
    if getattr(browser, "start_seconds", None) is not None:
        TOOK[mode] += f", of which {browser.start_seconds:.1f} s to start"


def pytest_terminal_summary(terminalreporter):
    for mode, took in TOOK.items():
        terminalreporter.write_line(f"nnbook: the tests in {mode} ({took})")


@pytest.fixture(autouse=True)
def forget_edits(request):
    """A reader's edits saved by one test must not reach the next one's pages."""
    yield
    if "engine" in request.fixturenames:
        try:
            request.getfixturevalue("engine").call("forget")
        except Exception:
            pass
