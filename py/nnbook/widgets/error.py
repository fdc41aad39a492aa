"""The error table (chapter 4, widget ``error-table``)  (LECTURE.md §4).

The slide's table made live: every training image, its teacher signal
(t1, t2), the network's output (z1, z2), the error of that image

    e = ((t1 − z1)² + (t2 − z2)²) / 2

and the total E = e1 + e2 + … .

The widget shares four variables with the page's cells (its namespace):

    net      the network (an nnbook.Network with 12 inputs); made with
             Network(seed=0) if it does not exist
    X        the training images, one row of 12 pixels per image
    T        their teacher signals, one row (t1, t2) per image
    labels   what each image reads as ("C", "T", "I", …)

X, T and labels start as nnbook.data.slide_images() if X or T is missing.
Every function takes the namespace (a dict: ``globals()`` in the page) and
returns ``error_table(ns)``: a JSON-ready dict the widget draws. Functions
that edit something replace X, T or labels by new objects (never change the
reader's arrays in place, which could be views of something else).
"""

import math

import numpy as np

from .. import data
from ..network import Network

#: the teacher signals the widget offers for a new image
TEACHERS = {"C": (1.0, 0.0), "T": (0.0, 1.0), "neither": (0.0, 0.0)}

MESSAGES = {
    "en": {
        "net": "`net` is not a network with 12 inputs (it is {what}); set it in a cell, "
               "e.g. net = nnbook.Network(seed=0)",
        "X": "`X` should hold images of 12 pixels, one per row (shape (P, 12)); {detail}",
        "T": "`T` should hold one teacher signal per image of X, {m} values each "
             "(shape ({P}, {m})); {detail}",
        "empty": "There are no images in X: add one, or restore the slide's nine.",
        "finite": "the values must be finite numbers",
        "got": "got shape {shape}",
        "not_numbers": "it does not convert to an array of numbers",
    },
    "ja": {
        "net": "`net` が入力 12 個のネットワークではありません ({what})。セルで設定してください。"
               "例: net = nnbook.Network(seed=0)",
        "X": "`X` には 12 画素の画像を 1 行に 1 枚ずつ入れてください (形 (P, 12))。{detail}",
        "T": "`T` には X の画像ごとに教師信号を {m} 個ずつ入れてください (形 ({P}, {m}))。{detail}",
        "empty": "X に画像がありません。画像を追加するか、スライドの 9 枚に戻してください。",
        "finite": "値は有限の数でなければなりません",
        "got": "実際の形は {shape}",
        "not_numbers": "数の配列に変換できません",
    },
}


class TableProblem(ValueError):
    """The namespace's net, X or T cannot be shown; the message says why."""


def _msg(lang, key, **kw):
    table = MESSAGES.get(lang, MESSAGES["en"])
    return table[key].format(**kw)


def ensure_state(ns):
    """Create what the table needs in the namespace if it is missing."""
    if "net" not in ns:
        ns["net"] = Network(sizes=(12, 3, 2), activation="sigmoid", seed=0)
    if "X" not in ns or "T" not in ns:
        ns["X"], ns["T"], ns["labels"] = data.slide_images()


def _as_array(value, lang, what, **kw):
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise TableProblem(_msg(lang, what, detail=_msg(lang, "not_numbers"), **kw)) from None
    return arr


def _state(ns, lang="en"):
    """net, X (P, 12), T (P, m) and labels (P strings), checked."""
    ensure_state(ns)
    net = ns["net"]
    if not isinstance(net, Network) or net.sizes[0] != 12:
        what = f"{type(net).__name__}" if not isinstance(net, Network) else f"sizes {net.sizes}"
        raise TableProblem(_msg(lang, "net", what=what))
    m = net.sizes[-1]
    X = _as_array(ns["X"], lang, "X")
    if X.ndim == 1 and X.size == 12:
        X = X.reshape(1, 12)
    if X.ndim != 2 or X.shape[1] != 12:
        raise TableProblem(_msg(lang, "X", detail=_msg(lang, "got", shape=tuple(X.shape))))
    if not np.all(np.isfinite(X)):
        raise TableProblem(_msg(lang, "X", detail=_msg(lang, "finite")))
    P = X.shape[0]
    T = _as_array(ns["T"], lang, "T", P=P, m=m)
    if T.ndim == 1 and T.size == m and P == 1:
        T = T.reshape(1, m)
    if T.shape != (P, m):
        raise TableProblem(_msg(lang, "T", P=P, m=m,
                                detail=_msg(lang, "got", shape=tuple(T.shape))))
    if not np.all(np.isfinite(T)):
        raise TableProblem(_msg(lang, "T", P=P, m=m, detail=_msg(lang, "finite")))
    labels = ns.get("labels")
    if not isinstance(labels, (list, tuple)) or len(labels) != P:
        labels = [reading(t) for t in T]
    return net, X, T, [str(label) for label in labels]


def reading(t):
    """The letter a teacher signal stands for: (1, 0) "C", (0, 1) "T", otherwise "neither"."""
    t = tuple(float(v) for v in t)
    for letter, signal in TEACHERS.items():
        if t == signal:
            return letter
    return "neither"


def _number(v):
    v = float(v)
    return v if math.isfinite(v) else None


def error_table(ns, lang="en"):
    """Everything the widget shows, computed with nnbook:

        {"ok": True,
         "rows": [{"pixels": [x1 … x12], "rows": "011/100/100/011", "label": "C",
                   "t": [t1, t2], "z": [z1, z2], "e": e}, …],
         "E": e1 + e2 + …,  "names": net.names(),  "w": net.w}

    or {"ok": False, "problem": "<what is wrong, in lang>"}.
    """
    try:
        net, X, T, labels = _state(ns, lang)
    except TableProblem as problem:
        return {"ok": False, "problem": str(problem)}
    if X.shape[0] == 0:
        return {"ok": True, "rows": [], "E": 0.0, "empty": _msg(lang, "empty"),
                "names": net.names(), "w": [_number(v) for v in net.w]}
    Z = net.forward(X)
    e = net.errors(X, T)
    E = net.error(X, T)
    rows = [{"pixels": [_number(v) for v in X[p]], "rows": data.rows_of((X[p] >= 0.5).astype(float)),
             "label": labels[p], "t": [_number(v) for v in T[p]],
             "z": [_number(v) for v in Z[p]], "e": _number(e[p])}
            for p in range(X.shape[0])]
    return {"ok": True, "rows": rows, "E": _number(E), "names": net.names(),
            "w": [_number(v) for v in net.w]}


def toggle_pixel(ns, p, k, lang="en"):
    """Flip pixel x_k (k = 1 … 12) of image p (p = 1 … P): 0 ↔ 1. Then error_table."""
    try:
        _, X, _, _ = _state(ns, lang)
    except TableProblem as problem:
        return {"ok": False, "problem": str(problem)}
    if 1 <= p <= X.shape[0] and 1 <= k <= 12:
        X = X.copy()
        X[p - 1, k - 1] = 0.0 if X[p - 1, k - 1] >= 0.5 else 1.0
        ns["X"] = X
    return error_table(ns, lang)


def add_image(ns, rows, teacher, lang="en"):
    """Append an image (rows like "011/100/100/011") with teacher "C", "T" or "neither"."""
    try:
        net, X, T, labels = _state(ns, lang)
    except TableProblem as problem:
        return {"ok": False, "problem": str(problem)}
    t = np.array(TEACHERS[teacher], dtype=float)
    if T.shape[1] != t.size:
        t = np.zeros(T.shape[1])
    ns["X"] = np.vstack([X, data.image(rows)])
    ns["T"] = np.vstack([T, t])
    ns["labels"] = labels + [teacher]
    return error_table(ns, lang)


def remove_image(ns, p, lang="en"):
    """Take image p (1 … P) out of X, T and labels."""
    try:
        _, X, T, labels = _state(ns, lang)
    except TableProblem as problem:
        return {"ok": False, "problem": str(problem)}
    if 1 <= p <= X.shape[0]:
        keep = [i for i in range(X.shape[0]) if i != p - 1]
        ns["X"], ns["T"] = X[keep], T[keep]
        ns["labels"] = [labels[i] for i in keep]
    return error_table(ns, lang)


def restore_images(ns, lang="en"):
    """X, T, labels = nnbook.data.slide_images(): the slide's nine images again."""
    ns["X"], ns["T"], ns["labels"] = data.slide_images()
    return error_table(ns, lang)


def set_parameter(ns, name, value, lang="en"):
    """net[name] = value (a name of net.names(), e.g. "w_11" or "theta_3^H")."""
    try:
        net, _, _, _ = _state(ns, lang)
    except TableProblem as problem:
        return {"ok": False, "problem": str(problem)}
    net[name] = value
    return error_table(ns, lang)
