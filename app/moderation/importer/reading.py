"""Reading an uploaded file into rows of cells: CSV or XLSX, told apart by content."""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from datetime import datetime

from flask_babel import gettext as _

from app.common.numbers import number_fr
from app.moderation.importer import bounds

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000


class ImportFileError(Exception):
    """The file cannot be read (message in French, shown next to the file field)."""


def read_table(data: bytes) -> list[list[object]]:
    """Rows of the file (header first), whatever its name says: checked by content."""
    if not data:
        raise ImportFileError(_("Le fichier est vide."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Le fichier dépasse la taille maximale de 2 Mo."))
    if data[:4] == b"PK\x03\x04":
        rows = _read_xlsx(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _(
                "Les classeurs Excel 97-2003 (.xls) ne sont pas acceptés : "
                "enregistrez le fichier au format .xlsx ou CSV."
            )
        )
    elif b"\x00" in data[:4096]:
        raise ImportFileError(_("Ce fichier n'est ni un CSV ni un classeur Excel (.xlsx)."))
    else:
        rows = _read_csv(data)
    filled = sum(1 for r in rows if any(cell_text(v) for v in r))
    if not filled or not any(cell_text(v) for v in rows[0]):
        raise ImportFileError(_("Le fichier est vide ou sa première ligne (les en-têtes) est vide."))
    if filled - 1 > MAX_ROWS:
        raise ImportFileError(
            _("Le fichier compte plus de %(max)s lignes : découpez-le.", max=number_fr(MAX_ROWS))
        )
    return rows


def _read_xlsx(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            bounds.check_xlsx(archive)
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            rows = []
            # Explicit bounds: a declared dimension is never trusted for padding.
            for row in sheet.iter_rows(
                max_row=bounds.MAX_LINES, max_col=bounds.MAX_COLUMNS, values_only=True
            ):
                rows.append(list(row))
                if len(rows) > MAX_ROWS + 50:
                    break
            workbook.close()
    except bounds.Refused as exc:
        raise ImportFileError(str(exc)) from None
    except (
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ValueError,
        OSError,
        IndexError,
        TypeError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ):
        raise ImportFileError(_("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.")) from None
    return rows


def _read_csv(data: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("L'encodage du fichier n'est pas reconnu : enregistrez-le en CSV UTF-8."))
    first = text[: bounds.MAX_LINE_CHARS].split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    lines = bounds.bounded_lines(io.StringIO(text, newline=""))
    try:
        return [bounds.bounded_row(r) for r in csv.reader(lines, delimiter=delimiter)]
    except bounds.Refused as exc:
        raise ImportFileError(str(exc)) from None
    except csv.Error:
        raise ImportFileError(_("Ce fichier n'est pas un CSV lisible.")) from None


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return " ".join(str(value).split())
