"""XLSX exports as a spreadsheet program should open them: heading bold and frozen, columns
as wide as their values, numbers and dates as such, formulas never run."""

import datetime
import io

from openpyxl import load_workbook

from selbsthilfe.spreadsheets import write_xlsx_sheets


def test_xlsx_has_a_frozen_bold_heading_widths_and_real_numbers_and_dates():
    rows = [
        ["Kontaktstelle", "Anfragen", "Stand"],
        ["K.I.S.S. Kreis Unna – Standort Lünen", 412, datetime.date(2026, 12, 31)],
        ["=HYPERLINK(\"x\")", 7, datetime.date(2025, 12, 31)],
    ]
    sheet = load_workbook(io.BytesIO(write_xlsx_sheets({"Bericht": rows})))["Bericht"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold
    assert sheet.column_dimensions["A"].width == len(rows[1][0]) + 2
    assert sheet.column_dimensions["B"].width == 10  # at least room for a heading
    assert sheet["B2"].value == 412 and sheet["B2"].data_type == "n"
    assert sheet["C2"].is_date and sheet["C2"].value.date() == datetime.date(2026, 12, 31)
    assert sheet["A3"].data_type == "s"  # stored as text, never run as a formula
