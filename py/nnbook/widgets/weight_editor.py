"""The Python half of the weight-editor widget (chapter 3): every parameter of the
page's `net`, set by name or by a preset (nnbook.widgets.network_state)."""

from ..network import Network
from ..training import LECTURE_RUN
from . import network_state


def defaults():
    """What the widget shows before Python answers (the build puts it into the page): the
    boxes of the 12-3-2 network's parameters (net.names()) and how the trained preset is
    made (nnbook.LECTURE_RUN), for the note under the presets."""
    return {"sizes": [12, 3, 2], "names": Network().names(), "training": dict(LECTURE_RUN)}


def sync(ns, changes=(), net="net", x="x", lang="en"):
    """Carry out the reader's changes to net ({"params": {name: value}}, {"preset":
    "random"|"zero"|"trained", "seed": n}) and return network_state.state."""
    return network_state.apply(ns, changes, net, x, lang, kinds=("params", "preset"))
