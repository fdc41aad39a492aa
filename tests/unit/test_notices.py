"""THIRD_PARTY_NOTICES.md names everything the built site bundles, and the
build ships it (with LICENSE) in the site."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTICES = (ROOT / "THIRD_PARTY_NOTICES.md").read_text(encoding="utf-8")


def bundled_npm_packages(site: Path) -> set[str]:
    """npm packages whose code is in the site's scripts, from their source maps."""
    found = set()
    for source_map in site.rglob("*.js.map"):
        for source in json.loads(source_map.read_text(encoding="utf-8")).get("sources", []):
            if m := re.search(r"node_modules/((?:@[^/]+/)?[^/]+)/", source):
                found.add(m[1])
    return found


def test_every_bundled_npm_package_is_named(site):
    ours = set(json.loads((ROOT / "package.json").read_text())["dependencies"])
    theirs = bundled_npm_packages(site / "assets" / "nnbook")
    assert {"codemirror", "katex", "dompurify"} <= theirs  # the maps are read right
    assert ours & theirs, "no package.json dependency found in the bundle"
    for name in sorted(theirs | (ours & bundled_npm_packages(site))):
        assert f"`{name}`" in NOTICES, f"{name} is bundled but not in THIRD_PARTY_NOTICES.md"
    assert "`pyodide`" in NOTICES and (site / "assets" / "pyodide" / "pyodide.asm.wasm").exists()


def test_every_wheel_the_site_serves_is_named(site):
    wheels = sorted((site / "assets" / "pyodide").glob("*.whl"))
    assert any(w.name.startswith("numpy-") for w in wheels)
    for wheel in wheels:
        name, version = wheel.name.split("-")[:2]
        named = re.search(rf"^\| {re.escape(name.replace('_', '-'))}\b.*?\| {re.escape(version)} \|", NOTICES, re.M | re.I) \
            or re.search(rf"\(`{re.escape(name)}`\).*?\| {re.escape(version)} \|", NOTICES)
        assert named, f"{wheel.name}: not in THIRD_PARTY_NOTICES.md with version {version}"


def test_the_site_ships_the_licence_and_the_notices(site):
    assert (site / "THIRD_PARTY_NOTICES.txt").read_text(encoding="utf-8") == NOTICES
    assert (site / "LICENSE.txt").read_text(encoding="utf-8") == (ROOT / "LICENSE").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="./THIRD_PARTY_NOTICES.txt"' in home and 'href="./LICENSE.txt"' in home
