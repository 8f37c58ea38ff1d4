from flask import Blueprint

bp = Blueprint("newsletter", __name__)

from app.newsletter import routes  # noqa: E402,F401


@bp.app_context_processor
def _footer_form_choices():
    from app.newsletter.forms import region_choices

    return {"newsletter_regions": region_choices}
