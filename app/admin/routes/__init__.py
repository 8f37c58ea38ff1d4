"""Request handlers of the national administration, one module per area:
editions.py (home, editions, themes, CRESS details), content.py (partners and editorial pages),
users.py (users and roles), exports.py (national CSV exports and the e-mail outbox)."""

from app.admin.routes import content, editions, exports, users  # noqa: F401
