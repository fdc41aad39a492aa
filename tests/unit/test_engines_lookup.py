"""tooling/engines.py: an engine missing here is named, with what would install it."""

from tooling import engines


def test_a_missing_firefox_is_named_with_its_debian_package(monkeypatch, tmp_path):
    monkeypatch.setenv("NNBOOK_FIREFOX", str(tmp_path / "no-firefox"))
    assert engines.firefox() is None
    gaps = engines.missing("firefox")
    assert any("apt-get install firefox-esr" in gap for gap in gaps), gaps


def test_a_missing_minibrowser_is_not_found(monkeypatch, tmp_path):
    monkeypatch.setenv("NNBOOK_MINIBROWSER", str(tmp_path / "MiniBrowser"))
    assert engines.minibrowser() is None


def test_the_report_says_which_engine_is_skipped_and_why():
    text = engines.report({"firefox": ["no node"], "webkit": ["no /usr/bin/Xvfb and no display"]})
    assert "the Firefox tests are skipped here: no node" in text
    assert "the WebKit tests are skipped here: no /usr/bin/Xvfb and no display" in text
