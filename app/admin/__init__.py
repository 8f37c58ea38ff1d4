"""National administration (/admin/): editions, themes, regions, users and roles, partners,
editorial pages, exports and the outbox. Every route of the blueprint is for national admins."""

from flask import Blueprint

from app.accounts.permissions import admin_required

bp = Blueprint("admin", __name__)


@bp.before_request
@admin_required
def _admins_only():
    """One guard for the whole blueprint: no admin route can forget its check."""
    return None


from app.admin import routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)
