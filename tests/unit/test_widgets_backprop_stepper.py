"""nnbook.widgets.backprop_stepper: the Python half of chapter 6's backprop-stepper,
checked against nnbook (net.trace, net.gradient, net.numerical_gradient) and
against the slides' formulas written out here with NumPy."""

import json

import numpy as np
import pytest

import nnbook
from nnbook.widgets import backprop_stepper as bp

X, T, LABELS = nnbook.data.slide_images()


def sigmoid(s):
    return 1 / (1 + np.exp(-s))


# ---- the shared variables ---------------------------------------------------------------

def test_missing_variables_are_created_like_chapter_3_plus_the_teacher_signal():
    ns = {}
    out = bp.trace(ns)
    assert out["error"] is None
    np.testing.assert_array_equal(ns["net"].w, nnbook.Network(seed=0).w)
    np.testing.assert_array_equal(ns["x"], X[0])
    np.testing.assert_array_equal(ns["t"], [1.0, 0.0])        # the first C's teacher signal
    json.dumps(out, allow_nan=False)                           # what the page receives


def test_the_readers_variables_are_kept():
    net, x, t = nnbook.Network(seed=4), X[5].copy(), np.array([0.3, 0.6])
    ns = {"net": net, "x": x, "t": t}
    bp.trace(ns)
    assert ns["net"] is net and ns["x"] is x and ns["t"] is t


@pytest.mark.parametrize("n", range(1, 10))
def test_default_teacher_is_the_slide_images_teacher_signal(n):
    assert bp.slide_number(X[n - 1]) == n
    np.testing.assert_array_equal(bp.default_teacher(X[n - 1]), T[n - 1])


def test_default_teacher_of_a_drawn_image_is_neither():
    drawn = np.zeros(12)
    drawn[[0, 4, 8]] = 1
    assert bp.slide_number(drawn) is None
    np.testing.assert_array_equal(bp.default_teacher(drawn), [0.0, 0.0])
    ns = {"x": drawn}
    bp.ensure(ns)
    np.testing.assert_array_equal(ns["t"], [0.0, 0.0])


def test_other_variable_names():
    ns = {"model": nnbook.Network(seed=2), "image": X[3], "answer": (0, 1)}
    out = bp.trace(ns, net="model", x="image", t="answer")
    assert out["error"] is None and out["slide"] == 4
    np.testing.assert_allclose(out["gradient"], ns["model"].gradient(X[3], [0, 1]), rtol=0, atol=1e-15)
    assert "net" not in ns and "x" not in ns and "t" not in ns


# ---- the numbers: nnbook and the slides' formulas ---------------------------------------

@pytest.mark.parametrize("seed, p, t", [(0, 0, (1, 0)), (3, 3, (0, 1)), (5, 8, (0, 0)), (1, 2, (0, 1))])
def test_forward_values_and_gradients_are_nnbooks(seed, p, t):
    net = nnbook.Network(seed=seed)
    ns = {"net": net, "x": X[p].copy(), "t": np.array(t, dtype=float)}
    out = bp.trace(ns)
    trace = net.trace(X[p])
    np.testing.assert_allclose(out["s_H"], trace.s[0], rtol=0, atol=1e-14)
    np.testing.assert_allclose(out["h"], trace.h[0], rtol=0, atol=1e-14)
    np.testing.assert_allclose(out["s"], trace.s[1], rtol=0, atol=1e-14)
    np.testing.assert_allclose(out["z"], trace.z, rtol=0, atol=1e-14)
    assert out["e"] == pytest.approx(net.errors(X[p], t)[0], abs=1e-15)
    assert out["names"] == net.names()
    assert out["w"] == net.w.tolist()
    assert out["sizes"] == [12, 3, 2] and out["activations"] == ["sigmoid", "sigmoid"]
    np.testing.assert_allclose(out["gradient"], net.gradient(X[p], t), rtol=0, atol=1e-15)
    np.testing.assert_allclose(out["numerical"], net.numerical_gradient(X[p], t), rtol=0, atol=0)
    assert np.max(np.abs(np.array(out["gradient"]) - out["numerical"])) < 1e-9


def test_gradients_follow_the_slides_formulas_written_out():
    """∂e/∂w_kj = (z_j − t_j) a′(s_j) h_k, ∂e/∂θ_j = −(z_j − t_j) a′(s_j);
    ∂e/∂w_kiᴴ = [(z1 − t1) a′(s1) w_i1 + (z2 − t2) a′(s2) w_i2] a′(s_iᴴ) x_k, ∂e/∂θ_iᴴ = −[…] a′(s_iᴴ)."""
    net = nnbook.Network(seed=9)
    x, t = X[1], np.array([1.0, 0.0])
    out = bp.trace({"net": net, "x": x, "t": t})
    W_H, theta_H = net.layers[0].W, net.layers[0].theta
    W, theta = net.layers[1].W, net.layers[1].theta
    h = sigmoid(x @ W_H - theta_H)
    s = h @ W - theta
    z = sigmoid(s)
    ap = z * (1 - z)
    ap_H = h * (1 - h)
    grad = dict(zip(out["names"], out["gradient"]))
    for j in (1, 2):
        for k in (1, 2, 3):
            assert grad[f"w_{k}{j}"] == pytest.approx((z[j-1] - t[j-1]) * ap[j-1] * h[k-1], abs=1e-14)
        assert grad[f"theta_{j}"] == pytest.approx(-(z[j-1] - t[j-1]) * ap[j-1], abs=1e-14)
    for i in (1, 2, 3):
        bracket = (z[0] - t[0]) * ap[0] * W[i-1, 0] + (z[1] - t[1]) * ap[1] * W[i-1, 1]
        assert out["back"][i - 1] == pytest.approx(bracket, abs=1e-14)
        for k in range(1, 13):
            assert grad[f"w_{k},{i}^H" if k > 9 else f"w_{k}{i}^H"] == pytest.approx(
                bracket * ap_H[i - 1] * x[k - 1], abs=1e-14)
        assert grad[f"theta_{i}^H"] == pytest.approx(-bracket * ap_H[i - 1], abs=1e-14)
    np.testing.assert_allclose(out["a_prime"], ap, atol=1e-14)
    np.testing.assert_allclose(out["a_prime_H"], ap_H, atol=1e-14)


def test_slides_order_output_layer_first():
    out = bp.trace({})
    assert out["names"][:8] == ["w_11", "w_21", "w_31", "theta_1", "w_12", "w_22", "w_32", "theta_2"]
    assert out["names"][8:21] == [f"w_{k}1^H" if k < 10 else f"w_{k},1^H" for k in range(1, 13)] + ["theta_1^H"]
    assert out["names"][-1] == "theta_3^H" and len(out["names"]) == 47


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_other_activations(activation):
    net = nnbook.Network(activation=activation, seed=1)
    net["theta_2^H"] = 0.3
    out = bp.trace({"net": net, "x": X[6].copy(), "t": np.array([0.0, 0.0])})
    assert out["activations"] == [activation, activation]
    np.testing.assert_allclose(out["gradient"], net.gradient(X[6], [0, 0]), rtol=0, atol=1e-15)
    assert np.max(np.abs(np.array(out["gradient"]) - out["numerical"])) < 1e-8


# ---- the widget's changes -----------------------------------------------------------------

def test_slide_sets_x_and_t_as_new_arrays():
    ns = {}
    out = bp.apply(ns, [{"slide": 4}])
    assert out["slide"] == 4 and out["x"] == X[3].tolist() and out["t"] == [0.0, 1.0]
    ns["x"][0] = 0                                   # not a view into the slide data
    assert nnbook.data.slide_images().X[3][0] == 1


def test_pixel_changes_x_only_and_not_the_readers_array():
    mine = X[0].copy()
    ns = {"x": mine, "t": np.array([1.0, 0.0])}
    out = bp.apply(ns, [{"pixel": 5, "value": 1}])
    assert out["x"][4] == 1.0 and mine[4] == 0.0 and out["t"] == [1.0, 0.0]
    assert out["slide"] is None
    x = mine.copy()
    x[4] = 1
    np.testing.assert_allclose(out["gradient"], ns["net"].gradient(x, [1, 0]), rtol=0, atol=1e-15)


def test_teacher_and_image_changes_in_order():
    ns = {}
    out = bp.apply(ns, [{"slide": 1}, {"t": [0, 1]}, {"x": [1] * 12}])
    assert out["x"] == [1.0] * 12 and out["t"] == [0.0, 1.0]
    np.testing.assert_allclose(out["gradient"], ns["net"].gradient(np.ones(12), [0, 1]), atol=1e-15)


@pytest.mark.parametrize("ops, lang, words", [
    ([{"slide": 10}], "en", "nine slide images"),
    ([{"slide": 0}], "ja", "9 枚"),
    ([{"t": [1, 0, 0]}], "en", "teacher signal (t1, t2)"),
    ([{"t": [1, float("nan")]}], "ja", "NaN"),
    ([{"x": [1, 0]}], "en", "12 numbers"),
    ([{"jump": 1}], "en", "unknown widget change"),
])
def test_bad_changes_are_reported_and_the_rest_still_shown(ops, lang, words):
    ns = {}
    out = bp.apply(ns, ops, lang=lang)
    assert words in out["error"]
    assert out["gradient"] is not None and len(out["gradient"]) == 47    # the last good state
    json.dumps(out, allow_nan=False)


@pytest.mark.parametrize("value, words", [
    (nnbook.Network(sizes=(12, 4, 3, 2), seed=0), "one hidden layer"),
    (nnbook.Network(sizes=(9, 3, 2), seed=0), "12 inputs"),
    ("not a network", "a str"),
])
def test_a_network_the_widget_cannot_show(value, words):
    out = bp.trace({"net": value})
    assert words in out["error"] and "gradient" not in out
    json.dumps(out, allow_nan=False)


def test_teacher_set_wrong_in_a_cell_is_explained_in_japanese():
    out = bp.trace({"t": "C"}, lang="ja")
    assert "教師信号" in out["error"] and "str 型" in out["error"]
    out = bp.trace({"t": [1, 0, 0]}, lang="ja")
    assert "いまは 3 個です" in out["error"]


def test_a_weight_that_is_not_finite():
    net = nnbook.Network(seed=0)
    net._w[3] = np.nan
    out = bp.trace({"net": net})
    assert "NaN or inf" in out["error"]
