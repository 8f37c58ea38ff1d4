"""Partners: logo checked by content and size, http(s) links only, home page and /partenaires/."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from app.models import Partner
from tests.helpers import body, csrf_token


def _png(size=(200, 100), transparent=True) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 92, 90, 0 if transparent else 255)).save(out, "PNG")
    return out.getvalue()


def _post(
    client, path="/admin/partenaires/nouveau", logo: bytes | None = None, filename="logo.png", **changes
):
    data = {
        "name": "Fondation Solidaire",
        "url": "https://fondation.exemple.org",
        "description": "Soutient le Mois.",
        "position": "10",
        "visible": "y",
        "csrf_token": csrf_token(client, "/admin/partenaires/nouveau"),
        **changes,
    }
    if logo is not None:
        data["logo"] = (io.BytesIO(logo), filename)
    return client.post(path, data=data, content_type="multipart/form-data")


def _count(db) -> int:
    return db.session.scalar(select(func.count(Partner.id)))


def _uploads(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_DIR"])
    return list(folder.glob("*")) if folder.exists() else []


def test_partner_with_a_png_logo_keeps_transparency_and_shows_on_home_and_page(app, admin_client, db):
    response = _post(admin_client, logo=_png())
    assert response.status_code == 302, body(response)[:2000]
    partner = db.session.scalar(select(Partner))
    assert partner.slug == "fondation-solidaire" and partner.logo_file.endswith(".png")
    [stored] = _uploads(app)
    assert stored.name == partner.logo_file and stored.name != "logo.png"
    with Image.open(stored) as image:
        assert image.mode == "RGBA"

    home = body(admin_client.get("/"))
    assert "Nos partenaires" in home and f"/fichiers/{partner.logo_file}" in home
    assert 'alt="Fondation Solidaire"' in home
    title = home.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("Accueil –") and "<" not in title
    assert home.count('id="partenaires"') == 1
    page = body(admin_client.get("/partenaires/"))
    assert "Fondation Solidaire" in page and 'href="https://fondation.exemple.org"' in page
    assert admin_client.get(f"/fichiers/{partner.logo_file}").status_code == 200


def test_fake_png_is_refused_and_nothing_is_written(app, admin_client, db):
    response = _post(admin_client, logo=b"<?php echo 'hello'; ?>" * 10, filename="logo.png")
    page = body(response)
    assert response.status_code == 422
    assert "Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP)." in page
    assert 'value="Fondation Solidaire"' in page
    assert _count(db) == 0 and _uploads(app) == []


def test_oversize_logo_is_refused(app, admin_client, db):
    noise = Image.frombytes("RGB", (1400, 1400), bytes(range(256)) * (1400 * 1400 * 3 // 256 + 1))
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=0)
    assert len(out.getvalue()) > 2 * 1024 * 1024
    response = _post(admin_client, logo=out.getvalue())
    assert response.status_code == 422
    assert "Le fichier dépasse la taille maximale de 2 Mo." in body(response)
    assert _count(db) == 0 and _uploads(app) == []


def test_javascript_link_and_bad_position_are_refused(admin_client, db):
    response = _post(admin_client, url="javascript:alert(1)", position="dix")
    page = body(response)
    assert response.status_code == 422
    assert "Saisissez une adresse web commençant par https:// ou http://." in page
    assert "Saisissez un nombre entier, par exemple 10." in page
    assert _count(db) == 0


def test_hidden_partner_is_not_public_and_order_is_respected(admin_client, db):
    db.session.add_all(
        [
            Partner(name="B second", slug="b", position=2),
            Partner(name="A premier", slug="a", position=1),
            Partner(name="Caché", slug="c", position=0, visible=False),
        ]
    )
    db.session.commit()
    page = body(admin_client.get("/partenaires/"))
    assert "Caché" not in page and page.index("A premier") < page.index("B second")
    assert "Caché" in body(admin_client.get("/admin/partenaires/"))


def test_replacing_then_deleting_a_partner_removes_its_files(app, admin_client, db):
    _post(admin_client, logo=_png())
    partner = db.session.scalar(select(Partner))
    first = partner.logo_file
    response = _post(admin_client, path=f"/admin/partenaires/{partner.id}", logo=_png((50, 50)))
    assert response.status_code == 302
    db.session.expire_all()
    partner = db.session.get(Partner, partner.id)
    assert partner.logo_file != first and [p.name for p in _uploads(app)] == [partner.logo_file]

    token = csrf_token(admin_client, "/admin/partenaires/")
    response = admin_client.post(f"/admin/partenaires/{partner.id}/supprimer", data={"csrf_token": token})
    assert response.status_code == 302
    assert "Le partenaire « Fondation Solidaire » est supprimé." in body(
        admin_client.get("/admin/partenaires/")
    )
    assert _count(db) == 0 and _uploads(app) == []


def test_delete_without_csrf_is_refused(admin_client, db):
    db.session.add(Partner(name="Garde", slug="garde"))
    db.session.commit()
    partner = db.session.scalar(select(Partner))
    response = admin_client.post(f"/admin/partenaires/{partner.id}/supprimer")
    assert response.status_code == 400
    assert _count(db) == 1


def test_partners_page_without_partners(client):
    page = body(client.get("/partenaires/"))
    assert "La liste des partenaires de cette édition sera bientôt publiée." in page
