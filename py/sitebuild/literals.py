"""Numbers typed into the prose, and the one list of those allowed to stay typed.

Every number the prose states as a result is an inline expression the build
evaluates (```` {py}`expr` ````, :mod:`sitebuild.execute`), so text and code
cannot drift apart. What may stay a literal: the lecture's own constants and
definitions, listed in :data:`ALLOWED` with a reason each (under ``"*"`` for
every page, under a page's stem for that page), and what :func:`literal_numbers`
does not count (see its rules). ``tests/unit/test_prose_numbers.py`` fails on any
other literal number in the prose of either language.
"""

from __future__ import annotations

import re

from sitebuild.cells import split

SMALL = 12
"""Integers up to this are counts and indices of the lecture's network (12 inputs,
3 hidden units, 2 outputs, 4×3 pixels, 9 images, layers, steps of a list): never
counted. A result that is a small integer is not caught by this check."""

ALLOWED: dict[str, dict[str, str]] = {
    "*": {
        "12-3-2": "the lecture's network: 12 inputs, 3 hidden units, 2 outputs",
        "47": "the network's number of parameters, 12·3 + 3 + 3·2 + 2 (a definition)",
        "2019": "year of reference [1] (Wakui and Wakui)",
        "2016": "year of reference [2] (Saito, Deep Learning from Scratch)",
    },
    "neurons": {
        "86": "about 86 billion neurons in a human brain: a fact of biology, not of the code",
        "860": "860 億, the same 86 billion neurons written the Japanese way",
        "0.5": "chosen constants: the exercise's threshold θ = 0.5 and the OR and NOT gates' thresholds in the table",
        "1.5": "the AND gate's threshold in the table, a chosen constant",
        "2-2-1": "the XOR network's layer sizes, defined by the cell that builds it",
        "1943": "year of McCulloch and Pitts' threshold unit (history)",
        "1958": "year of Rosenblatt's perceptron (history)",
        "1969": "year of Minsky and Papert's Perceptrons (history)",
        "1986": "year backpropagation was popularised (history)",
    },
    "activation": {
        "0.5": "σ(0) = 1/2, a property of the sigmoid the chapter derives, not a run's result",
        "1000": "the number of points the derivative check uses (np.linspace(-5, 5, 1000)), a setting",
    },
    "ct-network": {
        "0.5": "the book's rule: an output of 0.5 or more counts as 1 (a definition)",
        "39": "(12 + 1)·3, the hidden layer's share in the count of the 47 parameters (a definition)",
    },
    "error": {
        "0.6": "the worked example's chosen answer z = (0.6, 0.3)",
        "0.3": "the worked example's z2 = 0.3, and the ±0.3 mistakes that would cancel (chosen illustrations)",
        "0.16": "(1 − 0.6)², arithmetic of the worked example",
        "0.09": "(0 − 0.3)², arithmetic of the worked example",
        "0.125": "½(0.16 + 0.09), the worked example's e",
        "0.5": "e = ½(1² + 0²) of a C or T answered (0, 0), arithmetic; and the challenge's target E < 0.5",
        "46": "the other 47 − 1 parameters of the one-parameter slice (a definition)",
        "0.8": "an illustrative difference t − z, chosen",
        "0.64": "0.8², arithmetic of the illustration",
        "0.2": "an illustrative difference t − z, chosen",
        "16": "0.64 / 0.2² = 16, arithmetic of the illustration (the Japanese page writes it in digits)",
    },
    "backpropagation": {
        "39": "(12 + 1)·3, the number of hidden-layer parameters (a definition)",
        "36": "12·3, the number of hidden-layer weights (a definition)",
        "16": "10⁻¹⁶, the relative rounding error of double precision (a property of floating point)",
        "94": "2 × 47: two evaluations of E per parameter for central differences (a definition)",
        "200": "200 万 = 2 × 100 万, two evaluations per weight of a hypothetical million-weight network (ja wording)",
    },
    "training": {
        "0.01": "ε, the lecture's stopping threshold E < ε (and the decade of the log scale it ends); "
                "in tip 5, the band around E(w_2000) whose visits the tip's expression counts (a choice)",
        "0.1": "a step size η the reader is told to set; on the log scale, the decade above ε; in tip 5, "
               "the rise in E per step the tip's expression counts (a threshold it chooses)",
        "0.5": "the rounding threshold of a verdict (z_j ≥ 0.5), and η = 0.5, a setting the reader is told to try",
        "50": "the cells print k and E every 50 iterations (a choice of the code shown)",
        "2000": "k = 2000, the iteration at which the tip reads E off the curve (chosen, not computed)",
    },
    "descent": {
        "39": "(12 + 1)·3, the hidden layer's share of the 47 unknowns (a definition)",
        "45": "47 − 2: the C/T network's parameters other than the two the widget varies (a definition)",
        "1.8": "w0 = (−1.8, 1.2), the valley's starting point chosen for the example",
        "1.2": "w0 = (−1.8, 1.2), the valley's starting point chosen for the example",
        "0.1": "a step size η the reader is told to try on the valley",
        "0.3": "η = 0.3, the valley example's step size (and a slider setting to try)",
        "0.4": "η = 2/5, the edge of convergence on the valley derived in the text, and a setting to try",
        "0.45": "a step size η above 2/5 the reader is told to try",
        "0.5": "β = 0.5, nnbook's Armijo backtracking factor; also the fixed η = 0.5 the runs compare",
        "0.01": "ε, the lecture's stopping threshold E < ε",
        "50": "nnbook's Armijo limit of 50 trials (a constant of nnbook.armijo_step)",
        "1.5": "the start (w, θ) = (−1.5, 4) the reader is told to set",
        "2.5": "the six points are symmetric (x → 5 − x, t → 1 − t), so E(w, θ) = E(w, 5w − θ): "
               "the valley floor is θ = 2.5 w by construction of the example",
    },
    "techniques": {
        "0.01": "ε, the lecture's stopping threshold; also settings the page chooses: σ = 0.01 "
                "(N(0, 0.01²), the too-small weights), λ = 0.01 (the weight decay to try) and the "
                "band around E(w_2000) whose visits the one-unit cell counts (np.abs(...) < 0.01)",
        "2000": "k = 2000, a moment of the one-unit run the page chooses to look at",
        "2500": "k = 2500, the other moment of the one-unit run the page chooses to look at",
        "2010": "year of Glorot & Bengio's paper (the Xavier rule's citation)",
        "2015": "year of He et al.'s and of Kingma & Ba's papers (citations)",
        "6.2": "the section of DLfS whose experiment is repeated (§6.2, a reference)",
        "200": "the experiment's setting: 200 random inputs x ~ N(0, 1) (widget's SAMPLES)",
        "0.25": "the sigmoid's largest slope σ′(0) = 1/4 (a definition, the page's yardstick)",
        "0.5": "σ(0) = 1/2, where a sigmoid of s ≈ 0 sits; the rounding threshold of a verdict "
               "(a definition); and p = 0.5, a dropout setting to try",
        "1000": "iteration limits the page sets: the σ = 0.01 run's max_iter, the race's length, "
                "the overfitting runs' iterations",
        "20": "the valley f(x, y) = x²/20 + y² of DLfS (a definition; 'twenty times steeper')",
        "0.9": "α = 0.9 and β₁ = 0.9, the optimisers' defaults (constants of Momentum and Adam)",
        "0.999": "β₂ = 0.999, Adam's default constant",
        "0.1": "1 − β₁ and 1 − α from the constants; step sizes the page sets (η = 0.1 for "
               "Momentum on f and Adam on C/T); λ = 0.1, a setting to try; the rise in E per step "
               "the one-unit cell counts (np.diff(E) > 0.1, a threshold it chooses)",
        "0.001": "1 − β₂ from Adam's constant β₂ = 0.999 (the bias correction at t = 1)",
        "0.3": "η = 0.3, Adam's step size on f (the setting of DLfS's figure and of the note)",
        "30": "settings the page chooses: 30 hidden units (the overfitting network) and the "
              "30 steps of the Adam comparison",
        "0.95": "η = 0.95, steepest descent's default step size on f (from DLfS's figure)",
        "1.5": "η = 1.5, AdaGrad's step size on f (from DLfS's figure)",
        "0.2": "settings: η = 0.2 for Momentum on the C/T data, p = 0.2 dropout",
        "1.05": "a step size the reader is told to try, just above steepest descent's limit η = 1 on f",
        "0.03": "η = 0.03, Adam's step size in the overfitting experiment (a setting)",
    },
    "playground": {
        "0.5": "the verdict's rounding threshold: each z_j is rounded at 0.5 (a definition, chapter 3)",
        "20": "η = 20, a step size the reader is told to try; and the link format's largest "
              "`hidden` (a definition of the format, MAX_HIDDEN)",
        "4095": "2¹² − 1, the largest image number of the link format (12 pixels as bits: a definition)",
        "200": "the link format's limit of 200 images (a definition of the format, MAX_IMAGES)",
        "1000": "the link format's largest ε (a definition of the format, EPSILON_RANGE)",
    },
}
"""Token → why it may be typed: ``"*"`` on every page, else under the page's stem."""

FENCE_OR_CODE = re.compile(r"`+[^`]*?`+")
INLINE = re.compile(r"\{py\}`[^`\n]+`")
TAG = re.compile(r"<[^>]*>")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
HEADING = re.compile(r"^\s*#{1,6}\s+(?:\d+(?:\.\d+)*\.?\s+)?")
LIST_NUMBER = re.compile(r"^\s*\d+\.\s+")
REFERENCE = re.compile(r"\[\d+\]")
CHAPTER = re.compile(r"(?i)\b(?:chapters?|sections?|slides?|part|章|節|第)\s*\d+(?:\.\d+)*(?:\s*(?:to|and|–|-|、|と|から)\s*\d+(?:\.\d+)*)*")
JA_CHAPTER = re.compile(r"\d+(?:\.\d+)*\s*(?:章|節|部)")
NUMBER = re.compile(r"(?<![\w.])(?:10[⁻⁰-⁹]+|\d+(?:-\d+){2,}|\d+(?:[.,]\d+)*(?:\s*[·×]\s*10[⁻⁰-⁹]+|\s*%)?)(?![\w])")


def _masked_html_blocks(lines: list[str]) -> list[str]:
    """Blank every line inside a raw HTML block (figures drawn in SVG, their labels)."""
    out, depth = [], 0
    for line in lines:
        opens = len(re.findall(r"<(?:figure|svg|table|div)\b", line))
        closes = len(re.findall(r"</(?:figure|svg|table|div)>", line))
        if depth or opens:
            out.append("")
            depth = max(depth + opens - closes, 0)
        else:
            out.append(line)
    return out


def literal_numbers(markdown: str) -> list[tuple[int, str]]:
    """(line, token) of each number typed into the prose, by these rules: code (fences and
    inline), inline expressions, raw HTML (tags, and whole SVG/figure blocks), link
    targets, heading and list numbers, citations [n], chapter/section/slide references,
    integers up to :data:`SMALL` and rows of pixels (``011``, twelve 0s and 1s) are not
    counted; mathematics is."""
    lines: list[tuple[int, str]] = []
    n = 1
    for item in split(markdown):
        if isinstance(item, str):
            lines.append((n, item))
            n += 1
        else:
            n += 1 + len(item.body) + (item.closing is not None)
    kept = _masked_html_blocks([text for _, text in lines])
    found = []
    for (line, _), text in zip(lines, kept):
        for pattern in (INLINE, FENCE_OR_CODE, TAG, LINK_TARGET, REFERENCE, CHAPTER, JA_CHAPTER):
            text = pattern.sub(" ", text)
        text = LIST_NUMBER.sub(" ", HEADING.sub(" ", text))
        text = re.sub(r"[_^]\{?\d+\}?", " ", text)          # sub- and superscripts in mathematics
        for m in NUMBER.finditer(text):
            token = m[0].replace(" ", "")
            if re.fullmatch(r"\d+", token) and int(token) <= SMALL:
                continue
            if re.fullmatch(r"[01]{3}|[01]{12}", token):   # a row of pixels, or an image's 12 pixels
                continue
            found.append((line, token))
    return found


def unexplained(markdown: str, stem: str) -> list[tuple[int, str]]:
    """The literal numbers of a page that :data:`ALLOWED` does not explain."""
    allowed = {**ALLOWED["*"], **ALLOWED.get(stem, {})}
    return [(line, token) for line, token in literal_numbers(markdown) if token not in allowed]
