"""The Python half of the weight-editor widget (chapter 3): every parameter of the
page's `net`, set by name or by a preset (nnbook.widgets.network_state)."""

from . import network_state


def sync(ns, changes=(), net="net", x="x", lang="en", first=False):
    """Carry out the reader's changes to net ({"params": {name: value}}, {"preset":
    "random"|"zero"|"trained", "seed": n}) and return network_state.state; the first
    answer (first=True) also has "training": how the trained preset is made
    (network_state.TRAINING), for the note under the presets."""
    out = network_state.apply(ns, changes, net, x, lang, kinds=("params", "preset"))
    if first:
        out["training"] = dict(network_state.TRAINING)
    return out
