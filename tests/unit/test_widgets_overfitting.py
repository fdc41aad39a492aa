"""The overfitting widget's Python half (nnbook.widgets.overfitting) against
nnbook.train and a fresh network's error for the test curve."""

import json

import numpy as np
import pytest

import nnbook
from nnbook.widgets import overfitting as of
from nnbook.widgets.common import WidgetProblem


def as_json(result):
    return json.loads(json.dumps(result, allow_nan=False))   # what the widget receives


# ---- overfitting ---------------------------------------------------------------------------------

(X_TRAIN, T_TRAIN, _), (X_TEST, T_TEST, _) = nnbook.data.letters()


def curves_by_hand(hidden, lam, p, iterations):
    """E on both sets at every k, from the states' w (a fresh network for the test error)."""
    net = nnbook.Network(sizes=(12, hidden, 2), seed=0)
    E_train, E_test = [], []
    for state in nnbook.train_iter(net, X_TRAIN, T_TRAIN, optimizer="adam", lr=0.03, epsilon=0,
                                   max_iter=iterations, weight_decay=lam, dropout=p):
        E_train.append(state.E)
        E_test.append(nnbook.Network(sizes=(12, hidden, 2), w=state.w).error(X_TEST, T_TEST))
    return net, E_train, E_test


def right(net, X, T):
    Z = net.forward(X)
    return sum(1 for z, t in zip(Z, T) if round(z[0]) == t[0] and round(z[1]) == t[1])


@pytest.mark.parametrize("hidden, lam, p", [(3, 0.0, 0.0), (12, 0.01, 0.0), (8, 0.003, 0.2)])
def test_overfit_curves_and_accuracy(hidden, lam, p):
    o = of.Overfit(hidden=hidden, weight_decay=lam, dropout=p, iterations=120).run()
    net, E_train, E_test = curves_by_hand(hidden, lam, p, 120)
    assert o.k == 120 and o.done
    assert o.E_train == E_train
    assert np.allclose(o.E_test, E_test, rtol=1e-12, atol=0)
    assert o.accuracy() == {"train": (right(net, X_TRAIN, T_TRAIN), len(X_TRAIN)),
                            "test": (right(net, X_TEST, T_TEST), len(X_TEST))}


def test_overfit_sync_trains_in_chunks_and_reports():
    ns = {}
    first = as_json(of.sync(ns))
    assert first["k"] == 0 and first["iterations"] == 1000 and first["sizes"] == {"train": 129, "test": 99}
    # the sliders: new settings are kept, and the curves say they are old
    moved = as_json(of.sync(ns, {"set": {"hidden": 5, "weight_decay": 0.01}}))
    assert moved["changed"] is True and moved["settings"]["hidden"] == 5 and moved["used"]["hidden"] == 30
    ns["overfit"].iterations = 60
    have, E_train, E_test = None, [], []
    result = as_json(of.sync(ns, {"train": True, "run": 25}))
    while True:
        assert result["changed"] is False and result["used"]["hidden"] == 5
        E_train += result["E_train"]
        E_test += result["E_test"]
        have = {"generation": result["generation"], "k": result["k"]}
        if result["done"]:
            break
        result = as_json(of.sync(ns, {"run": 25}, have))
    assert result["k"] == 60 and len(E_train) == 61
    net, want_train, want_test = curves_by_hand(5, 0.01, 0.0, 60)
    assert E_train == want_train
    assert np.allclose(E_test, want_test, rtol=1e-12, atol=0)
    assert result["last"] == {"E_train": want_train[-1], "E_test": E_test[-1]}
    assert result["best_test"]["k"] == int(np.argmin(want_test))
    assert result["accuracy"]["test"] == [right(net, X_TEST, T_TEST), 99]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_overfit_bad_settings(lang):
    ns = {}
    with pytest.raises(WidgetProblem, match="overfit.hidden"):
        of.sync(ns, {"set": {"hidden": 0}}, lang=lang)
    ns["overfit"].hidden = 3
    with pytest.raises(WidgetProblem, match="overfit.dropout"):
        of.sync(ns, {"set": {"dropout": 1.0}}, lang=lang)
    with pytest.raises(WidgetProblem, match="`overfit`"):
        of.sync({"overfit": "x"}, lang=lang)


def test_the_chapters_overfitting_numbers():
    plain = of.Overfit(hidden=30).run()
    decay = of.Overfit(hidden=30, weight_decay=0.01).run()
    small = of.Overfit(hidden=3).run()
    assert plain.accuracy() == {"train": (129, 129), "test": (85, 99)}
    assert decay.accuracy()["test"] == (94, 99)
    assert round(plain.E_test[-1], 2) == 4.54 and round(decay.E_test[-1], 2) == 2.75
    best = int(np.argmin(small.E_test))
    assert 200 < best < 300 and small.E_test[-1] > small.E_test[best] + 1     # the test error rises
