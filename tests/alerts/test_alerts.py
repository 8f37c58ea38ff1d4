"""E-mail alerts on a search: double opt-in through the search page's form, the weekly digest
(content, empty weeks, never twice, concurrent runs), unsubscription (page and RFC 8058)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.common.time import utcnow
from app.models import AlertDigest, OneTimeLink, OutgoingMail, SearchAlert
from tests import factories as f
from tests.helpers import body, link_in, outbox

ROOT = Path(__file__).resolve().parents[2]
SEARCH = "/evenements/?theme=travailler&region=bretagne"


def _hours(n: float):
    return (utcnow() + timedelta(hours=n)).replace(microsecond=0)


@pytest.fixture()
def ed(db):
    edition = f.edition(2026)
    db.session.commit()
    return edition


def _form(client, path: str = SEARCH) -> dict:
    html = client.get(path).get_data(as_text=True)
    start = html.index('class="follow-alert"')
    form = html[start : html.index("</form>", start)]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    query = re.search(r'name="recherche" id="follow-query" value="([^"]*)"', form).group(1)
    return {"csrf_token": token, "recherche": query.replace("&amp;", "&")}


def _subscribe(client, email="lea@exemple.fr", path: str = SEARCH, **changes):
    return client.post("/alertes/", data={**_form(client, path), "email": email, **changes})


def _alert(db, email="lea@exemple.fr") -> SearchAlert | None:
    db.session.expire_all()
    return db.session.scalar(select(SearchAlert).where(SearchAlert.email == email))


def _confirmed(client, db, email="lea@exemple.fr", path: str = SEARCH) -> SearchAlert:
    _subscribe(client, email, path)
    client.get(link_in(outbox(email)[0], "/alertes/confirmer/"))
    alert = _alert(db, email)
    assert alert.is_active
    return alert


def _send(app, now) -> str:
    result = app.test_cli_runner().invoke(args=["alerts-send", "--now", now.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def _digests(email="lea@exemple.fr"):
    return [m for m in outbox(email) if "pour votre recherche" in m.subject]


def test_opt_in_through_the_search_page_form(client, db, ed):
    response = _subscribe(client, email="  Lea@Exemple.FR ")
    assert response.status_code == 200
    page = body(response)
    assert "Un message vient d'être envoyé à lea@exemple.fr" in page
    assert "Travailler · Bretagne" in page
    alert = _alert(db)
    assert alert is not None and not alert.is_active
    assert alert.query == "theme=travailler&region=bretagne"

    [message] = outbox("lea@exemple.fr")
    assert message.subject == "Confirmez votre alerte du Mois de l'ESS"
    assert "Recherche : Travailler · Bretagne" in message.text
    assert "/alertes/desinscription/" in message.text
    confirm = client.get(link_in(message, "/alertes/confirmer/"))
    assert confirm.status_code == 200
    assert "Merci, votre alerte est confirmée" in body(confirm)
    alert = _alert(db)
    assert alert.is_active and alert.digest_from is not None

    again = client.get(link_in(message, "/alertes/confirmer/"))
    assert again.status_code == 400
    assert "Ce lien de confirmation a déjà servi" in body(again)


def test_expired_confirmation_link_says_so_in_french(client, db, ed):
    _subscribe(client)
    db.session.execute(update(OneTimeLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = client.get(link_in(outbox("lea@exemple.fr")[0], "/alertes/confirmer/"))
    assert response.status_code == 400
    assert "Ce lien de confirmation a expiré" in body(response)
    assert not _alert(db).is_active
    forged = client.get("/alertes/confirmer/nimporte-quoi")
    assert forged.status_code == 400 and "Ce lien de confirmation n'est pas valide." in body(forged)


def test_bad_email_is_refused_in_french_and_nothing_is_written(client, db, ed):
    response = _subscribe(client, email="pas-une-adresse")
    assert response.status_code == 422
    page = body(response)
    assert "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr." in page
    assert 'value="pas-une-adresse"' in page  # typed value kept
    assert "Travailler · Bretagne" in page  # the search is kept too
    assert db.session.scalar(select(func.count(SearchAlert.id))) == 0
    assert db.session.scalar(select(func.count(OutgoingMail.id))) == 0
    assert outbox() == []


def test_missing_csrf_token_writes_nothing(client, db, ed):
    response = client.post("/alertes/", data={"email": "lea@exemple.fr", "recherche": "region=bretagne"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(SearchAlert.id))) == 0


def test_the_search_is_normalised_and_bad_values_dropped(client, db, ed):
    _subscribe(client, recherche="region=nulle-part&theme=travailler&du=2026-99-99&page=7&vue=carte")
    assert _alert(db).query == "theme=travailler"


def test_the_answer_never_reveals_an_existing_alert(client, db, ed):
    _confirmed(client, db)
    again = body(_subscribe(client))
    assert "Un message vient d'être envoyé à lea@exemple.fr" in again
    assert outbox("lea@exemple.fr")[0].subject == "Vous suivez déjà cette recherche du Mois de l'ESS"
    assert db.session.scalar(select(func.count(SearchAlert.id))) == 1


def test_weekly_digest_lists_the_new_matching_events(app, client, db, ed):
    alert = _confirmed(client, db)
    f.event(
        ed, "Publié avant l'alerte", starts=_hours(72), published_at=alert.confirmed_at - timedelta(hours=1)
    )
    new = f.event(ed, "Atelier compost partagé", starts=_hours(72), published_at=_hours(1), venue="Le Jardin")
    f.event(ed, "Forum de l'emploi solidaire", starts=_hours(24 * 6), published_at=_hours(2))
    f.event(
        ed,
        "Webinaire de l'emploi",
        starts=_hours(24 * 7),
        published_at=_hours(2),
        in_person=False,
        online=True,
        online_url="https://visio.exemple.fr/emploi",
    )
    f.event(
        ed,
        "Marché d'Ajaccio",
        starts=_hours(72),
        published_at=_hours(1),
        region_slug="corse",
        departement="2A",
    )
    f.event(ed, "Balade (autre thème)", starts=_hours(72), published_at=_hours(1), theme_slug="s-evader")
    f.event(ed, "Annulé aussitôt", starts=_hours(72), published_at=_hours(1), schedule_status="annule")
    db.session.commit()

    output = _send(app, _hours(3))
    assert "1 alerte(s) envoyée(s)" in output
    [digest] = _digests()
    assert digest.subject == "3 nouveaux événements pour votre recherche « Travailler · Bretagne »"
    text = digest.text
    assert (
        "3 nouveaux événements ont été publiés cette semaine pour votre recherche « Travailler · Bretagne »"
        in text
    )
    assert text.index("Atelier compost partagé") < text.index("Forum de l'emploi solidaire")  # by date
    assert text.index("Forum de l'emploi solidaire") < text.index("Webinaire de l'emploi")
    assert "— https://visio.exemple.fr/emploi" in text  # online only: its address, no town
    assert f"http://localhost/evenements/{new.id}-atelier-compost-partage" in text
    assert "Le Jardin, 35000 Rennes" in text
    assert re.search(r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+ \w+ 2026, de \d+ h", text)
    for absent in ("Publié avant l'alerte", "Ajaccio", "Balade", "Annulé aussitôt"):
        assert absent not in text
    assert "http://localhost/evenements/?theme=travailler&region=bretagne" in text
    assert "/alertes/mes-alertes/" in text and "/alertes/desinscription/" in text
    assert 'href="http://localhost/evenements/' in digest.html and "se désinscrire" in digest.html
    assert db.session.scalar(select(AlertDigest.events)) == 3


def test_digest_headers_allow_one_click_unsubscribe(app, client, db, ed):
    _confirmed(client, db)
    f.event(ed, "Atelier compost partagé", starts=_hours(72), published_at=_hours(1))
    db.session.commit()
    _send(app, _hours(3))
    [raw] = [
        m.message for m in db.session.scalars(select(OutgoingMail)) if "pour votre recherche" in m.subject
    ]
    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    assert parsed["List-Unsubscribe"].startswith("<http://localhost/alertes/desinscription/")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nothing_is_sent_for_an_empty_week(app, client, db, ed):
    _confirmed(client, db)
    f.event(
        ed, "Autre région", starts=_hours(72), published_at=_hours(1), region_slug="corse", departement="2A"
    )
    db.session.commit()
    output = _send(app, _hours(3))
    assert "0 alerte(s) envoyée(s), 1 sans nouveauté" in output
    assert _digests() == []
    assert db.session.scalar(select(AlertDigest.events)) == 0


def test_running_the_command_twice_sends_once_then_next_week_only_the_new(app, client, db, ed):
    _confirmed(client, db)
    f.event(ed, "Atelier compost partagé", starts=_hours(24 * 20), published_at=_hours(1))
    db.session.commit()
    _send(app, _hours(3))
    assert "1 déjà traitée(s)" in _send(app, _hours(4))
    assert len(_digests()) == 1

    f.event(ed, "Forum de l'emploi solidaire", starts=_hours(24 * 20), published_at=_hours(30))
    db.session.commit()
    _send(app, _hours(24 * 7 + 3))
    digests = _digests()
    assert len(digests) == 2
    assert "Forum de l'emploi solidaire" in digests[0].text
    assert "Atelier compost partagé" not in digests[0].text
    assert db.session.scalar(select(func.count(AlertDigest.id))) == 2


def test_concurrent_runs_send_once(app, client, db, ed, fresh_database_url, tmp_path):
    """Two real `flask alerts-send` processes at once (cron on two servers): one digest."""
    for n in range(3):
        _confirmed(client, db, email=f"personne{n}@exemple.fr")
    f.event(ed, "Atelier compost partagé", starts=_hours(24 * 20), published_at=_hours(1))
    db.session.commit()
    env = {
        **os.environ,
        "APP_CONFIG": "testing",
        "DATABASE_URL": fresh_database_url,
        "FLASK_APP": "wsgi:app",
        "FLASK_MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"],
        "REDIS_URL": "",
    }
    command = [sys.executable, "-m", "flask", "alerts-send", "--now", _hours(3).isoformat()]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    sent = sum(int(re.search(r"(\d+) alerte\(s\) envoyée\(s\)", out).group(1)) for out in outputs)
    assert sent == 3, outputs
    db.session.expire_all()
    assert db.session.scalar(select(func.count(AlertDigest.id))) == 3
    for n in range(3):
        assert len(_digests(f"personne{n}@exemple.fr")) == 1


def test_unsubscribe_page_then_the_next_digest_skips_the_alert(app, client, db, ed):
    _confirmed(client, db)
    link = link_in(outbox("lea@exemple.fr")[0], "/alertes/desinscription/")
    page = client.get(link)
    assert page.status_code == 200
    assert "Travailler · Bretagne" in body(page) and "Arrêter cette alerte" in body(page)
    assert _alert(db).is_active  # a GET changes nothing
    done = client.post(link)
    assert "vous ne recevrez plus les nouveautés de cette recherche" in body(done)
    assert not _alert(db).is_active
    assert "déjà arrêtée" in body(client.post(link))

    f.event(ed, "Atelier compost partagé", starts=_hours(72), published_at=_hours(1))
    db.session.commit()
    assert "0 alerte(s) envoyée(s), 0 sans nouveauté, 0 déjà traitée(s)" in _send(app, _hours(3))
    assert _digests() == []


def test_one_click_unsubscribe_without_session_or_csrf(app, client, db, ed):
    _confirmed(client, db)
    link = link_in(outbox("lea@exemple.fr")[0], "/alertes/desinscription/")
    mail_client = app.test_client()  # no cookie, no token: what a mail client posts
    response = mail_client.post(link, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not _alert(db).is_active


def test_bad_unsubscribe_links_are_refused_in_french(client, db, ed):
    response = client.post("/alertes/desinscription/faux-lien")
    assert response.status_code == 400 and "Ce lien n'est pas valide." in body(response)
    _confirmed(client, db)
    old = link_in(outbox("lea@exemple.fr")[0], "/alertes/desinscription/")
    client.post(old)
    _subscribe(client)  # a new subscription: a new key, the old links do nothing
    stale = client.post(old)
    assert stale.status_code == 400 and "vient d'une alerte précédente" in body(stale)


def test_my_alerts_lists_the_address_alerts(client, db, ed):
    _confirmed(client, db)
    _confirmed(client, db, path="/evenements/?region=corse&gratuit=oui")
    manage = link_in(outbox("lea@exemple.fr")[0], "/alertes/desinscription/").replace(
        "/desinscription/", "/mes-alertes/"
    )
    page = body(client.get(manage))
    assert "Travailler · Bretagne" in page and "Corse · Gratuit" in page
    assert page.count("Arrêter cette alerte") == 2


def test_alert_page_of_a_search_url_works_without_the_search_page(client, db, ed):
    page = client.get("/alertes/?region=corse&gratuit=oui&region=inconnue")
    assert page.status_code == 200
    text = body(page)
    assert "Corse · Gratuit" in text
    assert 'value="region=corse&gratuit=oui"' in text
    assert "http://localhost/evenements/flux.ics?region=corse&gratuit=oui" in text
    csrf = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', text
    )
    token = csrf.group(1) or csrf.group(2)
    client.post(
        "/alertes/", data={"csrf_token": token, "recherche": "region=corse&gratuit=oui", "email": "a@b.fr"}
    )
    assert _alert(db, "a@b.fr").query == "region=corse&gratuit=oui"


def test_a_search_too_long_for_an_alert_is_refused_in_french(client, db, ed):
    from urllib.parse import urlencode

    from app.events import options

    allowed = options.allowed_values()
    query = urlencode(
        {
            "q": "é" * 200,
            "region": sorted(allowed["regions"]),
            "theme": sorted(allowed["themes"]),
            "departement": sorted(allowed["departements"])[:20],
        },
        doseq=True,
    )
    response = _subscribe(client, recherche=query)
    assert response.status_code == 422
    assert "Cette recherche est trop longue pour une alerte : retirez quelques filtres." in body(response)
    assert db.session.scalar(select(func.count(SearchAlert.id))) == 0 and outbox() == []


def test_subscription_is_rate_limited(fresh_database_url, tmp_path):
    from app import create_app
    from app.extensions import db as _db
    from tests.helpers import csrf_token

    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=fresh_database_url,
        RATELIMIT_ENABLED=True,
        RATELIMIT_ALERTS="3 per minute",
        MAIL_OUTBOX_DIR=str(tmp_path / "o"),
    )
    client = app.test_client()
    with app.app_context():
        f.edition(2026)
        _db.session.commit()
        token = csrf_token(client, "/alertes/?region=bretagne")
        data = {"csrf_token": token, "recherche": "region=bretagne"}
        codes = [
            client.post("/alertes/", data={**data, "email": f"p{i}@exemple.fr"}).status_code for i in range(5)
        ]
        assert codes[:3] == [200, 200, 200] and codes[3] == 429
        assert _db.session.scalar(select(func.count(SearchAlert.id))) == 3
        _db.session.remove()
        _db.engine.dispose()


def test_command_refuses_a_malformed_instant_in_french(app, db, ed):
    result = app.test_cli_runner().invoke(args=["alerts-send", "--now", "demain"])
    assert result.exit_code != 0
    assert "« --now » attend un instant AAAA-MM-JJTHH:MM (reçu : demain)." in result.output
    assert db.session.scalar(select(func.count(AlertDigest.id))) == 0
