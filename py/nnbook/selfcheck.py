"""reference_run(): one fixed training run, to compare platforms.

The same call in CPython and in Pyodide must give the same numbers (to about
1e-12): a 12-3-2 sigmoid network from seed 0 (Xavier/Glorot initial weights,
thresholds 0) trained on the slides' nine images by steepest descent with a
fixed η for a fixed number of iterations.  Pure NumPy, no clock, no I/O.
"""

import numpy as np

from .data import slide_images
from .network import Network
from .training import train


def reference_run(iterations=200, lr=2.0, seed=0):
    """Train 12-3-2 sigmoid from `seed` for `iterations` steps of steepest descent.

    Returns plain floats and lists:
        E_final, E_history (E at k = 0 … iterations), w_initial, w_final,
        z_final (outputs for the nine images, row by row), and the settings.
    """
    X, T, _ = slide_images()
    net = Network((12, 3, 2), "sigmoid", seed=seed)
    w_initial = [float(v) for v in net.w]
    history = train(net, X, T, optimizer="sd", lr=lr, epsilon=0.0, max_iter=iterations)
    return {
        "sizes": list(net.sizes),
        "activation": "sigmoid",
        "seed": seed,
        "lr": lr,
        "iterations": history.iterations,
        "E_final": float(history.E[-1]),
        "E_history": [float(E) for E in history.E],
        "w_initial": w_initial,
        "w_final": [float(v) for v in history.w],
        "z_final": [float(v) for v in np.ravel(net.forward(X))],
        "numpy": np.__version__,
    }
