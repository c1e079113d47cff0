"""Lines of text in any script on a ReportLab canvas: each character in a font that draws it,
right-to-left runs in their visual order, every run shaped by HarfBuzz, the fonts embedded as subsets.

ReportLab's own paragraphs shape with one font per word and need `rlbidi` (not on PyPI) for
right-to-left text, so lines are laid out here and drawn glyph by glyph: `shape` makes a
`Line`, `fit` shrinks and breaks a text into at most a few lines of a box, `draw` puts a line
on the canvas. Each glyph keeps the characters it stands for, so that the PDF's ToUnicode maps
(lms/core/tagging.py) and /ActualText give the text back in logical order.
"""
from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import re
import threading
import unicodedata
from typing import Any

import uharfbuzz as hb
from fontTools import unicodedata as scripts
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from lms.core.fonts import CJK_SCRIPTS, Face, Registered, covers, faces_for, register

_lock = threading.Lock()
PRIVATE_USE = 0xE000  # glyphs no character maps to (conjuncts, joined forms) get a private code for ReportLab
_RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})
_LATIN_LIKE = frozenset({"Latn", "Grek", "Cyrl", "Zyyy", "Zinh"})
# Chinese and Japanese punctuation that must not start (or end) a line.
_NO_BREAK_BEFORE = frozenset("，。、：；！？）」』》〉】,.:;!?)")
_NO_BREAK_AFTER = frozenset("（「『《〈【(")


@dataclasses.dataclass(frozen=True)
class Style:
    size: float
    display: bool = False           # Noto Serif Display for Latin, Greek and Cyrillic (large sizes)
    bold: bool = False
    italic: bool = False
    cjk: str = "zh"                 # the glyph forms of Han characters: zh, zh-Hant, ja, ko
    tracking: float = 0.0           # extra space after each letter, in thousandths of the size (Latin-like runs)

    def at(self, size: float) -> Style:
        return dataclasses.replace(self, size=size)


@dataclasses.dataclass
class Glyph:
    char: str       # the character ReportLab embeds the glyph under (its own, or a private one)
    x: float        # from the start of the run, points
    y: float        # above the baseline, points
    text: str       # the characters of the text it stands for ("" for the second glyph of a cluster)


@dataclasses.dataclass
class Run:
    font: Registered
    size: float
    glyphs: list[Glyph]
    width: float
    text: str
    rtl: bool
    plain: bool = True    # read back as it is drawn: no /ActualText needed


@dataclasses.dataclass
class Line:
    runs: list[Run]       # in visual order, left to right
    text: str             # in logical order
    size: float
    width: float
    ascent: float         # the tallest font's ascent and deepest descent (negative), points
    descent: float

    @property
    def actual_text(self) -> str | None:
        """The text, when reading the glyphs back would not give it (reordered vowel signs, marks):
        for /ActualText, which readers and pdftotext use instead. Right-to-left runs read back
        well without it (readers reorder them), and worse with it (pdftotext reverses it again)."""
        return None if all(run.plain for run in self.runs) else self.text

    def fonts(self) -> list[Registered]:
        return list({id(run.font): run.font for run in self.runs}.values())


# -- itemizing: which font and direction for each character -------------------------------------------

def _levels(text: str) -> list[int]:
    """Bidi embedding levels (UAX #9) of each character; all 0 for text with nothing right-to-left."""
    if not any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text):
        return [0] * len(text)
    import bidi

    # python-bidi's Rust implementation (the whole algorithm, brackets included) gives its levels only
    # as the `debug` report of unicode-bidi's BidiInfo, one level per byte of UTF-8.
    report = bidi.get_display(text, debug=True)
    match = re.search(r"levels: \[(.*?)\]", report, re.S)
    per_byte = [int(level) for level in re.findall(r"Level\(\s*(\d+)", match.group(1))] if match else []
    offsets = list(itertools.accumulate((len(c.encode()) for c in text), initial=0))[:-1]
    if len(per_byte) == offsets[-1] + len(text[-1].encode()):
        return [per_byte[offset] for offset in offsets]
    return _levels_by_reference(text)  # a report in another form: the pure-Python algorithm, without brackets


def _levels_by_reference(text: str) -> list[int]:
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = algorithm.get_base_level(text)
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    algorithm.get_embedding_levels(text, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels = [c["level"] for c in storage["chars"]]
    return levels if len(levels) == len(text) else [storage["base_level"]] * len(text)


@functools.lru_cache(maxsize=4096)
def _script(character: str) -> str:
    script = scripts.script(character)
    return "Hani" if script in CJK_SCRIPTS else script  # one run for Han, kana and Hangul together


def _scripts(text: str) -> list[str]:
    """Each character's script, with punctuation, spaces and marks taking their neighbours'."""
    found = [_script(c) for c in text]
    previous = None
    for index, script in enumerate(found):
        if script in ("Zyyy", "Zinh"):
            if previous:
                found[index] = previous
        else:
            previous = script
    following = None
    for index in range(len(found) - 1, -1, -1):  # leading punctuation takes what follows it
        if found[index] in ("Zyyy", "Zinh"):
            if following:
                found[index] = following
        else:
            following = found[index]
    return found


def _cjk_forms(text: str, default: str) -> str:
    if any(_script_of(c) == "Hang" for c in text):
        return "ko"
    if any(_script_of(c) in ("Hira", "Kana") for c in text):
        return "ja"
    return default


@functools.lru_cache(maxsize=4096)
def _script_of(character: str) -> str:
    return scripts.script(character)


@functools.lru_cache(maxsize=16384)
def _face_for(character: str, script: str, style: Style, cjk: str) -> Face:
    """The first of the script's faces that draws `character` (the style's size does not matter)."""
    options = faces_for(script, display=style.display, bold=style.bold, italic=style.italic, cjk=cjk)
    for face in options:
        if covers(face, character):
            return face
    if script != _script(character):  # a neighbour's script did not have it: try its own
        return _face_for(character, _script(character), style, cjk)
    return options[0]  # nothing draws it: the missing glyph shows, and missing_characters() says so


def _items(text: str, style: Style) -> list[tuple[int, int, Face, int, str]]:
    """(start, end, face, level, script) of each run of characters sharing a font and a direction."""
    levels = _levels(text)
    found = _scripts(text)
    cjk = _cjk_forms(text, style.cjk)
    sizeless = style.at(0)  # the face does not depend on the size: one cache entry for every size
    items: list[tuple[int, int, Face, int, str]] = []
    for index, character in enumerate(text):
        face = None
        if items and (unicodedata.category(character).startswith("M") or character in "\u200c\u200d"):
            face = items[-1][2]  # a mark stays with its base
        if face is None:
            face = _face_for(character, found[index], sizeless, cjk)
        if items and items[-1][2] == face and items[-1][3] == levels[index] and items[-1][1] == index:
            start, _, _, level, script = items[-1]
            items[-1] = (start, index + 1, face, level, script)
        else:
            items.append((index, index + 1, face, levels[index], found[index]))
    return items


# -- shaping -----------------------------------------------------------------------------------------------

def _hb_font(font: Registered) -> hb.Font:
    if font.hb_font is None:
        font.hb_font = hb.Font(hb.Face(font.data))
    return font.hb_font


def _char_for(font: Registered, gid: int) -> str:
    """The character ReportLab embeds glyph `gid` under; a private one when none maps to it."""
    face: Any = font.reportlab.face  # its tables (glyphToChar, hmetrics) are untyped in types-reportlab
    known = face.glyphToChar.get(gid)
    if known:
        return chr(known[0])
    return _private_char(font, gid)


def _private_char(font: Registered, gid: int) -> str:
    face: Any = font.reportlab.face
    with _lock:
        known = face.glyphToChar.get(gid)
        if known:
            return chr(known[0])
        code = max([PRIVATE_USE, *(c + 1 for c in face.charToGlyph if PRIVATE_USE <= c < 0xF900)])
        if code >= 0xF900:
            raise ValueError(f"{font.name}: no private code left for glyph {gid}")
        face.charToGlyph[code] = gid
        face.glyphToChar[gid] = [code]
        face.charWidths[code] = face._pdfScale(face.hmetrics[gid][0])
        return chr(code)


def _shape_run(text: str, start: int, end: int, face: Face, level: int, script: str, style: Style) -> Run:
    piece = text[start:end]
    font = register(face, frozenset(piece) if face.converted else None)
    buffer = hb.Buffer()
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text, item_offset=start, item_length=end - start)  # the neighbours are context for joining
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if level % 2 else "ltr"
    hb.shape(_hb_font(font), buffer, {"kern": True, "liga": True})
    scale = style.size / font.units_per_em
    tracking = style.tracking * style.size / 1000 if script in _LATIN_LIKE else 0.0
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    chars = [_char_for(font, i.codepoint) for i in infos]
    texts = _cluster_texts(text, start, end, [i.cluster for i in infos], chars)
    glyphs: list[Glyph] = []
    pen = 0.0
    privates = font.reportlab.texts  # what each private code stands for, for the ToUnicode maps
    for char, position, glyph_text in zip(chars, positions, texts, strict=True):
        glyphs.append(Glyph(char, pen + position.x_offset * scale, position.y_offset * scale, glyph_text))
        pen += position.x_advance * scale + (tracking if glyph_text else 0.0)
        if glyph_text and PRIVATE_USE <= ord(char) < 0xF900 and char not in privates:
            privates[char] = glyph_text
    if tracking and glyphs:
        pen -= tracking  # no extra space after the last letter: centring stays true
    rtl = bool(level % 2)
    # Glyphs that do not read in the order of the text (a vowel sign drawn before its consonant), or
    # marks drawn over their letters, which text extraction breaks apart.
    drawn = "".join(g.text for g in (reversed(glyphs) if rtl else glyphs))
    plain = drawn == piece and (rtl or not any(unicodedata.category(c).startswith("M") for c in piece))
    plain = plain and not tracking  # letters spaced out read back as words of one letter
    return Run(font, style.size, glyphs, pen, piece, rtl, plain)


def _cluster_texts(text: str, start: int, end: int, clusters: list[int], chars: list[str]) -> list[str]:
    """The characters each glyph stands for: a glyph alone in its cluster stands for all of it; in a
    cluster of several, each glyph stands for its own character and the first glyph without one
    (a conjunct, a joined form) for the rest."""
    bounds = [*sorted(set(clusters)), end]
    extent = {c: (c, bounds[bounds.index(c) + 1]) for c in set(clusters)}
    members: dict[int, list[int]] = {}
    for index, cluster in enumerate(clusters):
        members.setdefault(cluster, []).append(index)
    result = [""] * len(clusters)
    for cluster, indexes in members.items():
        first, last = extent[cluster]
        characters = text[first:last]
        if len(indexes) == 1:
            result[indexes[0]] = characters
            continue
        rest = list(characters)
        unmatched = []
        for index in indexes:
            if chars[index] in rest:
                result[index] = chars[index]
                rest.remove(chars[index])
            else:
                unmatched.append(index)
        if rest:
            result[(unmatched or indexes)[0]] += "".join(rest)
    return result


def _visual_order(runs: list[tuple[int, Run]]) -> list[Run]:
    """UAX #9 rule L2 over runs: reverse every sequence at each level from the highest odd one down."""
    if not runs:
        return []
    ordered = list(runs)
    highest = max(level for level, _ in ordered)
    lowest_odd = min((level for level, _ in ordered if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(ordered):
            if ordered[index][0] >= level:
                stop = index
                while stop < len(ordered) and ordered[stop][0] >= level:
                    stop += 1
                ordered[index:stop] = reversed(ordered[index:stop])
                index = stop
            else:
                index += 1
    return [run for _, run in ordered]


def shape(text: str, style: Style) -> Line:
    """One line of `text` in `style`, shaped and in visual order (kept: lines are not changed after)."""
    return _shape(" ".join(text.split()), style)


@functools.lru_cache(maxsize=4096)
def _shape(text: str, style: Style) -> Line:
    runs = [(level, _shape_run(text, start, end, face, level, script, style))
            for start, end, face, level, script in _items(text, style)]
    visual = _visual_order(runs)
    fonts = [run.font for _, run in runs]
    ascent = max((f.ascent for f in fonts), default=800) * style.size / 1000
    descent = min((f.descent for f in fonts), default=-200) * style.size / 1000
    return Line(visual, text, style.size, sum(run.width for run in visual), ascent, descent)


# -- breaking and fitting ------------------------------------------------------------------------------

def _break_points(text: str) -> list[int]:
    """Indexes where a line may start: after a space or a slash, or between Chinese or Japanese characters."""
    points = []
    for index in range(1, len(text)):
        before, after = text[index - 1], text[index]
        spaced = before == " " and after != " "
        # After a slash in an address, unless a digit follows (a date, a fraction).
        slashed = before == "/" and after not in "/ " and not after.isdigit()
        ideographic = (_script(before) == "Hani" and _script(after) == "Hani" and after not in _NO_BREAK_BEFORE
                       and before not in _NO_BREAK_AFTER)
        if spaced or slashed or ideographic:
            points.append(index)
    return points


def _cluster_points(text: str) -> list[int]:
    """Every place between two characters that does not split a letter from its marks or a conjunct."""
    points = []
    for index in range(1, len(text)):
        before, after = text[index - 1], text[index]
        if (unicodedata.category(after).startswith("M") or after in "\u200c\u200d" or before in "\u200c\u200d"
                or unicodedata.combining(before) == 9):  # 9: a virama, which joins the next consonant
            continue
        points.append(index)
    return points


def wrap(text: str, style: Style, width: float) -> list[Line]:
    """Greedy lines of at most `width` points, broken where a line may break (a word longer than
    the width stays whole: `fit` shrinks it)."""
    text = " ".join(text.split())
    lines: list[Line] = []
    start = 0
    points = [*_break_points(text), len(text)]
    while start < len(text):
        best = None
        for point in points:
            if point <= start:
                continue
            line = shape(text[start:point], style)
            if best is not None and line.width > width:
                break
            best = (point, line)
            if line.width > width:
                break
        assert best is not None
        start, line = best
        lines.append(line)
    return lines


def _best_split(text: str, style: Style, points: list[int]) -> tuple[Line, Line] | None:
    """The two lines, broken at one of `points`, whose longer line is shortest."""
    best = None
    for point in points:
        first, second = shape(text[:point], style), shape(text[point:], style)
        if best is None or max(first.width, second.width) < max(best[0].width, best[1].width):
            best = (first, second)
    return best


LEADING = 1.22  # line height as a multiple of the size


def fit(text: str, style: Style, width: float, height: float, max_lines: int = 2,
        min_size: float | None = None) -> list[Line]:
    """`text` on one line, or on up to `max_lines`, at the largest size up to `style.size` whose lines
    fit `width` and whose lines, `LEADING` apart, fit `height`. Below `min_size` (default: half the
    size) it breaks anywhere between letters rather than shrink further; it never overflows."""
    text = " ".join(text.split())
    minimum = min_size or style.size / 2
    one = shape(text, style)
    if one.width <= width and style.size <= height:
        return [one]
    candidates = [[one]]
    if max_lines >= 2:
        split = _best_split(text, style, _break_points(text))
        if split:
            candidates.append(list(split))
    if max_lines >= 3:
        candidates.append(wrap(text, style, max(one.width / max_lines, 1.0)))

    def scale(lines: list[Line]) -> float:
        widest = max(line.width for line in lines) or 1.0
        return min(1.0, width / widest, height / (style.size * (LEADING * (len(lines) - 1) + 1)))

    # One line unless breaking makes the text markedly larger (a fifth), then the largest; a choice
    # that stays above the smallest size before one that does not.
    ranked = sorted(candidates, key=lambda lines: scale(lines) * (1.2 if len(lines) == 1 else 1.0), reverse=True)
    chosen = next((lines for lines in ranked if style.size * scale(lines) >= minimum), max(ranked, key=scale))
    factor = scale(chosen)
    if style.size * factor < minimum and max_lines >= 2:
        split = _best_split(text, style, _cluster_points(text))
        if split and scale(list(split)) > factor:
            chosen, factor = list(split), scale(list(split))
    size = style.size * factor * 0.999  # a hair under, against rounding in the PDF
    return [shape(line.text, style.at(size)) for line in chosen]


# -- drawing ---------------------------------------------------------------------------------------------

def pdf_document(canvas: Canvas) -> Any:
    """The canvas's document, whose fonts and objects drawing glyphs and tags needs (private in ReportLab)."""
    return canvas._doc  # type: ignore[attr-defined]


def draw(canvas: Canvas, line: Line, x: float, y: float, align: str = "centre", colour: colors.Color | None = None
         ) -> tuple[float, float, float, float]:
    """Draw `line` with its baseline at `y`, starting at `x` (left), ending there (right) or centred
    on it; returns its box (x0, y0, x1, y1) from the fonts' ascent and descent."""
    left = {"left": x, "right": x - line.width}.get(align, x - line.width / 2)
    if colour is not None:
        canvas.setFillColor(colour)
    canvas.addLiteral(" ".join(["BT", *_operators(canvas, line, left, y), "ET"]))
    return left, y + line.descent, left + line.width, y + line.ascent


def draw_turned(canvas: Canvas, placements: list[tuple[Line, float, float, float]], colour: colors.Color) -> None:
    """Draw each line centred on its (x, y), turned by its angle (degrees, anticlockwise), in one text
    object: lettering round a seal."""
    canvas.setFillColor(colour)
    code = ["BT"]
    for line, x, y, angle in placements:
        turn = (math.cos(math.radians(angle)), math.sin(math.radians(angle)))
        code.extend(_operators(canvas, line, -line.width / 2, 0.0, origin=(x, y), turn=turn))
    code.append("ET")
    canvas.addLiteral(" ".join(code))


def _operators(canvas: Canvas, line: Line, left: float, y: float, origin: tuple[float, float] = (0.0, 0.0),
               turn: tuple[float, float] = (1.0, 0.0)) -> list[str]:
    """The text operators drawing `line` from (left, y), in a frame at `origin` turned by (cos, sin)."""
    document = pdf_document(canvas)
    code: list[str] = []
    current: tuple[str, int] | None = None
    pen_x = pen_y = None
    pending: list[str] = []
    cos, sin = turn
    matrix = f"{_number(cos)} {_number(sin)} {_number(-sin)} {_number(cos)}"

    def flush() -> None:
        if pending:
            code.append(f"[{' '.join(pending)}] TJ")
            pending.clear()

    run_x = left
    for run in line.runs:
        font = run.font.reportlab
        face = font.face
        for glyph in run.glyphs:
            gx, gy = run_x + glyph.x, y + glyph.y
            ((subset, data),) = font.splitString(glyph.char, document)
            if current != (run.font.name, subset):
                flush()
                code.append(f"{font.getSubsetInternalName(subset, document)} {_number(run.size)} Tf")
                current = (run.font.name, subset)
                pen_x = None
            if pen_x is None or pen_y is None or abs(gy - pen_y) > 0.001:
                flush()
                tx, ty = origin[0] + cos * gx - sin * gy, origin[1] + sin * gx + cos * gy
                code.append(f"{matrix} {_number(tx)} {_number(ty)} Tm")
                pen_x, pen_y = gx, gy
            elif abs(gx - pen_x) > 0.001:
                pending.append(_number((pen_x - gx) * 1000 / run.size))
            pending.append(f"<{data.hex()}>")
            pen_x = gx + face.getCharWidth(ord(glyph.char) if glyph.char != "\xa0" else 32) * run.size / 1000
        run_x += run.width
    flush()
    return code


def _number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def missing_characters(text: str, style: Style) -> set[str]:
    """Characters of `text` that no installed font draws (they would print as boxes)."""
    cjk = _cjk_forms(text, style.cjk)
    return {c for c, script in zip(text, _scripts(text), strict=True)
            if not c.isspace() and unicodedata.category(c) != "Cf"
            and not covers(_face_for(c, script, style.at(0), cjk), c)}
