"""The book's terms (py/sitebuild/terms.yml) name each thing one way: the widgets' labels
and the sections that introduce a term use its English and Japanese names; Japanese
writes -er/-or/-ar loanwords with a final ー; the glossary page is made from the file."""

import json
import re
from pathlib import Path

import pytest

from sitebuild import glossary

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LABEL_FILES = sorted((ROOT / "js" / "widgets").rglob("*.labels.json"))
TERMS = glossary.terms()
BY_ID = {t["id"]: t for t in TERMS}

# One English word, two meanings in the book, so two Japanese words on purpose.
SAME_WORD_OTHER_MEANING = {
    "Step": "descent: one step of the gradient method (1 ステップ); trainer: one iteration "
            "of the training algorithm, whose own steps are 1 to 5 (1 反復)",
}


def flat(labels, prefix=""):
    """(key path, text) of every string in a labels object, nested maps included."""
    for key, value in labels.items():
        if isinstance(value, dict):
            yield from flat(value, f"{prefix}{key}.")
        elif isinstance(value, str):
            yield prefix + key, value


def label_pairs():
    """(file, key path, English, Japanese) of every label of every widget."""
    for path in LABEL_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        ja = dict(flat(data["ja"]))
        for key, en in flat(data["en"]):
            yield path.relative_to(ROOT).as_posix(), key, en, ja.get(key, "")


def names(term, lang):
    return [term[lang]] + ([term[f"short_{lang}"]] if f"short_{lang}" in term else [])


def test_the_terms_file_has_one_entry_per_id_each_with_both_names_and_definitions():
    assert len(TERMS) >= 30
    assert len(BY_ID) == len(TERMS), "an id is used twice"
    for term in TERMS:
        for field in ("en", "ja", "def_en", "def_ja"):
            assert term[field].strip(), f"{term['id']}: {field} is empty"
        assert glossary.JAPANESE_TEXT.search(term["def_ja"]), f"{term['id']}: def_ja is not Japanese"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_each_term_links_to_a_section_that_names_it(lang):
    """The anchor exists on the page (as the build writes anchors), and that section
    uses the term's name: the place the glossary sends a reader to introduces the
    term under the name the glossary gives."""
    pages = {}
    for term in TERMS:
        page = glossary.page_file(term["page"], lang)
        if page not in pages:
            pages[page] = glossary.sections((DOCS / page).read_text(encoding="utf-8"))
        anchor = term[f"anchor_{lang}"]
        assert anchor in pages[page], f"{term['id']}: {page} has no section #{anchor}"
        text = pages[page][anchor].lower()
        assert any(n.lower() in text for n in names(term, lang)), \
            f"{term['id']}: {page}#{anchor} does not name it {' or '.join(names(term, lang))}"


def test_menus_name_activations_optimisers_and_initialisers_as_the_terms_file_does():
    """A map of choices keyed by nnbook's names (activations, methods, inits) labels
    each choice with the term's name: the English label contains it, and the Japanese
    label contains the Japanese name in full (シグモイド関数 σ, not シグモイド σ)."""
    checked = 0
    for path, key, en, ja in label_pairs():
        parent, _, last = key.rpartition(".")
        siblings = {k.rpartition(".")[2] for _, k, _, _ in label_pairs() if k.rpartition(".")[0] == parent}
        if not parent or last not in BY_ID or len(siblings & BY_ID.keys()) < 2:
            continue
        term = BY_ID[last]
        assert any(n.lower() in en.lower() for n in names(term, "en")), f"{path} {key}: {en!r} lacks {term['en']!r}"
        assert term["ja"] in ja, f"{path} {key}: {ja!r} should name {term['ja']!r}"
        checked += 1
    assert checked >= 20


def test_a_label_that_starts_with_a_term_uses_its_japanese_name():
    """"Step size η" is ステップ幅 η, "Initial weights w₀" 重みの初期値 w₀: the longest
    term an English label starts with is named the same way in Japanese."""
    for path, key, en, ja in label_pairs():
        starts = [t for t in TERMS if re.match(re.escape(t["en"]) + r"s?\b", en, re.I)]
        if starts:
            term = max(starts, key=lambda t: len(t["en"]))
            assert any(n in ja for n in names(term, "ja")), f"{path} {key}: {ja!r} should name {term['ja']!r}"


def test_the_same_english_label_is_the_same_japanese_everywhere():
    seen = {}
    for path, key, en, ja in label_pairs():
        seen.setdefault(en, {}).setdefault(ja, []).append(f"{path} {key}")
    differ = {en: ja for en, ja in seen.items() if len(ja) > 1 and en not in SAME_WORD_OTHER_MEANING}
    assert differ == {}, f"one English label, several Japanese ones: {differ}"
    for en in SAME_WORD_OTHER_MEANING:
        assert len(seen.get(en, {})) > 1, f"{en!r} no longer differs: drop it from SAME_WORD_OTHER_MEANING"


def japanese_texts():
    """Every place the reader meets Japanese: the pages, the widgets' and the page's
    labels, the library's and the widgets' messages."""
    for path in sorted(DOCS.glob("*.ja.md")):
        yield path, path.read_text(encoding="utf-8")
    for path in LABEL_FILES:
        yield path, json.dumps(json.loads(path.read_text(encoding="utf-8"))["ja"], ensure_ascii=False)
    yield ROOT / "js" / "i18n.mjs", (ROOT / "js" / "i18n.mjs").read_text(encoding="utf-8")
    for path in sorted((ROOT / "py" / "nnbook").rglob("*.py")) + sorted((ROOT / "py" / "cellrunner").rglob("*.py")):
        yield path, path.read_text(encoding="utf-8")


def test_loanwords_ending_in_er_or_ar_keep_their_long_vowel():
    """One rule (内閣告示「外来語の表記」, as Microsoft and Apple write): パラメーター,
    オプティマイザー, ブラウザー; never パラメータ beside ブラウザー."""
    words = glossary.long_vowel_words()
    assert all(w.endswith("ー") for w in words)
    short = re.compile("|".join(f"{re.escape(w[:-1])}(?!ー)" for w in words))
    for path, text in japanese_texts():
        for n, line in enumerate(text.splitlines(), 1):
            m = short.search(line)
            assert not m, f"{path.relative_to(ROOT)}:{n}: {m.group(0)} should be {m.group(0)}ー"


def test_the_glossary_note_states_the_rule():
    note = (DOCS / "glossary.ja.md").read_text(encoding="utf-8")
    assert "外来語の表記" in note and "パラメーター" in note and "オプティマイザー" in note


def test_a_challenge_is_called_one_thing_in_japanese():
    for en_path in sorted(DOCS.glob("*.md")):
        if en_path.name.endswith(".ja.md"):
            continue
        ja = (DOCS / en_path.name.replace(".md", ".ja.md")).read_text(encoding="utf-8")
        en = en_path.read_text(encoding="utf-8")
        assert "挑戦" not in ja, en_path.name
        assert len(re.findall(r"^#+ Challenge:", en, re.M)) == len(re.findall(r"^#+ チャレンジ:", ja, re.M))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_glossary_lists_every_term_once_with_both_names_and_its_link(lang):
    page = (DOCS / glossary.page_file("glossary", lang)).read_text(encoding="utf-8")
    assert glossary.MARKER.search(page), "the glossary page lost its ::: glossary line"
    made = glossary.expand(page, lang)
    assert "::: glossary" not in made
    rows = [line for line in made.splitlines() if line.startswith("| [")]
    assert len(rows) == len(TERMS)
    for term, row in zip([t for group in glossary.by_chapter().values() for t in group], rows):
        first = term["ja"] if lang == "ja" else term["en"]
        assert row.startswith(f"| [{first}]({glossary.link(term, lang)})"), row
        assert term["en"] in row and term["ja"] in row and term[f"def_{lang}"] in row
    for page_name in glossary.by_chapter():
        assert f"## {glossary.chapter_title(page_name, lang)}" in made
