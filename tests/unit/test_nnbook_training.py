"""The learning algorithm (the lecture's slide "機械学習のアルゴリズム"): convergence, repeatability, stopping."""

import numpy as np
import pytest

import nnbook

X, T, _ = nnbook.data.slide_images()


@pytest.mark.parametrize("activation, lr, seed", [
    ("sigmoid", 2.0, 0), ("sigmoid", 1.0, 1), ("tanh", 0.05, 0), ("tanh", 0.05, 2),
])
def test_reaches_epsilon_on_the_slide_images(activation, lr, seed):
    net = nnbook.Network(activation=activation, seed=seed)
    history = nnbook.train(net, X, T, optimizer="sd", lr=lr, epsilon=0.01, max_iter=3000)
    assert history.converged and not history.diverged
    assert history.E[-1] < 0.01 <= history.E[-2]
    assert net.error(X, T) == history.E[-1]
    assert np.array_equal(history.w, net.w)
    # the trained network reads the images: z ≈ t
    assert np.all(np.abs(net.forward(X) - T) < 0.15)
    assert "converged" in history.message


def test_same_seed_same_numbers():
    runs = []
    for _ in range(2):
        net = nnbook.Network(seed=5)
        runs.append(nnbook.train(net, X, T, lr=2.0, epsilon=0.01))
    assert runs[0].E == runs[1].E
    assert np.array_equal(runs[0].w, runs[1].w)
    other = nnbook.train(nnbook.Network(seed=6), X, T, lr=2.0, epsilon=0.01)
    assert other.E[0] != runs[0].E[0]


def test_same_seed_same_numbers_with_dropout():
    def run(seed):
        net = nnbook.Network((12, 8, 2), seed=0)
        return nnbook.train(net, X, T, lr=0.5, max_iter=50, dropout=0.3, seed=seed).E

    assert run(1) == run(1)
    assert run(1) != run(2)


def test_train_iter_follows_steps_2_to_5():
    net = nnbook.Network(seed=0)
    w0 = net.w
    states = list(nnbook.train_iter(net, X, T, lr=2.0, epsilon=0.01, max_iter=1000))
    assert [s.k for s in states] == list(range(len(states)))
    assert np.array_equal(states[0].w, w0)
    assert states[0].E == pytest.approx(nnbook.Network(seed=0).error(X, T), rel=1e-15)
    assert states[-1].done and states[-1].converged and states[-1].E < 0.01
    assert not any(s.done for s in states[:-1])
    assert all(s.E >= 0.01 for s in states[:-1])
    # w_{k+1} = w_k − η ∇E(w_k): check one step independently
    probe = nnbook.Network(seed=0)
    probe.w = states[3].w
    assert np.allclose(states[4].w, states[3].w - 2.0 * probe.gradient(X, T), rtol=0, atol=1e-14)
    assert states[4].eta == 2.0 and states[0].eta is None


def test_stops_at_the_iteration_limit():
    net = nnbook.Network(seed=0)
    history = nnbook.train(net, X, T, lr=0.1, epsilon=0.01, max_iter=7)
    assert history.iterations == 7 and len(history.E) == 8
    assert not history.converged and "iteration limit" in history.message


def test_callback_can_stop_training():
    seen = []

    def callback(state):
        seen.append(state.k)
        return state.k < 4

    history = nnbook.train(nnbook.Network(seed=0), X, T, lr=1.0, callback=callback)
    assert seen == [0, 1, 2, 3, 4] and history.iterations == 4
    assert "callback" in history.message


def test_per_image_training_gives_the_same_numbers():
    a, b = nnbook.Network(seed=3), nnbook.Network(seed=3)
    ha = nnbook.train(a, X, T, lr=2.0, max_iter=30)
    hb = nnbook.train(b, X, T, lr=2.0, max_iter=30, method="per_image")
    assert np.allclose(ha.E, hb.E, rtol=1e-12, atol=0)
    assert np.allclose(a.w, b.w, rtol=1e-11, atol=1e-13)


@pytest.mark.parametrize("name, lr", [("armijo", 4.0), ("momentum", 0.5), ("adagrad", 0.5),
                                      ("adam", 0.1)])
def test_every_method_trains(name, lr):
    history = nnbook.train(nnbook.Network(seed=0), X, T, optimizer=name, lr=lr,
                           epsilon=0.01, max_iter=3000)
    assert history.converged


def test_armijo_records_its_trials_in_the_states():
    states = list(nnbook.train_iter(nnbook.Network(seed=0), X, T, optimizer="armijo", lr=8.0,
                                    max_iter=10))
    for before, after in zip(states, states[1:]):
        assert after.trials and after.trials[-1].accepted
        assert after.eta == after.trials[-1].eta
        assert after.E <= before.E   # Armijo never increases E
        assert after.trials[-1].E == pytest.approx(after.E, rel=1e-12)


def test_weight_decay_keeps_weights_smaller():
    plain = nnbook.Network(seed=0)
    decayed = nnbook.Network(seed=0)
    nnbook.train(plain, X, T, lr=1.0, max_iter=300, epsilon=0)
    h = nnbook.train(decayed, X, T, lr=1.0, max_iter=300, epsilon=0, weight_decay=0.01)
    norm = lambda net: np.linalg.norm(net.w[net.is_weight])
    assert norm(decayed) < norm(plain)
    assert h.E[-1] == pytest.approx(decayed.error(X, T), rel=1e-14)


def test_dropout_training_reports_the_plain_networks_E():
    net = nnbook.Network((12, 6, 2), seed=0)
    states = list(nnbook.train_iter(net, X, T, lr=1.0, max_iter=20, dropout=0.5, seed=0))
    assert states[-1].E == pytest.approx(net.error(X, T), rel=1e-14)


def test_divergence_stops_and_says_so():
    net = nnbook.Network(activation="identity", seed=0)
    states = list(nnbook.train_iter(net, X, T, lr=50.0, max_iter=1000))
    last = states[-1]
    assert last.diverged and last.done and not last.converged
    assert len(states) < 1000
    assert "smaller η" in last.message and "η = 50" in last.message
    with pytest.raises(nnbook.TrainingDiverged, match="smaller η") as info:
        nnbook.train(nnbook.Network(activation="identity", seed=0), X, T, lr=50.0)
    assert isinstance(info.value, ValueError) and info.value.history.diverged
    h = nnbook.train(nnbook.Network(activation="identity", seed=0), X, T, lr=50.0,
                     raise_on_divergence=False)
    assert h.diverged and "diverged" in h.message


def test_reference_run_is_deterministic_and_plain():
    a = nnbook.reference_run()
    b = nnbook.reference_run()
    assert a == b
    assert len(a["E_history"]) == 201 and len(a["w_final"]) == 47
    assert all(type(v) is float for v in a["w_final"] + a["E_history"])
    assert a["E_final"] == a["E_history"][-1] < a["E_history"][0]
    import json
    json.dumps(a)


def test_history_as_dict():
    h = nnbook.train(nnbook.Network(seed=0), X, T, lr=2.0)
    d = h.as_dict()
    assert d["converged"] and d["E"] == h.E and len(d["w"]) == 47
