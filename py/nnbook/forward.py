"""The forward pass for one image, unit by unit, as on the slides (its own module so
that network.py and backprop.py both use it and neither imports the other back)."""


def forward_one_image(net, x):
    """The forward pass for one image, unit by unit, as on the slides.

    For each hidden unit i and then each output unit j:

        s_iᴴ = w_1iᴴ x1 + … + w_12,iᴴ x12 − θ_iᴴ,    h_i = a(s_iᴴ)
        s_j  = w_1j h1 + w_2j h2 + w_3j h3 − θ_j,      z_j = a(s_j)

    Returns (s, h): per layer, the list of s values and the list of outputs.
    """
    inputs = [float(v) for v in x]                 # x1 … xn
    s_layers, h_layers = [], []
    for layer in net.layers:
        W = layer.W.tolist()                       # W[k][j] = w_kj
        theta = layer.theta.tolist()
        a = layer.activation.a
        s, h = [], []
        for j in range(layer.n_out):
            s_j = 0.0
            for k in range(layer.n_in):
                s_j += W[k][j] * inputs[k]         # w_1j x1 + … + w_nj xn
            s_j -= theta[j]                        # − θ_j
            s.append(s_j)
            h.append(float(a(s_j)))                # a(s_j)
        s_layers.append(s)
        h_layers.append(h)
        inputs = h
    return s_layers, h_layers
