"""Every chart of the platform, drawn on the server as SVG by one function.

Horizontal bars, because labels in any language then have a line of their own above their bars
and never run into them; each bar's number is written at its end (a stacked bar's inside its
part when the part is wide enough), formatted for the reader's language as the tables beside
the charts are; each series has a pattern as well as a colour, so that nothing depends on
telling colours apart, and the legend shows both. Text is drawn in the page's own text colour,
and in forced-colours mode (lms/static/style.css) the bars become the system's text colour with
their patterns cut out, so a chart reads in a high-contrast theme too. Every page that shows a
chart also shows its numbers in a table.
"""
from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Sequence

from flask_babel import format_decimal
from markupsafe import Markup, escape

WIDTH = 640
FONT = 13
BAR = 16
GAP = 4
# Colours at least 3:1 against white; a pattern for each, for readers who cannot tell them apart.
COLOURS = ("#0b4f8a", "#1e6b30", "#b00020", "#8a5a00", "#6b2f8a", "#595959")
PATTERNS = ("solid", "diagonal", "cross", "dots", "horizontal", "vertical")

# A figure, or the mark a hidden one is shown with ("<5", "x"): no bar, the mark written.
Value = int | float | str | None


def _size(value: Value) -> float:
    return value if isinstance(value, int | float) else 0


@dataclasses.dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Value]
    colour: str | None = None
    pattern: str | None = None


def number(value: Value) -> str:
    """A figure as the tables write it in the reader's language; a hidden small count as "<5"."""
    if value is None:
        return "<5"
    if isinstance(value, str):
        return value
    return format_decimal(value, format="#,##0.#")


def text_width(text: str, size: int = FONT) -> float:
    """An estimate of the width of `text` in pixels: wide (CJK) characters count a full em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.56 for c in text)


def _fit(text: str, room: float, size: int = FONT) -> str:
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _pattern(chart_id: str, index: int, colour: str, kind: str) -> str:
    """A fill: the colour, with white lines or dots over it (none for "solid")."""
    marks = {
        "diagonal": '<path class="cut" d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" stroke-width="1.6"/>',
        "cross": '<path class="cut" d="M0,0 L8,8 M8,0 L0,8" stroke="#fff" stroke-width="1.4"/>',
        "dots": '<circle class="cut-dot" cx="4" cy="4" r="1.6" fill="#fff"/>',
        "horizontal": '<path class="cut" d="M0,4 H8" stroke="#fff" stroke-width="1.6"/>',
        "vertical": '<path class="cut" d="M4,0 V8" stroke="#fff" stroke-width="1.6"/>',
    }.get(kind, "")
    return (f'<pattern id="{chart_id}-p{index}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect class="bar" width="8" height="8" fill="{colour}"/>{marks}</pattern>')


def bar_chart(chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series], *,
              stacked: bool = False, maximum: float | None = None) -> Markup:
    """Bars per label: side by side (one per series) or `stacked` into one; `maximum` fixes the
    scale (a score out of 5), else the largest value (or stacked total) fills the width."""
    fills = []
    defs = []
    for index, s in enumerate(series):
        colour = s.colour or COLOURS[index % len(COLOURS)]
        kind = s.pattern or PATTERNS[index % len(PATTERNS)]
        defs.append(_pattern(chart_id, index, colour, kind))
        fills.append(f"url(#{chart_id}-p{index})")
    totals = [sum(_size(v) for v in column) for column in zip(*(s.values for s in series), strict=True)] \
        if series else []
    top = maximum or max((totals if stacked else [_size(v) for s in series for v in s.values]) or [1]) or 1
    number_room = 64
    room = WIDTH - number_room

    parts: list[str] = []
    # The legend, flowing onto as many lines as it needs.
    x, y = 0.0, 0
    if len(series) > 1:
        for index, s in enumerate(series):
            item = 22 + text_width(s.name) + 18
            if x and x + item > WIDTH:
                x, y = 0.0, y + 22
            parts.append(f'<rect x="{x:.0f}" y="{y + 2}" width="16" height="16" fill="{fills[index]}" '
                         f'class="swatch"/><text x="{x + 22:.0f}" y="{y + 15}">{escape(s.name)}</text>')
            x += item
        y += 30
    for row, label in enumerate(labels):
        parts.append(f'<text x="0" y="{y + FONT}" class="label">{escape(_fit(label, WIDTH))}</text>')
        y += FONT + 6
        if stacked:
            start = 0.0
            for index, s in enumerate(series):
                value = _size(s.values[row])
                length = room * value / top
                if length >= 0.5:
                    parts.append(f'<rect x="{start:.1f}" y="{y}" width="{length:.1f}" height="{BAR + 4}" '
                                 f'fill="{fills[index]}"><title>{escape(s.name)}: '
                                 f'{escape(number(s.values[row]))}</title></rect>')
                    written = number(value)
                    if length >= text_width(written) + 12:
                        middle = start + length / 2
                        half = text_width(written) / 2 + 4
                        parts.append(f'<rect x="{middle - half:.1f}" y="{y + 3}" width="{2 * half:.1f}" '
                                     f'height="{BAR - 2}" rx="3" fill="#fff" class="pill"/>'
                                     f'<text x="{middle:.1f}" y="{y + BAR - 1}" text-anchor="middle" '
                                     f'class="on-bar">{escape(written)}</text>')
                start += length
            parts.append(f'<text x="{start + 6:.1f}" y="{y + BAR - 1}" class="value">'
                         f'{escape(number(totals[row]))}</text>')
            y += BAR + 4 + 14
        else:
            for index, s in enumerate(series):
                figure = s.values[row]
                length = room * _size(figure) / top
                written = escape(number(figure))
                parts.append(f'<rect x="0" y="{y}" width="{length:.1f}" height="{BAR}" fill="{fills[index]}">'
                             f'<title>{escape(s.name)}: {written}</title></rect>'
                             f'<text x="{length + 6:.1f}" y="{y + BAR - 3}" class="value">{written}</text>')
                y += BAR + GAP
            y += 12
    height = y + 4
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" font-size="{FONT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'<defs>{"".join(defs)}</defs>{"".join(parts)}</svg>')
