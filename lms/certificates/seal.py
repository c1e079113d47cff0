"""The programme's seal, drawn in vector: a gold rosette, a blue ring carrying the programme's name,
a laurel wreath around a gear (technical and vocational skills). Ours, not UNESCO's logo."""
from __future__ import annotations

import functools
import io
import math

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from lms.core.typeset import Glyph, Line, Run, Style, draw_turned, shape

BLUE = colors.HexColor("#0b4f8a")
GOLD = colors.HexColor("#b8912f")
LIGHT_GOLD = colors.HexColor("#e3cd8a")
CREAM = colors.HexColor("#fffdf6")


def _rosette(canvas: Canvas, cx: float, cy: float, radius: float, points: int = 60) -> None:
    path = canvas.beginPath()
    for index in range(points * 2 + 1):
        angle = math.pi * index / points
        r = radius if index % 2 == 0 else radius * 0.955
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        if index == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    path.close()
    canvas.setFillColor(GOLD)
    canvas.drawPath(path, stroke=0, fill=1)


def _gear(canvas: Canvas, cx: float, cy: float, radius: float, teeth: int = 12) -> None:
    path = canvas.beginPath()
    inner = radius * 0.8
    step = 2 * math.pi / teeth
    for tooth in range(teeth):
        base = tooth * step + math.pi / 2
        for angle, r in ((base - step * 0.5, inner), (base - step * 0.2, inner), (base - step * 0.14, radius),
                         (base + step * 0.14, radius), (base + step * 0.2, inner)):
            x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
            if tooth == 0 and r == inner and angle == base - step * 0.5:
                path.moveTo(x, y)
            else:
                path.lineTo(x, y)
    path.close()
    canvas.setFillColor(BLUE)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(CREAM)
    canvas.circle(cx, cy, radius * 0.5, stroke=0, fill=1)
    canvas.setFillColor(GOLD)
    _star(canvas, cx, cy, radius * 0.38)


def _star(canvas: Canvas, cx: float, cy: float, radius: float) -> None:
    path = canvas.beginPath()
    for index in range(11):
        angle = math.pi / 2 + index * math.pi / 5
        r = radius if index % 2 == 0 else radius * 0.42
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        if index == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _leaf(canvas: Canvas, x: float, y: float, length: float, angle: float) -> None:
    """A pointed leaf from (x, y), `length` long, pointing at `angle` (radians)."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.rotate(math.degrees(angle))
    width = length * 0.36
    path = canvas.beginPath()
    path.moveTo(0, 0)
    path.curveTo(length * 0.3, width, length * 0.75, width * 0.8, length, 0)
    path.curveTo(length * 0.75, -width * 0.8, length * 0.3, -width, 0, 0)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _laurel(canvas: Canvas, cx: float, cy: float, radius: float) -> None:
    """Two branches rising from the bottom along a circle of `radius`, leaves on both sides."""
    canvas.setFillColor(GOLD)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(radius * 0.035)
    leaves = 8
    for side in (-1, 1):
        start, end = -math.pi / 2 + side * 0.25, -math.pi / 2 + side * (math.pi - 0.55)
        arc = canvas.beginPath()
        for index in range(21):
            t = start + (end - start) * index / 20
            x, y = cx + radius * math.cos(t), cy + radius * math.sin(t)
            if index == 0:
                arc.moveTo(x, y)
            else:
                arc.lineTo(x, y)
        canvas.drawPath(arc, stroke=1, fill=0)
        for index in range(leaves):
            t = start + (end - start) * (index + 0.5) / leaves
            x, y = cx + radius * math.cos(t), cy + radius * math.sin(t)
            tangent = t + side * math.pi / 2
            size = radius * (0.34 - 0.012 * index)
            _leaf(canvas, x, y, size, tangent + side * 0.55)
            _leaf(canvas, x, y, size, tangent - side * 0.55)
        tip = cx + radius * math.cos(end), cy + radius * math.sin(end)
        _leaf(canvas, *tip, radius * 0.3, end + side * math.pi / 2)


def _letters(text: str, style: Style) -> list[Line]:
    """`text` shaped as one line (one font subset for all of it), cut into a line per glyph."""
    whole = shape(text, style)
    letters = []
    for run in whole.runs:
        starts = [glyph.x for glyph in run.glyphs] + [run.width]
        for glyph, end in zip(run.glyphs, starts[1:], strict=True):
            width = end - glyph.x
            piece = Run(run.font, run.size, [Glyph(glyph.char, 0.0, glyph.y, glyph.text)], width, glyph.text, run.rtl)
            letters.append(Line([piece], glyph.text, run.size, width, whole.ascent, whole.descent))
    return letters


def _ring_text(canvas: Canvas, text: str, cx: float, cy: float, radius: float, size: float) -> None:
    """`text` round the circle, clockwise from the top, each letter upright to the ring."""
    style = Style(size, display=True, bold=True)
    letters = _letters(text, style)
    gap = size * 0.08
    total = sum(line.width for line in letters) + gap * len(letters)
    circumference = 2 * math.pi * radius
    if total > circumference * 0.97:  # too long for the ring at this size: smaller letters
        scale = circumference * 0.97 / total
        letters = _letters(text, style.at(size * scale))
        gap *= scale
        total = sum(line.width for line in letters) + gap * len(letters)
    spare = (circumference - total) / len(letters)
    placements = []
    angle = math.pi / 2 + (letters[0].width / 2) / radius
    baseline = radius - size * 0.35  # the letters' middle on the circle
    for line in letters:
        angle -= (line.width / 2) / radius
        placements.append((line, cx + baseline * math.cos(angle), cy + baseline * math.sin(angle),
                           math.degrees(angle - math.pi / 2)))
        angle -= (line.width / 2 + gap + spare) / radius
    draw_turned(canvas, placements, colors.white)


def draw_seal(canvas: Canvas, cx: float, cy: float, radius: float, ring_text: str) -> None:
    """The seal centred on (cx, cy); `ring_text` goes round it (the programme's name)."""
    canvas.addLiteral(f"q {_drawing(cx, cy, radius)} Q")
    _ring_text(canvas, f"{ring_text} • ", cx, cy, radius * 0.73, radius * 0.15)


@functools.lru_cache(maxsize=8)
def _drawing(cx: float, cy: float, radius: float) -> str:
    """The seal without its text, as PDF drawing operators: the same on every certificate, so made once
    (its hundreds of points cost more to write out than the rest of the page)."""
    canvas = Canvas(io.BytesIO())
    code: list[str] = canvas._code  # type: ignore[attr-defined]  # the operators drawn so far
    _rosette(canvas, cx, cy, radius)
    canvas.setFillColor(BLUE)
    canvas.circle(cx, cy, radius * 0.9, stroke=0, fill=1)
    canvas.setStrokeColor(LIGHT_GOLD)
    canvas.setLineWidth(radius * 0.018)
    canvas.circle(cx, cy, radius * 0.865, stroke=1, fill=0)
    canvas.setFillColor(CREAM)
    canvas.circle(cx, cy, radius * 0.6, stroke=0, fill=1)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(radius * 0.025)
    canvas.circle(cx, cy, radius * 0.6, stroke=1, fill=0)
    _laurel(canvas, cx, cy, radius * 0.42)
    _gear(canvas, cx, cy, radius * 0.26)
    return " ".join(code)
