"""Backpropagation: equal to the numerical gradient, per image = vectorised,
and equal to hand-worked values."""

import math

import numpy as np
import pytest

import nnbook
from nnbook.backprop import per_image_gradient, slide_gradient

X, T, _ = nnbook.data.slide_images()


def away_from_kinks(net, X, margin=1e-3):
    """True if no unit's s lies within `margin` of 0 (the kink of ReLU and step)."""
    trace = net.forward(X, return_all=True)
    return all(np.min(np.abs(s)) > margin for s in trace.s)


def random_problem(sizes, activation, seed, live=True):
    """A network with random w (thresholds too) and random data, away from
    kinks; with live=True also one whose gradient is not 0 (no dead ReLU net)."""
    rng = np.random.default_rng(seed)
    while True:
        net = nnbook.Network(sizes, activation=activation, rng=rng)
        net.w = rng.normal(0.0, 0.8, size=net.n_params)
        Xr = rng.normal(size=(5, sizes[0]))
        Tr = rng.uniform(size=(5, sizes[-1]))
        if away_from_kinks(net, Xr) and (not live or np.linalg.norm(net.gradient(Xr, Tr)) > 1e-3):
            return net, Xr, Tr


def check(net, X, T, weight_decay=0.0):
    g = net.gradient(X, T, weight_decay=weight_decay)
    g_num = net.numerical_gradient(X, T, weight_decay=weight_decay)
    assert nnbook.relative_error(g, g_num) < 1e-6
    g_loop = net.gradient(X, T, method="per_image", weight_decay=weight_decay)
    assert np.allclose(g_loop, g, rtol=1e-12, atol=1e-12)
    return g


SHAPES = [(12, 3, 2), (3, 4, 2), (2, 1), (5, 4, 3, 2), (4, 6, 5, 3, 1)]


ACTIVATIONS = ["sigmoid", "tanh", "relu", "identity"]


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("sizes", SHAPES)
def test_backprop_equals_numerical_gradient(activation, sizes):
    seed = 10 * SHAPES.index(sizes) + ACTIVATIONS.index(activation)
    net, Xr, Tr = random_problem(sizes, activation, seed)
    g = check(net, Xr, Tr)
    assert np.linalg.norm(g) > 1e-3


@pytest.mark.parametrize("sizes", SHAPES)
def test_step_hidden_layers_pass_no_gradient_back(sizes):
    """The step function's derivative is 0 (away from s = 0): only the last
    layer (sigmoid here) gets a gradient, and the numerical gradient agrees."""
    L = len(sizes) - 1
    net, Xr, Tr = random_problem(sizes, ["step"] * (L - 1) + ["sigmoid"], seed=3)
    g = check(net, Xr, Tr)
    out = net.layers[-1]
    assert np.all(g[out.size:] == 0.0)
    assert np.linalg.norm(g[:out.size]) > 1e-3
    all_step, Xs, Ts = random_problem(sizes, "step", seed=4, live=False)
    assert np.all(all_step.gradient(Xs, Ts) == 0.0)
    assert np.all(all_step.numerical_gradient(Xs, Ts) == 0.0)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_slide_network_on_slide_images(activation, seed):
    rng = np.random.default_rng(seed)
    net = nnbook.Network(activation=activation, rng=rng)
    net.w = rng.normal(0.0, 0.5, size=47)
    assert away_from_kinks(net, X)
    check(net, X, T)


def test_mixed_activations_and_weight_decay():
    net, Xr, Tr = random_problem((6, 5, 4, 2), ["relu", "tanh", "sigmoid"], seed=7)
    g0 = net.gradient(Xr, Tr)
    g = check(net, Xr, Tr, weight_decay=0.3)
    # λ w for the weights, nothing for the thresholds
    assert np.allclose(g - g0, 0.3 * net.w * net.is_weight, rtol=0, atol=1e-14)


def test_dropout_gradient_with_a_fixed_mask():
    """With the dropout mask held fixed, backprop through it is exact too."""
    from nnbook.backprop import backprop, numerical_gradient

    net, Xr, Tr = random_problem((6, 5, 4, 2), "sigmoid", seed=8)
    p = 0.4

    def cache(w):
        net._w[:] = w
        return net._forward(Xr, dropout=p, rng=np.random.default_rng(123))

    def E(w):
        Z = cache(w).Y[-1]
        return 0.5 * float(((Tr - Z) ** 2).sum())

    w0 = net.w
    g = backprop(net, cache(w0), Tr)
    g_num = numerical_gradient(E, w0)
    net.w = w0
    assert nnbook.relative_error(g, g_num) < 1e-6
    masks = cache(w0).M
    assert masks[-1] is None
    assert set(np.unique(masks[0])) <= {0.0, 1 / (1 - p)}


def test_three_implementations_agree_per_image():
    net = nnbook.Network(seed=0)
    for x, t in zip(X, T):
        g_slide = slide_gradient(net, x, t)
        g_delta = per_image_gradient(net, x, t)
        g_vec = net.gradient(x, t)
        assert np.allclose(g_slide, g_vec, rtol=1e-12, atol=1e-15)
        assert np.allclose(g_delta, g_vec, rtol=1e-12, atol=1e-15)
    with pytest.raises(ValueError, match="one hidden layer"):
        slide_gradient(nnbook.Network((12, 4, 3, 2)), X[0], T[0])


def test_numerical_gradient_of_a_known_function():
    f = lambda w: w[0] ** 2 * w[1] + math.sin(w[1])
    w = np.array([1.5, -0.5])
    g = nnbook.numerical_gradient(f, w)
    assert np.allclose(g, [2 * 1.5 * -0.5, 1.5 ** 2 + math.cos(-0.5)], rtol=1e-9)
    assert list(w) == [1.5, -0.5]           # w itself is not changed


def test_hand_worked_example():
    """12-3-2 sigmoid, slide image 1 ("C", t = (1, 0)), parameters set by name
    from simple formulas; z, e and some gradient entries are computed here
    with plain math, straight from the slides' formulas."""
    wH = {(k, i): 0.1 * ((3 * k + 5 * i) % 7 - 3) for k in range(1, 13) for i in (1, 2, 3)}
    thH = {1: 0.2, 2: -0.1, 3: 0.05}
    wO = {(i, j): 0.5 * ((2 * i + j) % 5 - 2) for i in (1, 2, 3) for j in (1, 2)}
    th = {1: -0.3, 2: 0.4}
    net = nnbook.Network()
    for (k, i), v in wH.items():
        net[f"w_{k},{i}^H"] = v
    for i, v in thH.items():
        net[f"theta_{i}^H"] = v
    for (i, j), v in wO.items():
        net[f"w_{i}{j}"] = v
    for j, v in th.items():
        net[f"theta_{j}"] = v

    x = [0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1]       # 011 / 100 / 100 / 011
    t = [1.0, 0.0]
    sig = lambda s: 1.0 / (1.0 + math.exp(-s))
    sH = {i: sum(wH[k, i] * x[k - 1] for k in range(1, 13)) - thH[i] for i in (1, 2, 3)}
    h = {i: sig(sH[i]) for i in (1, 2, 3)}
    s = {j: sum(wO[i, j] * h[i] for i in (1, 2, 3)) - th[j] for j in (1, 2)}
    z = {j: sig(s[j]) for j in (1, 2)}
    e = ((t[0] - z[1]) ** 2 + (t[1] - z[2]) ** 2) / 2
    da = {j: z[j] * (1 - z[j]) for j in (1, 2)}           # a′(s_j) = σ(s_j)(1 − σ(s_j))
    daH = {i: h[i] * (1 - h[i]) for i in (1, 2, 3)}

    # ∂e/∂w_kj = (z_j − t_j) a′(s_j) h_k,   ∂e/∂θ_j = −(z_j − t_j) a′(s_j)
    d_w21 = (z[1] - t[0]) * da[1] * h[2]
    d_theta2 = -(z[2] - t[1]) * da[2]
    # ∂e/∂w_kiᴴ = [(z1 − t1) a′(s1) w_i1 + (z2 − t2) a′(s2) w_i2] a′(s_iᴴ) x_k
    bracket = {i: (z[1] - t[0]) * da[1] * wO[i, 1] + (z[2] - t[1]) * da[2] * wO[i, 2]
               for i in (1, 2, 3)}
    d_w52H = bracket[2] * daH[2] * x[4]            # x5 = 0: this one is 0
    d_w62H = bracket[2] * daH[2] * x[5]            # x6 = 0 as well
    d_w42H = bracket[2] * daH[2] * x[3]            # x4 = 1
    d_w12_3H = bracket[3] * daH[3] * x[11]         # x12 = 1
    d_theta3H = -bracket[3] * daH[3]

    assert np.allclose(net.forward(x), [z[1], z[2]], rtol=1e-14)
    assert net.error(x, t) == pytest.approx(e, rel=1e-13)
    g = net.gradient(x, t)
    for name, value in [("w_21", d_w21), ("theta_2", d_theta2), ("w_5,2^H", d_w52H),
                        ("w_6,2^H", d_w62H), ("w_4,2^H", d_w42H), ("w_12,3^H", d_w12_3H),
                        ("theta_3^H", d_theta3H)]:
        assert g[net.index(name)] == pytest.approx(value, rel=1e-12, abs=1e-15), name
    assert d_w42H != 0 and d_theta3H != 0


def test_backprop_does_not_import_network_back():
    """network.py imports backprop.py; backprop.py (and forward.py, which both use)
    import neither network.py nor each other back: the dependency is one-way."""
    import ast
    from pathlib import Path

    package = Path(nnbook.__file__).parent

    def imported(name):
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        return {node.module for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}

    assert "network" not in imported("backprop")
    assert imported("forward") == set()
