"""The annual report as an XLSX workbook for the funder and for whoever works on with it:
an overview sheet (the period and export day as dates, the first page's text, the key
figures), a sheet per section with one row per figure and native bar charts beside the
tables that have one, and the key figures per contact point. Numbers stay numbers, shares
are stored as fractions with a per cent format, so a spreadsheet can calculate with them."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from contactpoints.reports import Figure, Report, Table
from selbsthilfe.spreadsheets import column_widths, sheet_title, xlsx_value

BOLD, ITALIC, TITLE = Font(bold=True), Font(italic=True), Font(bold=True, size=14)
DATE_FORMAT = "DD.MM.YYYY"
COUNT_FORMAT, SHARE_FORMAT = "#,##0", "0%"
COUNT_CHANGE_FORMAT = "+#,##0;-#,##0;0"
SHARE_CHANGE_FORMAT = '+0" Pp.";-0" Pp.";0'


def put(sheet, row: int, column: int, value):
    """Write ``value`` to a cell; a text stays a text even where it starts like a formula
    ("=", "+", …), which openpyxl would otherwise store as one (CSV injection)."""
    cell = sheet.cell(row=row, column=column, value=xlsx_value(value))
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    overview(workbook.active, report)
    for section in report.sections:
        figures_sheet(workbook.create_sheet(sheet_title(section.title)), report, section.tables)
    if report.breakdown:
        figures_sheet(
            workbook.create_sheet(sheet_title(_("By contact point"))),
            report,
            report.breakdown_tables,
            first_column=_("Contact point"),
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def header(report: Report, first_column: str) -> list[str]:
    change = pgettext("year-on-year", "Change")
    return [first_column, _("Unit"), str(report.year), str(report.year - 1), change]


def write_figure(sheet, row: int, column: int, figure: Figure, bold=False) -> None:
    """``figure`` from ``column`` on: label, unit, value, previous value, change."""
    share = figure.is_share
    values = [
        (figure.label, None),
        (figure.unit_label, None),
        (figure.value / 100 if share else figure.value, SHARE_FORMAT if share else COUNT_FORMAT),
        (
            figure.previous / 100 if share else figure.previous,
            SHARE_FORMAT if share else COUNT_FORMAT,
        ),
        (figure.change, SHARE_CHANGE_FORMAT if share else COUNT_CHANGE_FORMAT),
    ]
    for offset, (value, number_format) in enumerate(values):
        cell = put(sheet, row, column + offset, value)
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = BOLD


def overview(sheet, report: Report) -> None:
    sheet.title = sheet_title(_("Overview"))
    first, last = report.period
    put(sheet, 1, 1, report.title).font = TITLE
    for row, (label, value) in enumerate(
        [
            (_("Contact point"), str(report.contact_point)),
            (_("Period from"), first),
            (_("Period to"), last),
            (_("Exported on"), timezone.localdate()),
        ],
        start=3,
    ):
        put(sheet, row, 1, label).font = BOLD
        cell = put(sheet, row, 2, value)
        if not isinstance(value, str):
            cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(horizontal="left")
    if len(report.contact_points) > 1:
        put(sheet, 7, 1, _("Covers")).font = BOLD
        put(sheet, 7, 2, ", ".join(str(cp) for cp in report.contact_points))
    put(sheet, 9, 1, report.text).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=9, start_column=1, end_row=9, end_column=5)
    sheet.row_dimensions[9].height = 15 * (len(report.text) // 90 + 2)
    start = 11
    for offset, title in enumerate(header(report, _("Key figures"))):
        put(sheet, start, 1 + offset, title).font = BOLD
    for number, figure in enumerate(report.key_figures, start=start + 1):
        write_figure(sheet, number, 1, figure)
    sheet.column_dimensions["A"].width = 45
    for letter in "BCDE":
        sheet.column_dimensions[letter].width = 14


def figures_sheet(sheet, report: Report, tables: list[Table], first_column=None) -> None:
    """One row per figure (table, label, unit, year, year before, change, note), the heading
    frozen and filterable; each table's total row bold; a bar chart beside each table that
    has one."""
    columns = [_("Table"), *header(report, first_column or _("Figure")), _("Note")]
    for offset, title in enumerate(columns):
        put(sheet, 1, 1 + offset, title).font = BOLD
    row = 2
    chart_row = 2
    for table in tables:
        first_row = row
        for figure in table.rows:
            put(sheet, row, 1, table.title)
            write_figure(sheet, row, 2, figure, bold=figure is table.total)
            row += 1
        if table.note:
            put(sheet, first_row, 7, table.note).font = ITALIC
        if table.chart:
            bars = len(table.bars)
            sheet.add_chart(bar_chart(sheet, report, table, first_row, bars), f"I{chart_row}")
            chart_row += max(16, bars + 6)
    values = [[cell.value for cell in cells] for cells in sheet.iter_rows()]
    for number, width in enumerate(column_widths(values), start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{row - 1}"


def bar_chart(sheet, report: Report, table: Table, first_row: int, bars: int) -> BarChart:
    """A native horizontal bar chart of ``bars`` rows from ``first_row``: the year and the
    year before, the labels from the figure column."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = xlsx_value(table.chart_title)
    chart.y_axis.title = table.figures[0].unit_label
    last_row = first_row + bars - 1
    for column, year in ((4, report.year), (5, report.year - 1)):
        values = Reference(sheet, min_col=column, min_row=first_row, max_row=last_row)
        chart.series.append(Series(values, title=str(year)))
    chart.set_categories(Reference(sheet, min_col=2, min_row=first_row, max_row=last_row))
    chart.x_axis.scaling.orientation = "maxMin"  # the first row on top, as in the table
    chart.height = max(7.5, 0.6 * bars + 3)
    chart.width = 16
    return chart
