"""The init-histograms widget's Python half (nnbook.widgets.init_histograms)
against independent computations: the initialisers' formulas and a forward
pass written out here; its menus are nnbook's registries."""

import json
import math
import re

import numpy as np
import pytest

import nnbook
from nnbook.widgets import init_histograms as ih
from nnbook.widgets.common import WidgetProblem


def as_json(result):
    return json.loads(json.dumps(result, allow_nan=False))   # what the widget receives


# ---- init-histograms -------------------------------------------------------------------------

SIGMA = {  # σ of w_kj for a layer n_in → n_out, from the chapter's table
    "normal_1": lambda n_in, n_out: 1.0,
    "normal_0.01": lambda n_in, n_out: 0.01,
    "xavier": lambda n_in, n_out: math.sqrt(2 / (n_in + n_out)),
    "xavier_dlfs": lambda n_in, n_out: math.sqrt(1 / n_in),
    "he": lambda n_in, n_out: math.sqrt(2 / n_in),
}
A = {
    "sigmoid": (lambda s: 1 / (1 + np.exp(-s)), lambda h: h * (1 - h)),
    "tanh": (np.tanh, lambda h: 1 - h * h),
    "relu": (lambda s: np.maximum(s, 0), lambda h: (h > 0).astype(float)),
}


def by_hand(activation, init, layers, seed):
    """The stack's outputs h per layer: weights drawn by the formula, s = h W (θ = 0)."""
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((200, 100))
    a, _ = A[activation]
    out = []
    for _ in range(layers):
        if init == "small_uniform":
            W = rng.uniform(-0.5, 0.5, size=(100, 100))
        else:
            W = rng.normal(0.0, SIGMA[init](100, 100), size=(100, 100))
        h = a(h @ W)
        out.append(h)
    return out


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("init", ["normal_1", "normal_0.01", "small_uniform", "xavier", "xavier_dlfs", "he"])
def test_histograms_are_the_outputs_of_the_initialised_stack(activation, init):
    ns = {"init_demo": {"activation": activation, "init": init, "layers": 4, "seed": 3}}
    result = as_json(ih.sync(ns))
    hs = by_hand(activation, init, 4, 3)
    lo, hi = ih.RANGES[activation]
    assert len(result["layers"]) == 4
    for layer, h in zip(result["layers"], hs):
        values = h.ravel()
        if activation == "relu":
            assert layer["zeros"] == np.count_nonzero(values == 0)
            values = values[values > 0]
        counts, _ = np.histogram(values, bins=20, range=(lo, hi))
        assert layer["counts"] == counts.tolist()
        assert layer["over"] == np.count_nonzero(values > hi)
        assert sum(layer["counts"]) + layer["zeros"] + layer["over"] + layer["under"] == h.size
        assert layer["mean"] == pytest.approx(h.mean(), rel=1e-9, abs=1e-12)
        assert layer["std"] == pytest.approx(h.std(), rel=1e-9, abs=1e-12)
        assert layer["derivative"] == pytest.approx(A[activation][1](h).mean(), rel=1e-9)
    # what the widget wrote for the cells
    assert len(ns["init_outputs"]) == 4 and ns["init_outputs"][0].shape == (200, 100)
    assert np.allclose(ns["init_outputs"][-1], hs[-1], rtol=1e-12, atol=1e-12)
    assert ns["init_net"].sizes == (100,) * 5


@pytest.mark.parametrize("init", ["xavier", "xavier_dlfs", "he", "small_uniform"])
def test_sigma_column_is_the_rule_and_the_weights_follow_it(init):
    for n_in, n_out in [(12, 3), (3, 2), (100, 100)]:
        expected = 0.5 / math.sqrt(3) if init == "small_uniform" else SIGMA[init](n_in, n_out)
        assert ih.init_sigma(init, n_in, n_out) == pytest.approx(expected, rel=1e-15)
    result = ih.sync({"init_demo": {"activation": "tanh", "init": init, "layers": 2, "seed": 0}})
    for layer in result["layers"]:
        assert layer["w_std"] == pytest.approx(layer["sigma"], rel=0.02)   # 10 000 draws


def test_glorot_and_dlfs_xavier_coincide_for_equal_widths_only():
    assert ih.init_sigma("xavier", 100, 100) == ih.init_sigma("xavier_dlfs", 100, 100)
    assert ih.init_sigma("xavier", 12, 3) != ih.init_sigma("xavier_dlfs", 12, 3)
    a = ih.sync({"init_demo": {"activation": "sigmoid", "init": "xavier", "layers": 3, "seed": 0}})
    b = ih.sync({"init_demo": {"activation": "sigmoid", "init": "xavier_dlfs", "layers": 3, "seed": 0}})
    assert [L["counts"] for L in a["layers"]] == [L["counts"] for L in b["layers"]]


def test_the_chapters_claims_about_the_histograms():
    def report(activation, init, layers=5):
        return ih.sync({"init_demo": {"activation": activation, "init": init,
                                             "layers": layers, "seed": 0}})["layers"]
    # sigmoid, σ = 1: saturated, a′ small in every layer; σ = 0.01: collapsed at 0.5
    assert all(L["derivative"] < 0.07 for L in report("sigmoid", "normal_1"))
    assert all(L["std"] < 0.03 and abs(L["mean"] - 0.5) < 0.01 for L in report("sigmoid", "normal_0.01"))
    # tanh, σ = 0.01: about ten times smaller per layer
    stds = [L["std"] for L in report("tanh", "normal_0.01")]
    assert all(0.05 < b / a < 0.2 for a, b in zip(stds, stds[1:3]))
    # ReLU: He steady, Xavier halves the spread every two layers, σ = 1 explodes
    he = [L["std"] for L in report("relu", "he")]
    assert max(he) / min(he) < 1.5
    xa = [L["std"] for L in report("relu", "xavier")]
    assert 0.4 < xa[2] / xa[0] < 0.6 and 0.4 < xa[4] / xa[2] < 0.6
    assert report("relu", "normal_1")[-1]["std"] > 1000


def test_defaults_cache_and_changes():
    ns = {}
    first = ih.sync(ns)
    assert ns["init_demo"] == ih.DEFAULTS
    assert first["settings"] == ih.DEFAULTS
    outputs = ns["init_outputs"]
    assert ih.sync(ns) is first and ns["init_outputs"] is outputs     # nothing recomputed
    changed = ih.sync(ns, {"activation": "relu", "layers": 2})
    assert ns["init_demo"]["activation"] == "relu" and len(changed["layers"]) == 2
    assert ns["init_outputs"] is not outputs


@pytest.mark.parametrize("lang, word", [("en", "should be one of"), ("ja", "のどれか")])
def test_bad_settings_get_a_message_in_the_pages_language(lang, word):
    with pytest.raises(WidgetProblem, match=word):
        ih.sync({"init_demo": {"activation": "softmax"}}, lang=lang)
    with pytest.raises(WidgetProblem, match=re.escape("init_demo['layers']")):
        ih.sync({"init_demo": {"layers": 11}}, lang=lang)
    with pytest.raises(WidgetProblem, match="`init_demo`"):
        ih.sync({"init_demo": [1, 2]}, lang=lang)




def test_menus_are_nnbooks_registries_one_name_each():
    first = ih.sync({})
    assert first["activations"] == list(nnbook.activations.ACTIVATIONS)
    assert first["inits"] == ["normal_1", "normal_0.01", "small_uniform", "xavier", "xavier_dlfs", "he"]


def test_a_new_initialiser_and_activation_reach_the_menus_by_themselves(monkeypatch):
    def tiny(n_in, n_out, rng):
        return rng.normal(0.0, 0.001, size=(n_in, n_out))
    softsign = nnbook.activations.Activation(
        "softsign", lambda s: s / (1 + np.abs(s)), lambda s, y=None: 1 / (1 + np.abs(s)) ** 2,
        "s/(1 + |s|)")
    monkeypatch.setitem(nnbook.initializers.INITIALIZERS, "tiny", tiny)
    monkeypatch.setitem(nnbook.activations.ACTIVATIONS, "softsign", softsign)
    first = ih.sync({})
    assert "tiny" in first["inits"] and "softsign" in first["activations"]
    # and the reader can pick them: the stack is nnbook's with that initialiser
    result = ih.sync({"init_demo": {"activation": "softsign", "init": "tiny", "layers": 2, "seed": 1}})
    rng = np.random.default_rng(1)
    h = rng.standard_normal((200, 100))
    for layer in result["layers"]:
        h = softsign(h @ tiny(100, 100, rng))
        assert layer["std"] == pytest.approx(h.std(), rel=1e-9)
        assert layer["sigma"] is None                   # no rule known for it
    lo, hi = result["range"]
    assert lo == pytest.approx(min(L["min"] for L in result["layers"]))
    assert hi == pytest.approx(max(L["max"] for L in result["layers"]))


@pytest.mark.parametrize("activation, init, layers, word", [
    ("sigmoid", "xavier", 5, "healthy"), ("sigmoid", "normal_1", 5, "saturated"),
    ("sigmoid", "normal_0.01", 5, "collapsed"), ("tanh", "normal_0.01", 5, "vanishing"),
    ("tanh", "xavier", 5, "healthy"), ("tanh", "normal_1", 5, "saturated"),
    ("relu", "he", 8, "healthy"), ("relu", "normal_1", 3, "exploding"),
    ("relu", "normal_0.01", 5, "vanishing"), ("step", "xavier", 3, "saturated"),
])
def test_the_verdict_says_what_the_numbers_show(activation, init, layers, word):
    assert ih.sync({"init_demo": {"activation": activation, "init": init, "layers": layers,
                                  "seed": 0}})["verdict"] == word
