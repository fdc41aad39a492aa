"""The data: the slides' nine images exactly, and the curated letter set's rule."""

import numpy as np
import pytest

import nnbook
from nnbook import data

# The slide "誤差 error 評価で機械学習", typed in again here: rows top to bottom, (t1, t2).
SLIDE_TABLE = [
    ("011100100011", (1, 0)), ("111100100011", (1, 0)), ("000111100111", (1, 0)),
    ("111010010010", (0, 1)), ("111010010000", (0, 1)), ("111010010111", (0, 0)),
    ("111101111101", (0, 0)), ("101101101111", (0, 0)), ("111101101111", (0, 0)),
]


def test_slide_images_exactly():
    X, T, labels = data.slide_images()
    assert X.shape == (9, 12) and T.shape == (9, 2)
    for p, (pixels, t) in enumerate(SLIDE_TABLE):
        assert list(X[p]) == [float(c) for c in pixels]
        assert tuple(T[p]) == t
    assert labels == ["C", "C", "C", "T", "T", "I", "A", "U", "O"]


def test_pixel_numbering_is_row_by_row():
    x = data.image("100/000/000/001")      # x1 and x12
    assert x[0] == 1 and x[11] == 1 and x.sum() == 2
    assert data.rows_of(x) == "100/000/000/001"


def test_letters_is_deterministic_and_split_fixed():
    (train, test), (train2, test2) = data.letters(), data.letters()
    assert np.array_equal(train.X, train2.X) and np.array_equal(test.T, test2.T)
    assert len(train) > 100 and len(test) > 80
    keys_train = {data.rows_of(x) for x in train.X}
    keys_test = {data.rows_of(x) for x in test.X}
    assert len(keys_train) == len(train) and len(keys_test) == len(test)   # no repeats
    assert not keys_train & keys_test                                     # disjoint
    slide = {data.rows_of(x) for x in data.slide_images().X}
    assert slide <= keys_train                                            # all nine in training
    for d in (train, test):
        for label in ("C", "T"):
            assert label in d.labels


def test_letters_labels_follow_the_rule():
    """Each image's label is the letter of the nearest clean shape; teacher from the letter."""
    clean = data._clean_images()
    C = np.array([x for x, _, _ in clean])
    train, test = data.letters()
    for d in (train, test):
        for x, t, label in zip(d.X, d.T, d.labels):
            assert x.sum() >= 4 and data._connected(x)
            distance = np.abs(C - x).sum(axis=1)
            nearest = {clean[i][1] for i in np.flatnonzero(distance == distance.min())}
            classes = {n if n in ("C", "T") else "neither" for n in nearest}
            assert len(classes) == 1
            assert label in nearest
            assert tuple(t) == {"C": (1, 0), "T": (0, 1)}.get(label, (0, 0))
            assert distance.min() <= 1


def test_letters_can_be_learned_and_generalise():
    train, test = data.letters()
    net = nnbook.Network((12, 6, 2), seed=0)
    nnbook.train(net, train.X, train.T, optimizer="adam", lr=0.05, max_iter=400, epsilon=0.5)
    predicted = np.round(net.forward(test.X))
    accuracy = np.mean(np.all(predicted == test.T, axis=1))
    assert accuracy > 0.8


def test_dataset_repr_and_notes():
    train, _ = data.letters()
    assert "C" in repr(train) and len(train.notes) == len(train)
    assert any("shifted" in n for n in train.notes)
    assert any("+ x" in n for n in train.notes) and any("− x" in n for n in train.notes)


# ---- verdict(z, lang): the slides' reading of (z1, z2) ------------------------------------------

def test_verdict_reads_the_teacher_signals_as_the_slides_do():
    X, T, labels = data.slide_images()
    expected = [label if label in ("C", "T") else "neither" for label in labels]
    assert [data.verdict(t) for t in T] == expected
    assert [data.verdict(t, lang="ja") for t in T] == [
        "どちらでもない" if e == "neither" else e for e in expected]


@pytest.mark.parametrize("z, en, ja", [
    ((0.5, 0.49), "C", "C"),                       # 0.5 counts as 1
    ((0.49, 0.5), "T", "T"),
    ((0.49, 0.49), "neither", "どちらでもない"),
    ((0.9, 0.8), "neither", "どちらでもない"),       # (1, 1): no clear answer
    (np.array([[0.97, 0.01]]), "C", "C"),          # one row of net.forward(X) works too
])
def test_verdict_rounds_at_one_half_in_either_language(z, en, ja):
    assert data.verdict(z) == en
    assert data.verdict(z, lang="ja") == ja


def test_verdict_agrees_with_a_trained_network_on_every_slide_image():
    X, T, labels = data.slide_images()
    net = nnbook.Network(seed=0)
    nnbook.train(net, X, T, optimizer="sd", lr=2.0, epsilon=0.01)
    got = [data.verdict(z) for z in net.forward(X)]
    assert got == [label if label in ("C", "T") else "neither" for label in labels]


def test_verdict_refuses_unknown_languages_and_wrong_sizes():
    with pytest.raises(ValueError, match="lang"):
        data.verdict((1, 0), lang="fr")
    with pytest.raises(ValueError, match="two outputs"):
        data.verdict((1, 0, 0))
