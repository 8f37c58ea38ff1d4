"""The CRESS edits its own region's page (presentation in sanitised Markdown, contacts,
regional partners with logos) from the CRESS space; /regions/<slug> shows it."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from app.models import Region, RegionalPartner
from tests import factories as f
from tests.helpers import body, csrf_token

PAGE = "/cress/regions/bretagne/page"


def _png(size=(240, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 92, 90, 0)).save(out, "PNG")
    return out.getvalue()


def _client(app, user):
    client = app.test_client()
    f.login(client, user)
    return client


def _page_data(client, **changes):
    return {
        "cress_name": "CRESS Bretagne",
        "cress_presentation": "La **CRESS** fédère l'ESS.\n\n- Réseaux\n- [Site](https://ess-bretagne.org)"
        '\n\n<script>alert(1)</script><a href="javascript:alert(2)">piège</a>',
        "cress_email": "contact@ess-bretagne.org",
        "cress_phone": "02 99 85 89 50",
        "cress_website": "https://www.ess-bretagne.org",
        "cress_address": "8 rue du Patis Tatelin",
        "cress_city": "Rennes",
        "csrf_token": csrf_token(client, PAGE),
        **changes,
    }


def _uploads(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_DIR"])
    return list(folder.glob("*")) if folder.exists() else []


def test_cress_edits_its_page_and_the_public_page_shows_it_sanitised(app, world, db):
    cress = _client(app, world.moderator)
    response = cress.post(PAGE, data=_page_data(cress))
    assert response.status_code == 302
    assert "La page de la région est enregistrée." in body(cress.get(PAGE))
    public = body(app.test_client().get("/regions/bretagne"))
    assert "<strong>CRESS</strong> fédère" in public and "<li>Réseaux</li>" in public
    assert 'href="https://ess-bretagne.org"' in public
    assert "<script>alert(1)" not in public and "javascript:alert(2)" not in public
    assert 'href="tel:0299858950"' in public and "02 99 85 89 50" in public
    assert "8 rue du Patis Tatelin, Rennes" in public
    assert 'href="mailto:contact@ess-bretagne.org"' in public
    assert 'href="https://www.ess-bretagne.org"' in public


def test_bad_contacts_are_refused_in_french_and_nothing_is_written(app, world, db):
    before = db.session.scalar(select(Region.cress_presentation).where(Region.slug == "bretagne"))
    cress = _client(app, world.moderator)
    response = cress.post(
        PAGE,
        data=_page_data(
            cress,
            cress_website="javascript:alert(1)",
            cress_phone="appelez-nous",
            cress_email="pas-une-adresse",
        ),
    )
    page = body(response)
    assert response.status_code == 422
    assert "Saisissez une adresse web commençant par https:// ou http://." in page
    assert "Saisissez un numéro de téléphone, par exemple 02 99 00 00 00." in page
    assert "Saisissez une adresse e-mail valide" in page
    assert 'value="8 rue du Patis Tatelin"' in page  # typed values kept
    db.session.expire_all()
    region = db.session.scalar(select(Region).where(Region.slug == "bretagne"))
    assert region.cress_presentation == before and region.cress_phone == ""


def test_another_region_cress_and_delegates_and_organisers_are_refused(app, world, db):
    from app.models import DepartementDelegate

    db.session.add(DepartementDelegate(user_id=world.organiser.id, departement_code="35"))
    db.session.commit()
    normandie = _client(app, world.other_moderator)
    assert normandie.get(PAGE).status_code == 403
    token = csrf_token(normandie, "/cress/regions/normandie/page")
    response = normandie.post(PAGE, data={"cress_name": "Piratée", "csrf_token": token})
    assert response.status_code == 403
    assert normandie.get("/cress/regions/bretagne/partenaires/nouveau").status_code == 403
    assert normandie.get("/cress/regions/atlantide/page").status_code == 404
    delegate = _client(app, world.organiser)
    assert delegate.get(PAGE).status_code == 403
    assert delegate.get("/cress/regions/bretagne/delegues").status_code == 403
    db.session.expire_all()
    assert db.session.scalar(select(Region.cress_name).where(Region.slug == "bretagne")) != "Piratée"
    # its own page works for the Normandie CRESS, and the menu links to it
    page = body(normandie.get("/cress/"))
    assert 'href="/cress/regions/normandie/page"' in page and "/cress/regions/bretagne" not in page


def test_regional_partner_with_logo_shows_on_the_region_page(app, world, db):
    cress = _client(app, world.moderator)
    path = "/cress/regions/bretagne/partenaires/nouveau"
    response = cress.post(
        path,
        data={
            "name": "Région Bretagne",
            "url": "https://www.bretagne.bzh",
            "position": "1",
            "logo": (io.BytesIO(_png()), "logo.png"),
            "csrf_token": csrf_token(cress, path),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, body(response)[:1500]
    partner = db.session.scalar(select(RegionalPartner))
    assert partner.region_id == f.region("bretagne").id and partner.logo_file.endswith(".png")
    [stored] = _uploads(app)
    assert stored.name == partner.logo_file
    public = body(app.test_client().get("/regions/bretagne"))
    assert "Partenaires du Mois de l'ESS en Bretagne" in public
    assert f"/fichiers/{partner.logo_file}" in public and 'alt="Région Bretagne"' in public
    assert 'href="https://www.bretagne.bzh"' in public
    assert "Région Bretagne" not in body(app.test_client().get("/regions/normandie"))
    # another region's CRESS can neither edit nor delete it
    normandie = _client(app, world.other_moderator)
    token = csrf_token(normandie, "/cress/regions/normandie/page")
    assert normandie.get(f"/cress/regions/bretagne/partenaires/{partner.id}").status_code == 403
    assert normandie.get(f"/cress/regions/normandie/partenaires/{partner.id}").status_code == 404
    refused = normandie.post(
        f"/cress/regions/normandie/partenaires/{partner.id}/supprimer", data={"csrf_token": token}
    )
    assert refused.status_code == 404
    assert db.session.scalar(select(func.count(RegionalPartner.id))) == 1
    # its CRESS deletes it, and the logo file goes with it
    token = csrf_token(cress, PAGE)
    cress.post(f"/cress/regions/bretagne/partenaires/{partner.id}/supprimer", data={"csrf_token": token})
    assert db.session.scalar(select(func.count(RegionalPartner.id))) == 0
    assert _uploads(app) == []


def test_fake_or_oversize_logo_is_refused_and_nothing_is_written(app, world, db):
    cress = _client(app, world.moderator)
    path = "/cress/regions/bretagne/partenaires/nouveau"
    fake = cress.post(
        path,
        data={
            "name": "Partenaire piégé",
            "url": "",
            "position": "0",
            "logo": (io.BytesIO(b"<?php echo 'x'; ?>" * 20), "logo.png"),
            "csrf_token": csrf_token(cress, path),
        },
        content_type="multipart/form-data",
    )
    assert fake.status_code == 422
    page = body(fake)
    assert "Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP)." in page
    assert 'value="Partenaire piégé"' in page
    noise = Image.frombytes("RGB", (1400, 1400), bytes(range(256)) * (1400 * 1400 * 3 // 256 + 1))
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=0)
    big = cress.post(
        path,
        data={
            "name": "Trop lourd",
            "position": "0",
            "logo": (io.BytesIO(out.getvalue()), "gros.png"),
            "csrf_token": csrf_token(cress, path),
        },
        content_type="multipart/form-data",
    )
    assert big.status_code == 422 and "Le fichier dépasse la taille maximale de 2 Mo." in body(big)
    assert db.session.scalar(select(func.count(RegionalPartner.id))) == 0 and _uploads(app) == []
