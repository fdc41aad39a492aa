"""Find (and with --ensure, install) the Chromium the browser tests drive, and wait on its pages.

Order: ``$NNBOOK_CHROMIUM``; Debian's ``/usr/bin/chromium``; on Debian as
root, ``apt-get install -y chromium``; otherwise Playwright's own build
(``python -m playwright install chromium``), the fallback on a user's machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

SYSTEM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def system_chromium() -> str | None:
    explicit = os.environ.get("NNBOOK_CHROMIUM")
    if explicit:
        return explicit
    return SYSTEM if os.path.exists(SYSTEM) else None


def ensure() -> str | None:
    """Return the executable path (None: use Playwright's own build)."""
    path = system_chromium()
    if path:
        return path
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("nnbook: installing Debian's chromium for the browser tests", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        done = subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False)
        if done.returncode == 0 and os.path.exists(SYSTEM):
            return SYSTEM
    print("nnbook: no system Chromium; installing Playwright's", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=True)
    return None


def launch_options() -> dict:
    path = system_chromium()
    options = {"args": ARGS}
    if path:
        options["executable_path"] = path
    return options


def wait_until(page, fn, arg=None, timeout=90_000):
    """Wait until the page function `fn` gives a truthy value, awaiting it if it is a promise
    (Playwright's wait_for_function takes a promise itself for a truthy value, at once)."""
    import time
    deadline = time.monotonic() + timeout / 1000
    while not (value := page.evaluate(fn, arg)):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} ms: {fn}")
        page.wait_for_timeout(100)
    return value


if __name__ == "__main__":
    if "--ensure" in sys.argv:
        print(ensure() or "playwright's chromium")
    else:
        print(system_chromium() or "none")
