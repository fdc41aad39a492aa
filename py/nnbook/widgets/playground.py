"""The Python half of the playground (chapter 9): the whole experiment — data,
settings, weights — as one state that fits in a link, checked field by field,
and trained a few iterations at a time with nnbook.train_iter.

The state
---------
One JSON object (the same in a link, in an exported JSON file, and from
``state(ns)``):

    {"v": 1,
     "images": [[n, label], …],   the training images, 0 … 200 of them
     "hidden": 3,                 hidden units, 1 … 20 (the network is 12-hidden-2)
     "activation": "sigmoid",     a of the hidden layer: sigmoid, tanh, relu
                                  (the output layer is always sigmoid: 0 < z < 1)
     "method": "sd",              sd (steepest descent, fixed η), armijo, momentum,
                                  adagrad, adam
     "lr": 2.0,                   η, 1e-6 … 100 (Armijo ignores it: η0 = 1)
     "init": "xavier",            w0: small_uniform, xavier (Glorot), xavier_dlfs, he
     "seed": 0,                   seed of w0, 0 … 2³² − 1
     "epsilon": 0.01,             ε: stop when E < ε, 1e-12 … 1000
     "max_iter": 5000,            iteration limit, 0 … 1 000 000
     "w": [ … ] or null,          the flat w in the slides' order (n_params numbers,
                                  |w| ≤ 1e6); null: w0 from init and seed
     "x": n}                      the test image

An image is one integer n, 0 … 4095: its 12 pixels x1 … x12 read as a binary
number, x1 the highest bit (so "011/100/100/011" is 0b011100100011 = 1827).
Its label is "C" (teacher (t1, t2) = (1, 0)), "T" ((0, 1)) or "N" (neither,
(0, 0)).  Unknown keys, wrong types, numbers out of range, NaN or inf, a w of
the wrong length: each is refused with a message saying which field and why.

A link is ``…/playground/#s=`` + base64url(UTF-8 JSON of the state), without
"=" padding; the weights in a link are rounded to 6 significant digits
(``encode(state, digits=6)``), which keeps it short (about 1 kB for 12-3-2).
The JSON export keeps them exact.

Page variables (shared with the cells)
--------------------------------------
    net         the network being trained (an nnbook.Network 12-hidden-2)
    X, T        the training images (P, 12) and teacher signals (P, 2)
    playground  a dict: the settings (keys as above, hidden … max_iter), and,
                written by the widget, "k" (the current iteration) and "E"
                (the list E(w_0) … E(w_k) of this run)

A cell may change any of them: a new setting, a new X and T, a weight of net
(or another 12-h-2 network in net).  The widget picks the change up when the
cell has run; a change of hidden, activation, init or seed makes a new
network (w0); any other change starts a new run from the current weights
(k = 0).  A change that breaks a rule above is refused with a message, and
the playground goes on with what it had.

The widget calls ``request(globals(), json_text)``, one round at a time.
"""

import base64
import json
import math
import time

import numpy as np

from ..data import verdict
from ..network import Network
from ..training import train_iter

VERSION = 1
MAX_IMAGES = 200
MAX_HIDDEN = 20
MAX_ABS_W = 1e6
LR_RANGE = (1e-6, 100.0)
EPSILON_RANGE = (1e-12, 1000.0)
MAX_ITER = 1_000_000
MAX_SEED = 2**32 - 1
MAX_LINK = 100_000
"""Limits (js/widgets/playground.mjs has the same numbers)."""

ACTIVATIONS = ("sigmoid", "tanh", "relu")
METHODS = ("sd", "armijo", "momentum", "adagrad", "adam")
INITS = ("small_uniform", "xavier", "xavier_dlfs", "he")
LABELS = {"C": (1.0, 0.0), "T": (0.0, 1.0), "N": (0.0, 0.0)}

SETTINGS = {"hidden": 3, "activation": "sigmoid", "method": "sd", "lr": 2.0, "init": "xavier",
            "seed": 0, "epsilon": 0.01, "max_iter": 5000}
"""The default settings: the slides' 12-3-2 sigmoid network from Xavier weights
(seed 0), steepest descent with η = 2 until E < ε = 0.01 (k = 131)."""
ARCHITECTURE = ("hidden", "activation", "init", "seed")
"""Settings that make a new network (w0) when they change."""

SLIDE_ROWS = ["011/100/100/011", "111/100/100/011", "000/111/100/111", "111/010/010/010",
              "111/010/010/000", "111/010/010/111", "111/101/111/101", "101/101/101/111",
              "111/101/101/111"]
SLIDE_LABELS = ["C", "C", "C", "T", "T", "N", "N", "N", "N"]
KEYS = ("v", "images", *SETTINGS, "w", "x")

MESSAGES = {
    "en": {
        "json": "not valid JSON",
        "base64": "not valid base64url text",
        "long": "too long (more than {n} characters)",
        "object": "expected a JSON object {{…}}",
        "version": "field \"v\": expected 1",
        "unknown": "unknown field {key}",
        "missing": "missing field {key}",
        "images": "field \"images\": expected a list of at most {n} [image, label] pairs",
        "image": "image {i}: expected [n, label] with n a whole number 0 … 4095 and label \"C\", \"T\" or \"N\"",
        "choice": "field \"{key}\": expected one of {choices}",
        "int": "field \"{key}\": expected a whole number {lo} … {hi}",
        "number": "field \"{key}\": expected a number {lo} … {hi}",
        "w": "field \"w\": expected null or {n} numbers (the 12-{h}-2 network's parameters), each at most {m} in size",
        "x": "field \"x\": expected a whole number 0 … 4095",
        "data": "X and T: expected X of shape (P, 12) with pixels 0 or 1 and T of shape (P, 2) with rows (1, 0), (0, 1) or (0, 0), P ≤ {n}",
        "net": "net: expected an nnbook.Network with sizes (12, h, 2), h ≤ {n}, a hidden activation of {acts}, a sigmoid output layer and finite weights",
        "settings": "playground: expected a dict of settings",
    },
    "ja": {
        "json": "JSON として正しくありません",
        "base64": "base64url として正しくありません",
        "long": "長すぎます ({n} 文字を超えています)",
        "object": "JSON のオブジェクト {{…}} が必要です",
        "version": "\"v\": 1 が必要です",
        "unknown": "未知の項目 {key} があります",
        "missing": "項目 {key} がありません",
        "images": "\"images\": [画像, ラベル] の組を {n} 個までのリストにしてください",
        "image": "画像 {i}: [n, ラベル] にしてください (n は 0 … 4095 の整数、ラベルは \"C\"、\"T\"、\"N\")",
        "choice": "\"{key}\": {choices} のどれかにしてください",
        "int": "\"{key}\": {lo} … {hi} の整数にしてください",
        "number": "\"{key}\": {lo} … {hi} の数にしてください",
        "w": "\"w\": null か、12-{h}-2 のネットワークのパラメータ {n} 個 (大きさ {m} 以下の数) にしてください",
        "x": "\"x\": 0 … 4095 の整数にしてください",
        "data": "X と T: X は形 (P, 12) で画素は 0 か 1、T は形 (P, 2) で各行が (1, 0)、(0, 1)、(0, 0) のどれか、P ≤ {n} にしてください",
        "net": "net: 形 (12, h, 2) (h ≤ {n})、隠れ層の活性化関数が {acts}、出力層がシグモイド、重みが有限な nnbook.Network にしてください",
        "settings": "playground: 設定の dict にしてください",
    },
}


class StateError(ValueError):
    """A state (link, JSON, page variable) that breaks a rule; the message says which."""


def _say(lang, message, **kw):
    return MESSAGES.get(lang, MESSAGES["en"])[message].format(**kw)


# ---- images as integers ------------------------------------------------------------

def image_number(pixels):
    """The 12 pixels x1 … x12 (0/1) as one integer, x1 the highest bit."""
    n = 0
    for v in np.ravel(pixels):
        n = 2 * n + (1 if float(v) >= 0.5 else 0)
    return n


def image_pixels(n):
    """The inverse of image_number: 12 floats 0.0/1.0."""
    return np.array([(int(n) >> (11 - i)) & 1 for i in range(12)], dtype=float)


def n_params(hidden):
    """Parameters of the 12-hidden-2 network: 13·hidden + (hidden + 1)·2."""
    return 13 * hidden + (hidden + 1) * 2


def default_state():
    """The slides' nine images, the default settings, w = null (w0), x = the first C."""
    return {"v": VERSION,
            "images": [[int(r.replace("/", ""), 2), label] for r, label in zip(SLIDE_ROWS, SLIDE_LABELS)],
            **SETTINGS, "w": None, "x": int(SLIDE_ROWS[0].replace("/", ""), 2)}


# ---- checking ---------------------------------------------------------------------

def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _is_number(v):
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) \
        and math.isfinite(float(v))


def check_settings(settings, lang="en", partial=False):
    """The settings (the keys of SETTINGS) checked; raises StateError.

    partial=True allows missing keys (only the given ones are checked)."""
    out = {}
    for key in SETTINGS:
        if key not in settings:
            if partial:
                continue
            raise StateError(_say(lang, "missing", key=key))
        v = settings[key]
        if key in ("activation", "method", "init"):
            choices = {"activation": ACTIVATIONS, "method": METHODS, "init": INITS}[key]
            if not isinstance(v, str) or v not in choices:
                raise StateError(_say(lang, "choice", key=key, choices=", ".join(choices)))
            out[key] = v
        elif key in ("hidden", "seed", "max_iter"):
            lo, hi = {"hidden": (1, MAX_HIDDEN), "seed": (0, MAX_SEED), "max_iter": (0, MAX_ITER)}[key]
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            if not _is_int(v) or not lo <= v <= hi:
                raise StateError(_say(lang, "int", key=key, lo=lo, hi=hi))
            out[key] = int(v)
        else:
            lo, hi = LR_RANGE if key == "lr" else EPSILON_RANGE
            if not _is_number(v) or not lo <= float(v) <= hi:
                raise StateError(_say(lang, "number", key=key, lo=f"{lo:g}", hi=f"{hi:g}"))
            out[key] = float(v)
    return out


def check_state(state, lang="en"):
    """A state (a dict, see the module doc) checked field by field and made
    canonical (ints, floats, lists); raises StateError naming the field."""
    if not isinstance(state, dict):
        raise StateError(_say(lang, "object"))
    for key in state:
        if key not in KEYS:
            raise StateError(_say(lang, "unknown", key=json.dumps(str(key)[:40])))
    for key in KEYS:
        if key not in state:
            raise StateError(_say(lang, "missing", key=key))
    if state["v"] != VERSION or isinstance(state["v"], bool):
        raise StateError(_say(lang, "version"))
    images = state["images"]
    if not isinstance(images, list) or len(images) > MAX_IMAGES:
        raise StateError(_say(lang, "images", n=MAX_IMAGES))
    clean = []
    for i, item in enumerate(images, 1):
        if not (isinstance(item, list) and len(item) == 2 and _is_int(item[0])
                and 0 <= item[0] <= 4095 and isinstance(item[1], str) and item[1] in LABELS):
            raise StateError(_say(lang, "image", i=i))
        clean.append([int(item[0]), item[1]])
    out = {"v": VERSION, "images": clean, **check_settings(state, lang)}
    w = state["w"]
    if w is not None:
        n = n_params(out["hidden"])
        if not (isinstance(w, list) and len(w) == n
                and all(_is_number(v) and abs(float(v)) <= MAX_ABS_W for v in w)):
            raise StateError(_say(lang, "w", n=n, h=out["hidden"], m=f"{MAX_ABS_W:g}"))
        w = [float(v) for v in w]
    out["w"] = w
    x = state["x"]
    if not _is_int(x) or not 0 <= x <= 4095:
        raise StateError(_say(lang, "x"))
    out["x"] = int(x)
    return out


# ---- links ------------------------------------------------------------------------

def round_significant(v, digits=6):
    """v rounded to `digits` significant digits (as a float)."""
    return float(f"{v:.{digits - 1}e}") if v else 0.0


def encode(state, digits=6):
    """The link fragment's payload: base64url (no padding) of the state's JSON,
    the weights rounded to `digits` significant digits (None: exact)."""
    s = check_state(state)
    if s["w"] is not None and digits is not None:
        s["w"] = [round_significant(v, digits) for v in s["w"]]
    text = json.dumps(s, separators=(",", ":"), allow_nan=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(text, lang="en"):
    """The state in a link's payload (what follows "#s="), checked; raises StateError."""
    if not isinstance(text, str):
        raise StateError(_say(lang, "base64"))
    if len(text) > MAX_LINK:
        raise StateError(_say(lang, "long", n=MAX_LINK))
    if text.startswith("#"):
        text = text[1:]
    if text.startswith("s="):
        text = text[2:]
    if not all(c.isascii() and (c.isalnum() or c in "-_") for c in text) or len(text) % 4 == 1:
        raise StateError(_say(lang, "base64"))
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise StateError(_say(lang, "base64")) from None
    return parse_json(raw, lang)


def _no_constants(name):
    raise ValueError(name)


def parse_json(text, lang="en"):
    """A state from JSON text (a link's or an exported file's), checked."""
    try:
        value = json.loads(text, parse_constant=_no_constants)
    except ValueError:
        raise StateError(_say(lang, "json")) from None
    return check_state(value, lang)


# ---- the network and the Python cell ---------------------------------------------------

def activation_arg(activation):
    """The activation argument of Network: one name, or [hidden, "sigmoid"]."""
    return "sigmoid" if activation == "sigmoid" else [activation, "sigmoid"]


def build_network(state):
    """The 12-hidden-2 network of a (checked) state: w from the state, or w0
    from init and seed.  nnbook checks w again (length, NaN)."""
    sizes = (12, state["hidden"], 2)
    if state["w"] is not None:
        return Network(sizes=sizes, activation=activation_arg(state["activation"]), w=state["w"])
    return Network(sizes=sizes, activation=activation_arg(state["activation"]),
                   init=state["init"], seed=state["seed"])


def data_arrays(images):
    """X (P, 12) and T (P, 2) of a list of [n, label] pairs."""
    X = np.array([image_pixels(n) for n, _ in images], dtype=float).reshape(-1, 12)
    T = np.array([LABELS[label] for _, label in images], dtype=float).reshape(-1, 2)
    return X, T


def python_cell(state):
    """Code for a cell that rebuilds the state's network with nnbook (exact w)."""
    s = check_state(state)
    net = build_network(s)
    act = activation_arg(s["activation"])
    w = ", ".join(repr(float(v)) for v in net.w)
    rows = ", ".join(f'"{_rows(n)}"' for n, _ in s["images"])
    teacher = ", ".join(f"{list(map(int, LABELS[label]))}" for _, label in s["images"])
    return (
        "import numpy as np\n"
        "import nnbook\n\n"
        f"net = nnbook.Network(sizes=(12, {s['hidden']}, 2), activation={json.dumps(act)})\n"
        f"net.w = [{w}]\n\n"
        f"X = np.array([nnbook.data.image(r) for r in [{rows}]]).reshape(-1, 12)\n"
        f"T = np.array([{teacher}], dtype=float).reshape(-1, 2)\n"
        "print(net.forward(X))\n"
    )


def _rows(n):
    bits = format(int(n), "012b")
    return "/".join(bits[i:i + 3] for i in range(0, 12, 3))


# ---- the live playground ------------------------------------------------------------

def _number(v):
    v = float(v)
    return v if math.isfinite(v) else None


def _numbers(values):
    return [_number(v) for v in np.ravel(values)]


class Playground:
    """The playground's state in Python: data, settings, the network, and a
    training run (nnbook.train_iter, pulled a few iterations at a time)."""

    _count = 0

    def __init__(self, state=None):
        self.load(default_state() if state is None else state)

    def load(self, state):
        """Everything from a state (checked first; raises StateError/ValueError)."""
        s = check_state(state)
        net = build_network(s)
        self.images = s["images"]
        self.X, self.T = data_arrays(self.images)
        self.settings = {key: s[key] for key in SETTINGS}
        self.x = s["x"]
        self.net = net
        self.restart()

    def new_network(self):
        """w0 from the settings' init and seed (and hidden, activation)."""
        self.net = build_network({**self.settings, "w": None})
        self.restart()

    def restart(self):
        """A new run from the network's current weights: k = 0."""
        Playground._count += 1
        self.id = Playground._count
        self.k = 0
        self.E = []
        s = self.settings
        if len(self.images):
            self._states = train_iter(self.net, self.X, self.T, optimizer=s["method"],
                                      lr=None if s["method"] == "armijo" else s["lr"],
                                      epsilon=s["epsilon"], max_iter=s["max_iter"])
        else:
            self._states = None
        self.state = None
        self.good_w = self.net.w
        self._pull()

    def _pull(self):
        if self._states is None:
            return
        state = next(self._states)
        if state.diverged:
            self.net.w = self.good_w                 # back to the last finite weights
        else:
            self.good_w = state.w
        self.state = state
        self.k = state.k
        self.E.append(state.E)

    @property
    def done(self):
        return self.state is None or self.state.done

    def advance(self, steps=1, budget_ms=None):
        """Up to `steps` iterations (fewer if the run stops, or after budget_ms)."""
        if self.done:
            return 0
        done, start = 0, time.perf_counter()
        while done < steps and not self.done:
            self._pull()
            done += 1
            if budget_ms is not None and (time.perf_counter() - start) * 1000 >= budget_ms:
                break
        return done

    def touched(self):
        """True if net's weights were changed from outside since the last iteration."""
        return self.state is not None and not self.state.diverged \
            and not np.array_equal(self.net._w, self.state.w)

    def state_dict(self):
        """The state (module doc) with the exact current weights."""
        return {"v": VERSION, "images": [list(i) for i in self.images], **self.settings,
                "w": [float(v) for v in self.net._w], "x": self.x}

    def outputs(self):
        """(Z, e) for every training image with the current weights."""
        with np.errstate(all="ignore"):
            Z = self.net._forward(self.X).Y[-1] if len(self.images) else np.zeros((0, 2))
            e = 0.5 * ((self.T - Z) ** 2).sum(axis=1)
        return Z, e


def _publish(ns, pg):
    """Put the playground's variables into the page's namespace."""
    ns["net"] = pg.net
    ns["X"], ns["T"] = pg.X.copy(), pg.T.copy()
    settings = dict(pg.settings)
    ns["playground"] = {**settings, "k": pg.k, "E": pg.E}
    ns["_playground_seen"] = settings


def ensure(ns, lang="en"):
    """The page's Playground, made (default state) and published if there is none."""
    pg = ns.get("_playground")
    if not isinstance(pg, Playground):
        pg = Playground()
        ns["_playground"] = pg
        _publish(ns, pg)
    return pg


def _data_from(X, T, lang):
    """[n, label] pairs from arrays a cell set; raises StateError."""
    try:
        X = np.asarray(X, dtype=float)
        T = np.asarray(T, dtype=float)
    except (TypeError, ValueError):
        raise StateError(_say(lang, "data", n=MAX_IMAGES)) from None
    if X.size == 0 and T.size == 0:
        return []
    if X.ndim != 2 or X.shape[1] != 12 or T.shape != (X.shape[0], 2) or X.shape[0] > MAX_IMAGES \
            or not np.all((X == 0) | (X == 1)):
        raise StateError(_say(lang, "data", n=MAX_IMAGES))
    by_teacher = {teacher: label for label, teacher in LABELS.items()}
    images = []
    for x, t in zip(X, T):
        label = by_teacher.get((float(t[0]), float(t[1])))
        if label is None:
            raise StateError(_say(lang, "data", n=MAX_IMAGES))
        images.append([image_number(x), label])
    return images


def sync(ns, lang="en"):
    """Take up what cells changed in net, X, T or playground; returns
    (Playground, error message or None)."""
    pg = ensure(ns, lang)
    seen = ns.get("_playground_seen") or {}
    error = None
    try:
        net = ns.get("net")
        if net is not pg.net:
            if not (isinstance(net, Network) and len(net.sizes) == 3 and net.sizes[0] == 12
                    and net.sizes[2] == 2 and 1 <= net.sizes[1] <= MAX_HIDDEN
                    and net.layers[0].activation.name in ACTIVATIONS
                    and net.layers[1].activation.name == "sigmoid"
                    and np.all(np.isfinite(net._w))):
                raise StateError(_say(lang, "net", n=MAX_HIDDEN, acts=", ".join(ACTIVATIONS)))
            pg.net = net
            pg.settings = {**pg.settings, "hidden": net.sizes[1],
                           "activation": net.layers[0].activation.name}
            pg.restart()
        elif not np.all(np.isfinite(net._w)):
            raise StateError(_say(lang, "net", n=MAX_HIDDEN, acts=", ".join(ACTIVATIONS)))
        elif pg.touched():
            pg.restart()
    except StateError as exc:
        error = str(exc)
    try:
        X, T = ns.get("X"), ns.get("T")
        if not (isinstance(X, np.ndarray) and isinstance(T, np.ndarray)
                and np.array_equal(pg.X, X) and np.array_equal(pg.T, T)):
            images = _data_from(X, T, lang)
            if images != pg.images:
                pg.images = images
                pg.X, pg.T = data_arrays(images)
                pg.restart()
    except StateError as exc:
        error = error or str(exc)
    try:
        value = ns.get("playground")
        if not isinstance(value, dict):
            raise StateError(_say(lang, "settings"))
        changed = {k: value[k] for k in SETTINGS
                   if k in value and (k not in seen or not _same(value[k], seen[k]))}
        if changed:
            new = check_settings({**pg.settings, **changed}, lang)
            old, pg.settings = pg.settings, new
            if any(new[k] != old[k] for k in ARCHITECTURE):
                pg.new_network()
            elif new != old:
                pg.restart()
    except StateError as exc:
        error = error or str(exc)
    _publish(ns, pg)
    return pg, error


def _same(a, b):
    return type(a) is type(b) and a == b


def payload(pg, since=0, run_id=None):
    """What the widget draws, JSON-ready:

        id, k, E, E_text     the run's number, k and E(w_k) (None if not finite; E_text its repr)
        from, E_new          E(w_from) … E(w_k): what the widget lacks
        done, converged, diverged, message   how the run ended (nnbook's words)
        state                the state (module doc), exact weights
        sizes, w             the network and its flat w
        Z, e, verdicts       per training image: (z1, z2), e_p and the verdict
        probe                {x (12 pixels), h, z, verdict} for the test image
    """
    start = since if run_id == pg.id else 0
    start = min(start, len(pg.E))
    Z, e = pg.outputs()
    st = pg.state
    x = image_pixels(pg.x)
    with np.errstate(all="ignore"):
        trace = pg.net.trace(x)
    z = _numbers(trace.z)
    E = pg.E[-1] if pg.E else 0.0
    return {
        "id": pg.id, "k": pg.k, "E": _number(E), "E_text": repr(float(E)),
        "from": start, "E_new": _numbers(pg.E[start:]),
        "done": pg.done, "converged": bool(st and st.converged), "diverged": bool(st and st.diverged),
        "message": st.message if st else "",
        "state": pg.state_dict(), "sizes": list(pg.net.sizes), "w": _numbers(pg.net._w),
        "Z": [_numbers(r) for r in Z], "e": _numbers(e),
        "verdicts": [verdict(r) if np.all(np.isfinite(r)) else None for r in Z],
        "probe": {"x": _numbers(x), "h": _numbers(trace.h[0]), "z": z,
                  "verdict": verdict(trace.z) if all(v is not None for v in z) else None},
        "error": None,
    }


def _apply(ns, pg, op, lang):
    """Carry out one change (see request); returns the (possibly new) Playground."""
    if op.get("load") is not None:
        state = check_state(op["load"], lang)
        pg = Playground(state)                         # builds (and checks) before replacing
        ns["_playground"] = pg
    if op.get("settings"):
        new = check_settings({**pg.settings, **op["settings"]}, lang)
        old, pg.settings = pg.settings, new
        if any(new[k] != old[k] for k in ARCHITECTURE):
            pg.new_network()
        elif new != old:
            pg.restart()
    images = None
    if op.get("images") is not None:
        images = check_state({**pg.state_dict(), "images": op["images"]}, lang)["images"]
    if op.get("add") is not None:
        images = check_state({**pg.state_dict(), "images": pg.images + [op["add"]]}, lang)["images"]
    if op.get("remove") is not None:
        i = op["remove"]
        if _is_int(i) and 0 <= i < len(pg.images):
            images = pg.images[:i] + pg.images[i + 1:]
    if images is not None and images != pg.images:
        pg.images = images
        pg.X, pg.T = data_arrays(images)
        pg.restart()
    if op.get("params"):
        for name, value in op["params"].items():
            if not _is_number(value) or abs(float(value)) > MAX_ABS_W:
                raise StateError(_say(lang, "w", n=pg.net.n_params, h=pg.settings["hidden"],
                                      m=f"{MAX_ABS_W:g}"))
            pg.net[name] = value
        pg.restart()
    if op.get("x") is not None:
        pg.x = check_state({**pg.state_dict(), "x": op["x"]}, lang)["x"]
    if op.get("reset"):
        pg.new_network()
    return pg


def request(ns, req="{}", lang="en"):
    """One round of the widget: take up the cells' changes (sync), carry out
    the widget's changes in order, advance; then return payload(...).

    req (a dict or its JSON text):
        ops         a list of changes, each a dict with one of
                      load      a whole state (a link's, an imported file's): replaces everything
                      settings  {key: value}: change settings
                      add       [n, label]: add a training image;  remove: index (0-based)
                      images    a whole list of [n, label] (e.g. the slides' nine again)
                      params    {name: value}: set weights by name
                      x         the test image (an integer 0 … 4095)
                      reset     true: w0 from the settings, k = 0
        steps, budget_ms   advance up to this many iterations / milliseconds
        since, run  the widget has E(w_0) … E(w_{since−1}) of run number `run`
    A change that breaks a rule is refused and the others go on; the
    payload's "error" says why.
    """
    if isinstance(req, str):
        req = json.loads(req)
    pg, error = sync(ns, lang)
    for op in req.get("ops") or []:
        try:
            pg = _apply(ns, pg, op, lang)
        except (StateError, ValueError, TypeError, KeyError) as exc:
            error = str(exc)
    try:
        steps = int(req.get("steps") or 0)
        if steps > 0:
            if pg.state is not None and pg.done and not pg.state.converged:
                pg.restart()                           # after the limit or divergence: go on
            pg.advance(steps, req.get("budget_ms"))
    except (ValueError, TypeError) as exc:
        error = str(exc)
    _publish(ns, pg)
    out = payload(pg, int(req.get("since") or 0), req.get("run"))
    out["error"] = error
    return out


def state(ns):
    """The page's playground state (module doc), exact weights."""
    pg, _ = sync(ns)
    return pg.state_dict()


def load(ns, state_or_link):
    """Load a state (a dict, JSON text or a link's "#s=…" payload) into the page."""
    if isinstance(state_or_link, str):
        text = state_or_link.split("#", 1)[-1]
        value = decode(text) if not text.lstrip().startswith("{") else parse_json(text)
    else:
        value = check_state(state_or_link)
    ns["_playground"] = pg = Playground(value)
    _publish(ns, pg)
    return pg.state_dict()
