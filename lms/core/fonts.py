"""A font for PDFs in every language of the programme, embedded, from the project's dependencies.

Noto Sans CJK (Simplified Chinese face) covers Chinese, Latin with accents and common
punctuation. Its outlines are CFF, which ReportLab cannot embed, so each document gets
a subset of just the characters it uses, converted to TrueType outlines. Subsets are
cached in memory by character set.
"""
from __future__ import annotations

import functools
import hashlib
import io
import threading
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont

SC_FACE = 2  # the Simplified Chinese face of the Noto Sans CJK collection
_lock = threading.Lock()


def _collection_path() -> Path:
    import noto_cjk_sans_otc
    return Path(noto_cjk_sans_otc.__file__).parent / "NotoSansCJK-Regular.ttc"


def _to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines of `font` by quadratic TrueType ones."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font.sfntVersion = "\x00\x01\x00\x00"


@functools.lru_cache(maxsize=64)
def _font_for(characters: str) -> str:
    name = "NotoSansSC-" + hashlib.sha1(characters.encode()).hexdigest()[:10]
    with TTFont(str(_collection_path()), fontNumber=SC_FACE) as font:
        return _register_subset(font, name, characters)


def _register_subset(font: TTFont, name: str, characters: str) -> str:
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    _to_truetype(font)
    # Each subset gets names of its own: ReportLab tells fonts apart by their internal name,
    # and two subsets sharing one would draw with each other's glyph numbers.
    names = font["name"]
    for name_id, value in ((1, name), (4, name), (6, name)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    data = io.BytesIO()
    font.save(data)
    data.seek(0)
    pdfmetrics.registerFont(ReportLabFont(name, data))
    return name


BASIC = "".join(chr(c) for c in range(0x20, 0x7F)) + "·–—‘’“”«»…•€ "


def font_for(text: str) -> str:
    """The name of a registered font that draws every character of `text`."""
    characters = "".join(sorted(set(text) | set(BASIC)))
    with _lock:
        return _font_for(characters)


LATIN = "Vera"  # Bitstream Vera, shipped with ReportLab: regular, bold, italic and both


@functools.cache
def latin_family() -> str:
    """Register ReportLab's own Vera family so that <b> and <i> work in Latin text."""
    from reportlab.lib.fonts import addMapping
    from reportlab.rl_config import TTFSearchPath  # noqa: F401 - Vera is on ReportLab's search path

    for name, file in (("Vera", "Vera.ttf"), ("Vera-Bold", "VeraBd.ttf"), ("Vera-Italic", "VeraIt.ttf"),
                       ("Vera-BoldItalic", "VeraBI.ttf")):
        pdfmetrics.registerFont(ReportLabFont(name, file))
    addMapping(LATIN, 0, 0, "Vera")
    addMapping(LATIN, 1, 0, "Vera-Bold")
    addMapping(LATIN, 0, 1, "Vera-Italic")
    addMapping(LATIN, 1, 1, "Vera-BoldItalic")
    return LATIN


def latin_covers(character: str) -> bool:
    face = pdfmetrics.getFont(latin_family()).face
    return ord(character) in face.charToGlyph


def with_fallback(markup_text: str, fallback: str) -> str:
    """Wrap the runs of characters Vera cannot draw in the fallback (CJK) font."""
    out, run = [], []
    for character in markup_text:
        if character.isspace() or latin_covers(character):
            if run:
                out.append(f'<font face="{fallback}">{"".join(run)}</font>')
                run = []
            out.append(character)
        else:
            run.append(character)
    if run:
        out.append(f'<font face="{fallback}">{"".join(run)}</font>')
    return "".join(out)


@functools.cache
def _cjk_characters() -> frozenset[int]:
    with TTFont(str(_collection_path()), fontNumber=SC_FACE, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` that neither Vera nor the CJK font can draw (they would show as boxes)."""
    return {c for c in set(text) if not c.isspace() and not latin_covers(c) and ord(c) not in _cjk_characters()}
