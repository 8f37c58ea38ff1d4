"""CSV for French spreadsheets (UTF-8 with BOM, `;`, CRLF), streamed in batches, and the
download response that carries it. Text that a spreadsheet would run as a formula is
neutralised."""

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
