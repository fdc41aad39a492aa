"""The Python half of the trainer widget (chapter 7): the lecture's learning algorithm run a
few iterations at a time (training_run.Run, shared with the playground), and its page variables:

    net        the trainer's network, trained in place (a cell sees the trained network); Start,
               Step, Reset and a new setting put it back here, whatever a cell put there; weights
               a cell changed in place are trained on from k = 0
    x          the drawing grid's image (12 pixels 0/1), chapter 3's variable
    training   the Run: training.settings (change it in a cell and the widget follows, from k = 0),
               training.k, training.E, training.net, training.message, training.advance(n)

(the names can be changed with the widget options net=, x=, run=).  The settings are
training_run.SCHEMA's; the widget calls request() once per round (ctx.call).
"""

import json

import numpy as np

from ..data import verdict  # noqa: F401  (for cells and tests)
from .common import finite_list, say
from .network_state import default_image
from .training_run import (SCHEMA, SETTINGS, Run, SettingsError, build_network,  # noqa: F401
                           check_settings, dataset, probe, run_payload, suggested_init,
                           train_options, with_step_size)

MESSAGES = {
    "en": {"x": "{name} should be 12 pixels x1 … x12 (0 or 1); got {what}"},
    "ja": {"x": "{name} は 12 個の画素 x1 … x12 (0 か 1) にしてください ({what} になっています)"},
}


def _pixels(value):
    try:
        x = np.asarray(value, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    return x if x.shape == (12,) and np.all(np.isfinite(x)) else None


def sync(ns, settings=None, net="net", run="training", lang="en", acting=False):
    """The page's Run, made current: created if missing (its network goes into `net` unless the
    page has one), started again if a cell changed training.settings; with acting=True (Start,
    Step) weights a cell changed in place start a new run from them, and `net` is the run's."""
    current = ns.get(run)
    if not isinstance(current, Run):
        current = ns[run] = Run(settings)
        ns.setdefault(net, current.net)
    elif current.stale():
        current.settings = check_settings(current.settings, lang)
        current.restart()
        ns[net] = current.net
    elif acting:
        if current.touched():
            current.restart(current.net)
        ns[net] = current.net
    current._home = (ns, net)
    return current


def _usable_settings(r):
    """The run's settings if they are valid, else the ones it was built with."""
    try:
        return check_settings(r.settings)
    except SettingsError:
        return dict(r._built)


def defaults():
    """What the widget shows before Python answers (the build puts it into the page)."""
    return {"settings": dict(SETTINGS), "schema": list(SCHEMA)}


def with_suggested_init(old, change):
    """`change` with init following a new hidden activation (He for ReLU, Xavier else, chapter 8)
    when the old init was the one suggested for the old activation and init is not set."""
    if "activation" not in change or "init" in change or old.get("init") != suggested_init(old.get("activation")):
        return change
    return {**change, "init": suggested_init(change["activation"])}


def request(ns, req=None, net="net", x="x", run="training", lang="en"):
    """One round: new settings (`settings`, over `initial` when the page has no Run), `reset`, a
    new `x`, then up to `steps` iterations (within `budget_ms`); `have` is what the widget drew
    (common.first_new), `full` asks for the schema.  Returns run_payload plus adopted, settings,
    probe (the page's x read by the network), the images X, T, labels (on a new run) and error
    (an unusable setting or `net`: the last good run goes on; {"error": …} if there is none)."""
    req = json.loads(req) if isinstance(req, str) else dict(req or {})
    error = None
    r = ns.get(run) if isinstance(ns.get(run), Run) else None
    try:
        if req.get("settings"):
            old = check_settings(req.get("initial") or {}, lang) if r is None else _usable_settings(r)
            settings = check_settings({**old, **with_step_size(with_suggested_init(old, req["settings"]))}, lang)
            if r is None:
                r = ns[run] = Run(settings)
            else:
                r.settings = settings
                r.restart()
            ns[net] = r.net
        if req.get("reset") and r is not None:
            r.settings = _usable_settings(r)
            r.restart()
            ns[net] = r.net
        steps = int(req.get("steps") or 0)
        r = sync(ns, req.get("initial"), net, run, lang, acting=steps > 0)
        if req.get("x") is not None:
            ns[x] = np.array(req["x"], dtype=float)
        if steps > 0:
            r.advance(steps, req.get("budget_ms"))
    except (SettingsError, ValueError, TypeError, KeyError) as exc:
        error = str(exc)
        r = ns.get(run) if isinstance(ns.get(run), Run) else None
        if r is None:
            return {"error": error}
    if x not in ns:
        ns[x] = default_image()
    pixels = _pixels(ns[x])
    seen = probe(r.net, pixels) if pixels is not None else {
        "error": say(MESSAGES, lang, "x", name=x, what=type(ns[x]).__name__)}
    out = run_payload(r, req.get("have"))
    out.update(adopted=r.adopted, settings=dict(r._built), probe=seen, error=error)
    if req.get("full") or out["from"] == 0:
        out.update(X=[finite_list(v) for v in r.X], T=[finite_list(t) for t in r.T], labels=list(r.labels))
    if req.get("full"):
        out["schema"] = list(SCHEMA)
    return out
