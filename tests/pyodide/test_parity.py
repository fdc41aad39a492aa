"""nnbook gives the same numbers in Pyodide (the browser's Python: 3.12,
NumPy 2.0.2 in WebAssembly) as in CPython, for a fixed-seed training run."""

import json
import shutil
import subprocess

import numpy as np
import pytest

import nnbook
from sitebuild import runtime

ROOT = runtime.ROOT


@pytest.fixture(scope="module")
def runtime_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("pyodide")
    runtime.layout(out)
    return out


def in_pyodide(runtime_dir, code):
    node = shutil.which("node")
    done = subprocess.run([node, str(ROOT / "tests/pyodide/run_in_pyodide.mjs"), str(runtime_dir), code],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_reference_training_run_matches_cpython(runtime_dir):
    browser = in_pyodide(runtime_dir, "import json, sys, nnbook\n"
                                      "r = nnbook.reference_run()\n"
                                      "r['python'] = sys.version.split()[0]\n"
                                      "json.dumps(r)")
    here = nnbook.reference_run()
    assert browser["python"].startswith("3.12") and browser["numpy"] == "2.0.2"
    assert browser["iterations"] == here["iterations"] == 200
    for key in ("E_history", "w_initial", "w_final", "z_final"):
        np.testing.assert_allclose(browser[key], here[key], rtol=0, atol=1e-12, err_msg=key)
    # the run did learn something (E fell), so the comparison is not of zeros
    assert here["E_history"][-1] < 0.5 * here["E_history"][0]


def test_gradient_matches_cpython(runtime_dir):
    code = ("import json, nnbook\n"
            "X, T, _ = nnbook.data.slide_images()\n"
            "net = nnbook.Network(seed=3)\n"
            "json.dumps([float(v) for v in net.gradient(X, T)])")
    browser = np.array(in_pyodide(runtime_dir, code))
    X, T, _ = nnbook.data.slide_images()
    here = nnbook.Network(seed=3).gradient(X, T)
    assert browser.shape == (47,)
    np.testing.assert_allclose(browser, here, rtol=0, atol=1e-12)
