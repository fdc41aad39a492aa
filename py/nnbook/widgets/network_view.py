"""The Python half of the network-view widget (chapter 3): the page's `net` and `x`
as the diagram draws them (nnbook.widgets.network_state.state)."""

from . import network_state


def sync(ns, net="net", x="x", lang="en"):
    """network_state.state: the network, the image and every unit's value."""
    return network_state.state(ns, net, x, lang)
