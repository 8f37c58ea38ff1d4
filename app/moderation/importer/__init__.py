"""Bulk import of events by a CRESS from a CSV or XLSX file.

Rules (also stated on the page): the file is read and checked line by line; nothing is
imported while one line has an error (all or nothing, in one transaction). Imported events
are published at once (the CRESS is the moderator), attached to the organisation of the same
name in the region, or to a new organisation with the name only. Each line's fingerprint
(normalized values + edition + region) is stored in Event.import_key: importing the same file
again creates no duplicate. Between upload and confirmation the checked lines wait in a JSON
file under instance/imports/, named by a random token, for two hours.

The package's modules, one job each: columns (the file's columns and the model to download),
reading (file -> rows), values (one cell), checking (rows -> Preview), previews (storage
between upload and confirmation), writing (Preview -> events)."""

from app.moderation.importer.checking import LineError, Preview, check, import_key
from app.moderation.importer.columns import (
    COLUMNS,
    EXAMPLE,
    headers,
    template_csv,
    template_rows,
    template_xlsx,
)
from app.moderation.importer.previews import (
    PREVIEW_LIFETIME,
    discard_preview,
    load_preview,
    save_preview,
)
from app.moderation.importer.reading import MAX_BYTES, MAX_ROWS, ImportFileError, read_table
from app.moderation.importer.writing import import_rows

__all__ = [
    "COLUMNS",
    "EXAMPLE",
    "MAX_BYTES",
    "MAX_ROWS",
    "PREVIEW_LIFETIME",
    "ImportFileError",
    "LineError",
    "Preview",
    "check",
    "discard_preview",
    "headers",
    "import_key",
    "import_rows",
    "load_preview",
    "read_table",
    "save_preview",
    "template_csv",
    "template_rows",
    "template_xlsx",
]
