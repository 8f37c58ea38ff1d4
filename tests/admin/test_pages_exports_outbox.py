"""Editorial pages (sanitised Markdown), national CSV exports, outbox page."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from sqlalchemy import select

from app.admin import csv_export
from app.common import exports
from app.models import Event, Organisation, Page
from app.pages.markdown import render
from tests import factories as f
from tests.helpers import body, csrf_token

EVIL = """## Bienvenue

<script>alert('xss')</script>
[cliquez](javascript:alert(1)) et [ici](https://www.ess-france.org)
<img src="x" onerror="alert(2)"><a href="#" onclick="alert(3)">lien</a>
<iframe src="https://evil.example"></iframe><p style="color:red" onmouseover="x()">texte</p>
![image](data:image/png;base64,AAAA)
"""


def test_markdown_is_sanitised():
    html = str(render(EVIL))
    assert "<h2>Bienvenue</h2>" in html
    assert "<script" not in html and "xss" not in html  # the tag and its content are gone
    assert "javascript:" not in html
    assert "onerror" not in html and "onclick" not in html and "onmouseover" not in html
    assert "<iframe" not in html and "style=" not in html and "data:image" not in html
    assert '<a href="https://www.ess-france.org" rel="noopener noreferrer">ici</a>' in html


def test_reserved_pages_exist_before_being_written_and_are_linked_from_the_footer(client):
    home = body(client.get("/"))
    assert 'href="/decouvrir-l-ess"' in home and 'href="/les-acteurs"' in home
    assert 'href="/partenaires/"' in home
    page = body(client.get("/decouvrir-l-ess"))
    assert "<h1>Découvrir l'ESS</h1>" in page
    assert "Les acteurs de l'ESS" in body(client.get("/les-acteurs"))
    assert client.get("/pages/inconnue").status_code == 404


def test_admin_writes_a_page_in_markdown_and_it_is_rendered_safely(admin_client, db):
    path = "/admin/pages/les-acteurs"
    data = {
        "slug": "les-acteurs",
        "title": "Les acteurs",
        "body": EVIL,
        "published": "y",
        "csrf_token": csrf_token(admin_client, path),
    }
    response = admin_client.post(path, data=data)
    assert response.status_code == 302
    page = db.session.scalar(select(Page).where(Page.slug == "les-acteurs"))
    assert page.body == EVIL  # stored as typed, sanitised when displayed
    public = admin_client.get("/les-acteurs").get_data(as_text=True)
    assert "<h2>Bienvenue</h2>" in public
    assert "alert('xss')" not in public and "javascript:alert" not in public
    assert "onerror" not in public and "onclick" not in public


def test_new_page_with_bad_slug_or_taken_slug_is_refused(admin_client, db):
    db.session.add(Page(slug="agenda", title="Agenda", body=""))
    db.session.commit()
    token = csrf_token(admin_client, "/admin/pages/nouvelle")
    response = admin_client.post(
        "/admin/pages/nouvelle",
        data={"slug": "Mon Agenda!", "title": "T" * 500, "body": "texte", "csrf_token": token},
    )
    page = body(response)
    assert response.status_code == 422
    assert "Lettres minuscules sans accent, chiffres et tirets seulement" in page
    assert "200 caractères au plus." in page
    response = admin_client.post(
        "/admin/pages/nouvelle",
        data={"slug": "agenda", "title": "Autre", "body": "texte", "csrf_token": token},
    )
    assert "Une page utilise déjà cette adresse." in body(response)
    assert db.session.scalars(select(Page.title)).all() == ["Agenda"]


def test_unpublished_page_is_hidden_from_the_public(admin_client, client, db):
    db.session.add(Page(slug="brouillon", title="Brouillon", body="x", published=False))
    db.session.commit()
    assert admin_client.get("/pages/brouillon").status_code == 404
    assert admin_client.get("/admin/pages/brouillon").status_code == 200


def _rows(response) -> list[dict]:
    text = response.get_data(as_text=True)
    response.close()
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_every_column_has_a_french_header():
    assert set(csv_export.EVENT_HEADERS) == {c.key for c in Event.__table__.columns}
    assert set(csv_export.ORGANISATION_HEADERS) == {c.key for c in Organisation.__table__.columns}


def test_national_event_export_has_all_events_and_fields(admin_client, db):
    ed = f.edition()
    org = f.organisation('=HYPERLINK("http://evil")', region_slug="occitanie")
    f.event(
        ed,
        "Débat « l'ESS demain »",
        org=org,
        region_slug="occitanie",
        departement="31",
        commune="Toulouse",
        postcode="31000",
        starts=datetime(2026, 11, 14, 13, 30),
        second_theme="se-loger",
        audiences=("grand-public", "jeunes"),
        attendance=42,
    )
    f.event(ed, "Brouillon", status="brouillon")
    db.session.commit()
    response = admin_client.get("/admin/exports/evenements.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _rows(response)
    assert len(rows) == 2
    first = rows[0]
    assert first["Titre"] == "Débat « l'ESS demain »"
    assert first["Début (heure de Paris)"] == "2026-11-14 14:30"
    assert first["Région"] == "Occitanie" and first["Département"] == "Haute-Garonne"
    assert first["Publics (codes)"] == "grand-public, jeunes"
    assert first["Participants"] == "42" and first["En présentiel"] == "oui"
    assert first["Organisateur"] == '\'=HYPERLINK("http://evil")'  # no formula in spreadsheets
    assert first["Édition"] == "2026" and first["Statut (code)"] == "publie"
    assert rows[1]["Statut (code)"] == "brouillon"
    assert list(first)[:3] == ["Identifiant", "Identifiant de l'édition", "Titre"]


def test_national_organisation_export(admin_client, db):
    f.organisation(
        "Coop des Champs", region_slug="normandie", family="cooperative", contact_phone="+33 2 31 00 00 00"
    )
    db.session.commit()
    rows = _rows(admin_client.get("/admin/exports/organisations.csv"))
    assert [r["Nom"] for r in rows] == ["Coop des Champs"]
    assert rows[0]["Région"] == "Normandie" and rows[0]["Famille (code)"] == "cooperative"
    assert rows[0]["Famille"] == "Coopérative" and rows[0]["Salariés"] == "1 à 9 salariés"


def test_event_export_streams_in_batches(admin_client, db, monkeypatch):
    ed = f.edition()
    org = f.organisation()
    for n in range(25):
        f.event(ed, f"Événement {n}", org=org)
    db.session.commit()
    monkeypatch.setattr(exports, "BATCH", 10)
    response = admin_client.get("/admin/exports/evenements.csv")
    assert response.is_streamed
    chunks = list(response.response)
    assert len(chunks) >= 3  # header, then rows by batches of 10
    text = b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks).decode()
    assert len(list(csv.reader(io.StringIO(text[1:]), delimiter=";"))) == 26
    response.close()


def test_outbox_page_shows_messages_with_html_sandboxed(admin_client, db):
    from app.mail import send_mail

    u = f.user("dest@exemple.fr", name="<b>Nom piégé</b>")
    db.session.commit()
    send_mail(
        u.email,
        "Confirmez votre adresse e-mail",
        "confirm_email",
        user=u,
        url="http://localhost/compte/confirmer/abc",
    )
    html = admin_client.get("/admin/outbox").get_data(as_text=True)
    assert "dest@exemple.fr" in html and "Confirmez votre adresse e-mail" in html
    assert '<iframe class="outbox-message__html" sandbox=""' in html
    assert 'srcdoc="&lt;!doctype html&gt;' in html
    # The message's HTML never reaches our page as markup.
    assert "<b>Nom piégé</b>" not in html
    assert "Bonjour &lt;b&gt;Nom piégé&lt;/b&gt;" in html  # the text version, escaped


def test_outbox_page_counts_messages_and_retries_a_failed_one(admin_client, db, smtp_server):
    from app.mail import send_mail
    from app.models import OutgoingMail

    smtp_server.refuse["inconnu@exemple.fr"] = [550, "5.1.1 Boite inconnue", 1]
    for to in ("connu@exemple.fr", "inconnu@exemple.fr"):
        send_mail(to, "Votre compte existe déjà", "newsletter_already", unsubscribe="http://x/")
    db.session.commit()  # delivered at once: one sent, one refused for good
    html = body(admin_client.get("/admin/outbox"))
    assert re.search(r'id="outbox-count-sent">1<', html)
    assert re.search(r'id="outbox-count-failed">1<', html)
    assert re.search(r'id="outbox-count-queued">0<', html)
    assert "550 5.1.1 Boite inconnue" in html and "En échec" in html
    [failed] = db.session.scalars(select(OutgoingMail).where(OutgoingMail.status == "failed"))
    retry = f"/admin/outbox/{failed.id}/reessayer"
    assert html.count('action="/admin/outbox/') == 1 and f'action="{retry}"' in html
    # Without the CSRF token nothing changes.
    assert admin_client.post(retry).status_code == 400
    db.session.rollback()
    assert db.session.get(OutgoingMail, failed.id).status == "failed"
    assert len(smtp_server.received) == 1
    token = csrf_token(admin_client, "/admin/outbox")
    page = body(admin_client.post(retry, data={"csrf_token": token}, follow_redirects=True))
    assert "Le message est remis dans la file d'envoi." in page
    assert [r.recipients for r in smtp_server.received] == [["connu@exemple.fr"], ["inconnu@exemple.fr"]]
    assert re.search(r'id="outbox-count-sent">2<', page)
    assert re.search(r'id="outbox-count-failed">0<', page)
    # A message that is not failed is not sent again.
    page = body(admin_client.post(retry, data={"csrf_token": token}, follow_redirects=True))
    assert "Ce message n'est pas en échec : il n'y a rien à réessayer." in page
    assert len(smtp_server.received) == 2
