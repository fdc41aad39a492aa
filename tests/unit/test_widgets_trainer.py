"""nnbook.widgets.trainer: the Python half of chapter 7's trainer widget,
checked against nnbook.train with the same settings (the widget's run must be
nnbook's training, number for number), and its sharing of `net`, `x` and
`training` with the page's cells."""

import json

import numpy as np
import pytest

import nnbook
from nnbook.widgets import network_state, trainer, training_run

X, T, LABELS = nnbook.data.slide_images()


def reference(**settings):
    """nnbook.train in CPython with the widget's settings: (network, History)."""
    s = trainer.check_settings(settings)
    net = nnbook.Network(sizes=(12, s["hidden"], 2), activation=[s["activation"], s["output"]],
                         init=s["init"], seed=s["seed"])
    history = nnbook.train(net, X, T, optimizer=s["method"],
                           lr=None if s["method"] == "armijo" else s["lr"],
                           epsilon=s["epsilon"], max_iter=s["max_iter"], raise_on_divergence=False)
    return net, history


def run_to_end(ns, settings=None, budget_ms=5, steps=10**6):
    """Drive request() as the widget does (incremental E) until the run is done."""
    p = trainer.request(ns, {"full": True, "initial": settings or {}})
    E = list(p["E_new"])
    rounds = 0
    while not p["done"]:
        p = trainer.request(ns, json.dumps({"steps": steps, "budget_ms": budget_ms,
                                            "have": {"generation": p["generation"], "k": len(E) - 1}}))
        assert p["from"] == len(E)
        E += p["E_new"]
        rounds += 1
        json.dumps(p, allow_nan=False)            # what the page receives is valid JSON
    return p, E, rounds


# ---- the same numbers as nnbook.train --------------------------------------------------

def test_defaults_are_chapter_3s_trained_preset():
    s = trainer.check_settings({})
    assert s == trainer.SETTINGS
    preset = nnbook.LECTURE_RUN
    assert (s["seed"], s["method"], s["lr"], s["epsilon"]) == (
        preset["seed"], preset["optimizer"], preset["lr"], preset["epsilon"])
    np.testing.assert_array_equal(trainer.build_network({}).w, nnbook.Network(seed=0).w)


def test_default_run_in_rounds_equals_nnbook_train():
    ns = {}
    p, E, rounds = run_to_end(ns, budget_ms=None, steps=7)   # 7 iterations per round
    net, history = reference()
    assert rounds == -(-history.iterations // 7)
    assert p["converged"] and not p["diverged"] and p["k"] == history.iterations == 131
    assert E == history.E                       # every E(w_k), exactly
    assert p["E"] == history.E[-1] < 0.01
    assert float(p["E_text"]) == history.E[-1]
    np.testing.assert_array_equal(ns["net"].w, net.w)
    assert p["w"] == net.w.tolist()
    assert ns["net"] is ns["training"].net
    assert ns["training"].E == history.E and ns["training"].k == 131
    assert p["message"] == history.message
    # the nine images: all right after training
    Z = net.forward(X)
    np.testing.assert_allclose(p["Z"], Z, rtol=0, atol=0)
    assert p["verdicts"] == ["C", "C", "C", "T", "T", "neither", "neither", "neither", "neither"]
    assert p["verdicts"] == [nnbook.data.verdict(z) for z in Z]
    np.testing.assert_allclose(p["e"], 0.5 * ((T - Z) ** 2).sum(axis=1))


@pytest.mark.parametrize("settings", [
    {"method": "armijo"},
    {"activation": "tanh", "lr": 1.0},
    {"activation": "relu", "lr": 0.5, "init": "he"},
    {"hidden": 5, "init": "small_uniform", "seed": 3},
    {"hidden": 1, "lr": 5.0, "max_iter": 40},                # stops at the limit
    {"output": "identity", "lr": 0.1, "seed": 2},
    {"method": "adam", "lr": 0.05},
])
def test_other_settings_equal_nnbook_train(settings):
    ns = {}
    p, E, _ = run_to_end(ns, settings)
    net, history = reference(**settings)
    assert E == history.E
    assert p["k"] == history.iterations
    assert p["converged"] == history.converged
    np.testing.assert_array_equal(ns["net"].w, net.w)
    if settings.get("max_iter") == 40:
        assert not p["converged"] and p["k"] == 40 and "iteration limit" in p["message"]


def test_a_large_step_with_linear_outputs_diverges_and_says_so():
    ns = {}
    p, E, _ = run_to_end(ns, {"output": "identity", "lr": 0.5})
    _, history = reference(output="identity", lr=0.5)
    assert history.diverged and p["diverged"] and not p["converged"] and p["done"]
    assert p["k"] == history.iterations == 283
    assert p["E"] is None and p["E_text"] == "inf"           # JSON has no inf: None, and the text
    assert E[:-1] == history.E[:-1] and E[-1] is None
    assert "smaller η" in p["message"]
    assert p["eta"] == 0.5


def test_the_budget_limits_a_round_but_one_iteration_is_always_done():
    ns = {}
    trainer.request(ns, {})
    p = trainer.request(ns, {"steps": 10**6, "budget_ms": 0})
    assert p["k"] == 1
    p = trainer.request(ns, {"steps": 3})
    assert p["k"] == 4 and p["from"] == 0 and len(p["E_new"]) == 5   # no `have`: all of them
    p = trainer.request(ns, {"steps": 2, "have": {"generation": p["generation"], "k": 4}})
    assert p["from"] == 5 and len(p["E_new"]) == 2


def test_run_advance_and_reset_from_python():
    run = trainer.Run({"lr": 2.0})
    assert run.k == 0 and len(run.E) == 1
    assert run.advance(10) == 10 and run.k == 10
    _, history = reference()
    assert run.E == history.E[:11]
    assert run.advance(1000) == 121 and run.done and run.message.startswith("converged")
    w0 = nnbook.Network(seed=0).w
    run.reset()
    assert run.k == 0 and run.E == history.E[:1]
    np.testing.assert_array_equal(run.net.w, w0)
    assert "k = 0" in repr(run)


# ---- sharing net, x and training with the cells -------------------------------------------

def test_first_request_creates_training_net_and_x_but_keeps_an_existing_net():
    ns = {}
    p = trainer.request(ns, {"full": True})
    assert isinstance(ns["training"], trainer.Run) and ns["net"] is ns["training"].net
    np.testing.assert_array_equal(ns["x"], network_state.default_image())
    assert p["k"] == 0 and p["E"] == nnbook.Network(seed=0).error(X, T)
    assert p["labels"] == LABELS and p["X"] == X.tolist() and p["T"] == T.tolist()
    mine = nnbook.Network(seed=7)
    ns = {"net": mine}
    trainer.request(ns, {})
    assert ns["net"] is mine                    # not taken away at once ...
    trainer.request(ns, {"steps": 1})
    assert ns["net"] is ns["training"].net      # ... but Start/Step train the trainer's own


def test_a_cell_that_replaces_net_does_not_disturb_the_run_until_start():
    ns = {}
    trainer.request(ns, {"steps": 5})
    run_id = ns["training"].id
    ns["net"] = nnbook.Network(seed=9)
    p = trainer.request(ns, {})                 # a refresh after the cell ran
    assert p["k"] == 5 and p["generation"] == run_id and ns["net"] is not ns["training"].net
    p = trainer.request(ns, {"steps": 1})
    assert p["k"] == 6 and p["generation"] == run_id and ns["net"] is ns["training"].net


def test_weights_changed_in_place_are_taken_over_at_k_0():
    ns = {}
    trainer.request(ns, {"steps": 5})
    ns["net"]["w_11"] = 3.0
    p = trainer.request(ns, {})
    assert p["k"] == 5 and not p["adopted"]     # a refresh changes nothing
    p = trainer.request(ns, {"steps": 2, "have": {"generation": p["generation"], "k": 5}})
    assert p["adopted"] and p["k"] == 2 and p["from"] == 0      # a new run, from those weights
    _, history = reference()
    assert ns["training"].w0[0] == 3.0          # w_11 is w[0]: its w0 is the changed network
    p = trainer.request(ns, {"reset": True})    # Reset: a new network from the settings
    assert p["k"] == 0 and not p["adopted"]
    np.testing.assert_array_equal(ns["net"].w, nnbook.Network(seed=0).w)
    assert p["E"] == history.E[0]


def test_settings_changed_in_a_cell_start_again_and_the_widget_sees_them():
    ns = {}
    p = trainer.request(ns, {"steps": 3})
    old = ns["net"]
    ns["training"].settings.update(hidden=5, seed=2)
    p2 = trainer.request(ns, {})
    assert p2["generation"] != p["generation"] and p2["k"] == 0
    assert p2["settings"]["hidden"] == 5 and p2["sizes"] == [12, 5, 2]
    assert ns["net"] is not old and ns["net"].sizes == (12, 5, 2)
    np.testing.assert_array_equal(ns["net"].w, nnbook.Network(sizes=(12, 5, 2), seed=2).w)
    # a cell that changes the settings and prints the run sees the new run at once
    trainer.request(ns, {"steps": 4})
    ns["training"].settings["hidden"] = 2
    assert "12-2-2" in repr(ns["training"]) and "k = 0" in repr(ns["training"])
    assert ns["net"] is ns["training"].net and ns["net"].sizes == (12, 2, 2)


def test_settings_from_the_widget_start_again():
    ns = {}
    trainer.request(ns, {"steps": 3})
    p = trainer.request(ns, {"settings": {"lr": 0.5, "init": "he"}})
    assert p["k"] == 0 and p["settings"]["lr"] == 0.5 and p["settings"]["init"] == "he"
    p = trainer.request(ns, {"settings": {"seed": 4.0}})       # 4.0 from a number box is 4
    assert p["settings"]["seed"] == 4 and p["settings"]["lr"] == 0.5


@pytest.mark.parametrize("bad, words", [
    ({"hidden": 0}, "hidden"),
    ({"lr": -1}, "a number from 1e-06 to 100"),
    ({"hidden": 21}, "from 1 to 20"),
    ({"max_iter": 10**7}, "from 0 to 1000000"),
    ({"epsilon": "small"}, "epsilon"),
    ({"method": "newton"}, "armijo"),
    ({"seed": 1.5}, "whole number"),
    ({"speed": 3}, "no setting 'speed'"),
])
def test_bad_settings_are_refused_with_a_message_and_the_run_goes_on(bad, words):
    ns = {}
    trainer.request(ns, {"steps": 2})
    p = trainer.request(ns, {"settings": bad})
    assert words in p["error"]
    assert p["k"] == 2 and p["settings"] == trainer.SETTINGS
    p = trainer.request(ns, {"steps": 1})
    assert p["error"] is None and p["k"] == 3


def test_bad_settings_from_a_cell_then_reset_recovers():
    ns = {}
    trainer.request(ns, {"steps": 2})
    ns["training"].settings["lr"] = "fast"
    p = trainer.request(ns, {}, lang="ja")
    assert "1e-06 から 100 までの数" in p["error"] and p["k"] == 2
    p = trainer.request(ns, {"reset": True})
    assert p["error"] is None and p["k"] == 0 and ns["training"].settings["lr"] == 2.0


def test_the_probe_is_the_page_x_read_by_the_trained_network():
    ns = {}
    run_to_end(ns)
    shifted_c = [0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1]
    p = trainer.request(ns, {"x": shifted_c})
    np.testing.assert_array_equal(ns["x"], shifted_c)
    net, _ = reference()
    z = net.forward(np.array(shifted_c, dtype=float))
    assert p["probe"]["z"] == pytest.approx(z.tolist(), abs=0)
    assert p["probe"]["verdict"] == nnbook.data.verdict(z)
    assert len(p["probe"]["h"]) == 1 and len(p["probe"]["h"][0]) == 3
    ns["x"] = "not an image"
    p = trainer.request(ns, {})
    assert "12 pixels" in p["probe"]["error"]


def test_letters_data():
    run = trainer.Run({"data": "letters", "max_iter": 3})
    X_train, T_train, labels = nnbook.data.letters()[0]
    assert run.X.shape == X_train.shape and run.labels == list(labels)
    run.advance(10)
    assert run.done and run.k == 3


# ---- one Run for both widgets: divergence, He with ReLU ---------------------------------

def test_a_divergence_leaves_the_last_finite_weights_in_net():
    ns = {}
    p, E, _ = run_to_end(ns, {"output": "identity", "lr": 0.5})
    assert p["diverged"] and E[-1] is None             # E(w_k) is inf or NaN
    last_finite, history = reference(output="identity", lr=0.5, max_iter=p["k"] - 1)
    assert np.all(np.isfinite(history.E)) and np.all(np.isfinite(ns["net"].w))
    np.testing.assert_allclose(ns["net"].w, last_finite.w, rtol=0, atol=1e-9)   # w_{k-1}
    assert all(v is not None for v in p["w"])          # the page draws finite weights


@pytest.mark.parametrize("before, change, init", [
    ({}, {"activation": "relu"}, "he"),                                  # Xavier → He with ReLU
    ({"activation": "relu", "init": "he"}, {"activation": "tanh"}, "xavier"),   # and back
    ({}, {"activation": "relu", "init": "xavier"}, "xavier"),            # the reader's own choice wins
    ({"init": "small_uniform"}, {"activation": "relu"}, "small_uniform"),  # not the suggested one: kept
])
def test_relu_brings_he_as_chapter_8_teaches(before, change, init):
    ns = {}
    trainer.request(ns, {"initial": before})
    p = trainer.request(ns, {"settings": change})
    assert p["settings"]["init"] == init and p["error"] is None
    s = trainer.check_settings({**before, **change, "init": init})
    net = nnbook.Network(sizes=(12, 3, 2), activation=[s["activation"], "sigmoid"], init=init, seed=0)
    assert p["w"] == pytest.approx(net.w.tolist(), abs=1e-12)          # w0 of nnbook's initialiser


def test_a_new_method_brings_its_own_step_size_unless_eta_is_given():
    ns = {}
    trainer.request(ns, {"steps": 3})
    p = trainer.request(ns, {"settings": {"method": "adam"}})
    assert p["settings"]["lr"] == nnbook.optimizers.STEP_SIZES["adam"] and p["k"] == 0
    p = trainer.request(ns, {"settings": {"method": "momentum", "lr": 0.3}})     # the reader's η wins
    assert p["settings"]["lr"] == 0.3
    p = trainer.request(ns, {"settings": {"seed": 1}})                           # other settings keep η
    assert p["settings"]["lr"] == 0.3


def test_a_plateau_of_saturated_units_is_reported_as_stalled():
    """Adam with η = 2 saturates every unit (z = 0 for all images, E = 2.5) and E stops
    falling: stalled; the default run converges and never is; nor is a run still falling."""
    from nnbook.widgets import training_run
    stuck = training_run.Run({"method": "adam", "lr": 2.0})
    stuck.advance(5000)
    assert not stuck.state.converged and training_run.run_payload(stuck)["stalled"] is True
    Z, _ = stuck.outputs()
    assert np.all(np.minimum(Z, 1 - Z) < 0.01)                    # the outputs really are saturated
    good = training_run.Run({})
    good.advance(5000)
    assert good.state.converged and training_run.run_payload(good)["stalled"] is False
    slow = training_run.Run({"lr": 0.01})                          # slow but still falling
    slow.advance(300)
    assert training_run.run_payload(slow)["stalled"] is False


def test_the_lecture_run_is_one_constant_and_the_widgets_default():
    lecture = nnbook.LECTURE_RUN
    s = training_run.SETTINGS
    assert (s["seed"], s["method"], s["lr"], s["epsilon"], s["max_iter"]) == \
        (lecture["seed"], lecture["optimizer"], lecture["lr"], lecture["epsilon"], lecture["max_iter"])
    X, T, _ = nnbook.data.slide_images()
    history = nnbook.train(nnbook.Network(seed=lecture["seed"]), X, T, **nnbook.lecture_options())
    run = training_run.Run()
    run.advance(10**6)
    assert history.converged and run.k == history.iterations == 131 and run.E == history.E


@pytest.mark.parametrize("key, worst, best", [("hidden", 21, 20), ("lr", 100.5, 100.0),
                                              ("max_iter", 10**6 + 1, 10**6), ("epsilon", 0.0, 1e-12)])
def test_one_schema_one_validator_for_the_trainer_and_the_playground(key, worst, best):
    from nnbook.widgets import playground as pg
    p = trainer.request({}, {"settings": {key: worst}})
    q = pg.request({}, {"ops": [{"settings": {key: worst}}]})
    assert f'["{key}"]' in p["error"] and f'["{key}"]' in q["error"]          # the same rule refuses both
    assert p["error"].split("; got")[0].split("]", 1)[1] == q["error"].split("; got")[0].split("]", 1)[1]
    p = trainer.request({}, {"settings": {key: best}})
    q = pg.request({}, {"ops": [{"settings": {key: best}}]})
    assert p["error"] is None and q["error"] is None
    assert p["settings"][key] == q["state"][key] == best
