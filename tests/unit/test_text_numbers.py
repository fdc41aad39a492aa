"""Numbers and rules the prose states, computed again from nnbook (or from an
independent formula) and compared with the page source, in both languages:
if the code or the text changes, they cannot drift apart unnoticed."""

import re
from pathlib import Path

import numpy as np
import pytest

import nnbook
from nnbook.data import _shifts, image, rows_of, slide_images

DOCS = Path(__file__).resolve().parents[2] / "docs"
LANGS = ["en", "ja"]


def page(name, lang):
    """The page's Markdown with every run of white space made one space."""
    path = DOCS / (f"{name}.ja.md" if lang == "ja" else f"{name}.md")
    return re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))


def number_after(text, pattern):
    """The number captured by pattern's first group (one match required)."""
    found = re.findall(pattern, text)
    assert len(found) == 1, f"expected one match of {pattern!r}; found {found}"
    return float(found[0])


X, T, LABELS = slide_images()


# ---- 1. tanh is four times as steep as the sigmoid at 0 -------------------------------------

def test_tanh_slope_at_0_is_four_times_the_sigmoids():
    sig, tanh = nnbook.activation("sigmoid"), nnbook.activation("tanh")
    assert tanh.derivative(0.0) / sig.derivative(0.0) == pytest.approx(4.0, abs=1e-12)
    s = np.linspace(-4, 4, 81)
    assert np.allclose(tanh(s), 2 * sig(2 * s) - 1, atol=1e-12)      # why: two stretches of 2


@pytest.mark.parametrize("lang, says, wrong", [("en", "four times as steep at 0", "twice as steep"),
                                               ("ja", "の 4 倍の \\(\\tanh'(0) = 1\\)", "2 倍の \\(\\tanh'(0)")])
def test_activation_page_says_four_times(lang, says, wrong):
    text = page("activation", lang)
    assert says in text and wrong not in text
    # the cell of section 2.3 prints the ratio from nnbook
    assert 'nnbook.activation("tanh").derivative(0.0) / nnbook.activation("sigmoid").derivative(0.0)' in text


# ---- 2. one hidden unit: a plateau, then convergence at k = 3334 -----------------------------

def built(name, lang):
    """The page as the build writes it (its inline expressions evaluated by sitebuild.execute),
    white space made one space: for numbers the prose computes rather than types."""
    from sitebuild import execute
    path = DOCS / (f"{name}.ja.md" if lang == "ja" else f"{name}.md")
    markdown = path.read_text(encoding="utf-8")
    book = execute.book_for(markdown, lang, f"docs/{path.name}")
    return re.sub(r"\s+", " ", execute.substitute(markdown, book))


@pytest.fixture(scope="module")
def one_unit():
    """12-1-2 from seed 0, steepest descent η = 2: E(w_k) for every k, and h1, z1 at k = 2000."""
    net = nnbook.Network(sizes=(12, 1, 2), seed=0)
    seen = {}
    for state in nnbook.train_iter(net, X, T, lr=2.0, epsilon=0.01, max_iter=5000):
        if state.k == 2000:
            seen["h1"] = net.forward(X, return_all=True).h[0][:, 0]
            seen["z1"] = net.forward(X)[:, 0]
    history = nnbook.train(nnbook.Network(sizes=(12, 1, 2), seed=0), X, T, optimizer="sd",
                           lr=2.0, epsilon=0.01, max_iter=5000)
    return history, seen


def test_one_unit_converges_after_a_plateau(one_unit):
    history, seen = one_unit
    E = np.array(history.E)
    assert history.converged and history.iterations == 3334
    assert np.median(E[1000:2400]) == pytest.approx(0.857, abs=0.005)     # the first plateau
    assert np.median(E[2500:3250]) == pytest.approx(0.750, abs=0.005)     # the second
    assert E[2000] == pytest.approx(0.857, abs=5e-4)
    # on the plateau h1 tells only T from the rest; z1 is one compromise for the other seven
    is_T = np.array([label == "T" for label in LABELS])
    assert np.allclose(seen["h1"][is_T], 1, atol=0.01) and np.allclose(seen["h1"][~is_T], 0, atol=0.01)
    assert np.allclose(seen["z1"][~is_T], 0.43, atol=0.005)


@pytest.mark.parametrize("lang", LANGS)
def test_training_and_techniques_agree_on_the_one_unit_run(one_unit, lang):
    history, seen = one_unit
    training, techniques = built("training", lang), page("techniques", lang)
    # chapter 7, tip 5 (computed by the page): 3334 iterations, a plateau near 0.86, E = 0.857 at k = 2000
    assert f"({history.iterations} " in training
    at_2000 = number_after(training, r"\\\(k = 2000\\\) (?:it is |で )(0\.\d+)")
    assert at_2000 == round(history.E[2000], 3)
    # chapter 8 says the same run converges at k = 3334, and is not stuck
    sizes_cell = techniques[techniques.index("for H in (1, 2, 3, 5, 10)"):]
    sizes_cell = sizes_cell[:sizes_cell.index("```")]
    assert "stuck" not in sizes_cell and "停滞" not in sizes_cell


def built_techniques(lang):
    """Chapter 8 as the build writes it: every {py}`…` in the prose replaced by its value."""
    from sitebuild import execute
    path = DOCS / ("techniques.ja.md" if lang == "ja" else "techniques.md")
    markdown = path.read_text(encoding="utf-8")
    book = execute.book_for(markdown, lang, f"docs/{path.name}")
    return re.sub(r"\s+", " ", execute.substitute(markdown, book))


@pytest.mark.parametrize("lang", LANGS)
def test_techniques_states_the_one_unit_run(one_unit, lang):
    history, seen = one_unit
    techniques = built_techniques(lang)
    assert f"\\(k = {history.iterations}\\)" in techniques
    plateau = number_after(techniques, r"(0\.\d+) (?:for some|付近で約) \d+")
    assert plateau == round(float(np.median(history.E[1000:2400])), 2)
    length = number_after(techniques, r"(?:for some|付近で約) (\d+) (?:iterations|回の反復)")
    E = np.array(history.E)
    assert abs(length - np.sum(np.abs(E - np.median(E[1000:2400])) < 0.01)) <= 100
    second = number_after(techniques, r"(0\.\d+) (?:付近の 2 つめ|\\\(E\\\) drops to a second plateau near)"
                          if lang == "ja" else r"second plateau near (0\.\d+)")
    assert second == round(float(np.median(history.E[2500:3250])), 2)
    z1 = number_after(techniques, r"(?:a compromise of|間をとった) (0\.\d+) (?:between the 1|になります)")
    assert z1 == round(float(seen["z1"][0]), 2)


@pytest.mark.parametrize("lang", LANGS)
def test_techniques_says_what_the_deep_stacks_and_deep_networks_do(lang):
    from nnbook.widgets.init_histograms import layer_outputs
    text = built_techniques(lang)
    # five sigmoid layers, σ = 1: layer 1 is the most saturated and has the smallest mean a′(s)
    _, _, trace = layer_outputs("sigmoid", "normal_1")
    saturated = [np.mean((h < 0.05) | (h > 0.95)) for h in trace.h]
    slope = [(h * (1 - h)).mean() for h in trace.h]
    assert saturated[0] == max(saturated) and slope[0] == min(slope)
    assert f"{saturated[0]:.0%}" in text and f"{slope[0]:.3f}" in text and f"{max(slope):.3f}" in text
    assert "two thirds" not in text and "3 分の 2" not in text
    # tanh with Xavier: the spread of h halves over the five layers (no "wide bell in every layer")
    _, _, trace = layer_outputs("tanh", "xavier")
    first, last = trace.h[0].std(), trace.h[-1].std()
    assert 0.4 < last / first < 0.6
    assert f"from {first:.2f} to {last:.2f}" in text or f"({first:.2f} から {last:.2f})" in text
    assert "wide bell in every layer" not in text and "どの層でも幅の広い" not in text
    # the cell of deeper networks says whether each run converged
    source = page("techniques", lang)
    cell = source[source.index("for sizes in [(12, 3, 2)"):]
    assert "history.converged" in cell[:cell.index("```")]


# ---- 3. why ReLU stalls at η = 2: the T output saturates, not the dead units ------------------

def relu_run(eta, init="auto"):
    net = nnbook.Network(activation=["relu", "sigmoid"], init=init, seed=0)
    largest_h1, lowest_s2, dead_from_1 = 0.0, 0.0, True
    for state in nnbook.train_iter(net, X, T, lr=eta, epsilon=0.01, max_iter=2000):
        s = net.forward(X, return_all=True).s
        if state.k >= 1:
            dead_from_1 &= bool((s[0][:, 1:] <= 0).all())
        if state.k <= 10:
            largest_h1 = max(largest_h1, s[0][:, 0].max())
            lowest_s2 = min(lowest_s2, s[1][3:5, 1].min())
    return dict(state=state, s=s, z=net.forward(X), largest_h1=largest_h1,
                lowest_s2=lowest_s2, dead_from_1=dead_from_1)


@pytest.mark.parametrize("init", ["auto", "xavier"])     # auto = He for ReLU; Xavier: the same story
def test_relu_eta_2_saturates_the_T_output_while_0_5_converges(init):
    fast, slow = relu_run(2.0, init), relu_run(0.5, init)
    # both runs lose hidden units 2 and 3 from k = 1 on: that is not the difference
    assert fast["dead_from_1"] and slow["dead_from_1"]
    assert slow["state"].E < 0.01 and slow["state"].k < 400
    assert not fast["state"].E < 0.01
    assert fast["state"].E == pytest.approx(1.0, abs=0.01)
    # E = 1: the two T images read as neither (z2 ≈ 0), everything else right
    Z = fast["z"]
    assert [nnbook.data.verdict(z) for z in Z] == ["C", "C", "C", "neither", "neither",
                                                  "neither", "neither", "neither", "neither"]
    a_prime = nnbook.activation("sigmoid").derivative(fast["s"][1][3:5, 1])
    assert (a_prime < 1e-3).all()                                # the gradient back has vanished
    assert fast["lowest_s2"] < -10 < -1.5 < slow["lowest_s2"]     # the overshoot of the first ten steps


@pytest.mark.parametrize("lang", LANGS)
def test_training_page_states_the_relu_numbers(lang):
    fast, slow = relu_run(2.0), relu_run(0.5)
    text = built("training", lang)        # the numbers are computed by the page's cells
    assert number_after(text, r"\\\(E\\\) (?:stops at|が) (\d\.\d) ?(?:;|で止まり)") == round(fast["state"].E, 1)
    falls = number_after(text, r"\\\(s_2\\\) (?:of the T images falls to|は) −(\d+\.\d) ?(?:,|まで)")
    assert -falls == round(fast["lowest_s2"], 1)
    lowest = number_after(text, r"\\\(s_2\\\) (?:goes no lower than|は) −(\d+\.\d) ?(?:,|より下がらず)")
    assert -lowest == round(slow["lowest_s2"], 1)
    reaches = number_after(text, r"\\\(h_1\\\) (?:reaches|が) (\d+\.\d) (?:within ten|に達し)")
    assert reaches == round(fast["largest_h1"], 1)
    # the old explanation (dead units as the cause) is gone
    assert "some hidden units *die*" not in text and "一部の 隠れユニットが *死んで*" not in text


# ---- 5. a real one-pixel shift ---------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_shifted_C_is_a_shift_nnbook_data_accepts(lang):
    text = page("training", lang)
    pairs = re.findall(r"\((\d{3}/\d{3}/\d{3}/\d{3}) (?:becomes|が) (\d{3}/\d{3}/\d{3}/\d{3})", text)
    assert len(pairs) == 1, pairs
    before, after = pairs[0]
    assert before in [rows_of(x) for x, label in zip(X, LABELS) if label == "C"]   # a C of the slides
    assert after in [rows_of(s) for _, s in _shifts(image(before))]                # no pixel lost
    assert "001/010/010/001" not in text


# ---- 6. Adam: nnbook's form against DLfS's, and the ε ----------------------------------------

def dlfs_adam_path(p0, grad, lr, eps, steps, beta1=0.9, beta2=0.999):
    """DLfS's Adam (common/optimizer.py), typed in here: the bias correction in the step size,
    ε added to √v."""
    p, m, v, path = p0.copy(), np.zeros_like(p0), np.zeros_like(p0), []
    for t in range(1, steps + 1):
        g = grad(p)
        lr_t = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
        m += (1 - beta1) * (g - m)
        v += (1 - beta2) * (g ** 2 - v)
        p = p - lr_t * m / (np.sqrt(v) + eps)
        path.append(p.copy())
    return np.array(path)


def nnbook_adam_path(p0, grad, lr, eps, steps):
    opt, q, path = nnbook.Adam(lr=lr, eps=eps), p0.copy(), []
    for _ in range(steps):
        opt.update(q, grad(q))
        path.append(q.copy())
    return np.array(path)


@pytest.mark.parametrize("lang", LANGS)
def test_adam_gap_after_30_steps_with_its_epsilon(lang):
    grad = lambda p: np.array([p[0] / 10, 2 * p[1]])        # f = x²/20 + y², the valley
    p0 = np.array([-7.0, 2.0])
    ours = nnbook_adam_path(p0, grad, 0.3, 1e-8, 30)
    same_eps = np.linalg.norm(ours[-1] - dlfs_adam_path(p0, grad, 0.3, 1e-8, 30)[-1])
    dlfs_eps = np.linalg.norm(ours[-1] - dlfs_adam_path(p0, grad, 0.3, 1e-7, 30)[-1])
    text = page("techniques", lang)
    note = text[text.index("Algorithm 1"):]
    stated = [float(a) * 10.0 ** int(b) for a, b in re.findall(r"(\d) \\times 10\^\{(-\d+)\}", note)[:2]]
    assert stated == [float(f"{same_eps:.0e}"), float(f"{dlfs_eps:.0e}")]
    assert "\\eta = 0.3" in note and "\\epsilon = 10^{-8}" in note and "\\epsilon = 10^{-7}" in note


# ---- 7. Xavier: nnbook draws from a normal distribution with Glorot's variance ---------------

@pytest.mark.parametrize("lang, normal, uniform", [("en", "**normal**", "**uniform**"),
                                                   ("ja", "**正規分布**", "**一様分布**")])
def test_xavier_is_normal_with_glorots_variance(lang, normal, uniform):
    W = nnbook.xavier_glorot(300, 100, np.random.default_rng(0)).ravel()
    assert W.var() == pytest.approx(2 / 400, rel=0.02)
    excess_kurtosis = ((W - W.mean()) ** 4).mean() / W.var() ** 2 - 3
    assert abs(excess_kurtosis) < 0.1          # normal: 0; a uniform draw would give −1.2
    text = page("techniques", lang)
    assert normal in text and uniform in text and "\\sqrt{6/(n_\\text{in}+n_\\text{out})}" in text
    doc = nnbook.initializers.__doc__
    assert "uniform" in doc and "compromise" in doc and "steady going forwards *and*" not in doc


# ---- 8. the playground's Armijo ignores η (η0 = 1), and the page says so ------------------------

@pytest.mark.parametrize("lang, says", [("en", "Armijo **ignores \\(\\eta\\)**"),
                                        ("ja", "Armijo は **\\(\\eta\\) を使いません**")])
def test_playground_says_its_armijo_ignores_eta(lang, says):
    from nnbook.widgets import playground, training_run
    settings = playground.run_settings({**playground.SETTINGS, "method": "armijo", "lr": 20.0})
    options = training_run.train_options(settings)
    assert options["lr"] is None                                   # η is not passed on …
    assert nnbook.optimizers.STEP_SIZES["armijo"] == 1.0           # … so Armijo starts from η0 = 1
    text = page("playground", lang)
    assert says in text and "\\eta_0 = 1" in text and "then the same with Armijo" not in text
    fixed = nnbook.train(nnbook.Network(seed=0), X, T, lr=20.0, max_iter=5000)
    armijo = nnbook.train(nnbook.Network(seed=0), X, T, **{**options, "max_iter": 5000})
    assert not fixed.converged and armijo.converged
