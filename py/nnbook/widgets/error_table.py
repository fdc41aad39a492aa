"""Python half of the error-table widget (js/widgets/error-table.mjs), chapter 4.

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
The widget calls :func:`sync` with the reader's edits; it answers ``error_table(ns)``,
a JSON-ready dict the widget draws.
"""

import numpy as np

from .. import data
from ..network import Network
from .common import finite, finite_list, language, problem, say

#: the teacher signals the widget offers for a new image: nnbook.data's, and "neither"
TEACHERS = {**{letter: data.teacher(letter) for letter in data.TEACHER}, "neither": data.NEITHER}

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



def defaults():
    """What the widget shows before Python answers (the build puts it into the page): the
    sizes and parameter names of the network ensure_state makes and nnbook's teacher signals."""
    ns = {}
    ensure_state(ns)
    return {"sizes": list(ns["net"].sizes), "names": ns["net"].names(), "teachers": TEACHERS}


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
        raise problem(MESSAGES, lang, what, detail=say(MESSAGES, lang, "not_numbers"), **kw) from None
    return arr


def _state(ns, lang="en"):
    """net, X (P, 12), T (P, m) and labels (P strings), checked."""
    ensure_state(ns)
    net = ns["net"]
    if not isinstance(net, Network) or net.sizes[0] != 12:
        what = f"{type(net).__name__}" if not isinstance(net, Network) else f"sizes {net.sizes}"
        raise problem(MESSAGES, lang, "net", what=what)
    m = net.sizes[-1]
    X = _as_array(ns["X"], lang, "X")
    if X.ndim == 1 and X.size == 12:
        X = X.reshape(1, 12)
    if X.ndim != 2 or X.shape[1] != 12:
        raise problem(MESSAGES, lang, "X", detail=say(MESSAGES, lang, "got", shape=tuple(X.shape)))
    if not np.all(np.isfinite(X)):
        raise problem(MESSAGES, lang, "X", detail=say(MESSAGES, lang, "finite"))
    P = X.shape[0]
    T = _as_array(ns["T"], lang, "T", P=P, m=m)
    if T.ndim == 1 and T.size == m and P == 1:
        T = T.reshape(1, m)
    if T.shape != (P, m):
        raise problem(MESSAGES, lang, "T", P=P, m=m,
                      detail=say(MESSAGES, lang, "got", shape=tuple(T.shape)))
    if not np.all(np.isfinite(T)):
        raise problem(MESSAGES, lang, "T", P=P, m=m, detail=say(MESSAGES, lang, "finite"))
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


def says(z):
    """What the outputs (z1, z2) read as (nnbook.data.verdict, words in English):
    "C", "T", "neither", or "both" when both round to 1; None when they cannot be read."""
    if len(z) != 2 or not np.all(np.isfinite(z)):
        return None
    return "both" if data.rounded(z) == [1, 1] else data.verdict(z)


def error_table(ns, lang="en"):
    """Everything the widget shows, computed with nnbook:

        {"ok": True,
         "rows": [{"pixels": [x1 … x12], "rows": "011/100/100/011", "label": "C",
                   "t": [t1, t2], "z": [z1, z2], "e": e,
                   "says": says(z), "right": says(z) == reading(t)}, …],
         "E": e1 + e2 + …,  "sizes", "names": net.names(),  "w": net.w,
         "teachers": {"C": [1, 0], "T": [0, 1], "neither": [0, 0]}}

    or {"ok": False, "problem": "<what is wrong, in lang>"}.
    """
    lang = language(lang)
    try:
        net, X, T, labels = _state(ns, lang)
    except ValueError as trouble:
        return {"ok": False, "problem": str(trouble)}
    facts = {"sizes": list(net.sizes), "names": net.names(), "w": finite_list(net.w), "teachers": TEACHERS}
    if X.shape[0] == 0:
        return {"ok": True, "rows": [], "E": 0.0, "empty": say(MESSAGES, lang, "empty"), **facts}
    Z = net.forward(X)
    e = net.errors(X, T)
    E = net.error(X, T)
    rows = []
    for p in range(X.shape[0]):
        said = says(Z[p])
        rows.append({"pixels": finite_list(X[p]), "rows": data.rows_of((X[p] >= 0.5).astype(float)),
                     "label": labels[p], "t": finite_list(T[p]), "z": finite_list(Z[p]),
                     "e": finite(e[p]), "says": said, "right": said is not None and said == reading(T[p])})
    return {"ok": True, "rows": rows, "E": finite(E), **facts}


def _edit(ns, action, net, X, T, labels):
    """One of the reader's edits; X, T and labels are replaced by new objects (never the
    reader's arrays changed in place, which could be views of something else)."""
    do = action.get("do")
    if do == "toggle":                  # flip pixel x_k (1 … 12) of image p (1 … P)
        p, k = int(action["p"]), int(action["k"])
        if 1 <= p <= X.shape[0] and 1 <= k <= 12:
            X = X.copy()
            X[p - 1, k - 1] = 0.0 if X[p - 1, k - 1] >= 0.5 else 1.0
            ns["X"] = X
    elif do == "remove":                # take image p out of X, T and labels
        p = int(action["p"])
        if 1 <= p <= X.shape[0]:
            keep = [i for i in range(X.shape[0]) if i != p - 1]
            ns["X"], ns["T"], ns["labels"] = X[keep], T[keep], [labels[i] for i in keep]
    elif do == "add":                   # an image ("011/100/100/011") with teacher C, T or neither
        teacher = str(action["teacher"])
        t = np.array(TEACHERS[teacher], dtype=float)
        ns["X"] = np.vstack([X, data.image(str(action["rows"]))])
        ns["T"] = np.vstack([T, t if t.size == T.shape[1] else np.zeros(T.shape[1])])
        ns["labels"] = labels + [teacher]
    else:
        raise ValueError(f"unknown error-table action: {do!r}")


def sync(ns, actions=(), parameter=None, lang="en"):
    """The widget's entry point: the reader's edits in order, then error_table(ns).

    actions: [{"do": "toggle", "p": 1, "k": 5}, {"do": "remove", "p": 2},
    {"do": "add", "rows": "111/010/010/010", "teacher": "T"}, {"do": "restore"}]
    ("restore": the slides' nine images again); parameter: {"name": "w_11", "value": 0.5},
    the slider's latest value (net[name] = value), set last.  An edit is skipped while
    the page's net, X or T cannot be read (the table then says why).
    """
    lang = language(lang)
    for action in [*actions, *([{"do": "parameter"}] if parameter is not None else [])]:
        if action.get("do") == "restore":
            ns["X"], ns["T"], ns["labels"] = data.slide_images()
            continue
        try:
            state = _state(ns, lang)
        except ValueError:
            continue
        if action["do"] == "parameter":
            state[0][str(parameter["name"])] = float(parameter["value"])
        else:
            _edit(ns, action, *state)
    return error_table(ns, lang)
