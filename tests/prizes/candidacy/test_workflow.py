"""The candidacy workflow: one table of allowed transitions (French status codes), who may
trigger each, the history row each writes, and the database CHECK on the status column."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.models import Candidacy, CandidacyEvent
from app.models.candidacy import CANDIDACY_STATUSES
from app.prizes.candidacy import services, workflow
from app.prizes.candidacy.workflow import TransitionError
from tests import factories as f

# (status, action) -> status reached; every other pair is refused.
ALLOWED = {
    ("brouillon", "submit"): "depose",
    ("depose", "preselect"): "preselectionne",
    ("preselectionne", "unpreselect"): "depose",
    ("preselectionne", "shortlist"): "retenu",
    ("retenu", "unshortlist"): "preselectionne",
    ("preselectionne", "reject"): "non-retenu",
    ("non-retenu", "unreject"): "preselectionne",
    ("retenu", "laureate"): "laureat",
    ("laureat", "laureate"): "laureat",
    ("laureat", "unlaureate"): "retenu",
}


def test_statuses_are_the_french_codes_of_the_model():
    assert CANDIDACY_STATUSES == ("brouillon", "depose", "preselectionne", "retenu", "laureat", "non-retenu")
    for t in workflow.TRANSITIONS.values():
        assert t.sources <= set(CANDIDACY_STATUSES) and t.target in CANDIDACY_STATUSES


@pytest.mark.parametrize("status", CANDIDACY_STATUSES)
@pytest.mark.parametrize("action", sorted(workflow.TRANSITIONS))
def test_transition_table(app, status, action):
    expected = ALLOWED.get((status, action))
    if expected is not None:
        assert workflow.target(status, action) == expected
    else:
        with pytest.raises(TransitionError) as refused:
            workflow.target(status, action)
        assert str(refused.value) == str(workflow.TRANSITIONS[action].refusal)


def test_unknown_action_is_refused_in_french(app):
    with pytest.raises(TransitionError, match="n'est pas possible pour une candidature"):
        workflow.target("depose", "publish")


@pytest.fixture
def submitted(app, db):
    ed = f.candidacy_edition()
    org = f.organisation("Épicerie des Monts", region_slug="bretagne")
    member = f.user("membre@exemple.fr", organisations=(org,))
    c = services.start(org, ed, member)
    c.status = "depose"
    db.session.commit()
    return c, member


def _history(db, c):
    return [
        (e.action, e.user_id, e.message)
        for e in db.session.scalars(
            select(CandidacyEvent).where(CandidacyEvent.candidacy_id == c.id).order_by(CandidacyEvent.id)
        )
    ]


def test_apply_moves_and_writes_the_history_row(db, submitted):
    c, _member = submitted
    cress = f.user("cress@exemple.fr", moderates="bretagne")
    before = _history(db, c)
    row = workflow.apply(c, "preselect", cress, "Très solide")
    db.session.commit()
    assert db.session.get(Candidacy, c.id).status == "preselectionne"
    assert _history(db, c) == before + [("preselect", cress.id, "Très solide")]
    assert row.action == "preselect"
    assert workflow.action_label("preselect") == "pré-sélection régionale"


def test_refused_transition_changes_nothing(db, submitted):
    c, _member = submitted
    admin = f.user("admin@exemple.fr", admin=True)
    before = _history(db, c)
    with pytest.raises(TransitionError) as refused:
        workflow.apply(c, "shortlist", admin)
    assert str(refused.value) == ("Seule une candidature pré-sélectionnée par une CRESS peut être retenue.")
    db.session.commit()
    assert db.session.get(Candidacy, c.id).status == "depose"
    assert _history(db, c) == before


def test_only_who_the_table_names_may_trigger(db, submitted):
    c, member = submitted
    other_cress = f.user("cress-occitanie@exemple.fr", moderates="occitanie")
    before = _history(db, c)
    for user in (member, other_cress, None):
        with pytest.raises(TransitionError, match="n'avez pas le droit"):
            workflow.apply(c, "preselect", user)
    db.session.commit()
    assert db.session.get(Candidacy, c.id).status == "depose"
    assert _history(db, c) == before


def test_database_refuses_an_unknown_status(db, submitted):
    """The CHECK of the real database (SQLite or PostgreSQL), old English codes included."""
    c, _member = submitted
    for bad in ("submitted", "n'importe quoi"):
        with pytest.raises(IntegrityError):
            db.session.execute(
                text("UPDATE candidacy SET status = :s WHERE id = :id"), {"s": bad, "id": c.id}
            )
        db.session.rollback()
    assert db.session.scalar(text("SELECT status FROM candidacy WHERE id = :id"), {"id": c.id}) == "depose"
    c = db.session.get(Candidacy, c.id)
    c.status = "laureate"
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Candidacy, c.id).status == "depose"


def test_a_row_inserted_without_status_is_a_brouillon(db, submitted):
    c, _member = submitted
    other = f.organisation("Recyclerie du Port", region_slug="bretagne")
    db.session.commit()
    db.session.execute(
        text(
            "INSERT INTO candidacy (edition_id, organisation_id, region_id, categories, answers) "
            "VALUES (:e, :o, :r, '[]', '{}')"
        ),
        {"e": c.edition_id, "o": other.id, "r": other.region_id},
    )
    db.session.commit()
    assert (
        db.session.scalar(text("SELECT status FROM candidacy WHERE organisation_id = :o"), {"o": other.id})
        == "brouillon"
    )
