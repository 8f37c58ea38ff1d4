"""Open data downloads (/donnees/): CSV for French spreadsheets and JSON, the right rows, no
personal data, the data dictionary listing exactly the files' columns, cache headers."""

from __future__ import annotations

import csv
import io
import json
import re

from app.opendata import columns
from tests.api.conftest import seed

PRIVATE = (
    "direction@champs.example",
    "02 99 00 00 00",
    "Marie Secrète",
    "Jean Public",
    "accueil@champs.example",
)


def _csv_rows(response) -> list[dict]:
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())  # UTF-8 with BOM, for French Excel
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_has_the_edition_s_published_events_and_no_personal_data(client, data):
    _ed, ev = data
    response = client.get("/donnees/evenements-2026.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="evenements-mois-ess-2026.csv"' in response.headers["Content-Disposition"]
    rows = _csv_rows(response)
    assert [int(r["id"]) for r in rows] == [ev["online"].id, ev["coop"].id, ev["corse"].id]  # by date
    coop = next(r for r in rows if r["id"] == str(ev["coop"].id))
    assert coop["debut"] == "2026-11-14 10:00"  # Paris time
    assert coop["publics"] == "grand-public,jeunes"
    assert coop["latitude"] == "48,11"  # decimal comma
    assert coop["presentiel"] == "oui" and coop["en_ligne"] == "non"
    assert coop["description"] == "Visite d'une société coopérative d'intérêt collectif."
    assert coop["organisateur"] == "Coopérative Les Champs Solidaires"
    corse = next(r for r in rows if r["id"] == str(ev["corse"].id))
    assert corse["statut"] == "annule"
    text = response.get_data(as_text=True)
    assert "Brouillon sur les coopératives" not in text and "Coopérative de l'an dernier" not in text
    for private in PRIVATE:
        assert private not in text


def test_past_edition_file_and_json(client, data):
    _ed, ev = data
    old = _csv_rows(client.get("/donnees/evenements-2025.csv"))
    assert [int(r["id"]) for r in old] == [ev["old"].id]
    response = client.get("/donnees/evenements-2026.json")
    assert response.mimetype == "application/json"
    body = json.loads(response.get_data(as_text=True))
    assert body["edition"] == 2026 and body["version"] == columns.FORMAT_VERSION
    assert body["licence"]["url"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert [e["id"] for e in body["evenements"]] == [ev["online"].id, ev["coop"].id, ev["corse"].id]
    coop = body["evenements"][1]
    assert coop["debut"] == "2026-11-14T10:00:00+01:00"
    assert coop["publics"] == ["grand-public", "jeunes"] and coop["latitude"] == 48.11
    assert coop["gratuit"] is True
    assert list(coop) == columns.names()
    for private in PRIVATE:
        assert private not in response.get_data(as_text=True)


def test_unknown_or_empty_edition_is_404(client, data, db):
    from tests import factories as f

    f.edition(2027)
    db.session.commit()
    assert client.get("/donnees/evenements-2027.csv").status_code == 404  # no published event
    assert client.get("/donnees/evenements-1999.json").status_code == 404


def test_downloads_carry_cache_headers_and_answer_304(cached_app):
    seed()
    client = cached_app.test_client()
    first = client.get("/donnees/evenements-2026.csv")
    assert first.headers["Cache-Control"] == "public, max-age=3600"
    again = client.get("/donnees/evenements-2026.csv", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/donnees/evenements-2026.json").headers["ETag"] != first.headers["ETag"]


def test_dictionary_lists_exactly_the_csv_columns(client, data):
    text = client.get("/donnees/evenements-2026.csv").get_data().decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    html = client.get("/donnees/").get_data(as_text=True)
    dictionary = html[html.index('id="dictionnaire"') :]
    listed = re.findall(r'<th scope="row"><code>([a-z0-9_]+)</code></th>', dictionary)
    assert listed == header == columns.names()
    assert "Licence Ouverte / Open Licence 2.0" in html
    assert 'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/"' in html
    assert 'href="/donnees/evenements-2025.csv"' in html and 'href="/donnees/evenements-2026.json"' in html
    assert 'href="/evenements/?edition=2025"' in html
    assert 'href="/api/"' in html
    assert "2 événements au programme, plus 1 annulé" in html


def test_footer_and_bilan_link_the_open_data(client, data):
    assert 'href="/donnees/"' in client.get("/").get_data(as_text=True)
    bilan = client.get("/bilan/2025/").get_data(as_text=True)
    assert 'href="/donnees/"' in bilan
    assert 'href="/evenements/?edition=2025"' in bilan
