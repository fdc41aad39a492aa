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


# ---- 2. one hidden unit: the pages say what their own cells print, in the reader's runtime ----
#
# The 12-1-2 run (seed 0, η = 2) is chaotic: CPython (OpenBLAS, AVX-512 exp) and Pyodide differ
# in the last bits and the run turns that into another path (in CPython another k at the end).
# CPython is no oracle for it. So the text is checked against the page's own outputs, computed
# by the build in Pyodide; in CPython only what holds on every platform is asserted.

def run_page(name, lang):
    """The page's Markdown, its outputs (sitebuild.execute, in Pyodide) and the page as the build
    writes it (its inline expressions evaluated), white space made one space."""
    from sitebuild import execute
    path = DOCS / (f"{name}.ja.md" if lang == "ja" else f"{name}.md")
    markdown = path.read_text(encoding="utf-8")
    book = execute.book_for(markdown, lang, f"docs/{path.name}")
    return markdown, book, re.sub(r"\s+", " ", execute.substitute(markdown, book))


def built(name, lang):
    """The page as the build writes it (its inline expressions evaluated by sitebuild.execute),
    white space made one space: for numbers the prose computes rather than types."""
    return run_page(name, lang)[2]


def printed(markdown, book, marker):
    """What the one cell of the page whose code contains marker printed when the build ran it."""
    from sitebuild import execute
    cells = [s for s in execute.plan(markdown) if s.kind == "cell" and marker in s.code]
    assert len(cells) == 1, f"{len(cells)} cells contain {marker!r}"
    return "".join(data for kind, data in book.cells[str(cells[0].index)] if kind == "stdout")


ONE_UNIT_CELL = "sizes=(12, 1, 2), seed=0)\nE, h1, z, gradient"

SUMMARY = {  # the last three lines the one-unit cell prints
    "en": [r"(?P<rises>\d+) steps raised E by more than 0\.1; "
           r"the highest E was (?P<highest>\d+\.\d+), at k = (?P<k_highest>\d+)",
           r"E within 0\.01 of E\(w_2000\) after (?P<near>\d+) of the (?P<of>\d+) iterations",
           r"the lowest E before the last rise: (?P<lowest>\d\.\d+), at k = (?P<k_lowest>\d+)"],
    "ja": [r"E を 0\.1 より大きく増やした歩み: (?P<rises>\d+) 回。"
           r"E の最大は k = (?P<k_highest>\d+) での (?P<highest>\d+\.\d+)",
           r"E が E\(w_2000\) から 0\.01 以内になった反復: (?P<of>\d+) 回のうち (?P<near>\d+) 回",
           r"最後の増加より前で最も小さい E: k = (?P<k_lowest>\d+) での (?P<lowest>\d\.\d+)"],
}


def one_unit_printout(lang):
    """What chapter 8's one-unit cell printed in the build (Pyodide), parsed, and the built page."""
    markdown, book, text = run_page("techniques", lang)
    out = printed(markdown, book, ONE_UNIT_CELL)
    seen = {name: [np.array(row.split(), float) for row in re.findall(name + r" = \[([^\]]*)\]", out)]
            for name in ("h1", "z1", "z2")}
    seen["E"] = {int(k): float(e) for k, e in re.findall(r"k = +(\d+): E = (\d+\.\d+)", out)}
    seen["gradient"] = re.findall(r"\|∇E\| = (\S+)", out)
    for pattern in SUMMARY[lang]:
        found = re.search(pattern, out)
        assert found, f"the cell printed no line matching {pattern!r}:\n{out}"
        seen.update(found.groupdict())
    for key in ("rises", "k_highest", "near", "of", "k_lowest"):
        seen[key] = int(seen[key])
    return text, seen


def near_equal(stated, printed_value, decimals):
    """A number the prose rounds to `decimals` against the cell's print of it (one more decimal)."""
    return abs(float(stated) - float(printed_value)) <= 0.5 * 10 ** -decimals + 0.5 * 10 ** -(decimals + 1)


PROSE = {  # what chapter 8 says about the run, with the places of its computed numbers
    "en": dict(
        rises=r"(?P<rises>\d+) steps raise it by more than 0\.1, one of them to (?P<highest>\d+\.\d+) "
              r"\(at \\\(k = (?P<k_highest>\d+)\\\)\)",
        near=r"after (?P<near>\d+) of the (?P<of>\d+) iterations \\\(E\\\) is within 0\.01 of "
             r"\\\(E\(\\mathbf\{w\}_\{2000\}\) = (?P<level>\d\.\d+)\\\)",
        h1=r"\\\(h_1\\\) is about 0 for (?P<low>[A-Z ]+?) and about 1 for (?P<high>[A-Z ]+?):",
        z=r"\((?P<z1_C>[\d.]+) for the C images, (?P<z1_others>[\d.]+) for the others\)"
          r".*?a compromise of (?P<compromise>[\d.]+) between",
        gradient=r"\|\\nabla E\| \\approx (?P<mantissa>[\d.]+) \\cdot 10\^\{(?P<exponent>-\d+)\}",
        at_2500=r"at \\\(k = 2500\\\), \\\(E = (?P<level>\d\.\d+)\\\) comes from the other compromise, "
                r"\\\(h_1\\\) about 1 only for (?P<apart>[A-Z ]+?) and \\\(z_1\\\) one value, (?P<value>[\d.]+),",
        lowest=r"got down to (?P<lowest>\d\.\d+) \(at \\\(k = (?P<k_lowest>\d+)\\\)\), a hair above",
        end=r"at \\\(k = (?P<end>\d+)\\\) the run gets below"),
    "ja": dict(
        rises=r"増やす歩みが (?P<rises>\d+) 回あり、そのひとつでは (?P<highest>\d+\.\d+) まで上がります "
              r"\(\\\(k = (?P<k_highest>\d+)\\\)\)",
        near=r"(?P<of>\d+) 回の反復のうち (?P<near>\d+) 回で、\\\(E\\\) は "
             r"\\\(E\(\\mathbf\{w\}_\{2000\}\) = (?P<level>\d\.\d+)\\\) から 0\.01 以内",
        h1=r"\\\(h_1\\\) は (?P<low>[A-Z ]+?) でほぼ 0、 (?P<high>[A-Z ]+?) でほぼ 1 です",
        z=r"\(C の画像で (?P<z1_C>[\d.]+)、ほかで (?P<z1_others>[\d.]+)\)"
          r".*?間をとった (?P<compromise>[\d.]+) になります",
        gradient=r"\|\\nabla E\| \\approx (?P<mantissa>[\d.]+) \\cdot 10\^\{(?P<exponent>-\d+)\}",
        at_2500=r"\\\(k = 2500\\\) の \\\(E = (?P<level>\d\.\d+)\\\) は、分け方が逆の妥協から来ています。 ?"
                r"\\\(h_1\\\) がほぼ 1 なのは (?P<apart>[A-Z ]+?) だけで、.*?1 つの値 (?P<value>[\d.]+) を取ります",
        lowest=r"\\\(E\\\) は一度 (?P<lowest>\d\.\d+) \(\\\(k = (?P<k_lowest>\d+)\\\)\) と "
               r"\\\(\\varepsilon\\\) のすぐ上まで",
        end=r"\\\(k = (?P<end>\d+)\\\) でようやく"),
}


def stated(text, lang, what):
    """The named groups of PROSE[lang][what] in the built page (one match required)."""
    found = list(re.finditer(PROSE[lang][what], text))
    assert len(found) == 1, f"{lang} {what}: expected one match of {PROSE[lang][what]!r}; found {len(found)}"
    return found[0].groupdict()


def test_one_unit_run_in_cpython_starts_where_the_browser_does_and_converges():
    """What holds on every platform: E(w_0) (no step taken yet: the same to 4 decimals here and in
    the page's Pyodide run) and convergence within the cell's 5000 iterations. Not the path."""
    history = nnbook.train(nnbook.Network(sizes=(12, 1, 2), seed=0), X, T, optimizer="sd",
                           lr=2.0, epsilon=0.01, max_iter=5000)
    assert f"{history.E[0]:.4f}" == "2.1224"
    assert history.converged and history.E[-1] < 0.01 <= min(history.E[:-1])
    _, seen = one_unit_printout("en")
    assert seen["E"][0] == 2.1224                       # the build's run starts at the same E


@pytest.mark.parametrize("lang", LANGS)
def test_techniques_states_what_its_one_unit_cell_prints(lang):
    text, seen = one_unit_printout(lang)
    labels = np.array(LABELS)
    end = max(seen["E"])                                        # the last k the cell printed
    assert seen["E"][end] <= 0.01 < min(e for k, e in seen["E"].items() if k < end)   # 4 decimals
    assert seen["of"] == end                                    # iterations run = the k it converged at
    # the jumps: how many, and the highest E (reached by a jump, not E(w_0))
    said = stated(text, lang, "rises")
    assert (int(said["rises"]), said["highest"], int(said["k_highest"])) == \
        (seen["rises"], seen["highest"], seen["k_highest"])
    assert seen["rises"] > 1 and seen["k_highest"] > 0
    # the level it keeps falling back to, E(w_2000), and after how many iterations E is near it
    said = stated(text, lang, "near")
    assert (int(said["near"]), int(said["of"])) == (seen["near"], seen["of"])
    assert seen["near"] > seen["of"] / 2                        # "keeps falling back"
    assert near_equal(said["level"], seen["E"][2000], 3)
    # at k = 2000: h1 sets the C images apart; z1 answers C; z2 one compromise for the other six
    h1, z1, z2 = seen["h1"][0], seen["z1"][0], seen["z2"][0]
    is_C = labels == "C"
    said = stated(text, lang, "h1")
    assert said["low"].split() == list(labels[h1 < 0.5]) == list(labels[is_C])
    assert said["high"].split() == list(labels[h1 > 0.5]) == list(labels[~is_C])
    said = stated(text, lang, "z")
    assert np.all(z1[is_C] == float(said["z1_C"])) and z1[~is_C].max() == float(said["z1_others"])
    assert np.all(z2[~is_C] == float(said["compromise"])) and 0 < z2[~is_C].min() < 1
    said = stated(text, lang, "gradient")
    assert seen["gradient"][0] == f"{float(said['mantissa']):.1f}e{int(said['exponent']):03d}"
    # at k = 2500: the other compromise, h1 about 1 for the T images only, z1 one value for the rest
    h1, z1 = seen["h1"][1], seen["z1"][1]
    is_T = labels == "T"
    said = stated(text, lang, "at_2500")
    assert near_equal(said["level"], seen["E"][2500], 3)
    assert said["apart"].split() == list(labels[h1 > 0.5]) == list(labels[is_T])
    assert np.all(z1[~is_T] == float(said["value"]))
    # the lowest E before the last jump, a hair above ε, and the k where the run converged
    said = stated(text, lang, "lowest")
    assert (said["lowest"], int(said["k_lowest"])) == (seen["lowest"], seen["k_lowest"])
    assert 0.01 <= float(said["lowest"]) < 0.011 and seen["k_lowest"] < end
    assert int(stated(text, lang, "end")["end"]) == end
    assert "3334" not in text                                   # CPython's story is gone


@pytest.mark.parametrize("lang", LANGS)
def test_training_tip_and_techniques_agree_on_the_one_unit_run(lang):
    """Chapter 7's tip 5 (the trainer's run, computed by its page) and chapter 8's cell (its own
    loop) are the same run in the reader's runtime: same end, same jumps, same level."""
    _, seen = one_unit_printout(lang)
    training = built("training", lang)
    tip = training[training.index("**Hidden units**" if lang == "en" else "**隠れ層のユニット数**"):]
    tip = tip[:tip.index("6. **")]
    pattern = {"en": r"\((?P<iterations>\d+) iterations: choose full speed\)"
                     r".*?\((?P<rises>\d+) steps raise it by more than 0\.1\)"
                     r".*?at \\\(k = 2000\\\) it is (?P<level>\d\.\d+); "
                     r"after (?P<near>\d+) of the (?P<of>\d+) iterations",
               "ja": r"遅いです \((?P<iterations>\d+) 回。"
                     r".*?\((?P<rises>\d+) 回の歩みで 0\.1 より大きく増えます\)"
                     r".*?\\\(k = 2000\\\) で (?P<level>\d\.\d+)。 "
                     r"(?P<of>\d+) 回の反復のうち (?P<near>\d+) 回で"}[lang]
    found = re.search(pattern, tip)
    assert found, f"tip 5 does not match {pattern!r}: {tip}"
    said = found.groupdict()
    assert int(said["iterations"]) == int(said["of"]) == seen["of"] == max(seen["E"])
    assert (int(said["rises"]), int(said["near"])) == (seen["rises"], seen["near"])
    assert near_equal(said["level"], seen["E"][2000], 3)
    # chapter 8's cell of sizes says the one-unit run is not there yet, not that it is stuck
    techniques = page("techniques", lang)
    sizes_cell = techniques[techniques.index("for H in (1, 2, 3, 5, 10)"):]
    sizes_cell = sizes_cell[:sizes_cell.index("```")]
    assert "stuck" not in sizes_cell and "停滞" not in sizes_cell


def built_techniques(lang):
    """Chapter 8 as the build writes it: every {py}`…` in the prose replaced by its value."""
    return built("techniques", lang)


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
