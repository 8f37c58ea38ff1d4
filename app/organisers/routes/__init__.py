"""Request handlers of the organisers' space (/espace/): space.py (dashboard, organisation
profile, members and invitations, autocompletes) and events.py (the organisers' events)."""

from app.organisers.routes import events, space  # noqa: F401
