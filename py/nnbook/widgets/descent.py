"""Python half of the descent widget (js/widgets/descent.mjs), chapter 5: the gradient method
w_{k+1} = w_k − η ∇E(w_k) on an error surface over two parameters, η fixed (nnbook.SteepestDescent)
or by the Armijo line search (nnbook.Armijo, η0 = the slider's η). Surfaces: "bowl" (w1² + 5 w2²)/2,
"neuron" (one sigmoid unit fitted to six points), "ct" (two of the C/T network's 47 parameters, the
others trained). Shared with the cells: `descent` (the settings; a cell may change it), `path` (w_0 …
w_k) and `descent_trials` (the Armijo trials of the last step), both written."""

import math

import numpy as np

from .. import data
from ..network import Network
from ..optimizers import Armijo, SteepestDescent
from . import network_state
from .common import WidgetProblem, finite, language, positive_number, problem, whole_number

SURFACES = ("bowl", "neuron", "ct")
METHODS = ("sd", "armijo")
MAX_STEPS = 200
GRID = 41               # the contour grid: GRID × GRID values of E
LEVELS = 14             # contour lines
ARMIJO_BETA, ARMIJO_C = 0.5, 1e-4
TOLERANCE = 1e-7        # ‖∇E‖ below this: a minimum has been reached

#: the neuron surface's points (x_p, t_p): x = 3 says 0, so no (w, θ) fits all six and the minimum is finite
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


class Surface:
    """E over p = (p1, p2), its gradient, the plotted square `extent` (equal spans: −∇E is
    drawn perpendicular to the contours) and the widget's default start and η."""

    def __init__(self, name, axes, extent, E, gradient, start, eta):
        self.name, self.axes, self.extent = name, tuple(axes), tuple(float(v) for v in extent)
        self._E, self._gradient = E, gradient
        self.start, self.eta = [float(v) for v in start], float(eta)
        self._grid = self._minimum = None

    def E(self, p):
        return float(self._E(np.asarray(p, dtype=float)))

    def gradient(self, p):
        return np.asarray(self._gradient(np.asarray(p, dtype=float)), dtype=float)

    def grid(self, n=GRID):
        """(p1 values, p2 values, Z) with Z[i, j] = E(p1[j], p2[i])."""
        if self._grid is None or self._grid[2].shape != (n, n):
            x0, x1, y0, y1 = self.extent
            xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
            self._grid = (xs, ys, np.array([[self.E((x, y)) for x in xs] for y in ys]))
        return self._grid

    def minimum(self):
        """w* inside the square, or None: the grid's lowest point (None on the border, where E
        keeps falling beyond) refined by Newton steps with a numerical Hessian and backtracking."""
        if self._minimum is None:
            self._minimum = self._find_minimum() or False
        return self._minimum or None

    def _find_minimum(self):
        xs, ys, Z = self.grid()
        i, j = np.unravel_index(np.argmin(Z), Z.shape)
        if i in (0, len(ys) - 1) or j in (0, len(xs) - 1):
            return None
        w, h = np.array([xs[j], ys[i]]), 1e-5
        for _ in range(50):
            g = self.gradient(w)
            if np.linalg.norm(g) < 1e-10:
                break
            H = np.array([(self.gradient(w + h * e) - self.gradient(w - h * e)) / (2 * h) for e in np.eye(2)])
            try:
                d = -np.linalg.solve((H + H.T) / 2, g)
            except np.linalg.LinAlgError:
                d = -g
            if g @ d >= 0:                          # not a descent direction: use −∇E
                d = -g
            t, E0 = 1.0, self.E(w)
            while t > 1e-12 and self.E(w + t * d) > E0 + 1e-4 * t * (g @ d):
                t /= 2
            w = w + t * d
        x0, x1, y0, y1 = self.extent
        if not (x0 <= w[0] <= x1 and y0 <= w[1] <= y1) or np.linalg.norm(self.gradient(w)) > 1e-6:
            return None
        return [float(w[0]), float(w[1])]


def network_surface(name, net, X, T, params, axes, extent, start, eta):
    """E(X, T) of `net` as a function of two of its parameters (the others as they are); nnbook's
    net.error and net.gradient compute it."""
    index = [net.index(p) for p in params]
    base = net.w

    def put(p):
        w = base.copy()
        w[index] = p
        net.w = w
        return net

    return Surface(name, axes, extent, lambda p: put(p).error(X, T),
                   lambda p: put(p).gradient(X, T)[index], start, eta)


def trained_ct_network():
    """A copy of the book's trained C/T network (network_state's "trained" preset: Network(seed=0),
    steepest descent with η = 2 to E < 0.01 on the slides' images)."""
    return Network(w=network_state.trained_w())


def subscript(name):
    """'w_11' → 'w₁₁', 'theta_1' → 'θ₁', 'w_5,2^H' → 'w₅,₂ᴴ'."""
    text = name.replace("theta", "θ").replace("^H", "ᴴ").replace("_", "")
    return text.translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def make_surface(name, params):
    if name == "bowl":
        return Surface("bowl", ("w₁", "w₂"), (-2, 2, -2, 2), lambda w: (w[0] ** 2 + 5 * w[1] ** 2) / 2,
                       lambda w: np.array([w[0], 5 * w[1]]), start=(-1.8, 1.2), eta=0.3)
    if name == "neuron":                  # y = σ(w x − θ): a 1-1 network, its w_11 and θ_1
        return network_surface("neuron", Network((1, 1)), NEURON_X[:, None], NEURON_T[:, None],
                               CT_PARAMS, ("w", "θ"), (-2, 4, -1, 5), start=(3.5, 0.5), eta=1.0)
    net = trained_ct_network()
    X, T, _ = data.slide_images()
    # the square: ±4 around the trained values (rounded to 0.5)
    c1, c2 = (round(float(net[p]) * 2) / 2 for p in params)
    return network_surface("ct", net, X, T, params, [subscript(net.name(net.index(p))) for p in params],
                           (c1 - 4, c1 + 4, c2 - 4, c2 + 4), start=(c1 + 3, c2 + 3), eta=1.0)


_CACHE = {}


def surface(name="bowl", params=CT_PARAMS):
    """The Surface called name ("bowl", "neuron", "ct"; params: the two names for "ct")."""
    if name not in SURFACES:
        raise ValueError(f"unknown surface {name!r}; expected one of {SURFACES}")
    key = (name, tuple(params) if name == "ct" else ())
    if key not in _CACHE:
        _CACHE[key] = make_surface(name, tuple(params))
    return _CACHE[key]


def start_settings(name="bowl"):
    """The settings a surface starts from."""
    s = surface(name)
    out = {"surface": name, "eta": s.eta, "start": list(s.start), "method": "sd", "steps": 0, "compare": False}
    return {**out, "params": list(CT_PARAMS)} if name == "ct" else out


def defaults():
    """What the page shows before Python answers (the build writes it in): the settings, the
    surface's axes and square, the menus; the first answer has the same."""
    s = surface()
    return {"settings": start_settings(), "surface": {"axes": list(s.axes), "extent": list(s.extent)},
            "surfaces": menu(), "methods": list(METHODS)}


def settings(value, lang="en"):
    """The `descent` dict checked and completed from its surface's start; a WidgetProblem otherwise."""
    lang = language(lang)
    if not isinstance(value, dict):
        raise problem(MESSAGES, lang, "not_dict", what=type(value).__name__,
                      example="{'surface': 'bowl', 'eta': 0.3, 'start': [-1.8, 1.2]}")
    name = value.get("surface", "bowl")
    if name not in SURFACES:
        raise problem(MESSAGES, lang, "surface", choices=", ".join(SURFACES), value=name)
    out = start_settings(name)
    if name == "ct" and "params" in value:
        try:
            names = [str(p) for p in value["params"]]
            if len(names) != 2:
                raise ValueError(f"got {len(names)} names")
            probe = Network(w=np.zeros(47))
            if probe.index(names[0]) == probe.index(names[1]):
                raise ValueError("both name the same parameter")
        except (TypeError, ValueError, KeyError) as exc:
            raise problem(MESSAGES, lang, "params", detail=str(exc)) from None
        out["params"] = names
    method, eta, start, steps = (value.get(k, out[k]) for k in ("method", "eta", "start", "steps"))
    if method not in METHODS:
        raise problem(MESSAGES, lang, "method", value=method)
    if positive_number(eta) is None:
        raise problem(MESSAGES, lang, "eta", value=eta)
    try:
        point = [float(v) for v in start]
    except (TypeError, ValueError):
        point = []
    if len(point) != 2 or not all(map(math.isfinite, point)):
        raise problem(MESSAGES, lang, "start", value=start)
    if whole_number(steps, 0, MAX_STEPS) is None:
        raise problem(MESSAGES, lang, "steps", max=MAX_STEPS, value=steps)
    out.update(method=method, eta=positive_number(eta), start=point, steps=whole_number(steps, 0, MAX_STEPS),
               compare=bool(value.get("compare", False)))
    return out


def iterate(surf, start, eta, method="sd", steps=10):
    """`steps` steps from w_0 = start by nnbook's SteepestDescent(lr=η) or Armijo(lr=η), stopping
    where w blows up (inf/NaN or beyond 1e12: overflow). Returns the path, E and η of each step,
    the Armijo trials of the last step (with the bound E(w) + c η ∇Eᵀd each must not exceed) and
    the search they started from, and ‖∇E(w_k)‖."""
    w = np.array(start, dtype=float)
    path, Es, etas, last, overflow = [w.tolist()], [surf.E(w)], [], None, False
    sd, armijo = SteepestDescent(lr=eta), Armijo(lr=eta, beta=ARMIJO_BETA, c=ARMIJO_C)
    g = surf.gradient(w)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            if method == "armijo":
                new, last = armijo.step(w, surf.E, g, E_w=Es[-1]), (w, g, Es[-1])
            else:
                new = w.copy()
                sd.update(new, g)
            E_new = surf.E(new) if np.all(np.isfinite(new)) and np.max(np.abs(new)) <= 1e12 else math.inf
            if not math.isfinite(E_new):
                overflow = True
                break
            etas.append(armijo.eta if method == "armijo" else eta)
            w, g = new, surf.gradient(new)
            path.append(w.tolist())
            Es.append(E_new)
    trials, search = [], None
    if last is not None:
        (w0, g0, E0), tried = last, armijo.trials
        slope = float(-(g0 @ g0))                       # ∇Eᵀd, d = −∇E
        trials = [{"eta": float(e), "E": finite(E_try), "bound": finite(E0 + ARMIJO_C * e * slope),
                   "accepted": bool(ok), "point": [finite(v) for v in w0 - e * g0]} for e, E_try, ok in tried]
        search = {"k": len(path) - 1, "from": w0.tolist(), "E": E0, "slope": slope}
    return {"path": path, "E": Es, "eta": etas, "trials": trials, "search": search, "overflow": overflow,
            "gradient_norm": float(np.linalg.norm(g)) if np.all(np.isfinite(g)) else None}


def status(run, surf, settings_):
    """What the path shows, a code the widget words: overflow, diverging (outside the square and
    E(w_k) > E(w_0)), overshoot (E went up at step `up`), converged (‖∇E‖ < TOLERANCE), start, running;
    done: more steps would show nothing new (Play stops)."""
    path, Es = run["path"], run["E"]
    x0, x1, y0, y1 = surf.extent
    p, margin = path[-1], x1 - x0
    outside = not (x0 <= p[0] <= x1 and y0 <= p[1] <= y1)
    far = not (x0 - margin <= p[0] <= x1 + margin and y0 - margin <= p[1] <= y1 + margin)
    up = next((i for i in range(1, len(Es)) if Es[i] > Es[i - 1] * (1 + 1e-12) + 1e-15), None)
    converged = run["gradient_norm"] is not None and run["gradient_norm"] < TOLERANCE
    code = ("overflow" if run["overflow"] else "diverging" if outside and Es[-1] > Es[0]
            else "overshoot" if up is not None else "converged" if converged
            else "start" if len(path) == 1 else "running")
    done = run["overflow"] or converged or (far and Es[-1] > Es[0]) or \
        settings_["steps"] >= MAX_STEPS or len(path) - 1 < settings_["steps"]
    return {"code": code, "k": len(path) - 1, "up": up, "outside": outside, "done": bool(done)}


def contour_segments(xs, ys, Z, level):
    """Marching squares: the line E = level as a flat list of segments [x1, y1, x2, y2, …],
    linear along cell edges; a saddle cell is split by its centre's value."""
    above = Z > level
    a, b, c, d = Z[:-1, :-1], Z[:-1, 1:], Z[1:, 1:], Z[1:, :-1]      # corners of each cell
    A, B, C, D = above[:-1, :-1], above[:-1, 1:], above[1:, 1:], above[1:, :-1]
    X0, X1, Y0, Y1 = xs[None, :-1], xs[None, 1:], ys[:-1, None], ys[1:, None]

    def frac(u, v):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.clip(np.nan_to_num((level - u) / (v - u), nan=0.5), 0.0, 1.0)

    shape = a.shape
    # the crossing on each edge: bottom a–b, right b–c, top d–c, left a–d
    ex = [X0 + frac(a, b) * (X1 - X0), np.broadcast_to(X1, shape), X0 + frac(d, c) * (X1 - X0),
          np.broadcast_to(X0, shape)]
    ey = [np.broadcast_to(Y0, shape), Y0 + frac(b, c) * (Y1 - Y0), np.broadcast_to(Y1, shape),
          Y0 + frac(a, d) * (Y1 - Y0)]
    crossed = [A != B, B != C, D != C, A != D]
    count = sum(e.astype(int) for e in crossed)
    cut_bd = (count == 4) & (A == ((a + b + c + d) / 4 > level))   # the centre sides with a and c
    cut_ac = (count == 4) & ~cut_bd
    masks = [(count == 2) & crossed[e1] & crossed[e2] for e1, e2 in
             ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3))] + [cut_bd, cut_bd, cut_ac, cut_ac]
    edges = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3), (0, 1), (2, 3), (3, 0), (1, 2)]
    out = [np.stack([ex[e1][m], ey[e1][m], ex[e2][m], ey[e2][m]], axis=1)
           for m, (e1, e2) in zip(masks, edges) if m.any()]
    return [round(float(v), 4) for v in np.concatenate(out).ravel()] if out else []


def contours(surf, n=GRID, levels=LEVELS):
    """The contour lines: `levels` levels closer together near the minimum, E_min + (E_max − E_min)(i/(n+1))²."""
    xs, ys, Z = surf.grid(n)
    lo, hi = float(np.min(Z)), float(np.max(Z))
    lv = [lo + (hi - lo) * (i / (levels + 1)) ** 2 for i in range(1, levels + 1)]
    return {"levels": lv, "lines": [contour_segments(xs, ys, Z, v) for v in lv], "min": lo, "max": hi}


def view(settings_, grid=False):
    """Everything the widget draws for checked settings (the contours too if `grid`)."""
    surf = surface(settings_["surface"], settings_.get("params", CT_PARAMS))
    method, run_args = settings_["method"], (surf, settings_["start"], settings_["eta"])
    run = iterate(*run_args, method, settings_["steps"])
    out = {
        "settings": settings_,
        "surface": {"name": surf.name, "axes": list(surf.axes), "extent": list(surf.extent),
                    "minimum": surf.minimum()},
        "path": run["path"], "E": run["E"], "eta": run["eta"], "trials": run["trials"],
        "search": run["search"], "status": status(run, surf, settings_)}
    if settings_["compare"]:
        other = "sd" if method == "armijo" else "armijo"
        o = iterate(*run_args, other, settings_["steps"])
        out["other"] = {"method": other, "path": o["path"], "E": o["E"], "eta": o["eta"]}
        if method == "sd":                       # the Armijo trials are shown in compare mode
            out["trials"], out["search"] = o["trials"], o["search"]
    if grid:
        out["grid"] = contours(surf)
    return out


def menu():
    """The surfaces offered, each with its two axes' names ("ct" with its default parameters)."""
    return [{"name": name, "axes": [subscript(p) for p in CT_PARAMS] if name == "ct" else list(surface(name).axes)}
            for name in SURFACES]


def sync(namespace, new=None, lang="en", have=None):
    """The widget's entry point: `new` settings merged into the namespace's `descent` (another
    surface starts afresh), or `descent` as a cell left it; the contours only if the widget `have`s
    another surface. Writes `descent`, `path`, `descent_trials`; {"problem": message} if unusable."""
    try:
        current = namespace.get("descent")
        base = current if isinstance(current, dict) else {}
        if new is not None:
            checked = settings(dict(new) if new.get("surface") not in (None, base.get("surface"))
                               else {**base, **new}, lang)
        else:
            checked = start_settings() if current is None else settings(current, lang)
    except WidgetProblem as exc:
        return {"problem": str(exc)}
    key = "ct:" + ",".join(checked["params"]) if checked["surface"] == "ct" else checked["surface"]
    out = view(checked, grid=key != have)
    out.update(key=key, surfaces=menu(), methods=list(METHODS))
    if isinstance(current, dict):
        current.clear()
        current.update(checked)                    # keep the reader's dict object
    else:
        namespace["descent"] = checked
    namespace["path"] = [list(p) for p in out["path"]]
    namespace["descent_trials"] = [dict(t) for t in out["trials"]]
    return out
