"""Bad input gets a ValueError that says what was expected."""

import numpy as np
import pytest

import nnbook

X, T, _ = nnbook.data.slide_images()


@pytest.fixture
def net():
    return nnbook.Network(seed=0)


def test_image_of_the_wrong_size(net):
    with pytest.raises(ValueError, match=r"expected an image of 12 pixels.*got shape \(11,\)"):
        net.forward(np.zeros(11))
    with pytest.raises(ValueError, match=r"\(P, 12\).*got shape \(9, 13\)"):
        net.error(np.zeros((9, 13)), T)
    with pytest.raises(ValueError, match="expected an image of 12 pixels"):
        nnbook.show(np.zeros(10))
    with pytest.raises(ValueError, match="expected finite pixel values"):
        net.forward(np.full(12, np.nan))


def test_teacher_signal_of_the_wrong_shape(net):
    with pytest.raises(ValueError, match=r"expected teacher signals t of shape \(9, 2\).*got shape \(9, 3\)"):
        net.error(X, np.zeros((9, 3)))
    with pytest.raises(ValueError, match=r"\(8, 2\)"):
        net.gradient(X[:8], T)
    with pytest.raises(ValueError, match="teacher signals"):
        nnbook.train(net, X, T[:5])


def test_flat_vector_of_the_wrong_length(net):
    with pytest.raises(ValueError, match=r"of length 47.*got shape \(46,\)"):
        net.w = np.zeros(46)
    with pytest.raises(ValueError, match="of length 47"):
        nnbook.Network(w=np.zeros(48))


def test_nan_or_inf_in_the_parameters(net):
    w = net.w
    w[5] = np.inf
    with pytest.raises(ValueError, match="expected finite values.*NaN or inf"):
        net.w = w
    with pytest.raises(ValueError, match="expected finite values"):
        net["theta_1"] = float("nan")
    assert np.all(np.isfinite(net.w))        # nothing was changed


def test_unknown_activation():
    with pytest.raises(ValueError, match="unknown activation 'softmax'; expected one of: "
                                         "identity, relu, sigmoid, step, tanh"):
        nnbook.Network(activation="softmax")
    with pytest.raises(ValueError, match="one activation per non-input layer"):
        nnbook.Network(activation=["relu", "relu", "relu"])


def test_unknown_optimiser():
    with pytest.raises(ValueError, match="unknown optimiser 'rmsprop'; expected one of: .*adam.*armijo"):
        nnbook.optimizer("rmsprop")
    with pytest.raises(ValueError, match="unknown optimiser"):
        nnbook.train(nnbook.Network(seed=0), X, T, optimizer="newton")


def test_unknown_initialiser_and_bad_sizes():
    with pytest.raises(ValueError, match="unknown initialiser"):
        nnbook.Network(init="zeros")
    with pytest.raises(ValueError, match=r"expected sizes = \(inputs, hidden…, outputs\)"):
        nnbook.Network(sizes=(12,))
    with pytest.raises(ValueError, match="positive"):
        nnbook.Network(sizes=(12, 0, 2))


def test_bad_training_settings(net):
    with pytest.raises(ValueError, match="dropout probability p with 0 ≤ p < 1"):
        nnbook.train(net, X, T, dropout=1.0)
    with pytest.raises(ValueError, match="Armijo"):
        nnbook.train(net, X, T, optimizer="armijo", dropout=0.5)
    with pytest.raises(ValueError, match="max_iter"):
        nnbook.train(net, X, T, max_iter=-1)
    with pytest.raises(ValueError, match="'vectorised' or 'per_image'"):
        net.gradient(X, T, method="fast")


def test_diverging_training_says_use_a_smaller_eta():
    with pytest.raises(ValueError, match="diverged.*try a smaller η"):
        nnbook.train(nnbook.Network(activation="identity", seed=0), X, T, lr=100.0)


def test_unit_with_wrong_number_of_weights():
    with pytest.raises(ValueError, match=r"expected w = \(w1 … w3, θ\) with 4 entries"):
        nnbook.weighted_sum([1.0, 2.0, 3.0], [1.0, 1.0, 1.0])
