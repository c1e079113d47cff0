"""A font for PDFs in every language of the programme, embedded, from the project's dependencies.

Noto Sans CJK (Simplified Chinese face) covers Chinese, Latin with accents and common
punctuation. Its outlines are CFF, which ReportLab cannot embed, so each document gets
a subset of just the characters it uses, converted to TrueType outlines. Subsets are
cached in memory by character set.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import threading
from pathlib import Path
from typing import cast

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
    data = io.BytesIO(_subset_bytes(font, name, characters))
    pdfmetrics.registerFont(ReportLabFont(name, data))
    return name


def _subset_bytes(font: TTFont, name: str, characters: str) -> bytes:
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
    return data.getvalue()


BASIC = "".join(chr(c) for c in range(0x20, 0x7F)) + "·–—‘’“”«»…•€ "


def _common_characters() -> frozenset[str]:
    """Latin, Greek, Cyrillic, punctuation and the 6,763 Chinese characters of GB 2312."""
    ranges = [(0x20, 0x7F), (0xA0, 0x250), (0x370, 0x400), (0x400, 0x530), (0x1E00, 0x1F00), (0x2000, 0x2070),
              (0x20A0, 0x20C0), (0x3000, 0x3040), (0xFF00, 0xFFF0)]
    characters = {chr(c) for start, end in ranges for c in range(start, end)}
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # a gap in GB 2312's table
                characters.add(bytes([high, low]).decode("gb2312"))
    return frozenset(characters) | frozenset(BASIC)


COMMON = _common_characters()


def _cache_folder() -> Path:
    import os
    return Path(os.environ.get("LMS_FONT_CACHE") or Path.home() / ".cache" / "unevoc-lms" / "fonts")


@functools.cache
def _common_font() -> str:
    """One font for the characters most certificates and lessons use, built once and kept on disk.

    Building it takes a few seconds; documents whose text it covers then cost
    nothing more, which is what lets certificates be made many per second.
    """
    import os
    import secrets as _secrets
    from importlib.metadata import version

    characters = "".join(sorted(COMMON & _cjk_characters_as_text()))
    key = hashlib.sha1(f"{version('noto-cjk-sans-otc')}:{characters}".encode()).hexdigest()[:12]
    name = f"NotoSansSC-common-{key}"
    path = _cache_folder() / f"{name}.ttf"
    if not path.exists():
        with TTFont(str(_collection_path()), fontNumber=SC_FACE) as font:
            data = _subset_bytes(font, name, characters)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{_secrets.token_hex(4)}")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    pdfmetrics.registerFont(ReportLabFont(name, str(path)))
    return name


def _cjk_characters_as_text() -> frozenset[str]:
    return frozenset(chr(c) for c in _cjk_characters())


def font_for(text: str) -> str:
    """The name of a registered font that draws every character of `text`."""
    used = set(text) | set(BASIC)
    with _lock:
        if used <= COMMON:
            return _common_font()
        return _font_for("".join(sorted(used)))


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
    # getFont is typed as returning the base Font; latin_family registered TrueType fonts.
    face = cast(ReportLabFont, pdfmetrics.getFont(latin_family())).face
    return ord(character) in face.charToGlyph


def with_fallback(markup_text: str, fallback: str) -> str:
    """Wrap the runs of characters Vera cannot draw in the fallback (CJK) font."""
    out: list[str] = []
    run: list[str] = []
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
