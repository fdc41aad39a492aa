"""The network  (the lecture's slides "ニューラルネットワークと機械学習" and
"機械学習（誤差の総和最小化）").

The slides' example is 12 inputs x1 … x12 → hidden units H1, H2, H3 →
outputs z1, z2.  Hidden unit i and output unit j compute

    s_iᴴ = w_1iᴴ x1 + … + w_12,iᴴ x12 − θ_iᴴ,     h_i = a(s_iᴴ)
    s_j  = w_1j h1 + w_2j h2 + w_3j h3 − θ_j,      z_j = a(s_j)

and for one image the error is e = ((t1 − z1)² + (t2 − z2)²)/2, summed over
the images into E = e1 + e2 + ….

`Network(sizes=(12, 3, 2))` is that network; any list of sizes works
(input, hidden…, output), with one activation for all layers or one per layer.

The flat vector w — the slides' order
-------------------------------------
All parameters live in one vector w, in the slides' order,

    w = (w_1, w_2, w_1ᴴ, w_2ᴴ, w_3ᴴ)
      = (w_11, w_21, w_31, θ_1,  w_12, w_22, w_32, θ_2,
         w_1,1ᴴ, …, w_12,1ᴴ, θ_1ᴴ,  …,  w_1,3ᴴ, …, w_12,3ᴴ, θ_3ᴴ)   ∈ R^47

i.e. the output layer first, then the hidden layer; within a layer unit by
unit, and each unit's block is its own vector w_j = (w_1j, …, w_nj, θ_j):
its incoming weights, then its threshold.  For deeper networks the same rule
goes on: layers from the output backwards to the first hidden layer.

Parameter names
---------------
`net["w_11"]`, `net["theta_1"]`, `net["w_5,2^H"]`, `net["theta_3^H"]`:

    w_kj          weight from unit k of the layer below to unit j
    theta_j       threshold of unit j
    …^H           the same in the hidden layer (…ᴴ on the slides)

Indices count from 1.  The canonical names (net.names()) write the two
indices together when both are single digits and with a comma otherwise,
like the slides: "w_13^H", "w_12,3^H".  When reading a name the comma is
always allowed ("w_1,3^H"); so are θ for theta, ᴴ for ^H and subscript
digits ("θ₃ᴴ", "w₅,₂ᴴ").  A network with several hidden layers names them
H1, H2, … counting from the input side ("w_4,2^H1"); the output layer has no
superscript.  The index of a name in w is net.index(name), its inverse
net.name(index).
"""

import re

import numpy as np

from . import backprop as _backprop
from ._checks import as_flat_vector, as_images, as_teacher, check_finite
from .activations import activation as _activation
from .forward import forward_one_image
from .initializers import initializer as _initializer
from .regularization import dropout_mask, weight_decay_gradient, weight_decay_penalty


class ParameterNameError(KeyError, ValueError):
    """A parameter name that the network does not have (a KeyError and a ValueError)."""

    def __str__(self):
        return str(self.args[0]) if self.args else ""


class Layer:
    """One layer of units j = 1 … n_out, fed by the units k = 1 … n_in of the layer below.

        W[k−1, j−1] = w_kj     the weight from unit k below to unit j
        theta[j−1]  = θ_j      unit j's threshold
        block[j−1]  = w_j = (w_1j, …, w_nj, θ_j)   unit j's own vector, as on the slides

    W, theta and block are views into the network's flat vector: writing into
    them changes the network.
    """

    __slots__ = ("n_in", "n_out", "activation", "superscript", "offset", "size",
                 "block", "W", "theta")

    def __init__(self, n_in, n_out, activation, superscript, flat, offset):
        self.n_in, self.n_out = n_in, n_out
        self.activation = activation
        self.superscript = superscript
        self.offset = offset
        self.size = n_out * (n_in + 1)
        self.block = flat[offset:offset + self.size].reshape(n_out, n_in + 1)
        self.W = self.block[:, :n_in].T
        self.theta = self.block[:, n_in]

    def __repr__(self):
        sup = f"^{self.superscript}" if self.superscript else ""
        return f"<Layer{sup} {self.n_in}→{self.n_out}, {self.activation.name}>"


class Trace:
    """Every value of a forward pass, for display.

        x       the input image(s)
        s[l]    the weighted sums of layer l (s[0] = sᴴ, the hidden layer; s[-1] = s)
        h[l]    the outputs a(s[l]) of layer l (h[0] = h; h[-1] = z)
        z       the outputs

    For one image every entry is a vector; for a batch, a matrix with one row per image.
    """

    __slots__ = ("x", "s", "h")

    def __init__(self, x, s, h):
        self.x, self.s, self.h = x, s, h

    @property
    def z(self):
        return self.h[-1]

    def __str__(self):
        L = len(self.s)
        rows = []
        for l in range(L):
            if l == L - 1:
                s_name, h_name = "s", "z"
            else:
                sup = "ᴴ" if L == 2 else f"ᴴ{l + 1}"
                s_name, h_name = f"s{sup}", ("h" if L == 2 else f"h{sup}")
            with np.printoptions(precision=4, suppress=True):
                rows.append(f"{s_name:4} = {self.s[l]}")
                rows.append(f"{h_name:4} = {self.h[l]}")
        return "\n".join(rows)

    __repr__ = __str__


class _Cache:
    """What the vectorised forward pass keeps for backpropagation.

    S[l]: weighted sums of layer l;  Y[l] = a(S[l]);  H[l]: the input to layer l
    (H[0] = X, H[l] = Y[l−1] or its dropped-out version);  M[l]: dropout mask
    applied to Y[l] (None for no dropout).
    """

    __slots__ = ("S", "Y", "H", "M")

    def __init__(self, S, Y, H, M):
        self.S, self.Y, self.H, self.M = S, Y, H, M


def _superscripts(L):
    """Superscript of each of the L layers, input side first: ("H", "") for 12-3-2."""
    if L == 1:
        return [""]
    if L == 2:
        return ["H", ""]
    return [f"H{l}" for l in range(1, L)] + [""]


def _pair(k, j):
    """The slides write w_13 but w_12,3: indices together if both are one digit."""
    return f"{k}{j}" if k < 10 and j < 10 else f"{k},{j}"


_NAME = re.compile(r"^(w|theta)_?(\d+(?:,\d+)?)(?:\^?\{?(H\d*)\}?)?$")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹", "01234567890123456789")


class Network:
    """A layered network of units, s = wᵀx and y = a(s) in every unit.

    Network(sizes=(12, 3, 2), activation="sigmoid", init="auto", seed=None)

    sizes       (inputs, hidden…, outputs); default the slides' 12-3-2
    activation  one name for every layer, or a list with one name per
                non-input layer (see nnbook.activations)
    init        initial weights (see nnbook.initializers): "auto" (He for
                ReLU, Xavier/Glorot otherwise), "xavier", "xavier_dlfs", "he",
                "small_uniform"; thresholds start at 0
    seed, rng   where the random initial weights come from:
                numpy.random.default_rng(seed), or a Generator
    w           start from this flat vector instead

    net.w is the flat vector in the slides' order (see the module doc);
    net.layers[l].W / .theta are the same numbers per layer, input side first.
    """

    def __init__(self, sizes=(12, 3, 2), activation="sigmoid", init="auto", seed=None,
                 rng=None, w=None):
        sizes = tuple(sizes)
        if len(sizes) < 2 or not all(isinstance(n, (int, np.integer)) and n > 0 for n in sizes):
            raise ValueError(
                "expected sizes = (inputs, hidden…, outputs): at least two positive "
                f"integers, e.g. (12, 3, 2); got {sizes!r}"
            )
        self.sizes = tuple(int(n) for n in sizes)
        L = len(sizes) - 1
        if isinstance(activation, (list, tuple)):
            if len(activation) != L:
                raise ValueError(
                    f"expected one activation per non-input layer ({L} for sizes "
                    f"{self.sizes}); got {len(activation)}: {list(activation)!r}"
                )
            activations = [_activation(a) for a in activation]
        else:
            activations = [_activation(activation)] * L
        self.rng = rng if rng is not None else np.random.default_rng(seed)

        self.n_params = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
        self._w = np.zeros(self.n_params)
        # Layers input side first; their blocks sit in w output layer first.
        self.layers = [None] * L
        offset = 0
        sups = _superscripts(L)
        for l in reversed(range(L)):
            self.layers[l] = Layer(self.sizes[l], self.sizes[l + 1], activations[l], sups[l],
                                   self._w, offset)
            offset += self.layers[l].size
        self._names = None
        self._lookup = None
        self._is_weight = None

        if w is not None:
            self.w = w
        else:
            for layer in self.layers:
                draw = _initializer(init, layer.activation.name)
                layer.W[...] = draw(layer.n_in, layer.n_out, self.rng)

    # ---- the flat vector w ------------------------------------------------------

    @property
    def w(self):
        """The flat parameter vector in the slides' order (a copy).

        Assigning to it sets every parameter: net.w = v.  It must have n_params
        finite entries.
        """
        return self._w.copy()

    @w.setter
    def w(self, values):
        self._w[:] = as_flat_vector(values, self.n_params,
                                    f"the flat parameter vector w for sizes {self.sizes}")

    @property
    def params(self):
        """{"w": the live flat vector} — the params dict an optimiser updates in place."""
        return {"w": self._w}

    @property
    def is_weight(self):
        """Boolean vector over w: True at the weights w_kj, False at the thresholds θ_j."""
        if self._is_weight is None:
            mask = np.ones(self.n_params, dtype=bool)
            for layer in self.layers:
                mask[layer.offset + layer.n_in:layer.offset + layer.size:layer.n_in + 1] = False
            self._is_weight = mask
        return self._is_weight

    def pack(self, weights, thresholds):
        """The flat vector (slides' order) from per-layer weights and thresholds.

        weights[l] has shape (n_in, n_out) with [k−1, j−1] = w_kj, thresholds[l]
        shape (n_out,); both lists input side first, like net.layers.
        """
        flat = np.empty(self.n_params)
        for layer, W, theta in zip(self.layers, weights, thresholds):
            block = flat[layer.offset:layer.offset + layer.size].reshape(layer.n_out, layer.n_in + 1)
            block[:, :layer.n_in] = np.asarray(W, dtype=float).T
            block[:, layer.n_in] = theta
        return flat

    def copy(self):
        """An independent network with the same sizes, activations and w."""
        return Network(self.sizes, [layer.activation for layer in self.layers], w=self._w,
                       rng=self.rng)

    # ---- parameters by name -----------------------------------------------------

    def names(self):
        """All parameter names in the order of net.w: "w_11", …, "theta_3^H" for 12-3-2."""
        if self._names is None:
            names = []
            for layer in reversed(self.layers):
                sup = f"^{layer.superscript}" if layer.superscript else ""
                for j in range(1, layer.n_out + 1):
                    names += [f"w_{_pair(k, j)}{sup}" for k in range(1, layer.n_in + 1)]
                    names.append(f"theta_{j}{sup}")
            self._names = names
        return list(self._names)

    def name(self, index):
        """The name of entry `index` of net.w."""
        if not 0 <= index < self.n_params:
            raise IndexError(f"expected an index 0 … {self.n_params - 1}; got {index}")
        return self.names()[index]

    def index(self, name):
        """The position of the parameter called `name` in net.w (see the module doc)."""
        if not isinstance(name, str):
            raise ParameterNameError(f"expected a parameter name such as 'w_11' or 'theta_3^H'; got {name!r}")
        text = (name.replace(" ", "").replace("θ", "theta").replace("ᴴ", "^H")
                .translate(_SUBSCRIPTS))
        m = _NAME.match(text)
        if m is None:
            raise ParameterNameError(
                f"expected a parameter name like 'w_11', 'theta_1', 'w_5,2^H' or "
                f"'theta_3^H' (w_kj: weight from unit k to unit j); got {name!r}"
            )
        kind, digits, sup = m.groups()
        layer = self._layer_for(sup or "", name)
        if kind == "theta":
            if "," in digits or not 1 <= int(digits) <= layer.n_out:
                raise ParameterNameError(
                    f"{name!r}: this layer has thresholds theta_1 … theta_{layer.n_out}")
            j = int(digits)
            return layer.offset + (j - 1) * (layer.n_in + 1) + layer.n_in
        if "," in digits:
            k, j = (int(d) for d in digits.split(","))
            candidates = [(k, j)] if 1 <= k <= layer.n_in and 1 <= j <= layer.n_out else []
        else:
            candidates = [(int(digits[:m]), int(digits[m:])) for m in range(1, len(digits))
                          if digits[m] != "0"]
            candidates = [(k, j) for k, j in candidates
                          if 1 <= k <= layer.n_in and 1 <= j <= layer.n_out]
        if len(candidates) != 1:
            problem = "is ambiguous; write w_k,j" if candidates else "is out of range"
            raise ParameterNameError(
                f"{name!r} {problem}: this layer has weights w_kj with k = 1 … {layer.n_in} "
                f"(unit below) and j = 1 … {layer.n_out} (unit of this layer)"
            )
        k, j = candidates[0]
        return layer.offset + (j - 1) * (layer.n_in + 1) + (k - 1)

    def _layer_for(self, sup, name):
        hidden = len(self.layers) - 1
        if sup == "":
            return self.layers[-1]
        if sup == "H" and hidden == 1:
            return self.layers[0]
        number = sup[1:]
        if number and 1 <= int(number) <= hidden:
            return self.layers[int(number) - 1]
        if hidden == 0:
            expected = "this network has no hidden layer"
        elif hidden == 1:
            expected = "this network's hidden layer is ^H"
        else:
            expected = f"this network's hidden layers are ^H1 … ^H{hidden}, counted from the input"
        raise ParameterNameError(f"{name!r}: {expected}")

    def __getitem__(self, name):
        """net["w_5,2^H"]: the value of one named parameter."""
        return float(self._w[self.index(name)])

    def __setitem__(self, name, value):
        """net["w_5,2^H"] = 0.3: change one named parameter."""
        value = float(value)
        check_finite(value, f"the new value of {name}")
        self._w[self.index(name)] = value

    # ---- forward pass -----------------------------------------------------------

    def forward(self, X, return_all=False, method="vectorised"):
        """The outputs z for one image x (shape (n,)) or a batch X (shape (P, n)).

            s_j = Σ_k w_kj h_k − θ_j,   z_j = a(s_j)   (and likewise in each hidden layer)

        return_all=True returns a Trace with every s and h instead (also net.trace(x)).
        method="per_image" runs the unit-by-unit loops of forward_one_image, which
        mirror the slides; the result is the same.
        """
        X, single = as_images(X, self.sizes[0])
        if method == "vectorised":
            cache = self._forward(X)
            s, h = cache.S, cache.Y
        elif method == "per_image":
            per = [forward_one_image(self, x) for x in X]
            s = [np.array([p[0][l] for p in per]) for l in range(len(self.layers))]
            h = [np.array([p[1][l] for p in per]) for l in range(len(self.layers))]
        else:
            raise ValueError(f"unknown method {method!r}; expected 'vectorised' or 'per_image'")
        if single:
            X, s, h = X[0], [v[0] for v in s], [v[0] for v in h]
        if return_all:
            return Trace(X, s, h)
        return h[-1]

    def trace(self, x):
        """Every intermediate s and h for image(s) x: net.forward(x, return_all=True)."""
        return self.forward(x, return_all=True)

    def _forward(self, X, dropout=0.0, rng=None):
        """Vectorised forward pass over a checked batch X (P, n), one row per image.

        Per layer, for all images at once:  S = H W − θ  (s_j = Σ_k w_kj h_k − θ_j),
        Y = a(S).  With dropout p > 0 the hidden outputs are multiplied by an
        inverted-dropout mask (nnbook.regularization).
        """
        S, Y, H, M = [], [], [X], []
        last = len(self.layers) - 1
        h = X
        for l, layer in enumerate(self.layers):
            s = h @ layer.W - layer.theta
            y = layer.activation.a(s)
            S.append(s)
            Y.append(y)
            if dropout and l < last:
                m = dropout_mask(y.shape, dropout, rng)
                M.append(m)
                h = y * m
            else:
                M.append(None)
                h = y
            H.append(h)
        return _Cache(S, Y, H, M)

    # ---- error ------------------------------------------------------------------

    def errors(self, X, T):
        """e_p = ((t1 − z1)² + (t2 − z2)²)/2 for each image p: a vector of length P."""
        X, single = as_images(X, self.sizes[0])
        T = as_teacher(T, X.shape[0], self.sizes[-1], single)
        Z = self._forward(X).Y[-1]
        return 0.5 * ((T - Z) ** 2).sum(axis=1)

    def error(self, X, T, weight_decay=0.0):
        """E = e1 + e2 + … over the images (plus λ/2 Σ w_kj² with weight_decay=λ)."""
        X, single = as_images(X, self.sizes[0])
        T = as_teacher(T, X.shape[0], self.sizes[-1], single)
        E = total_error(self._forward(X).Y[-1], T)
        if weight_decay:
            E += weight_decay_penalty(self._w, weight_decay, self.is_weight)
        return E

    # ---- gradient ---------------------------------------------------------------

    def gradient(self, X, T, method="vectorised", weight_decay=0.0):
        """∇E(w) as a flat vector in the order of net.w, by backpropagation.

            ∂E/∂w = ∂e1/∂w + ∂e2/∂w + …

        method="vectorised": all images at once (nnbook.backprop.backprop).
        method="per_image":  image by image with the slides' formulas
        (nnbook.backprop.slide_gradient for one hidden layer,
        per_image_gradient otherwise).  Both give the same numbers.
        weight_decay=λ adds λ w_kj to each weight's entry (not to θ).
        """
        X, single = as_images(X, self.sizes[0])
        T = as_teacher(T, X.shape[0], self.sizes[-1], single)
        if method == "vectorised":
            g = _backprop.backprop(self, self._forward(X), T)
        elif method == "per_image":
            g = _backprop.gradient_per_image(self, X, T)
        else:
            raise ValueError(f"unknown method {method!r}; expected 'vectorised' or 'per_image'")
        if weight_decay:
            g += weight_decay_gradient(self._w, weight_decay, self.is_weight)
        return g

    def grads(self, X, T, weight_decay=0.0):
        """{"w": ∇E}: the grads dict for optimizer.update(net.params, net.grads(X, T))."""
        return {"w": self.gradient(X, T, weight_decay=weight_decay)}

    def numerical_gradient(self, X, T, h=1e-5, weight_decay=0.0):
        """∇E by central differences (nnbook.backprop.numerical_gradient): a check on backprop."""
        X, single = as_images(X, self.sizes[0])
        T = as_teacher(T, X.shape[0], self.sizes[-1], single)
        saved = self._w.copy()

        def E(w):
            self._w[:] = w
            return self.error(X, T, weight_decay)

        try:
            return _backprop.numerical_gradient(E, saved, h)
        finally:
            self._w[:] = saved

    # ---- display ----------------------------------------------------------------

    def __repr__(self):
        names = [layer.activation.name for layer in self.layers]
        act = names[0] if len(set(names)) == 1 else names
        return f"Network(sizes={self.sizes}, activation={act!r})"

    def _repr_svg_(self):
        """The network as an SVG diagram (nnbook.display.network_svg)."""
        from .display import network_svg
        return network_svg(self)


def total_error(Z, T):
    """E = e1 + e2 + … = Σ_p ((t1 − z1)² + (t2 − z2)² + …)/2 for outputs Z, teachers T (P, m)."""
    return 0.5 * float(((T - Z) ** 2).sum())
