"""The descent visualiser's Python half (nnbook.widgets.descent): its surfaces'
gradients against central differences, its paths against the closed form and
against nnbook's optimisers run here step by step, its Armijo trials against
nnbook.armijo_step and the sufficient-decrease condition, its contour lines
against a function whose level lines are known exactly, and the settings it
shares with the page's cells."""

import json

import numpy as np
import pytest

import nnbook
from nnbook.widgets import descent as dw

X, T, _ = nnbook.data.slide_images()


# ---- surfaces ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["bowl", "neuron", "ct"])
def test_gradient_is_the_numerical_gradient(name):
    s = dw.surface(name)
    rng = np.random.default_rng(1)
    x0, x1, y0, y1 = s.extent
    for _ in range(5):
        p = np.array([rng.uniform(x0, x1), rng.uniform(y0, y1)])
        numeric = nnbook.numerical_gradient(s.E, p)
        assert np.allclose(s.gradient(p), numeric, rtol=1e-6, atol=1e-8)


def test_bowl_is_the_formula():
    s = dw.surface("bowl")
    assert s.E([1.0, 2.0]) == (1 + 5 * 4) / 2
    assert s.gradient([1.0, 2.0]).tolist() == [1.0, 10.0]
    assert s.minimum() == [0.0, 0.0]


def test_neuron_is_one_sigmoid_unit_with_x_extended_by_minus_one():
    s = dw.surface("neuron")
    w, theta = 0.7, 1.3
    E = 0.0
    for x, t in zip(dw.NEURON_X, dw.NEURON_T):
        y = nnbook.unit_output(np.array([w, theta]), np.array([x]), "sigmoid")
        E += (t - y) ** 2 / 2
    assert s.E([w, theta]) == pytest.approx(E, rel=1e-14)
    # the minimum is inside the square and the gradient vanishes there
    m = s.minimum()
    assert m is not None
    assert np.linalg.norm(s.gradient(m)) < 1e-8


def test_ct_surface_moves_two_parameters_of_the_trained_network():
    net = nnbook.Network(seed=0)
    history = nnbook.train(net, X, T, optimizer="sd", lr=2.0, epsilon=0.01)
    assert history.converged
    s = dw.surface("ct")
    assert s.axes == ("w₁₁", "θ₁")
    # at the trained values, E is the trained network's E
    p = [net["w_11"], net["theta_1"]]
    assert s.E(p) == pytest.approx(net.error(X, T), rel=1e-12)
    # elsewhere: the same network with those two changed
    probe = net.copy()
    probe["w_11"], probe["theta_1"] = -5.0, 0.5
    assert s.E([-5.0, 0.5]) == pytest.approx(probe.error(X, T), rel=1e-12)
    g = probe.gradient(X, T)
    assert np.allclose(s.gradient([-5.0, 0.5]), [g[probe.index("w_11")], g[probe.index("theta_1")]],
                       rtol=1e-12, atol=1e-15)
    # the square is centred on the trained values (to 0.5), equal spans
    x0, x1, y0, y1 = s.extent
    assert x1 - x0 == y1 - y0 == 8.0
    assert abs((x0 + x1) / 2 - p[0]) <= 0.25 and abs((y0 + y1) / 2 - p[1]) <= 0.25


def test_ct_surface_with_other_parameters():
    s = dw.surface("ct", ("w_5,2^H", "theta_2"))
    assert s.axes == ("w₅₂ᴴ", "θ₂")             # the canonical name, as on the slides
    net = dw.trained_ct_network()
    assert s.E([net["w_5,2^H"], net["theta_2"]]) == pytest.approx(net.error(X, T), rel=1e-12)


# ---- paths -----------------------------------------------------------------------------------

@pytest.mark.parametrize("eta", [0.1, 0.3, 0.4, 0.45])
def test_steepest_descent_on_the_bowl_is_the_closed_form(eta):
    # one step multiplies w1 by (1 − η) and w2 by (1 − 5η)
    run = dw.iterate(dw.surface("bowl"), [-1.8, 1.2], eta, "sd", 12)
    for k, (w1, w2) in enumerate(run["path"]):
        assert w1 == pytest.approx(-1.8 * (1 - eta) ** k, rel=1e-12, abs=1e-15)
        assert w2 == pytest.approx(1.2 * (1 - 5 * eta) ** k, rel=1e-12, abs=1e-15)
    assert run["eta"] == [eta] * 12


@pytest.mark.parametrize("name, eta", [("neuron", 3.0), ("ct", 1.0)])
def test_path_is_nnbook_steepest_descent(name, eta):
    s = dw.surface(name)
    run = dw.iterate(s, s.start, eta, "sd", 15)
    w = np.array(s.start)
    opt = nnbook.SteepestDescent(lr=eta)
    expected = [w.copy()]
    for _ in range(15):
        opt.update(w, s.gradient(w))
        expected.append(w.copy())
    assert np.array_equal(np.array(run["path"]), np.array(expected))
    assert run["E"] == [s.E(p) for p in expected]


@pytest.mark.parametrize("name, eta0", [("bowl", 5.0), ("neuron", 20.0), ("ct", 10.0)])
def test_armijo_path_and_trials(name, eta0):
    s = dw.surface(name)
    run = dw.iterate(s, s.start, eta0, "armijo", 6)
    w = np.array(s.start)
    for k in range(6):
        g = s.gradient(w)
        eta, trials = nnbook.armijo_step(s.E, w, g, eta0=eta0, beta=0.5, c=1e-4)
        w = w - eta * g
        assert np.allclose(run["path"][k + 1], w, rtol=0, atol=1e-15)
        assert run["eta"][k] == eta
    # E never goes up with the Armijo rule
    assert all(b <= a for a, b in zip(run["E"], run["E"][1:]))
    # the trials of the last step: the same as nnbook's, with their bound
    w_prev = np.array(run["path"][-2])
    g = s.gradient(w_prev)
    _, trials = nnbook.armijo_step(s.E, w_prev, g, eta0=eta0)
    assert [(t["eta"], t["E"], t["accepted"]) for t in run["trials"]] == [tuple(t) for t in trials]
    E_prev = s.E(w_prev)
    for t in run["trials"]:
        bound = E_prev + 1e-4 * t["eta"] * float(g @ -g)
        assert t["bound"] == pytest.approx(bound, rel=1e-14)
        assert t["point"] == pytest.approx((w_prev - t["eta"] * g).tolist(), rel=1e-14)
        assert t["accepted"] == (t["E"] <= t["bound"])
    accepted = [t for t in run["trials"] if t["accepted"]]
    assert len(accepted) == 1 and accepted[0] is run["trials"][-1]
    assert run["search"]["from"] == run["path"][-2]
    assert run["search"]["slope"] == pytest.approx(-float(g @ g), rel=1e-14)


def test_bowl_armijo_first_step_from_the_page():
    # the page's hand-worked numbers: η = 1 and 0.5 rejected, 0.25 accepted
    run = dw.iterate(dw.surface("bowl"), [-1.8, 1.2], 1.0, "armijo", 1)
    assert [(t["eta"], t["accepted"]) for t in run["trials"]] == [(1.0, False), (0.5, False), (0.25, True)]
    assert [t["E"] for t in run["trials"]] == pytest.approx([57.6, 8.505, 1.13625], rel=1e-12)
    assert run["path"][1] == pytest.approx([-1.35, -0.3], rel=1e-14)


def test_overflow_stops_the_path():
    run = dw.iterate(dw.surface("bowl"), [-1.8, 1.2], 100.0, "sd", 200)
    assert run["overflow"]
    assert len(run["path"]) < 201
    assert all(np.isfinite(run["E"]))
    assert np.max(np.abs(run["path"])) <= 1e12


# ---- status --------------------------------------------------------------------------------

def status_of(name, eta, steps, method="sd", start=None):
    settings = dw.settings({"surface": name, "eta": eta, "steps": steps, "method": method,
                            **({"start": start} if start else {})})
    return dw.view(settings)["status"]


def test_status_says_when_the_iteration_diverges():
    assert status_of("bowl", 0.3, 0)["code"] == "start"
    assert status_of("bowl", 0.3, 5)["code"] == "running"
    assert status_of("bowl", 0.3, 80)["code"] == "converged"
    assert status_of("bowl", 0.3, 80)["done"]
    diverging = status_of("bowl", 0.5, 6)
    assert diverging["code"] == "diverging" and diverging["outside"]
    assert status_of("bowl", 100.0, 200)["code"] == "overflow"
    # E went up once, but the path is still inside: a warning, not divergence
    up = status_of("bowl", 0.45, 1)
    assert up["code"] == "overshoot" and up["up"] == 1
    # Armijo never lets E go up, even with η0 = 100
    assert status_of("bowl", 100.0, 20, "armijo")["code"] in ("running", "converged")


# ---- contours ------------------------------------------------------------------------------

def test_contours_of_a_plane_are_exact():
    xs, ys = np.linspace(-1, 1, 11), np.linspace(-1, 1, 11)
    Z = xs[None, :] + 2 * ys[:, None]
    for level in (-1.23, 0.0, 0.5, 2.01):
        seg = np.array(dw.contour_segments(xs, ys, Z, level)).reshape(-1, 2, 2)
        assert len(seg) > 0
        pts = seg.reshape(-1, 2)
        assert np.allclose(pts[:, 0] + 2 * pts[:, 1], level, atol=2e-4)   # rounded to 4 decimals
        assert np.all(np.abs(pts) <= 1 + 1e-12)


def test_contours_of_the_bowl_lie_on_the_level():
    s = dw.surface("bowl")
    c = dw.contours(s)
    assert len(c["levels"]) == dw.LEVELS == len(c["lines"])
    assert c["min"] == 0.0 and c["max"] == pytest.approx(12.0)
    for level, seg in zip(c["levels"], c["lines"]):
        pts = np.array(seg).reshape(-1, 2)
        E = np.array([s.E(p) for p in pts])
        # linear interpolation of a quadratic between grid points 0.1 apart
        assert np.allclose(E, level, atol=0.03 + 0.01 * level)


def test_saddle_cells_give_two_segments():
    xs = ys = np.array([0.0, 1.0])
    Z = np.array([[1.0, 0.0], [0.0, 1.0]])           # opposite corners above 0.5
    seg = dw.contour_segments(xs, ys, Z, 0.5)
    assert len(seg) == 8


# ---- settings and the shared namespace ----------------------------------------------------------

@pytest.mark.parametrize("bad, word", [
    ({"eta": -1}, "eta"), ({"eta": "fast"}, "eta"), ({"eta": float("nan")}, "eta"),
    ({"start": [1]}, "start"), ({"start": [0, float("inf")]}, "start"),
    ({"surface": "hill"}, "surface"), ({"method": "adam"}, "method"),
    ({"steps": 1000}, "steps"), ({"steps": 2.5}, "steps"),
    ({"surface": "ct", "params": ["w_11", "w_11"]}, "params"),
    ({"surface": "ct", "params": ["w_99"]}, "params"),
])
def test_bad_settings_are_explained(bad, word):
    for lang in ("en", "ja"):
        with pytest.raises(dw.WidgetProblem, match=f"descent\\['{word}'\\]"):
            dw.settings(bad, lang)
    ns = {"descent": dict(bad)}
    out = dw.sync(ns)
    assert "problem" in out and "path" not in ns


def test_japanese_messages():
    with pytest.raises(dw.WidgetProblem, match="η > 0 の数"):
        dw.settings({"eta": 0}, "ja")


def test_sync_creates_and_shares_the_variables():
    ns = {}
    out = dw.sync(ns)
    assert ns["descent"] == dw.start_settings("bowl")
    assert ns["path"] == [[-1.8, 1.2]]
    assert ns["descent_trials"] == []
    assert out["key"] == "bowl" and "grid" in out
    json.dumps(out, allow_nan=False)
    # the widget already has the contours: not sent again
    out = dw.sync(ns, {"steps": 3}, have="bowl")
    assert "grid" not in out
    assert len(ns["path"]) == 4


def test_a_cell_changes_descent_and_the_widget_follows():
    ns = {}
    dw.sync(ns)
    mine = ns["descent"]
    mine.update(eta=0.45, steps=8, method="armijo")     # what a cell does
    out = dw.sync(ns, None, have="bowl")
    assert ns["descent"] is mine                          # the reader's dict is kept
    assert out["settings"]["eta"] == 0.45 and len(ns["path"]) == 9
    assert ns["descent_trials"] == out["trials"] and out["trials"]
    # a whole new dict, with only a surface: that surface's defaults
    ns["descent"] = {"surface": "neuron"}
    out = dw.sync(ns, None, have="bowl")
    assert ns["descent"] == dw.start_settings("neuron") and out["key"] == "neuron" and "grid" in out


def test_widget_changing_surface_starts_from_its_defaults():
    ns = {}
    dw.sync(ns, {"eta": 0.45, "steps": 4})
    out = dw.sync(ns, {"surface": "ct"}, have="bowl")
    assert out["settings"] == dw.start_settings("ct") and out["key"] == "ct:w_11,theta_1"


def test_everything_is_json_even_when_diverging():
    ns = {}
    for changes in ({"eta": 100.0, "steps": 200}, {"eta": 100.0, "steps": 200, "method": "armijo",
                                                    "compare": True}):
        out = dw.sync(ns, changes, have="bowl")
        text = json.dumps(out, allow_nan=False)
        assert json.loads(text)["settings"]["eta"] == 100.0


def test_sync_sends_the_menus_it_accepts():
    out = dw.sync({})
    assert [m["name"] for m in out["surfaces"]] == list(dw.SURFACES)
    assert out["methods"] == list(dw.METHODS)
    for item in out["surfaces"]:
        name = item["name"]
        assert item["axes"] == dw.sync({}, {"surface": name})["surface"]["axes"]
        assert dw.sync({}, {"surface": name})["settings"]["surface"] == name
    for method in out["methods"]:
        assert dw.sync({}, {"method": method})["settings"]["method"] == method
