"""nnbook speaks the page's language: cellrunner sets it for every cell and widget call
(the same code in the browser's worker and at build time), and the library's messages,
reprs and drawings follow it; English pages are unchanged."""

import json

import pytest

import cellrunner
import nnbook
from nnbook import _checks, data
from nnbook.widgets import training_run

X, T, _ = data.slide_images()


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    _checks.set_language("en")


def cell_output(code, lang):
    out = []
    session = cellrunner.Session(lambda kind, value: out.append(json.dumps(value, ensure_ascii=False)))
    assert session.run(code, lang=lang)["ok"], out
    return "".join(out)


CODE = """import nnbook
X, T, _ = nnbook.data.slide_images()
h = nnbook.train(nnbook.Network(seed=0), X, T, lr=2.0, epsilon=0.01)
print(h.message)
print(repr(h))
print(repr(nnbook.data.letters()[0]))
"""


def test_a_japanese_page_prints_results_in_japanese_and_an_english_page_in_english():
    k = nnbook.train(nnbook.Network(seed=0), X, T, lr=2.0, epsilon=0.01).iterations
    ja, en = cell_output(CODE, "ja"), cell_output(CODE, "en")
    assert f"収束しました: k = {k} で E = " in ja and "< ε = 0.01" in ja and f"<History 反復 {k} 回" in ja
    assert "<Dataset 画像 " in ja and "どちらでもない" in ja
    assert "converged" not in ja and "neither" not in ja and "images" not in ja
    assert "converged: E = " in en and f"at k = {k}" in en and f"<History {k} iterations" in en
    assert "neither>" in en


def test_divergence_and_the_iteration_limit_are_said_in_japanese():
    _checks.set_language("ja")
    with pytest.raises(nnbook.training.TrainingDiverged) as err:
        nnbook.train(nnbook.Network(seed=0, activation="identity"), X, T, lr=10.0)
    assert "で学習が発散しました" in str(err.value) and "小さな η を試してください" in str(err.value)
    assert nnbook.train(nnbook.Network(seed=0), X, T, lr=2.0, max_iter=3).message.startswith(
        "反復の上限 k = 3 で止めました")


def test_the_network_drawing_and_a_trainer_run_speak_the_language():
    _checks.set_language("ja")
    svg = nnbook.Network(seed=0)._repr_svg_()
    assert "入力 x" in svg and "隠れ層 H" in svg and "出力 z" in svg and "(パラメーター 47 個)" in svg
    assert "hidden" not in svg and "parameters" not in svg
    run = training_run.Run({"hidden": 3, "lr": 2.0, "seed": 0})
    assert "シード 0" in repr(run) and " seed " not in repr(run)
    _checks.set_language("en")
    assert "hidden H" in nnbook.Network(seed=0)._repr_svg_() and "xavier seed 0" in repr(run)


def test_a_widget_call_from_a_japanese_page_sets_japanese():
    session = cellrunner.Session(lambda *_: None)
    session.run("import nnbook", lang="en")
    assert _checks.say("en", "ja") == "en"
    answer = json.loads(session.call("nnbook.widgets.activation_plot", "sync", json.dumps({"lang": "ja"})))
    assert answer["ok"], answer
    assert _checks.say("en", "ja") == "ja"


def test_an_unknown_language_is_refused_in_words():
    with pytest.raises(ValueError, match="lang should be one of"):
        _checks.set_language("fr")
