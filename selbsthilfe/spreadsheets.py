"""Spreadsheet files for staff exports: CSV as German spreadsheet programs open it, and XLSX.

A cell that starts like a formula ("=", "+", "-", "@") is never run as one when opened
(CSV injection): CSV quotes it with a leading apostrophe, XLSX stores it as text. XLSX cannot
hold control characters; an old value with one shows "\ufffd" there instead.
"""

import csv
import datetime
import io

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_csv(rows) -> bytes:
    """UTF-8 with BOM and semicolons, as German spreadsheet programs open it directly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value
            for value in row
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(rows, sheet_title: str) -> bytes:
    """An XLSX file of one sheet."""
    return write_xlsx_sheets({sheet_title: rows})


def write_xlsx_sheets(sheets: dict[str, list[list]]) -> bytes:
    """An XLSX file with one sheet per entry; numbers and dates stay numbers and dates, texts
    stay texts. The first row is the heading: bold and frozen, so it stays in view while
    scrolling; each column is as wide as its longest value (up to a limit)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, rows in sheets.items():
        rows = [list(row) for row in rows]
        sheet = workbook.create_sheet(sheet_title(title))
        for number, width in enumerate(column_widths(rows), start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        if len(rows) > 1:
            sheet.freeze_panes = "A2"
        for index, row in enumerate(rows):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=xlsx_value(value))
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would store "=…" as a formula
                elif isinstance(value, datetime.datetime):
                    cell.number_format = "DD.MM.YYYY HH:MM"
                elif isinstance(value, datetime.date):
                    cell.number_format = "DD.MM.YYYY"
                elif isinstance(value, datetime.time):
                    cell.number_format = "HH:MM"
                if index == 0:
                    cell.font = bold
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_value(value):
    """``value`` as an XLSX cell can hold it: a text without control characters."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def sheet_title(title) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(c for c in xlsx_value(str(title)) if c not in "[]:*?/\\")[:31]


def column_widths(rows: list[list], widest: int = 60) -> list[int]:
    """Widths in characters: the longest value of each column, plus a little room."""
    widths = []
    for row in rows:
        for number, value in enumerate(row):
            length = len(str(value)) if value is not None else 0
            if number == len(widths):
                widths.append(0)
            widths[number] = max(widths[number], length)
    return [min(max(width, 6) + 2, widest) for width in widths]
