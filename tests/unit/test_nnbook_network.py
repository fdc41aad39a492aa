"""The network: the flat vector w in the slides' order, names, forward pass, error."""

import math

import numpy as np
import pytest

import nnbook

X, T, LABELS = nnbook.data.slide_images()


def test_slide_network_has_47_parameters():
    net = nnbook.Network()
    assert net.sizes == (12, 3, 2)
    assert net.n_params == 47 == len(net.w) == len(net.names())


def test_names_follow_the_slides_order():
    names = nnbook.Network().names()
    # w = (w_1, w_2, w_1ᴴ, w_2ᴴ, w_3ᴴ), each block (weights…, θ)
    assert names[:8] == ["w_11", "w_21", "w_31", "theta_1", "w_12", "w_22", "w_32", "theta_2"]
    assert names[8:10] == ["w_11^H", "w_21^H"]
    assert names[8 + 9:8 + 13] == ["w_10,1^H", "w_11,1^H", "w_12,1^H", "theta_1^H"]
    assert names[21] == "w_12^H"            # w_1,2ᴴ: first weight of hidden unit 2
    assert names[-3:] == ["w_11,3^H", "w_12,3^H", "theta_3^H"]


@pytest.mark.parametrize("name, index", [
    ("w_11", 0), ("w_21", 1), ("w_31", 2), ("theta_1", 3),
    ("w_12", 4), ("w_32", 6), ("theta_2", 7),
    ("w_1,1^H", 8), ("w_12,1^H", 19), ("theta_1^H", 20),
    ("w_1,2^H", 21), ("w_5,2^H", 25), ("theta_2^H", 33),
    ("w_1,3^H", 34), ("w_12,3^H", 45), ("theta_3^H", 46),
])
def test_setting_a_named_parameter_changes_w_at_its_slide_index(name, index):
    net = nnbook.Network(seed=1)
    before = net.w
    net[name] = 123.5
    after = net.w
    assert net.index(name) == index
    assert after[index] == 123.5 and net[name] == 123.5
    changed = np.flatnonzero(after != before)
    assert list(changed) == [index]


def test_named_parameters_are_the_layer_values():
    net = nnbook.Network(seed=2)
    hidden, output = net.layers
    assert net["w_5,2^H"] == hidden.W[4, 1]         # weight x5 → H2
    assert net["theta_3^H"] == hidden.theta[2]
    assert net["w_31"] == output.W[2, 0]            # weight h3 → z1
    assert net["theta_2"] == output.theta[1]


def test_alternative_spellings_of_names():
    net = nnbook.Network(seed=0)
    i = net.index("w_5,2^H")
    for name in ["w_52^H", "w_5,2ᴴ", "w₅,₂ᴴ", "w_52ᴴ", "w_5,2^{H}",
                 "w_5,2^H1", " w_5,2 ^H "]:
        assert net.index(name) == i, name
    assert net.index("θ_3ᴴ") == net.index("theta_3^H") == 46
    assert net.index("θ₁") == net.index("theta_1") == 3
    assert net.index("w_123^H") == net.index("w_12,3^H") == 45   # only one reading fits
    for i, name in enumerate(net.names()):
        assert net.index(name) == i and net.name(i) == name


def test_unknown_names_raise_and_say_what_is_expected():
    net = nnbook.Network()
    with pytest.raises(ValueError, match="k = 1 … 12"):
        net.index("w_13,1^H")
    with pytest.raises(KeyError):
        net["w_41"]
    with pytest.raises(ValueError, match="expected a parameter name"):
        net.index("bias_1")
    with pytest.raises(ValueError, match="theta_1 … theta_3"):
        net.index("theta_4^H")
    with pytest.raises(ValueError, match=r"\^H1 … \^H2"):
        nnbook.Network((4, 3, 3, 2)).index("w_11^H")


def test_w_round_trips():
    net = nnbook.Network(seed=3)
    v = np.random.default_rng(9).normal(size=47)
    net.w = v
    assert np.array_equal(net.w, v)
    w = net.w
    w[0] = 99.0                       # net.w is a copy
    assert net.w[0] == v[0]
    other = nnbook.Network(seed=4)
    other.w = net.w
    assert np.array_equal(other.forward(X), net.forward(X))


def test_deeper_network_order_and_names():
    """Layers from the output backwards, each unit's block = its weights then θ."""
    net = nnbook.Network((4, 3, 2, 1), seed=0)
    assert net.n_params == (4 + 1) * 3 + (3 + 1) * 2 + (2 + 1) * 1 == 26
    names = net.names()
    assert names[:3] == ["w_11", "w_21", "theta_1"]                    # output layer
    assert names[3:7] == ["w_11^H2", "w_21^H2", "w_31^H2", "theta_1^H2"]
    assert names[11:16] == ["w_11^H1", "w_21^H1", "w_31^H1", "w_41^H1", "theta_1^H1"]
    assert names[-1] == "theta_3^H1"
    net["w_3,2^H2"] = 7.0
    assert net.layers[1].W[2, 1] == 7.0
    assert net.w[net.index("w_32^H2")] == 7.0


def test_pack_puts_layer_values_in_slide_order():
    net = nnbook.Network((2, 2, 1))
    W_H = [[1.0, 2.0], [3.0, 4.0]]      # W_H[k][i] = w_ki^H
    theta_H = [5.0, 6.0]
    W = [[7.0], [8.0]]
    theta = [9.0]
    flat = net.pack([W_H, W], [theta_H, theta])
    # (w_11, w_21, θ_1,  w_11ᴴ, w_21ᴴ, θ_1ᴴ,  w_12ᴴ, w_22ᴴ, θ_2ᴴ)
    assert list(flat) == [7.0, 8.0, 9.0, 1.0, 3.0, 5.0, 2.0, 4.0, 6.0]
    net.w = flat
    assert net.names() == ["w_11", "w_21", "theta_1", "w_11^H", "w_21^H", "theta_1^H",
                           "w_12^H", "w_22^H", "theta_2^H"]


def test_forward_matches_the_unit_formula_unit_by_unit():
    """z_j = a(s_j), s_j = Σ_i w_ij h_i − θ_j with h_i = a(s_iᴴ), s_iᴴ = Σ_k w_kiᴴ x_k − θ_iᴴ."""
    net = nnbook.Network(seed=5)
    net.w = np.random.default_rng(5).normal(size=47)
    x = X[6]
    h = [nnbook.unit_output([net[f"w_{k},{i}^H"] for k in range(1, 13)] + [net[f"theta_{i}^H"]], x)
         for i in (1, 2, 3)]
    z = [nnbook.unit_output([net[f"w_{i}{j}"] for i in (1, 2, 3)] + [net[f"theta_{j}"]], h)
         for j in (1, 2)]
    assert np.allclose(net.forward(x), z, rtol=1e-14)


def test_forward_batch_single_and_per_image_agree():
    net = nnbook.Network(seed=6)
    Z = net.forward(X)
    assert Z.shape == (9, 2)
    for p in range(9):
        assert np.allclose(net.forward(X[p]), Z[p], rtol=0, atol=1e-15)
    assert np.allclose(net.forward(X, method="per_image"), Z, rtol=0, atol=1e-14)
    deep = nnbook.Network((12, 4, 3, 2), activation=["relu", "tanh", "sigmoid"], seed=6)
    assert np.allclose(deep.forward(X, method="per_image"), deep.forward(X), rtol=0, atol=1e-14)


def test_trace_gives_every_s_and_h():
    net = nnbook.Network(seed=7)
    tr = net.trace(X[0])
    s_H, s = tr.s
    h, z = tr.h
    assert s_H.shape == (3,) and h.shape == (3,) and s.shape == (2,) and z.shape == (2,)
    W_H, theta_H = net.layers[0].W, net.layers[0].theta
    assert np.allclose(s_H, X[0] @ W_H - theta_H)
    assert np.allclose(h, 1 / (1 + np.exp(-s_H)))
    assert np.allclose(z, net.forward(X[0]))
    assert np.array_equal(tr.z, z)
    text = str(tr)
    assert "sᴴ" in text and "z" in text
    batch = net.forward(X, return_all=True)
    assert batch.s[0].shape == (9, 3) and batch.z.shape == (9, 2)


def test_error_per_image_and_total():
    """e = ((t1 − z1)² + (t2 − z2)²)/2 and E = e1 + e2 + …"""
    net = nnbook.Network(seed=8)
    Z = net.forward(X)
    e = [((T[p, 0] - Z[p, 0]) ** 2 + (T[p, 1] - Z[p, 1]) ** 2) / 2 for p in range(9)]
    assert np.allclose(net.errors(X, T), e, rtol=1e-15)
    assert net.error(X, T) == pytest.approx(sum(e), rel=1e-14)
    assert net.error(X[0], T[0]) == pytest.approx(e[0], rel=1e-15)


def test_error_with_weight_decay_skips_thresholds():
    net = nnbook.Network(seed=8)
    lam = 0.1
    weights = [net[n] for n in net.names() if n.startswith("w")]
    assert len(weights) == 3 * 2 + 12 * 3
    expected = net.error(X, T) + lam / 2 * sum(v * v for v in weights)
    assert net.error(X, T, weight_decay=lam) == pytest.approx(expected, rel=1e-14)
    assert net.is_weight.sum() == 42


def test_activation_per_layer_and_repr():
    net = nnbook.Network((12, 3, 2), activation=["relu", "sigmoid"])
    assert [layer.activation.name for layer in net.layers] == ["relu", "sigmoid"]
    assert "relu" in repr(net)


def test_initialisers_are_seeded_and_scaled():
    a = nnbook.Network(seed=11)
    b = nnbook.Network(seed=11)
    c = nnbook.Network(seed=12)
    assert np.array_equal(a.w, b.w) and not np.array_equal(a.w, c.w)
    assert np.all(a.layers[0].theta == 0) and np.all(a.layers[1].theta == 0)
    rng = np.random.default_rng(0)
    n_in, n_out = 400, 300
    assert np.std(nnbook.xavier_glorot(n_in, n_out, rng)) == pytest.approx(math.sqrt(2 / 700), rel=0.02)
    assert np.std(nnbook.xavier_dlfs(n_in, n_out, rng)) == pytest.approx(math.sqrt(1 / 400), rel=0.02)
    assert np.std(nnbook.he(n_in, n_out, rng)) == pytest.approx(math.sqrt(2 / 400), rel=0.02)
    u = nnbook.small_uniform(n_in, n_out, rng)
    assert -0.5 <= u.min() and u.max() <= 0.5
    assert nnbook.initializer("auto", "relu") is nnbook.he
    assert nnbook.initializer("auto", "tanh") is nnbook.xavier_glorot
    assert nnbook.initializer("xavier") is nnbook.xavier_glorot
    for init in ["small_uniform", "xavier", "xavier_dlfs", "he"]:
        assert nnbook.Network(init=init, seed=0).n_params == 47


def test_copy_is_independent():
    net = nnbook.Network(seed=1)
    twin = net.copy()
    twin["w_11"] = 5.0
    assert net["w_11"] != 5.0
    assert np.array_equal(twin.forward(X[:1]).shape, (1, 2))
