"""Data: the slides' nine images and a larger curated set of letters.

The example of the lecture's slide "ニューラルネットワークと機械学習 — 例：4×3画素の
画像識別" (after [1] 涌井・涌井『Excelでわかる機械学習 超入門』技術評論社 2019, ch. 5).
A 4×3 image has pixels 0 or 1, numbered row by row:

    x1  x2  x3
    x4  x5  x6
    x7  x8  x9
    x10 x11 x12

and the teacher signal (t1, t2) says what it is: (1, 0) "C", (0, 1) "T",
(0, 0) neither.

verdict(z, lang="en")
    What the outputs (z1, z2) say, each rounded at 0.5: "C", "T", or
    "neither" ("どちらでもない" with lang="ja").

slide_images()
    The nine images of the slides, exactly, with their teacher signals
    (the slide "誤差 error 評価で機械学習（教師あり学習の場合）").  X (9, 12), T (9, 2), labels.

letters()
    A larger set for generalisation and overfitting, made deterministically
    by this rule:

    1. Letter shapes ("clean" images): the slides' nine images, one more C
       (111/100/100/111) and more shapes that are neither (L, H, two Es, F,
       P, J, two Ys, a small O, S, a cross + and a digit 1); plus each of these shifted by one pixel left,
       right, up or down, whenever no lit pixel falls off the grid.
    2. Variants: every clean image with one pixel changed — one pixel added
       (a 0 turned to 1) or one missing (a 1 turned to 0).
    3. Label: an image is labelled with the letter of the nearest clean image
       (fewest differing pixels); C gives (1, 0), T gives (0, 1), any other
       letter (0, 0).  An image whose nearest clean images belong to
       different classes (say, one pixel from both a T and an I) is ambiguous
       and left out, as is any image with fewer than 4 lit pixels (too little
       to be a letter), any image whose lit pixels fall apart into separate
       pieces (diagonal neighbours count as touching), and any repeat.
    4. Split, fixed: every clean image is in the training set; the variants,
       in the order made (shape by shape as listed, pixel x1 … x12), go
       alternately to training and test within each class (C, T, neither),
       the first to training.

    Returns (train, test), each a Dataset.

A Dataset unpacks as X, T, labels = data; it also has .notes, a description
of each image ("C #2 (slide) + x5" …).
"""

import numpy as np

from ._checks import say

TEACHER = {"C": (1.0, 0.0), "T": (0.0, 1.0)}
NEITHER = (0.0, 0.0)

# The slides' images (slide "誤差 error 評価で機械学習"): rows top to bottom, and the letter read.
SLIDE_IMAGES = [
    ("011/100/100/011", "C"),
    ("111/100/100/011", "C"),
    ("000/111/100/111", "C"),
    ("111/010/010/010", "T"),
    ("111/010/010/000", "T"),
    ("111/010/010/111", "I"),
    ("111/101/111/101", "A"),
    ("101/101/101/111", "U"),
    ("111/101/101/111", "O"),
]

# Further clean letters for the curated set.
MORE_LETTERS = [
    ("111/100/100/111", "C"),
    ("100/100/100/111", "L"),
    ("101/111/101/101", "H"),
    ("111/110/100/111", "E"),
    ("111/100/110/100", "F"),
    ("111/101/111/100", "P"),
    ("001/001/101/111", "J"),
    ("111/100/110/111", "E"),
    ("101/010/010/010", "Y"),
    ("101/010/010/000", "Y"),
    ("000/111/101/111", "O"),
    ("111/100/111/001", "S"),
    ("010/111/010/010", "+"),
    ("110/010/010/010", "1"),
]

ROWS, COLS = 4, 3


THRESHOLD = 0.5
"""z_j ≥ THRESHOLD counts as 1 when reading (z1, z2)."""

NEITHER_WORD = {"en": "neither", "ja": "どちらでもない"}


def rounded(z):
    """(z1, z2) rounded at 0.5: each z_j ≥ 0.5 becomes 1, else 0."""
    return [int(float(v) >= THRESHOLD) for v in np.ravel(z)]


def verdict(z, lang="en"):
    """What the outputs (z1, z2) say, as the slides read them: each z_j is
    rounded at 0.5 (z_j ≥ 0.5 counts as 1); (1, 0) → "C", (0, 1) → "T", and
    anything else ((0, 0), or (1, 1), which is no clear answer) → "neither",
    in the page's language: lang="ja" gives "どちらでもない".
    """
    if lang not in NEITHER_WORD:
        raise ValueError(f"lang should be one of {sorted(NEITHER_WORD)}; got {lang!r}")
    z = np.asarray(z, dtype=float).ravel()
    if z.shape != (2,):
        raise ValueError(f"expected the two outputs (z1, z2); got {z.size} numbers")
    return {(1, 0): "C", (0, 1): "T"}.get(tuple(rounded(z)), NEITHER_WORD[lang])


def teacher(letter):
    """(t1, t2) for a letter: C → (1, 0), T → (0, 1), anything else → (0, 0)."""
    return TEACHER.get(letter, NEITHER)


def image(rows):
    """The 12 pixels (x1 … x12) of an image written as rows, e.g. "011/100/100/011"."""
    pixels = [int(c) for c in rows.replace("/", "")]
    if len(pixels) != ROWS * COLS or any(p not in (0, 1) for p in pixels):
        raise ValueError(f"expected 4 rows of 3 pixels 0/1 like '011/100/100/011'; got {rows!r}")
    return np.array(pixels, dtype=float)


def rows_of(x):
    """The rows string of an image: the inverse of image()."""
    x = np.asarray(x).reshape(ROWS, COLS)
    return "/".join("".join(str(int(round(v))) for v in row) for row in x)


class Dataset:
    """Images X (P, 12), teacher signals T (P, 2), labels (the letter each is
    read as) and notes (where each image came from).  X, T, labels = data."""

    def __init__(self, X, T, labels, notes=None):
        self.X, self.T, self.labels = X, T, list(labels)
        self.notes = list(notes) if notes is not None else list(labels)

    def __iter__(self):
        return iter((self.X, self.T, self.labels))

    def __len__(self):
        return len(self.labels)

    def __repr__(self):
        counts = {name: 0 for name in ("C", "T", "neither")}
        for label in self.labels:
            counts[label if label in TEACHER else "neither"] += 1
        return say(f"<Dataset of {len(self)} images: {counts['C']} C, {counts['T']} T, "
                   f"{counts['neither']} neither>",
                   f"<Dataset 画像 {len(self)} 枚: C {counts['C']} 枚、T {counts['T']} 枚、"
                   f"どちらでもない {counts['neither']} 枚>")


def slide_images():
    """The slides' nine images and teacher signals: Dataset(X (9, 12), T (9, 2), labels).

        #  rows              (t1, t2)   reads as
        1  011/100/100/011   (1, 0)     C
        2  111/100/100/011   (1, 0)     C
        3  000/111/100/111   (1, 0)     C (small, low)
        4  111/010/010/010   (0, 1)     T
        5  111/010/010/000   (0, 1)     T (short)
        6  111/010/010/111   (0, 0)     I, neither
        7  111/101/111/101   (0, 0)     A, neither
        8  101/101/101/111   (0, 0)     U, neither
        9  111/101/101/111   (0, 0)     O, neither
    """
    X = np.array([image(rows) for rows, _ in SLIDE_IMAGES])
    T = np.array([teacher(letter) for _, letter in SLIDE_IMAGES])
    labels = [letter for _, letter in SLIDE_IMAGES]
    notes = [f"{letter} #{n} (slide)" for n, (_, letter) in enumerate(SLIDE_IMAGES, 1)]
    return Dataset(X, T, labels, notes)


def _shifts(x):
    """x shifted one pixel left, right, up, down — those that lose no lit pixel."""
    grid = x.reshape(ROWS, COLS)
    moves = [("left", 0, -1), ("right", 0, 1), ("up", -1, 0), ("down", 1, 0)]
    out = []
    for name, dr, dc in moves:
        shifted = np.zeros_like(grid)
        rows = slice(max(dr, 0), ROWS + min(dr, 0))
        cols = slice(max(dc, 0), COLS + min(dc, 0))
        src_rows = slice(max(-dr, 0), ROWS + min(-dr, 0))
        src_cols = slice(max(-dc, 0), COLS + min(-dc, 0))
        shifted[rows, cols] = grid[src_rows, src_cols]
        if shifted.sum() == grid.sum():
            out.append((name, shifted.ravel()))
    return out


def _connected(x):
    """True if the lit pixels form one piece (neighbours include diagonals)."""
    grid = x.reshape(ROWS, COLS)
    lit = {(r, c) for r in range(ROWS) for c in range(COLS) if grid[r, c]}
    if not lit:
        return False
    todo = [next(iter(lit))]
    reached = set(todo)
    while todo:
        r, c = todo.pop()
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                p = (r + dr, c + dc)
                if p in lit and p not in reached:
                    reached.add(p)
                    todo.append(p)
    return reached == lit


def _class_of(letter):
    return letter if letter in TEACHER else "neither"


def _clean_images():
    """[(pixels, letter, note)] for the letter shapes and their one-pixel shifts."""
    bases = [(image(r), letter, f"{letter} #{n} (slide)")
             for n, (r, letter) in enumerate(SLIDE_IMAGES, 1)]
    bases += [(image(r), letter, f"{letter} {r}") for r, letter in MORE_LETTERS]
    clean = list(bases)
    for x, letter, note in bases:
        clean += [(s, letter, f"{note} shifted {name}") for name, s in _shifts(x)]
    return clean


def letters():
    """The curated letter set, split into (train, test) Datasets (rule: module doc)."""
    clean = _clean_images()
    C = np.array([x for x, _, _ in clean])
    classes = [_class_of(letter) for _, letter, _ in clean]

    def label(x):
        """Letter of the nearest clean image, or None if that is ambiguous."""
        distance = np.abs(C - x).sum(axis=1)
        nearest = np.flatnonzero(distance == distance.min())
        if len({classes[i] for i in nearest}) > 1:
            return None
        return clean[nearest[0]][1]

    seen = set()
    train, test = [], []
    counts = {"C": 0, "T": 0, "neither": 0}
    for x, letter, note in clean:                      # clean images: all training
        key = rows_of(x)
        if key in seen or label(x) is None:
            continue
        seen.add(key)
        train.append((x, label(x), note))
    for x, _, note in clean:                           # one-pixel variants
        for k in range(ROWS * COLS):
            v = x.copy()
            v[k] = 1.0 - v[k]
            key = rows_of(v)
            if key in seen or v.sum() < 4 or not _connected(v):
                continue
            seen.add(key)
            letter = label(v)
            if letter is None:
                continue
            change = "+" if v[k] else "−"
            item = (v, letter, f"{note} {change} x{k + 1}")
            cls = _class_of(letter)
            (train if counts[cls] % 2 == 0 else test).append(item)
            counts[cls] += 1

    def dataset(items):
        X = np.array([x for x, _, _ in items])
        T = np.array([teacher(letter) for _, letter, _ in items])
        return Dataset(X, T, [letter for _, letter, _ in items], [n for _, _, n in items])

    return dataset(train), dataset(test)
