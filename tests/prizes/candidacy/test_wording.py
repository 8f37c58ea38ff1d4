"""The candidacy pages in French that reads well: the organisation named without a broken
article, empty answers, flash messages shown once, the late-code hint beside its field."""

from __future__ import annotations

from datetime import timedelta

from app.common.time import utcnow
from tests import factories as f
from tests.helpers import body, csrf_token


def test_candidacy_pages_name_the_organisation_and_show_flashes_once(client, applicant, db):
    ed, org, member = applicant
    db.session.commit()
    f.login(client, member)
    token = csrf_token(client, "/prix/candidature/")
    start = client.post(f"/prix/candidature/organisations/{org.id}", data={"csrf_token": token})
    path = start.headers["Location"]
    saved = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "legal_status": "Association loi 1901",
            "creation_year": "2010",
            "presentation": "Une épicerie solidaire.",
            "go": "next",
        },
        follow_redirects=True,
    )
    page = body(saved)
    assert page.count("Étape « Organisation » enregistrée.") == 1
    assert "<h1>Candidature : Épicerie des Monts</h1>" in page
    summary = body(client.get(path.rsplit("/etape/", 1)[0] + "/recapitulatif"))
    assert "<h1>Candidature : Épicerie des Monts</h1>" in summary
    assert "Candidature de " not in summary
    assert "<dt>Titre du projet</dt>\n    <dd><em>Sans réponse</em>" in summary
    assert "Non renseigné" not in summary


def test_closed_call_speaks_of_the_late_code_only_next_to_its_field(client, applicant, db):
    ed, org, member = applicant
    ed.candidacy_open = utcnow() - timedelta(days=10)
    ed.candidacy_close = utcnow() - timedelta(days=1)
    db.session.commit()
    f.login(client, member)
    page = body(client.get("/prix/candidature/"))
    assert "ci-dessous" not in page
    hint = (
        "Si la CRESS ou l'équipe nationale vous a donné un code de dépôt tardif pour Épicerie des Monts, "
        "saisissez-le ici."
    )
    assert page.count(hint) == 1
    assert page.index(hint) < page.index('name="code"')
