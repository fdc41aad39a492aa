"""The Python half of the playground (chapter 9): the whole experiment (data, settings, weights,
test image) as one state that fits in a link, checked field by field, and trained by
training_run.Run, the trainer's.  The state's format is chapter 9's (docs/playground.md):

    {"v": 1, "images": [[n, label], …], "hidden": 3, "activation": "sigmoid", "method": "sd",
     "lr": 2.0, "init": "xavier", "seed": 0, "epsilon": 0.01, "max_iter": 5000, "w": [...] | null, "x": n}

an image n is its 12 pixels as a binary number, x1 the highest bit; a label is C, T or N.  A link
is "#s=" + base64url (no padding) of its JSON, w rounded to 6 significant digits.

Page variables: net, X, T and `playground` (the settings, and "k" and "E" of the run).  A cell
may change any of them; the widget takes the change up when it next looks (sync): a new hidden,
activation, init or seed makes a new network (w0), anything else a new run from the current
weights; a change that breaks a rule is refused in words.  The widget calls start(ns) once (the
rules it checks links with), then request(ns, req=…, lang=…) once per round.
"""

import base64
import json
import math

import numpy as np

from .. import data as _data
from ..network import Network
from .common import WidgetProblem, say
from .training_run import (RULES, SCHEMA, Run, SettingsError, check_settings as _check_settings, probe,
                           run_payload, suggested_init, with_step_size)  # noqa: F401  (suggested_init: for the page)
from .training_run import SETTINGS as _RUN_SETTINGS

VERSION = 1
MAX_IMAGES = 200
MAX_ABS_W = 1e6
MAX_LINK = 100_000
MAX_FILE = 1_000_000
MAX_HIDDEN = RULES["hidden"]["max"]
LABELS = ("C", "T", "N")

SETTINGS = {key: _RUN_SETTINGS[key] for key in ("hidden", "activation", "method", "lr", "init", "seed",
                                                "epsilon", "max_iter")}   # the output layer is sigmoid
PLAYGROUND_SCHEMA = tuple(rule for rule in SCHEMA if rule["key"] in SETTINGS)
ARCHITECTURE = ("hidden", "activation", "init", "seed")   # a change of these makes a new network
KEYS = ("v", "images", *SETTINGS, "w", "x")


def teacher(label):
    """(t1, t2) of a state's label: nnbook.data.teacher."""
    return tuple(float(v) for v in _data.teacher(label))


MESSAGES = {
    "en": {
        "json": "not valid JSON",
        "base64": "not valid base64url text",
        "long": "too long (more than {n} characters)",
        "object": "expected a JSON object {{…}}",
        "version": "field \"v\": expected 1",
        "unknown": "unknown field {field}",
        "missing": "missing field {field}",
        "images": "field \"images\": expected a list of at most {n} [image, label] pairs",
        "image": "image {i}: expected [n, label] with n a whole number 0 … 4095 and label \"C\", \"T\" or \"N\"",
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
        "unknown": "未知の項目 {field} があります",
        "missing": "項目 {field} がありません",
        "images": "\"images\": [画像, ラベル] の組を {n} 個までのリストにしてください",
        "image": "画像 {i}: [n, ラベル] にしてください (n は 0 … 4095 の整数、ラベルは \"C\"、\"T\"、\"N\")",
        "w": "\"w\": null か、12-{h}-2 のネットワークのパラメーター {n} 個 (大きさ {m} 以下の数) にしてください",
        "x": "\"x\": 0 … 4095 の整数にしてください",
        "data": "X と T: X は形 (P, 12) で画素は 0 か 1、T は形 (P, 2) で各行が (1, 0)、(0, 1)、(0, 0) のどれか、P ≤ {n} にしてください",
        "net": "net: 形 (12, h, 2) (h ≤ {n})、隠れ層の活性化関数が {acts}、出力層がシグモイド、重みが有限な nnbook.Network にしてください",
        "settings": "playground: 設定の dict にしてください",
    },
}


class StateError(WidgetProblem):
    """A state (link, JSON, page variable) that breaks a rule; the message says which."""


def _say(lang, message, **fields):
    return say(MESSAGES, lang, message, **fields)


def image_number(pixels):
    """The 12 pixels x1 … x12 (0/1) as one integer, x1 the highest bit."""
    n = 0
    for v in np.ravel(pixels):
        n = 2 * n + (1 if float(v) >= 0.5 else 0)
    return n


def image_pixels(n):
    """The 12 pixels (floats 0/1) of an image's integer."""
    return np.array([(int(n) >> (11 - i)) & 1 for i in range(12)], dtype=float)


def n_params(hidden):
    """Parameters of the 12-hidden-2 network: 13·hidden + (hidden + 1)·2."""
    return 13 * hidden + (hidden + 1) * 2


def slide_state_images():
    """nnbook.data.SLIDE_IMAGES as a state's [n, label] pairs."""
    return [[image_number(_data.image(rows)), letter if letter in _data.TEACHER else "N"]
            for rows, letter in _data.SLIDE_IMAGES]


def default_state():
    """The slides' nine images, the default settings, w = null (w0), x = the first C."""
    images = slide_state_images()
    return {"v": VERSION, "images": images, **SETTINGS, "w": None, "x": images[0][0]}


def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _is_number(v):
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) \
        and math.isfinite(float(v))


def check_settings(settings, lang="en", where="playground"):
    """The playground's settings, all of them, checked by training_run's one validator."""
    try:
        return _check_settings(settings, lang, keys=tuple(SETTINGS), defaults=None, where=where, others=True)
    except SettingsError as exc:
        raise StateError(str(exc)) from None


def check_state(state, lang="en"):
    """A state checked field by field and made canonical (ints, floats, lists); raises StateError."""
    if not isinstance(state, dict):
        raise StateError(_say(lang, "object"))
    for key in state:
        if key not in KEYS:
            raise StateError(_say(lang, "unknown", field=json.dumps(str(key)[:40])))
    for key in KEYS:
        if key not in state:
            raise StateError(_say(lang, "missing", field=key))
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
    out = {"v": VERSION, "images": clean, **check_settings(state, lang, where="state")}
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


def encode(state, digits=6):
    """A link's payload: base64url (no padding) of the state's JSON, w rounded to `digits` (None: exact)."""
    s = check_state(state)
    if s["w"] is not None and digits is not None:
        s["w"] = [float(f"{v:.{digits - 1}e}") if v else 0.0 for v in s["w"]]
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
    """A state from JSON text (a link's or an exported file's), checked; NaN and Infinity refused."""
    try:
        value = json.loads(text, parse_constant=_no_constants)
    except ValueError:
        raise StateError(_say(lang, "json")) from None
    return check_state(value, lang)


def activation_arg(activation):
    """The activation argument of Network: one name, or [hidden, "sigmoid"]."""
    return "sigmoid" if activation == "sigmoid" else [activation, "sigmoid"]


def build_network(state):
    """The network of a checked state: its w, or w0 from init and seed (nnbook checks w again)."""
    sizes = (12, state["hidden"], 2)
    if state["w"] is not None:
        return Network(sizes=sizes, activation=activation_arg(state["activation"]), w=state["w"])
    return Network(sizes=sizes, activation=activation_arg(state["activation"]),
                   init=state["init"], seed=state["seed"])


def data_arrays(images):
    """X (P, 12) and T (P, 2) of a list of [n, label] pairs."""
    X = np.array([image_pixels(n) for n, _ in images], dtype=float).reshape(-1, 12)
    T = np.array([teacher(label) for _, label in images], dtype=float).reshape(-1, 2)
    return X, T


def python_cell(state):
    """Code for a cell that rebuilds the state's network with nnbook (exact w)."""
    s = check_state(state)
    net = build_network(s)
    act = activation_arg(s["activation"])
    w = ", ".join(repr(float(v)) for v in net.w)
    rows = ", ".join(f'"{_rows(n)}"' for n, _ in s["images"])
    signals = ", ".join(f"{list(map(int, teacher(label)))}" for _, label in s["images"])
    return (
        "import numpy as np\n"
        "import nnbook\n\n"
        f"net = nnbook.Network(sizes=(12, {s['hidden']}, 2), activation={json.dumps(act)})\n"
        f"net.w = [{w}]\n\n"
        f"X = np.array([nnbook.data.image(r) for r in [{rows}]]).reshape(-1, 12)\n"
        f"T = np.array([{signals}], dtype=float).reshape(-1, 2)\n"
        "print(net.forward(X))\n"
    )


def _rows(n):
    bits = format(int(n), "012b")
    return "/".join(bits[i:i + 3] for i in range(0, 12, 3))


def run_settings(settings):
    """training_run's settings for the playground's: the output layer is sigmoid."""
    return {**settings, "output": "sigmoid"}


class Playground:
    """The playground's state in Python: images, settings, test image and a training_run.Run."""

    def __init__(self, state=None):
        self.load(default_state() if state is None else state)

    def load(self, state):
        """Everything from a state (checked first)."""
        s = check_state(state)
        net = build_network(s)
        self.images = s["images"]
        self.X, self.T = data_arrays(self.images)
        self.settings = {key: s[key] for key in SETTINGS}
        self.x = s["x"]
        self.run = Run(run_settings(self.settings), net=net, data=self._data())

    def _data(self):
        return (self.X, self.T, [label for _, label in self.images])

    net = property(lambda self: self.run.net)

    def set_settings(self, new):
        """New checked settings: a new network if one of ARCHITECTURE changed, else a new run."""
        old, self.settings = self.settings, new
        if any(new[k] != old[k] for k in ARCHITECTURE):
            self.new_network()
        elif new != old:
            self.restart()

    def set_images(self, images):
        """New training images: a new run from the current weights."""
        self.images = images
        self.X, self.T = data_arrays(images)
        self.run.set_data(*self._data())

    def new_network(self):
        """w0 from the settings."""
        self.run.settings = run_settings(self.settings)
        self.run.restart()

    def restart(self, net=None):
        """A new run from the network's (or `net`'s) current weights: k = 0."""
        self.run.settings = run_settings(self.settings)
        self.run.restart(self.run.net if net is None else net)

    def state_dict(self):
        """The state with the exact current weights."""
        return {"v": VERSION, "images": [list(i) for i in self.images], **self.settings,
                "w": [float(v) for v in self.net._w], "x": self.x}


def _publish(ns, pg):
    """Put the playground's variables into the page's namespace."""
    ns["net"] = pg.net
    ns["X"], ns["T"] = pg.X.copy(), pg.T.copy()
    settings = dict(pg.settings)
    ns["playground"] = {**settings, "k": pg.run.k, "E": pg.run.E}
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
    by_teacher = {teacher(label): label for label in LABELS}
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
                    and net.layers[0].activation.name in RULES["activation"]["choices"]
                    and net.layers[1].activation.name == "sigmoid"
                    and np.all(np.isfinite(net._w))):
                raise StateError(_say(lang, "net", n=MAX_HIDDEN, acts=", ".join(RULES["activation"]["choices"])))
            pg.settings = {**pg.settings, "hidden": net.sizes[1],
                           "activation": net.layers[0].activation.name}
            pg.restart(net)
        elif not np.all(np.isfinite(net._w)):
            raise StateError(_say(lang, "net", n=MAX_HIDDEN, acts=", ".join(RULES["activation"]["choices"])))
        elif pg.run.touched():
            pg.restart()
    except StateError as exc:
        error = str(exc)
    try:
        X, T = ns.get("X"), ns.get("T")
        if not (isinstance(X, np.ndarray) and isinstance(T, np.ndarray)
                and np.array_equal(pg.X, X) and np.array_equal(pg.T, T)):
            images = _data_from(X, T, lang)
            if images != pg.images:
                pg.set_images(images)
    except StateError as exc:
        error = error or str(exc)
    try:
        value = ns.get("playground")
        if not isinstance(value, dict):
            raise StateError(_say(lang, "settings"))
        changed = {k: value[k] for k in SETTINGS
                   if k in value and (k not in seen or not _same(value[k], seen[k]))}
        if changed:
            pg.set_settings(check_settings({**pg.settings, **with_step_size(changed)}, lang))
    except StateError as exc:
        error = error or str(exc)
    _publish(ns, pg)
    return pg, error


def _same(a, b):
    return type(a) is type(b) and a == b


def payload(pg, have=None):
    """training_run.run_payload and the state, its settings, the test image's probe and python_cell(state)
    (None if the weights break a rule of the state, e.g. |w| > 1e6)."""
    out = run_payload(pg.run, have)
    state = pg.state_dict()
    try:
        cell = python_cell(state)
    except StateError:
        cell = None
    out.update(state=state, settings=dict(pg.settings), probe=probe(pg.net, image_pixels(pg.x)), python=cell,
               error=None)
    return out


def defaults():
    """What the widget shows before Python answers (the build puts it into the page)."""
    return {"settings": dict(SETTINGS), "schema": list(PLAYGROUND_SCHEMA)}


def start(ns, lang="en"):
    """What the page needs before its first round: its limits, the settings' schema, the slides' images."""
    return {"limits": {"images": MAX_IMAGES, "file": MAX_FILE}, "schema": list(PLAYGROUND_SCHEMA),
            "slides": slide_state_images()}


def _apply(ns, pg, op, lang):
    """Carry out one change (see request); returns the (possibly new) Playground."""
    if op.get("load") is not None:
        state = check_state(op["load"], lang)
        pg = Playground(state)                         # builds (and checks) before replacing
        ns["_playground"] = pg
    if op.get("defaults"):
        pg = Playground()
        ns["_playground"] = pg
    if op.get("link") is not None or op.get("json") is not None:   # checked here, the one place
        text = op.get("json")
        if text is not None and (not isinstance(text, str) or len(text) > MAX_FILE):
            raise StateError(_say(lang, "long", n=MAX_FILE))
        pg = Playground(decode(op["link"], lang) if text is None else parse_json(text, lang))
        ns["_playground"] = pg
    if op.get("slides"):
        op = {**op, "images": slide_state_images()}
    if op.get("settings"):
        change = with_step_size(op["settings"])            # a new method brings its own η
        pg.set_settings(check_settings({**pg.settings, **change}, lang))
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
        pg.set_images(images)
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


def request(ns, req=None, lang="en"):
    """One round: the cells' changes (sync), then req["ops"] in order (each one of load: a state,
    defaults, link: a link's payload, json: a file's text, slides, settings, add: [n, label],
    remove: index, images, params: {name: value},
    x, reset), then up to `steps` iterations (within `budget_ms`; after the limit or a divergence
    from k = 0 again); `have` as common.first_new.  A refused change leaves the others; the
    payload's "error" says why."""
    req = json.loads(req) if isinstance(req, str) else dict(req or {})
    pg, error = sync(ns, lang)
    for op in req.get("ops") or []:
        try:
            pg = _apply(ns, pg, op, lang)
        except (StateError, ValueError, TypeError, KeyError) as exc:
            error = str(exc)
    try:
        steps = int(req.get("steps") or 0)
        if steps > 0:
            if pg.run.state is not None and pg.run.done and not pg.run.state.converged:
                pg.restart()                           # after the limit or divergence: go on
            pg.run.advance(steps, req.get("budget_ms"))
    except (ValueError, TypeError) as exc:
        error = str(exc)
    _publish(ns, pg)
    out = payload(pg, req.get("have"))
    out["error"] = error
    return out


def state(ns):
    """The page's playground state, exact weights."""
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
