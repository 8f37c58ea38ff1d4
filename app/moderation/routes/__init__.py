"""Request handlers of the CRESS back-office (/cress/): queue.py (the queue, an event's page,
decisions), documents.py (exports and the regional programme), imports.py (bulk import),
revisions.py (pending revisions of published events, the region's settings), region.py (the
CRESS's regional page, partners and département delegates).
The rules are in app/moderation/services.py, documents.py and importer/."""

from app.moderation.routes import documents, imports, queue, region, revisions  # noqa: F401
