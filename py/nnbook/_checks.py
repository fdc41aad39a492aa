"""Input checks shared by the library: bad input gets a ValueError that says
what was expected; and the language of the library's messages, reprs and
drawings.  (Private: the public functions call these.)"""

import numpy as np

LANGUAGES = ("en", "ja")
_language = {"now": "en"}


def set_language(lang):
    """Write the library's messages, reprs and drawings in `lang`, "en" or "ja".

    The page's language: cellrunner sets it for each cell and widget call, the
    same way in the browser and at build time."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang should be one of {list(LANGUAGES)}; got {lang!r}")
    _language["now"] = lang


def say(en, ja):
    """`en` or `ja`, whichever is the library's language now."""
    return ja if _language["now"] == "ja" else en


def as_images(X, n_in):
    """Return (X as a float array of shape (P, n_in), was_single_image).

    An image is a vector of n_in pixels (x1 … xn); a batch has one image per row.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim == 1 and X.shape[0] == n_in:
        single = True
        X = X[None, :]
    elif X.ndim == 2 and X.shape[1] == n_in:
        single = False
    else:
        raise ValueError(
            f"expected an image of {n_in} pixels, shape ({n_in},), or a batch of "
            f"images, shape (P, {n_in}) with one image per row; got shape {X.shape}"
        )
    if not np.all(np.isfinite(X)):
        raise ValueError("expected finite pixel values; the images contain NaN or inf")
    return X, single


def as_teacher(T, P, n_out, single=False):
    """Return the teacher signals as a float array of shape (P, n_out)."""
    T = np.asarray(T, dtype=float)
    if single and T.shape == (n_out,):
        return T[None, :]
    if T.shape != (P, n_out):
        want = f"({n_out},) for one image or " if single else ""
        raise ValueError(
            f"expected teacher signals t of shape {want}({P}, {n_out}), one "
            f"(t1 … t{n_out}) per image; got shape {T.shape}"
        )
    if not np.all(np.isfinite(T)):
        raise ValueError("expected finite teacher signals; T contains NaN or inf")
    return T


def as_flat_vector(w, n, what="the flat parameter vector w"):
    """Return w as a float vector of length n, finite."""
    w = np.asarray(w, dtype=float)
    if w.shape != (n,):
        raise ValueError(f"expected {what} of length {n}, shape ({n},); got shape {w.shape}")
    check_finite(w, what)
    return w


def check_finite(values, what="the parameters"):
    if not np.all(np.isfinite(values)):
        raise ValueError(f"expected finite values in {what}; found NaN or inf")


def one_of(name, choices, what):
    """Look a name up in a dict of choices; a ValueError lists the valid names."""
    if isinstance(name, str):
        key = name.strip().lower().replace("-", "_").replace(" ", "_")
        if key in choices:
            return choices[key]
    valid = ", ".join(sorted(choices))
    raise ValueError(f"unknown {what} {name!r}; expected one of: {valid}")
