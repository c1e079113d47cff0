"""The PDF font: any two documents of one process each draw their own characters."""
from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from lms.core.fonts import font_for, missing_glyphs


def drawn(text: str) -> str:
    buffer = io.BytesIO()
    font = font_for(text)
    canvas = Canvas(buffer, initialFontName=font)
    canvas.setFont(font, 20)
    canvas.drawString(50, 700, text)
    canvas.save()
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text().strip()


def test_two_documents_with_different_characters_each_keep_their_text():
    assert drawn("结业证书 王芳") == "结业证书 王芳"
    assert drawn("兹证明 陈静 已完成的项目") == "兹证明 陈静 已完成的项目"  # a second subset, same process


def test_the_fonts_cover_the_names_of_the_demo_in_latin_chinese_and_cyrillic():
    assert missing_glyphs("Aïssatou Diallo, Nguyễn Thị Lan, 王芳, Ольга Иванова, Sione Tāufa") == set()
