"""Activation functions and their derivatives (the lecture's slide "活性化関数 a(s) の微分 a’(s)")."""

import math
import warnings

import numpy as np
import pytest

import nnbook
from nnbook import activations as act

S = np.array([-7.0, -2.5, -0.3, 0.4, 1.7, 6.0])


def test_sigmoid_matches_formula():
    expected = [1 / (1 + math.exp(-s)) for s in S]
    assert np.allclose(act.sigmoid(S), expected, rtol=1e-15, atol=0)


def test_sigmoid_is_stable_for_large_s_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = act.sigmoid(np.array([-1000.0, -30.0, 1000.0]))
        d = act.sigmoid_derivative(np.array([-1000.0, 1000.0]))
    assert y[0] == 0.0 and y[2] == 1.0
    assert y[1] == pytest.approx(1 / (1 + math.exp(30)), rel=1e-13)
    assert np.all(d == 0.0)


def test_tanh_matches_formula():
    expected = [(math.exp(s) - math.exp(-s)) / (math.exp(s) + math.exp(-s)) for s in S]
    assert np.allclose(act.tanh(S), expected, rtol=1e-14)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "step", "identity"])
def test_derivative_matches_central_difference(name):
    a = nnbook.activation(name)
    h = 1e-6
    numeric = (a(S + h) - a(S - h)) / (2 * h)
    assert np.allclose(a.derivative(S), numeric, rtol=1e-7, atol=1e-9)
    # The derivative from the output y = a(s) is the same number.
    assert np.allclose(a.derivative(S, a(S)), a.derivative(S), rtol=0, atol=1e-15)


def test_slide_derivative_formulas():
    s = 0.7
    sig = 1 / (1 + math.exp(-s))
    assert float(act.sigmoid_derivative(s)) == pytest.approx(sig * (1 - sig), rel=1e-15)
    assert float(act.tanh_derivative(s)) == pytest.approx(1 - math.tanh(s) ** 2, rel=1e-15)


def test_relu_and_its_derivative_with_the_documented_value_at_zero():
    s = np.array([-2.0, 0.0, 3.0])
    assert list(act.relu(s)) == [0.0, 0.0, 3.0]
    assert list(act.relu_derivative(s)) == [0.0, 0.0, 1.0]   # R′(0) = 0 by choice


def test_step_and_identity():
    s = np.array([-2.0, 0.0, 3.0])
    assert list(act.step(s)) == [0.0, 1.0, 1.0]
    assert list(act.step_derivative(s)) == [0.0, 0.0, 0.0]
    assert list(act.identity(s)) == [-2.0, 0.0, 3.0]
    assert list(act.identity_derivative(s)) == [1.0, 1.0, 1.0]


def test_selectable_by_name_case_insensitive():
    assert nnbook.activation("ReLU").name == "relu"
    assert nnbook.activation(" Sigmoid ").name == "sigmoid"
    a = nnbook.activation("tanh")
    assert nnbook.activation(a) is a
    assert set(nnbook.ACTIVATIONS) == {"sigmoid", "tanh", "relu", "step", "identity"}


def test_unit_formula():
    """s = w1 x1 + … + wn xn − θ = wᵀx with x extended by −1; y = a(s)."""
    w = [0.5, -1.0, 2.0, 0.25]          # w1, w2, w3, θ
    x = [1.0, 2.0, 0.5]
    s = 0.5 * 1.0 - 1.0 * 2.0 + 2.0 * 0.5 - 0.25
    assert list(nnbook.extended_input(x)) == [1.0, 2.0, 0.5, -1.0]
    assert nnbook.weighted_sum(w, x) == pytest.approx(s, abs=1e-15)
    assert nnbook.unit_output(w, x, "sigmoid") == pytest.approx(1 / (1 + math.exp(-s)), rel=1e-15)
    assert nnbook.unit_output(w, x, "relu") == 0.0
