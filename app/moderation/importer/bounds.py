"""Bounds of an import file, checked before the file is parsed, so that a small upload
cannot cost a worker hundreds of megabytes.

An XLSX is a zip: 2 MB of upload can declare a sheet of 1,048,576 rows by 16,384 columns
(openpyxl then pads every row it yields to that width), or hold 100 MB of shared strings
(openpyxl loads them all when it opens the workbook). Before openpyxl sees the file, the
zip's members are checked against their declared uncompressed sizes (zipfile never yields
more than the declared size), then the sheets and the shared strings are scanned as a
stream, element by element, for their declared dimension, rows, columns, cells and cell
lengths. A CSV is read line by line with the same bounds."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from xml.etree.ElementTree import ParseError, iterparse

from flask_babel import gettext as _
from openpyxl.utils.cell import column_index_from_string

from app.common.numbers import number_fr

MAX_UNCOMPRESSED = 16 * 1024 * 1024  # the whole workbook, decompressed
MAX_OTHER_MEMBER = 4 * 1024 * 1024  # styles, workbook, theme…: each, decompressed
MAX_MEMBERS = 200
MAX_COLUMNS = 100  # the model has 18
MAX_LINES = 10_000  # rows or CSV lines, empty ones included (2,000 events at most)
MAX_CELLS = 250_000  # cells of one sheet, or shared strings of the workbook
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_LINE_CHARS = 200_000  # one CSV line

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


class Refused(Exception):
    """The file exceeds a bound, or cannot be scanned: the message (French) says why."""


def _too_many_lines() -> Refused:
    return Refused(
        _(
            "Le fichier compte plus de %(max)s lignes (lignes vides comprises) : "
            "supprimez les lignes vides en trop ou découpez-le.",
            max=number_fr(MAX_LINES),
        )
    )


def _too_many_columns() -> Refused:
    return Refused(
        _(
            "Le fichier compte plus de %(max)s colonnes : gardez seulement les colonnes du modèle.",
            max=MAX_COLUMNS,
        )
    )


def _too_long_cell() -> Refused:
    return Refused(
        _(
            "Une cellule du fichier dépasse %(max)s caractères : raccourcissez-la.",
            max=number_fr(MAX_CELL_CHARS),
        )
    )


def _too_many_cells() -> Refused:
    return Refused(
        _(
            "Le fichier compte plus de %(max)s cellules : gardez seulement les "
            "colonnes du modèle et découpez-le.",
            max=number_fr(MAX_CELLS),
        )
    )


# --- XLSX -----------------------------------------------------------------------------


def check_xlsx(archive: zipfile.ZipFile) -> None:
    """Raise Refused before openpyxl opens a workbook that would cost too much memory."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Refused(_("Ce classeur contient trop d'éléments (images, feuilles…) : enregistrez-le en CSV."))
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise Refused(
            _(
                "Ce classeur dépasse %(max)s Mo une fois décompressé : enregistrez-le en CSV ou découpez-le.",
                max=MAX_UNCOMPRESSED // (1024 * 1024),
            )
        )
    for member in members:
        name = member.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            _scan(archive, name, _sheet_bounds())
        elif name == "xl/sharedStrings.xml":
            _scan(archive, name, _shared_string_bounds())
        elif member.file_size > MAX_OTHER_MEMBER:
            raise Refused(
                _(
                    "Ce classeur contient un élément de plus de %(max)s Mo une fois "
                    "décompressé : enregistrez-le en CSV.",
                    max=MAX_OTHER_MEMBER // (1024 * 1024),
                )
            )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _scan(archive: zipfile.ZipFile, name: str, watcher) -> None:
    """Stream the member's XML, keeping only the open elements: each finished row or
    shared string is dropped from its parent at once."""
    next(watcher)
    stack = []
    try:
        with archive.open(name) as stream:
            for event, element in iterparse(stream, events=("start", "end")):
                if event == "start":
                    stack.append(element)
                    watcher.send(("start", _local(element.tag), element))
                    continue
                stack.pop()
                watcher.send(("end", _local(element.tag), element))
                if stack and _local(element.tag) in ("row", "si"):
                    stack[-1].remove(element)
    except ParseError:
        raise Refused(_("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.")) from None


def _column(reference: str | None, fallback: int) -> int:
    match = _REF.match(reference or "")
    return column_index_from_string(match.group(1).upper()) if match else fallback


def _sheet_bounds():
    """Consumes ('start'|'end', local tag, element) events of one worksheet."""
    rows = cells = column = 0
    while True:
        event, tag, element = yield
        if event == "start" and tag == "dimension":
            _check_dimension(element.get("ref", ""))
        elif event == "start" and tag == "row":
            rows += 1
            column = 0
            if rows > MAX_LINES or int(element.get("r") or rows) > MAX_LINES:
                raise _too_many_lines()
        elif event == "start" and tag == "c":
            cells += 1
            column = _column(element.get("r"), column + 1)
            if cells > MAX_CELLS:
                raise _too_many_cells()
        elif event == "end" and tag in ("v", "t") and element.text:
            if len(element.text) > MAX_CELL_CHARS:
                raise _too_long_cell()
            if column > MAX_COLUMNS:
                raise _too_many_columns()


def _check_dimension(ref: str) -> None:
    last = _REF.match(ref.rpartition(":")[2])
    if last is None:
        return
    columns, rows = column_index_from_string(last.group(1).upper()), int(last.group(2))
    if columns > MAX_COLUMNS or rows > MAX_LINES:
        raise Refused(
            _(
                "Ce classeur déclare une feuille de %(rows)s lignes sur %(columns)s "
                "colonnes : %(max_rows)s lignes et %(max_columns)s colonnes au plus. "
                "Supprimez les lignes et colonnes inutilisées, ou enregistrez le "
                "fichier en CSV.",
                rows=number_fr(rows),
                columns=number_fr(columns),
                max_rows=number_fr(MAX_LINES),
                max_columns=MAX_COLUMNS,
            )
        )


def _shared_string_bounds():
    strings = 0
    while True:
        event, tag, element = yield
        if event == "start" and tag == "si":
            strings += 1
            if strings > MAX_CELLS:
                raise _too_many_cells()
        elif event == "end" and tag == "t" and element.text and len(element.text) > MAX_CELL_CHARS:
            raise _too_long_cell()


# --- CSV ------------------------------------------------------------------------------


def bounded_lines(lines: Iterable[str]) -> Iterator[str]:
    """The lines of a CSV text, refused beyond MAX_LINES lines or MAX_LINE_CHARS characters."""
    for count, line in enumerate(lines, start=1):
        if count > MAX_LINES:
            raise _too_many_lines()
        if len(line) > MAX_LINE_CHARS:
            raise Refused(
                _(
                    "La ligne %(line)s du fichier dépasse %(max)s caractères : raccourcissez-la.",
                    line=count,
                    max=number_fr(MAX_LINE_CHARS),
                )
            )
        yield line


def bounded_row(row: list[str]) -> list[str]:
    """A CSV row within the bounds: empty cells beyond MAX_COLUMNS are dropped."""
    if len(row) > MAX_COLUMNS:
        if any(cell.strip() for cell in row[MAX_COLUMNS:]):
            raise _too_many_columns()
        row = row[:MAX_COLUMNS]
    if any(len(cell) > MAX_CELL_CHARS for cell in row):
        raise _too_long_cell()
    return row
