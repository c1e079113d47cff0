"""What an uploaded file really is, judged by its content rather than its name."""
from __future__ import annotations

import io
import zipfile
import zlib

# Kinds of attachment an action plan accepts: (label, content type).
PDF = ("PDF", "application/pdf")
DOCX = ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ODT = ("ODT", "application/vnd.oasis.opendocument.text")
PNG = ("PNG", "image/png")
JPEG = ("JPEG", "image/jpeg")
ACCEPTED = (PDF, DOCX, ODT, XLSX, PNG, JPEG)
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", ODT: ".odt", PNG: ".png", JPEG: ".jpg"}


# An office document's parts expand a few times over, a picture's hardly at all; a zip whose
# parts claim to expand more than this (or to more than MAX_EXPANDED bytes) is a zip bomb.
MAX_RATIO = 100
MAX_EXPANDED = 200 * 1024 * 1024


def _bomb(entries: list[zipfile.ZipInfo], size: int) -> bool:
    expanded = sum(entry.file_size for entry in entries)
    return expanded > MAX_EXPANDED or expanded > MAX_RATIO * max(size, 1024) or len(entries) > 10_000


def _head(archive: zipfile.ZipFile, name: str, limit: int = 256) -> bytes:
    """The first bytes of a part, decompressing no more than those (whatever size it claims)."""
    with archive.open(name) as part:
        return part.read(limit)


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
                entries = archive.infolist()
                if _bomb(entries, len(data)):
                    return None
                names = {entry.filename for entry in entries}
                if "mimetype" in names and _head(archive, "mimetype").strip() == ODT[1].encode():
                    return ODT
                if "[Content_Types].xml" in names:
                    if "word/document.xml" in names:
                        return DOCX
                    if "xl/workbook.xml" in names:
                        return XLSX
        except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error, NotImplementedError):
            return None
    return None
