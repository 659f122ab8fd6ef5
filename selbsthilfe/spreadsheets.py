"""Spreadsheet files for staff exports: CSV as German spreadsheet programs open it, and XLSX.

A cell that starts like a formula ("=", "+", "-", "@") is never run as one when opened
(CSV injection): CSV quotes it with a leading apostrophe, XLSX stores it as text.
"""

import csv
import io

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
    """An XLSX file with one sheet per entry; numbers stay numbers, texts stay texts."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(str(title)[:31])
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would store "=…" as a formula
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
