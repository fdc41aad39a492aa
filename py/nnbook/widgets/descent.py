"""Python half of the descent widget (js/widgets/descent.mjs), chapter 5.

The gradient method on an error surface over two parameters p = (p1, p2):

    w_{k+1} = w_k + η Δw_k   (k = 0, 1, 2, …),   Δw_k = −∇E(w_k)

with η fixed (steepest descent, 最急降下法, nnbook.SteepestDescent) or found
by the Armijo line search (直線探索, nnbook.Armijo: η0 = the slider's η,
β = 0.5, c = 1e-4).  Three surfaces:

    "bowl"    E(w1, w2) = (w1² + 5 w2²)/2, a long quadratic valley;
              ∇E = (w1, 5 w2); fixed-η descent converges iff η < 2/5
    "neuron"  one sigmoid unit y = σ(w x − θ) fitted to six points (x_p, t_p):
              E(w, θ) = Σ_p (t_p − σ(w x_p − θ))² / 2
    "ct"      two parameters of the C/T network (12-3-2, sigmoid), default
              w_11 and θ_1; the other 45 stay at the values of a trained
              network (Network(seed=0) trained by steepest descent, η = 2,
              to E < 0.01 on the slide's nine images); E over those images

The widget shares these variables with the page's cells (its namespace):

    descent   its settings, a dict:
              {"surface": "bowl" | "neuron" | "ct",
               "eta": η (> 0; with Armijo the first trial η0),
               "start": [p1, p2]  (w_0),
               "method": "sd" (fixed η) | "armijo",
               "steps": k, the number of steps taken (0 … MAX_STEPS),
               "compare": True to draw the other method's path as well,
               "params": two parameter names (only for "ct")}
              A cell may change it; the widget follows.
    path      the iterates w_0 … w_k it drew, a list of [p1, p2]   (written)
    descent_trials   the Armijo line search of the last step: a list of
              dicts {"eta", "E", "bound", "accepted", "point"}      (written)

sync(ns, new, lang, have), the widget's entry point, does one round: it takes
the new settings (or the namespace's `descent`), computes everything and
returns a JSON-ready dict for the widget (with the menus: surfaces, methods).
"""

import math

import numpy as np

from .. import data
from ..activations import sigmoid
from ..network import Network
from ..optimizers import Armijo, SteepestDescent
from ..training import train
from .common import WidgetProblem, finite, language, problem

SURFACES = ("bowl", "neuron", "ct")
METHODS = ("sd", "armijo")
MAX_STEPS = 200
GRID = 41               # the contour grid: GRID × GRID values of E
LEVELS = 14             # contour lines
ARMIJO_BETA, ARMIJO_C = 0.5, 1e-4      # nnbook.Armijo's constants (η0 is the slider's η)
TOLERANCE = 1e-7        # ‖∇E‖ below this: a minimum has been reached

#: the neuron surface's points (x_p, t_p): the unit should fire for large x,
#: but x = 3 says 0 — so no (w, θ) fits all six and the minimum is finite.
NEURON_X = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
NEURON_T = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0])

CT_PARAMS = ("w_11", "theta_1")

MESSAGES = {
    "en": {
        "not_dict": "`descent` should be a dict such as {example}; got {what}",
        "surface": "descent['surface'] should be one of {choices}; got {value!r}",
        "method": "descent['method'] should be 'sd' (fixed η) or 'armijo'; got {value!r}",
        "eta": "descent['eta'] should be a number η > 0; got {value!r}",
        "start": "descent['start'] should be two finite numbers [p1, p2]; got {value!r}",
        "steps": "descent['steps'] should be a whole number from 0 to {max}; got {value!r}",
        "params": "descent['params'] should be two different parameter names of the "
                  "12-3-2 network, e.g. ['w_11', 'theta_1']; {detail}",
    },
    "ja": {
        "not_dict": "`descent` は {example} のような辞書にしてください。実際は {what} です",
        "surface": "descent['surface'] は {choices} のどれかにしてください。実際は {value!r} です",
        "method": "descent['method'] は 'sd' (固定の η) か 'armijo' にしてください。実際は {value!r} です",
        "eta": "descent['eta'] は η > 0 の数にしてください。実際は {value!r} です",
        "start": "descent['start'] は 2 つの有限な数 [p1, p2] にしてください。実際は {value!r} です",
        "steps": "descent['steps'] は 0 から {max} までの整数にしてください。実際は {value!r} です",
        "params": "descent['params'] は 12-3-2 ネットワークの異なる 2 つのパラメーター名にしてください"
                  " (例: ['w_11', 'theta_1'])。{detail}",
    },
}


# ---- the surfaces --------------------------------------------------------------------------

class Surface:
    """E over two parameters, its gradient, and the square the widget plots.

        name      "bowl", "neuron" or "ct"
        axes      the two parameters' names, e.g. ("w", "θ")
        extent    (p1 min, p1 max, p2 min, p2 max): equal spans, so that the
                  plot's angles are true (−∇E is perpendicular to the contours)
        E(p)      the error at p = (p1, p2)
        gradient(p)   ∇E(p) = (∂E/∂p1, ∂E/∂p2)
        start, eta    the widget's default w_0 and η for this surface
    """

    def __init__(self, name, axes, extent, E, gradient, start, eta):
        self.name, self.axes, self.extent = name, tuple(axes), tuple(float(v) for v in extent)
        self._E, self._gradient = E, gradient
        self.start, self.eta = [float(v) for v in start], float(eta)
        self._grid = None
        self._minimum = None          # w* once found (False: none in the square)

    def E(self, p):
        """E(p) for p = (p1, p2)."""
        return float(self._E(np.asarray(p, dtype=float)))

    def gradient(self, p):
        """∇E(p), a vector of 2."""
        return np.asarray(self._gradient(np.asarray(p, dtype=float)), dtype=float)

    def grid(self, n=GRID):
        """(p1 values, p2 values, Z) with Z[i, j] = E(p1[j], p2[i]) on an n × n grid."""
        if self._grid is None or self._grid[2].shape != (n, n):
            x0, x1, y0, y1 = self.extent
            xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
            Z = np.array([[self.E((x, y)) for x in xs] for y in ys])
            self._grid = (xs, ys, Z)
        return self._grid

    def minimum(self):
        """w*: the lowest point inside the plotted square, or None if E has none there.

        The grid's lowest point (None if it lies on the border: then E keeps
        falling beyond the square), refined by Newton's method with a numerical
        Hessian and backtracking, until ‖∇E‖ < 1e-10 (at most 50 steps)."""
        if self._minimum is None:
            self._minimum = self._find_minimum() or False
        return self._minimum or None

    def _find_minimum(self):
        xs, ys, Z = self.grid()
        i, j = np.unravel_index(np.argmin(Z), Z.shape)
        if i in (0, len(ys) - 1) or j in (0, len(xs) - 1):
            return None
        w = np.array([xs[j], ys[i]])
        h = 1e-5
        for _ in range(50):
            g = self.gradient(w)
            if np.linalg.norm(g) < 1e-10:
                break
            H = np.array([(self.gradient(w + h * e) - self.gradient(w - h * e)) / (2 * h)
                          for e in np.eye(2)])
            H = (H + H.T) / 2
            try:
                d = -np.linalg.solve(H, g)
            except np.linalg.LinAlgError:
                d = -g
            if g @ d >= 0:                          # not a descent direction: use −∇E
                d = -g
            t, E0 = 1.0, self.E(w)
            while t > 1e-12 and self.E(w + t * d) > E0 + 1e-4 * t * (g @ d):
                t /= 2
            w = w + t * d
        x0, x1, y0, y1 = self.extent
        inside = x0 <= w[0] <= x1 and y0 <= w[1] <= y1
        if not inside or np.linalg.norm(self.gradient(w)) > 1e-6:
            return None
        return [float(w[0]), float(w[1])]


def bowl():
    """E(w1, w2) = (w1² + 5 w2²)/2: its gradient is (w1, 5 w2), its minimum w* = (0, 0).

    One step of steepest descent multiplies w1 by (1 − η) and w2 by (1 − 5η):
    it converges when both factors lie between −1 and 1, i.e. for 0 < η < 2/5.
    """
    return Surface("bowl", ("w₁", "w₂"), (-2.0, 2.0, -2.0, 2.0),
                   lambda w: (w[0] ** 2 + 5 * w[1] ** 2) / 2,
                   lambda w: np.array([w[0], 5 * w[1]]),
                   start=(-1.8, 1.2), eta=0.3)


def neuron():
    """One sigmoid unit y = σ(w x − θ) (x extended by −1: s = (w, θ)ᵀ(x, −1)),
    fitted to the six points (NEURON_X, NEURON_T):

        E(w, θ) = Σ_p (t_p − y_p)² / 2,   y_p = σ(w x_p − θ)
        ∂E/∂w = Σ_p (y_p − t_p) σ′(s_p) x_p,   ∂E/∂θ = −Σ_p (y_p − t_p) σ′(s_p)
    """
    x, t = NEURON_X, NEURON_T

    def E(p):
        y = sigmoid(p[0] * x - p[1])
        return 0.5 * float(((t - y) ** 2).sum())

    def gradient(p):
        y = sigmoid(p[0] * x - p[1])
        delta = (y - t) * y * (1 - y)          # (y_p − t_p) σ′(s_p)
        return np.array([float((delta * x).sum()), -float(delta.sum())])

    return Surface("neuron", ("w", "θ"), (-2.0, 4.0, -1.0, 5.0), E, gradient,
                   start=(3.5, 0.5), eta=1.0)


_TRAINED = None


def trained_ct_network():
    """The C/T network whose other 45 parameters the "ct" surface keeps fixed:
    Network(seed=0) trained by steepest descent (η = 2) to E < 0.01 on
    nnbook.data.slide_images().  A new copy each call."""
    global _TRAINED
    if _TRAINED is None:
        X, T, _ = data.slide_images()
        net = Network(seed=0)
        train(net, X, T, optimizer="sd", lr=2.0, epsilon=0.01, max_iter=5000)
        _TRAINED = net.w
    return Network(w=_TRAINED)


def subscript(name):
    """'w_11' → 'w₁₁', 'theta_1' → 'θ₁', 'w_5,2^H' → 'w₅,₂ᴴ'."""
    text = name.replace("theta", "θ").replace("^H", "ᴴ").replace("_", "")
    return text.translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def ct(params=CT_PARAMS):
    """E over the slide's nine images as a function of two of the 47 parameters
    (names as net.index takes them); the other 45 at trained_ct_network()'s values.
    The plotted square is centred on the trained values (rounded to 0.5), ±4 on each side."""
    net = trained_ct_network()
    X, T, _ = data.slide_images()
    index = [net.index(name) for name in params]
    base = net.w

    def put(p):
        w = base.copy()
        w[index] = p
        net.w = w

    def E(p):
        put(p)
        return net.error(X, T)

    def gradient(p):
        put(p)
        return net.gradient(X, T)[index]

    c1, c2 = (round(float(v) * 2) / 2 for v in base[index])   # centre, to the nearest 0.5
    span = 4.0
    start = (c1 + 3.0, c2 + 3.0)
    return Surface("ct", tuple(subscript(net.name(i)) for i in index),
                   (c1 - span, c1 + span, c2 - span, c2 + span), E, gradient,
                   start=start, eta=1.0)


_CACHE = {}


def surface(name="bowl", params=CT_PARAMS):
    """The Surface called name ("bowl", "neuron", "ct"; params: the two names for "ct")."""
    key = (name, tuple(params) if name == "ct" else ())
    if key not in _CACHE:
        if name == "bowl":
            _CACHE[key] = bowl()
        elif name == "neuron":
            _CACHE[key] = neuron()
        elif name == "ct":
            _CACHE[key] = ct(tuple(params))
        else:
            raise ValueError(f"unknown surface {name!r}; expected one of {SURFACES}")
    return _CACHE[key]


# ---- settings ----------------------------------------------------------------------------------

def defaults(name="bowl"):
    """The widget's starting settings for a surface."""
    s = surface(name)
    out = {"surface": name, "eta": s.eta, "start": list(s.start), "method": "sd", "steps": 0,
           "compare": False}
    if name == "ct":
        out["params"] = list(CT_PARAMS)
    return out


def settings(value, lang="en"):
    """The `descent` dict checked and completed (missing keys from the surface's
    defaults); raises a WidgetProblem with a message for the reader."""
    lang = language(lang)
    if not isinstance(value, dict):
        raise problem(MESSAGES, lang, "not_dict",
                      example="{'surface': 'bowl', 'eta': 0.3, 'start': [-1.8, 1.2]}",
                      what=type(value).__name__)
    name = value.get("surface", "bowl")
    if name not in SURFACES:
        raise problem(MESSAGES, lang, "surface", choices=", ".join(SURFACES), value=name)
    out = defaults(name)
    if name == "ct" and "params" in value:
        params = value["params"]
        try:
            names = [str(p) for p in params]
            if len(names) != 2:
                raise ValueError(f"got {len(names)} names")
            probe = Network(w=np.zeros(47))
            idx = [probe.index(p) for p in names]
            if idx[0] == idx[1]:
                raise ValueError("both name the same parameter")
        except (TypeError, ValueError, KeyError) as exc:
            raise problem(MESSAGES, lang, "params", detail=str(exc)) from None
        out["params"] = names
    method = value.get("method", out["method"])
    if method not in METHODS:
        raise problem(MESSAGES, lang, "method", value=method)
    out["method"] = method
    eta = value.get("eta", out["eta"])
    try:
        eta_f = float(eta)
    except (TypeError, ValueError):
        eta_f = float("nan")
    if isinstance(eta, bool) or not (math.isfinite(eta_f) and eta_f > 0):
        raise problem(MESSAGES, lang, "eta", value=eta)
    out["eta"] = eta_f
    start = value.get("start", out["start"])
    try:
        start_a = np.asarray(start, dtype=float)
        ok = start_a.shape == (2,) and bool(np.all(np.isfinite(start_a)))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise problem(MESSAGES, lang, "start", value=start)
    out["start"] = [float(start_a[0]), float(start_a[1])]
    steps = value.get("steps", 0)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) \
            or not 0 <= steps <= MAX_STEPS:
        raise problem(MESSAGES, lang, "steps", max=MAX_STEPS, value=steps)
    out["steps"] = int(steps)
    out["compare"] = bool(value.get("compare", False))
    return out


# ---- the iterations ----------------------------------------------------------------------------

def iterate(surf, start, eta, method="sd", steps=10):
    """Run `steps` steps of the gradient method from w_0 = start on surf.

    method "sd": w_{k+1} = w_k − η ∇E(w_k) by nnbook.SteepestDescent(lr=η);
    method "armijo": w_{k+1} = w_k − η_k ∇E(w_k), η_k by nnbook.Armijo(lr=η).
    Stops early if w becomes inf/NaN or larger than 1e12 (the iteration diverged).

    Returns a dict: path [[p1, p2] …] (w_0 … w_k), E [E(w_0) …], eta [η_k of each
    step], trials (the Armijo trials of the last step, see armijo_trials) and
    search (that step's origin w, E(w), ∇E(w) and slope ∇E(w)ᵀd; None for "sd"),
    overflow (True if it stopped because w blew up), gradient_norm ‖∇E(w_k)‖.
    """
    w = np.array(start, dtype=float)
    path, Es, etas = [w.tolist()], [surf.E(w)], []
    sd = SteepestDescent(lr=eta)
    armijo = Armijo(lr=eta, beta=ARMIJO_BETA, c=ARMIJO_C)
    last = None
    overflow = False
    g = surf.gradient(w)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            if method == "armijo":
                new = armijo.step(w, surf.E, g, E_w=Es[-1])
                last = (w.copy(), g.copy(), Es[-1], list(armijo.trials))
                etas.append(armijo.eta)
            else:
                new = w.copy()
                sd.update(new, g)              # w ← w − η ∇E(w)
                etas.append(eta)
            if not np.all(np.isfinite(new)) or np.max(np.abs(new)) > 1e12:
                overflow = True
                etas.pop()
                break
            E_new = surf.E(new)
            if not math.isfinite(E_new):
                overflow = True
                etas.pop()
                break
            w = new
            path.append(w.tolist())
            Es.append(E_new)
            g = surf.gradient(w)
    trials, search = [], None
    if last is not None and len(path) > 1:
        w_from, g_from, E_from, tried = last
        trials = armijo_trials(w_from, g_from, E_from, tried)
        search = {"k": len(path) - 1, "from": w_from.tolist(), "E": E_from,
                  "gradient": g_from.tolist(), "slope": float(-(g_from @ g_from))}
    return {"path": path, "E": Es, "eta": etas, "trials": trials, "search": search,
            "overflow": overflow,
            "gradient_norm": float(np.linalg.norm(g)) if np.all(np.isfinite(g)) else None}


def armijo_trials(w, g, E_w, trials, c=ARMIJO_C):
    """The line search of one step as the widget's table shows it: for each trial
    η (η0, βη0, …) the point w + η d (d = −∇E(w)), E(w + η d), the bound
    E(w) + c η ∇E(w)ᵀd it must not exceed, and whether it was accepted."""
    d = -np.asarray(g, dtype=float)
    slope = float(np.asarray(g) @ d)                 # ∇E(w)ᵀd = −‖∇E‖²
    rows = []
    for eta, E_try, accepted in trials:
        point = w + eta * d
        rows.append({"eta": float(eta), "E": finite(E_try),
                     "bound": finite(E_w + c * eta * slope), "accepted": bool(accepted),
                     "point": [finite(point[0]), finite(point[1])]})
    return rows


def status(run, surf, settings_):
    """What the path shows, as a code and numbers (the widget words it):

        overflow    w became inf/NaN or huge: diverged
        diverging   the last point is outside the plot and E(w_k) > E(w_0)
        overshoot   E went up at some step (the first such k in "k")
        converged   ‖∇E(w_k)‖ < 1e-7: at a minimum (or a flat point)
        start       no step yet
        running     none of these
    done: True when more steps would show nothing new (Play stops).
    """
    path, Es = run["path"], run["E"]
    k = len(path) - 1
    x0, x1, y0, y1 = surf.extent
    p = path[-1]
    margin = x1 - x0
    outside = not (x0 <= p[0] <= x1 and y0 <= p[1] <= y1)
    far = not (x0 - margin <= p[0] <= x1 + margin and y0 - margin <= p[1] <= y1 + margin)
    up = next((i for i in range(1, len(Es)) if Es[i] > Es[i - 1] * (1 + 1e-12) + 1e-15), None)
    gn = run["gradient_norm"]
    converged = gn is not None and gn < TOLERANCE
    if run["overflow"]:
        code = "overflow"
    elif outside and Es[-1] > Es[0]:
        code = "diverging"
    elif up is not None:
        code = "overshoot"
    elif converged:
        code = "converged"
    elif k == 0:
        code = "start"
    else:
        code = "running"
    done = run["overflow"] or converged or (far and Es[-1] > Es[0]) or \
        settings_["steps"] >= MAX_STEPS or k < settings_["steps"]
    return {"code": code, "k": k, "up": up, "outside": outside, "done": bool(done)}


# ---- contours ------------------------------------------------------------------------------

def contour_levels(Z, n=LEVELS):
    """n levels between min and max of Z, closer together near the minimum
    (E_min + (E_max − E_min)·(i/(n+1))², i = 1 … n)."""
    lo, hi = float(np.min(Z)), float(np.max(Z))
    return [lo + (hi - lo) * (i / (n + 1)) ** 2 for i in range(1, n + 1)]


def contour_segments(xs, ys, Z, level):
    """Marching squares: the line E = level through the grid as segments
    [x1, y1, x2, y2, …] (flat list), linear interpolation along cell edges;
    a saddle cell (two opposite corners above) is split by its centre's value."""
    above = Z > level
    a, b, c, d = Z[:-1, :-1], Z[:-1, 1:], Z[1:, 1:], Z[1:, :-1]      # corners of each cell
    A, B, C, D = above[:-1, :-1], above[:-1, 1:], above[1:, 1:], above[1:, :-1]
    X0, X1 = xs[None, :-1], xs[None, 1:]
    Y0, Y1 = ys[:-1, None], ys[1:, None]

    def frac(u, v):
        with np.errstate(divide="ignore", invalid="ignore"):
            f = (level - u) / (v - u)
        return np.clip(np.nan_to_num(f, nan=0.5), 0.0, 1.0)

    shape = a.shape
    # crossing points on each edge: bottom a–b, right b–c, top d–c, left a–d
    ex = [X0 + frac(a, b) * (X1 - X0), np.broadcast_to(X1, shape),
          X0 + frac(d, c) * (X1 - X0), np.broadcast_to(X0, shape)]
    ey = [np.broadcast_to(Y0, shape), Y0 + frac(b, c) * (Y1 - Y0),
          np.broadcast_to(Y1, shape), Y0 + frac(a, d) * (Y1 - Y0)]
    crossed = [A != B, B != C, D != C, A != D]
    ncross = sum(c_.astype(int) for c_ in crossed)
    out = []

    def emit(mask, e1, e2):
        if mask.any():
            seg = np.stack([ex[e1][mask], ey[e1][mask], ex[e2][mask], ey[e2][mask]], axis=1)
            out.append(seg)

    two = ncross == 2
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    for e1, e2 in pairs:
        emit(two & crossed[e1] & crossed[e2], e1, e2)
    four = ncross == 4
    if four.any():
        centre_above = (a + b + c + d) / 4 > level
        # a, c above (and b, d below), centre above: cut off b and d; otherwise a and c
        cut_bd = four & (A == centre_above)
        emit(cut_bd, 0, 1)
        emit(cut_bd, 2, 3)
        cut_ac = four & ~(A == centre_above)
        emit(cut_ac, 3, 0)
        emit(cut_ac, 1, 2)
    if not out:
        return []
    return [round(float(v), 4) for v in np.concatenate(out).ravel()]


def contours(surf, n=GRID, levels=LEVELS):
    """{"levels": [...], "lines": [segments of each level]} for the widget."""
    xs, ys, Z = surf.grid(n)
    lv = contour_levels(Z, levels)
    return {"levels": lv, "lines": [contour_segments(xs, ys, Z, v) for v in lv],
            "min": float(np.min(Z)), "max": float(np.max(Z))}


# ---- one round for the widget --------------------------------------------------------------------

def view(settings_, grid=False):
    """Everything the widget draws for checked settings (see settings())."""
    surf = surface(settings_["surface"], settings_.get("params", CT_PARAMS))
    method = settings_["method"]
    run = iterate(surf, settings_["start"], settings_["eta"], method, settings_["steps"])
    out = {
        "settings": settings_,
        "surface": {"name": surf.name, "axes": list(surf.axes), "extent": list(surf.extent),
                    "minimum": surf.minimum(), "start": surf.start, "eta": surf.eta},
        "path": run["path"], "E": run["E"], "eta": run["eta"],
        "trials": run["trials"] if method == "armijo" else [],
        "search": run["search"] if method == "armijo" else None,
        "status": status(run, surf, settings_),
        "constants": {"beta": ARMIJO_BETA, "c": ARMIJO_C},
    }
    if settings_["compare"]:
        other = "sd" if method == "armijo" else "armijo"
        o = iterate(surf, settings_["start"], settings_["eta"], other, settings_["steps"])
        out["other"] = {"method": other, "path": o["path"], "E": o["E"], "eta": o["eta"]}
        if method == "sd":                       # the Armijo trials are shown in compare mode
            out["trials"], out["search"] = o["trials"], o["search"]
    if grid:
        out["grid"] = contours(surf)
    return out


def surface_key(settings_):
    """A short name for the surface of checked settings: "bowl", "neuron", "ct:w_11,theta_1"."""
    if settings_["surface"] == "ct":
        return "ct:" + ",".join(settings_["params"])
    return settings_["surface"]


def menu():
    """The surfaces the widget offers, each with its two axes' names (the "ct"
    surface's default parameters: its axes change with descent['params'])."""
    return [{"name": name,
             "axes": [subscript(p) for p in CT_PARAMS] if name == "ct" else list(surface(name).axes)}
            for name in SURFACES]


def sync(namespace, new=None, lang="en", have=None):
    """One round of the widget.

    new: changed settings from the widget (a dict, merged into the namespace's
    `descent`; a different surface starts from its defaults), or None to take
    the namespace's `descent` as it is (created with defaults() if missing).
    have: the surface_key whose contours the widget already has; the contours
    are computed and sent only for another surface.

    Writes `descent`, `path` and `descent_trials` into the namespace and returns
    view(…) plus "key" — or, if `descent` holds something unusable,
    {"problem": message} and changes nothing.
    """
    try:
        current = namespace.get("descent")
        base = current if isinstance(current, dict) else {}
        if new is not None:
            if new.get("surface") not in (None, base.get("surface")):
                merged = dict(new)
            else:
                merged = {**base, **new}
            checked = settings(merged, lang)
        elif current is None:
            checked = defaults("bowl")
        else:
            checked = settings(current, lang)
    except WidgetProblem as exc:
        return {"problem": str(exc)}
    key = surface_key(checked)
    out = view(checked, grid=key != have)
    out["key"] = key
    out["surfaces"], out["methods"] = menu(), list(METHODS)
    if isinstance(current, dict):
        current.clear()
        current.update(checked)                    # keep the reader's dict object
    else:
        namespace["descent"] = checked
    namespace["path"] = [list(p) for p in out["path"]]
    namespace["descent_trials"] = [dict(t) for t in out["trials"]]
    return out
