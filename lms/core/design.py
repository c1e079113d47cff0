"""The design system: the stylesheet's tokens, read from lms/static/style.css itself, and the
colour pairs the pages use, each with its contrast ratio (WCAG 2.2) and the minimum it must meet.

The /style page shows them beside the components; tests/core/test_design.py holds every pair to
its minimum, so a colour changed in the stylesheet that fails a reader fails the tests.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

from flask_babel import lazy_gettext as _l

STYLESHEET = Path(__file__).resolve().parents[1] / "static" / "style.css"
TEXT, LARGE_OR_UI = 4.5, 3.0  # WCAG 1.4.3 (normal text) and 1.4.11 (controls, large text)


@dataclasses.dataclass(frozen=True)
class Pair:
    foreground: str
    background: str
    minimum: float
    where: object  # a lazy string: where the pages use it

    def ratio(self, tokens: dict[str, str]) -> float:
        return contrast(tokens[self.foreground], tokens[self.background])


PAIRS = (
    Pair("ink", "bg", TEXT, _l("Body text")),
    Pair("muted", "bg", TEXT, _l("Hints, footer, secondary text")),
    Pair("brand", "bg", TEXT, _l("Links and outlined buttons")),
    Pair("on-brand", "brand", TEXT, _l("Header and primary buttons")),
    Pair("on-brand", "brand-dark", TEXT, _l("Primary buttons, hovered")),
    Pair("error", "bg", TEXT, _l("Error messages")),
    Pair("ok", "bg", TEXT, _l("Success marks")),
    Pair("ok", "ok-bg", TEXT, _l("“Done” tags and cells")),
    Pair("error", "warn-bg", TEXT, _l("“Overdue” tags")),
    Pair("ink", "warn-bg", TEXT, _l("Overdue cells of the progress table")),
    Pair("ink", "progress-bg", TEXT, _l("In-progress cells of the progress table")),
    Pair("ink", "tag-bg", TEXT, _l("Tags")),
    Pair("ink", "soft", TEXT, _l("Notices and messages")),
    Pair("muted", "soft", TEXT, _l("Hints inside notices")),
    Pair("brand", "soft", TEXT, _l("Links inside notices")),
    Pair("ink", "panel", TEXT, _l("Submitted text")),
    Pair("field-border", "bg", LARGE_OR_UI, _l("Borders of form fields")),
    Pair("ink", "bg", LARGE_OR_UI, _l("Focus ring")),
    Pair("on-brand", "brand", LARGE_OR_UI, _l("Focus ring in the header")),
)


@functools.cache
def tokens() -> dict[str, str]:
    """The custom properties of the stylesheet's :root rule, in order: name (without "--") → value."""
    css = STYLESHEET.read_text(encoding="utf-8")
    root = re.search(r":root\s*\{(.*?)\}", css, re.S)
    if root is None:
        return {}
    return {name: value.strip() for name, value in re.findall(r"--([\w-]+)\s*:\s*([^;]+);", root.group(1))}


def colours() -> dict[str, str]:
    return {name: value for name, value in tokens().items() if value.startswith("#")}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
