"""Hostile and damaged files in the group import: refused with a message in the form, before
or while reading, never expanded beyond the bounds and never a server error."""

import io
import struct
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from groups import import_files, transfer
from tests.factories import import_dry_run

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:groups_group_import")
SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def file_error(response) -> str:
    assert "plan" not in response.context, "the file was read"
    return " ".join(response.context["form"].errors["file"])


def zip_bytes(members: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP of ``members`` (name: bytes, or an iterable of byte chunks, written as a
    stream so that the test never holds a big member in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            with archive.open(name, "w") as member:
                for chunk in [content] if isinstance(content, bytes) else content:
                    member.write(chunk)
    return buffer.getvalue()


def xlsx_with_sheet(sheet_xml: str) -> bytes:
    """A workbook made by openpyxl whose first worksheet is ``sheet_xml``."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return zip_bytes(members | {SHEET: sheet_xml.encode()})


def sheet_row(number: int, text: str) -> str:
    return f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{text}</t></is></c></row>'


def hsds_package(services_csv, compression=zipfile.ZIP_DEFLATED) -> bytes:
    return zip_bytes({"services.csv": services_csv}, compression)


def data_offset(content: bytes, member: str) -> int:
    """Where ``member``'s (compressed) data start in ``content``, a ZIP."""
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo(member)
    name_length, extra_length = struct.unpack_from("<HH", content, info.header_offset + 26)
    return info.header_offset + 30 + name_length + extra_length


def declaring(content: bytes, member: str, size: int) -> bytes:
    """``content``, a ZIP, with ``member``'s expanded size declared as ``size`` bytes, in its
    local header and in the central directory."""
    data = bytearray(content)
    name = member.encode()
    # (signature, where the name's length is, where the size is, the header's length)
    for signature, name_length_at, size_at, header in [
        (b"PK\x03\x04", 26, 22, 30),
        (b"PK\x01\x02", 28, 24, 46),
    ]:
        start = data.find(signature)
        while start >= 0:
            name_length = struct.unpack_from("<H", data, start + name_length_at)[0]
            if data[start + header : start + header + name_length] == name:
                struct.pack_into("<I", data, start + size_at, size)
            start = data.find(signature, start + 4)
    return bytes(data)


def zeros(megabytes: int):
    for _ in range(megabytes):
        yield b"0" * 1_000_000


@pytest.mark.parametrize("kind", ["hsds", "xlsx"])
def test_a_zip_expanding_beyond_the_limit_is_refused_before_anything_is_read(
    editor, monkeypatch, kind
):
    # 60 MB of zeros compress to about 60 KB.
    member = "services.csv" if kind == "hsds" else SHEET
    bomb = zip_bytes({member: zeros(60)} | ({} if kind == "hsds" else {"[Content_Types].xml": b""}))
    assert len(bomb) < 200_000
    opened = []
    original_open = zipfile.ZipFile.open

    def recording_open(self, name, *args, **kwargs):
        opened.append(name)
        return original_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording_open)
    tracemalloc.start()
    try:
        response = import_dry_run(editor, f"bombe.{'zip' if kind == 'hsds' else 'xlsx'}", bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "entpackt größer als 50 MB" in file_error(response)
    assert opened == []  # refused from the central directory alone
    assert peak < 20_000_000


def test_a_zip_of_too_many_members_is_refused(editor):
    archive = zip_bytes({f"{number}.csv": b"" for number in range(301)} | {"services.csv": b""})
    assert "mehr als 300 Dateien" in file_error(import_dry_run(editor, "viele.zip", archive))


@pytest.mark.parametrize("kind", ["hsds", "xlsx"])
def test_a_member_declaring_less_than_it_holds_expands_no_further(editor, kind):
    # Headers that declare a kilobyte for 100 MB of data: zipfile stops at the declared
    # size; read whole in one step, as openpyxl reads a workbook's parts, it would first
    # have decompressed all of it.
    if kind == "hsds":
        member, content = "services.csv", hsds_package([b"id,name\n", *zeros(100)])
    else:
        member = "[Content_Types].xml"
        content = xlsx_with_sheet(SHEET_START + "<sheetData/></worksheet>")
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        content = zip_bytes(parts | {member: [parts[member], *zeros(100)]})
    content = declaring(content, member, 1000)
    tracemalloc.start()
    try:
        response = import_dry_run(editor, f"klein.{'zip' if kind == 'hsds' else 'xlsx'}", content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "beschädigt" in file_error(response) or "XLSX" in file_error(response)
    assert peak < 30_000_000


def test_a_damaged_member_is_explained(editor):
    services = b"id,name\n1,Gruppe A\n" * 50
    stored = hsds_package(services, compression=zipfile.ZIP_STORED)
    where = stored.index(b"Gruppe A")
    crc_wrong = stored[:where] + b"X" + stored[where + 1 :]
    assert "„services.csv“ im ZIP-Archiv lässt sich nicht lesen" in file_error(
        import_dry_run(editor, "paket.zip", crc_wrong)
    )
    truncated = hsds_package(services)[:-30]  # the central directory cut off
    assert "beschädigt" in file_error(import_dry_run(editor, "paket.zip", truncated))
    deflated = hsds_package(services)
    start = data_offset(deflated, "services.csv")
    garbled = deflated[:start] + b"\xff" * 20 + deflated[start + 20 :]
    assert "beschädigt" in file_error(import_dry_run(editor, "paket.zip", garbled))


@pytest.mark.parametrize("kind", ["csv", "xlsx", "hsds"])
def test_reading_stops_at_the_first_row_past_the_limit(editor, kind):
    # 5,001 groups, then rows the reader would stumble over: it never gets there.
    if kind == "csv":
        rows = "".join(f"Gruppe {number}\n" for number in range(1, 5002))
        content, name = f'Name\n{rows}"{"x" * 200_000}\n'.encode(), "gruppen.csv"
    elif kind == "xlsx":
        rows = "".join(sheet_row(number, f"Gruppe {number}") for number in range(2, 7003))
        dimension = '<dimension ref="A1:A7002"/>'  # (as Excel writes it)
        sheet = f"{SHEET_START}{dimension}<sheetData>{sheet_row(1, 'Name')}{rows}<row r="
        content, name = xlsx_with_sheet(sheet), "gruppen.xlsx"
    else:
        rows = "".join(f"{number},Gruppe {number}\n" for number in range(1, 5002))
        content = hsds_package(f'id,name\n{rows}"{"x" * 200_000}\n'.encode())
        name = "paket.zip"
    assert "mehr als 5.000 Zeilen" in file_error(import_dry_run(editor, name, content))


def test_a_worksheet_declaring_a_far_row_is_refused_quickly(editor):
    # Rows a worksheet skips are read as empty ones: a millionth row is a few bytes.
    sheet = f"{SHEET_START}<sheetData>{sheet_row(1, 'Name')}{sheet_row(1_000_000, 'Gruppe')}"
    response = import_dry_run(
        editor, "weit.xlsx", xlsx_with_sheet(sheet + "</sheetData></worksheet>")
    )
    assert "mehr als 5.000 Zeilen" in file_error(response)


def test_a_cell_beyond_the_csv_field_limit_is_explained(editor):
    content = f'Name;Ort\nGruppe;Unna\n"{"x" * 200_000};Unna\n'.encode()
    assert "Zeile 3 der CSV-Datei lässt sich nicht lesen" in file_error(
        import_dry_run(editor, "lang.csv", content)
    )
    package = hsds_package(f'id,name\n1,"{"x" * 200_000}"\n'.encode())
    assert "CSV-Datei lässt sich nicht lesen" in file_error(
        import_dry_run(editor, "paket.zip", package)
    )


def test_a_file_over_the_upload_size_is_refused(editor):
    content = b"Name\n" + b"Gruppe\n" * 800_000
    assert "größer als 5 MB" in file_error(import_dry_run(editor, "gross.csv", content))


VALID_FILES = {
    "paket.zip": hsds_package(b"id,name,description\n1,Gruppe A,Text\n2,Gruppe B,\n"),
    "gruppen.xlsx": xlsx_with_sheet(
        f"{SHEET_START}<sheetData>{sheet_row(1, 'Name')}{sheet_row(2, 'Gruppe A')}"
        "</sheetData></worksheet>"
    ),
}


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(sorted(VALID_FILES)),
    changes=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1,
                     max_size=4)), min_size=1, max_size=4),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)  # fmt: skip
def test_a_damaged_zip_is_read_or_explained_never_a_crash(name, changes, cut):
    content = bytearray(VALID_FILES[name])
    for where, replacement in changes:
        position = int(where * len(content))
        content[position : position + len(replacement)] = replacement
    if cut is not None:
        content = content[: int(cut * len(content))]
    try:
        rows = transfer.read_table(SimpleUploadedFile(name, bytes(content)))
    except import_files.ImportFileError:
        return
    assert isinstance(rows, list)
