"""The Python half of the pixel-grid widget (chapter 3): the page's image `x`,
drawn by the reader, and what `net` makes of it (nnbook.widgets.network_state)."""

from . import network_state
from .common import finite_list


def defaults():
    """What the widget shows before Python answers (the build puts it into the page):
    the slides' images of the load buttons and the starting image x."""
    return {"slides": network_state.slides(), "x": finite_list(network_state.default_image())}


def sync(ns, changes=(), net="net", x="x", lang="en"):
    """Carry out the reader's changes to x ({"x": […]}, {"pixel": k, "value": v}) and
    return network_state.state."""
    return network_state.apply(ns, changes, net, x, lang, kinds=("x", "pixel"))
