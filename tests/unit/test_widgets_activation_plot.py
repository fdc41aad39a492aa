"""The activation plot's Python half (nnbook.widgets.activation_plot).

Oracle: nnbook.activations, and σ written out by hand."""

import json
import math

import numpy as np
import pytest

import nnbook
from nnbook.widgets import activation_plot as nw

SIGMOID = lambda s: 1 / (1 + math.exp(-s))  # noqa: E731


def test_curve_samples_a_and_its_derivative_on_a_grid_through_zero():
    c = nw.curve("relu")
    assert len(c["s"]) == 201 and c["s"][0] == -5 and c["s"][-1] == 5
    assert c["s"][100] == 0.0 and c["da"][100] == 0.0           # R′(0) = 0 in nnbook
    a = nnbook.activation("tanh")
    c = nw.curve("tanh")
    assert np.array_equal(c["a"], a(np.array(c["s"])))
    assert np.array_equal(c["da"], a.derivative(np.array(c["s"])))


def test_at_gives_values_at_the_cursor_and_the_curve_only_when_missing():
    r = nw.at({"activation": "sigmoid", "s": 0.0})
    assert (r["a"], r["da"]) == (0.5, 0.25) and "curve" in r
    r = nw.at({"activation": "sigmoid", "s": 2.5}, have=["sigmoid"])
    assert "curve" not in r and r["a"] == pytest.approx(SIGMOID(2.5))


def test_at_clamps_the_cursor_to_the_plot():
    assert nw.at({"activation": "tanh", "s": 12}, have=["tanh"])["s"] == 5.0


@pytest.mark.parametrize("bad, says", [
    ([], "should be a dict"),
    ({"activation": "identity"}, "one of sigmoid, tanh, relu, step"),
    ({"s": "left"}, "should be a number"),
    ({"s": float("inf")}, "finite"),
])
def test_bad_plot_state_says_what_was_expected(bad, says):
    with pytest.raises(ValueError) as info:
        nw.at(bad)
    assert says in str(info.value)


def test_the_menu_is_nnbooks_activations_but_the_identity():
    assert nw.PLOT_ACTIVATIONS == ("sigmoid", "tanh", "relu", "step")
    assert set(nw.PLOT_ACTIVATIONS) | {"identity"} == set(nnbook.activations.ACTIVATIONS)


def test_sync_creates_the_variable_once_and_writes_only_when_told():
    ns = {}
    r = nw.sync(ns, state={"activation": "tanh", "s": 1.0})
    assert ns["activation_plot"] == {"activation": "tanh", "s": 1.0}
    assert r["activations"] == list(nw.PLOT_ACTIVATIONS) and "curve" in r
    assert r["a"] == pytest.approx(math.tanh(1.0))
    json.dumps(r, allow_nan=False)
    ns["activation_plot"] = {"activation": "relu", "s": 2.0}
    r = nw.sync(ns, state={"activation": "tanh", "s": 1.0}, have=["relu"])
    assert (r["activation"], r["a"], "curve" in r) == ("relu", 2.0, False)
    r = nw.sync(ns, state={"activation": "tanh", "s": 1.0}, write=True, have=["tanh"])
    assert ns["activation_plot"] == {"activation": "tanh", "s": 1.0} and "curve" not in r


def test_a_bad_state_is_told_in_japanese_on_the_japanese_page():
    with pytest.raises(nw.WidgetProblem, match="有限の数"):
        nw.sync({"activation_plot": {"s": float("nan")}}, lang="ja")
