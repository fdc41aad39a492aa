"""The data: the slides' nine images exactly, and the curated letter set's rule."""

import numpy as np

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
