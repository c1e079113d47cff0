"""The certificate as a PDF: A4 landscape, the holder's language, every font embedded, a QR code."""
from __future__ import annotations

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from lms.certificates.models import Certificate
from lms.core.fonts import font_for, latin_family, with_fallback
from lms.core.i18n import in_language, localized
from lms.core.urls import external_url

BLUE = colors.HexColor("#0b4f8a")


def _qr_code(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """Draw the QR code module by module (the graphics renderer would bring in Helvetica, unembedded)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    count = code.getModuleCount()
    cell = size / (count + 8)  # with the quiet zone of four modules around it
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    for row in range(count):
        for column in range(count):
            if code.isDark(row, column):
                canvas.rect(x + (column + 4) * cell, y + size - (row + 5) * cell, cell, cell, stroke=0, fill=1)
    canvas.restoreState()


def certificate_pdf(certificate: Certificate) -> bytes:
    """Build the PDF in the certificate's language; returns bytes (no HTTP involved)."""
    language = certificate.language
    with in_language(language):
        texts = {
            "org": "UNESCO-UNEVOC",
            "title": _("Certificate of completion"),
            "certify": _("This is to certify that"),
            "name": certificate.holder_name,
            "completed": _("has completed the %(programme)s", programme=localized(certificate.programme.title,
                                                                                  language)[0]),
            "cohort": _("Cohort: %(cohort)s", cohort=certificate.cohort.name),
            "date": _("Issued on %(date)s", date=format_date(certificate.issued_at, "long")),
            "signatory": certificate.signatory_name,
            "signatory_title": certificate.signatory_title,
            "serial": _("Serial number: %(serial)s", serial=certificate.serial),
            "verify": _("Check this certificate at"),
        }
    url = external_url("certificates.verify", code=certificate.code)
    cjk = font_for("".join(texts.values()) + url)
    markup: Callable[[str], str]
    if language == "zh":
        base, markup = cjk, escape
    else:
        base = latin_family()
        markup = lambda plain: with_fallback(escape(plain), cjk)  # noqa: E731

    buffer = io.BytesIO()
    width, height = landscape(A4)
    # types-reportlab types initialFontName as a float; ReportLab takes the font's name.
    canvas = Canvas(buffer, pagesize=(width, height), initialFontName=base, lang=language,  # type: ignore[arg-type]
                    invariant=False)
    canvas.setTitle(f"{texts['title']} — {certificate.holder_name}")
    canvas.setAuthor("UNESCO-UNEVOC")
    canvas.setStrokeColor(BLUE)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)

    def centred(text: str, y: float, size: float, colour=colors.black, leading: float | None = None) -> None:
        style = ParagraphStyle("c", fontName=base, fontSize=size, leading=leading or size * 1.25, alignment=TA_CENTER,
                               textColor=colour, wordWrap="CJK" if language == "zh" else None)
        paragraph = Paragraph(markup(text), style)
        _, h = paragraph.wrap(width - 60 * mm, height)
        paragraph.drawOn(canvas, 30 * mm, y - h)

    centred(texts["org"], height - 30 * mm, 14, BLUE)
    centred(texts["title"], height - 45 * mm, 30, BLUE)
    centred(texts["certify"], height - 68 * mm, 14)
    centred(texts["name"], height - 80 * mm, 28)
    centred(texts["completed"], height - 100 * mm, 15)
    centred(texts["cohort"], height - 120 * mm, 12)
    centred(texts["date"], height - 128 * mm, 12)

    canvas.setStrokeColor(colors.black)
    canvas.line(width / 2 - 45 * mm, 52 * mm, width / 2 + 45 * mm, 52 * mm)
    centred(texts["signatory"], 50 * mm, 11)
    centred(texts["signatory_title"], 44 * mm, 10)

    _qr_code(canvas, url, width - 52 * mm, 20 * mm, 30 * mm)
    small = ParagraphStyle("s", fontName=base, fontSize=8, leading=10)
    for index, line in enumerate((texts["serial"], texts["verify"], url)):
        paragraph = Paragraph(markup(line), small)
        paragraph.wrap(120 * mm, 20 * mm)
        paragraph.drawOn(canvas, 22 * mm, 32 * mm - index * 5 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
