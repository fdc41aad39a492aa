"""Speed figures: run() measures, report() formats them.

Called by bench/bench_nnbook.py in CPython, and callable as is inside
Pyodide (nnbook.bench.run() returns plain numbers).  It measures

1. iterations per second of full-batch training — forward pass, backprop,
   update (steepest descent) — on the slides' 9 images and on the curated
   letter training set, for
       vectorised        the library's normal path (all images at once)
       per image         the slides' formulas, image by image, unit by unit
                         (method="per_image": pure Python loops)
       per image, NumPy  a loop over the images with the vectorised code
                         applied to one image at a time (for comparison)
   and their ratios.  Each figure is the median of `repeats` runs.
2. the time to train the slide set from a fixed seed to E < 0.01 with
   steepest descent (12-3-2 sigmoid, seed 0, η = 2), median of `repeats`.
"""

import statistics
import sys
import time

import numpy as np

from .backprop import backprop
from .data import letters, slide_images
from .network import Network, total_error
from .optimizers import SteepestDescent
from .training import train

REQUIRED_RATIO = 10.0


def _per_image_numpy(net, X, T, iterations, lr):
    """Full-batch steepest descent, looping over the images with the vectorised code."""
    opt = SteepestDescent(lr)
    for _ in range(iterations):
        g = np.zeros(net.n_params)
        E = 0.0
        for p in range(len(X)):
            cache = net._forward(X[p:p + 1])
            E += total_error(cache.Y[-1], T[p:p + 1])
            g += backprop(net, cache, T[p:p + 1])
        opt.update(net.params, {"w": g})
    return E


def _iterations_per_second(X, T, method, iterations, repeats, lr=0.1):
    rates = []
    for _ in range(repeats):
        net = Network((12, 3, 2), "sigmoid", seed=0)
        start = time.perf_counter()
        if method == "per_image_numpy":
            _per_image_numpy(net, X, T, iterations, lr)
        else:
            train(net, X, T, optimizer="sd", lr=lr, epsilon=0.0, max_iter=iterations,
                  method=method)
        rates.append(iterations / (time.perf_counter() - start))
    return statistics.median(rates)


def _speeds(X, T, repeats, iterations):
    v = _iterations_per_second(X, T, "vectorised", iterations["vectorised"], repeats)
    p = _iterations_per_second(X, T, "per_image", iterations["per_image"], repeats)
    n = _iterations_per_second(X, T, "per_image_numpy", iterations["per_image_numpy"], repeats)
    return {"images": int(len(X)), "vectorised_its": v, "per_image_its": p,
            "per_image_numpy_its": n, "ratio": v / p, "ratio_numpy": v / n}


def time_to_epsilon(repeats=5, lr=2.0, seed=0, epsilon=0.01, max_iter=2000):
    """Seconds to train 12-3-2 sigmoid from `seed` to E < ε on the slide set (median)."""
    X, T, _ = slide_images()
    times = []
    for _ in range(repeats):
        net = Network((12, 3, 2), "sigmoid", seed=seed)
        start = time.perf_counter()
        history = train(net, X, T, optimizer="sd", lr=lr, epsilon=epsilon, max_iter=max_iter)
        times.append(time.perf_counter() - start)
    return {"seconds": statistics.median(times), "all_seconds": times,
            "iterations": history.iterations, "converged": history.converged,
            "E_final": history.E[-1], "lr": lr, "seed": seed, "epsilon": epsilon}


def run(repeats=5, quick=False):
    """Measure everything; returns a dict of plain numbers (see the module doc)."""
    scale = 0.2 if quick else 1.0
    small = {"vectorised": int(1000 * scale), "per_image": int(40 * scale) or 2,
             "per_image_numpy": int(200 * scale)}
    large = {"vectorised": int(500 * scale), "per_image": int(8 * scale) or 2,
             "per_image_numpy": int(20 * scale) or 2}
    Xs, Ts, _ = slide_images()
    train_set, _ = letters()
    slide = _speeds(Xs, Ts, repeats, small)
    larger = _speeds(train_set.X, train_set.T, repeats, large)
    return {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "platform": sys.platform,
        "repeats": repeats,
        "slide_set": slide,
        "letter_set": larger,
        "required_ratio": REQUIRED_RATIO,
        "ratio_holds": larger["ratio"] >= REQUIRED_RATIO,
        "time_to_epsilon": time_to_epsilon(repeats),
    }


def report(results):
    """The figures of run() as text."""
    out = [f"nnbook benchmark — Python {results['python']}, NumPy {results['numpy']}, "
           f"{results['platform']}; median of {results['repeats']} repeats",
           "",
           "Full-batch training iterations per second (forward + backprop + update), 12-3-2 sigmoid:",
           f"{'data set':22} {'images':>6} {'vectorised':>11} {'per image':>10} "
           f"{'ratio':>7} {'per image,':>11} {'ratio':>7}",
           f"{'':22} {'':>6} {'':>11} {'(slides)':>10} {'':>7} {'NumPy':>11} {'':>7}"]
    for name, key in (("slide images", "slide_set"), ("letters (training set)", "letter_set")):
        r = results[key]
        out.append(f"{name:22} {r['images']:6d} {r['vectorised_its']:11.0f} "
                   f"{r['per_image_its']:10.1f} {r['ratio']:6.0f}× "
                   f"{r['per_image_numpy_its']:11.1f} {r['ratio_numpy']:6.1f}×")
    verdict = "holds" if results["ratio_holds"] else "DOES NOT HOLD"
    out += ["",
            f"Vectorised vs per image on the larger set: {results['letter_set']['ratio']:.0f}× "
            f"(required ≥ {results['required_ratio']:.0f}×): {verdict}"]
    t = results["time_to_epsilon"]
    out += [f"Time to train the slide set to E < {t['epsilon']} (steepest descent, η = {t['lr']}, "
            f"seed {t['seed']}): {t['seconds'] * 1000:.1f} ms, {t['iterations']} iterations, "
            f"E = {t['E_final']:.5f}" + ("" if t["converged"] else " — NOT converged")]
    return "\n".join(line.rstrip() for line in out)
