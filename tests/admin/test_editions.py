"""Editions: calendar typed in Paris time, stored in UTC, dates in a possible order."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from app.models import Edition
from tests import factories as f
from tests.helpers import body, csrf_token

GOOD = {
    "year": "2027",
    "title": "Mois de l'ESS 2027",
    "month_start": "2027-11-01",
    "month_end": "2027-11-30",
    "candidacy_open": "2027-04-15T00:00",
    "candidacy_close": "2027-06-21T00:00",
    "registration_open": "2027-06-01T00:00",
    "registration_close": "2027-11-01T00:00",
    "vote_open": "2027-09-15T00:00",
    "vote_close": "2027-10-16T00:00",
}


def _post(client, path="/admin/editions/nouvelle", **changes):
    data = {**GOOD, **changes, "csrf_token": csrf_token(client, "/admin/editions/nouvelle")}
    return client.post(path, data=data)


def _editions(db) -> int:
    return db.session.scalar(select(func.count(Edition.id)))


def test_create_edition_converts_paris_times_to_utc(admin_client, db):
    response = _post(admin_client)
    assert response.status_code == 302
    edition = db.session.scalar(select(Edition).where(Edition.year == 2027))
    assert edition.month_start == date(2027, 11, 1)
    assert edition.candidacy_open == datetime(2027, 4, 14, 22)  # summer time: UTC+2
    assert edition.registration_close == datetime(2027, 10, 31, 23)  # winter time: UTC+1
    page = body(admin_client.get("/admin/editions/"))
    assert "L'édition 2027 est enregistrée." in page
    assert "Mois de l'ESS 2027" in page
    # The form shows Paris time again.
    form = body(admin_client.get(f"/admin/editions/{edition.id}"))
    assert 'value="2027-04-15T00:00"' in form


def test_dates_in_the_wrong_order_are_refused_in_french_and_nothing_is_written(admin_client, db):
    response = _post(
        admin_client,
        candidacy_close="2027-04-01T00:00",
        vote_close="2027-09-01T00:00",
        month_end="2027-10-01",
    )
    page = body(response)
    assert response.status_code == 422
    assert "La clôture des candidatures doit être postérieure à leur ouverture." in page
    assert "La clôture du vote doit être postérieure à son ouverture." in page
    assert "Le dernier jour du Mois doit suivre le premier jour." in page
    assert 'value="2027-04-01T00:00"' in page and 'value="Mois de l\'ESS 2027"' in page
    assert 'aria-invalid="true"' in page
    assert _editions(db) == 0


def test_vote_before_candidacies_close_and_late_registration_are_refused(admin_client, db):
    response = _post(admin_client, vote_open="2027-06-01T00:00", registration_close="2027-12-15T00:00")
    page = body(response)
    assert response.status_code == 422
    assert "Le vote ne peut ouvrir qu'après la clôture des candidatures" in page
    assert "Les inscriptions doivent fermer au plus tard à la fin du Mois." in page
    assert _editions(db) == 0


def test_malformed_dates_and_year_get_french_messages(admin_client, db):
    response = _post(
        admin_client,
        year="deux-mille",
        month_start="31/02/2027",
        candidacy_open="pas une date",
        vote_close="9" * 300,
    )
    page = body(response)
    assert response.status_code == 422
    assert "Saisissez un nombre entier, par exemple 2026." in page
    assert "N'est pas un entier" not in page
    assert "Saisissez une date valide, par exemple 01/11/2026." in page
    assert "Saisissez une date et une heure valides" in page
    assert 'value="pas une date"' in page
    assert "Not a valid" not in page
    assert _editions(db) == 0


def test_year_already_used_is_refused(admin_client, db):
    f.edition(2027)
    db.session.commit()
    response = _post(admin_client)
    assert response.status_code == 422
    assert "Une édition existe déjà pour cette année." in body(response)
    assert _editions(db) == 1


def test_editing_an_edition_changes_the_home_page_phase(admin_client, db):
    edition = f.edition(2026)
    db.session.commit()
    path = f"/admin/editions/{edition.id}"
    # Registration closes years from now: the test does not depend on today's date.
    data = {
        "year": "2030",
        "title": "Mois 2026",
        "month_start": "2030-11-01",
        "month_end": "2030-11-30",
        "candidacy_open": "2020-01-01T00:00",
        "candidacy_close": "2020-02-01T00:00",
        "registration_open": "2020-01-01T00:00",
        "registration_close": "2030-11-30T00:00",
        "vote_open": "2020-03-01T00:00",
        "vote_close": "2020-04-01T00:00",
        "csrf_token": csrf_token(admin_client, path),
    }
    response = admin_client.post(path, data=data)
    assert response.status_code == 302, body(response)[:3000]
    db.session.expire_all()
    assert db.session.get(Edition, edition.id).title == "Mois 2026"
    home = admin_client.get("/").get_data(as_text=True)
    assert 'data-phase="inscriptions"' in home


def test_missing_csrf_keeps_the_form_and_writes_nothing(admin_client, db):
    response = admin_client.post("/admin/editions/nouvelle", data=GOOD)
    page = body(response)
    assert response.status_code == 422
    assert "Le formulaire a expiré" in page
    assert 'value="Mois de l\'ESS 2027"' in page
    assert _editions(db) == 0


def test_unknown_edition_is_404(admin_client):
    assert admin_client.get("/admin/editions/999").status_code == 404
