"""Reading the files of the group import within fixed bounds (docs/import-format.md).

An upload's size, a ZIP's members and their expanded size, and the number of rows are
checked before or while reading, so that a small hostile file cannot hold a worker for
minutes or fill its memory; a damaged file is an ``ImportFileError`` with a German message,
never a crash. ``groups.transfer`` and ``groups.hsds_import`` read their files through here.
"""

import csv
import datetime
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from selbsthilfe.spreadsheets import FORMULA_START

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A ZIP (an XLSX file or an HSDS package) is refused when its central directory lists more
# members or more expanded bytes than these, before anything is read. An export of 5,000
# groups as XLSX expands to about 12 MB in 9 members.
MAX_EXPANDED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 300
# Groups in one file (rows with content after the header; services of an HSDS file). Rows
# are counted while reading, and reading stops at the first one past the limit.
MAX_ROWS = 5000
# Rows read in all, empty ones included: a worksheet can declare a millionth row in a few
# bytes, and the rows before it are read as empty. Also the bound of each linked table of
# an HSDS package (phones, locations, …).
MAX_LINES = 10 * MAX_ROWS
# Columns read: openpyxl reads a worksheet row as wide as its last cell, and a cell in column
# 16,384 (XFD) takes a few bytes. An export has 44.
MAX_COLUMNS = 200
LAT_LON_HEADERS = {"Breitengrad", "Längengrad"}

# The errors zipfile and zlib raise for a damaged or unsupported member while it is read:
# a wrong CRC (BadZipFile), compressed data that ends early (EOFError) or is no deflate
# stream (zlib.error), an unknown compression method (NotImplementedError), encryption
# (RuntimeError: a password is required), a member's offset before the start of the file or
# a member name marked as UTF-8 that is none (ValueError). (A UnicodeDecodeError, also a
# ValueError, is caught before these where a member's text is decoded.)
ZIP_READ_ERRORS = (
    zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError, ValueError
)  # fmt: skip


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in German."""


def too_many_rows() -> ImportFileError:
    count = formats.number_format(MAX_ROWS, force_grouping=True)
    return ImportFileError(
        ngettext(
            "The file has more than %(count)s row.",
            "The file has more than %(count)s rows.",
            MAX_ROWS,
        )
        % {"count": count}
    )


def check_upload_size(uploaded) -> None:
    if uploaded.size > MAX_UPLOAD_BYTES:
        megabytes = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ImportFileError(
            _("The file is larger than %(megabytes)s MB.") % {"megabytes": megabytes}
        )


# ZIP archives


class BoundedZipFile(zipfile.ZipFile):
    """A ZIP whose members expand in bounded steps, also when read whole.

    CPython's zipfile (``ZipExtFile._read1`` in Lib/zipfile/__init__.py, 3.12) returns at
    most a member's declared ``file_size``, taken from the central directory: it cuts what
    it decompresses to the bytes still declared (``data[:self._left]``) and ends the member
    there. But a member read whole (``ZipFile.read``, ``read()`` without a size, as
    openpyxl reads a workbook's parts) is decompressed in one step of up to ``MAX_N``
    (1 GiB) before that cut: a member that declares a kilobyte while its data expand to
    gigabytes briefly took 450 MB when tried. Reads of a given size are decompressed no
    further than that size, so a smaller step bounds every read by its declared size.
    """

    READ_STEP = 1 << 22  # 4 MiB

    def open(self, name, mode="r", pwd=None, **kwargs):
        member = super().open(name, mode, pwd, **kwargs)
        if mode == "r":
            member.MAX_N = self.READ_STEP
        return member


def open_archive(content: bytes) -> BoundedZipFile:
    """The ZIP in ``content``, once its central directory lists at most ``MAX_MEMBERS``
    members expanding to at most ``MAX_EXPANDED_BYTES`` together; nothing is read before.
    Bounded reads (above) make the declared sizes the bound of what is read."""
    try:
        archive = BoundedZipFile(io.BytesIO(content))
    except ZIP_READ_ERRORS as error:
        raise ImportFileError(
            _(
                "The file is damaged: it starts like a ZIP archive (an XLSX file or an HSDS "
                "package) but cannot be read as one."
            )
        ) from error
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ImportFileError(
            ngettext(
                "The ZIP archive holds more than %(count)s file.",
                "The ZIP archive holds more than %(count)s files.",
                MAX_MEMBERS,
            )
            % {"count": MAX_MEMBERS}
        )
    if sum(member.file_size for member in members) > MAX_EXPANDED_BYTES:
        megabytes = MAX_EXPANDED_BYTES // (1024 * 1024)
        raise ImportFileError(
            _("The ZIP archive would expand to more than %(megabytes)s MB.")
            % {"megabytes": megabytes}
        )
    return archive


def damaged_member(name: str) -> ImportFileError:
    return ImportFileError(
        _("The file is damaged: “%(name)s” in the ZIP archive cannot be read.") % {"name": name}
    )


def archive_csv_records(archive: zipfile.ZipFile, name: str, limit: int) -> list[dict]:
    """The rows of the CSV member ``name`` as dicts by its header, streamed: UTF-8, else
    Windows-1252 (read again from the start); more than ``limit`` rows are refused."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            with archive.open(name) as member:
                text = io.TextIOWrapper(member, encoding=encoding, newline="")
                records = []
                for record in _read_csv(csv.DictReader(text)):
                    if len(records) == limit:
                        raise too_many_rows()
                    records.append(record)
                return records
        except UnicodeDecodeError:
            continue
        except ZIP_READ_ERRORS as error:
            raise damaged_member(name) from error
    raise ImportFileError(
        _("“%(name)s” in the ZIP archive is neither UTF-8 nor Windows-1252 text.") % {"name": name}
    )


# Tables: CSV and XLSX


class _SemicolonDialect(csv.excel):
    delimiter = ";"


def csv_rows(content: bytes) -> Iterator[list[str]]:
    """The rows of a CSV file (UTF-8 or Windows-1252; separated by ``;``, ``,`` or tabs)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")  # what older Excel versions save
        except UnicodeDecodeError:
            raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text.")) from None
    if "\x00" in text:
        raise ImportFileError(_("The file contains NUL characters; it is not a CSV file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = _SemicolonDialect
    return _read_csv(csv.reader(io.StringIO(text), dialect))


def _read_csv(reader) -> Iterator:
    """The rows of a ``csv`` reader, a malformed one (e.g. a cell beyond the csv module's
    field limit of 128 KiB, often a quotation mark never closed) explained."""
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            line = getattr(reader, "line_num", 0)
            raise ImportFileError(
                _(
                    "Line %(line)s of the CSV file cannot be read: a cell is too long, perhaps "
                    "a quotation mark is not closed."
                )
                % {"line": line}
            ) from error
        yield row


def xlsx_rows(content: bytes) -> Iterator[tuple]:
    """The rows of the first worksheet of an XLSX file, streamed, at most ``MAX_COLUMNS``
    cells each. The archive's bounds are checked first."""
    with open_archive(content) as archive:
        try:
            reader = _FirstWorksheetReader(io.BytesIO(content), read_only=True, data_only=True)
            reader.archive = archive  # (openpyxl reads a workbook's smaller parts whole)
            reader.read()
            workbook = reader.wb
            sheet = workbook.worksheets[0]
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(_("The XLSX file could not be read.")) from error
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        try:
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    return
                except Exception as error:  # the worksheet is read only now, row by row
                    raise ImportFileError(_("The XLSX file could not be read.")) from error
                yield row
        finally:
            workbook.close()


class _UnmeasuredWorksheet(ReadOnlyWorksheet):
    """A read-only worksheet that does not read the dimension it declares (its first and
    last cell), and so has none: rows beyond it are not left out, and rows are not padded
    to its width. openpyxl reads it while loading, and a worksheet that declares none (as
    openpyxl's own write-only files, like our export) is parsed whole for it."""

    def _get_size(self):
        pass


class _FirstWorksheetReader(ExcelReader):
    """``openpyxl.load_workbook(…, read_only=True)``, of the first worksheet alone."""

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                worksheet = _UnmeasuredWorksheet(
                    self.wb, sheet.name, rel.target, self.shared_strings
                )
                self.wb._sheets.append(worksheet)
                return


def table_records(rows: Iterable, columns: Iterable[str]) -> list[dict]:
    """The rows after the header row (the first) as dicts of the cells in ``columns``,
    with their line in the file as ``_line``; empty rows are skipped. Stops at the first
    row past ``MAX_ROWS`` rows with content, or past ``MAX_LINES`` rows in all."""
    rows = iter(rows)
    header = next(rows, None)
    if header is None or not any(cell_text(cell) for cell in header):
        raise ImportFileError(_("The file is empty."))
    headers = [cell_text(cell) for cell in header[:MAX_COLUMNS]]
    if "Name" not in headers:
        raise ImportFileError(
            _("The first row must hold the column names, at least “Name”; see the import format.")
        )
    wanted = set(columns)
    # (Of a header that appears twice, the last column counts.)
    positions = {title: position for position, title in enumerate(headers) if title in wanted}
    records = []
    for line, row in enumerate(rows, start=2):
        if line > MAX_LINES + 1:
            raise too_many_rows()
        if _is_empty(row):
            continue
        if len(records) == MAX_ROWS:
            raise too_many_rows()
        records.append(
            {"_line": line}
            | {
                title: _typed_cell_text(title, row[position])
                for title, position in positions.items()
                if position < len(row)
            }
        )
    return records


def _is_empty(row) -> bool:
    if row.count(None) == len(row):  # (quick: the many empty rows of a worksheet)
        return True
    return not any(cell_text(cell) for cell in row)


def _typed_cell_text(header: str, value) -> str:
    """A cell as text, with spreadsheet types written as the CSV would have them."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer() and header not in LAT_LON_HEADERS:
        value = int(value)
    if isinstance(value, int) and header == "PLZ":
        return f"{value:05d}"  # a spreadsheet drops the leading zero of 01099
    return cell_text(value)


def cell_text(value) -> str:
    """A cell's text, stripped, without the ``'`` an export puts before a formula start."""
    if value is None:
        return ""
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        text = text[1:]
    return text
