"""Prize fixes found when running a whole cycle: publishing the 50 is confirmed with its
figures and can be cancelled until its e-mails leave the outbox; the « messages waiting »
notice only when some are; no pre-selection after the publication; one prize per laureate
and /prix/laureats shows the four."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Candidacy, OutgoingMail, PrizePublication
from app.prizes.candidacy import services as candidacy_services
from app.prizes.jury import services
from tests import factories as f
from tests.helpers import body, csrf_token, outbox

ADMIN = "/jury/admin/"
CATEGORIES = ("performance", "innovation", "impact-local", "coup-de-coeur")


@pytest.fixture
def cycle(app, db):
    """Five pre-selected candidacies (one member each), each competing for every prize."""
    ed = f.candidacy_edition()
    cands, members = [], []
    for i, name in enumerate(
        ("Alpha SCOP", "Beta Asso", "Gamma Coop", "Delta Mutuelle", "Epsilon Fondation")
    ):
        org = f.organisation(name)
        member = f.user(f"membre{i}@exemple.fr", organisations=(org,))
        c = candidacy_services.start(org, ed, member)
        c.status, c.categories = "preselectionne", list(CATEGORIES)
        cands.append(c)
        members.append(member)
    admin = f.user("admin@exemple.fr", admin=True)
    db.session.commit()
    return dict(ed=ed, cands=cands, members=members, admin=admin)


def _admin(app, cycle):
    client = app.test_client()
    f.login(client, cycle["admin"])
    return client, csrf_token(client, ADMIN)


def _statuses(cycle) -> list[str]:
    db.session.expire_all()
    return [db.session.get(Candidacy, c.id).status for c in cycle["cands"]]


def _retain(client, token, cands):
    for c in cands:
        client.post(f"/jury/admin/liste/{c.id}", data={"csrf_token": token, "shortlist": "1"})


def test_publishing_with_none_retained_is_refused_after_showing_the_figures(app, cycle):
    admin, token = _admin(app, cycle)
    # the admin page links to a confirmation, and a bare POST leads there too
    assert 'href="/jury/admin/publier/liste"' in body(admin.get(ADMIN))
    bare = admin.post("/jury/admin/publier/liste", data={"csrf_token": token})
    assert bare.status_code == 302 and bare.headers["Location"].endswith("/jury/admin/publier/liste")
    page = body(admin.get("/jury/admin/publier/liste"))
    assert "Candidatures retenues</dt><dd>0</dd>" in page
    assert "Candidatures pré-sélectionnées non retenues</dt><dd>5</dd>" in page
    assert "E-mails de résultat à envoyer</dt><dd>5</dd>" in page
    assert "Aucune candidature n'est retenue" in page and "Confirmer la publication" not in page
    forced = admin.post(
        "/jury/admin/publier/liste", data={"csrf_token": token, "confirm": "1"}, follow_redirects=True
    )
    assert "Aucune candidature n'est retenue : la publication écarterait toutes les candidatures." in body(
        forced
    )
    assert _statuses(cycle) == ["preselectionne"] * 5
    assert db.session.get(PrizePublication, cycle["ed"].id) is None
    assert services.pending_messages(cycle["ed"].id) == [] and outbox() == []


def test_confirmation_counts_and_the_waiting_notice_only_when_messages_wait(app, cycle):
    admin, token = _admin(app, cycle)
    _retain(admin, token, cycle["cands"][:2])
    page = body(admin.get("/jury/admin/publier/liste"))
    assert "Candidatures retenues</dt><dd>2</dd>" in page
    assert "Candidatures pré-sélectionnées non retenues</dt><dd>3</dd>" in page
    assert "E-mails de résultat à envoyer</dt><dd>5</dd>" in page
    assert "3 candidatures pré-sélectionnées seront marquées « non retenue »." in page
    done = body(
        admin.post(
            "/jury/admin/publier/liste", data={"csrf_token": token, "confirm": "1"}, follow_redirects=True
        )
    )
    assert "C'est publié. 5 messages aux candidats attendent votre envoi." in done
    assert _statuses(cycle) == ["retenu", "retenu", "non-retenu", "non-retenu", "non-retenu"]
    opened = body(
        admin.post("/jury/admin/publier/deliberation", data={"csrf_token": token}, follow_redirects=True)
    )
    assert "La délibération du jury est ouverte." in opened and "attendent votre envoi" not in opened
    admin.post("/jury/admin/messages", data={"csrf_token": token})
    assert len(outbox()) == 5
    # nothing waits any more: publishing the laureates says so, and only that
    services.set_laureate(cycle["cands"][0], cycle["admin"], "innovation", "Bravo.", "")
    db.session.commit()
    published = body(
        admin.post("/jury/admin/publier/laureats", data={"csrf_token": token}, follow_redirects=True)
    )
    assert "C'est publié. 1 message aux candidats attend votre envoi." in published


def test_the_waiting_notice_is_absent_when_no_candidate_has_a_member(app, cycle):
    from app.models import Membership

    db.session.execute(Membership.__table__.delete())
    db.session.commit()
    admin, token = _admin(app, cycle)
    _retain(admin, token, cycle["cands"][:1])
    done = body(
        admin.post(
            "/jury/admin/publier/liste", data={"csrf_token": token, "confirm": "1"}, follow_redirects=True
        )
    )
    assert "C'est publié. Aucun message n'est à envoyer aux candidats." in done
    assert "attend votre envoi" not in done and "attendent votre envoi" not in done


def test_publication_cancelled_before_the_messages_are_sent(app, cycle):
    admin, token = _admin(app, cycle)
    _retain(admin, token, cycle["cands"][:2])
    admin.post("/jury/admin/publier/liste", data={"csrf_token": token, "confirm": "1"})
    assert app.test_client().get("/prix/les-50").status_code == 200
    cancelled = body(
        admin.post("/jury/admin/publier/liste/annuler", data={"csrf_token": token}, follow_redirects=True)
    )
    assert "La publication de la liste des 50 est annulée ; 0 message en attente est retiré." in cancelled
    assert _statuses(cycle) == ["retenu", "retenu", "preselectionne", "preselectionne", "preselectionne"]
    assert db.session.get(PrizePublication, cycle["ed"].id).shortlist_published_at is None
    assert services.pending_messages(cycle["ed"].id) == [] and outbox() == []
    assert app.test_client().get("/prix/les-50").status_code == 404
    history = [e.action for e in candidacy_services.history(cycle["cands"][2])]
    assert history[-2:] == ["reject", "unreject"]


def test_publication_cancelled_while_the_messages_wait_in_the_outbox(app, cycle):
    app.config["MAIL_DELIVERY"] = "worker"  # a mail worker that has not run yet
    admin, token = _admin(app, cycle)
    _retain(admin, token, cycle["cands"][:2])
    admin.post("/jury/admin/publier/liste", data={"csrf_token": token, "confirm": "1"})
    admin.post("/jury/admin/messages", data={"csrf_token": token})
    assert db.session.scalar(select(func.count(OutgoingMail.id)).where(OutgoingMail.status == "queued")) == 5
    cancelled = body(
        admin.post("/jury/admin/publier/liste/annuler", data={"csrf_token": token}, follow_redirects=True)
    )
    assert "5 messages en attente sont retirés." in cancelled
    assert db.session.scalar(select(func.count(OutgoingMail.id))) == 0
    assert _statuses(cycle) == ["retenu", "retenu", "preselectionne", "preselectionne", "preselectionne"]
    pub = db.session.get(PrizePublication, cycle["ed"].id)
    assert pub.shortlist_published_at is None and pub.shortlist_mailed_at is None
    from app.mail import sender

    assert sender.deliver().claimed == 0 and outbox() == []


def test_cancel_refused_once_the_messages_have_left(app, cycle):
    admin, token = _admin(app, cycle)
    _retain(admin, token, cycle["cands"][:2])
    admin.post("/jury/admin/publier/liste", data={"csrf_token": token, "confirm": "1"})
    admin.post("/jury/admin/messages", data={"csrf_token": token})
    assert len(outbox()) == 5
    refused = body(
        admin.post("/jury/admin/publier/liste/annuler", data={"csrf_token": token}, follow_redirects=True)
    )
    assert (
        "Les e-mails de résultat sont déjà partis : la publication de la liste des 50 ne peut plus "
        "être annulée." in refused
    )
    assert _statuses(cycle) == ["retenu", "retenu", "non-retenu", "non-retenu", "non-retenu"]
    assert db.session.get(PrizePublication, cycle["ed"].id).shortlist_published_at is not None
    texts = [m.text for m in outbox("membre2@exemple.fr")]
    assert len(texts) == 1


def test_cress_cannot_preselect_after_the_list_is_published(app, cycle):
    late = cycle["cands"][4]
    late.status = "depose"
    cress = f.user("cress@bretagne.fr", moderates="bretagne")
    db.session.commit()
    admin, token = _admin(app, cycle)
    _retain(admin, token, cycle["cands"][:1])
    admin.post("/jury/admin/publier/liste", data={"csrf_token": token, "confirm": "1"})
    client = app.test_client()
    f.login(client, cress)
    path = f"/cress/prix/{late.id}"
    response = client.post(
        path,
        data={"csrf_token": csrf_token(client, path), "score": "18", "comment": "Oubliée", "preselect": "y"},
    )
    page = body(response)
    assert response.status_code == 422
    assert (
        "La liste nationale des 50 a été publiée le" in page
        and "la pré-sélection régionale est close" in page
    )
    db.session.expire_all()
    stuck = db.session.get(Candidacy, late.id)
    assert (stuck.status, stuck.cress_score, stuck.cress_comment) == ("depose", None, "")
    # once the publication is cancelled, the CRESS can pre-select again
    admin.post("/jury/admin/publier/liste/annuler", data={"csrf_token": token})
    again = client.post(path, data={"csrf_token": csrf_token(client, path), "score": "18", "preselect": "y"})
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Candidacy, late.id).status == "preselectionne"


def test_a_laureate_cannot_win_a_second_prize_and_all_four_are_shown(app, cycle):
    admin, token = _admin(app, cycle)
    _retain(admin, token, cycle["cands"][:4])
    for c, category in zip(cycle["cands"][:4], CATEGORIES, strict=True):
        response = admin.post(
            f"/jury/admin/laureat/{c.id}",
            data={"csrf_token": token, "category": category, "text": f"Texte {category}", "video_url": ""},
        )
        assert response.status_code == 302
    # Alpha (performance) for the innovation prize too: refused, with the reason
    refused = admin.post(
        f"/jury/admin/laureat/{cycle['cands'][0].id}",
        data={"csrf_token": token, "category": "innovation", "text": "Deuxième prix", "video_url": ""},
    )
    page = body(refused)
    assert refused.status_code == 422
    assert (
        "Alpha SCOP est déjà lauréate du Prix de la performance économique : une organisation ne reçoit "
        "qu'un prix." in page
    )
    db.session.expire_all()
    assert [db.session.get(Candidacy, c.id).laureate_category for c in cycle["cands"][:4]] == list(CATEGORIES)
    admin.post("/jury/admin/publier/liste", data={"csrf_token": token, "confirm": "1"})
    admin.post("/jury/admin/publier/laureats", data={"csrf_token": token})
    public = body(app.test_client().get("/prix/laureats"))
    for label, name in (
        ("Prix de la performance économique", "Alpha SCOP"),
        ("Prix de l'innovation sociale", "Beta Asso"),
        ("Prix de l'impact local", "Gamma Coop"),
        ("Prix coup de cœur", "Delta Mutuelle"),
    ):
        assert f"{label} : {name}" in public
    assert "Deuxième prix" not in public


def test_national_candidacies_export_has_labels_in_csv_and_xlsx(app, cycle):
    import csv
    import io

    from openpyxl import load_workbook

    cycle["cands"][0].organisation.family = "cooperative"
    cycle["cands"][0].cress_score = 17
    cycle["cands"][0].organisation.name = "=Alpha SCOP"  # a formula stays text
    db.session.commit()
    admin, token = _admin(app, cycle)
    _retain(admin, token, cycle["cands"][:1])
    response = admin.get("/jury/admin/candidatures.csv")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 5
    first = next(r for r in rows if r["Identifiant"] == str(cycle["cands"][0].id))
    assert first["Statut"] == "retenue parmi les 50" and first["Région"] == "Bretagne"
    assert first["Famille"] == "Coopérative" and first["Organisation"] == "'=Alpha SCOP"
    assert first["Prix visés"] == (
        "Prix de la performance économique, Prix de l'innovation sociale, Prix de l'impact local, "
        "Prix coup de cœur"
    )
    assert first["Note de la CRESS (sur 20)"] == "17" and first["Secteur"] != "action-sociale"
    assert rows[1]["Statut"] == "pré-sélectionnée par la CRESS"
    book = admin.get("/jury/admin/candidatures.xlsx")
    assert book.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(book.data)).active
    values = list(sheet.values)
    assert sheet.title == "Candidatures" and values[0][:5] == (
        "Identifiant",
        "Édition",
        "Statut",
        "Organisation",
        "Région",
    )
    row = next(v for v in values[1:] if v[0] == cycle["cands"][0].id)
    assert row[2] == "retenue parmi les 50" and row[3] == "=Alpha SCOP" and row[5] == "Coopérative"
    assert sheet.cell(row=values.index(row) + 1, column=4).data_type == "s"
    # only the national team
    member = app.test_client()
    f.login(member, cycle["members"][0])
    assert member.get("/jury/admin/candidatures.xlsx").status_code == 403
