"""Reading certificate PDFs back as their readers' programs do: poppler's tools, pdfplumber, fontTools."""
from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "certificates"


def poppler(tool: str, data: bytes, *arguments: str, folder: Path) -> str:
    """Run one of poppler's tools (pdftotext, pdffonts, pdfinfo) on `data`."""
    if not shutil.which(tool):
        pytest.fail(f"{tool} is missing: install Debian's poppler-utils (.ci/run does)")
    path = folder / "read.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, *arguments, str(path), *(["-"] if tool == "pdftotext" else [])],
                          capture_output=True, text=True, check=True).stdout


def text_of(data: bytes, folder: Path) -> str:
    """The text as pdftotext gives it, without the direction marks it adds around right-to-left runs."""
    return re.sub("[\u202a-\u202e]", "", poppler("pdftotext", data, "-enc", "UTF-8", folder=folder))


def fonts_listed(data: bytes, folder: Path) -> list[tuple[str, str]]:
    """(name, emb) of each row of pdffonts."""
    rows = poppler("pdffonts", data, folder=folder).splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows]


def to_png(data: bytes, stem: str, resolution: int = 110) -> Path:
    """The page as a PNG in test-output/certificates/, to look at."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / f"{stem}.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-singlefile", str(OUTPUT / f"{stem}.pdf"),
                    str(OUTPUT / stem)], check=True)
    return OUTPUT / f"{stem}.png"


def structure(data: bytes) -> list[dict]:
    """The structure tree's elements below the Document element (pdfplumber reads it)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        [document] = pdf.structure_tree
        return [dict(document, children=None), *document["children"]]


def element_after(data: bytes, text: str) -> dict:
    """The structure element that follows the one whose text is `text` in reading order."""
    elements = structure(data)[1:]
    texts = [element_text(data, e) for e in elements]
    return elements[texts.index(text) + 1]


def element_text(data: bytes, element: dict) -> str:
    return "".join(c["text"] for c in chars_of(data, element))


def chars_of(data: bytes, element: dict) -> list[dict]:
    """The characters pdfplumber finds in the marked content of `element`, with their boxes."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [c for c in pdf.pages[0].chars if c.get("mcid") in set(element.get("mcids", []))]


@dataclasses.dataclass
class DrawnGlyph:
    font: str           # the PDF's BaseFont, after the subset's tag
    embedded: bool
    text: str           # what the ToUnicode map says it stands for
    outline: bool       # the embedded font program has an outline for it (not the missing glyph)


def glyphs_drawn(data: bytes, mcids: set[int]) -> list[DrawnGlyph]:
    """Every glyph shown inside the marked content `mcids`, read from the content stream, the fonts'
    ToUnicode maps and their embedded font programs (fontTools)."""
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    fonts = page["/Resources"]["/Font"]
    programs: dict[str, tuple[dict[int, str], TTFont | None, str]] = {}

    def program(name: str) -> tuple[dict[int, str], TTFont | None, str]:
        if name not in programs:
            font = fonts[name].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            file = descriptor.get("/FontFile2")
            cmap = font["/ToUnicode"].get_object().get_data().decode()
            pairs = re.findall(r"<([0-9A-F]{2})> <([0-9A-F]+)>", cmap.split("beginbfchar", 1)[1])
            unicode_map = {int(code, 16): bytes.fromhex(target).decode("utf-16-be") for code, target in pairs}
            programs[name] = (unicode_map, TTFont(io.BytesIO(file.get_object().get_data())) if file else None,
                              str(font["/BaseFont"])[1:].split("+", 1)[-1])
        return programs[name]

    drawn: list[DrawnGlyph] = []
    inside: list[int | None] = []
    font_name = None
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"BDC":
            properties = operands[1]
            inside.append(properties.get("/MCID") if hasattr(properties, "get") else None)
        elif operator == b"BMC":
            inside.append(None)
        elif operator == b"EMC":
            inside.pop()
        elif operator == b"Tf":
            font_name = operands[0]
        elif operator in (b"Tj", b"TJ") and any(m in mcids for m in inside if m is not None):
            strings = operands[0] if operator == b"TJ" else [operands[0]]
            unicode_map, font, base = program(font_name)
            cmap = font["cmap"].getcmap(1, 0).cmap if font else {}
            for string in strings:
                if isinstance(string, (int, float)) or not hasattr(string, "original_bytes"):
                    continue
                for code in string.original_bytes:
                    glyph = font["glyf"][cmap[code]] if font and code in cmap else None
                    outline = glyph is not None and (glyph.numberOfContours != 0)
                    drawn.append(DrawnGlyph(base, font is not None, unicode_map.get(code, ""), outline))
    return drawn
