"""The Python half of the trainer widget (chapter 7): the lecture's learning algorithm (its slides "機械学習のアルゴリズム"), run a few
iterations at a time so a page can draw E live.

    1. prepare the (input, answer) pairs and w0; k = 0
    2. the outputs (z1, z2) for every input with w_k
    3. each e_p and their sum E
    4. stop if E < ε; else the gradient Δw_k by backpropagation
    5. w_{k+1} = w_k + η Δw_k;  k = k + 1;  go to 2

The run itself (Run, the settings and their checks) is the trainer core's,
nnbook.widgets.training_run, shared with the playground: the numbers are
exactly those of ``nnbook.train`` with the same settings.

Page variables (the names can be changed with the widget options net=, x=, run=):

    net        the trainer's network (an nnbook.Network), trained in place: a
               cell sees the trained network.  Start, Step, Reset and a change
               of settings put the trainer's network here (whatever a cell put
               there); if a cell changed its weights in place, Start or Step
               trains on from those weights, starting again at k = 0.
    x          an image of 12 pixels (0/1), which the widget's drawing grid
               shows and sets (the same variable as chapter 3's widgets).
    training   the Run: training.settings (a dict; change it in a cell and the
               widget follows, starting again at k = 0), training.k,
               training.E (E(w_0), …, E(w_k)), training.net, training.message,
               training.advance(n), training.reset().  After a change of
               settings the run starts again (a new `net`) when the widget next
               looks, or at once with print(training) or training.advance(n).

Settings (training_run.SCHEMA: their choices and limits; SETTINGS holds the
defaults, nnbook.training.LECTURE_RUN, chapter 3's "trained" preset):

    activation  a of the hidden layer: "sigmoid", "tanh" or "relu"
    output      a of the output layer: "sigmoid" (z between 0 and 1, as on the
                slides) or "identity" (linear, z = s)
    hidden      the number of hidden units
    method      "sd" (steepest descent, fixed η) or "armijo" (η by the Armijo
                rule, η0 = 1); any name of nnbook.optimizers.OPTIMIZERS
    lr          η, for every method but Armijo
    init        w0: any name of nnbook.initializers.INITIALIZERS; the widget
                switches Xavier to He with ReLU (and back), as chapter 8 teaches
    seed        the seed of w0's random numbers
    epsilon     ε: stop when E < ε
    max_iter    stop at this k at the latest
    data        "slides" (the slides' nine images) or "letters" (the training
                half of nnbook.data.letters())

The widget calls ``request(ns, req=…, net=…, x=…, run=…, lang=…)`` once per
round (ctx.call); it returns a JSON-ready dict (non-finite numbers as None).
"""

import json
import time

import numpy as np

from ..data import verdict  # noqa: F401  (for cells and tests)
from .network_state import default_image  # noqa: F401  (the drawing grid's first image)
from .common import finite_list, say
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
    """Make the page's Run current, and return it.

    Creates the Run if the page has none (from `settings`; it puts its network
    into `net` unless the page has a `net` already) and starts again from the
    settings if a cell changed training.settings (then `net` is the new
    network).  With acting=True (Start, Step): if a cell changed the weights
    of the trainer's network in place, the run starts again from those
    weights (k = 0); and `net` is the trainer's network again, whatever a
    cell put there."""
    current = ns.get(run)
    if not isinstance(current, Run):
        current = Run(settings)
        ns[run] = current
        ns.setdefault(net, current.net)
        current._home = (ns, net)
        return current
    current._home = (ns, net)
    if current.stale():
        current.settings = check_settings(current.settings, lang)
        current.restart()
        ns[net] = current.net
    elif acting:
        if current.touched():
            current.restart(current.net)
        ns[net] = current.net
    return current


def payload(r, have=None, full=False, probe=None):
    """What the widget draws, JSON-ready: training_run.run_payload (generation, k, E,
    E_text, from, E_new, eta, done, converged, diverged, message, sizes, w, Z,
    e, verdicts, wants) and

        adopted       True if the run started from weights a cell set
        settings      the settings
        X, T, labels  the training images (with full=True, or when the run is new to the widget)
        schema        the settings' schema, training_run.SCHEMA (with full=True)
        probe         {x, h, z, verdict} for the page's image x, or None
        python_ms     (request only) how long this round took in Python
    """
    out = run_payload(r, have)
    out.update(adopted=r.adopted, settings=dict(r._built), probe=probe, error=None)
    if full or out["from"] == 0:
        out.update(X=[finite_list(x) for x in r.X], T=[finite_list(t) for t in r.T],
                   labels=list(r.labels))
    if full:
        out["schema"] = list(SCHEMA)
    return out


def _usable_settings(r):
    """The run's settings if they are valid, else the ones it was built with."""
    try:
        return check_settings(r.settings)
    except SettingsError:
        return dict(r._built)


def defaults():
    """What the widget shows before Python answers (the build puts it into the
    page): the default settings and their schema (nnbook's menus and limits)."""
    return {"settings": dict(SETTINGS), "schema": list(SCHEMA)}


def with_suggested_init(old, change):
    """`change` with init switched along with the hidden activation, as chapter 8
    teaches (He for ReLU, Xavier else) when the old init was the one suggested
    for the old activation and the change does not set init itself."""
    if "activation" not in change or "init" in change:
        return change
    if old.get("init") != suggested_init(old.get("activation")):
        return change
    return {**change, "init": suggested_init(change["activation"])}


def request(ns, req=None, net="net", x="x", run="training", lang="en"):
    """One round of the widget, in order: change settings, reset, take a new
    x, advance; then return payload(...).

    req (a dict or its JSON text):
        initial     settings for a Run made now (the page has none yet)
        settings    {key: value, …}: change settings (a change starts again at k = 0;
                    a new hidden activation brings its suggested init, see with_suggested_init;
                    a new method its step size η, see training_run.with_step_size)
        reset       true: a new network from the settings (w0), k = 0, into `net`
        x           12 pixels: the page's x becomes this image
        steps       advance up to this many iterations (0: none)
        budget_ms   … but stop after this many milliseconds (at least one iteration)
        have        {generation, k}: the widget has drawn E(w_0) … E(w_k) of that run
                    (common.first_new); the answer holds the newer ones
        full        true: include the images X, T, labels and the schema
    An unusable setting or `net` gives the payload of the last good run with
    "error" set (or {"error": …} if there is none).
    """
    started = time.perf_counter()
    req = json.loads(req) if isinstance(req, str) else dict(req or {})
    error = None
    r = ns.get(run) if isinstance(ns.get(run), Run) else None
    try:
        if req.get("settings"):
            if r is None:
                initial = check_settings(req.get("initial") or {}, lang)
                change = with_step_size(with_suggested_init(initial, req["settings"]))
                r = Run(check_settings({**initial, **change}, lang))
                ns[run] = r
            else:
                old = _usable_settings(r)
                change = with_step_size(with_suggested_init(old, req["settings"]))
                r.settings = check_settings({**old, **change}, lang)
                r.restart()
            ns[net] = r.net
        if req.get("reset") and r is not None:
            r.settings = _usable_settings(r)
            r.restart()                          # w0 from the settings again, k = 0
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
    out = payload(r, req.get("have"), bool(req.get("full")), seen)
    out["error"] = error
    out["python_ms"] = (time.perf_counter() - started) * 1000
    return out
