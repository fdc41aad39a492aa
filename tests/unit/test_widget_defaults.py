"""Each widget's defaults(), which the build renders into the page (data-defaults) so a
widget shows them before Python answers, equals what its Python half sends first on a
fresh page: nothing flips when Python is ready. One case per widget of the book's one
list (js/widgets/widgets.json): a widget added there without its case here fails."""

import importlib
import json

import pytest

from sitebuild.notebooks import LIST

NAMES = list(json.loads(LIST.read_text(encoding="utf-8")))


def python_half(name):
    return importlib.import_module("nnbook.widgets." + name.replace("-", "_"))


def pick(answer, keys):
    return {k: answer[k] for k in keys}


# name → (its defaults, the same things in its first answer on a fresh page)
FIRST_ANSWER = {
    "trainer": lambda m: ((m.defaults()["settings"], m.defaults()["schema"]),
                          (lambda r: (r["settings"], r["schema"]))(m.request({}, {"full": True}))),
    "playground": lambda m: ((m.defaults()["settings"], m.defaults()["schema"]),
                             (pick(m.request({}, {})["state"], m.SETTINGS), m.start({})["schema"])),
    "init-histograms": lambda m: (m.defaults(), pick(m.sync({}), ("settings", "activations", "inits", "max_layers"))),
    "overfitting": lambda m: (m.defaults()["settings"], pick(m.sync({})["settings"], m.defaults()["settings"])),
    "neuron-explorer": lambda m: (m.defaults(), (lambda r: {
        "activations": r["activations"], "presets": r["presets"],
        "unit": pick(r, ("x", "w", "activation", "s", "y", "table", "gate"))})(m.sync({}))),
    "activation-plot": lambda m: (m.defaults(), (lambda r: {
        "activations": r["activations"], "state": pick(r, ("activation", "s"))})(m.sync({}))),
    "error-table": lambda m: (m.defaults(), pick(m.sync({}), ("sizes", "names", "teachers"))),
    "backprop-stepper": lambda m: (m.defaults(), pick(m.sync({}, first=True), ("slides", "teachers", "x"))),
    "pixel-grid": lambda m: (m.defaults()["x"], m.sync({})["x"]),
    "optimizer-race": lambda m: (m.defaults(), pick(m.sync({}), ("names", "lr", "lr_path", "epsilon", "max_iter"))),
    "descent": lambda m: (m.defaults(), (lambda r: {
        "settings": r["settings"], "surface": pick(r["surface"], ("axes", "extent")),
        "surfaces": r["surfaces"], "methods": r["methods"]})(m.sync({}))),
    "weight-editor": lambda m: (pick(m.defaults(), ("sizes", "names")), pick(m.sync({}), ("sizes", "names"))),
}
# widgets that draw only what Python computes for the page's net and x (no defaults() to render)
WITHOUT_DEFAULTS = {"network-view"}


def same_json(a, b):
    return json.loads(json.dumps(a)) == json.loads(json.dumps(b))


@pytest.mark.parametrize("name", NAMES)
def test_the_defaults_are_json_and_the_first_answer(name):
    module = python_half(name)
    if name in WITHOUT_DEFAULTS:
        assert not hasattr(module, "defaults"), f"{name} has defaults(): say in FIRST_ANSWER what they are"
        return
    assert name in FIRST_ANSWER, f"{name}: say in FIRST_ANSWER which part of its first answer its defaults are"
    json.dumps(module.defaults(), allow_nan=False)          # the build can write them into the page
    shown, first = FIRST_ANSWER[name](module)
    assert same_json(shown, first)


def test_every_case_is_a_listed_widget():
    assert set(FIRST_ANSWER) | WITHOUT_DEFAULTS == set(NAMES)
