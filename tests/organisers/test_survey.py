"""The organisers' survey after the Month: invitations and one reminder (flask survey-invite,
through the outbox), the form reached from the one-time link, editing from the space."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.common.time import utcnow
from app.extensions import db as _db
from app.models import EventDecision, OneTimeLink, SurveyAnswer, SurveyInvitation
from app.organisers.services import survey
from app.web.filters import deadline_fr
from tests import factories as f
from tests.helpers import body, csrf_token, link_in, outbox


def ended_edition():
    """An edition whose Month ended three days ago: its survey is open."""
    edition = f.edition(2026)
    today = date.today()
    edition.month_start, edition.month_end = today - timedelta(days=33), today - timedelta(days=3)
    _db.session.flush()
    return edition


@pytest.fixture()
def campaign(app):
    edition = ended_edition()
    held = utcnow() - timedelta(days=10)
    with_contact = f.organisation("Coopérative du Bocage", contact_email="contact@bocage.fr")
    with_member = f.organisation("Les Amis du Quartier")
    member = f.user("membre@quartier.fr", organisations=(with_member,))
    no_address = f.organisation("Association sans adresse")
    only_draft = f.organisation("Brouillon seulement", contact_email="brouillon@exemple.fr")
    only_cancelled = f.organisation("Annulé seulement", contact_email="annule@exemple.fr")
    events = {
        "bocage": f.event(edition, "Marché paysan", org=with_contact, starts=held),
        "bocage2": f.event(edition, "Visite de la ferme", org=with_contact, starts=held + timedelta(days=1)),
        "quartier": f.event(edition, "Repair café", org=with_member, starts=held, attendance=30),
        "none": f.event(edition, "Débat", org=no_address, starts=held),
    }
    f.event(edition, "Pas publié", org=only_draft, starts=held, status="brouillon")
    f.event(edition, "Annulé", org=only_cancelled, starts=held, schedule_status="annule")
    _db.session.commit()
    return dict(edition=edition, bocage=with_contact, quartier=with_member, member=member, events=events)


def _invite(app, now=None):
    with app.test_request_context("/"):
        report = survey.send_invitations(survey.open_edition(now), now)
        _db.session.commit()
    return report


def _answers() -> int:
    _db.session.expire_all()
    return _db.session.scalar(select(func.count(SurveyAnswer.id)))


def _valid(token: str, **changes) -> dict:
    data = {
        "csrf_token": token,
        "satisfaction": "satisfait",
        "audiences": ["grand-public", "jeunes"],
        "partners": "3",
        "partner_names": "La mairie, l'AMAP",
        "press": "oui",
        "press_media": "Ouest-France",
        "again": "peut-etre",
        "comment": "Très belle édition.",
    }
    data.update(changes)
    return data


def test_invitations_go_once_to_each_organiser_with_a_personal_link(app, campaign):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["survey-invite"])
    assert first.exit_code == 0, first.output
    assert "Enquête 2026 : 2 invitation(s) et 0 rappel(s) envoyés." in first.output
    assert "Sans adresse e-mail (ni contact ni membre) : Association sans adresse" in first.output
    second = runner.invoke(args=["survey-invite"])
    assert "Enquête 2026 : 0 invitation(s) et 0 rappel(s) envoyés." in second.output
    assert [m.to for m in outbox()] in (
        ["contact@bocage.fr", "membre@quartier.fr"],
        ["membre@quartier.fr", "contact@bocage.fr"],
    )
    (mail,) = outbox("contact@bocage.fr")
    assert mail.subject == "Mois de l'ESS 2026 : votre avis d'organisateur en 5 minutes"
    assert "Merci d'avoir participé au Mois de l'ESS 2026 avec « Coopérative du Bocage » !" in mail.text
    closes = deadline_fr(survey.closes_at(campaign["edition"]))
    assert closes.endswith("à 23 h 59")
    assert f"L'enquête est ouverte jusqu'au {closes}." in mail.text
    assert link_in(mail, "/espace/enquete/").startswith("/espace/enquete/")
    assert "http://localhost:5000/espace/enquete/" in mail.text  # absolute link outside a request
    # Neither an organisation with only a draft nor one with only a cancelled event is surveyed.
    assert outbox("brouillon@exemple.fr") == [] and outbox("annule@exemple.fr") == []
    rows = _db.session.scalars(select(SurveyInvitation).order_by(SurveyInvitation.id)).all()
    assert [(r.email, r.reminded_at) for r in rows] == [
        ("contact@bocage.fr", None),
        ("membre@quartier.fr", None),
    ]


def test_one_reminder_a_week_later_and_none_for_those_who_answered(app, campaign):
    start = utcnow()
    _invite(app, start)
    edition = campaign["edition"]
    survey.save_answer(
        edition,
        campaign["bocage"],
        survey.SurveyInput("satisfait", ["grand-public"], 0, "", False, "", "oui", ""),
        now=start + timedelta(days=2),
    )
    _db.session.commit()
    assert _invite(app, start + timedelta(days=6)).reminded == 0
    report = _invite(app, start + timedelta(days=8))
    assert (report.invited, report.reminded) == (0, 1)
    assert _invite(app, start + timedelta(days=9)).reminded == 0
    assert _invite(app, start + timedelta(days=20)).reminded == 0
    assert len(outbox("contact@bocage.fr")) == 1  # the invitation only
    reminders = [m for m in outbox("membre@quartier.fr") if m.subject.startswith("Rappel")]
    assert len(reminders) == 1 and len(outbox("membre@quartier.fr")) == 2
    assert reminders[0].subject == "Rappel : l'enquête des organisateurs du Mois de l'ESS 2026"
    assert "Nous n'avons pas encore reçu vos réponses" in reminders[0].text
    assert "Ce rappel est le seul que vous recevrez." in reminders[0].text
    # The reminder's own link works (the first one too, until one of them is used).
    assert link_in(reminders[0], "/espace/enquete/") != link_in(
        outbox("membre@quartier.fr")[1], "/espace/enquete/"
    )


def test_answer_through_the_link_then_the_link_is_used(app, client, campaign):
    _invite(app)
    link = link_in(outbox("contact@bocage.fr")[0], "/espace/enquete/")
    page = client.get(link)
    html = body(page)
    assert page.status_code == 200
    assert "Enquête des organisateurs du Mois de l'ESS 2026" in html and "Pour Coopérative du Bocage." in html
    assert "Participants à « Marché paysan »" in html and "Participants à « Visite de la ferme »" in html
    events = campaign["events"]
    response = client.post(
        link,
        data=_valid(
            csrf_token(client, link),
            **{f"attendance_{events['bocage'].id}": "45", f"attendance_{events['bocage2'].id}": ""},
        ),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/espace/enquete-envoyee")
    assert "Les réponses de votre organisation sont enregistrées" in body(
        client.get("/espace/enquete-envoyee")
    )
    _db.session.expire_all()
    answer = _db.session.scalar(select(SurveyAnswer))
    assert (answer.organisation_id, answer.satisfaction, answer.partners, answer.press, answer.again) == (
        campaign["bocage"].id,
        "satisfait",
        3,
        True,
        "peut-etre",
    )
    assert answer.audiences == ["grand-public", "jeunes"]
    assert (answer.press_media, answer.partner_names, answer.comment) == (
        "Ouest-France",
        "La mairie, l'AMAP",
        "Très belle édition.",
    )
    # Attendance is the event's own, declared through the same rule (history line).
    assert _db.session.get(type(events["bocage"]), events["bocage"].id).attendance == 45
    assert _db.session.get(type(events["bocage2"]), events["bocage2"].id).attendance is None
    history = _db.session.scalar(select(EventDecision).where(EventDecision.action == "attendance"))
    assert history.event_id == events["bocage"].id and history.message == "45 participants."
    # The link served once: a second submission or visit is refused in French, nothing changes.
    again = client.post(
        link, data=_valid(csrf_token(client, "/compte/connexion"), satisfaction="pas-satisfait")
    )
    assert again.status_code == 400
    assert "Ce lien a déjà servi : les réponses de votre organisation sont enregistrées." in body(again)
    assert _answers() == 1 and _db.session.scalar(select(SurveyAnswer.satisfaction)) == "satisfait"
    assert "Ce lien a déjà servi" in body(client.get(link))


def test_bad_input_shows_french_errors_and_writes_nothing(app, client, campaign):
    _invite(app)
    link = link_in(outbox("contact@bocage.fr")[0], "/espace/enquete/")
    event = campaign["events"]["bocage"]
    response = client.post(
        link,
        data=_valid(
            csrf_token(client, link),
            satisfaction="",
            audiences=["grand-public", "pirates"],
            partners="beaucoup",
            press_media="",
            again="jamais",
            comment="Un commentaire à garder",
            **{f"attendance_{event.id}": "-4"},
        ),
    )
    html = body(response)
    assert response.status_code == 422
    for message in (
        "Choisissez une réponse.",
        "Choisissez des publics de la liste.",
        "Saisissez un nombre entier, par exemple 45.",
        "Indiquez au moins un média, ou répondez « Non » à la question précédente.",
        "Choisissez une réponse de la liste.",
    ):
        assert message in html
    assert "Un commentaire à garder" in html  # typed data kept
    huge = client.post(link, data=_valid(csrf_token(client, link), partners="100000"))
    assert huge.status_code == 422 and "Indiquez un nombre entre 0 et 999." in body(huge)
    assert _answers() == 0
    _db.session.expire_all()
    assert _db.session.scalar(select(OneTimeLink.used_at).where(OneTimeLink.purpose == "survey")) is None
    assert _db.session.get(type(event), event.id).attendance is None


def test_missing_csrf_token_is_refused_in_french(app, client, campaign):
    _invite(app)
    link = link_in(outbox("contact@bocage.fr")[0], "/espace/enquete/")
    client.get(link)
    response = client.post(link, data=_valid(""))
    assert response.status_code == 422
    assert "Le formulaire a expiré" in body(response)
    assert _answers() == 0


def test_expired_invalid_and_closed_links_are_refused_in_french(app, client, campaign):
    _invite(app)
    link = link_in(outbox("contact@bocage.fr")[0], "/espace/enquete/")
    bad = client.get("/espace/enquete/n-importe-quoi")
    assert bad.status_code == 400 and "Ce lien d'enquête n'est pas valide." in body(bad)
    app.config["SURVEY_DAYS"] = 1  # the survey closed yesterday
    closed = client.get(link)
    assert closed.status_code == 400
    assert "L'enquête du Mois de l'ESS 2026 est close : merci pour votre participation." in body(closed)
    app.config["SURVEY_DAYS"] = 62
    _db.session.execute(OneTimeLink.__table__.update().values(expires_at=datetime(2020, 1, 1)))
    _db.session.commit()
    expired = client.post(link, data=_valid(csrf_token(client, "/compte/connexion")))
    assert expired.status_code == 400 and "Ce lien a expiré : l'enquête est close." in body(expired)
    assert _answers() == 0


def test_members_answer_and_edit_from_their_space_until_the_survey_closes(app, client, campaign):
    f.login(client, campaign["member"])
    organisation = campaign["quartier"]
    dashboard = body(client.get("/espace/"))
    assert (
        "Enquête des organisateurs du Mois de l'ESS 2026" in dashboard and "répondre (5 minutes)" in dashboard
    )
    path = f"/espace/organisations/{organisation.id}/enquete"
    page = body(client.get(path))
    event = campaign["events"]["quartier"]
    assert f'name="attendance_{event.id}"' in page and 'value="30"' in page  # already declared: reused
    response = client.post(path, data=_valid(csrf_token(client, path), press="non", press_media="ignoré"))
    assert response.status_code == 302
    response = client.post(path, data=_valid(csrf_token(client, path), again="oui", press="non"))
    assert response.status_code == 302
    _db.session.expire_all()
    answers = _db.session.scalars(select(SurveyAnswer)).all()
    assert [(a.organisation_id, a.again, a.press, a.press_media) for a in answers] == [
        (organisation.id, "oui", False, "")
    ]
    assert "modifier nos réponses" in body(client.get("/espace/"))
    assert "Vous avez déjà répondu" in body(client.get(path))
    # Another organisation's survey: 404.
    assert client.get(f"/espace/organisations/{campaign['bocage'].id}/enquete").status_code == 404
    app.config["SURVEY_DAYS"] = 1
    assert client.get(path).status_code == 404


def test_invitations_refused_outside_the_survey_period(app, campaign):
    app.config["SURVEY_DAYS"] = 1
    result = app.test_cli_runner().invoke(args=["survey-invite", "--year", "2026"])
    assert result.exit_code == 1
    assert "L'enquête du Mois de l'ESS 2026 n'est pas ouverte" in result.output
    assert outbox() == []
    assert "aucune enquête n'est ouverte" in app.test_cli_runner().invoke(args=["survey-invite"]).output
