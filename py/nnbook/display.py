"""Pictures: images as 4×3 grids, networks as diagrams.

    show(x)             print an image (or a batch, side by side) as text
    Image(x)            an image object: str(Image(x)) is the text grid,
                        Image(x)._repr_svg_() an SVG picture
    network_svg(net)    the network as an SVG diagram (also net._repr_svg_()):
                        an edge's colour gives the sign of its weight
                        (blue +, red − and dashed, so it does not rely on
                        colour alone) and its width the size |w_kj|;
                        hovering shows each parameter's name and value.

The SVG strings are self-contained (no scripts, no external files) and have
a <title> for screen readers.
"""

import numpy as np

from ._checks import say

ROWS, COLS = 4, 3
POSITIVE, NEGATIVE = "#2166ac", "#b2182b"


def escape(text):
    """Text safe inside SVG/XML: &, < and > as entities."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pixels(x):
    x = np.asarray(x, dtype=float)
    if x.shape != (ROWS * COLS,) and x.shape != (ROWS, COLS):
        raise ValueError(f"expected an image of {ROWS * COLS} pixels, shape (12,) or (4, 3); "
                         f"got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("expected finite pixel values; the image contains NaN or inf")
    return x.reshape(ROWS, COLS)


# A pixel in text: a square for 1, a dot for 0, a small square between. Each glyph is one
# character wide and a space apart, so in any monospace font the pixels are the same size,
# evenly spaced across and down (a full block █ was a tall narrow bar, with gaps between lines).
GLYPHS = {"on": "■", "off": "·", "half": "▪"}
ASCII = {"on": "#", "off": ".", "half": "+"}


def _char(v, glyphs):
    if v >= 0.75:
        return glyphs["on"]
    if v <= 0.25:
        return glyphs["off"]
    return glyphs["half"]


class Image:
    """A 4×3 image, pixels x1 … x12 row by row.

    str(img) is a text grid (■ for 1, · for 0, a space between pixels); img._repr_svg_() draws it.
    """

    def __init__(self, x, caption=""):
        self.pixels = _pixels(x)
        self.caption = caption

    def lines(self, ascii=False):
        glyphs = ASCII if ascii else GLYPHS
        return [" ".join(_char(v, glyphs) for v in row) for row in self.pixels]

    def __str__(self):
        lines = self.lines()
        return "\n".join(([self.caption] if self.caption else []) + lines)

    __repr__ = __str__

    def _repr_svg_(self, cell=20):
        w, h = COLS * cell, ROWS * cell
        rows = "/".join("".join(str(int(v >= 0.5)) for v in row) for row in self.pixels)
        title = say(f"4×3 image {rows}", f"4×3 の画像 {rows}") + (f": {self.caption}" if self.caption else "")
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
                 f'viewBox="0 0 {w} {h}" role="img">',
                 f"<title>{escape(title)}</title>"]
        for r in range(ROWS):
            for c in range(COLS):
                v = min(max(float(self.pixels[r, c]), 0.0), 1.0)
                grey = int(round(255 * (1 - v)))
                parts.append(f'<rect x="{c * cell}" y="{r * cell}" width="{cell}" '
                             f'height="{cell}" fill="rgb({grey},{grey},{grey})" '
                             f'stroke="#888" stroke-width="1"/>')
        parts.append("</svg>")
        return "".join(parts)


def show(X, labels=None, ascii=False):
    """Print one image (12,) or several (P, 12) as 4×3 grids, side by side.

    labels: optional caption per image (e.g. the letters).
    """
    X = np.asarray(X, dtype=float)
    images = [X] if X.ndim == 1 or X.shape == (ROWS, COLS) else list(X)
    if labels is None:
        labels = [""] * len(images)
    elif isinstance(labels, str):
        labels = [labels]
    blocks = [Image(x).lines(ascii) for x in images]
    width = max([2 * COLS - 1] + [len(str(label)) for label in labels])
    out = []
    for start in range(0, len(blocks), 12):
        chunk = range(start, min(start + 12, len(blocks)))
        if any(labels[i] for i in chunk):
            out.append("  ".join(str(labels[i]).ljust(width) for i in chunk).rstrip())
        for r in range(ROWS):
            out.append("  ".join(blocks[i][r].ljust(width) for i in chunk).rstrip())
        out.append("")
    print("\n".join(out).rstrip("\n"))


def _unit_labels(net):
    """Unit labels per layer, input first (x1…, h1…, z1…), and a heading per column."""
    L = len(net.layers)
    labels = [[f"x{k}" for k in range(1, net.sizes[0] + 1)]]
    headings = [say("input x", "入力 x")]
    for l in range(1, L):
        labels.append([f"h{i}" for i in range(1, net.sizes[l] + 1)])
        headings.append(say("hidden H", "隠れ層 H") if L == 2 else say(f"hidden H{l}", f"隠れ層 H{l}"))
    labels.append([f"z{j}" for j in range(1, net.sizes[-1] + 1)])
    headings.append(say("output z", "出力 z"))
    return labels, headings


def network_svg(net, width=None, height=None):
    """The network as an SVG string: units as circles in columns (inputs left),
    weights as lines — blue solid for w > 0, red dashed for w < 0, width ∝ |w|.

    Each line and unit has a <title> with its parameter's name and value
    (the thresholds θ are in the units' titles)."""
    sizes = net.sizes
    names = net.names()
    w = net._w
    n_max = max(sizes)
    gap_y, gap_x, r, top = 28, 160, 12, 34
    width = width or 2 * 50 + gap_x * (len(sizes) - 1)
    height = height or top + 20 + gap_y * (n_max - 1) + r
    labels, headings = _unit_labels(net)

    def pos(layer, unit):
        n = sizes[layer]
        y0 = top + r + gap_y * (n_max - n) / 2
        return 50 + gap_x * layer, y0 + gap_y * unit

    w_max = float(np.max(np.abs(w[net.is_weight]))) if net.n_params else 1.0
    w_max = w_max or 1.0
    arch = "-".join(str(n) for n in sizes)
    title = say(f"Network {arch} ({net.n_params} parameters): edge colour shows the sign of "
                f"each weight (blue positive, red dashed negative), width its size; "
                f"largest |w| = {w_max:.3g}",
                f"{arch} のネットワーク (パラメーター {net.n_params} 個)。辺の色は重みの符号 "
                f"(青は正、赤の破線は負)、太さは大きさを表します。|w| の最大は {w_max:.3g}")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
             f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
             f'font-family="sans-serif" font-size="9">',
             f"<title>{escape(title)}</title>", '<g class="headings" font-size="11">']
    for l, heading in enumerate(headings):
        parts.append(f'<text x="{pos(l, 0)[0]:.1f}" y="14" text-anchor="middle">'
                     f"{escape(heading)}</text>")
    parts.append('</g><g class="weights">')
    for l, layer in enumerate(net.layers):
        for j in range(layer.n_out):
            for k in range(layer.n_in):
                index = layer.offset + j * (layer.n_in + 1) + k
                value = float(w[index])
                x1, y1 = pos(l, k)
                x2, y2 = pos(l + 1, j)
                stroke = POSITIVE if value >= 0 else NEGATIVE
                dash = "" if value >= 0 else ' stroke-dasharray="4 2"'
                sw = 0.3 + 4.0 * abs(value) / w_max
                parts.append(f'<line x1="{x1 + r:.1f}" y1="{y1:.1f}" x2="{x2 - r:.1f}" '
                             f'y2="{y2:.1f}" stroke="{stroke}" stroke-width="{sw:.2f}"{dash}>'
                             f"<title>{escape(names[index])} = {value:.4g}</title></line>")
    parts.append('</g><g class="units">')
    for l in range(len(sizes)):
        for u in range(sizes[l]):
            x, y = pos(l, u)
            tip = labels[l][u]
            if l > 0:
                layer = net.layers[l - 1]
                index = layer.offset + u * (layer.n_in + 1) + layer.n_in
                tip += f": {names[index]} = {float(w[index]):.4g}"
            parts.append(f'<g><title>{escape(tip)}</title>'
                         f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#fff" '
                         f'stroke="#333" stroke-width="1.2"/>'
                         f'<text x="{x:.1f}" y="{y + 3.5:.1f}" text-anchor="middle">'
                         f"{escape(labels[l][u])}</text></g>")
    parts.append("</g></svg>")
    return "".join(parts)
