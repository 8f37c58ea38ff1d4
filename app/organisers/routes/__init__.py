"""Request handlers of the organisers' space (/espace/): space.py (dashboard, organisation
profile, members and invitations, autocompletes), events.py (the organisers' events) and
survey.py (the survey after the Month)."""

from app.organisers.routes import events, space, survey  # noqa: F401
