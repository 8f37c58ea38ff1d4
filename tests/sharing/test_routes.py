"""Sharing and search engines: share cards (OpenGraph, Twitter), generated images, canonical
URLs, sitemap.xml, robots.txt; and the accessibility statement linked from every page."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from PIL import Image

from app.models import Page
from tests import factories as f
from tests.helpers import body

BASE = "https://www.lemois-ess.example"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture()
def site(app, db, tmp_path):
    app.config.update(PUBLIC_URL=BASE, SHARE_CARD_DIR=str(tmp_path / "cards"))
    ed = f.edition(2026)
    past = f.edition(2025)
    events = {
        "current": f.event(
            ed,
            "Atelier « monnaie locale » à Rennes",
            description="Un **atelier** pour <b>comprendre</b> la [monnaie locale](https://exemple.fr). " * 6,
        ),
        "past": f.event(past, "Forum de l'emploi solidaire 2025", starts=datetime(2025, 11, 12, 9)),
        "draft": f.event(ed, "Brouillon secret", status="brouillon"),
        "submitted": f.event(ed, "Événement en validation", status="soumis"),
        "refused": f.event(ed, "Événement refusé", status="refuse"),
    }
    db.session.add(Page(slug="charte", title="Charte", body="Texte", published=True))
    db.session.add(Page(slug="brouillon-de-page", title="Pas encore", body="Texte", published=False))
    db.session.commit()
    return events


def _meta(html: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def _canonical(html: str) -> str | None:
    match = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    return match.group(1) if match else None


def _png_size(client, url: str) -> tuple[int, int]:
    answer = client.get(url.removeprefix(BASE))
    assert answer.status_code == 200 and answer.mimetype == "image/png"
    return Image.open(io.BytesIO(answer.data)).size


def test_event_page_shares_title_plain_description_and_generated_card(client, site):
    event = site["current"]
    html = body(client.get(f"/evenements/{event.id}-{event.slug}"))
    url = f"{BASE}/evenements/{event.id}-{event.slug}"
    assert _canonical(html) == url
    assert _meta(html, "og:url") == url
    assert _meta(html, "og:title") == "Atelier « monnaie locale » à Rennes"
    assert _meta(html, "og:type") == "article"
    assert _meta(html, "og:locale") == "fr_FR"
    assert _meta(html, "twitter:card") == "summary_large_image"
    description = _meta(html, "og:description")
    assert description.startswith("Un atelier pour comprendre la monnaie locale. Un atelier")
    assert len(description) <= 160 and description.endswith("…")
    assert "<" not in description and "*" not in description and "](" not in description
    assert _meta(html, "description") == description  # the page's meta description is the same excerpt
    image = _meta(html, "og:image")
    assert image == f"{BASE}/partage/evenements/{event.id}.png"
    assert _png_size(client, image) == (1200, 630)


def test_event_with_an_uploaded_image_shares_that_image(client, db, site):
    from app.web import uploads

    picture = io.BytesIO()
    Image.new("RGB", (800, 500), "#336699").save(picture, "JPEG")
    picture.seek(0)
    event = site["current"]
    event.image_file = uploads.save_image(picture).name
    db.session.commit()
    html = body(client.get(f"/evenements/{event.id}-{event.slug}"))
    assert _meta(html, "og:image") == f"{BASE}/fichiers/{event.image_file}"
    assert _meta(html, "twitter:image") == f"{BASE}/fichiers/{event.image_file}"
    assert client.get(f"/fichiers/{event.image_file}").status_code == 200


@pytest.mark.parametrize(
    ("path", "title", "image"),
    [
        ("/thematiques/travailler", "Travailler", "/partage/thematiques/travailler.png"),
        ("/regions/bretagne", "Bretagne", "/partage/regions/bretagne.png"),
        ("/prix/", "Les Prix ESS", "/partage/prix.png"),
        ("/", "Le Mois de l'Économie Sociale et Solidaire", "/partage/site.png"),
    ],
)
def test_theme_region_prize_and_home_pages_have_a_card(client, site, path, title, image):
    html = body(client.get(path))
    assert _meta(html, "og:title") == title
    assert _meta(html, "og:url") == _canonical(html) == BASE + path
    assert _meta(html, "og:image") == BASE + image
    assert 20 < len(_meta(html, "og:description")) <= 160
    assert _png_size(client, BASE + image) == (1200, 630)


def test_card_is_drawn_once_and_changes_with_the_event(client, db, site, tmp_path):
    event = site["current"]
    first = client.get(f"/partage/evenements/{event.id}.png")
    assert first.headers["Cache-Control"].startswith("public")
    etag = first.headers["ETag"]
    assert [p.name for p in (tmp_path / "cards").glob("*.png")] == [etag.strip('"') + ".png"]
    again = client.get(f"/partage/evenements/{event.id}.png", headers={"If-None-Match": etag})
    assert again.status_code == 304
    event.title = "Atelier renommé"
    db.session.commit()
    renamed = client.get(f"/partage/evenements/{event.id}.png")
    assert renamed.status_code == 200 and renamed.headers["ETag"] != etag and renamed.data != first.data
    assert len(list((tmp_path / "cards").glob("*.png"))) == 2


@pytest.mark.parametrize(
    "path",
    [
        "/partage/evenements/999999.png",
        "/partage/evenements/abc.png",
        "/partage/evenements/-1.png",
        "/partage/thematiques/inconnue.png",
        "/partage/regions/atlantide.png",
        "/partage/inconnu.png",
        "/partage/evenements/99999999999999999999999.png",
    ],
)
def test_card_of_an_unknown_subject_is_a_french_404(client, site, path):
    answer = client.get(path)
    assert answer.status_code == 404
    assert "Page introuvable" in body(answer)


@pytest.mark.parametrize("which", ["draft", "submitted", "refused"])
def test_card_of_an_unpublished_event_is_a_404(client, site, which):
    assert client.get(f"/partage/evenements/{site[which].id}.png").status_code == 404


def test_every_search_has_the_search_page_as_canonical(client, site):
    for query in ("", "?q=atelier&page=2", "?vue=carte&theme=travailler", "?page=3"):
        html = body(client.get(f"/evenements/{query}"))
        assert _canonical(html) == f"{BASE}/evenements/"
    fragment = body(client.get("/evenements/?q=atelier", headers={"HX-Request": "true"}))
    assert "canonical" not in fragment


def test_forms_back_office_and_error_pages_have_no_canonical_nor_card(client, site):
    for path in ("/compte/connexion", "/compte/inscription", "/evenements/999999-nope", "/nulle-part"):
        html = body(client.get(path))
        assert _canonical(html) is None and _meta(html, "og:title") is None, path


def test_without_public_url_the_request_address_is_used(client, app, site):
    app.config["PUBLIC_URL"] = ""
    html = body(client.get("/thematiques/travailler"))
    assert _canonical(html) == "http://localhost/thematiques/travailler"


def _sitemap(client, path: str, root_tag: str) -> dict[str, str | None]:
    """loc → lastmod of the sitemap file at `path` (parsed as XML, checked against its tag)."""
    answer = client.get(path)
    assert answer.status_code == 200 and answer.mimetype == "application/xml"
    root = ET.fromstring(answer.data)
    assert root.tag == f"{{{SITEMAP_NS['s']}}}{root_tag}"
    return {
        item.findtext("s:loc", namespaces=SITEMAP_NS): item.findtext("s:lastmod", namespaces=SITEMAP_NS)
        for item in root
    }


def _all_sitemap_urls(client) -> dict[str, str | None]:
    urls = {}
    for loc in _sitemap(client, "/sitemap.xml", "sitemapindex"):
        urls |= _sitemap(client, loc.removeprefix(BASE), "urlset")
    return urls


def test_sitemap_index_lists_the_pages_and_one_file_per_edition_with_events(client, site):
    files = _sitemap(client, "/sitemap.xml", "sitemapindex")
    assert list(files) == [
        f"{BASE}/sitemap-pages.xml",
        f"{BASE}/sitemap-evenements-2026.xml",
        f"{BASE}/sitemap-evenements-2025.xml",
    ]
    assert files[f"{BASE}/sitemap-evenements-2025.xml"] == site["past"].updated_at.strftime(
        "%Y-%m-%dT%H:%M:%S+00:00"
    )


def test_sitemaps_list_public_pages_and_published_events_of_every_edition(client, site):
    entries = _all_sitemap_urls(client)
    assert all(loc.startswith(BASE + "/") for loc in entries)
    for path in (
        "/",
        "/evenements/",
        "/thematiques/",
        "/thematiques/travailler",
        "/regions/",
        "/regions/bretagne",
        "/prix/",
        "/bilan/",
        "/bilan/2025/",
        "/accessibilite",
        "/pages/charte",
    ):
        assert BASE + path in entries, path
    for which in ("current", "past"):
        event = site[which]
        lastmod = entries[f"{BASE}/evenements/{event.id}-{event.slug}"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", lastmod)
    listed = " ".join(entries)
    for which in ("draft", "submitted", "refused"):
        assert f"/evenements/{site[which].id}-" not in listed
    assert "brouillon-de-page" not in listed
    assert not re.search(r"/(espace|cress|admin|compte|jury)/", listed)
    assert "/prix/les-50" not in listed  # not published yet


def test_every_page_of_the_sitemaps_answers(client, site):
    paths = [loc.removeprefix(BASE) for loc in _all_sitemap_urls(client)]
    assert len(paths) > 40
    answers = [(path, client.get(path).status_code) for path in paths]
    assert [(path, code) for path, code in answers if code != 200] == []


@pytest.mark.parametrize("path", ["/sitemap-evenements-1990.xml", "/sitemap-evenements-99999999999.xml"])
def test_sitemap_of_an_unknown_edition_is_a_404(client, site, path):
    assert client.get(path).status_code == 404


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_points_to_the_sitemap(client, site):
    answer = client.get("/robots.txt")
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    lines = answer.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/espace/", "/cress/", "/admin/", "/compte/", "/jury/", "/prix/vote/", "/prix/candidature/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /evenements/?" in lines
    assert "Disallow: /evenements/" not in lines and "Disallow: /" not in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


def test_accessibility_statement_is_linked_from_the_footer(client, site):
    home = body(client.get("/"))
    assert re.search(
        r'<footer.*<a href="/accessibilite">Accessibilité : partiellement conforme</a>', home, re.S
    )
    page = body(client.get("/accessibilite"))
    assert "<h1>Déclaration d'accessibilité</h1>" in page
    assert "est <strong>partiellement conforme</strong> avec le référentiel général" in page
    for text in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Cette déclaration a été établie le 2 décembre 2026.",
        "Technologies utilisées",
        "axe-core",
        "Défenseur des droits",
        "Libre réponse 71120",
        "mailto:contact@lemois-ess.org",
    ):
        assert text in page, text
