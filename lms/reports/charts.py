"""Report charts drawn on the server as SVG; every chart has a table with the same numbers."""
from __future__ import annotations

from markupsafe import Markup, escape

COLOURS = ("#0b4f8a", "#1e6b30", "#8a5a00", "#6b2f8a", "#b00020")


def bars(title: str, labels: list[str], values: list[int | None], *, width: int = 360) -> Markup:
    """Horizontal bars, one per label; suppressed values (None) are drawn as empty and said so."""
    left, row = 220, 26
    top = max([v for v in values if v] or [1])
    w, h = left + width + 60, row * len(labels) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
             f'role="img" aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>']
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 4 + index * row
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{escape(label[:34])}</text>')
        length = round(width * (value or 0) / top)
        parts.append(f'<rect x="{left}" y="{y}" width="{length}" height="18" fill="{COLOURS[index % len(COLOURS)]}"/>')
        parts.append(f'<text x="{left + length + 6}" y="{y + 14}" font-size="12">'
                     f'{"&lt;5" if value is None else value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(title: str, labels: list[str], series: dict[str, list[int | None]], *, height: int = 160) -> Markup:
    """Grouped columns (for the trend by year): one group per label, one column per series; a
    hidden small count (None) draws no column and says "<5"."""
    group = 24 * len(series) + 24
    top = max([v for values in series.values() for v in values if v is not None] or [1]) or 1
    width = max(group * len(labels) + 20, 380)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 60}" width="{width}" '
             f'height="{height + 60}" role="img" aria-label="{escape(title)}" class="chart">'
             f'<title>{escape(title)}</title>']
    for index, name in enumerate(series):
        parts.append(f'<rect x="{index * 120}" y="0" width="12" height="12" fill="{COLOURS[index]}"/>'
                     f'<text x="{index * 120 + 16}" y="11" font-size="12">{escape(name)}</text>')
    for g, label in enumerate(labels):
        x0 = 10 + g * group
        for s, (name, values) in enumerate(series.items()):
            value = values[g]
            h = round(height * value / top) if value is not None else 0
            parts.append(f'<rect x="{x0 + s * 24}" y="{20 + height - h}" width="20" height="{h}" '
                         f'fill="{COLOURS[s]}"><title>{escape(name)}: {value if value is not None else "<5"}'
                         '</title></rect>')
        parts.append(f'<text x="{x0}" y="{height + 40}" font-size="12">{escape(str(label))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
