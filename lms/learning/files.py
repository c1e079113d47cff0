"""What an uploaded file really is, judged by its content rather than its name."""
from __future__ import annotations

import io
import zipfile

# Kinds of attachment an action plan accepts: (label, content type).
PDF = ("PDF", "application/pdf")
DOCX = ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ODT = ("ODT", "application/vnd.oasis.opendocument.text")
PNG = ("PNG", "image/png")
JPEG = ("JPEG", "image/jpeg")
ACCEPTED = (PDF, DOCX, ODT, XLSX, PNG, JPEG)
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", ODT: ".odt", PNG: ".png", JPEG: ".jpg"}


def sniff(data: bytes) -> tuple[str, str] | None:
    """The accepted kind of `data`, or None when it is none of them."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT[1].encode():
                    return ODT
                if "[Content_Types].xml" in names:
                    if "word/document.xml" in names:
                        return DOCX
                    if "xl/workbook.xml" in names:
                        return XLSX
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
    return None
