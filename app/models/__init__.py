"""SQLAlchemy models, one module per aggregate."""

from app.models.edition import Edition
from app.models.event import Event, EventAudience, event_coorganisers
from app.models.organisation import Organisation
from app.models.reference import Departement, Region, Theme

__all__ = [
    "Departement",
    "Edition",
    "Event",
    "EventAudience",
    "Organisation",
    "Region",
    "Theme",
    "event_coorganisers",
]
