"""CSV for French spreadsheets (UTF-8 with BOM, `;`, CRLF), streamed in batches, XLSX
workbooks (bold frozen header, filters, French date format), and the download responses that
carry them. Text that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from flask import Response, stream_with_context

from app.common.time import to_local

BATCH = 500
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as typed, never runs (=, +, -, @ … get a leading quote)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def cell(value) -> str | int | float:
    """One CSV value: French booleans, Paris times, and text that spreadsheets won't run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return to_local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value
    return spreadsheet_safe(str(value))


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    yield "\ufeff" + _drain(buffer)
    for n, row in enumerate(rows, start=1):
        writer.writerow([cell(v) for v in row])
        if n % BATCH == 0:
            yield _drain(buffer)
    rest = _drain(buffer)
    if rest:
        yield rest


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_response(lines: Iterable[str], name: str) -> Response:
    """A streamed CSV download named `<name>-<today>.csv`, never cached."""
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{date.today():%Y-%m-%d}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(
    header: list[str], rows: Iterable[list], title: str, widths: Iterable[int] = (), utc_times: bool = True
) -> bytes:
    """One sheet named `title`: the header in bold and frozen, filters, then the rows. Datetimes
    are shown jj/mm/aaaa hh:mm (converted from naive UTC to Paris time unless `utc_times` is
    False); a text starting with "=" stays text, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([str(label) for label in header])
    for c in ws[1]:
        c.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            if isinstance(value, datetime) and utc_times:
                value = to_local(value)
            elif value is not None and not isinstance(value, (str, int, float, datetime, date)):
                value = str(value)
            c = ws.cell(row=r, column=col, value=value)
            if isinstance(value, str) and value.startswith("="):
                c.data_type = "s"  # text, never a formula
            elif isinstance(value, datetime):
                c.number_format = "dd/mm/yyyy hh:mm"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(data: bytes, name: str) -> Response:
    """An XLSX download named `<name>-<today>.xlsx`, never cached."""
    response = Response(data, mimetype=XLSX_MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{date.today():%Y-%m-%d}.xlsx"'
    response.headers["Cache-Control"] = "no-store"
    return response
