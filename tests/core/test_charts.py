"""The one chart module: labels clear of the bars, figures in the reader's language, patterns besides colours."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from flask_babel import force_locale

from lms.core.charts import Series, bar_chart, number

SVG = "{http://www.w3.org/2000/svg}"
LABELS = ["Africa", "Asia and the Pacific, including a name long enough to wrap anywhere else", "Arab States"]


def draw(app, language="en", **options):
    with app.test_request_context(), force_locale(language):
        series = [Series("Enrolled", [2517, 3.4, None]), Series("Completed", [1200, 2, "x"])]
        return str(bar_chart("c", "Title", "What it shows", LABELS, series, **options)), number(2517), number(3.4)


def test_figures_are_written_as_the_readers_tables_write_them(app):
    svg, thousands, decimal = draw(app, "fr")
    assert thousands == "2\u202f517" and decimal == "3,4"
    values = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("class") == "value"]
    assert values[:4] == ["2\u202f517", "1\u202f200", "3,4", "2"] and values[4:] == ["<5", "x"]


def test_every_label_has_its_own_line_above_its_bars(app):
    for stacked in (False, True):
        root = ET.fromstring(draw(app, stacked=stacked)[0])
        labels = [float(t.get("y")) for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
        bars = sorted(float(r.get("y")) for r in root.iter(f"{SVG}rect")
                      if (r.get("fill") or "").startswith("url(") and r.get("class") != "swatch")
        assert len(labels) == 3
        for index, baseline in enumerate(labels):
            below = [y for y in bars if y > baseline - 13]
            if stacked and index == 2:
                continue  # its two figures are hidden: nothing to draw
            assert below and min(below) >= baseline, (stacked, index)  # the bar starts under the label's text
        assert all(len(t.text or "") <= 120 for t in root.iter(f"{SVG}text"))


def test_each_series_has_a_pattern_of_its_own_and_the_chart_is_described(app):
    root = ET.fromstring(draw(app)[0])
    patterns = root.findall(f".//{SVG}pattern")
    shapes = [tuple(child.tag for child in p) for p in patterns]
    assert len(patterns) == 2 and len(set(shapes)) == 2  # told apart without colour
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}desc").text == "What it shows"
