"""The error table's Python half (nnbook.widgets.error_table): the numbers it shows
are the lecture's e and E, computed here again by the formula and compared
with nnbook's Network.errors / Network.error."""

import json

import numpy as np
import pytest

import nnbook
from nnbook.widgets import error_table as table

# The lecture's table of the nine images (slides "誤差と教師あり学習"): rows top to bottom, teacher signal, what it reads as.
SLIDE = [
    ("011/100/100/011", (1, 0), "C"), ("111/100/100/011", (1, 0), "C"),
    ("000/111/100/111", (1, 0), "C"), ("111/010/010/010", (0, 1), "T"),
    ("111/010/010/000", (0, 1), "T"), ("111/010/010/111", (0, 0), "I"),
    ("111/101/111/101", (0, 0), "A"), ("101/101/101/111", (0, 0), "U"),
    ("111/101/101/111", (0, 0), "O"),
]


def by_formula(net, X, T):
    """e_p = ((t1 − z1)² + (t2 − z2)²)/2 image by image, with the per-image forward pass."""
    e = []
    for x, t in zip(X, T):
        _, h = nnbook.forward_one_image(net, x)
        z = h[-1]
        e.append(((t[0] - z[0]) ** 2 + (t[1] - z[1]) ** 2) / 2)
    return np.array(e)


def assert_matches(result, ns):
    net, X, T = ns["net"], np.asarray(ns["X"]), np.asarray(ns["T"])
    assert result["ok"] is True
    assert len(result["rows"]) == len(X)
    Z = net.forward(X)
    e = by_formula(net, X, T)
    for p, row in enumerate(result["rows"]):
        assert row["pixels"] == X[p].tolist()
        assert row["t"] == T[p].tolist()
        assert np.allclose(row["z"], Z[p], atol=1e-12)
        assert row["e"] == pytest.approx(e[p], abs=1e-12)
    assert result["E"] == pytest.approx(e.sum(), abs=1e-12)
    assert result["E"] == pytest.approx(net.error(X, T), abs=1e-12)
    assert result["w"] == net.w.tolist()
    assert result["names"] == net.names()
    json.dumps(result, allow_nan=False)  # what the widget receives


def test_an_empty_namespace_gets_the_slides_nine_images_and_a_seeded_network():
    ns = {}
    result = table.error_table(ns)
    assert isinstance(ns["net"], nnbook.Network) and ns["net"].sizes == (12, 3, 2)
    assert np.array_equal(ns["net"].w, nnbook.Network(seed=0).w)
    assert [r["rows"] for r in result["rows"]] == [rows for rows, _, _ in SLIDE]
    assert [tuple(r["t"]) for r in result["rows"]] == [t for _, t, _ in SLIDE]
    assert [r["label"] for r in result["rows"]] == [label for _, _, label in SLIDE]
    assert_matches(result, ns)
    # seed 0: the numbers the chapter's text quotes
    assert result["rows"][0]["e"] == pytest.approx(0.4273, abs=5e-5)
    assert result["E"] == pytest.approx(2.8397, abs=5e-5)


def test_an_existing_net_and_data_are_used_not_replaced():
    net = nnbook.Network(seed=5)
    X, T, labels = nnbook.data.slide_images()
    ns = {"net": net, "X": X[:4], "T": T[:4], "labels": labels[:4]}
    result = table.error_table(ns)
    assert ns["net"] is net
    assert len(result["rows"]) == 4
    assert_matches(result, ns)


def test_toggling_a_pixel_changes_that_image_only_and_not_the_readers_array_in_place():
    ns = {}
    table.error_table(ns)
    before = ns["X"]
    original = before.copy()
    result = table.sync(ns, [{"do": "toggle", "p": 1, "k": 1}])           # image 1, pixel x1: 0 → 1
    assert np.array_equal(before, original)          # a new array, the old one untouched
    assert ns["X"][0, 0] == 1.0 and result["rows"][0]["rows"] == "111/100/100/011"
    assert np.array_equal(ns["X"][1:], original[1:])
    assert_matches(result, ns)
    result = table.sync(ns, [{"do": "toggle", "p": 1, "k": 1}])           # and back
    assert np.array_equal(ns["X"], original)
    assert_matches(result, ns)


def test_toggling_out_of_range_changes_nothing():
    ns = {}
    table.error_table(ns)
    original = ns["X"].copy()
    table.sync(ns, [{"do": "toggle", "p": 10, "k": 1}])
    table.sync(ns, [{"do": "toggle", "p": 1, "k": 13}])
    assert np.array_equal(ns["X"], original)


def test_add_remove_and_restore_images():
    ns = {}
    table.error_table(ns)
    result = table.sync(ns, [{"do": "add", "rows": "111/100/100/111", "teacher": "C"}])
    assert len(result["rows"]) == 10
    assert result["rows"][-1]["rows"] == "111/100/100/111"
    assert result["rows"][-1]["t"] == [1.0, 0.0] and ns["labels"][-1] == "C"
    assert_matches(result, ns)
    result = table.sync(ns, [{"do": "add", "rows": "010/010/010/010", "teacher": "neither"}])
    assert result["rows"][-1]["t"] == [0.0, 0.0]
    result = table.sync(ns, [{"do": "add", "rows": "111/010/010/010", "teacher": "T"}])
    assert result["rows"][-1]["t"] == [0.0, 1.0]
    assert_matches(result, ns)
    result = table.sync(ns, [{"do": "remove", "p": 1}])
    assert len(result["rows"]) == 11 and result["rows"][0]["rows"] == "111/100/100/011"
    assert ns["labels"][:2] == ["C", "C"] and len(ns["labels"]) == 11
    assert_matches(result, ns)
    result = table.sync(ns, [{"do": "restore"}])
    assert [r["rows"] for r in result["rows"]] == [rows for rows, _, _ in SLIDE]
    assert_matches(result, ns)


def test_removing_every_image_leaves_an_empty_table_with_a_message():
    ns = {}
    table.error_table(ns)
    for _ in range(9):
        result = table.sync(ns, [{"do": "remove", "p": 1}])
    assert result["ok"] and result["rows"] == [] and result["E"] == 0.0
    assert "no images" in result["empty"]
    assert "画像がありません" in table.error_table(ns, "ja")["empty"]


def test_set_parameter_is_net_setitem():
    ns = {}
    before = table.error_table(ns)
    result = table.sync(ns, parameter={"name": "w_11", "value": 3.0})
    assert ns["net"]["w_11"] == 3.0
    assert result["w"][ns["net"].index("w_11")] == 3.0
    assert result["E"] != pytest.approx(before["E"])
    assert result["E"] == pytest.approx(3.8588, abs=5e-5)  # the chapter's text
    assert_matches(result, ns)
    result = table.sync(ns, parameter={"name": "theta_3^H", "value": -1.5})
    assert ns["net"]["theta_3^H"] == -1.5
    assert_matches(result, ns)


def test_labels_that_do_not_fit_are_read_from_the_teacher_signals():
    X, T, _ = nnbook.data.slide_images()
    ns = {"net": nnbook.Network(seed=0), "X": X, "T": T, "labels": ["C"]}
    result = table.error_table(ns)
    assert [r["label"] for r in result["rows"]] == ["C"] * 3 + ["T"] * 2 + ["neither"] * 4


@pytest.mark.parametrize("change, words_en, words_ja", [
    ({"net": 3}, "`net` is not a network with 12 inputs", "ネットワークではありません"),
    ({"net": nnbook.Network(sizes=(4, 2, 2), seed=0)}, "sizes (4, 2, 2)", "入力 12 個"),
    ({"X": np.zeros((9, 11))}, "got shape (9, 11)", "実際の形は (9, 11)"),
    ({"X": "pixels"}, "does not convert", "変換できません"),
    ({"T": np.zeros((8, 2))}, "shape (9, 2)", "教師信号"),
    ({"X": np.full((9, 12), np.nan)}, "finite", "有限"),
])
def test_what_cannot_be_shown_is_said_in_the_readers_language(change, words_en, words_ja):
    X, T, labels = nnbook.data.slide_images()
    ns = {"net": nnbook.Network(seed=0), "X": X, "T": T, "labels": labels, **change}
    result = table.error_table(ns)
    assert result["ok"] is False and words_en in result["problem"]
    assert words_ja in table.error_table(ns, "ja")["problem"]
    # an edit answers with the same problem instead of raising
    assert table.sync(ns, [{"do": "toggle", "p": 1, "k": 1}])["ok"] is False
    assert table.sync(ns, parameter={"name": "w_11", "value": 1.0})["ok"] is False


def test_a_single_image_as_a_vector_is_accepted():
    X, T, _ = nnbook.data.slide_images()
    ns = {"net": nnbook.Network(seed=0), "X": X[3], "T": T[3]}
    result = table.error_table(ns)
    assert result["ok"] and len(result["rows"]) == 1
    assert result["rows"][0]["label"] == "T"
    assert result["E"] == pytest.approx(ns["net"].error(X[3:4], T[3:4]))


def test_reading_of_teacher_signals():
    assert table.reading((1, 0)) == "C"
    assert table.reading((0, 1)) == "T"
    assert table.reading((0, 0)) == "neither"
    assert table.reading((1, 1)) == "neither"


def test_sync_applies_the_readers_edits_in_order_then_the_slider():
    ns = {}
    result = table.sync(ns, actions=[
        {"do": "toggle", "p": 1, "k": 1},
        {"do": "add", "rows": "111/010/010/010", "teacher": "T"},
        {"do": "remove", "p": 2},
    ], parameter={"name": "w_11", "value": 0.75})
    X, T, _ = nnbook.data.slide_images()
    X = X.copy()
    X[0, 0] = 1.0
    X = np.vstack([X, nnbook.data.image("111/010/010/010")])
    T = np.vstack([T, [0.0, 1.0]])
    keep = [0] + list(range(2, len(X)))
    assert np.array_equal(ns["X"], X[keep]) and np.array_equal(ns["T"], T[keep])
    assert ns["net"]["w_11"] == 0.75
    assert_matches(result, ns)
    assert table.sync(ns, actions=[{"do": "restore"}])["rows"][1]["rows"] == SLIDE[1][0]
    with pytest.raises(ValueError, match="unknown error-table action"):
        table.sync(ns, actions=[{"do": "explode"}])


def test_the_teachers_and_the_verdict_come_from_nnbook_data():
    result = json.loads(json.dumps(table.sync({}), allow_nan=False))   # what the widget receives
    assert result["teachers"] == {"C": [1.0, 0.0], "T": [0.0, 1.0], "neither": [0.0, 0.0]}
    for row in result["rows"]:
        z = row["z"]
        assert row["says"] in ("C", "T", "neither", "both")
        if row["says"] != "both":
            assert row["says"] == nnbook.data.verdict(z)
        assert row["right"] == (row["says"] == table.reading(row["t"]))
    assert table.says([0.9, 0.7]) == "both" and table.says([0.9, 0.1]) == "C"
    assert table.says([float("nan"), 0.1]) is None and table.says([0.2, 0.1, 0.3]) is None
