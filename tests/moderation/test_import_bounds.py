"""Import files that would cost a worker hundreds of megabytes (zip bombs, declared
dimensions, endless CSV lines) are refused with a French message before they are parsed."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from app.moderation import importer
from tests.helpers import body
from tests.moderation.test_import import csv_file, imported, line, upload, xlsx_file

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture()
def moderator_client(client, world):
    from tests import factories as f

    f.login(client, world.moderator)
    return client


def _rewrite(data: bytes, members: dict[str, bytes]) -> bytes:
    """The workbook `data` with some members replaced or added."""
    replace = dict(members)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        names = source.namelist()
        for name in names:
            target.writestr(name, replace.pop(name, source.read(name)))
        for name, content in replace.items():
            target.writestr(name, content)
    return out.getvalue()


def _with_shared_strings(data: bytes, strings: list[str]) -> bytes:
    """The workbook with a shared strings table (as Excel writes them), declared in its
    manifest so that openpyxl loads it."""
    types = _member(data, "[Content_Types].xml").replace(
        "</Types>",
        (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
    )
    return _rewrite(
        data, {"xl/sharedStrings.xml": _shared_strings(strings), "[Content_Types].xml": types.encode()}
    )


def _member(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode()


def _shared_strings(strings: list[str]) -> bytes:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
        f"{items}</sst>"
    ).encode()


def dimension_bomb(rows: int = 600) -> bytes:
    """A workbook of `rows` short rows whose sheet declares A1:XFD1048576: openpyxl pads
    every row it yields to the declared 16,384 columns."""
    data = xlsx_file([line()])
    sheet = _member(data, SHEET)
    sheet = re.sub(r'<dimension ref="[^"]+"\s*/>', '<dimension ref="A1:XFD1048576"/>', sheet)
    extra = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>x</t></is></c></row>' for i in range(3, rows + 3)
    )
    return _rewrite(data, {SHEET: sheet.replace("</sheetData>", extra + "</sheetData>").encode()})


def shared_strings_bomb() -> bytes:
    """A workbook whose shared strings decompress to 60 MB (3,000 strings of 20,000 chars)."""
    data = xlsx_file([line()])
    return _with_shared_strings(data, ["x" * 20_000] * 3000)


def _previews(app) -> int:
    folder = Path(app.config.get("IMPORT_DIR") or Path(app.instance_path) / "imports")
    return len(list(folder.glob("*.json"))) if folder.exists() else 0


def _refused(
    app, client, db, data: bytes, message: str, name="evenements.xlsx", max_peak: int = 10 * MB
) -> None:
    """Upload `data`; check the peak of Python memory allocated while the request ran, the
    refusal, and that nothing was kept."""
    before = _previews(app)
    tracemalloc.start()
    try:
        response = upload(client, data, name=name)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < max_peak, f"{peak / MB:.1f} MB"
    assert response.status_code == 422, response.status_code
    page = body(response)
    assert message in page and 'aria-invalid="true"' in page
    assert imported(db) == [] and _previews(app) == before


def test_the_bombs_are_small_uploads():
    assert len(dimension_bomb()) < 10_000 and "A1:XFD1048576" in _member(dimension_bomb(), SHEET)
    assert len(shared_strings_bomb()) < 200_000
    with zipfile.ZipFile(io.BytesIO(shared_strings_bomb())) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size > 50 * MB


def test_declared_dimension_bomb_is_refused_before_it_costs_memory(app, moderator_client, db):
    _refused(
        app,
        moderator_client,
        db,
        dimension_bomb(),
        "Ce classeur déclare une feuille de 1\u202f048\u202f576 lignes sur 16\u202f384 colonnes",
    )


def test_shared_strings_bomb_is_refused_before_it_costs_memory(app, moderator_client, db):
    _refused(
        app, moderator_client, db, shared_strings_bomb(), "Ce classeur dépasse 16 Mo une fois décompressé"
    )


def test_sheet_with_too_many_columns_or_rows_or_a_huge_cell_is_refused(app, moderator_client, db):
    data = xlsx_file([line()])
    sheet = _member(data, "xl/worksheets/sheet1.xml")
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    wide = "".join(f'<c r="{_column(i)}1" t="inlineStr"><is><t>x</t></is></c>' for i in range(1, 151))
    wide_sheet = f'<worksheet {ns}><sheetData><row r="1">{wide}</row></sheetData></worksheet>'
    _refused(
        app,
        moderator_client,
        db,
        _rewrite(data, {SHEET: wide_sheet.encode()}),
        "Le fichier compte plus de 100 colonnes",
    )
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>x</t></is></c></row>' for i in range(1, 10_002)
    )
    long_sheet = f"<worksheet {ns}><sheetData>{rows}</sheetData></worksheet>"
    _refused(
        app,
        moderator_client,
        db,
        _rewrite(data, {SHEET: long_sheet.encode()}),
        "Le fichier compte plus de 10\u202f000 lignes",
    )
    assert '<dimension ref="A1:R2"' in sheet
    _refused(
        app,
        moderator_client,
        db,
        _with_shared_strings(data, ["y" * 40_000]),
        "Une cellule du fichier dépasse 32\u202f767 caractères",
    )


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def test_csv_bounds(app, moderator_client, db):
    _refused(
        app,
        moderator_client,
        db,
        csv_file([line()]) + b";\r\n" * 10_001,
        "Le fichier compte plus de 10\u202f000 lignes",
        name="evenements.csv",
    )
    wide = csv_file([line()]).rstrip(b"\r\n") + b";x" * 150 + b"\r\n"
    _refused(app, moderator_client, db, wide, "Le fichier compte plus de 100 colonnes", name="evenements.csv")
    _refused(
        app,
        moderator_client,
        db,
        csv_file([line(Description="d" * 40_000)]),
        "Une cellule du fichier dépasse 32\u202f767 caractères",
        name="evenements.csv",
    )
    _refused(
        app,
        moderator_client,
        db,
        csv_file([line()]) + b";" * 300_000 + b"\r\n",
        "La ligne 3 du fichier dépasse 200\u202f000 caractères",
        name="evenements.csv",
    )


def test_empty_trailing_columns_and_a_full_file_still_pass(app):
    padded = csv_file([line()]).replace(b"\r\n", b";" * 200 + b"\r\n")
    rows = importer.read_table(padded)
    assert len(rows) == 2 and len(rows[0]) == 100
    full = xlsx_file([line(Titre=f"Événement {n}") for n in range(2000)])
    rows = importer.read_table(full)
    assert len(rows) == 2001 and rows[2000][0] == "Événement 1999"
