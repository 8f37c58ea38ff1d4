"""The CRESS's daily digest (`flask moderation-digest`: once a day, nothing when nothing waits,
as each region chose) and the settings page of the back-office."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.events import cress_mail, revisions
from app.models import ModerationDigest, RegionModerationSettings
from tests import factories as f
from tests.helpers import body, csrf_token, outbox


def _run(app):
    result = app.test_cli_runner().invoke(args=["moderation-digest"])
    assert result.exit_code == 0, result.output
    return result.output


def test_digest_lists_what_waits_once_a_day(app, world, db):
    # A pending revision of Bretagne's published event, beside its two submitted events.
    proposed = revisions.proposed_values(world.published)
    proposed["title"] = "Marché des producteurs et artisans"
    revisions.propose(world.published, world.organiser, proposed)
    db.session.commit()
    output = _run(app)
    assert "Bretagne : 2 événement(s), 1 modification(s), 2 destinataire(s)." in output
    assert "Normandie : 1 événement(s), 0 modification(s), 2 destinataire(s)." in output
    assert "2 récapitulatif(s) envoyé(s)." in output
    mail = outbox("cress@bretagne.fr")[0]
    assert (
        mail.subject
        == "Mois de l'ESS – récapitulatif du jour : 2 événements à valider, 1 modification en attente"
    )
    assert "Atelier réparation de vélos – Recyclerie du Blosne" in mail.text
    assert "Forum de l'emploi solidaire" in mail.text and "Café coopératif normand" not in mail.text
    assert "Marché des producteurs" in mail.text and "/cress/modifications" in mail.text
    assert f"/cress/evenements/{world.submitted.id}" in mail.text
    assert {m.to for m in outbox()} == {
        "cress@bretagne.fr",
        "contact@ess-bretagne.org",
        "cress@normandie.fr",
        "contact@cress-normandie.org",
    }

    again = _run(app)  # the same day: nothing more
    assert "0 récapitulatif(s) envoyé(s)." in again
    assert len(outbox()) == 4
    assert db.session.scalar(select(func.count(ModerationDigest.id))) == 2


def test_digest_sends_nothing_when_nothing_waits_or_the_region_chose_otherwise(app, world, db):
    for event in (world.submitted, world.second):
        event.status = "publie"
    revisions.save_settings(world.elsewhere.region_id, False, "each")
    db.session.commit()
    assert "0 récapitulatif(s) envoyé(s)." in _run(app)
    assert outbox() == []
    assert db.session.scalar(select(func.count(ModerationDigest.id))) == 0


def test_digest_again_the_next_day(app, world, db):
    with app.test_request_context():
        first = cress_mail.send_digests(date(2026, 12, 3))
        db.session.commit()
        same_day = cress_mail.send_digests(date(2026, 12, 3))
        next_day = cress_mail.send_digests(date(2026, 12, 4))
        db.session.commit()
    assert [r.region for r in first] == ["Bretagne", "Normandie"]
    assert same_day == [] and [r.region for r in next_day] == ["Bretagne", "Normandie"]


def test_settings_page_saves_the_region_choices(client, world, db):
    f.login(client, world.moderator)
    page = body(client.get("/cress/reglages"))
    assert "Réglages de la CRESS Bretagne" in page
    assert "les champs mineurs : Inscription obligatoire, Lien d'inscription, Téléphone du contact." in page
    assert '<input checked id="submission_mail-0" name="submission_mail" type="radio" value="digest">' in page
    response = client.post(
        "/cress/reglages",
        data={
            "csrf_token": csrf_token(client, "/cress/reglages"),
            "minor_changes_live": "y",
            "submission_mail": "each",
        },
    )
    assert response.status_code == 302
    assert "Les réglages de la CRESS Bretagne sont enregistrés." in body(client.get(response.location))
    saved = db.session.get(RegionModerationSettings, world.published.region_id)
    assert (saved.minor_changes_live, saved.submission_mail) == (True, "each")


def test_settings_refuse_bad_input_and_other_regions(client, world, db):
    f.login(client, world.moderator)
    token = csrf_token(client, "/cress/reglages")
    bad = client.post("/cress/reglages", data={"csrf_token": token, "submission_mail": "spam"})
    assert bad.status_code == 422 and "N'est pas un choix valide." in body(bad)
    assert client.get("/cress/reglages?region=normandie").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(RegionModerationSettings)) == 0
