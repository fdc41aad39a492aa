"""Chapter 8's widgets, their Python half (nnbook.widgets.techniques), against
independent computations: the initialisers' formulas and a forward pass
written out here, each optimiser's update rule written out here, and
nnbook.train for the learning curves."""

import json
import math

import numpy as np
import pytest

import nnbook
from nnbook.widgets import techniques as tech

X, T, _ = nnbook.data.slide_images()


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
    result = as_json(tech.init_sync(ns))
    hs = by_hand(activation, init, 4, 3)
    lo, hi = tech.RANGES[activation]
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
        assert tech.init_sigma(init, n_in, n_out) == pytest.approx(expected, rel=1e-15)
    result = tech.init_sync({"init_demo": {"activation": "tanh", "init": init, "layers": 2, "seed": 0}})
    for layer in result["layers"]:
        assert layer["w_std"] == pytest.approx(layer["sigma"], rel=0.02)   # 10 000 draws


def test_glorot_and_dlfs_xavier_coincide_for_equal_widths_only():
    assert tech.init_sigma("xavier", 100, 100) == tech.init_sigma("xavier_dlfs", 100, 100)
    assert tech.init_sigma("xavier", 12, 3) != tech.init_sigma("xavier_dlfs", 12, 3)
    a = tech.init_sync({"init_demo": {"activation": "sigmoid", "init": "xavier", "layers": 3, "seed": 0}})
    b = tech.init_sync({"init_demo": {"activation": "sigmoid", "init": "xavier_dlfs", "layers": 3, "seed": 0}})
    assert [L["counts"] for L in a["layers"]] == [L["counts"] for L in b["layers"]]


def test_the_chapters_claims_about_the_histograms():
    def report(activation, init, layers=5):
        return tech.init_sync({"init_demo": {"activation": activation, "init": init,
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
    first = tech.init_sync(ns)
    assert ns["init_demo"] == tech.INIT_DEFAULTS
    assert first["settings"] == tech.INIT_DEFAULTS
    outputs = ns["init_outputs"]
    assert tech.init_sync(ns) is first and ns["init_outputs"] is outputs     # nothing recomputed
    changed = tech.init_sync(ns, {"activation": "relu", "layers": 2})
    assert ns["init_demo"]["activation"] == "relu" and len(changed["layers"]) == 2
    assert ns["init_outputs"] is not outputs


@pytest.mark.parametrize("lang, word", [("en", "should be one of"), ("ja", "のどれか")])
def test_bad_settings_get_a_message_in_the_pages_language(lang, word):
    assert word in tech.init_sync({"init_demo": {"activation": "softmax"}}, lang=lang)["problem"]
    assert "init_demo['layers']" in tech.init_sync({"init_demo": {"layers": 11}}, lang=lang)["problem"]
    assert "`init_demo`" in tech.init_sync({"init_demo": [1, 2]}, lang=lang)["problem"]


# ---- optimizer-race ------------------------------------------------------------------------------

def path_by_hand(method, lr, steps):
    """The method's update rule, written out, on f(x, y) = x²/20 + y² from (−7, 2)."""
    p = np.array([-7.0, 2.0])
    v = np.zeros(2)
    h = np.zeros(2)
    m = np.zeros(2)
    out = [p.copy()]
    for t in range(1, steps + 1):
        g = np.array([p[0] / 10, 2 * p[1]])
        if method == "sd":
            p = p - lr * g
        elif method == "momentum":
            v = 0.9 * v - lr * g
            p = p + v
        elif method == "adagrad":
            h = h + g * g
            p = p - lr * g / (np.sqrt(h) + 1e-8)
        else:
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            p = p - lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        out.append(p.copy())
    return np.array(out)


def test_race_E_is_nnbook_train_with_each_optimiser():
    race = tech.Race().run(150)
    assert race.k == 150
    for m in tech.RACE_METHODS:
        history = nnbook.train(nnbook.Network(seed=0), X, T, optimizer=m, lr=tech.RACE_LR[m],
                               epsilon=0.0, max_iter=150)
        assert race.E[m] == history.E                         # the same loop: exactly equal
        assert np.array_equal(race.nets[m].w, history.w)


def test_race_paths_follow_each_update_rule():
    race = tech.Race().run(60)
    for m in tech.RACE_METHODS:
        assert np.allclose(np.array(race.path[m]), path_by_hand(m, tech.PATH_LR[m], 60),
                           rtol=1e-12, atol=1e-12), m


def test_race_iterations_to_epsilon_are_the_chapters():
    race = tech.Race().run(400)
    assert race.first_below(0.01) == {"sd": 131, "momentum": 128, "adagrad": 341, "adam": 232}


def test_race_sync_sends_only_new_points_and_restarts_on_a_new_step_size():
    ns = {}
    first = as_json(tech.race_sync(ns))
    assert first["k"] == 0 and first["from"] == 0 and isinstance(ns["race"], tech.Race)
    E = {m: first["methods"][m]["E"] for m in tech.RACE_METHODS}
    have = {"generation": first["generation"], "k": 0}
    for _ in range(3):
        chunk = as_json(tech.race_sync(ns, {"run": 7}, have))
        assert chunk["from"] == have["k"] + 1
        for m in tech.RACE_METHODS:
            E[m] += chunk["methods"][m]["E"]
        have = {"generation": chunk["generation"], "k": chunk["k"]}
    assert have["k"] == 21
    assert all(E[m] == ns["race"].E[m] for m in tech.RACE_METHODS)
    # a new η (as the widget's slider sends it): back to k = 0, a new generation
    again = as_json(tech.race_sync(ns, {"lr": {"adam": 0.2}}, have))
    assert again["k"] == 0 and again["from"] == 0 and again["generation"] == have["generation"] + 1
    assert ns["race"].lr["adam"] == 0.2
    # a cell that changes race.lr: the next run starts again
    ns["race"].run(5)
    ns["race"].lr_path["sd"] = 0.5
    assert ns["race"].changed
    ns["race"].run(3)
    assert ns["race"].k == 3 and ns["race"].lr_path["sd"] == 0.5


def test_race_divergence_is_reported_not_crashing():
    ns = {"race": tech.Race(lr_path={"sd": 1.05})}
    result = as_json(tech.race_sync(ns, {"run": 300}))
    assert result["methods"]["sd"]["path_diverged"] is True
    assert result["methods"]["momentum"]["path_diverged"] is False
    assert tech.race_sync({"race": 42})["problem"].startswith("`race` should be a Race")
    assert "η > 0" in tech.race_sync({}, {"lr": {"sd": -1}})["problem"]


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
    o = tech.Overfit(hidden=hidden, weight_decay=lam, dropout=p, iterations=120).run()
    net, E_train, E_test = curves_by_hand(hidden, lam, p, 120)
    assert o.k == 120 and o.done
    assert o.E_train == E_train
    assert np.allclose(o.E_test, E_test, rtol=1e-12, atol=0)
    assert o.accuracy() == {"train": (right(net, X_TRAIN, T_TRAIN), len(X_TRAIN)),
                            "test": (right(net, X_TEST, T_TEST), len(X_TEST))}


def test_overfit_sync_trains_in_chunks_and_reports():
    ns = {}
    first = as_json(tech.overfit_sync(ns))
    assert first["k"] == 0 and first["iterations"] == 1000 and first["sizes"] == {"train": 129, "test": 99}
    # the sliders: new settings are kept, and the curves say they are old
    moved = as_json(tech.overfit_sync(ns, {"set": {"hidden": 5, "weight_decay": 0.01}}))
    assert moved["changed"] is True and moved["settings"]["hidden"] == 5 and moved["used"]["hidden"] == 30
    ns["overfit"].iterations = 60
    have, E_train, E_test = None, [], []
    result = as_json(tech.overfit_sync(ns, {"train": True, "run": 25}))
    while True:
        assert result["changed"] is False and result["used"]["hidden"] == 5
        E_train += result["E_train"]
        E_test += result["E_test"]
        have = {"generation": result["generation"], "k": result["k"]}
        if result["done"]:
            break
        result = as_json(tech.overfit_sync(ns, {"run": 25}, have))
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
    assert "overfit.hidden" in tech.overfit_sync(ns, {"set": {"hidden": 0}}, lang=lang)["problem"]
    ns["overfit"].hidden = 3
    assert "overfit.dropout" in tech.overfit_sync(ns, {"set": {"dropout": 1.0}}, lang=lang)["problem"]
    assert "`overfit`" in tech.overfit_sync({"overfit": "x"}, lang=lang)["problem"]


def test_the_chapters_overfitting_numbers():
    plain = tech.Overfit(hidden=30).run()
    decay = tech.Overfit(hidden=30, weight_decay=0.01).run()
    small = tech.Overfit(hidden=3).run()
    assert plain.accuracy() == {"train": (129, 129), "test": (85, 99)}
    assert decay.accuracy()["test"] == (94, 99)
    assert round(plain.E_test[-1], 2) == 4.54 and round(decay.E_test[-1], 2) == 2.75
    best = int(np.argmin(small.E_test))
    assert 200 < best < 300 and small.E_test[-1] > small.E_test[best] + 1     # the test error rises
