"""Tools: spreadsheet templates written as YAML in a module's `tools/` folder, built as XLSX on request.

A tool describes its sheets, their translated column headings, example rows, formulas and the
lists a cell may choose from (see courses/README.md, "Tools"). `build_xlsx` makes the workbook in
one language; the example rows' formulas are computed here too (lms/courses/formulas.py) and
stored with each formula, so that a viewer which does not recalculate still shows the numbers.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from lms.courses import formulas
from lms.courses.checks import FileCheck
from lms.courses.source import ID_PATTERN, Mapping, Sequence

TOOL_KEYS = {"id", "title", "description", "sheets"}
TOOL_OPTIONAL = {"texts"}
SHEET_KEYS = {"id", "title", "columns"}
SHEET_OPTIONAL = {"intro", "rows", "blank_rows", "totals"}
COLUMN_KEYS = {"id", "heading"}
COLUMN_OPTIONAL = {"type", "width", "choices", "formula", "total", "minimum", "maximum", "hint"}
COLUMN_TYPES = ("text", "long_text", "number", "integer", "percent", "date", "choice", "formula")
MAX_ROWS = 500
# Where a sheet's table starts: the title on row 1, the introduction on row 2, headings on row 4.
HEADING_ROW = 3  # zero-based
PLACEHOLDER = re.compile(r"\{(?:(?P<sheet>[a-z0-9-]+)!)?(?P<column>[a-z0-9-]+)(?P<all>:all)?\}"
                         r"|\{t:(?P<text>[a-z0-9-]+)\}")
FORBIDDEN_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


# Checking ---------------------------------------------------------------------------------

def check_tool(data: Mapping, check: FileCheck, expected_id: str) -> None:
    """A tool file: sheets with translated headings, typed columns, formulas the evaluator reads."""
    check.keys(data, TOOL_KEYS, TOOL_OPTIONAL)
    tool_id = check.identifier(data, None, "tool")
    if tool_id and tool_id != expected_id:
        check.problem(data.line_of("id"), f"the tool's id `{tool_id}` differs from its file name "
                                          f"(`{expected_id}.yaml`)")
    check.text(data, "title")
    check.text(data, "description")
    texts = data.get("texts")
    text_ids: set[str] = set()
    if texts is not None:
        texts = check.mapping(texts, data.line_of("texts"), "`texts`")
        for key in texts or {}:
            if not isinstance(key, str) or not ID_PATTERN.match(key):
                check.problem(texts.line_of(key) if texts else 0, f"the text key {key!r} may hold only lower-case "
                                                                  "letters, digits and hyphens")
                continue
            check.text(texts, key)  # type: ignore[arg-type]
            text_ids.add(key)
    sheets = check.sequence(data, "sheets", "the workbook's sheets")
    sheet_ids: dict = {}
    columns_by_sheet: dict[str, set[str]] = {}
    for index, sheet in enumerate(sheets):
        entry = check.mapping(sheet, sheets.line_of(index), "a sheet")
        if entry is None:
            continue
        check.keys(entry, SHEET_KEYS, SHEET_OPTIONAL)
        sheet_id = check.identifier(entry, sheet_ids, "sheet")
        check.text(entry, "title")
        for language, title in (entry.get("title") or {}).items():
            if isinstance(title, str) and (len(title) > 31 or FORBIDDEN_SHEET_CHARS.search(title)):
                check.problem(entry["title"].line_of(language), f"a sheet's title has at most 31 characters "
                                                                f"and none of [ ] : * ? / \\ ({language})")
        if "intro" in entry:
            check.text(entry, "intro")
        columns = check.sequence(entry, "columns", "the sheet's columns")
        column_ids: dict = {}
        for c_index, column in enumerate(columns):
            col = check.mapping(column, columns.line_of(c_index), "a column")
            if col is None:
                continue
            check.keys(col, COLUMN_KEYS, COLUMN_OPTIONAL)
            check.identifier(col, column_ids, "column")
            check.text(col, "heading")
            if "hint" in col:
                check.text(col, "hint")
            kind = col.get("type", "text")
            if kind not in COLUMN_TYPES:
                check.problem(col.line_of("type"), f"column type {kind!r} is not one of {', '.join(COLUMN_TYPES)}")
            if (kind == "choice") != ("choices" in col):
                check.problem(col.line, "a `choice` column lists its `choices`, and only a choice column does")
            if "choices" in col:
                _check_choices(col, check)
            if (kind == "formula") != ("formula" in col):
                check.problem(col.line, "a `formula` column gives its `formula`, and only a formula column does")
            if "width" in col:
                check.integer(col, "width", 4, 100)
        columns_by_sheet[str(sheet_id)] = set(column_ids)
        rows = entry.get("rows")
        if rows is not None:
            if not isinstance(rows, Sequence):
                check.problem(entry.line_of("rows"), "`rows` must be a list of example rows")
            else:
                for r_index, row in enumerate(rows):
                    if not isinstance(row, Mapping):
                        check.problem(rows.line_of(r_index), "an example row maps column IDs to values")
                        continue
                    for key, value in row.items():
                        if key not in column_ids:
                            check.problem(row.line_of(key), f"`{key}` is not a column of this sheet")
                        elif isinstance(value, Mapping):
                            holder = Mapping({key: value})
                            holder.line, holder.key_lines = row.line_of(key), {key: row.line_of(key)}
                            check.text(holder, key)
        check.integer(entry, "blank_rows", 0, MAX_ROWS, default=0)
        if "totals" in entry:
            check.text(entry, "totals")
    # Formulas last: they may name the columns of any sheet.
    for sheet in sheets:
        if not isinstance(sheet, Mapping) or not isinstance(sheet.get("columns"), Sequence):
            continue
        for column in sheet["columns"]:
            if not isinstance(column, Mapping):
                continue
            for key in ("formula", "total"):
                if key in column:
                    _check_formula(column, key, check, str(sheet.get("id")), columns_by_sheet, text_ids)


def _check_choices(col: Mapping, check: FileCheck) -> None:
    choices = check.mapping(col["choices"], col.line_of("choices"), "`choices`")
    if choices is None:
        return
    sizes = set()
    for language in check.languages:
        entries = choices.get(language)
        if not isinstance(entries, Sequence) or not entries or not all(isinstance(e, str) and e.strip()
                                                                         for e in entries):
            check.problem(choices.line_of(language) if language in choices else choices.line,
                          f"`choices`: the {language} list is missing or has an empty entry")
            continue
        sizes.add(len(entries))
    if len(sizes) > 1:
        check.problem(choices.line, "`choices` must list as many entries in every language")


def _check_formula(column: Mapping, key: str, check: FileCheck, sheet_id: str,
                   columns: dict[str, set[str]], texts: set[str]) -> None:
    formula = column[key]
    line = column.line_of(key)
    if not isinstance(formula, str) or not formula.startswith("="):
        check.problem(line, f"`{key}` must be a formula starting with =")
        return
    for match in PLACEHOLDER.finditer(formula):
        if match.group("text"):
            if match.group("text") not in texts:
                check.problem(line, f"`{{t:{match.group('text')}}}`: no such key under `texts`")
            continue
        sheet = match.group("sheet") or sheet_id
        if sheet not in columns:
            check.problem(line, f"`{match.group()}`: no sheet `{sheet}` in this tool")
        elif match.group("column") not in columns[sheet]:
            check.problem(line, f"`{match.group()}`: no column `{match.group('column')}` in sheet `{sheet}`")
    try:
        formulas.check(PLACEHOLDER.sub(lambda m: '"x"' if m.group("text") else
                                       ("A1:A2" if m.group("all") else "A1"), formula))
    except formulas.FormulaError as error:
        check.problem(line, f"`{key}`: {error}")


# Building ---------------------------------------------------------------------------------

def _localized(value: Any, language: str) -> Any:
    if isinstance(value, dict):
        return value.get(language) or value.get("en", "")
    return value


def _column_letters(number: int) -> str:
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _quote(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


class _Layout:
    """Where every sheet's columns and rows are, in one language."""

    def __init__(self, tool: dict, language: str) -> None:
        self.tool, self.language = tool, language
        self.names: dict[str, str] = {}
        self.columns: dict[str, dict[str, int]] = {}
        self.first: dict[str, int] = {}
        self.last: dict[str, int] = {}
        self.totals: dict[str, int | None] = {}
        taken: set[str] = set()
        for sheet in tool["sheets"]:
            name = str(_localized(sheet["title"], language))[:31]
            while name.casefold() in taken:  # two titles the same once cut: keep both tabs
                name = name[:29] + f" {len(taken) + 1}"
            taken.add(name.casefold())
            self.names[sheet["id"]] = name
            self.columns[sheet["id"]] = {c["id"]: i for i, c in enumerate(sheet["columns"])}
            rows = len(sheet.get("rows") or []) + int(sheet.get("blank_rows") or 0)
            self.first[sheet["id"]] = HEADING_ROW + 1
            self.last[sheet["id"]] = HEADING_ROW + max(rows, 1)
            self.totals[sheet["id"]] = HEADING_ROW + max(rows, 1) + 1 if sheet.get("totals") else None

    def formula(self, text: str, sheet_id: str, row: int) -> str:
        """The formula with its placeholders made cell references (rows zero-based)."""
        def replace(match: re.Match[str]) -> str:
            if match.group("text"):
                words = str(_localized(self.tool["texts"][match.group("text")], self.language))
                return '"' + words.replace('"', '""') + '"'
            sheet = match.group("sheet") or sheet_id
            letters = _column_letters(self.columns[sheet][match.group("column")])
            prefix = f"{_quote(self.names[sheet])}!" if sheet != sheet_id else ""
            if match.group("all"):
                return f"{prefix}${letters}${self.first[sheet] + 1}:${letters}${self.last[sheet] + 1}"
            return f"{prefix}{letters}{row + 1}"
        return PLACEHOLDER.sub(replace, text)


def cells(tool: dict, language: str) -> dict[str, dict[str, Any]]:
    """Every sheet's cells as `lms.courses.formulas.Workbook` reads them: values and formulas."""
    layout = _Layout(tool, language)
    book: dict[str, dict[str, Any]] = {}
    for sheet in tool["sheets"]:
        sheet_cells: dict[str, Any] = {}
        rows = list(sheet.get("rows") or []) + [{}] * int(sheet.get("blank_rows") or 0)
        for offset, row in enumerate(rows or [{}]):
            number = layout.first[sheet["id"]] + offset
            for index, column in enumerate(sheet["columns"]):
                ref = f"{_column_letters(index)}{number + 1}"
                if column.get("type") == "formula":
                    sheet_cells[ref] = layout.formula(column["formula"], sheet["id"], number)
                elif column["id"] in row:
                    sheet_cells[ref] = _localized(row[column["id"]], language)
        total_row = layout.totals[sheet["id"]]
        if total_row is not None:
            for index, column in enumerate(sheet["columns"]):
                if "total" in column:
                    sheet_cells[f"{_column_letters(index)}{total_row + 1}"] = \
                        layout.formula(column["total"], sheet["id"], total_row)
        book[layout.names[sheet["id"]]] = sheet_cells
    return book


def build_xlsx(tool: dict, language: str) -> bytes:
    """The tool as an XLSX workbook in `language`."""
    import xlsxwriter

    layout = _Layout(tool, language)
    values = formulas.Workbook(cells(tool, language))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"title": str(_localized(tool["title"], language)),
                         "comments": str(_localized(tool["description"], language))})
    title = book.add_format({"bold": True, "font_size": 14, "font_color": "#0b3d91"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    heading = book.add_format({"bold": True, "bg_color": "#0b3d91", "font_color": "#ffffff",
                               "text_wrap": True, "valign": "top", "border": 1})
    example = book.add_format({"italic": True, "font_color": "#444444", "text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True, "top": 1})
    formats = {
        "percent": book.add_format({"num_format": "0%", "valign": "top"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
        "number": book.add_format({"num_format": "#,##0.##", "valign": "top"}),
        "integer": book.add_format({"num_format": "#,##0", "valign": "top"}),
        "formula": book.add_format({"num_format": "0.00", "bg_color": "#eef3fb", "valign": "top"}),
    }
    lists = None
    list_column = 0
    for sheet in tool["sheets"]:
        page = book.add_worksheet(layout.names[sheet["id"]])
        columns = sheet["columns"]
        page.write(0, 0, str(_localized(sheet["title"], language)), title)
        if sheet.get("intro"):
            page.merge_range(1, 0, 2, max(len(columns) - 1, 0), str(_localized(sheet["intro"], language)), wrap)
            page.set_row(1, 30)
        page.set_row(HEADING_ROW, 32)
        first, last = layout.first[sheet["id"]], layout.last[sheet["id"]]
        examples = list(sheet.get("rows") or [])
        for index, column in enumerate(columns):
            kind = column.get("type", "text")
            page.set_column(index, index, column.get("width") or (40 if kind == "long_text" else 16),
                            formats.get(kind, wrap))
            page.write(HEADING_ROW, index, str(_localized(column["heading"], language)), heading)
            if column.get("hint"):
                page.write_comment(HEADING_ROW, index, str(_localized(column["hint"], language)))
            if kind == "choice":
                if lists is None:
                    lists = book.add_worksheet("_lists")
                    lists.hide()
                entries = [str(e) for e in _localized(column["choices"], language)]
                lists.write_column(0, list_column, entries)
                letters = _column_letters(list_column)
                page.data_validation(first, index, last, index, {
                    "validate": "list", "source": f"=_lists!${letters}$1:${letters}${len(entries)}"})
                list_column += 1
            elif kind in {"number", "integer", "percent"}:
                low, high = column.get("minimum"), column.get("maximum")
                criteria: dict[str, Any] = {"validate": "integer" if kind == "integer" else "decimal"}
                if low is not None and high is not None:
                    criteria.update(criteria="between", minimum=low, maximum=high)
                elif low is not None:
                    criteria.update(criteria=">=", value=low)
                elif high is not None:
                    criteria.update(criteria="<=", value=high)
                else:
                    criteria.update(criteria="between", minimum=-1e15, maximum=1e15)
                page.data_validation(first, index, last, index, criteria)
            elif kind == "date":
                page.data_validation(first, index, last, index, {
                    "validate": "date", "criteria": ">", "value": dt.date(1900, 1, 1)})
        for row in range(first, last + 1):
            row_data = examples[row - first] if row - first < len(examples) else None
            for index, column in enumerate(columns):
                ref = f"{_column_letters(index)}{row + 1}"
                kind = column.get("type", "text")
                if kind == "formula":
                    page.write_formula(row, index, layout.formula(column["formula"], sheet["id"], row),
                                       formats["formula"], _cached(values, layout.names[sheet["id"]], ref))
                elif row_data is not None and column["id"] in row_data:
                    value = _localized(row_data[column["id"]], language)
                    cell_format = formats.get(kind, example) if not isinstance(value, str) else example
                    if kind == "date" and isinstance(value, dt.date):
                        page.write_datetime(row, index, dt.datetime.combine(value, dt.time()), formats["date"])
                    elif isinstance(value, (int, float)) and not isinstance(value, bool):
                        page.write_number(row, index, value, cell_format)
                    else:
                        page.write_string(row, index, str(value), cell_format)
        total_row = layout.totals[sheet["id"]]
        if total_row is not None:
            page.write(total_row, 0, str(_localized(sheet["totals"], language)), bold)
            for index, column in enumerate(columns):
                if "total" in column:
                    ref = f"{_column_letters(index)}{total_row + 1}"
                    page.write_formula(total_row, index, layout.formula(column["total"], sheet["id"], total_row),
                                       bold, _cached(values, layout.names[sheet["id"]], ref))
        page.freeze_panes(HEADING_ROW + 1, 1)
    book.close()
    return buffer.getvalue()


def _cached(values: formulas.Workbook, sheet: str, ref: str) -> Any:
    """The formula's value for the stored result; empty for an error or an empty result."""
    value = values.value(sheet, ref)
    if isinstance(value, formulas.CellError) or value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return value


def filename(tool: dict, language: str, extension: str = "xlsx") -> str:
    return f"{tool['id']}-{language}.{extension}"
