"""nnbook.widgets.network_state and the Python halves of chapter 3's widgets
(pixel_grid, network_view, weight_editor) that share it, checked against
nnbook's own forward pass and against hand-worked values."""

import json

import numpy as np
import pytest

import nnbook
from nnbook.widgets import network_state as shared
from nnbook.widgets import network_view, pixel_grid, weight_editor


def sigmoid(s):
    return 1 / (1 + np.exp(-s))


# ---- the verdict rule -------------------------------------------------------------

@pytest.mark.parametrize("z, expected", [
    ((0.9, 0.1), "C"),
    ((0.1, 0.9), "T"),
    ((0.1, 0.2), "neither"),
    ((0.8, 0.7), "neither"),      # both high: no clear answer
    ((0.5, 0.49), "C"),           # 0.5 counts as 1
    ((0.49, 0.5), "T"),
    ((0.4999, 0.4999), "neither"),
])
def test_verdict_rounds_each_output_at_one_half(z, expected):
    assert nnbook.data.verdict(z) == expected


def test_rounded_pair():
    assert nnbook.data.rounded([0.51, 0.2]) == [1, 0]
    assert nnbook.data.rounded(np.array([0.5, 0.5])) == [1, 1]


# ---- the shared variables -------------------------------------------------------------

def test_state_creates_net_and_x_when_the_page_has_none():
    ns = {}
    out = shared.state(ns)
    assert isinstance(ns["net"], nnbook.Network) and ns["net"].sizes == (12, 3, 2)
    np.testing.assert_array_equal(ns["net"].w, nnbook.Network(seed=0).w)
    np.testing.assert_array_equal(ns["x"], nnbook.data.slide_images().X[0])
    assert out["error"] is None
    assert out["sizes"] == [12, 3, 2]
    assert out["names"] == ns["net"].names() and len(out["w"]) == 47
    json.dumps(out, allow_nan=False)                 # what the page receives


def test_state_keeps_the_readers_variables():
    net = nnbook.Network(seed=5)
    x = nnbook.data.slide_images().X[4]
    ns = {"net": net, "x": x}
    shared.state(ns)
    assert ns["net"] is net and ns["x"] is x


def test_state_values_are_the_forward_pass_by_the_slides_formulas():
    X = nnbook.data.slide_images().X
    net = nnbook.Network(seed=2)
    for x in X:
        out = shared.state({"net": net, "x": x})
        # s_i^H = Σ_k w_ki^H x_k − θ_i^H, h_i = σ(s_i^H); s_j = Σ_k w_kj h_k − θ_j, z_j = σ(s_j)
        sH = [sum(net[f"w_{k},{i}^H"] * x[k - 1] for k in range(1, 13)) - net[f"theta_{i}^H"]
              for i in (1, 2, 3)]
        h = sigmoid(np.array(sH))
        s = [sum(net[f"w_{k},{j}"] * h[k - 1] for k in (1, 2, 3)) - net[f"theta_{j}"] for j in (1, 2)]
        z = sigmoid(np.array(s))
        np.testing.assert_allclose(out["s"][0], sH, rtol=1e-12)
        np.testing.assert_allclose(out["h"][0], h, rtol=1e-12)
        np.testing.assert_allclose(out["z"], z, rtol=1e-12)
        np.testing.assert_allclose(out["h"][1], z, rtol=1e-12)
        assert out["verdict"] == nnbook.data.verdict(z)
        assert out["x"] == [float(v) for v in x]


def test_state_reports_a_net_that_is_not_a_network():
    out = shared.state({"net": [1, 2, 3], "x": np.zeros(12)})
    assert "nnbook.Network" in out["error"] and "list" in out["error"]
    assert out["w"] is None and out["z"] is None


@pytest.mark.parametrize("x, words", [(np.zeros(5), "it has 5"), ("abc", "12 numbers"),
                                      ([0] * 11 + [np.nan], "NaN")])
def test_state_reports_a_bad_image_but_still_gives_the_weights(x, words):
    out = shared.state({"net": nnbook.Network(seed=0), "x": x})
    assert words in out["error"]
    assert len(out["w"]) == 47 and out["z"] is None and out["verdict"] is None


def test_other_variable_names():
    ns = {}
    out = shared.apply(ns, [{"pixel": 2, "value": 1}], net="net2", x="image")
    assert set(ns) == {"net2", "image"}
    assert out["net_name"] == "net2" and out["x"][1] == 1.0


# ---- changes from the widgets -----------------------------------------------------------

def test_pixel_and_image_changes():
    ns = {"net": nnbook.Network(seed=0), "x": nnbook.data.slide_images().X[0]}
    before = ns["x"].copy()
    out = shared.apply(ns, [{"pixel": 5, "value": 1}])
    assert out["x"][4] == 1.0 and ns["x"][4] == 1.0
    np.testing.assert_array_equal(before, nnbook.data.slide_images().X[0])  # a new array
    np.testing.assert_allclose(out["z"], ns["net"].forward(ns["x"]))
    out = shared.apply(ns, [{"x": [1] * 12}])
    assert out["x"] == [1.0] * 12 and isinstance(ns["x"], np.ndarray)


def test_parameter_changes_by_name_in_order():
    ns = {"net": nnbook.Network(seed=0), "x": np.ones(12)}
    out = shared.apply(ns, [{"params": {"w_11": 4.0, "w_5,2^H": -3.5}}, {"params": {"w_11": 2.0}}])
    assert ns["net"]["w_11"] == 2.0 and ns["net"]["w_5,2^H"] == -3.5
    assert out["w"][ns["net"].index("w_5,2^H")] == -3.5
    np.testing.assert_allclose(out["z"], ns["net"].forward(np.ones(12)))


def test_a_bad_change_is_reported_and_stops_there():
    ns = {"net": nnbook.Network(seed=0), "x": np.ones(12)}
    out = shared.apply(ns, [{"params": {"w_99": 1.0}}, {"params": {"w_11": 7.0}}])
    assert "w_99" in out["error"]
    assert ns["net"]["w_11"] != 7.0
    assert len(out["w"]) == 47                     # the widgets can still draw


def test_presets():
    ns = {"net": nnbook.Network(seed=0), "x": nnbook.data.slide_images().X[0]}
    out = shared.apply(ns, [{"preset": "zero"}])
    assert out["w"] == [0.0] * 47
    assert out["h"][0] == [0.5] * 3 and out["z"] == [0.5, 0.5]
    assert out["verdict"] == "neither"              # (0.5, 0.5) rounds to (1, 1)
    out = shared.apply(ns, [{"preset": "random", "seed": 3}])
    np.testing.assert_array_equal(out["w"], nnbook.Network(seed=3).w)
    with pytest.raises(shared.WidgetProblem, match="unknown preset"):
        shared.preset_w("clever")


def test_trained_preset_recognises_every_slide_image_and_is_cached():
    X, T, labels = nnbook.data.slide_images()
    w = shared.trained_w()
    assert shared.trained_w() is not shared._trained["w"]            # callers get a copy …
    np.testing.assert_array_equal(shared.trained_w(), w)          # … of one cached result
    net = nnbook.Network(seed=0)
    history = nnbook.train(net, X, T, optimizer="sd", lr=2.0, epsilon=0.01, max_iter=5000)
    np.testing.assert_allclose(w, net.w)                      # what the doc says it is
    net = nnbook.Network(w=w)
    said = [nnbook.data.verdict(z) for z in net.forward(X)]
    expected = ["C" if l == "C" else "T" if l == "T" else "neither" for l in labels]
    assert said == expected
    out = shared.apply({"net": nnbook.Network(seed=9), "x": X[3]}, [{"preset": "trained"}])
    assert out["verdict"] == "T"
    assert out["trained"] == {"E": pytest.approx(history.E[-1]), "iterations": history.iterations}
    assert out["trained"]["E"] < 0.01



# ---- the three widgets' entry points ----------------------------------------------------------

def test_pixel_grid_shows_the_slides_images_before_python_answers():
    out = pixel_grid.defaults()
    X, T, labels = nnbook.data.slide_images()
    assert [s["letter"] for s in out["slides"]] == labels
    assert [s["rows"] for s in out["slides"]] == [rows for rows, _ in nnbook.data.SLIDE_IMAGES]
    np.testing.assert_array_equal([s["x"] for s in out["slides"]], X)
    np.testing.assert_array_equal([s["t"] for s in out["slides"]], T)
    json.dumps(out, allow_nan=False)


def test_pixel_grid_changes_x_but_not_net():
    ns = {}
    out = pixel_grid.sync(ns, [{"pixel": 5, "value": 1}, {"params": {"w_11": 9.0}}])
    assert out["x"][4] == 1.0
    assert "unknown widget change" in out["error"] and ns["net"]["w_11"] != 9.0


def test_weight_editor_changes_net_but_not_x_and_says_how_it_trains():
    ns = {}
    weight_editor.sync(ns, [{"params": {"w_11": 9.0}}])
    assert ns["net"]["w_11"] == 9.0 and weight_editor.defaults()["training"] == nnbook.LECTURE_RUN
    out = weight_editor.sync(ns, [{"x": [1] * 12}])
    assert "unknown widget change" in out["error"]
    np.testing.assert_array_equal(ns["x"], nnbook.data.slide_images().X[0])


def test_network_view_reads_and_words_the_verdict_in_the_pages_language():
    ns = {"net": nnbook.Network(w=np.zeros(47)), "x": np.zeros(12)}
    assert network_view.sync(ns)["verdict"] == "neither"
    out = network_view.sync(ns, lang="ja")
    assert out["verdict"] == nnbook.data.verdict([0.5, 0.5], "ja") == "どちらでもない"
    assert network_view.sync({"net": 3}, lang="ja")["error"].startswith("net は nnbook.Network")
