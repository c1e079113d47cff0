"""PDF fonts: each document draws its own characters; every script a name is written in has a font and is shaped."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from lms.core.fonts import CJK_FACES, font_folders, font_for, missing_glyphs
from lms.core.typeset import LEADING, Style, fit, missing_characters, shape


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


# Names as people type them in their profile, one script each.
NAMES = {"Latin": "Nguyễn Thị Lan", "Greek": "Γιώργος Παπαδόπουλος", "Cyrillic": "Ольга Иванова", "Chinese": "王芳",
         "Japanese": "山田 はなこ", "Korean": "김민준", "Arabic": "فاطمة الزهراء", "Devanagari": "प्रिया रमन",
         "Bengali": "রহিম উদ্দিন", "Ethiopic": "አበበ በቀለ", "Thai": "สมชาย ใจดี", "Hebrew": "דוד כהן",
         "Tamil": "முருகன் செல்வம்", "Georgian": "ნინო ბერიძე", "Armenian": "Արամ Խաչատրյան"}


@pytest.mark.parametrize("script", NAMES)
def test_a_name_in_each_script_is_shaped_in_a_noto_font_that_has_every_glyph(script):
    name = NAMES[script]
    line = shape(name, Style(30))
    assert missing_characters(name, Style(30)) == set()
    glyphs = [(run.font, glyph) for run in line.runs for glyph in run.glyphs]
    # No glyph is the missing-glyph box: each is one the font maps (or was given a private code for).
    assert all(font.reportlab.face.charToGlyph.get(ord(glyph.char), 0) != 0 for font, glyph in glyphs
               if not glyph.char.isspace())
    assert all(str(font.face.path).startswith(tuple(map(str, font_folders()))) for font, _ in glyphs)
    assert "".join(sorted("".join(glyph.text for _, glyph in glyphs))) == "".join(sorted(name))


def test_han_characters_take_the_forms_of_the_language_their_name_shows():
    faces = {name: {run.font.face.index for run in shape(name, Style(20)).runs if run.text.strip()}
             for name in ("山田 はなこ", "김민준", "王芳")}
    assert faces == {"山田 はなこ": {CJK_FACES["ja"]}, "김민준": {CJK_FACES["ko"]}, "王芳": {CJK_FACES["zh"]}}


def test_right_to_left_runs_are_put_in_visual_order_and_brackets_mirrored():
    line = shape("Mixed فاطمة (2024) text", Style(20))
    assert [run.text for run in line.runs] == ["Mixed ", ")", "2024", "(", "فاطمة ", " ", "text"]
    arabic = next(run for run in line.runs if run.text == "فاطمة ")
    assert arabic.rtl and [g.text for g in arabic.glyphs][-1] == "ف"  # the first letter drawn rightmost
    assert line.actual_text is None  # readers reorder right-to-left text themselves


def test_conjuncts_and_vowel_signs_read_back_through_actual_text():
    line = shape("রহিম", Style(20))  # the vowel sign ি is drawn before হ, which it follows in the text
    assert [g.text for run in line.runs for g in run.glyphs][:3] == ["র", "ি", "হ"]
    assert line.actual_text == "রহিম"


@pytest.mark.parametrize("text, lines", [("Ana Lima", 1), ("Maria " * 30, 2), ("x" * 200, 2)])
def test_fitting_never_overflows_the_box(text, lines):
    fitted = fit(text, Style(36), 500, 60, max_lines=2)
    assert len(fitted) == lines
    assert all(line.width <= 500 for line in fitted)
    assert fitted[0].size * (1 + LEADING * (len(fitted) - 1)) <= 60


def test_a_missing_font_says_which_debian_package_to_install(monkeypatch, tmp_path):
    from lms.core import fonts
    monkeypatch.setenv("LMS_FONT_PATH", str(tmp_path))
    fonts._noto_files.cache_clear()
    try:
        with pytest.raises(fonts.FontMissing, match="fonts-noto-core fonts-noto-cjk"):
            _ = fonts.Face("NotoSerif-Regular.ttf").path
    finally:
        monkeypatch.delenv("LMS_FONT_PATH")
        fonts._noto_files.cache_clear()
