"""CRESS pre-selection: region boundary, score bounds, quiet decisions, nominees."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Candidacy, Nominee
from app.prizes.candidacy import services
from tests import factories as f
from tests.helpers import body, csrf_token


@pytest.fixture
def setup(applicant, db):
    ed, org, member = applicant
    c = services.start(org, ed, member)
    c.status, c.project_title = "depose", "Épicerie mobile"
    draft = services.start(f.organisation("Brouillon SCOP"), ed, member)
    cress = f.user("cress@exemple.fr", moderates="bretagne")
    db.session.commit()
    return ed, c, draft, member, cress


def _client(app, u):
    client = app.test_client()
    f.login(client, u)
    return client


def test_cress_scores_and_preselects_quietly(app, setup):
    ed, c, draft, member, cress = setup
    client = _client(app, cress)
    page = body(client.get("/cress/prix/")).split('id="code-tardif"')[
        0
    ]  # the late-code field suggests every name
    assert "Épicerie des Monts" in page and "Brouillon SCOP" not in page
    path = f"/cress/prix/{c.id}"
    token = csrf_token(client, path)
    response = client.post(
        path, data={"csrf_token": token, "score": "16", "comment": "Très solide", "preselect": "y"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    c = db.session.get(Candidacy, c.id)
    assert (c.status, c.cress_score, c.cress_comment) == ("preselectionne", 16, "Très solide")
    assert [e.action for e in services.history(c)][-2:] == ["cress_score", "preselect"]
    assert services.history(c)[-1].user_id == cress.id
    # the applicant still sees « déposée », no score, no pre-selection line
    applicant = body(_client(app, member).get(f"/prix/candidature/{c.id}/recapitulatif"))
    assert "déposée" in applicant and "Très solide" not in applicant
    assert "pré-sélection" not in applicant and "16/20" not in applicant
    # unselect
    client.post(path, data={"csrf_token": token, "score": "16", "comment": "Très solide"})
    db.session.expire_all()
    assert db.session.get(Candidacy, c.id).status == "depose"


@pytest.mark.parametrize("score", ["21", "-1", "douze", "12.5"])
def test_score_out_of_bounds(app, setup, score):
    ed, c, draft, member, cress = setup
    client = _client(app, cress)
    path = f"/cress/prix/{c.id}"
    token = csrf_token(client, path)
    response = client.post(
        path, data={"csrf_token": token, "score": score, "comment": "Gardé", "preselect": "y"}
    )
    assert response.status_code == 422
    page = body(response)
    assert "Gardé" in page and ("0 à 20" in page or "Not a valid integer" in page or "nombre entier" in page)
    db.session.expire_all()
    c = db.session.get(Candidacy, c.id)
    assert c.cress_score is None and c.status == "depose"


def test_other_region_and_organisers_get_404(app, setup):
    ed, c, draft, member, cress = setup
    others = [f.user("cress-occ@exemple.fr", moderates="occitanie"), member]
    db.session.commit()
    for u in others:
        client = _client(app, u)
        token = csrf_token(client, "/prix/candidature/" if u is member else "/cress/prix/")
        expected = 403 if u is member else 404
        assert client.get(f"/cress/prix/{c.id}").status_code == expected
        assert (
            client.post(
                f"/cress/prix/{c.id}", data={"csrf_token": token, "score": "20", "preselect": "y"}
            ).status_code
            == expected
        )
        assert (
            client.post(f"/cress/prix/{c.id}/vote", data={"csrf_token": token, "summary": "x"}).status_code
            == expected
        )
        assert (
            client.post(f"/cress/prix/{c.id}/vote/retirer", data={"csrf_token": token}).status_code
            == expected
        )
    assert _client(app, cress).get(f"/cress/prix/{draft.id}").status_code == 404
    db.session.expire_all()
    assert db.session.get(Candidacy, c.id).status == "depose"
    assert db.session.scalar(select(func.count(Nominee.id))) == 0


def test_nominate_and_remove(app, setup):
    ed, c, draft, member, cress = setup
    client = _client(app, cress)
    path = f"/cress/prix/{c.id}"
    token = csrf_token(client, path)
    response = client.post(path + "/vote", data={"csrf_token": token, "summary": ""})
    assert response.status_code == 422 and "Entre 1 et 1500 caractères" in body(response)
    client.post(
        path + "/vote", data={"csrf_token": token, "commune": "Rennes", "summary": "Un camion solidaire."}
    )
    nominee = db.session.scalar(select(Nominee))
    assert (nominee.candidacy_id, nominee.name, nominee.commune, nominee.slug) == (
        c.id,
        "Épicerie des Monts",
        "Rennes",
        "epicerie-des-monts",
    )
    assert nominee.region_id == c.region_id
    client.post(path + "/vote/retirer", data={"csrf_token": token})
    assert db.session.scalar(select(func.count(Nominee.id))) == 0
    actions = [e.action for e in services.history(db.session.get(Candidacy, c.id))]
    assert actions[-2:] == ["nominate", "unnominate"]


def test_the_list_keeps_the_cress_decision_after_the_shortlist_is_published(app, setup):
    from app.prizes.jury import services as jury_services

    ed, c, draft, member, cress = setup
    other = services.start(f.organisation("Scop des Prés"), ed, member)
    other.status, other.project_title = "depose", "Atelier vélo"
    db.session.commit()
    client = _client(app, cress)
    for candidacy in (c, other):
        path = f"/cress/prix/{candidacy.id}"
        client.post(
            path,
            data={"csrf_token": csrf_token(client, path), "score": "15", "comment": "", "preselect": "y"},
        )
    path = f"/cress/prix/{other.id}"  # pre-selected, then withdrawn
    client.post(path, data={"csrf_token": csrf_token(client, path), "score": "15", "comment": ""})
    db.session.expire_all()
    # The national team keeps « Épicerie mobile » out of the 50 (another is retained): it
    # becomes « non-retenu ».
    services.start(f.organisation("Coop retenue"), ed, member).status = "retenu"
    jury_services.publish_shortlist(ed.id, f.user("admin@exemple.fr", admin=True))
    db.session.commit()
    assert db.session.get(Candidacy, c.id).status == "non-retenu"
    page = body(client.get("/cress/prix/"))
    row = page.split("Épicerie mobile")[1].split("</tr>")[0]
    assert "oui, non retenue parmi les 50" in row
    assert "<td>non</td>" in page.split("Atelier vélo")[1].split("</tr>")[0]


def test_a_refused_nomination_shows_the_saved_evaluation(app, setup):
    ed, c, draft, member, cress = setup
    client = _client(app, cress)
    path = f"/cress/prix/{c.id}"
    client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "score": "17",
            "comment": "Projet remarquable",
            "preselect": "y",
        },
    )
    response = client.post(path + "/vote", data={"csrf_token": csrf_token(client, path), "summary": ""})
    page = body(response)
    assert response.status_code == 422 and "Entre 1 et 1500 caractères" in page
    checkbox = re.search(r'<input[^>]*name="preselect"[^>]*>', page).group(0)
    assert "checked" in checkbox  # as saved, not unticked by the failed nomination
    assert 'value="17"' in page and "Projet remarquable" in page
    assert db.session.get(Candidacy, c.id).status == "preselectionne"
