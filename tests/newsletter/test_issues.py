"""Newsletter issues through the real forms (CSRF): write, preview (sanitised), test to
oneself, confirm, send in batches with progress, read-only once sent; authorisation by
region; bad input refused in French with nothing written."""

from __future__ import annotations

import html as html_lib

import pytest
from sqlalchemy import func, select

from app.models import NewsletterDelivery, NewsletterIssue
from tests import factories as f
from tests.helpers import body, csrf_token, outbox
from tests.newsletter.conftest import issue_id, write_issue


def _count(db, model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)))


def test_cress_writes_an_issue_and_sees_the_sanitised_preview(client, db, world):
    f.login(client, world.cress)
    iid = issue_id(write_issue(client))
    page = client.get(f"/newsletter/lettres/{iid}")
    assert page.status_code == 200
    text = body(page)
    assert "3 abonnés recevront cette lettre." in text
    assert "Abonnés de la région Bretagne" in text
    preview = html_lib.unescape(text.split('srcdoc="', 1)[1].split('" title=', 1)[0])
    assert "<h2>La semaine de la CRESS</h2>" in preview
    assert "<strong>le programme</strong>" in preview
    assert 'href="https://cress-bretagne.exemple.fr/programme"' in preview  # links kept
    assert "<script" not in preview and "piège" not in preview and "javascript:" not in preview
    # The automatic block: published in the last 7 days, in the region, on the programme.
    assert "Nouveaux événements cette semaine" in preview
    assert "Portes ouvertes de la Recyclerie" in preview and "La Recyclerie, Rennes" in preview
    assert "vendredi 20 novembre 2026, 10 h" in preview
    assert f"/evenements/{world.new_event.id}-" in preview
    for absent in ("Forum publié il y a longtemps", "Café coopératif normand", "Atelier annulé"):
        assert absent not in preview
    assert outbox() == []  # writing and previewing mail nobody


def test_drafts_are_listed_and_editable(client, db, world):
    f.login(client, world.cress)
    iid = issue_id(write_issue(client, subject="Brouillon d'octobre", events=False))
    listing = body(client.get("/newsletter/lettres/"))
    assert "Brouillon d'octobre" in listing and "Brouillon" in listing
    form = body(client.get(f"/newsletter/lettres/{iid}/modifier"))
    assert 'value="Brouillon d\'octobre"' in form
    token = csrf_token(client, f"/newsletter/lettres/{iid}/modifier")
    response = client.post(
        f"/newsletter/lettres/{iid}/modifier",
        data={"csrf_token": token, "subject": "Lettre d'octobre", "body": "Nouveau texte"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    issue = db.session.get(NewsletterIssue, iid)
    assert (issue.subject, issue.body, issue.with_new_events) == ("Lettre d'octobre", "Nouveau texte", False)
    assert issue.region.slug == "bretagne" and issue.author_id == world.cress.id


def test_test_send_goes_to_the_author_only(client, db, world):
    f.login(client, world.cress)
    iid = issue_id(write_issue(client))
    token = csrf_token(client, f"/newsletter/lettres/{iid}")
    response = client.post(f"/newsletter/lettres/{iid}/test", data={"csrf_token": token})
    assert response.status_code == 302
    shown = body(client.get(response.headers["Location"]))
    assert "Un message de test a été envoyé à cress@bretagne.fr." in shown
    [message] = outbox()
    assert message.to == "cress@bretagne.fr"
    assert message.subject == "[Test] Lettre de novembre"
    assert "Message de test" in message.text and "Bonjour à toutes et à tous" in message.text
    assert "Portes ouvertes de la Recyclerie" in message.html and "<script" not in message.html
    db.session.expire_all()
    assert db.session.get(NewsletterIssue, iid).status == "brouillon"
    assert _count(db, NewsletterDelivery) == 0


def test_send_without_csrf_token_is_refused(client, db, world):
    f.login(client, world.cress)
    iid = issue_id(write_issue(client))
    assert client.post(f"/newsletter/lettres/{iid}/test").status_code == 400
    assert client.post(f"/newsletter/lettres/{iid}/envoyer").status_code == 400
    db.session.expire_all()
    assert db.session.get(NewsletterIssue, iid).status == "brouillon"
    assert outbox() == []


def _confirm(client, iid):
    page = client.get(f"/newsletter/lettres/{iid}/envoyer")
    token = csrf_token(client, f"/newsletter/lettres/{iid}")
    return page, client.post(f"/newsletter/lettres/{iid}/envoyer", data={"csrf_token": token})


def _batch(client, iid, htmx=True):
    token = csrf_token(client, f"/newsletter/lettres/{iid}")
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/newsletter/lettres/{iid}/envoi", data={"csrf_token": token}, headers=headers)


def test_real_send_in_batches_reaches_each_confirmed_subscriber_once(app, client, db, world):
    app.config["NEWSLETTER_SEND_BATCH_SIZE"] = 2
    f.login(client, world.cress)
    iid = issue_id(write_issue(client))
    page, started = _confirm(client, iid)
    assert "3 destinataires" in body(page) and "Envoyer à 3 abonnés" in body(page)
    assert started.status_code == 302 and started.headers["Location"].endswith(f"/lettres/{iid}/envoi")

    progress = client.get(f"/newsletter/lettres/{iid}/envoi")
    assert "0 / 3 envoyés" in body(progress) and 'hx-trigger="load delay:400ms, submit"' in body(progress)
    first = _batch(client, iid)
    assert first.status_code == 200 and "<html" not in first.get_data(as_text=True)
    assert "HX-Request" in first.headers["Vary"]
    assert "2 / 3 envoyés" in body(first)
    last = _batch(client, iid)
    assert "Envoi terminé : 3 abonnés ont reçu la lettre." in body(last)
    assert "hx-post" not in body(last)

    recipients = sorted(m.to for m in outbox())
    assert recipients == [s.email for s in world.bretagne]
    mail = outbox("lecteur1@exemple.fr")[0]
    assert mail.subject == "Lettre de novembre"
    assert "Bonjour à toutes et à tous" in mail.text and "<strong>le programme</strong>" in mail.html
    assert "Portes ouvertes de la Recyclerie" in mail.text and "La Recyclerie, Rennes" in mail.html
    assert "/newsletter/desinscription/" in mail.text and "Message de test" not in mail.text
    assert "<script" not in mail.html

    db.session.expire_all()
    issue = db.session.get(NewsletterIssue, iid)
    assert issue.status == "envoyee" and issue.sent_count == 3 and issue.recipients_at_start == 3
    shown = body(client.get(f"/newsletter/lettres/{iid}"))
    assert "à 3 abonnés" in shown and "Une lettre envoyée ne peut plus être modifiée." in shown

    # Running the sender again sends nothing more: the page, a second confirmation, the CLI.
    assert "Envoi terminé : 3 abonnés" in body(_batch(client, iid))
    assert _confirm(client, iid)[1].headers["Location"].endswith(f"/lettres/{iid}/envoi")
    result = app.test_cli_runner().invoke(args=["newsletter-send"])
    assert "Aucune lettre en cours d'envoi." in result.output
    assert len(outbox()) == 3 and _count(db, NewsletterDelivery) == 3


def test_progress_without_javascript(app, client, db, world):
    app.config["NEWSLETTER_SEND_BATCH_SIZE"] = 2
    f.login(client, world.cress)
    iid = issue_id(write_issue(client))
    _confirm(client, iid)
    response = _batch(client, iid, htmx=False)
    assert response.status_code == 302
    assert "2 / 3 envoyés" in body(client.get(response.headers["Location"]))
    assert "Envoyer le lot suivant" in body(client.get(response.headers["Location"]))


def test_a_sent_issue_is_read_only(app, client, db, world):
    f.login(client, world.cress)
    iid = issue_id(write_issue(client))
    _confirm(client, iid)
    _batch(client, iid)
    edit = client.get(f"/newsletter/lettres/{iid}/modifier")
    assert edit.status_code == 302
    assert "elle ne peut plus être modifiée" in body(client.get(edit.headers["Location"]))
    token = csrf_token(client, f"/newsletter/lettres/{iid}")
    client.post(
        f"/newsletter/lettres/{iid}/modifier",
        data={"csrf_token": token, "subject": "Changé", "body": "Changé"},
    )
    client.post(f"/newsletter/lettres/{iid}/supprimer", data={"csrf_token": token})
    db.session.expire_all()
    issue = db.session.get(NewsletterIssue, iid)
    assert issue.subject == "Lettre de novembre" and issue.status == "envoyee"


def test_unsubscribe_link_of_an_issue_works_once_and_for_its_subscriber_only(client, db, world):
    from tests.helpers import link_in

    f.login(client, world.cress)
    iid = issue_id(write_issue(client))
    _confirm(client, iid)
    _batch(client, iid)
    link = link_in(outbox("lecteur1@exemple.fr")[0], "/newsletter/desinscription/")
    assert link != link_in(outbox("lecteur2@exemple.fr")[0], "/newsletter/desinscription/")
    anonymous = client.application.test_client()
    done = anonymous.post(
        link, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert "l'adresse lecteur1@exemple.fr ne recevra plus la lettre" in body(done)
    again = anonymous.post(link)
    assert "L'adresse lecteur1@exemple.fr était déjà désinscrite : rien n'a changé." in body(again)
    db.session.expire_all()
    assert not world.bretagne[0].is_subscribed
    assert world.bretagne[1].is_subscribed and world.bretagne[2].is_subscribed


def test_issue_mail_carries_list_unsubscribe_headers(app, client, db, world):
    from email import policy
    from email.parser import BytesParser
    from pathlib import Path

    f.login(client, world.cress)
    iid = issue_id(write_issue(client))
    _confirm(client, iid)
    _batch(client, iid)
    parsed = [
        BytesParser(policy=policy.default).parsebytes(p.read_bytes())
        for p in Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml")
    ]
    assert len(parsed) == 3
    for message in parsed:
        assert message["List-Unsubscribe"].startswith("<http://localhost/newsletter/desinscription/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_national_issue_to_everyone_or_to_chosen_regions(client, db, world):
    f.login(client, world.admin)
    everyone = issue_id(write_issue(client, subject="Lettre nationale", events=False))
    assert "6 abonnés recevront cette lettre." not in body(client.get(f"/newsletter/lettres/{everyone}"))
    assert "5 abonnés recevront cette lettre." in body(client.get(f"/newsletter/lettres/{everyone}"))
    chosen = issue_id(write_issue(client, subject="Lettre normande", regions=["normandie"]))
    page = body(client.get(f"/newsletter/lettres/{chosen}"))
    assert "1 abonné recevra cette lettre." in page and "Abonnés des régions : Normandie" in page
    assert "Café coopératif normand" in page and "Portes ouvertes de la Recyclerie" not in page
    _confirm(client, chosen)
    _batch(client, chosen)
    assert [m.to for m in outbox()] == ["normand@exemple.fr"]
    assert "L'équipe du Mois de l'ESS" in outbox()[0].text


def test_the_national_form_refuses_an_unknown_region(client, db, world):
    f.login(client, world.admin)
    response = write_issue(client, regions=["atlantide"])
    assert response.status_code == 422
    assert "Choisissez des régions de la liste." in body(response)
    assert _count(db, NewsletterIssue) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"subject": "   "}, "Ce champ est obligatoire."),
        ({"subject": "x" * 201}, "200 caractères au plus."),
        ({"body": ""}, "Ce champ est obligatoire."),
        ({"body": "x" * 50_001}, "50\u202f000 caractères au plus."),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(client, db, world, fields, message):
    f.login(client, world.cress)
    response = write_issue(client, **fields)
    assert response.status_code == 422
    text = body(response)
    assert message in text
    if fields.get("subject", "").strip():
        assert 'value="' + fields["subject"] + '"' in text  # typed data kept
    assert _count(db, NewsletterIssue) == 0


def test_no_recipient_no_sending(client, db, world):
    f.login(client, world.other_cress)
    for s in [world.normandie]:
        s.unsubscribed_at = s.confirmed_at
    db.session.commit()
    iid = issue_id(write_issue(client))
    page, refused = _confirm(client, iid)
    assert "0 destinataire" in body(page)
    assert refused.status_code == 422
    assert "Aucun abonné confirmé ne recevrait cette lettre" in body(refused)
    db.session.expire_all()
    assert db.session.get(NewsletterIssue, iid).status == "brouillon"


def test_another_cress_cannot_see_edit_test_or_send(client, db, world):
    f.login(client, world.cress)
    iid = issue_id(write_issue(client))
    client.get("/compte/deconnexion")
    other = client.application.test_client()
    f.login(other, world.other_cress)
    token = csrf_token(other, "/newsletter/lettres/")
    assert "Lettre de novembre" not in body(other.get("/newsletter/lettres/"))
    for method, url in [
        ("GET", f"/newsletter/lettres/{iid}"),
        ("GET", f"/newsletter/lettres/{iid}/modifier"),
        ("POST", f"/newsletter/lettres/{iid}/modifier"),
        ("POST", f"/newsletter/lettres/{iid}/test"),
        ("GET", f"/newsletter/lettres/{iid}/envoyer"),
        ("POST", f"/newsletter/lettres/{iid}/envoyer"),
        ("GET", f"/newsletter/lettres/{iid}/envoi"),
        ("POST", f"/newsletter/lettres/{iid}/envoi"),
        ("POST", f"/newsletter/lettres/{iid}/supprimer"),
        ("GET", "/newsletter/lettres/99999999999999999999"),
    ]:
        data = {"csrf_token": token, "subject": "Piratée", "body": "Piratée"}
        response = other.get(url) if method == "GET" else other.post(url, data=data)
        assert response.status_code == 404, (method, url)
    db.session.expire_all()
    issue = db.session.get(NewsletterIssue, iid)
    assert issue.subject == "Lettre de novembre" and issue.status == "brouillon"
    assert outbox() == []


def test_organisers_and_visitors_have_no_access(client, db, world):
    assert client.get("/newsletter/lettres/").status_code == 302  # to the login page
    f.login(client, world.organiser)
    assert client.get("/newsletter/lettres/").status_code == 403
    assert client.get("/newsletter/lettres/nouvelle").status_code == 403


def test_cress_and_admin_find_the_issues_from_their_space(client, db, world):
    f.login(client, world.cress)
    assert 'href="/newsletter/lettres/"' in body(client.get("/cress/"))
