"""The design system's colours meet their contrast minimums, read from the stylesheet itself,
and the /style page documents every token and pair in the reader's language."""
from __future__ import annotations

import pytest

from lms.core import design
from tests.conftest import visible_text


def test_contrast_is_computed_as_wcag_defines_it():
    assert design.contrast("#000", "#fff") == pytest.approx(21.0)
    assert design.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    assert design.contrast("#fff", "#fff") == pytest.approx(1.0)


def test_every_colour_pair_the_pages_use_meets_its_minimum():
    tokens = design.tokens()
    assert {"ink", "bg", "brand", "on-brand", "error", "ok", "ok-bg", "warn-bg"} <= set(tokens)
    failing = [(p.foreground, p.background, round(p.ratio(tokens), 2), p.minimum) for p in design.PAIRS
               if p.ratio(tokens) < p.minimum]
    assert failing == []


def test_the_stylesheet_uses_its_tokens_not_loose_colours():
    css = design.STYLESHEET.read_text(encoding="utf-8")
    body = css[css.index("}", css.index(":root")) + 1:]  # everything after the tokens
    import re
    loose = re.findall(r"#[0-9a-fA-F]{3,6}\b", body)
    assert loose == []


@pytest.mark.parametrize("language, heading, ratio", [("en", "Design system", "17.4:1"),
                                                       ("fr", "Système de design", "17,4:1"),
                                                       ("zh", "设计系统", "17.4:1")])
def test_the_style_page_shows_every_token_and_pair(client, language, heading, ratio):
    response = client.get(f"/style?lang={language}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{language}"' in html
    text = visible_text(html)
    assert heading in text and ratio in text  # body text, ink on white
    for name in design.colours():
        assert f"--{name}" in text
    assert text.count(":1") >= 2 * len(design.PAIRS)
