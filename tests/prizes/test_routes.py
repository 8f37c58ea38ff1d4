"""Public prize pages: the prizes and calendar; shortlist and laureates only once published."""

from __future__ import annotations

from app.prizes.candidacy import services as candidacy_services
from app.prizes.jury import services
from tests import factories as f
from tests.helpers import body


def test_prizes_page_lists_the_four_prizes_and_calendar(client, db):
    f.edition(2026)
    db.session.commit()
    page = body(client.get("/prix/"))
    for name in (
        "Prix de la performance économique",
        "Prix de l'innovation sociale",
        "Prix de l'impact local",
        "Prix coup de cœur",
    ):
        assert name in page
    assert "10 000 €" in page and "mercredi 15 avril 2026" in page


def test_shortlist_and_laureates_only_once_published(client, db):
    ed = f.edition(2026)
    org = f.organisation("Alpha SCOP")
    admin = f.user("admin@exemple.fr", admin=True)
    c = candidacy_services.Candidacy(
        edition_id=ed.id,
        organisation_id=org.id,
        region_id=org.region_id,
        status="retenu",
        categories=["innovation"],
        answers={},
        project_title="Atelier partagé",
    )
    db.session.add(c)
    db.session.commit()
    assert client.get("/prix/les-50").status_code == 404
    before = client.get("/prix/laureats")
    assert before.status_code == 200
    assert "Les lauréats des Prix ESS 2026 seront annoncés" in body(before)
    assert "Page introuvable" not in body(before)
    from datetime import datetime

    assert services.laureates_announcement(ed, datetime(2026, 10, 20, 9)) == (
        "Les lauréats des Prix ESS 2026 seront annoncés au lancement du Mois de l'ESS, "
        "le dimanche 1er novembre 2026."
    )
    assert services.laureates_announcement(ed, datetime(2026, 11, 2, 9)) == (
        "Les lauréats des Prix ESS 2026 seront annoncés très prochainement."
    )
    services.publish_shortlist(ed.id, admin)
    services.set_laureate(c, admin, "innovation", "Un projet remarquable.", "")
    db.session.commit()
    page = body(client.get("/prix/les-50"))
    assert "Alpha SCOP" in page and "Atelier partagé" in page and "<caption>" in page
    pending = body(client.get("/prix/laureats"))  # laureates not yet published
    assert "Alpha SCOP" not in pending and "seront annoncés" in pending
    services.publish_laureates(ed.id)
    db.session.commit()
    page = body(client.get("/prix/laureats"))
    assert "Prix de l'innovation sociale : Alpha SCOP" in page and "Un projet remarquable." in page
