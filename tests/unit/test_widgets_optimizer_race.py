"""The optimizer-race widget's Python half (nnbook.widgets.optimizer_race)
against independent computations: each optimiser's update rule written out
here, and nnbook.train for the learning curves; its methods are nnbook's
optimiser registry."""

import json

import numpy as np
import pytest

import nnbook
from nnbook.widgets import optimizer_race as orace
from nnbook.widgets.common import WidgetProblem

X, T, _ = nnbook.data.slide_images()
METHODS = ("sd", "momentum", "adagrad", "adam")


def as_json(result):
    return json.loads(json.dumps(result, allow_nan=False))   # what the widget receives


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
    race = orace.Race().run(150)
    assert race.k == 150
    for m in METHODS:
        history = nnbook.train(nnbook.Network(seed=0), X, T, optimizer=m, lr=orace.RACE_LR[m],
                               epsilon=0.0, max_iter=150)
        assert race.E[m] == history.E                         # the same loop: exactly equal
        assert np.array_equal(race.nets[m].w, history.w)


def test_race_paths_follow_each_update_rule():
    race = orace.Race().run(60)
    for m in METHODS:
        assert np.allclose(np.array(race.path[m]), path_by_hand(m, orace.PATH_LR[m], 60),
                           rtol=1e-12, atol=1e-12), m


def test_race_iterations_to_epsilon_are_the_chapters():
    race = orace.Race().run(400)
    assert race.first_below(0.01) == {"sd": 131, "momentum": 128, "adagrad": 341, "adam": 232}


def test_race_sync_sends_only_new_points_and_restarts_on_a_new_step_size():
    ns = {}
    first = as_json(orace.sync(ns))
    assert first["k"] == 0 and first["from"] == 0 and isinstance(ns["race"], orace.Race)
    E = {m: first["methods"][m]["E"] for m in METHODS}
    have = {"generation": first["generation"], "k": 0}
    for _ in range(3):
        chunk = as_json(orace.sync(ns, {"run": 7}, have))
        assert chunk["from"] == have["k"] + 1
        for m in METHODS:
            E[m] += chunk["methods"][m]["E"]
        have = {"generation": chunk["generation"], "k": chunk["k"]}
    assert have["k"] == 21
    assert all(E[m] == ns["race"].E[m] for m in METHODS)
    # a new η (as the widget's slider sends it): back to k = 0, a new generation
    again = as_json(orace.sync(ns, {"lr": {"adam": 0.2}}, have))
    assert again["k"] == 0 and again["from"] == 0 and again["generation"] == have["generation"] + 1
    assert ns["race"].lr["adam"] == 0.2
    # a cell that changes race.lr: the next run starts again
    ns["race"].run(5)
    ns["race"].lr_path["sd"] = 0.5
    assert ns["race"].changed
    ns["race"].run(3)
    assert ns["race"].k == 3 and ns["race"].lr_path["sd"] == 0.5


def test_race_divergence_is_reported_not_crashing():
    ns = {"race": orace.Race(lr_path={"sd": 1.05})}
    result = as_json(orace.sync(ns, {"run": 300}))
    assert result["methods"]["sd"]["path_diverged"] is True
    assert result["methods"]["momentum"]["path_diverged"] is False
    with pytest.raises(WidgetProblem, match="^`race` should be a Race"):
        orace.sync({"race": 42})
    with pytest.raises(WidgetProblem, match="η > 0"):
        orace.sync({}, {"lr": {"sd": -1}})




def test_the_methods_are_nnbooks_registry_one_name_each():
    first = orace.sync({})
    assert first["names"] == list(METHODS)            # aliases and Armijo (needs E) left out
    assert list(first["methods"]) == list(METHODS)


class Nesterov:
    """A gradient method the widget has never heard of."""

    def __init__(self, lr=0.05, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, None

    def update(self, params, grads):
        pairs = [(k, params[k], grads[k]) for k in params] if isinstance(params, dict) \
            else [(None, params, grads)]
        if self.v is None:
            self.v = {k: np.zeros_like(w) for k, w, _ in pairs}
        for k, w, g in pairs:
            self.v[k] = self.momentum * self.v[k] - self.lr * g
            w += self.momentum * self.v[k] - self.lr * g


def test_a_new_optimiser_in_the_registry_joins_the_race_by_itself(monkeypatch):
    monkeypatch.setitem(nnbook.optimizers.OPTIMIZERS, "nesterov", Nesterov)
    ns = {}
    first = as_json(orace.sync(ns))
    assert first["names"] == [*METHODS, "nesterov"]
    assert first["lr"]["nesterov"] == 0.05 and first["lr_path"]["nesterov"] == 0.05   # its own η
    result = as_json(orace.sync(ns, {"lr_path": {"nesterov": 0.1}, "run": 20}))
    p = np.array([-7.0, 2.0])
    opt = Nesterov(lr=0.1)
    for _ in range(20):
        opt.update(p, np.array([p[0] / 10, 2 * p[1]]))
    assert result["methods"]["nesterov"]["last_point"] == pytest.approx(p.tolist(), rel=1e-12)
    history = nnbook.train(nnbook.Network(seed=0), X, T, optimizer=Nesterov(lr=0.05), epsilon=0.0,
                           max_iter=20)
    assert result["methods"]["nesterov"]["last_E"] == pytest.approx(history.E[-1], rel=1e-12)
