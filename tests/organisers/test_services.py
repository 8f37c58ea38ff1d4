"""Rules of the organisers' space, without HTTP: places and times, registration window,
duplicates, submission, cancellation, attendance, invitations."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.common.time import to_utc, utcnow
from app.events import workflow
from app.models import EventDecision, Membership
from app.organisers.services import events as rules
from app.organisers.services import organisations as services
from app.organisers.services import places
from tests import factories as f
from tests.helpers import outbox
from tests.organisers.helpers import open_edition


def test_commune_resolution_gives_departement_region_and_coordinates(app):
    rennes = places.resolve("35000", "rennes")
    assert (rennes.name, rennes.departement_code, rennes.region.slug) == ("Rennes", "35", "bretagne")
    assert 48 < rennes.latitude < 48.2
    ajaccio = places.resolve("20000", "Ajaccio")
    bastia = places.resolve("20200", "Bastia")
    assert (ajaccio.departement_code, bastia.departement_code) == ("2A", "2B")
    assert ajaccio.region.slug == bastia.region.slug == "corse"
    reunion = places.resolve("97400", "Saint-Denis")
    assert reunion.departement_code == "974" and reunion.region.timezone == "Indian/Reunion"


@pytest.mark.parametrize(
    "postcode, name, field, words",
    [
        ("99999", "Rennes", "postcode", "Code postal inconnu"),
        ("35000", "Brest", "commune", "Commune inconnue pour le code postal 35000"),
        ("", "Saint-Denis", "postcode", "Plusieurs communes portent ce nom"),
        ("", "Zzzyxville", "commune", "Commune inconnue"),
    ],
)
def test_unknown_or_ambiguous_commune_is_a_french_error_on_its_field(app, postcode, name, field, words):
    with pytest.raises(places.PlaceError) as error:
        places.resolve(postcode, name)
    assert error.value.field == field and words in error.value.message


def test_postcode_shared_by_communes_asks_which_one(app):
    with pytest.raises(places.PlaceError) as error:
        places.resolve("35190", "")
    assert "Plusieurs communes ont ce code postal" in error.value.message


def test_pin_far_from_the_commune_is_ignored(app):
    rennes = places.resolve("35000", "Rennes")
    assert places.coordinates(rennes, 48.12, -1.70) == (48.12, -1.7)
    assert places.coordinates(rennes, 43.3, 5.4) == (rennes.latitude, rennes.longitude)


def test_local_times_are_stored_in_utc_per_region_timezone(app):
    assert to_utc(datetime(2026, 11, 28, 14, 0), "Europe/Paris") == datetime(2026, 11, 28, 13, 0)
    assert to_utc(datetime(2026, 11, 28, 14, 0), "Indian/Reunion") == datetime(2026, 11, 28, 10, 0)
    assert to_utc(datetime(2026, 11, 28, 14, 0), "America/Martinique") == datetime(2026, 11, 28, 18, 0)


def test_registration_window_boundaries_to_the_second(db):
    edition = f.edition(2026)
    opens, closes = edition.registration_open, edition.registration_close
    second = timedelta(seconds=1)
    before = rules.registration_problem(edition, opens - second)
    assert "ne sont pas encore ouvertes" in before and "du lundi 1er juin 2026 au" in before
    assert rules.registration_problem(edition, opens) is None
    assert rules.registration_problem(edition, closes - second) is None
    after = rules.registration_problem(edition, closes)
    assert "sont closes" in after and "au samedi 31 octobre 2026 à 23 h 59." in after


def test_submission_one_second_after_the_close_is_refused_and_leaves_a_draft(db):
    edition = f.edition(2026)
    user = f.user()
    draft = f.event(edition, "Atelier vélo", status="brouillon")
    outcome = rules.submit(draft, user, now=edition.registration_close)
    assert not outcome.submitted and "sont closes" in outcome.problem
    assert draft.status == "brouillon"
    outcome = rules.submit(draft, user, now=edition.registration_close - timedelta(seconds=1))
    assert outcome.submitted and draft.status == "soumis"


def test_similar_titles(app):
    assert rules.similarity("Portes ouvertes de la Recyclerie", "portes ouvertes recyclerie") >= 0.6
    assert rules.similarity("Atelier vélo", "Conférence sur l'épargne solidaire") < 0.6


def test_similar_titles_use_the_site_folding(app):
    """Duplicate detection folds like the search: ligatures, apostrophes, dashes, spaces."""
    assert (
        rules.similarity("Cœur de ville – L’Économie\u00a0solidaire", "coeur de ville - l'economie solidaire")
        == 1.0
    )


def test_similar_event_same_commune_same_day_blocks_submission_until_confirmed(db):
    edition = open_edition()
    user = f.user()
    f.event(edition, "Portes ouvertes de la Recyclerie", starts=datetime(2026, 11, 28, 9))
    f.event(edition, "Portes ouvertes de la Recyclerie", starts=datetime(2026, 11, 29, 9))
    f.event(
        edition,
        "Portes ouvertes de la Recyclerie",
        commune="Brest",
        postcode="29200",
        commune_insee="29019",
        departement="29",
        starts=datetime(2026, 11, 28, 9),
    )
    draft = f.event(
        edition, "Portes ouvertes à la recyclerie !", status="brouillon", starts=datetime(2026, 11, 28, 15)
    )
    for e in db.session.scalars(select(f.Event)):
        if e.commune == "Rennes":
            e.commune_insee = "35238"
    db.session.flush()
    similar = rules.similar_events(draft)
    assert [e.starts_at.day for e in similar] == [28]
    outcome = rules.submit(draft, user)
    assert not outcome.submitted and len(outcome.similar) == 1 and draft.status == "brouillon"
    outcome = rules.submit(draft, user, not_duplicate=True)
    assert outcome.submitted and draft.status == "soumis"
    last = workflow.history(draft)[-1]
    assert last.action == "submit" and "pas un doublon" in last.message


def test_cancel_only_published_and_recorded(db):
    edition = open_edition()
    user = f.user()
    draft = f.event(edition, status="brouillon")
    with pytest.raises(rules.EventRuleError):
        rules.cancel(draft, user)
    published = f.event(edition)
    rules.cancel(published, user, "Salle indisponible")
    assert published.status == "publie" and published.schedule_status == "annule"
    assert workflow.history(published)[-1].action == "cancel"
    with pytest.raises(rules.EventRuleError):
        rules.cancel(published, user)


def test_attendance_only_after_the_end_within_bounds(db):
    edition = open_edition()
    user = f.user()
    event = f.event(edition, starts=utcnow() - timedelta(hours=3), hours=2)
    ends = event.ends_at
    with pytest.raises(rules.EventRuleError):
        rules.declare_attendance(event, user, 40, now=ends - timedelta(seconds=1))
    with pytest.raises(rules.EventRuleError):
        rules.declare_attendance(event, user, rules.MAX_ATTENDANCE + 1, now=ends + timedelta(seconds=1))
    rules.declare_attendance(event, user, 40, now=ends + timedelta(seconds=1))
    assert event.attendance == 40
    line = workflow.history(event)[-1]
    assert line.action == "attendance" and "40" in line.message


def test_invitation_makes_nobody_a_member_until_the_link_is_opened(db, app):
    org = f.organisation("Coop du Lac")
    inviter = f.user("inviteur@exemple.fr", organisations=(org,))
    known = f.user("connue@exemple.fr")
    with app.test_request_context():
        services.invite(org, inviter, " Connue@Exemple.fr ")
        services.invite(org, inviter, "inconnue@exemple.fr")
    db.session.commit()  # the invitations leave with the transaction that records them
    # An existing account is not added behind its back (nor revealed to the inviter).
    assert {u.email for u in services.members(org)} == {"inviteur@exemple.fr"}
    [to_known] = outbox("connue@exemple.fr")
    [invitation] = outbox("inconnue@exemple.fr")
    assert to_known.subject == invitation.subject and "Coop du Lac" in invitation.subject
    assert "/compte/inscription" in invitation.text and "/espace/invitation/" in invitation.text
    # The invitation link works only for the account of that address.
    token = invitation.text.split("/espace/invitation/")[1].split()[0]
    stranger = f.user("autre@exemple.fr")
    organisation, message = services.accept_invitation(stranger, token)
    assert organisation is None and "autre adresse" in message
    newcomer = f.user("inconnue@exemple.fr")
    organisation, _message = services.accept_invitation(newcomer, token)
    assert organisation.id == org.id
    assert db.session.scalar(select(Membership).where(Membership.user_id == newcomer.id)) is not None
    known_token = to_known.text.split("/espace/invitation/")[1].split()[0]
    organisation, message = services.accept_invitation(known, known_token)
    assert organisation.id == org.id and "membre de Coop du Lac" in message
    assert {u.email for u in services.members(org)} == {
        "inviteur@exemple.fr",
        "inconnue@exemple.fr",
        "connue@exemple.fr",
    }


def test_dashboard_shows_cress_message_and_allowed_actions(db):
    edition = open_edition()
    org = f.organisation("Coop du Lac")
    user = f.user(organisations=(org,))
    moderator = f.user(moderates="bretagne")
    event = f.event(edition, "Forum de l'emploi", org=org, status="soumis")
    workflow.apply(event, "request_changes", moderator, "Précisez l'adresse.")
    past = f.event(edition, "Marché d'automne", org=org, starts=utcnow() - timedelta(days=2))
    [block] = services.dashboard(user)
    rows = {r.event.title: r for r in block.rows}
    assert rows["Forum de l'emploi"].last_message.message == "Précisez l'adresse."
    assert rows["Forum de l'emploi"].can_submit and not rows["Forum de l'emploi"].can_cancel
    assert rows["Marché d'automne"].can_declare and rows["Marché d'automne"].can_cancel
    assert db.session.scalar(select(EventDecision).where(EventDecision.event_id == past.id)) is None
