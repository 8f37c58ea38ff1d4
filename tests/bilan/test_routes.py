"""The bilan pages, PDF and downloads as a visitor gets them."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

from tests.bilan.conftest import SECRET_EMAIL


def _text(markup: str) -> str:
    """Visible text, whitespace collapsed, entities decoded, French digit groups as spaces."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"[\s\u202f\u00a0]+", " ", text)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))


def _page(client, url: str) -> tuple[str, str]:
    """The HTML of a bilan page (which must answer 200) and its visible text."""
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return page, _text(page)


def test_national_page_shows_figures_charts_and_data_tables(client, dataset):
    page, text = _page(client, "/bilan/2026/")
    assert "Bilan du Mois de l'ESS 2026" in text
    assert "6 Manifestations" in text and "348 Participants (estimation)" in text
    assert "1 manifestation annulée non comptée" in text
    assert "0 Candidatures aux Prix ESS" in text
    assert "0 Votes pour le Prix de l'impact local" in text
    for key in (
        "thematiques",
        "regions",
        "types",
        "categories",
        "publics",
        "envergure",
        "semaines-partenaires",
        "participants",
        "familles-organisateurs",
        "secteurs-organisateurs",
        "salaries-organisateurs",
        "progression",
    ):
        assert f'id="donnees-{key}"' in page, key
        assert f'href="/bilan/2026/donnees/{key}.csv"' in page, key
    # every chart is an image labelled by its title and its text description
    charts = re.findall(r'<svg [^>]*role="img"[^>]*>', page)
    assert len(charts) == 13
    assert all('aria-labelledby="graphique-' in c for c in charts)
    assert '<title id="graphique-thematiques-title">Manifestations par thématique</title>' in page
    assert "Travailler : 4 ; Consommer, acheter, manger : 0" in text
    assert "+200,0 % de manifestations entre 2023 et 2026" in text
    assert 'href="/bilan/2026/regions/bretagne/"' in page
    assert SECRET_EMAIL not in page


def test_current_edition_at_the_root_and_footer_link(client, dataset):
    assert "Bilan du Mois de l'ESS 2026" in _text(client.get("/bilan/").get_data(as_text=True))
    home = client.get("/").get_data(as_text=True)
    assert 'href="/bilan/"' in home


def test_region_page_lists_departements(client, dataset):
    page, text = _page(client, "/bilan/2026/regions/bretagne/")
    assert "Bilan du Mois de l'ESS 2026 en Bretagne" in text
    assert "Ille-et-Vilaine (35) 3 60,0 %" in text
    assert "Côtes-d'Armor (22) 0 0,0 %" in text
    assert "5 Manifestations" in text
    assert 'id="donnees-regions"' not in page
    assert 'href="/bilan/2026/regions/bretagne.pdf"' in page


def test_past_and_empty_editions(client, dataset):
    text = _text(client.get("/bilan/2024/").get_data(as_text=True))
    assert "Bilan du Mois de l'ESS 2024" in text
    assert "0 Manifestations" in text and "— Participants (estimation) (non disponible)" in text
    assert client.get("/bilan/2025/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/bilan/1999/",
        "/bilan/1999.pdf",
        "/bilan/1999.json",
        "/bilan/2026/regions/atlantide/",
        "/bilan/2026/regions/atlantide.pdf",
        "/bilan/2026/donnees/inconnu.csv",
        "/bilan/2026/donnees/thematiques.xls",
        "/bilan/2026/regions/bretagne/donnees/regions.csv",
    ],
)
def test_unknown_year_region_or_table_is_404(client, dataset, url):
    assert client.get(url).status_code == 404


def test_csv_download_opens_in_french_excel(client, dataset):
    response = client.get("/bilan/2026/donnees/regions.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="bilan-2026-regions.csv"' in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["code", "libelle", "evenements", "part_pct", "population", "pour_100000_habitants"]
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["bretagne"] == ["bretagne", "Bretagne", "5", "83,3", "3449370", "0,14"]
    assert by_code["corse"][2:4] == ["0", "0,0"]
    assert len(rows) == 19


def test_csv_of_a_region_and_empty_cells_for_unavailable(client, dataset):
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/bilan/2026/regions/bretagne/donnees/departements.csv").data.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert rows[1:] == [
        ["22", "Côtes-d'Armor (22)", "0", "0,0"],
        ["29", "Finistère (29)", "1", "20,0"],
        ["35", "Ille-et-Vilaine (35)", "3", "60,0"],
        ["56", "Morbihan (56)", "1", "20,0"],
    ]
    figures = list(
        csv.reader(
            io.StringIO(client.get("/bilan/2026/donnees/chiffres-cles.csv").data.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert ["votes-impact-local", "Votes pour le Prix de l'impact local", "0", ""] in figures


def test_json_report_has_every_table(client, dataset):
    response = client.get("/bilan/2026.json")
    assert response.mimetype == "application/json"
    data = json.loads(response.data)
    assert (data["format"], data["version"], data["edition"], data["region"]) == (
        "bilan-mois-ess",
        1,
        2026,
        None,
    )
    tables = {t["cle"]: t for t in data["tables"]}
    assert {
        "chiffres-cles",
        "progression",
        "thematiques",
        "regions",
        "participants",
        "familles-evenements",
    } <= set(tables)
    figures = {r["code"]: r["valeur"] for r in tables["chiffres-cles"]["lignes"]}
    assert figures["participants-estimes"] == 348 and figures["candidatures-prix"] == 0
    assert figures["votes-impact-local"] == 0
    growth = tables["progression"]["lignes"]
    assert [(r["annee"], r["evenements"], r["evolution_evenements_pct"]) for r in growth] == [
        (2023, 2, None),
        (2024, 0, -100.0),
        (2025, 4, None),
        (2026, 6, 50.0),
    ]
    assert tables["thematiques"]["colonnes"][0] == {"nom": "code", "libelle": "Code", "type": "text"}
    assert SECRET_EMAIL not in response.get_data(as_text=True)


def test_json_of_one_table_of_a_region(client, dataset):
    data = json.loads(client.get("/bilan/2026/regions/bretagne/donnees/participants.json").data)
    assert data["region"] == "bretagne" and data["cle"] == "participants"
    assert {r["code"]: r["evenements"] for r in data["lignes"]} == {
        "moins-de-20": 0,
        "20-50": 2,
        "51-100": 1,
        "plus-de-100": 1,
    }
    region = json.loads(client.get("/bilan/2026/regions/bretagne.json").data)
    assert region["region"] == {"code": "bretagne", "libelle": "Bretagne"}


def test_pdf_report_has_cover_summary_and_sections(client, dataset):
    from pypdf import PdfReader

    response = client.get("/bilan/2026.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 5
    cover = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert "Bilan du Mois de l'ESS 2026" in cover
    text = _pdf_text(response.data)
    for title in (
        "Sommaire",
        "Chiffres clés",
        "La progression du Mois de l'ESS",
        "Les manifestations",
        "Manifestations par thématique",
        "Les organisateurs",
        "Organisateurs principaux par famille",
        "Méthode",
    ):
        assert title in text, title


def test_region_pdf(client, dataset):
    response = client.get("/bilan/2026/regions/bretagne.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.data)
    assert "Bilan du Mois de l'ESS 2026 en Bretagne" in text
    assert "Manifestations par département" in text and "Ille-et-Vilaine (35)" in text


def test_regional_reports_are_public_open_data(dataset):
    from app.bilan.access import can_view_detailed

    assert can_view_detailed(None, None) is True


def test_access_refusal_is_403(client, dataset, monkeypatch):
    from app.bilan import access

    monkeypatch.setattr(access, "can_view_detailed", lambda user, region: False)
    assert client.get("/bilan/2026/regions/bretagne/").status_code == 403
    assert client.get("/bilan/2026/").status_code == 200  # the national figures stay public
