"""Backpropagation  (the lecture's slides "機械学習（誤差逆伝播法 backpropagation）")  and the numerical check on it.

For one image, from e = ((t1 − z1)² + (t2 − z2)²)/2 and the chain rule
(∂e/∂z_j = z_j − t_j,  ∂z_j/∂s_j = a′(s_j),  ∂s_j/∂w_kj = h_k,  ∂s_j/∂θ_j = −1):

Output layer, (3 weights + 1 threshold) × 2 = 8 gradients:

    ∂e/∂w_kj = (z_j − t_j) a′(s_j) h_k        (k = 1, 2, 3;  j = 1, 2)
    ∂e/∂θ_j  = −(z_j − t_j) a′(s_j)

Hidden layer, (12 weights + 1 threshold) × 3 = 39 gradients
(∂s_j/∂h_i = w_ij,  ∂h_i/∂s_iᴴ = a′(s_iᴴ),  ∂s_iᴴ/∂w_kiᴴ = x_k,  ∂s_iᴴ/∂θ_iᴴ = −1):

    ∂e/∂w_kiᴴ = [(z1 − t1) a′(s1) w_i1 + (z2 − t2) a′(s2) w_i2] a′(s_iᴴ) x_k
    ∂e/∂θ_iᴴ  = −[(z1 − t1) a′(s1) w_i1 + (z2 − t2) a′(s2) w_i2] a′(s_iᴴ)

and ∂E/∂w = ∂e1/∂w + ∂e2/∂w + … over the images.

The repeated factor has a name: δ_j = ∂e/∂s_j = (z_j − t_j) a′(s_j), and the
bracket is Σ_j δ_j w_ij, so δ_iᴴ = [Σ_j δ_j w_ij] a′(s_iᴴ).  Every layer then
reads the same way — ∂e/∂w_kj = δ_j × (input k), ∂e/∂θ_j = −δ_j — which is
how deeper networks are handled: δ is passed back one layer at a time.

Three implementations, which the tests prove equal:

    slide_gradient(net, x, t)      one image, the 8 + 39 formulas above, as loops
    per_image_gradient(net, x, t)  one image, any number of layers, with δ
    backprop(net, cache, T)        all images at once, with matrices (fast)

and numerical_gradient(f, w), central differences, the independent check.
"""

import numpy as np

from .forward import forward_one_image


def backprop(net, cache, T):
    """∇E for a whole batch at once, as a flat vector in the order of net.w.

    With one row per image p, D holds δ_j = (z_j − t_j) a′(s_j) for every image,
    and summing over the images is a matrix product:

        ∂E/∂w_kj = Σ_p δ_j h_k   →   Dᵀ H
        ∂E/∂θ_j  = −Σ_p δ_j      →   −(column sums of D)
        δ_iᴴ = [Σ_j δ_j w_ij] a′(s_iᴴ)   →   (D Wᵀ) ⊙ a′(Sᴴ)

    `cache` comes from net._forward(X); with dropout its masks m_i scale the
    hidden outputs, so they scale δ on the way back as well.
    """
    layers = net.layers
    g = np.empty(net.n_params)
    S, Y, H, M = cache.S, cache.Y, cache.H, cache.M
    D = (Y[-1] - T) * layers[-1].activation.derivative(S[-1], Y[-1])   # δ_j
    for l in range(len(layers) - 1, -1, -1):
        layer = layers[l]
        block = g[layer.offset:layer.offset + layer.size].reshape(layer.n_out, layer.n_in + 1)
        block[:, :layer.n_in] = D.T @ H[l]          # ∂E/∂w_kj = Σ_p δ_j h_k
        block[:, layer.n_in] = -D.sum(axis=0)       # ∂E/∂θ_j  = −Σ_p δ_j
        if l > 0:
            back = D @ layer.W.T                    # Σ_j δ_j w_ij
            if M[l - 1] is not None:
                back *= M[l - 1]
            below = layers[l - 1].activation
            D = back * below.derivative(S[l - 1], Y[l - 1])   # δ_iᴴ
    return g


def slide_gradient(net, x, t, forward=None):
    """∂e/∂w for one image x with teacher t: the slides' 8 + 39 formulas, as loops.

    For a network with one hidden layer (12-3-2 on the slides; any sizes work):

        ∂e/∂w_kj  = (z_j − t_j) a′(s_j) h_k
        ∂e/∂θ_j   = −(z_j − t_j) a′(s_j)
        ∂e/∂w_kiᴴ = [(z1 − t1) a′(s1) w_i1 + (z2 − t2) a′(s2) w_i2] a′(s_iᴴ) x_k
        ∂e/∂θ_iᴴ  = −[(z1 − t1) a′(s1) w_i1 + (z2 − t2) a′(s2) w_i2] a′(s_iᴴ)

    `forward` may be forward_one_image(net, x), if already computed.
    Returns a flat vector in the order of net.w.
    """
    if len(net.layers) != 2:
        raise ValueError(
            f"slide_gradient expects a network with one hidden layer (sizes like (12, 3, 2)); "
            f"got sizes {net.sizes}: use per_image_gradient"
        )
    hidden, output = net.layers
    (s_H, s), (h, z) = forward if forward is not None else forward_one_image(net, x)
    x = [float(v) for v in x]
    t = [float(v) for v in t]
    a_H = hidden.activation            # a of the hidden layer
    a = output.activation              # a of the output layer
    w = output.W.tolist()              # w[i][j] = w_ij, hidden unit i → output unit j
    n_x, n_h, n_z = hidden.n_in, hidden.n_out, output.n_out

    # Output layer: (3 weights + 1 threshold) × 2 = 8 gradients.
    dw = [[0.0] * n_z for _ in range(n_h)]          # dw[k][j] = ∂e/∂w_kj
    dtheta = [0.0] * n_z                             # dtheta[j] = ∂e/∂θ_j
    for j in range(n_z):
        for k in range(n_h):
            dw[k][j] = (z[j] - t[j]) * float(a.derivative(s[j])) * h[k]
        dtheta[j] = -(z[j] - t[j]) * float(a.derivative(s[j]))

    # Hidden layer: (12 weights + 1 threshold) × 3 = 39 gradients.
    dw_H = [[0.0] * n_h for _ in range(n_x)]        # dw_H[k][i] = ∂e/∂w_kiᴴ
    dtheta_H = [0.0] * n_h                           # dtheta_H[i] = ∂e/∂θ_iᴴ
    for i in range(n_h):
        bracket = 0.0                                # (z1 − t1) a′(s1) w_i1 + (z2 − t2) a′(s2) w_i2
        for j in range(n_z):
            bracket += (z[j] - t[j]) * float(a.derivative(s[j])) * w[i][j]
        for k in range(n_x):
            dw_H[k][i] = bracket * float(a_H.derivative(s_H[i])) * x[k]
        dtheta_H[i] = -bracket * float(a_H.derivative(s_H[i]))

    return net.pack([dw_H, dw], [dtheta_H, dtheta])


def per_image_gradient(net, x, t, forward=None):
    """∂e/∂w for one image, any number of layers, passing δ back layer by layer.

        δ_j = (z_j − t_j) a′(s_j)                       output layer
        ∂e/∂w_kj = δ_j h_k,   ∂e/∂θ_j = −δ_j             every layer (h_k: its inputs)
        δ_k (layer below) = [Σ_j δ_j w_kj] a′(s_k)

    `forward` may be forward_one_image(net, x), if already computed.
    Returns a flat vector in the order of net.w.
    """
    s_layers, h_layers = forward if forward is not None else forward_one_image(net, x)
    inputs = [[float(v) for v in x]] + h_layers[:-1]      # what each layer receives
    z, s = h_layers[-1], s_layers[-1]
    a = net.layers[-1].activation
    delta = [(z[j] - float(t[j])) * float(a.derivative(s[j])) for j in range(len(z))]
    dW, dtheta = [None] * len(net.layers), [None] * len(net.layers)
    for l in range(len(net.layers) - 1, -1, -1):
        layer, h = net.layers[l], inputs[l]
        dW[l] = [[delta[j] * h[k] for j in range(layer.n_out)] for k in range(layer.n_in)]
        dtheta[l] = [-delta[j] for j in range(layer.n_out)]
        if l > 0:
            W = layer.W.tolist()                           # W[k][j] = w_kj
            a_below, s_below = net.layers[l - 1].activation, s_layers[l - 1]
            delta = [sum(delta[j] * W[k][j] for j in range(layer.n_out))
                     * float(a_below.derivative(s_below[k])) for k in range(layer.n_in)]
    return net.pack(dW, dtheta)


def gradient_per_image(net, X, T, forwards=None):
    """∂E/∂w = ∂e1/∂w + ∂e2/∂w + …, one image at a time.

    Uses slide_gradient for one hidden layer, per_image_gradient otherwise;
    `forwards` may hold forward_one_image(net, x) for each image.
    """
    one = slide_gradient if len(net.layers) == 2 else per_image_gradient
    if forwards is None:
        forwards = [None] * len(X)
    g = np.zeros(net.n_params)
    for x, t, forward in zip(X, T, forwards):
        g += one(net, x, t, forward)
    return g


def numerical_gradient(f, w, h=1e-5):
    """∇f(w) by central differences, one coordinate at a time:

        ∂f/∂w_i ≈ (f(w + h e_i) − f(w − h e_i)) / (2h)

    The error is O(h²) (plus rounding of order ε·f/h), so with h = 1e-5 it
    agrees with an exact gradient to about 1e-9 relative.  f takes a flat
    vector; it is called with a working copy of w that is changed between
    calls, so f must not keep it.
    """
    w = np.array(w, dtype=float)
    g = np.zeros_like(w)
    for i in range(w.size):
        old = w[i]
        w[i] = old + h
        f_plus = f(w)
        w[i] = old - h
        f_minus = f(w)
        w[i] = old
        g[i] = (f_plus - f_minus) / (2.0 * h)
    return g


def relative_error(a, b):
    """‖a − b‖ / max(‖a‖, ‖b‖), and 0 when both are 0: how far two gradients differ."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return 0.0 if scale == 0.0 else float(np.linalg.norm(a - b) / scale)
