"""The communication kit: page, logo and badge (SVG, PNG), posters and event flyers (PDF)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import segno
from PIL import Image
from pypdf import PdfReader

from app.extensions import db
from app.kit import documents, drawings
from tests import factories as f
from tests.helpers import body

A5 = (420, 595)
A4 = (595, 842)
A3 = (842, 1191)


def _pdf(response) -> tuple[tuple[int, int], str]:
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    box = reader.pages[0].mediabox
    text = " ".join(page.extract_text() for page in reader.pages)
    return (round(float(box.width)), round(float(box.height))), " ".join(text.split())


@pytest.fixture()
def edition(app):
    edition = f.edition(2026)
    db.session.commit()
    return edition


@pytest.fixture()
def published(edition):
    org = f.organisation("Coopérative du Bocage")
    event = f.event(
        edition,
        "Atelier réparation de vélos",
        org=org,
        venue="Maison des associations",
        address="6 cours des Alliés",
        summary="Venez réparer votre vélo avec les bénévoles de l'atelier solidaire.",
    )
    db.session.commit()
    return event


def test_kit_page_offers_every_asset_and_the_badge_code(client, edition):
    response = client.get("/kit/")
    html = body(response)
    assert response.status_code == 200
    assert "Kit de communication 2026" in html
    for path in ("/kit/2026/logo.svg", "/kit/2026/logo.png", "/kit/2026/badge.svg", "/kit/2026/badge.png"):
        assert f'href="{path}"' in html
    assert 'href="/kit/2026/affiche-a4.pdf"' in html and 'href="/kit/2026/affiche-a3.pdf"' in html
    # The copy-paste snippet: absolute addresses, size and alt text.
    assert (
        '<a href="http://localhost/"><img src="http://localhost/kit/2026/badge.png" width="300" height="100" '
        'alt="Je participe au Mois de l\'ESS 2026"></a>'
    ) in html
    assert 'href="/kit/"' in html  # the footer's link


def test_kit_page_without_edition_is_404(client):
    assert client.get("/kit/").status_code == 404


def test_logo_svg_is_valid_and_names_the_edition(client, edition):
    response = client.get("/kit/2026/logo.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert 'filename="logo-mois-ess-2026.svg"' in response.headers["Content-Disposition"]
    root = ET.fromstring(response.data)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "Le Mois de l'ESS – novembre 2026"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert texts == ["Le Mois", "de l'ESS", "Novembre 2026"]
    assert root.find(f"{ns}rect").get("fill") == drawings.PRIMARY


def test_logo_png_is_drawn_in_the_site_colours(client, edition):
    response = client.get("/kit/2026/logo.png")
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data)).convert("RGBA")
    assert image.size == (960, 400)
    assert image.getpixel((480, 20)) == (10, 92, 90, 255)  # PRIMARY #0a5c5a
    assert image.getpixel((0, 0))[3] == 0  # transparent outside the rounded corner


def test_badge_svg_and_png(client, edition):
    svg = client.get("/kit/2026/badge.svg")
    root = ET.fromstring(svg.data)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "Je participe au Mois de l'ESS 2026"
    assert [t.text for t in root.iter(f"{ns}text")] == ["Je participe au", "Mois de l'ESS", "novembre 2026"]
    png = Image.open(io.BytesIO(client.get("/kit/2026/badge.png").data))
    assert png.size == (600, 200)


def test_assets_of_an_unknown_edition_are_404(client, edition):
    assert client.get("/kit/2019/logo.svg").status_code == 404
    assert client.get("/kit/2026/logo.gif").status_code == 404
    assert client.get("/kit/2026/affiche-a2.pdf").status_code == 404


@pytest.mark.parametrize(("size", "expected"), [("a4", A4), ("a3", A3)])
def test_posters(client, edition, size, expected):
    pages, text = _pdf(client.get(f"/kit/2026/affiche-{size}.pdf"))
    assert pages == expected
    assert "découvrez l'économie sociale et solidaire" in text
    assert "Du 1er novembre au 30 novembre 2026" in text
    assert "http://localhost/evenements/" in text.replace(" ", "")


@pytest.mark.parametrize(("size", "expected"), [("a5", A5), ("a4", A4)])
def test_public_flyer_of_a_published_event(client, published, size, expected):
    response = client.get(f"/kit/affichettes/{published.id}-{size}.pdf")
    pages, text = _pdf(response)
    assert pages == expected
    assert "Atelier réparation de vélos" in text
    assert "samedi 14 novembre 2026, de 14 h 30 à 16 h 30" in text
    assert "Maison des associations, 6 cours des Alliés, 35000 Rennes" in text
    assert "Coopérative du Bocage" in text
    assert "TRAVAILLER" in text  # the theme, capitalised by the flyer's style
    assert "Venez réparer votre vélo" in text
    # The printed address may wrap: compared without the line breaks.
    assert f"http://localhost/evenements/{published.id}-atelier-reparation-de-velos" in text.replace(" ", "")
    assert (
        f"affichette-{published.id}-atelier-reparation-de-velos-{size}.pdf"
        in response.headers["Content-Disposition"]
    )


def test_flyer_of_a_draft_or_missing_event_is_404(client, edition):
    draft = f.event(edition, "Brouillon secret", status="brouillon")
    submitted = f.event(edition, "En attente", status="soumis")
    db.session.commit()
    assert client.get(f"/kit/affichettes/{draft.id}-a5.pdf").status_code == 404
    assert client.get(f"/kit/affichettes/{submitted.id}-a4.pdf").status_code == 404
    assert client.get("/kit/affichettes/99999999999999999999-a5.pdf").status_code == 404
    assert client.get(f"/kit/affichettes/{draft.id}-a3.pdf").status_code == 404


def test_qr_code_is_built_from_the_exact_event_url(app, published):
    app.config["PUBLIC_URL"] = "https://www.lemois-ess.org"
    with app.test_request_context("/"):
        flyer = documents.flyer(published, "a5")
    expected = f"https://www.lemois-ess.org/evenements/{published.id}-atelier-reparation-de-velos"
    assert flyer.url == expected
    assert documents.qr_code(expected).matrix == segno.make(expected, error="m").matrix
    assert flyer.qr == documents.qr_svg_uri(expected)
    assert flyer.qr != documents.qr_svg_uri(expected + "x")


def test_event_page_links_to_its_flyer(client, published):
    html = body(client.get(f"/evenements/{published.id}-{published.slug}"))
    assert f'href="/kit/affichettes/{published.id}-a5.pdf"' in html
    assert "Imprimer l'affichette" in html


def test_organiser_prints_the_flyer_of_their_published_event(client, published, edition):
    member = f.user(organisations=(published.organiser,))
    draft = f.event(edition, "Brouillon", org=published.organiser, status="brouillon")
    db.session.commit()
    f.login(client, member)
    page = body(client.get(f"/espace/evenements/{published.id}"))
    assert f'href="/espace/evenements/{published.id}-a5.pdf"' not in page
    assert f'href="/espace/evenements/{published.id}/affichette-a4.pdf"' in page
    response = client.get(f"/espace/evenements/{published.id}/affichette-a4.pdf")
    pages, text = _pdf(response)
    assert pages == A4 and "Atelier réparation de vélos" in text
    assert response.headers["Cache-Control"] == "private, no-store"
    assert client.get(f"/espace/evenements/{draft.id}/affichette-a5.pdf").status_code == 404
    assert 'href="/kit/"' in body(client.get("/espace/"))


def test_other_organisers_cannot_print_from_the_space(client, published):
    stranger = f.user(organisations=(f.organisation("Autre structure"),))
    db.session.commit()
    f.login(client, stranger)
    assert client.get(f"/espace/evenements/{published.id}/affichette-a5.pdf").status_code == 404


def test_flyer_of_a_cancelled_event_says_so(client, published):
    published.schedule_status = "annule"
    db.session.commit()
    _pages, text = _pdf(client.get(f"/kit/affichettes/{published.id}-a5.pdf"))
    assert "ANNULÉ" in text and "Atelier réparation de vélos" in text
