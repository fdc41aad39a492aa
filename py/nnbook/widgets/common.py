"""What every widget's Python half shares: a problem to show the reader in
words (English or Japanese), and numbers made safe for JSON.

A widget's module ``nnbook.widgets.NAME`` defines its entry points as
``def fn(ns, **args)`` (``ns``: the page's namespace, shared with the cells;
``args``: plain JSON data from the page) and returns JSON-ready values. To
refuse a value the reader set, it raises :class:`WidgetProblem` with a
message of its ``MESSAGES`` table; the page shows the message as it is.
"""

import math

import numpy as np


class WidgetProblem(ValueError):
    """A value the widget cannot use; its message is for the reader."""


def say(messages, lang, key, **fields):
    """The message ``key`` of a ``{"en": {...}, "ja": {...}}`` table in ``lang``
    (English when the language or the key is missing), filled with ``fields``."""
    table = messages.get(lang) or messages["en"]
    text = table.get(key, messages["en"][key])
    return text.format(**fields)


def problem(messages, lang, key, **fields):
    """A :class:`WidgetProblem` carrying ``say(messages, lang, key, **fields)``."""
    return WidgetProblem(say(messages, lang, key, **fields))


def finite(v):
    """A number for JSON: a float, or None where it is NaN or infinite."""
    v = float(v)
    return v if math.isfinite(v) else None


def finite_list(values):
    """A flat list of JSON-safe numbers (None for NaN and infinities)."""
    return [finite(v) for v in np.ravel(values)]


def language(lang):
    """The widgets' two languages: "ja", else "en"."""
    return "ja" if lang == "ja" else "en"


def brief(value, limit=60):
    """``repr(value)``, cut to ``limit`` characters, for a message that quotes what the reader set."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "…"


def whole_number(value, lo, hi):
    """``value`` as an int in [lo, hi] (an integral float counts; a bool does not), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)) or (isinstance(value, float) and value.is_integer()):
        v = int(value)
        return v if lo <= v <= hi else None
    return None


def real_number(value):
    """``value`` as a finite float (a bool does not count), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    v = float(value)
    return v if math.isfinite(v) else None


def positive_number(value):
    """``value`` as a finite float > 0, or None."""
    v = real_number(value)
    return v if v is not None and v > 0 else None


def first_names(registry):
    """The names of an nnbook registry, each value once under its first name ("sd", not
    its aliases), in the registry's order."""
    seen = set()
    return [name for name, value in registry.items() if not (value in seen or seen.add(value))]


def page_object(ns, name, cls, messages, lang):
    """The page's ``ns[name]``, made with ``cls()`` if the page has none yet; a value
    of another kind that a cell set is refused with the message ``name`` of ``messages``."""
    obj = ns.get(name)
    if obj is None:
        obj = ns[name] = cls()
    if not isinstance(obj, cls):
        raise problem(messages, lang, name, what=brief(obj))
    return obj


def first_new(have, run):
    """Where a round's answer starts, for a widget that draws a run in rounds
    (kit/rounds.mjs): ``have`` = {"generation": g, "k": k} is what the widget has
    drawn; if g is still ``run.generation`` the answer holds only the newer points,
    from k + 1 on; otherwise (a new run, or nothing drawn yet) all, from 0."""
    if have and have.get("generation") == run.generation and 0 <= have.get("k", -1) <= run.k:
        return have["k"] + 1
    return 0
