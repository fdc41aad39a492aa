"""Find (and with --ensure, install) the other engines the tests drive: Firefox and WebKit.

Firefox ESR (Debian's ``firefox-esr``) is driven headless over WebDriver BiDi
by ``puppeteer-core`` (npm); WebKit is WebKitGTK's ``MiniBrowser`` driven by
``WebKitWebDriver`` (Debian's ``webkit2gtk-driver``) from Selenium, on an
Xvfb display (``xvfb``). On Debian as root, ``--ensure`` installs what is
missing with apt-get; elsewhere it says which engine the tests skip, and why.
``$NNBOOK_FIREFOX`` and ``$NNBOOK_MINIBROWSER`` name other executables.

    python -m tooling.engines --ensure   # install if we can, then say what runs
    python -m tooling.engines            # only say what runs
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUPPETEER = ROOT / "node_modules" / "puppeteer-core" / "package.json"
FIREFOX = "/usr/bin/firefox-esr"
WEBDRIVER = "/usr/bin/WebKitWebDriver"
XVFB = "/usr/bin/Xvfb"
# Debian's package of each file an engine needs
PACKAGES = {FIREFOX: "firefox-esr", WEBDRIVER: "webkit2gtk-driver", XVFB: "xvfb"}
ENGINES = ("firefox", "webkit")
TITLES = {"firefox": "Firefox", "webkit": "WebKit"}


def firefox() -> str | None:
    path = os.environ.get("NNBOOK_FIREFOX", FIREFOX)
    return path if os.access(path, os.X_OK) else None


def minibrowser() -> str | None:
    """WebKitGTK's MiniBrowser (it comes with libwebkit2gtk-4.1-0, a dependency of webkit2gtk-driver)."""
    explicit = os.environ.get("NNBOOK_MINIBROWSER")
    found = [explicit] if explicit else sorted(glob.glob("/usr/lib/*/webkit2gtk-4.1/MiniBrowser"))
    return next((p for p in found if os.access(p, os.X_OK)), None)


def missing(engine: str) -> list[str]:
    """What `engine` lacks here, in words ([] when it can run)."""
    gaps = []
    if engine == "firefox":
        if not firefox():
            gaps.append(f"no {FIREFOX} (Debian: apt-get install firefox-esr)")
        if not shutil.which("node"):
            gaps.append("no node")
        if not PUPPETEER.exists():
            gaps.append("no puppeteer-core in node_modules (npm ci)")
    elif engine == "webkit":
        if not os.access(WEBDRIVER, os.X_OK):
            gaps.append(f"no {WEBDRIVER} (Debian: apt-get install webkit2gtk-driver)")
        elif not minibrowser():
            gaps.append("no MiniBrowser of webkit2gtk-4.1 (Debian: apt-get install libwebkit2gtk-4.1-0)")
        if not os.access(XVFB, os.X_OK) and not os.environ.get("DISPLAY"):
            gaps.append(f"no {XVFB} and no display (Debian: apt-get install xvfb)")
        try:
            import selenium  # noqa: F401
        except ImportError:
            gaps.append("no selenium in this Python (make setup)")
    else:
        raise ValueError(engine)
    return gaps


def version(engine: str) -> str:
    """The engine's version as its Debian package names it ("153.8.0esr", "2.50.6"), or ""."""
    package = "firefox-esr" if engine == "firefox" else "libwebkit2gtk-4.1-0"
    try:
        done = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.split("-")[0] if done.returncode == 0 else ""


def ensure() -> dict[str, list[str]]:
    """Install what is missing where we can (Debian, root); return each engine's gaps."""
    wanted = sorted({pkg for path, pkg in PACKAGES.items() if not os.access(path, os.X_OK)})
    if wanted and shutil.which("apt-get") and os.geteuid() == 0:
        print(f"nnbook: installing Debian's {', '.join(wanted)} for the Firefox and WebKit tests",
              file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        done = subprocess.run(["apt-get", "install", "-y", "-qq", *wanted],
                              check=False, env=env)
        if done.returncode != 0:
            sys.exit(f"nnbook: apt-get install {' '.join(wanted)} failed")
    return {engine: missing(engine) for engine in ENGINES}


def report(gaps: dict[str, list[str]]) -> str:
    lines = []
    for engine, why in gaps.items():
        if why:
            lines.append(f"nnbook: the {TITLES[engine]} tests are skipped here: {'; '.join(why)}")
        else:
            lines.append(f"nnbook: {TITLES[engine]} {version(engine) or '(version unknown)'} will be tested")
    return "\n".join(lines)


if __name__ == "__main__":
    gaps = ensure() if "--ensure" in sys.argv else {e: missing(e) for e in ENGINES}
    print(report(gaps))
