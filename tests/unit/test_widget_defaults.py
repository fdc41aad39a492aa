"""Each widget's defaults(), which the build renders into the page (data-defaults) so a
widget shows them before Python answers, equals what its Python half sends first on a
fresh page: nothing flips when Python is ready."""

import json

from nnbook.widgets import (activation_plot, backprop_stepper, error_table, init_histograms,
                            neuron_explorer, optimizer_race, overfitting, pixel_grid, playground, trainer)


def same_json(a, b):
    return json.loads(json.dumps(a)) == json.loads(json.dumps(b))


def test_every_default_is_json_the_build_can_write():
    for module in (activation_plot, backprop_stepper, error_table, init_histograms, neuron_explorer,
                   optimizer_race, overfitting, pixel_grid, playground, trainer):
        json.dumps(module.defaults(), allow_nan=False)


def test_the_defaults_are_the_first_answers():
    d, r = trainer.defaults(), trainer.request({}, {"full": True})
    assert same_json(d["settings"], r["settings"]) and same_json(d["menus"], r["menus"])
    d, r = playground.defaults(), playground.request({}, {})
    assert same_json(d["settings"], {k: r["state"][k] for k in playground.SETTINGS})
    assert same_json(d["choices"], playground.start({})["choices"])
    d, r = init_histograms.defaults(), init_histograms.sync({})
    assert same_json(d, {k: r[k] for k in ("settings", "activations", "inits", "max_layers")})
    d, r = overfitting.defaults(), overfitting.sync({})
    assert same_json(d["settings"], {k: r["settings"][k] for k in d["settings"]})
    d, r = neuron_explorer.defaults(), neuron_explorer.sync({})
    assert same_json(d, {"activations": r["activations"], "presets": r["presets"],
                         "unit": {k: r[k] for k in ("x", "w", "activation", "s", "y", "table", "gate")}})
    d, r = activation_plot.defaults(), activation_plot.sync({})
    assert same_json(d, {"activations": r["activations"], "state": {"activation": r["activation"], "s": r["s"]}})
    d, r = error_table.defaults(), error_table.sync({})
    assert same_json(d, {"names": r["names"], "teachers": r["teachers"]})
    d, r = backprop_stepper.defaults(), backprop_stepper.sync({}, first=True)
    assert same_json(d, {k: r[k] for k in ("slides", "teachers", "x")})
    d, r = pixel_grid.defaults(), pixel_grid.sync({}, first=True)
    assert same_json(d, {k: r[k] for k in ("slides", "x")})
    d, r = optimizer_race.defaults(), optimizer_race.sync({})
    assert same_json(d, {k: r[k] for k in ("names", "lr", "lr_path", "epsilon", "max_iter")})
