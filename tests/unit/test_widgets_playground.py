"""The playground's Python half (nnbook.widgets.playground): the state and its
checks, links, training rounds compared with nnbook.train, the page variables
shared with cells, and the Python-cell export."""

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import nnbook
from nnbook.widgets import playground as pg

ROOT = Path(__file__).resolve().parents[2]


def b64(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def trained_state():
    ns = {}
    pg.request(ns, {"ops": [{"add": [pg.image_number(nnbook.data.image("111/100/100/111")), "C"]},
                            {"settings": {"hidden": 4, "method": "adam", "lr": 0.05, "seed": 3}}],
                    "steps": 40})
    return ns, pg.state(ns)


def test_images_are_12_bit_numbers_x1_highest():
    X, _, _ = nnbook.data.slide_images()
    assert pg.image_number(X[0]) == 0b011100100011 == 1827
    for x in X:
        assert np.array_equal(pg.image_pixels(pg.image_number(x)), x)
    assert pg.default_state()["images"][:2] == [[1827, "C"], [3875, "C"]]


def test_default_state_is_the_slides_nine_and_the_trainer_defaults():
    s = pg.check_state(pg.default_state())
    X, T = pg.data_arrays(s["images"])
    X0, T0, _ = nnbook.data.slide_images()
    assert np.array_equal(X, X0) and np.array_equal(T, T0)
    assert s["w"] is None and s["hidden"] == 3 and s["lr"] == 2.0


def test_link_round_trip_rounds_weights_to_six_digits_and_nothing_else():
    _, state = trained_state()
    back = pg.decode(pg.encode(state))
    assert back["images"] == state["images"] and back["x"] == state["x"]
    assert {k: back[k] for k in pg.SETTINGS} == {k: state[k] for k in pg.SETTINGS}
    assert back["w"] == [float(f"{v:.5e}") for v in state["w"]]
    np.testing.assert_allclose(back["w"], state["w"], rtol=5e-6)
    exact = pg.decode(pg.encode(state, digits=None))
    assert exact == state
    assert len(pg.encode(pg.load({}, pg.default_state()))) < 1400


@pytest.mark.parametrize("payload, field", [
    ("not base64!!", "base64url"),
    ("#s=" + b64('{"v": 1, "images": [[1827, "C"]'), "JSON"),          # truncated
    (b64("[1, 2, 3]"), "object"),
    (b64("{}"), "missing"),
])
def test_bad_links_are_refused_with_a_reason(payload, field):
    with pytest.raises(pg.StateError, match=field):
        pg.decode(payload)


def mutate(**changes):
    s = {**pg.default_state(), **changes}
    return b64(json.dumps(s))


@pytest.mark.parametrize("text, field", [
    (mutate(w=[0.0] * 46), '"w"'),                                   # wrong length
    (mutate(w=[0.0] * 48), '"w"'),
    (mutate(w=[1e300] + [0.0] * 46), '"w"'),                          # huge
    (b64(json.dumps(pg.default_state()).replace('"lr": 2.0', '"lr": NaN')), "JSON"),
    (mutate(lr=1000.0), '"lr"'), (mutate(lr="2"), '"lr"'),
    (mutate(hidden=0), '"hidden"'), (mutate(hidden=21), '"hidden"'), (mutate(hidden=True), '"hidden"'),
    (mutate(hidden="3"), '"hidden"'),
    (mutate(activation="<img src=x onerror=alert(1)>"), '"activation"'),
    (mutate(images=[[1827, "<img src=x onerror=alert(1)>"]]), "image 1"),
    (mutate(images=[[4096, "C"]]), "image 1"), (mutate(images=[[1.5, "C"]]), "image 1"),
    (mutate(images=[[1, "C"]] * 201), '"images"'),
    (mutate(x=-1), '"x"'), (mutate(v=2), '"v"'),
    (mutate(extra=1), "unknown field"),
    (mutate(max_iter=10**7), '"max_iter"'), (mutate(epsilon=0), '"epsilon"'),
    (mutate(method="newton"), '"method"'), (mutate(init="zeros"), '"init"'),
])
def test_every_field_is_checked(text, field):
    with pytest.raises(pg.StateError) as info:
        pg.decode(text)
    assert field in str(info.value)


def test_messages_in_japanese():
    with pytest.raises(pg.StateError, match="整数"):
        pg.decode(mutate(hidden=0), lang="ja")


def test_python_builds_the_network_with_nnbooks_own_checks():
    bad = {**pg.default_state(), "w": [float("nan")] + [0.0] * 46}
    with pytest.raises(ValueError):
        pg.build_network(bad)                                  # nnbook refuses NaN itself
    with pytest.raises(ValueError):
        pg.build_network({**pg.default_state(), "w": [0.0] * 46})


def test_training_rounds_equal_nnbook_train():
    ns = {}
    first = pg.request(ns, "{}")
    assert first["k"] == 0 and first["from"] == 0
    E, since, run = list(first["E_new"]), 1, first["generation"]
    while True:
        out = pg.request(ns, {"steps": 25, "have": {"generation": run, "k": since - 1}})
        assert out["from"] == since
        E += out["E_new"]
        since = len(E)
        if out["done"]:
            break
    X, T, _ = nnbook.data.slide_images()
    net = nnbook.Network(sizes=(12, 3, 2), seed=0)
    history = nnbook.train(net, X, T, optimizer="sd", lr=2.0, epsilon=0.01, max_iter=5000)
    assert out["converged"] and out["k"] == history.iterations == len(E) - 1
    assert E == history.E
    assert out["w"] == [float(v) for v in net.w]
    assert out["verdicts"] == ["C", "C", "C", "T", "T", "neither", "neither", "neither", "neither"]
    assert ns["playground"]["k"] == out["k"] and ns["playground"]["E"][-1] == history.E[-1]


@pytest.mark.parametrize("method", ["armijo", "momentum", "adagrad", "adam"])
def test_every_method_matches_nnbook(method):
    ns = {}
    settings = {"method": method, "lr": 0.1, "hidden": 5, "activation": "tanh", "init": "he", "seed": 7,
                "epsilon": 1e-12}
    out = pg.request(ns, {"ops": [{"settings": settings}], "steps": 30})
    net = nnbook.Network(sizes=(12, 5, 2), activation=["tanh", "sigmoid"], init="he", seed=7)
    X, T, _ = nnbook.data.slide_images()
    history = nnbook.train(net, X, T, optimizer=method, lr=None if method == "armijo" else 0.1,
                           epsilon=1e-12, max_iter=30)
    assert out["k"] == 30 and out["E"] == history.E[-1]
    assert out["w"] == [float(v) for v in net.w]


def test_widget_changes_data_weights_and_reset():
    ns = {}
    pg.request(ns, {"ops": [{"add": [3879, "C"]}, {"remove": 0}, {"x": 3879}]})
    assert ns["X"].shape == (9, 12) and pg.image_number(ns["X"][-1]) == 3879
    assert np.array_equal(ns["T"][-1], [1.0, 0.0])
    out = pg.request(ns, {"ops": [{"params": {"w_11": 0.5}}]})
    assert ns["net"]["w_11"] == 0.5 and out["k"] == 0
    out = pg.request(ns, {"ops": [{"reset": True}]})
    assert out["w"] == [float(v) for v in nnbook.Network(seed=0).w]
    out = pg.request(ns, {"ops": [{"add": [1, "<script>"]}]})
    assert "image 10" in out["error"] and len(out["state"]["images"]) == 9


def test_cells_change_the_playground_through_the_page_variables():
    ns = {}
    pg.request(ns, {"steps": 10})
    ns["X"] = np.vstack([ns["X"], nnbook.data.image("111/100/100/111")])
    ns["T"] = np.vstack([ns["T"], [1.0, 0.0]])
    out = pg.request(ns, "{}")
    assert len(out["state"]["images"]) == 10 and out["k"] == 0 and out["error"] is None
    ns["playground"]["lr"] = 0.5
    out = pg.request(ns, "{}")
    assert out["state"]["lr"] == 0.5
    w_before = out["w"]
    ns["playground"]["seed"] = 5                                # architecture: a new w0
    out = pg.request(ns, "{}")
    assert out["w"] != w_before and out["w"] == [float(v) for v in nnbook.Network(seed=5).w]
    ns["net"]["w_11"] = 3.0                                     # in place: a new run from there
    E_touched = ns["net"].error(ns["X"], ns["T"])
    out = pg.request(ns, {"steps": 1, "have": {"generation": out["generation"], "k": 98}})
    assert out["k"] == 1 and out["from"] == 0 and out["E_new"][0] == E_touched
    ns["net"] = nnbook.Network(sizes=(12, 6, 2), activation=["relu", "sigmoid"], seed=1)
    out = pg.request(ns, "{}")
    assert out["state"]["hidden"] == 6 and out["state"]["activation"] == "relu"
    ns["X"] = ns["X"] * 2                                       # pixels 0/2: refused
    out = pg.request(ns, "{}")
    assert "X and T" in out["error"] and len(out["state"]["images"]) == 10
    ns["playground"] = {"lr": float("nan")}
    out = pg.request(ns, "{}", lang="ja")
    assert "lr" in out["error"] and out["state"]["lr"] == 0.5


def test_python_cell_rebuilds_the_same_network():
    _, state = trained_state()
    code = pg.python_cell(state)
    scope = {}
    exec(code.replace("print(net.forward(X))\n", ""), scope)
    net = pg.build_network(state)
    X, T = pg.data_arrays(state["images"])
    assert np.array_equal(scope["net"].forward(X), net.forward(X))
    assert np.array_equal(scope["X"], X) and np.array_equal(scope["T"], T)


def test_load_accepts_a_link_or_json():
    _, state = trained_state()
    ns = {}
    assert pg.load(ns, "https://example.org/playground/#s=" + pg.encode(state, None)) == state
    assert pg.load(ns, json.dumps(state)) == state
    assert np.array_equal(ns["net"].w, state["w"])


def test_the_widget_sends_links_and_files_as_text_and_python_alone_checks_them():
    _, state = trained_state()
    ns = {}
    p = pg.request(ns, {"ops": [{"link": pg.encode(state, None)}]})
    assert p["error"] is None and p["state"] == state
    p = pg.request(ns, {"ops": [{"link": b64(json.dumps({**state, "x": 4096}))}]}, lang="ja")
    assert p["error"] == '"x": 0 … 4095 の整数にしてください' and p["state"] == state    # refused: nothing changes
    p = pg.request(ns, {"ops": [{"json": json.dumps({**state, "hidden": 2})}]})
    assert "w" in p["error"] and p["state"] == state
    p = pg.request(ns, {"ops": [{"json": " " * (pg.MAX_FILE + 1)}]})
    assert p["error"] == f"too long (more than {pg.MAX_FILE} characters)"
    p = pg.request(ns, {"ops": [{"json": json.dumps(pg.default_state())}]})
    assert p["error"] is None and p["state"]["images"] == pg.default_state()["images"]


def test_start_sends_the_limits_the_menus_and_the_slides():
    rules = pg.start({})
    assert rules["limits"] == {"images": pg.MAX_IMAGES, "file": pg.MAX_FILE}
    # the settings' rules are the trainer's (one schema), their menus nnbook's registries
    from nnbook.widgets import training_run
    rules_by_key = {rule["key"]: rule for rule in rules["schema"]}
    assert list(rules_by_key) == [k for k in training_run.RULES if k in pg.SETTINGS]
    assert all(rules_by_key[k] == training_run.RULES[k] for k in pg.SETTINGS)
    choices = {k: rules_by_key[k]["choices"] for k in ("method", "init")}
    assert set(choices["method"]) <= set(nnbook.optimizers.OPTIMIZERS)
    assert {nnbook.optimizers.OPTIMIZERS[m] for m in choices["method"]} \
        == set(nnbook.optimizers.OPTIMIZERS.values())
    assert {nnbook.initializers.INITIALIZERS[i] for i in choices["init"]} \
        == set(nnbook.initializers.INITIALIZERS.values())
    assert rules["slides"] == pg.default_state()["images"]
    json.dumps(rules, allow_nan=False)


def test_the_playground_trains_with_the_trainers_run_and_nnbooks_teacher():
    from nnbook.widgets import training_run
    ns = {}
    pg.request(ns, {"steps": 3})
    assert isinstance(ns["_playground"].run, training_run.Run)
    p = pg.request(ns, {})
    assert p["wants"] == [nnbook.data.verdict(nnbook.data.teacher(letter))
                          for _, letter in nnbook.data.SLIDE_IMAGES]
    assert [label for _, label in pg.default_state()["images"]] == \
        [letter if letter in nnbook.data.TEACHER else "N" for _, letter in nnbook.data.SLIDE_IMAGES]


def test_run_numbers_go_on_across_playgrounds_and_trainers():
    from nnbook.widgets import trainer
    a = pg.request({}, {})["generation"]
    b = trainer.request({}, {})["generation"]
    c = pg.request({}, {})["generation"]
    assert a < b < c                                   # one counter: a restarted page never reuses one
