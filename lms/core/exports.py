"""Tables exported as CSV and XLSX that open correctly in Excel and LibreOffice."""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that a spreadsheet would run as a formula is kept as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(headers: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    """UTF-8 with the byte-order mark Excel needs to read Chinese names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(headers: Sequence[str], rows: Sequence[Sequence], sheet: str = "Sheet 1") -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    page = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    page.write_row(0, 0, [str(h) for h in headers], bold)
    for index, row in enumerate(rows, start=1):
        page.write_row(index, 0, ["" if v is None else safe_cell(v) for v in row])
    page.freeze_panes(1, 1)
    page.set_column(0, 0, 28)
    page.set_column(1, max(1, len(headers) - 1), 16)
    book.close()
    return buffer.getvalue()
