"""Pending revisions of published events.

An organiser's edit of a published event does not take it offline: the changed values wait in
an EventRevision (one pending per event; a new edit replaces its values) and the published
version stays as it is until the CRESS approves (values applied in one transaction; the public
caches follow through app.platform.public_cache, which sees a published event modified) or
refuses (with a message to the organiser). MINOR_FIELDS go live at once when the region's CRESS
chose so (RegionModerationSettings.minor_changes_live); a mixed edit applies those and keeps
the rest pending.

Values are kept per column, in JSON form (dates as ISO strings of naive UTC, co-organisers as
a sorted list of ids). Flush, never commit.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.common.time import utcnow
from app.events import workflow
from app.extensions import db
from app.models import (
    Departement,
    Event,
    EventDecision,
    EventRevision,
    Organisation,
    Region,
    RegionModerationSettings,
    Theme,
    User,
)
from app.models.lifecycle import SUBMISSION_MAIL_MODES
from app.reference import catalog
from app.web.filters import datetime_fr

# Columns copied as they are from the event form (and by "duplicate").
PLAIN_FIELDS = (
    "title",
    "summary",
    "description",
    "theme_id",
    "second_theme_id",
    "kind",
    "scale",
    "partner_week",
    "venue",
    "address",
    "in_person",
    "online",
    "online_url",
    "free",
    "price_info",
    "registration_required",
    "registration_url",
    "access_moteur",
    "access_visuel",
    "access_auditif",
    "access_psychique",
    "access_mental",
    "accessibility_info",
    "contact_name",
    "contact_email",
    "contact_phone",
    "other_coorganisers",
)
PLACE_FIELDS = (
    "region_id",
    "departement_code",
    "postcode",
    "commune",
    "commune_insee",
    "latitude",
    "longitude",
)
DATE_FIELDS = ("starts_at", "ends_at")
# Every value an edit may change (audiences and co-organisers are lists).
VALUE_FIELDS = PLAIN_FIELDS + PLACE_FIELDS + DATE_FIELDS + ("audiences", "coorganisers")

# The fields that may go live without the CRESS when its region chose so: the one list.
MINOR_FIELDS = frozenset({"registration_required", "registration_url", "contact_phone"})


class RevisionError(ValueError):
    """A decision on a revision that cannot be taken (message in French)."""


# --- Values ----------------------------------------------------------------------------------


def _to_json(name: str, value):
    if name in DATE_FIELDS:
        return value.isoformat(timespec="seconds") if value is not None else None
    if name in ("audiences", "coorganisers"):
        return sorted(value or [])
    return value


def _from_json(name: str, value):
    if name in DATE_FIELDS:
        return datetime.fromisoformat(value) if value else None
    return value


def snapshot(event: Event) -> dict:
    """The event's current values, in JSON form."""
    values = {name: getattr(event, name) for name in PLAIN_FIELDS + PLACE_FIELDS + DATE_FIELDS}
    values["audiences"] = event.audiences
    values["coorganisers"] = [o.id for o in event.coorganisers]
    return {name: _to_json(name, v) for name, v in values.items()}


def to_json(values: dict) -> dict:
    return {name: _to_json(name, values[name]) for name in VALUE_FIELDS if name in values}


def assign(event: Event, values: dict) -> None:
    """Set the event's columns from `values` (Python form, any subset of VALUE_FIELDS)."""
    for name, value in values.items():
        if name == "audiences":
            event.audiences = list(value)
        elif name == "coorganisers":
            ids = [i for i in dict.fromkeys(value) if i != event.organiser_id]
            event.coorganisers = (
                list(
                    db.session.scalars(
                        select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
                    )
                )
                if ids
                else []
            )
        elif name in VALUE_FIELDS:
            setattr(event, name, value)
    if "title" in values:
        from app.common.text import slugify

        event.slug = slugify(event.title)


def assign_json(event: Event, changes: dict) -> None:
    assign(event, {name: _from_json(name, v) for name, v in changes.items() if name in VALUE_FIELDS})


def changes_between(event: Event, proposed: dict) -> dict:
    """The values of `proposed` (Python form) that differ from the event's, in JSON form."""
    current = snapshot(event)
    return {name: v for name, v in to_json(proposed).items() if current.get(name) != v}


def pending(event: Event) -> EventRevision | None:
    return db.session.scalar(
        select(EventRevision).where(EventRevision.event_id == event.id, EventRevision.status == "pending")
    )


def proposed_values(event: Event) -> dict:
    """The event as its organiser last edited it (pending values over the published ones),
    in Python form: what the event form shows."""
    values = snapshot(event)
    revision = pending(event)
    if revision is not None:
        values.update({k: v for k, v in revision.changes.items() if k in VALUE_FIELDS})
    return {name: _from_json(name, v) for name, v in values.items()}


def settings_for(region_id: int) -> RegionModerationSettings:
    """The region's moderation settings (defaults, not stored, when it never chose)."""
    found = db.session.get(RegionModerationSettings, region_id)
    return found or RegionModerationSettings(
        region_id=region_id, minor_changes_live=False, submission_mail="digest"
    )


def save_settings(region_id: int, minor_changes_live: bool, submission_mail: str) -> RegionModerationSettings:
    if submission_mail not in SUBMISSION_MAIL_MODES:
        raise ValueError(submission_mail)
    found = db.session.get(RegionModerationSettings, region_id)
    if found is None:
        found = RegionModerationSettings(region_id=region_id)
        db.session.add(found)
    found.minor_changes_live = minor_changes_live
    found.submission_mail = submission_mail
    db.session.flush()
    return found


# --- Proposing --------------------------------------------------------------------------------


@dataclass
class ProposeOutcome:
    applied: list[str] = field(default_factory=list)  # labels of the minor fields now live
    pending: bool = False  # a revision waits for the CRESS
    unchanged: bool = False


def propose(event: Event, user: User, proposed: dict) -> ProposeOutcome:
    """Record the organiser's edit of a published event (`proposed`: every value of the form,
    in Python form). The event stays online as it is, apart from minor fields when its
    region lets them go live."""
    changes = changes_between(event, proposed)
    live = settings_for(event.region_id).minor_changes_live
    minor = {k: v for k, v in changes.items() if k in MINOR_FIELDS} if live else {}
    major = {k: v for k, v in changes.items() if k not in minor}
    outcome = ProposeOutcome()
    if minor:
        before = snapshot(event)
        assign_json(event, minor)
        outcome.applied = [label for label, _old, _new in _rows(before, {**before, **minor})]
        workflow.record(event, "minor_edit", user, ", ".join(outcome.applied))
    revision = pending(event)
    if major:
        current = snapshot(event)
        if revision is None:
            revision = EventRevision(event_id=event.id, status="pending")
            db.session.add(revision)
        revision.author_id = user.id
        revision.changes = major
        revision.previous = {k: current.get(k) for k in major}
        revision.updated_at = utcnow()
        db.session.flush()
        labels = [label for label, _old, _new in _rows(current, {**current, **major})]
        workflow.record(event, "revision", user, ", ".join(labels))
        outcome.pending = True
    elif revision is not None:  # the edit went back to the published values
        db.session.delete(revision)
        db.session.flush()
        workflow.record(event, "edit", user, _("La modification en attente est retirée."))
    outcome.unchanged = not changes and revision is None
    return outcome


def merge_pending(event: Event, user: User | None) -> None:
    """An event leaving publication (sent back by its CRESS) takes its pending values: the
    organiser goes on from the last version they wrote, which the CRESS will see whole."""
    revision = pending(event)
    if revision is None:
        return
    assign_json(event, revision.changes)
    db.session.delete(revision)
    db.session.flush()
    workflow.record(event, "edit", user, _("La modification en attente est reprise dans l'événement."))


def drop_dates(event: Event) -> None:
    """Postponing sets new dates: a pending change of dates no longer applies."""
    revision = pending(event)
    if revision is None or not set(DATE_FIELDS) & set(revision.changes):
        return
    changes = {k: v for k, v in revision.changes.items() if k not in DATE_FIELDS}
    if changes:
        revision.changes = changes
        revision.previous = {k: v for k, v in revision.previous.items() if k in changes}
    else:
        db.session.delete(revision)
    db.session.flush()


# --- Deciding ---------------------------------------------------------------------------------


def _claim(revision: EventRevision, status: str, user: User, message: str) -> None:
    """Compare-and-set: of two concurrent decisions on one revision, only one passes."""
    now = utcnow()
    result = db.session.execute(
        update(EventRevision)
        .where(EventRevision.id == revision.id, EventRevision.status == "pending")
        .values(status=status, decided_at=now, decided_by_id=user.id, message=message)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise RevisionError(_("Cette modification a déjà été traitée entre-temps."))
    db.session.refresh(revision)


def approve(revision: EventRevision, user: User) -> EventDecision:
    """Apply the pending values to the published event (the caller's transaction)."""
    event = revision.event
    if revision.status != "pending":
        raise RevisionError(_("Cette modification a déjà été traitée entre-temps."))
    labels = [row.label for row in diff(event, revision)]
    _claim(revision, "approved", user, "")
    assign_json(event, revision.changes)
    db.session.flush()
    return workflow.record(event, "revision_approved", user, ", ".join(labels))


def refuse(revision: EventRevision, user: User, message: str) -> EventDecision:
    message = (message or "").strip()
    if not message:
        raise RevisionError(_("Indiquez un message pour l'organisateur."))
    if len(message) > 5000:
        raise RevisionError(_("Le message est trop long (%(max)d caractères au plus).", max=5000))
    if revision.status != "pending":
        raise RevisionError(_("Cette modification a déjà été traitée entre-temps."))
    _claim(revision, "refused", user, message)
    return workflow.record(revision.event, "revision_refused", user, message)


# --- Showing the changes ----------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    label: str
    old: str
    new: str
    # Long texts: the words, each ("equal" | "delete" | "insert", text).
    words: tuple[tuple[str, str], ...] = ()


LONG_TEXTS = {"summary", "description"}


def _yes_no(value) -> str:
    return _("Oui") if value else _("Non")


def _theme(theme_id) -> str:
    theme = db.session.get(Theme, theme_id) if theme_id else None
    return theme.name if theme else "—"


def _region_tz(values: dict) -> str | None:
    region = db.session.get(Region, values.get("region_id")) if values.get("region_id") else None
    return region.timezone if region else None


def _when(values: dict, name: str) -> str:
    value = _from_json(name, values.get(name))
    return datetime_fr(value, _region_tz(values)) if value else "—"


def _place(values: dict) -> str:
    text = f"{values.get('postcode') or ''} {values.get('commune') or ''}".strip()
    code = values.get("departement_code")
    dept = db.session.get(Departement, code) if code else None
    region = db.session.get(Region, values.get("region_id")) if values.get("region_id") else None
    parts = [text, dept.label if dept else "", region.name if region else ""]
    return ", ".join(p for p in parts if p) or "—"


def _coordinates(values: dict) -> str:
    lat, lon = values.get("latitude"), values.get("longitude")
    if lat is None or lon is None:
        return "—"
    return f"{lat:.5f} ; {lon:.5f}".replace(".", ",")


def _names(ids) -> str:
    if not ids:
        return "—"
    names = db.session.scalars(
        select(Organisation.name).where(Organisation.id.in_(ids)).order_by(Organisation.name)
    )
    return ", ".join(names)


def _labels(table, codes) -> str:
    labels = catalog.labels(table)
    return ", ".join(str(labels.get(c, c)) for c in codes) or "—"


def _text(name: str):
    return lambda values: str(values.get(name) or "") or "—"


# (label, columns shown, how the value reads), in the form's order.
DISPLAY = (
    (_l("Titre"), ("title",), _text("title")),
    (_l("Résumé"), ("summary",), _text("summary")),
    (_l("Description"), ("description",), _text("description")),
    (_l("Thématique principale"), ("theme_id",), lambda v: _theme(v.get("theme_id"))),
    (_l("Seconde thématique"), ("second_theme_id",), lambda v: _theme(v.get("second_theme_id"))),
    (_l("Type d'événement"), ("kind",), lambda v: _labels(catalog.EVENT_KINDS, [v.get("kind")])),
    (_l("Publics visés"), ("audiences",), lambda v: _labels(catalog.AUDIENCES, v.get("audiences") or [])),
    (_l("Envergure"), ("scale",), lambda v: _labels(catalog.SCALES, [v.get("scale")])),
    (
        _l("Semaine partenaire"),
        ("partner_week",),
        lambda v: _labels(catalog.PARTNER_WEEKS, [v["partner_week"]]) if v.get("partner_week") else "—",
    ),
    (_l("Début"), ("starts_at", "region_id"), lambda v: _when(v, "starts_at")),
    (_l("Fin"), ("ends_at", "region_id"), lambda v: _when(v, "ends_at")),
    (_l("En présentiel"), ("in_person",), lambda v: _yes_no(v.get("in_person"))),
    (_l("En ligne"), ("online",), lambda v: _yes_no(v.get("online"))),
    (_l("Lien de connexion"), ("online_url",), _text("online_url")),
    (_l("Lieu"), ("venue",), _text("venue")),
    (_l("Adresse"), ("address",), _text("address")),
    (_l("Commune"), ("postcode", "commune", "departement_code", "region_id"), _place),
    (_l("Position sur la carte"), ("latitude", "longitude"), _coordinates),
    (_l("Tarif"), ("free",), lambda v: _("Gratuit") if v.get("free") else _("Payant")),
    (_l("Tarifs"), ("price_info",), _text("price_info")),
    (
        _l("Inscription obligatoire"),
        ("registration_required",),
        lambda v: _yes_no(v.get("registration_required")),
    ),
    (_l("Lien d'inscription"), ("registration_url",), _text("registration_url")),
    (
        _l("Accessibilité"),
        tuple(f"access_{c}" for c in Event.ACCESS_FIELDS),
        lambda v: _labels(catalog.ACCESSIBILITY, [c for c in Event.ACCESS_FIELDS if v.get(f"access_{c}")]),
    ),
    (_l("Précisions sur l'accessibilité"), ("accessibility_info",), _text("accessibility_info")),
    (_l("Nom du contact"), ("contact_name",), _text("contact_name")),
    (_l("E-mail du contact"), ("contact_email",), _text("contact_email")),
    (_l("Téléphone du contact"), ("contact_phone",), _text("contact_phone")),
    (_l("Co-organisateurs inscrits sur le site"), ("coorganisers",), lambda v: _names(v.get("coorganisers"))),
    (_l("Autres co-organisateurs"), ("other_coorganisers",), _text("other_coorganisers")),
)


def minor_labels() -> list[str]:
    """Labels of MINOR_FIELDS, in the form's order."""
    return [str(label) for label, columns, _show in DISPLAY if set(columns) <= MINOR_FIELDS]


def _rows(old: dict, new: dict) -> list[tuple[str, str, str]]:
    rows = []
    for label, columns, show in DISPLAY:
        if all(old.get(c) == new.get(c) for c in columns):
            continue
        before, after = show(old), show(new)
        if before != after:
            rows.append((str(label), before, after))
    return rows


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The words of `new` against `old`: kept, removed and added runs (difflib). Changes
    separated only by spaces read as one change."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    groups: list[list[str]] = []  # ["equal", text] or ["change", removed, added]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            groups.append(["equal", "".join(a[i1:i2])])
            continue
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if (
            len(groups) >= 2
            and groups[-1][0] == "equal"
            and not groups[-1][1].strip()
            and groups[-2][0] == "change"
        ):
            space = groups.pop()[1]
            groups[-1][1] += space + removed if groups[-1][1] and removed else removed
            groups[-1][2] += space + added if groups[-1][2] and added else added
        elif groups and groups[-1][0] == "change":
            groups[-1][1] += removed
            groups[-1][2] += added
        else:
            groups.append(["change", removed, added])
    out: list[tuple[str, str]] = []
    for group in groups:
        if group[0] == "equal":
            out.append(("equal", group[1]))
            continue
        if group[1]:
            out.append(("delete", group[1]))
        if group[2]:
            out.append(("insert", group[2]))
    return tuple(out)


def diff(event: Event, revision: EventRevision) -> list[DiffRow]:
    """What the revision changes, field by field, against the event as it is now."""
    current = snapshot(event)
    proposed = {**current, **{k: v for k, v in revision.changes.items() if k in VALUE_FIELDS}}
    long_labels = {str(label) for label, columns, _show in DISPLAY if set(columns) & LONG_TEXTS}
    rows = []
    for label, old, new in _rows(current, proposed):
        words = word_diff(old, new) if label in long_labels else ()
        rows.append(DiffRow(label, old, new, words))
    return rows


def pending_for_region(region_id: int | None, limit: int = 200) -> list[EventRevision]:
    """Pending revisions of published events of a region (None: every region), oldest first."""
    stmt = (
        select(EventRevision)
        .join(Event, Event.id == EventRevision.event_id)
        .where(EventRevision.status == "pending", Event.status == "publie")
        .order_by(EventRevision.updated_at, EventRevision.id)
        .limit(limit)
    )
    if region_id is not None:
        stmt = stmt.where(Event.region_id == region_id)
    return list(db.session.scalars(stmt))
