"""INSERT … ON CONFLICT DO NOTHING: now app.platform.database.insert_ignore (alerts use it too)."""

from app.platform.database import insert_ignore

__all__ = ["insert_ignore"]
