"""Gradient methods: first two updates against hand computation, and Armijo."""

import math

import numpy as np
import pytest

import nnbook

# A two-parameter problem: E(w) = (w1² + 10 w2²)/2, ∇E = (w1, 10 w2), from w0 = (1, 1).
def E(w):
    return 0.5 * (w[0] ** 2 + 10 * w[1] ** 2)


def grad(w):
    return np.array([w[0], 10 * w[1]])


def two_updates(opt, as_dict=True):
    w = np.array([1.0, 1.0])
    out = []
    for _ in range(2):
        g = grad(w)
        if as_dict:
            opt.update({"w": w}, {"w": g})
        else:
            opt.update(w, g)
        out.append(w.copy())
    return out


def test_steepest_descent():
    w1, w2 = two_updates(nnbook.optimizer("sd", lr=0.1))
    # w1 = (1, 1) − 0.1 (1, 10) = (0.9, 0);  w2 = (0.9, 0) − 0.1 (0.9, 0) = (0.81, 0)
    assert np.allclose(w1, [0.9, 0.0], rtol=0, atol=1e-15)
    assert np.allclose(w2, [0.81, 0.0], rtol=0, atol=1e-15)
    assert np.allclose(two_updates(nnbook.SteepestDescent(lr=0.1), as_dict=False)[1], [0.81, 0.0])


def test_momentum():
    w1, w2 = two_updates(nnbook.optimizer("momentum", lr=0.1, momentum=0.9))
    # v1 = −0.1 (1, 10) = (−0.1, −1);  w1 = (0.9, 0)
    # v2 = 0.9 (−0.1, −1) − 0.1 (0.9, 0) = (−0.18, −0.9);  w2 = (0.72, −0.9)
    assert np.allclose(w1, [0.9, 0.0], rtol=0, atol=1e-15)
    assert np.allclose(w2, [0.72, -0.9], rtol=0, atol=1e-15)


def test_adagrad():
    w1, w2 = two_updates(nnbook.optimizer("adagrad", lr=0.1, eps=1e-8))
    # h1 = (1, 100);  w1 = 1 − 0.1·1/(1 + ε), 1 − 0.1·10/(10 + ε)
    e = 1e-8
    w1_hand = [1 - 0.1 * 1 / (1 + e), 1 - 0.1 * 10 / (10 + e)]
    # g1 = (w1_1, 10 w1_2), h2 = h1 + g1²
    g1 = [w1_hand[0], 10 * w1_hand[1]]
    h2 = [1 + g1[0] ** 2, 100 + g1[1] ** 2]
    w2_hand = [w1_hand[k] - 0.1 * g1[k] / (math.sqrt(h2[k]) + e) for k in (0, 1)]
    assert np.allclose(w1, w1_hand, rtol=0, atol=1e-15)
    assert np.allclose(w2, w2_hand, rtol=0, atol=1e-15)
    assert w2[0] == pytest.approx(0.9 - 0.1 * 0.9 / math.sqrt(1.81), abs=1e-8)


def test_adam_with_bias_correction():
    b1, b2, e, lr = 0.9, 0.999, 1e-8, 0.1
    w1, w2 = two_updates(nnbook.optimizer("adam", lr=lr))
    # t = 1: m = 0.1 g, v = 0.001 g²; m̂ = g, v̂ = g²; step = lr g/(|g| + ε)
    g0 = [1.0, 10.0]
    w1_hand = [1 - lr * g0[k] / (abs(g0[k]) + e) for k in (0, 1)]
    # t = 2
    g1 = [w1_hand[0], 10 * w1_hand[1]]
    m = [b1 * (1 - b1) * g0[k] + (1 - b1) * g1[k] for k in (0, 1)]
    v = [b2 * (1 - b2) * g0[k] ** 2 + (1 - b2) * g1[k] ** 2 for k in (0, 1)]
    m_hat = [m[k] / (1 - b1 ** 2) for k in (0, 1)]
    v_hat = [v[k] / (1 - b2 ** 2) for k in (0, 1)]
    w2_hand = [w1_hand[k] - lr * m_hat[k] / (math.sqrt(v_hat[k]) + e) for k in (0, 1)]
    assert np.allclose(w1, w1_hand, rtol=0, atol=1e-15)
    assert np.allclose(w2, w2_hand, rtol=0, atol=1e-14)
    # with the bias correction the first step is η·sign(g) (m̂ = g, v̂ = g²);
    # without it, it would be η·0.1 g/(√0.001 |g|) ≈ 3.16 η
    assert w1[0] == pytest.approx(0.9, abs=1e-8) and w1[1] == pytest.approx(0.9, abs=1e-8)


def test_state_is_created_lazily_and_kept_per_key():
    opt = nnbook.Adam()
    assert opt.m is None
    params = {"a": np.ones(2), "b": np.ones(3)}
    opt.update(params, {"a": np.ones(2), "b": np.ones(3)})
    assert set(opt.m) == {"a", "b"} and opt.t == 1


def test_optimizer_works_on_a_network():
    X, T, _ = nnbook.data.slide_images()
    net = nnbook.Network(seed=0)
    E0 = net.error(X, T)
    opt = nnbook.optimizer("momentum", lr=0.5)
    for _ in range(5):
        opt.update(net.params, net.grads(X, T))
    assert net.error(X, T) < E0


def test_armijo_step_satisfies_sufficient_decrease_and_records_trials():
    w = np.array([1.0, 1.0])
    g = grad(w)
    eta, trials = nnbook.armijo_step(E, w, g, eta0=1.0, beta=0.5, c=1e-4)
    # every trial's verdict is the sufficient-decrease condition itself:
    for trial in trials:
        ok = E(w - trial.eta * g) <= E(w) + 1e-4 * trial.eta * float(g @ -g)
        assert trial.accepted == ok
        assert trial.E == pytest.approx(E(w - trial.eta * g), rel=1e-15)
    assert [t.accepted for t in trials] == [False] * (len(trials) - 1) + [True]
    assert [t.eta for t in trials] == [0.5 ** n for n in range(len(trials))]
    assert eta == trials[-1].eta
    assert E(w - eta * g) <= E(w) + 1e-4 * eta * float(g @ -g)


def test_armijo_on_the_network_always_decreases_enough():
    X, T, _ = nnbook.data.slide_images()
    net = nnbook.Network(seed=1)
    armijo = nnbook.optimizer("armijo", lr=8.0)

    def error_at(w):
        probe = net.copy()
        probe.w = w
        return probe.error(X, T)

    w = net.w
    for _ in range(20):
        g = net.gradient(X, T)
        E_w = error_at(w)
        w_new = armijo.step(w, error_at, g, E_w)
        eta = armijo.eta
        assert eta > 0
        assert error_at(w_new) <= E_w + 1e-4 * eta * float(g @ -g)
        assert armijo.trials[-1].accepted and not any(t.accepted for t in armijo.trials[:-1])
        w = w_new
        net.w = w
    with pytest.raises(TypeError, match="step"):
        armijo.update(net.params, net.grads(X, T))


def test_armijo_stays_put_when_no_step_decreases_E():
    w = np.array([1.0, 1.0])
    wrong = -grad(w)                 # a "gradient" pointing uphill: no η can pass
    eta, trials = nnbook.armijo_step(E, w, wrong, max_trials=5)
    assert eta == 0.0 and len(trials) == 5 and not any(t.accepted for t in trials)


def test_names():
    assert isinstance(nnbook.optimizer("steepest_descent"), nnbook.SteepestDescent)
    assert isinstance(nnbook.optimizer("SGD"), nnbook.SteepestDescent)
    assert isinstance(nnbook.optimizer("AdaGrad"), nnbook.AdaGrad)
    assert isinstance(nnbook.optimizer("armijo"), nnbook.Armijo)
    opt = nnbook.Momentum()
    assert nnbook.optimizer(opt) is opt
    assert nnbook.optimizer("adam", lr=0.5).lr == 0.5


def test_armijo_first_two_steps_by_hand():
    """From w0 = (1, 1) on E = (w1² + 10 w2²)/2 with η0 = 1, β = 0.5, c = 1e-4."""
    armijo = nnbook.Armijo(lr=1.0, beta=0.5, c=1e-4)
    w0 = np.array([1.0, 1.0])
    # Step 1: g = (1, 10), ‖g‖² = 101, E(w0) = 5.5.
    #   η = 1:     w = (0, −9)          E = 405      > 5.5 − 1e-4·1·101      no
    #   η = 0.5:   w = (0.5, −4)        E = 80.125                            no
    #   η = 0.25:  w = (0.75, −1.5)     E = 11.53125                          no
    #   η = 0.125: w = (0.875, −0.25)   E = 0.6953125 ≤ 5.5 − 1e-4·0.125·101  yes
    w1 = armijo.step(w0, E, grad(w0))
    assert [t.eta for t in armijo.trials] == [1.0, 0.5, 0.25, 0.125]
    assert [t.E for t in armijo.trials] == [405.0, 80.125, 11.53125, 0.6953125]
    assert list(w1) == [0.875, -0.25]
    # Step 2: g = (0.875, −2.5), ‖g‖² = 7.015625, E(w1) = 0.6953125.
    #   η = 1:     w = (0, 2.25)            E = 25.3125                       no
    #   η = 0.5:   w = (0.4375, 1)          E = 5.095703125                   no
    #   η = 0.25:  w = (0.65625, 0.375)     E = 0.91845703125                 no
    #   η = 0.125: w = (0.765625, 0.0625)   E = 0.3126220703125               yes
    w2 = armijo.step(w1, E, grad(w1))
    assert [t.E for t in armijo.trials] == [25.3125, 5.095703125, 0.91845703125, 0.3126220703125]
    assert [t.accepted for t in armijo.trials] == [False, False, False, True]
    assert list(w2) == [0.765625, 0.0625]


@pytest.mark.parametrize("name", ["sd", "armijo", "momentum", "adagrad", "adam"])
def test_each_methods_step_size_trains_the_ct_network(name):
    """STEP_SIZES' promise: each method with its η trains the book's 12-3-2 network on the
    slides' nine images (Xavier, seed 0) to E < 0.01 within 5000 iterations, for sigmoid
    and tanh hidden layers; aliases have their method's η."""
    X, T, _ = nnbook.data.slide_images()
    lr = nnbook.optimizers.step_size(name)
    for activation in ("sigmoid", "tanh"):
        net = nnbook.Network(sizes=(12, 3, 2), activation=[activation, "sigmoid"], seed=0)
        history = nnbook.train(net, X, T, optimizer=name, lr=None if name == "armijo" else lr,
                               epsilon=0.01, max_iter=5000)
        assert history.converged, (name, activation, history.E[-1])
    assert nnbook.optimizers.step_size("sgd") == nnbook.optimizers.STEP_SIZES["sd"]
    assert set(nnbook.optimizers.STEP_SIZES) <= set(nnbook.optimizers.OPTIMIZERS)
