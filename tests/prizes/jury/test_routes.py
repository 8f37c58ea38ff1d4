"""National shortlist, jury scoring, conflicts, deliberation, laureates, publication and
the held messages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Candidacy, JuryScore
from app.prizes.candidacy import services as candidacy_services
from app.prizes.jury import services
from tests import factories as f
from tests.helpers import body, csrf_token, outbox


@pytest.fixture
def setup(app, db):
    ed = f.candidacy_edition()
    orgs = [f.organisation(name) for name in ("Alpha SCOP", "Beta Asso", "Gamma Coop")]
    members = [f.user(f"membre{i}@exemple.fr", organisations=(o,)) for i, o in enumerate(orgs)]
    cands = []
    for o, m, status in zip(orgs, members, ("preselectionne", "preselectionne", "depose"), strict=True):
        c = candidacy_services.start(o, ed, m)
        c.status, c.categories = status, ["innovation"]
        cands.append(c)
    admin = f.user("admin@exemple.fr", admin=True)
    juror = f.user("jury@exemple.fr", jury=True)
    juror2 = f.user("jury2@exemple.fr", jury=True)
    other_juror = f.user("jury3@exemple.fr", jury=True)
    c1 = services.add_criterion("innovation", "Originalité", 2, 10)
    c2 = services.add_criterion("innovation", "Utilité", 1, 20)
    services.assign(ed.id, juror, "innovation")
    services.assign(ed.id, juror2, "innovation")
    services.assign(ed.id, other_juror, "performance")
    db.session.commit()
    return dict(
        ed=ed,
        cands=cands,
        admin=admin,
        juror=juror,
        juror2=juror2,
        other_juror=other_juror,
        crits=(c1, c2),
        members=members,
    )


def _client(app, u):
    client = app.test_client()
    f.login(client, u)
    return client


def _shortlist(app, s):
    admin = _client(app, s["admin"])
    token = csrf_token(admin, "/jury/admin/")
    for c in s["cands"][:2]:
        admin.post(f"/jury/admin/liste/{c.id}", data={"csrf_token": token, "shortlist": "1"})
    return admin, token


def test_shortlist_only_preselected(app, setup):
    admin, token = _shortlist(app, setup)
    third = setup["cands"][2]
    response = admin.post(
        f"/jury/admin/liste/{third.id}", data={"csrf_token": token, "shortlist": "1"}, follow_redirects=True
    )
    assert "Seule une candidature pré-sélectionnée" in body(response)
    db.session.expire_all()
    assert [db.session.get(Candidacy, c.id).status for c in setup["cands"]] == ["retenu", "retenu", "depose"]
    actions = [e.action for e in candidacy_services.history(setup["cands"][0])]
    assert actions[-1] == "shortlist"


def test_juror_sees_only_assigned_and_scores_within_bounds(app, setup):
    _shortlist(app, setup)
    c = setup["cands"][0]
    c1, c2 = setup["crits"]
    juror = _client(app, setup["juror"])
    page = body(juror.get("/jury/"))
    assert "Alpha SCOP" in page and "Beta Asso" in page and "Gamma Coop" not in page
    assert "Alpha SCOP" not in body(_client(app, setup["other_juror"]).get("/jury/"))
    assert _client(app, setup["other_juror"]).get(f"/jury/innovation/{c.id}").status_code == 404
    assert juror.get(f"/jury/innovation/{setup['cands'][2].id}").status_code == 404
    assert juror.get(f"/jury/performance/{c.id}").status_code == 404
    path = f"/jury/innovation/{c.id}"
    token = csrf_token(juror, path)
    response = juror.post(path, data={"csrf_token": token, f"c{c1.id}": "11", f"c{c2.id}": "dix"})
    assert response.status_code == 422
    page = body(response)
    assert "note entière de 0 à 10" in page and 'value="11"' in page
    assert db.session.scalar(select(JuryScore)) is None
    response = juror.post(path, data={"csrf_token": token, f"c{c1.id}": "8", f"c{c2.id}": "10"})
    assert response.status_code == 302
    scores = {s.criterion_id: s.score for s in db.session.scalars(select(JuryScore))}
    assert scores == {c1.id: 8, c2.id: 10}
    # juror 2 scores; juror 1 cannot see it before the deliberation
    services.save_scores(setup["juror2"], c, "innovation", {c1.id: 10, c2.id: 20})
    db.session.commit()
    assert "Délibération" not in body(juror.get(path))
    # ranking: juror1 = 20*(0.8*2 + 0.5*1)/3 = 14.0 ; juror2 = 20 -> 17.0
    ranked = services.ranking(setup["ed"].id, "innovation")
    assert ranked[0].candidacy.id == c.id and ranked[0].score == 17.0 and ranked[0].jurors == 2
    services.open_deliberation(setup["ed"].id)
    db.session.commit()
    assert "Moyennes pondérées sur 20" in body(juror.get(path))


def test_conflicted_juror_cannot_score(app, setup):
    _shortlist(app, setup)
    c = setup["cands"][0]
    c1, c2 = setup["crits"]
    juror = _client(app, setup["juror"])
    path = f"/jury/innovation/{c.id}"
    token = csrf_token(juror, path)
    response = juror.post(path + "/conflit", data={"csrf_token": token, "reason": ""})
    assert response.status_code == 422 and "Précisez le lien" in body(response)
    juror.post(path + "/conflit", data={"csrf_token": token, "reason": "Ancien salarié"})
    response = juror.post(path, data={"csrf_token": token, f"c{c1.id}": "8", f"c{c2.id}": "10"})
    assert response.status_code == 403
    assert "conflit d'intérêts" in body(response)
    assert db.session.scalar(select(JuryScore)) is None
    assert candidacy_services.history(c)[-1].action == "conflict"


def test_non_jury_and_non_admin_refused(app, setup):
    member = _client(app, setup["members"][0])
    assert member.get("/jury/").status_code == 403
    assert member.get("/jury/admin/").status_code == 403
    juror = _client(app, setup["juror"])
    assert juror.get("/jury/admin/").status_code == 403
    token = csrf_token(juror, "/jury/")
    c = setup["cands"][0]
    assert (
        juror.post(f"/jury/admin/liste/{c.id}", data={"csrf_token": token, "shortlist": "1"}).status_code
        == 403
    )
    assert juror.post("/jury/admin/publier/liste", data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Candidacy, c.id).status == "preselectionne"


def test_laureate_publication_and_held_messages(app, setup):
    admin, token = _shortlist(app, setup)
    c = setup["cands"][0]
    member = _client(app, setup["members"][0])
    summary = f"/prix/candidature/{c.id}/recapitulatif"
    response = admin.post(
        f"/jury/admin/laureat/{c.id}",
        data={"csrf_token": token, "category": "innovation", "text": "", "video_url": ""},
    )
    assert response.status_code == 422 and "Rédigez la présentation" in body(response)
    admin.post(
        f"/jury/admin/laureat/{c.id}",
        data={
            "csrf_token": token,
            "category": "innovation",
            "text": "Un projet remarquable.",
            "video_url": "https://video.exemple.fr/alpha",
        },
    )
    db.session.expire_all()
    assert db.session.get(Candidacy, c.id).status == "laureat"
    assert "lauréate" not in body(member.get(summary)).split("État :")[1][:80]
    admin.post("/jury/admin/publier/liste", data={"csrf_token": token, "confirm": "1"})
    db.session.expire_all()
    assert "retenue parmi les 50" in body(member.get(summary))
    assert outbox() == []  # held
    page = body(admin.get("/jury/admin/messages"))
    assert "membre0@exemple.fr" in page and "membre1@exemple.fr" in page
    admin.post("/jury/admin/messages", data={"csrf_token": token})
    assert len(outbox()) == 2
    admin.post("/jury/admin/publier/laureats", data={"csrf_token": token})
    assert "lauréate" in body(member.get(summary))
    admin.post("/jury/admin/messages", data={"csrf_token": token})
    texts = [m.text for m in outbox("membre0@exemple.fr")]
    assert len(texts) == 2 and any("lauréate du Prix de l'innovation sociale" in t for t in texts)
    assert services.pending_messages(setup["ed"].id) == []


def test_admin_gives_a_late_code_by_name_and_it_is_mailed(app, setup):
    from app.models import LateSubmissionCode

    delta = f.organisation("Delta Asso", region_slug="normandie", contact_email="contact@delta.fr")
    db.session.commit()
    admin = _client(app, setup["admin"])
    token = csrf_token(admin, "/jury/admin/")
    assert "Numéro de l'organisation" not in body(admin.get("/jury/admin/"))
    response = admin.post(
        "/jury/admin/code-tardif", data={"csrf_token": token, "organisation": "Inconnue", "days": "7"}
    )
    assert response.status_code == 422 and "Aucune organisation ne porte ce nom sur le site." in body(
        response
    )
    response = admin.post(
        "/jury/admin/code-tardif", data={"csrf_token": token, "organisation": "Alpha", "days": "90"}
    )
    assert response.status_code == 422 and "de 1 à 60 jours" in body(response)
    assert db.session.scalar(select(LateSubmissionCode)) is None and outbox() == []
    # a partial name lists the organisations to pick from (any region, for the national team)
    response = admin.post(
        "/jury/admin/code-tardif", data={"csrf_token": token, "organisation": "alpha", "days": "7"}
    )
    assert response.status_code == 422 and "Alpha SCOP" in body(response)
    response = admin.post(
        "/jury/admin/code-tardif", data={"csrf_token": token, "organisation": "Alpha SCOP", "days": "7"}
    )
    assert "Alpha SCOP a déjà déposé sa candidature : un code n'est pas utile." in body(response)
    assert db.session.scalar(select(LateSubmissionCode)) is None and outbox() == []
    response = admin.post(
        "/jury/admin/code-tardif", data={"csrf_token": token, "organisation": "delta", "days": "7"}
    )
    assert response.status_code == 422 and "Delta Asso" in body(response) and "(Normandie)" in body(response)
    org_id = delta.id
    response = admin.post(
        "/jury/admin/code-tardif",
        data={"csrf_token": token, "organisation": "delta", "organisation_id": str(org_id), "days": "7"},
        follow_redirects=True,
    )
    page = body(response)
    assert "Un code de dépôt tardif pour Delta Asso (valable 7 jours, une seule fois)" in page
    stored = db.session.scalar(select(LateSubmissionCode))
    assert stored.organisation_id == org_id and stored.used_at is None
    [mail] = outbox("contact@delta.fr")
    assert "L'équipe nationale du Mois de l'ESS vous permet" in mail.text
    juror = _client(app, setup["juror"])
    assert (
        juror.post(
            "/jury/admin/code-tardif",
            data={"csrf_token": csrf_token(juror, "/jury/"), "organisation": "Alpha SCOP", "days": "7"},
        ).status_code
        == 403
    )


def test_laureate_video_must_be_a_web_address(app, setup):
    admin, token = _shortlist(app, setup)
    c = setup["cands"][0]
    response = admin.post(
        f"/jury/admin/laureat/{c.id}",
        data={
            "csrf_token": token,
            "category": "innovation",
            "text": "Texte gardé",
            "video_url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 422
    page = body(response)
    assert "adresse web complète" in page and "Texte gardé" in page
    db.session.expire_all()
    assert db.session.get(Candidacy, c.id).status == "retenu"


def test_results_batch_retried_after_an_smtp_failure_mails_nobody_twice(app, setup, smtp_server):
    """The messages are written with the record that they were sent: a failure of one
    delivery delays only that message, and sending again finds nothing left to send."""
    from datetime import timedelta

    from app.common.time import utcnow
    from app.mail import sender

    admin, token = _shortlist(app, setup)
    admin.post("/jury/admin/publier/liste", data={"csrf_token": token, "confirm": "1"})
    smtp_server.refuse["membre0@exemple.fr"] = [451, "4.3.2 Reessayez plus tard", 1]
    response = admin.post("/jury/admin/messages", data={"csrf_token": token})
    assert response.status_code == 302
    assert [r.recipients for r in smtp_server.received] == [["membre1@exemple.fr"]]
    assert services.pending_messages(setup["ed"].id) == []  # recorded as sent, with the rows
    again = admin.post("/jury/admin/messages", data={"csrf_token": token}, follow_redirects=True)
    # French plural ("0 message"), and the flash message shown once (base.html only).
    assert body(again).count("0 message envoyé.") == 1
    assert len(smtp_server.received) == 1
    sender.deliver(now=utcnow() + timedelta(hours=1))  # after the back-off
    assert sorted(r.recipients[0] for r in smtp_server.received) == [
        "membre0@exemple.fr",
        "membre1@exemple.fr",
    ]
    assert sender.deliver(now=utcnow() + timedelta(days=1)).claimed == 0
    assert len(smtp_server.received) == 2


def test_reading_the_jury_pages_writes_nothing(app, setup):
    """Every prize view commits when it answers below 400: a page that only reads must not
    leave the edition's publication record behind (nor purge the public cache with it)."""
    from app.models import PrizePublication

    _shortlist(app, setup)
    c, edition_id = setup["cands"][0], setup["ed"].id
    admin = _client(app, setup["admin"])
    for path in ("/jury/admin/", "/jury/admin/messages", "/jury/admin/classement/innovation"):
        assert admin.get(path).status_code == 200
    assert _client(app, setup["juror"]).get(f"/jury/innovation/{c.id}").status_code == 200
    db.session.remove()
    assert db.session.get(PrizePublication, edition_id) is None
    token = csrf_token(admin, "/jury/admin/")
    refused = admin.post("/jury/admin/publier/laureats", data={"csrf_token": token}, follow_redirects=True)
    assert "Publiez d'abord la liste des 50." in body(refused)
    db.session.remove()
    assert db.session.get(PrizePublication, edition_id) is None
    admin.post("/jury/admin/publier/liste", data={"csrf_token": token, "confirm": "1"})
    db.session.remove()
    assert db.session.get(PrizePublication, edition_id).shortlist_published_at is not None


def test_late_code_of_one_day_and_the_shortlist_heading_agree_in_number(app, setup):
    f.organisation("Delta Asso", contact_email="contact@delta.fr")
    db.session.commit()
    admin = _client(app, setup["admin"])
    token = csrf_token(admin, "/jury/admin/")
    page = body(
        admin.post(
            "/jury/admin/code-tardif",
            data={"csrf_token": token, "organisation": "Delta Asso", "days": "1"},
            follow_redirects=True,
        )
    )
    assert "(valable 1 jour, une seule fois)" in page
    assert "Liste des 50 (0 retenue)" in page
    admin.post(f"/jury/admin/liste/{setup['cands'][0].id}", data={"csrf_token": token, "shortlist": "1"})
    assert "Liste des 50 (1 retenue)" in body(admin.get("/jury/admin/"))


def test_jury_averages_are_written_with_a_decimal_comma(app, setup):
    _shortlist(app, setup)
    c = setup["cands"][0]
    c1, c2 = setup["crits"]
    # juror 1: 20 * (0.8 * 2 + 0.5 * 1) / 3 = 14 ; juror 2: 20 * (1 * 2 + 0.75 * 1) / 3 = 18.33…
    services.save_scores(setup["juror"], c, "innovation", {c1.id: 8, c2.id: 10})
    services.save_scores(setup["juror2"], c, "innovation", {c1.id: 10, c2.id: 15})
    db.session.commit()
    page = body(_client(app, setup["admin"]).get("/jury/admin/classement/innovation"))
    assert "<td>16,17</td>" in page and "16.17" not in page
    services.open_deliberation(setup["ed"].id)
    db.session.commit()
    assert "16,17" in body(_client(app, setup["juror"]).get(f"/jury/innovation/{c.id}"))
