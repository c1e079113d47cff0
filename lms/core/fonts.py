"""A font for PDFs in every language of the programme, embedded, from the project's dependencies.

Noto Sans CJK (Simplified Chinese face) covers Chinese, Latin with accents and common
punctuation. Its outlines are CFF, which ReportLab cannot embed, so each document gets
a subset of just the characters it uses, converted to TrueType outlines. Subsets are
cached in memory by character set.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import threading
import unicodedata
from pathlib import Path
from typing import cast

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont

from reportlab import rl_config

SC_FACE = 2  # the Simplified Chinese face of the Noto Sans CJK collection
# Streams deflated only, not also in ASCII85: a fifth smaller, and no time spent encoding them.
rl_config.useA85 = 0
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


# Every script: the Noto fonts of Debian's fonts-noto-core and fonts-noto-cjk packages, installed by
# `make install` and .ci/run. Only these two packages' folders are searched (never fontconfig, which
# would find whatever else happens to be on the machine); LMS_FONT_PATH names other folders holding
# the same files, for a machine without Debian's packages.
NOTO_FOLDERS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto")
NOTO_PACKAGES = "fonts-noto-core fonts-noto-cjk"


class FontMissing(RuntimeError):
    """A font file the documents need is not installed."""


def font_folders() -> list[Path]:
    import os
    configured = os.environ.get("LMS_FONT_PATH")
    return [Path(p) for p in (configured.split(os.pathsep) if configured else NOTO_FOLDERS) if p]


@functools.cache
def _noto_files() -> dict[str, Path]:
    """Font files by lower-case file name, from the folders above."""
    found: dict[str, Path] = {}
    for folder in font_folders():
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in (".ttf", ".otf", ".ttc"):
                    found.setdefault(path.name.lower(), path)
    return found


@dataclasses.dataclass(frozen=True)
class Face:
    """One face of a font file: a file name among the Noto fonts, and its index in a collection."""

    file: str
    index: int = 0

    @property
    def path(self) -> Path:
        path = _noto_files().get(self.file.lower())
        if path is None:
            raise FontMissing(f"{self.file} is missing from {', '.join(map(str, font_folders()))}: "
                              f"install Debian's {NOTO_PACKAGES} (make install does)")
        return path

    @property
    def installed(self) -> bool:
        return self.file.lower() in _noto_files()

    @property
    def converted(self) -> bool:
        """CFF outlines (the CJK collections), which ReportLab cannot embed: subsets get TrueType ones."""
        return self.file.lower().endswith((".ttc", ".otf"))


# The faces of the Noto Serif CJK collection, by the language whose glyph forms they draw.
CJK_FACES = {"ja": 0, "ko": 1, "zh": 2, "zh-Hant": 3}
CJK_SCRIPTS = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})
# Scripts whose Noto Serif is named otherwise, or which have none and take Noto Sans.
_SCRIPT_STEMS = {"Arab": ("NotoNaskhArabic", "NotoSansArabic"), "Latn": ("NotoSerif",), "Grek": ("NotoSerif",),
                 "Cyrl": ("NotoSerif",), "Zyyy": ("NotoSerif",), "Zinh": ("NotoSerif",)}
_LAST_RESORT = ("NotoSerif", "NotoSans", "NotoSansSymbols", "NotoSansSymbols2", "NotoSansMath")


def _stems(script: str) -> tuple[str, ...]:
    if script in _SCRIPT_STEMS:
        return _SCRIPT_STEMS[script]
    from fontTools import unicodedata
    name = "".join(unicodedata.script_name(script, default="").replace("_", " ").title().split())
    return (f"NotoSerif{name}", f"NotoSans{name}") if name else ()


def _style_files(stem: str, bold: bool, italic: bool) -> list[str]:
    style = ("Bold" if bold else "") + ("Italic" if italic else "") or "Regular"
    return [f"{stem}-{style}.ttf", *([f"{stem}-Bold.ttf"] if bold and italic else []), f"{stem}-Regular.ttf"]


@functools.lru_cache(maxsize=512)
def faces_for(script: str, *, display: bool = False, bold: bool = False, italic: bool = False,
              cjk: str = "zh") -> tuple[Face, ...]:
    """The faces to try for a character of `script`, best first; the caller takes the first that has it.

    `display` prefers Noto Serif Display (drawn for large sizes) where it exists; `cjk` chooses
    the glyph forms of Han characters (Japanese, Korean, Simplified or Traditional Chinese).
    """
    files: list[str] = []
    if script in CJK_SCRIPTS:
        collection = "NotoSerifCJK-Bold.ttc" if bold else "NotoSerifCJK-Regular.ttc"
        return (Face(collection, CJK_FACES.get(cjk, CJK_FACES["zh"])),
                *faces_for("Zyyy", display=display, bold=bold, italic=italic))
    stems = _stems(script)
    if display and stems[:1] == ("NotoSerif",):
        stems = ("NotoSerifDisplay", *stems)
    for stem in (*stems, *_LAST_RESORT):
        files.extend(_style_files(stem, bold, italic))
    unique = [Face(name) for name in dict.fromkeys(files) if name.lower() in _noto_files()]
    collection = "NotoSerifCJK-Bold.ttc" if bold else "NotoSerifCJK-Regular.ttc"
    return (*unique, Face(collection, CJK_FACES.get(cjk, CJK_FACES["zh"])))


@functools.lru_cache(maxsize=256)
def cmap_of(face: Face) -> frozenset[int]:
    """The characters `face` draws."""
    with TTFont(str(face.path), fontNumber=face.index, lazy=True) as font:
        return frozenset(font.getBestCmap())


def covers(face: Face, character: str) -> bool:
    return face.installed and ord(character) in cmap_of(face)


class TextFont(ReportLabFont):
    """ReportLab's TrueType font, whose ToUnicode maps give the text each glyph stands for.

    ReportLab maps each code to the one character its glyph is embedded under: a private one
    for a conjunct or a joined form (lms/core/typeset.py gives those), a presentation form for
    some Arabic letters, and above U+FFFF a value that is not UTF-16. Extraction, search and
    screen readers then get the characters of the text instead.
    """

    def __init__(self, name: str, data: io.BytesIO):
        super().__init__(name, data)
        self.texts: dict[str, str] = {}  # private character -> the characters of the text

    def addObjects(self, doc) -> None:
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)
        from reportlab.pdfbase.ttfonts import SUBSETN
        for number, codes in enumerate(subsets):
            base = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is not None:
                stream.content = _to_unicode_cmap(base, codes, self.texts)


def _to_unicode_cmap(name: str, subset: list[int], texts: dict[str, str]) -> str:
    def target(code: int) -> str:
        character = chr(code)
        text = texts.get(character, character)
        if 0xFB00 <= code <= 0xFEFF:  # Latin ligatures, Arabic presentation forms
            text = unicodedata.normalize("NFKC", character)
        return text.encode("utf-16-be").hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar", *(f"<{index:02X}> <{target(code)}>" for index, code in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


@dataclasses.dataclass
class Registered:
    """A font registered with ReportLab, with what shaping and drawing need of it."""

    name: str                # ReportLab's name (and the PostScript name in the PDF, after the subset tag)
    face: Face
    data: bytes              # the font program HarfBuzz shapes with: the same glyph numbers ReportLab embeds
    units_per_em: int
    ascent: float            # per 1000 units of the em, as PDF metrics are
    descent: float
    reportlab: TextFont
    hb_font: object = None   # uharfbuzz.Font, made on first use

    @property
    def postscript(self) -> str:
        """The name the PDF gives the font (after the subset's tag)."""
        name = self.reportlab.face.name
        return name.decode("latin-1") if isinstance(name, bytes) else str(name)


_registered: dict[tuple[Face, frozenset[str] | None], Registered] = {}
RARE_SUBSETS = 64  # subsets of a CJK face for rare characters kept registered, the oldest let go first


def register(face: Face, characters: frozenset[str] | None = None) -> Registered:
    """Register `face` with ReportLab once per process. A face with CFF outlines (Chinese, Japanese,
    Korean) is registered as a TrueType subset: its everyday characters when they hold
    `characters` (built once, kept on disk), else a subset of just `characters`."""
    with _lock:
        chosen: frozenset[str] | None = None
        if face.converted:
            common = _common_of(face)
            chosen = common if common and (characters or frozenset()) <= common else frozenset(characters or ())
        key = (face, chosen)
        if key in _registered:
            return _registered[key]
        if face.converted:
            assert chosen is not None
            name, data = _converted_subset(face, chosen, kept=chosen is _common_of(face))
        else:
            data = _unhinted(face)
            name = face.path.stem
        pdfmetrics.registerFont(TextFont(name, io.BytesIO(data)))
        font = cast(TextFont, pdfmetrics.getFont(name))
        entry = Registered(name, face, data, font.face.unitsPerEm, font.face.ascent, font.face.descent, font)
        _registered[key] = entry
        rare = [k for k in _registered if k[1] is not None and k[1] is not _common_of(k[0])]
        for old in rare[:-RARE_SUBSETS]:
            # Lines already shaped keep their font object, which documents still embed from.
            _registered.pop(old).reportlab.unregister()
        return entry


def _unhinted(face: Face) -> bytes:
    """The font without its hinting instructions and glyph names (half of what a subset embeds, and
    nothing a PDF viewer uses at print sizes), its glyph numbers and layout tables kept; built once
    and kept on disk."""
    stat = face.path.stat()
    path = _cache_folder() / f"{face.path.stem}-{stat.st_size}-{int(stat.st_mtime)}-unhinted.ttf"
    if path.exists():
        return path.read_bytes()
    options = subset.Options()
    options.hinting = False
    options.glyph_names = False
    options.retain_gids = True
    options.notdef_outline = True
    options.layout_features = ["*"]
    options.layout_scripts = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    with TTFont(str(face.path)) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(glyphs=font.getGlyphOrder())
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
    _keep(path, buffer.getvalue())
    return buffer.getvalue()


def _keep(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all (other processes may be reading or writing it)."""
    import os
    import secrets as _secrets

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{_secrets.token_hex(4)}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


@functools.cache
def _everyday_han() -> frozenset[str]:
    """The 3,755 characters of GB 2312's first level (nearly all of everyday Chinese), CJK punctuation
    and full-width forms: what Chinese certificates print, other than names. Latin letters and
    digits in them go to Noto Serif."""
    characters = {chr(c) for c in (*range(0x3000, 0x3040), *range(0xFF00, 0xFFF0))}
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # a gap in GB 2312's table
                characters.add(bytes([high, low]).decode("gb2312"))
    return frozenset(characters)


@functools.cache
def _common_of(face: Face) -> frozenset[str]:
    """The characters kept in one subset on disk: everyday Chinese, for the regular Simplified
    Chinese face only (the others serve names and the seal's lettering, a few characters each)."""
    if face.index != CJK_FACES["zh"] or "Regular" not in face.file:
        return frozenset()
    return _everyday_han() & frozenset(chr(c) for c in cmap_of(face))


def _converted_subset(face: Face, characters: frozenset[str], kept: bool) -> tuple[str, bytes]:
    """A TrueType subset of `characters` of a CJK face, named after them; `kept` on disk."""
    stem = face.path.stem.replace("-", "") + str(face.index)
    key = hashlib.sha1(f"{face.path.stat().st_size}:{''.join(sorted(characters))}".encode()).hexdigest()[:12]
    name = f"{stem}-{key}"
    path = _cache_folder() / f"{name}.ttf"
    if kept and path.exists():
        return name, path.read_bytes()
    with TTFont(str(face.path), fontNumber=face.index) as font:
        data = _subset_bytes(font, name, "".join(sorted(characters | frozenset(" "))))
    if kept:
        _keep(path, data)
    return name, data
