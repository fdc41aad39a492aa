"""Pictures: text grids and well-formed, accessible SVG."""

import xml.etree.ElementTree as ET

import nnbook

SVG = "{http://www.w3.org/2000/svg}"
X, T, LABELS = nnbook.data.slide_images()


def test_show_prints_a_4_by_3_grid(capsys):
    nnbook.show(X[0])
    out = capsys.readouterr().out.splitlines()
    assert out == ["· ■ ■", "■ · ·", "■ · ·", "· ■ ■"]
    nnbook.show(X[:2], labels=["C", "C"], ascii=True)
    out = capsys.readouterr().out.splitlines()
    assert out == ["C      C", ". # #  # # #", "# . .  # . .", "# . .  # . .", ". # #  . # #"]


def test_every_pixel_is_one_glyph_a_space_apart_so_the_letters_are_even():
    # a grey pixel too: every row is 3 glyphs of width 1 with single spaces, whatever the values
    rows = nnbook.Image([1, 0.5, 0, 0, 1, 0.5, 0.5, 0, 1, 1, 1, 1]).lines()
    assert rows == ["■ ▪ ·", "· ■ ▪", "▪ · ■", "■ ■ ■"]
    assert all(len(r) == 5 and r[1::2] == "  " for r in rows)


def test_image_text_and_svg():
    img = nnbook.Image(X[3], caption="T")
    assert str(img) == "T\n■ ■ ■\n· ■ ·\n· ■ ·\n· ■ ·"
    root = ET.fromstring(img._repr_svg_())
    assert root.tag == SVG + "svg"
    title = root.find(SVG + "title")
    assert title is not None and "111/010/010/010" in title.text
    assert len(root.findall(SVG + "rect")) == 12


def test_network_svg_is_well_formed_and_shows_signs_and_sizes():
    net = nnbook.Network(seed=0)
    net["w_5,2^H"] = -3.0          # the largest weight, negative
    svg = net._repr_svg_()
    root = ET.fromstring(svg)
    assert "12-3-2" in root.find(SVG + "title").text
    lines = root.iter(SVG + "line")
    by_name = {}
    for line in lines:
        name = line.find(SVG + "title").text.split(" = ")[0]
        by_name[name] = line
    assert len(by_name) == 12 * 3 + 3 * 2
    assert set(by_name) == {n for n in net.names() if n.startswith("w")}
    thick = by_name[net.name(net.index("w_5,2^H"))]     # canonical: "w_52^H"
    assert thick.get("stroke") == nnbook.display.NEGATIVE and thick.get("stroke-dasharray")
    widths = [float(line.get("stroke-width")) for line in by_name.values()]
    assert float(thick.get("stroke-width")) == max(widths)
    positive = next(n for n in by_name if net[n] > 0)
    assert by_name[positive].get("stroke") == nnbook.display.POSITIVE
    assert "theta_3^H" in svg       # thresholds in the units' titles


def test_network_svg_for_other_shapes():
    for sizes in [(2, 1), (4, 5, 3, 2)]:
        root = ET.fromstring(nnbook.network_svg(nnbook.Network(sizes, seed=0)))
        assert len(list(root.iter(SVG + "circle"))) == sum(sizes)
