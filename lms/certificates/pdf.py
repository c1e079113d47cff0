"""The certificate as a PDF: A4 landscape, framed, in the holder's language, any script, tagged.

The layout is drawn on one ReportLab canvas. Text goes through lms/core/typeset.py (each
character in a Noto serif that draws it, shaped by HarfBuzz, right-to-left in order) and every
block is marked for the structure tree that lms/core/tagging.py writes, so the file is a tagged
PDF in the certificate's language; borders and ornaments are artifacts.
"""
from __future__ import annotations

import functools
import io

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import object_session

from lms.certificates.models import Certificate
from lms.certificates.seal import BLUE, GOLD, LIGHT_GOLD, draw_seal
from lms.certificates.signatory import signature_image
from lms.core.fonts import faces_for, register
from lms.core.i18n import in_language, localized
from lms.core.tagging import Element, Tagger
from lms.core.typeset import LEADING, Line, Style, draw, fit
from lms.core.urls import external_url

INK = colors.HexColor("#1d2733")
GREY = colors.HexColor("#4a5663")
PAPER = colors.HexColor("#fffdf6")
RED = colors.HexColor("#b3261e")
WIDTH, HEIGHT = landscape(A4)


@functools.lru_cache(maxsize=256)
def _qr_rows(value: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The QR code of `value`: for each row, the (start, end) of each run of dark modules."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    count = code.getModuleCount()
    rows = []
    for row in range(count):
        runs, column = [], 0
        while column < count:
            if code.isDark(row, column):
                start = column
                while column < count and code.isDark(row, column):
                    column += 1
                runs.append((start, column))
            column += 1
        rows.append(tuple(runs))
    return tuple(rows)


def _qr_code(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """Draw the QR code, a bar per run of dark modules (the graphics renderer would bring in Helvetica)."""
    rows = _qr_rows(value)
    count = len(rows)
    cell = size / (count + 8)  # with the quiet zone of four modules around it
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    for row, runs in enumerate(rows):
        for start, end in runs:
            # A hair taller than a module, so that no light seam shows between rows on screen.
            canvas.rect(x + (start + 4) * cell, y + size - (row + 5) * cell, (end - start) * cell, cell * 1.02,
                        stroke=0, fill=1)
    canvas.restoreState()


class _Page:
    """The canvas, its tagger and the holder's language, with the few ways this layout places text."""

    def __init__(self, canvas: Canvas, tagger: Tagger, cjk: str):
        self.canvas, self.tagger, self.cjk = canvas, tagger, cjk

    def style(self, size: float, **options) -> Style:
        return Style(size, cjk=self.cjk, **options)

    def lines(self, element: Element, lines: list[Line], x: float, top: float, align: str = "centre",
              colour: colors.Color = INK) -> tuple[float, float, float, float]:
        """Draw `lines` below `top` (the first line's ascent touches it); returns their box."""
        boxes = []
        y = top
        for index, line in enumerate(lines):
            y = top - line.ascent - index * line.size * LEADING if index == 0 else y - line.size * LEADING
            with self.tagger.mark(element, line.actual_text):
                boxes.append(draw(self.canvas, line, x, y, align, colour))
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes))

    def text(self, element: Element, text: str, style: Style, x: float, top: float, width: float,
             height: float | None = None, max_lines: int = 1, align: str = "centre",
             colour: colors.Color = INK) -> tuple[float, float, float, float]:
        lines = fit(text, style, width, height or style.size * (1 + LEADING * (max_lines - 1)) * 1.3, max_lines)
        return self.lines(element, lines, x, top, align, colour)


def _frame(canvas: Canvas) -> None:
    canvas.setFillColor(PAPER)
    canvas.rect(0, 0, WIDTH, HEIGHT, stroke=0, fill=1)
    canvas.setStrokeColor(BLUE)
    canvas.setLineWidth(2.4)
    canvas.rect(10 * mm, 10 * mm, WIDTH - 20 * mm, HEIGHT - 20 * mm)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.9)
    canvas.rect(13 * mm, 13 * mm, WIDTH - 26 * mm, HEIGHT - 26 * mm)
    canvas.setLineWidth(0.4)
    canvas.rect(14.2 * mm, 14.2 * mm, WIDTH - 28.4 * mm, HEIGHT - 28.4 * mm)
    for x, y in ((13 * mm, 13 * mm), (WIDTH - 13 * mm, 13 * mm), (13 * mm, HEIGHT - 13 * mm),
                 (WIDTH - 13 * mm, HEIGHT - 13 * mm)):
        _corner(canvas, x, y)


def _corner(canvas: Canvas, x: float, y: float) -> None:
    """A small gold lozenge in a blue square, over the corner of the inner frame."""
    canvas.setFillColor(BLUE)
    canvas.rect(x - 3.2 * mm, y - 3.2 * mm, 6.4 * mm, 6.4 * mm, stroke=0, fill=1)
    canvas.setFillColor(LIGHT_GOLD)
    path = canvas.beginPath()
    path.moveTo(x, y + 2.4 * mm)
    path.lineTo(x + 2.4 * mm, y)
    path.lineTo(x, y - 2.4 * mm)
    path.lineTo(x - 2.4 * mm, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _rule(canvas: Canvas, y: float, half_width: float) -> None:
    """A gold rule with a lozenge in its middle."""
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.8)
    canvas.line(WIDTH / 2 - half_width, y, WIDTH / 2 - 3 * mm, y)
    canvas.line(WIDTH / 2 + 3 * mm, y, WIDTH / 2 + half_width, y)
    canvas.setFillColor(GOLD)
    path = canvas.beginPath()
    path.moveTo(WIDTH / 2, y + 1.6 * mm)
    path.lineTo(WIDTH / 2 + 2.2 * mm, y)
    path.lineTo(WIDTH / 2, y - 1.6 * mm)
    path.lineTo(WIDTH / 2 - 2.2 * mm, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


@functools.lru_cache(maxsize=8)
def _image(path: str, modified: float) -> ImageReader:
    return ImageReader(path)


def _replacement(certificate: Certificate) -> Certificate | None:
    session = object_session(certificate)
    if session is None or not certificate.revoked:
        return None
    return session.scalar(select(Certificate).where(Certificate.replaces_id == certificate.id)
                          .order_by(Certificate.id).limit(1))


# The box the holder's name is fitted into: two lines at most, never past it.
NAME_BOX = (40 * mm, HEIGHT - 113 * mm, WIDTH - 40 * mm, HEIGHT - 84 * mm)  # x0, y0, x1, y1


def certificate_pdf(certificate: Certificate) -> bytes:
    """Build the PDF in the certificate's language; returns bytes (no HTTP involved)."""
    language = certificate.language
    url = external_url("certificates.verify", code=certificate.code)
    replacement = _replacement(certificate)
    with in_language(language):
        programme = localized(certificate.programme.title, language)[0]
        texts = {
            "centre": _("International Centre for Technical and Vocational Education and Training"),
            "title": _("Certificate of completion"),
            "certify": _("This is to certify that"),
            "completed": _("has completed the %(programme)s", programme=programme),
            "cohort": _("Cohort: %(cohort)s", cohort=certificate.cohort.name),
            "date": _("Issued on %(date)s", date=format_date(certificate.issued_at, "long")),
            "serial": _("Serial number: %(serial)s", serial=certificate.serial),
            "verify": _("Check this certificate at"),
            "seal": _("Seal of the %(programme)s", programme=programme),
            "signature": _("Signature of %(name)s", name=certificate.signatory_name or certificate.signatory_title),
            "qr": _("QR code of the address where this certificate is checked: %(url)s", url=url),
        }
        if certificate.revoked and certificate.revoked_at is not None:
            texts["revoked"] = _("Revoked").upper()
            texts["revoked_detail"] = _("Revoked on %(date)s. Reason: %(reason)s",
                                        date=format_date(certificate.revoked_at, "long"),
                                        reason=certificate.revoked_reason)
            if replacement is not None:
                texts["replacement"] = _("Replaced by certificate %(serial)s: %(url)s", serial=replacement.serial,
                                         url=external_url("certificates.verify", code=replacement.code))
    # Han characters in their Chinese forms; Japanese and Korean names are told apart by kana and Hangul.
    cjk = "zh"
    base = register(faces_for("Latn")[0]).name

    buffer = io.BytesIO()
    # The canvas starts in one of our fonts: no unembedded standard font is referenced.
    canvas = Canvas(buffer, pagesize=(WIDTH, HEIGHT), initialFontName=base,  # type: ignore[arg-type]
                    lang=language, invariant=False)
    tagger = Tagger(canvas)
    page = _Page(canvas, tagger, cjk)
    # The structure tree in reading order (the drawing order below differs).
    header = tagger.element("P")
    heading = tagger.element("H1")
    revoked = tagger.element("P") if "revoked" in texts else None
    certify, name, completed, details = (tagger.element("P") for _n in range(4))
    signature = tagger.element("Figure", alt=texts["signature"])
    signatory = tagger.element("P")
    seal = tagger.element("Figure", alt=texts["seal"])
    serial, verify = tagger.element("P"), tagger.element("P")
    link = tagger.element("Link", alt=url)
    qr = tagger.element("Figure", alt=texts["qr"])

    with tagger.artifact():
        _frame(canvas)
    centre = WIDTH / 2
    page.text(header, "UNESCO-UNEVOC", page.style(16, display=True, bold=True, tracking=180), centre,
              HEIGHT - 27 * mm, 200 * mm, colour=BLUE)
    page.text(header, texts["centre"], page.style(9.5, tracking=40), centre, HEIGHT - 34.5 * mm, 200 * mm,
              colour=GREY)
    page.text(heading, texts["title"], page.style(40, display=True), centre, HEIGHT - 44 * mm, 220 * mm,
              colour=BLUE)
    with tagger.artifact():
        _rule(canvas, HEIGHT - 65 * mm, 55 * mm)
    page.text(certify, texts["certify"], page.style(14, italic=True), centre, HEIGHT - 71 * mm, 200 * mm, colour=GREY)

    x0, y0, x1, y1 = NAME_BOX
    lines = fit(certificate.holder_name, page.style(36, display=True), x1 - x0, y1 - y0, max_lines=2)
    block = lines[0].size * (1 + LEADING * (len(lines) - 1))
    page.lines(name, lines, centre, y1 - (y1 - y0 - block) / 2 + (lines[0].ascent - lines[0].size) * 0.5)
    with tagger.artifact():
        canvas.setStrokeColor(GOLD)
        canvas.setLineWidth(0.6)
        canvas.line(centre - 80 * mm, y0 - 1.5 * mm, centre + 80 * mm, y0 - 1.5 * mm)

    page.text(completed, texts["completed"], page.style(15), centre, HEIGHT - 119 * mm, 210 * mm, max_lines=2)
    page.text(details, f"{texts['cohort']}   ·   {texts['date']}", page.style(10.5), centre, HEIGHT - 136 * mm,
              220 * mm, colour=GREY)

    # Below: the signature on the left, the seal in the middle, the verification on the right.
    sign_x = 80 * mm
    image = signature_image(certificate.signatory_name)
    if image is not None:
        with tagger.mark(signature):
            reader = _image(str(image), image.stat().st_mtime)
            w, h = reader.getSize()
            scale = min(60 * mm / w, 17 * mm / h)
            canvas.drawImage(reader, sign_x - w * scale / 2, 44 * mm, w * scale, h * scale, mask="auto")
    with tagger.artifact():
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.line(sign_x - 38 * mm, 43 * mm, sign_x + 38 * mm, 43 * mm)
    top = 41 * mm
    if certificate.signatory_name:
        box = page.text(signatory, certificate.signatory_name, page.style(12, display=True, bold=True), sign_x, top,
                        80 * mm)
        top = box[1] - 1.2 * mm
    page.text(signatory, certificate.signatory_title, page.style(9), sign_x, top, 82 * mm, max_lines=2,
              colour=GREY)

    with tagger.mark(seal, actual_text=""):  # its lettering is the figure's alternative text
        draw_seal(canvas, centre, 38 * mm, 21 * mm, programme.upper())

    qr_size = 27 * mm
    qr_x = WIDTH - 22 * mm - qr_size
    with tagger.mark(qr):
        _qr_code(canvas, url, qr_x, 20 * mm, qr_size)
    right = qr_x - 3 * mm
    column = right - (centre + 27 * mm)  # from the seal to the QR code
    page.text(serial, texts["serial"], page.style(9), right, 44 * mm, column, align="right")
    page.text(verify, texts["verify"], page.style(8.5), right, 38.5 * mm, column, align="right", colour=GREY)
    lines = fit(url, page.style(8.5), column, 9 * mm, max_lines=2, min_size=7.5)
    box = page.lines(link, lines, right, 34 * mm, align="right", colour=BLUE)
    tagger.link(link, url, box)

    if revoked is not None:
        _revoked_mark(page, revoked, texts)
    canvas.showPage()
    tagger.close(f"{texts['title']} — {certificate.holder_name}", language, "UNESCO-UNEVOC", programme)
    canvas.save()
    return buffer.getvalue()


def _revoked_mark(page: _Page, element: Element, texts: dict[str, str]) -> None:
    """A red stamp across the page and, at the top, when, why and what replaced it."""
    canvas = page.canvas
    lines = fit(texts["revoked"], page.style(84, display=True, bold=True, tracking=60), 170 * mm, 36 * mm, 1)
    canvas.saveState()
    canvas.translate(WIDTH / 2, HEIGHT / 2 - 8 * mm)
    canvas.rotate(18)
    line = lines[0]
    with page.tagger.mark(element, line.actual_text):
        # See-through, so that what it stamps stays legible under it.
        draw(canvas, line, 0, -line.size * 0.35, colour=colors.Color(RED.red, RED.green, RED.blue, alpha=0.3))
    with page.tagger.artifact():
        canvas.setStrokeColor(colors.Color(RED.red, RED.green, RED.blue, alpha=0.55))
        canvas.setLineWidth(5)
        pad = 6 * mm
        canvas.roundRect(-line.width / 2 - pad, -line.size * 0.35 + line.descent - pad * 0.6, line.width + 2 * pad,
                         line.ascent - line.descent + pad * 1.2, 4 * mm, stroke=1, fill=0)
    canvas.restoreState()
    notices = [texts["revoked_detail"], *([texts["replacement"]] if "replacement" in texts else [])]
    box_top, box_height = HEIGHT - 15.5 * mm, 10.5 * mm
    with page.tagger.artifact():
        canvas.setFillColor(RED)
        canvas.rect(20 * mm, box_top - box_height, WIDTH - 40 * mm, box_height, stroke=0, fill=1)
    # The reason is as long as staff wrote it: each notice on its line, as small as it takes.
    size = min(min(fit(notice, page.style(10, bold=True), WIDTH - 50 * mm, 10, 1, min_size=5)[0].size
                   for notice in notices), (box_height - 2 * mm) / (1 + LEADING * (len(notices) - 1)))
    lines = [fit(notice, page.style(size, bold=True), WIDTH - 50 * mm, size, 1)[0] for notice in notices]
    block = size * (1 + LEADING * (len(lines) - 1))
    page.lines(element, lines, WIDTH / 2, box_top - (box_height - block) / 2, colour=colors.white)
