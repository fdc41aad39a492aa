"""The build stops, naming js/runtime/pyodide-0.27.mjs, when package.json asks for another Pyodide than its workarounds were written for."""

import json

import pytest

from sitebuild import runtime


def test_the_repository_pins_the_pyodide_the_workarounds_were_written_for():
    runtime.check_pyodide_pin()
    assert runtime.PYODIDE_VERSION == "0.27.7"


def test_another_pyodide_stops_the_build_naming_the_workarounds_module(tmp_path):
    package = tmp_path / "package.json"
    package.write_text(json.dumps({"dependencies": {"pyodide": "0.28.0"}}))
    with pytest.raises(runtime.LayoutError, match=r"pyodide 0\.28\.0, but js/runtime/pyodide-0\.27\.mjs .* Pyodide 0\.27\.7"):
        runtime.check_pyodide_pin(package)


def test_a_package_json_without_pyodide_stops_the_build_too(tmp_path):
    package = tmp_path / "package.json"
    package.write_text(json.dumps({"dependencies": {}}))
    with pytest.raises(runtime.LayoutError, match=r"pyodide None, but js/runtime/pyodide-0\.27\.mjs"):
        runtime.check_pyodide_pin(package)
