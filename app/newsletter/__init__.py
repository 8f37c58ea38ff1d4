"""Newsletter (/newsletter/): routes/, forms.py, services.py (subscribe, confirm, unsubscribe),
issues.py (issues written by the national team and the CRESS), workflow.py (their states),
sending.py (batches through the outbox), commands.py (flask newsletter-send)."""

from flask import Blueprint

bp = Blueprint("newsletter", __name__)

from app.newsletter import routes  # noqa: E402,F401
from app.web.transaction import commit_per_request  # noqa: E402

commit_per_request(bp)


@bp.app_context_processor
def _footer_form_choices():
    from app.newsletter.forms import region_choices

    return {"newsletter_regions": region_choices}
