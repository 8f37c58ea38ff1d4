"""What the vote's pages and exports may show before and after the close: nobody sees which
nominee a vote went to, nor counts per nominee, until the vote has closed; the follow-up
shows the stuffing indicators instead (app/prizes/vote/services.py `tally_visible`,
app/prizes/vote/monitor.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.common.time import utcnow
from app.models import Vote
from app.prizes.vote import monitor, services
from app.web.filters import datetime_fr
from tests import factories as f
from tests.helpers import body, csrf_token, link_in, outbox
from tests.prizes.vote.helpers import open_vote, vote

NAMES = ("Initiative 1", "Initiative 2", "Initiative 3")
SLUGS = ("initiative-1", "initiative-2", "initiative-3")


def _add_vote(db, edition, nominee, domain: str, ip: str, at, n: int) -> None:
    """A vote requested and confirmed at `at` (journal lines written by the service)."""
    services.audit(edition, "demande", "en attente de confirmation", nominee=nominee, ip=ip, domain=domain)
    services.audit(edition, "confirmation", "vote compté", nominee=nominee, ip=ip, domain=domain)
    db.session.add(
        Vote(
            edition_id=edition.id,
            nominee_id=nominee.id,
            voter_hash=f"h{domain}{n}",
            email_domain=domain,
            ip_hash=services.ip_hash(ip),
            confirmed_at=at,
            void_reason="",
        )
    )


@pytest.fixture()
def stuffed(client, db):
    """An open vote: 2 votes through the site (one IP), 1 pending request, 2 refusals, then
    a burst of 12 votes from rafale.fr / one IP in one hour, 6 gmail.com and 5 single votes
    spread over other hours; one burst vote is voided by the administrator."""
    edition, nominees = open_vote(open_delta=timedelta(days=-10), close_delta=timedelta(days=5))
    for email, slug in (("a@exemple.fr", "initiative-1"), ("b@autre.fr", "initiative-2")):
        vote(client, email, slug)
        client.get(link_in(outbox(email)[0], "/prix/vote/confirmer/"))
    vote(client, "c@exemple.fr", "initiative-2")  # never confirmed
    vote(client, "robot@yopmail.com", "initiative-3")  # disposable address
    vote(client, "d@exemple.fr", "initiative-3", website="http://spam")  # honeypot
    burst = (utcnow() - timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    for n in range(12):
        _add_vote(db, edition, nominees[2], "rafale.fr", "10.9.9.9", burst + timedelta(minutes=n), n)
    for n in range(6):
        _add_vote(db, edition, nominees[0], "gmail.com", f"10.1.0.{n}", burst - timedelta(hours=3 + n), n)
    for n in range(5):
        _add_vote(db, edition, nominees[1], f"asso{n}.fr", f"10.2.0.{n}", burst - timedelta(hours=20 + n), n)
    admin = f.user(admin=True)
    db.session.commit()
    f.login(client, admin)
    voided = db.session.scalar(select(Vote).where(Vote.email_domain == "rafale.fr").order_by(Vote.id))
    token = csrf_token(client, "/prix/vote/admin")
    assert (
        client.post(
            f"/prix/vote/admin/{voided.id}/annuler", data={"csrf_token": token, "reason": "Rafale"}
        ).status_code
        == 302
    )
    return edition, burst


def _close(db, edition) -> None:
    edition.vote_close = utcnow() - timedelta(seconds=1)
    db.session.commit()


def _total(page: str, label: str) -> str:
    match = re.search(rf"<th scope=\"row\">{re.escape(label)}</th><td>([^<]*)</td>", page)
    assert match, label
    return match.group(1)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))


def _no_nominee(text: str) -> None:
    for name in (*NAMES, *SLUGS):
        assert name not in text


# --- the rule ----------------------------------------------------------------------------


def test_tally_visible_only_once_closed(db):
    edition = f.edition()
    now = utcnow()
    edition.vote_open, edition.vote_close = now + timedelta(hours=1), now + timedelta(hours=2)
    assert not services.tally_visible(edition)  # before
    edition.vote_open = now - timedelta(hours=1)
    assert not services.tally_visible(edition)  # open
    edition.vote_close = now
    assert services.tally_visible(edition)  # closed (close excluded from the window)


# --- admin page ------------------------------------------------------------------------


def test_admin_page_before_the_close_shows_stuffing_figures_without_nominees(client, db, stuffed):
    _edition, burst = stuffed
    page = body(client.get("/prix/vote/admin"))
    _no_nominee(page)
    assert ">Nommé<" not in page and "résultats (CSV)" not in page
    assert _total(page, "Demandes de vote") == "28"  # 5 through the site + 23
    assert _total(page, "Liens de confirmation envoyés") == "26"
    assert _total(page, "Votes confirmés") == "25"
    assert _total(page, "Taux de confirmation") == "96,2\u00a0%"  # no-break space before %, as in the bilan
    assert _total(page, "Demandes en attente de confirmation") == "1"
    assert _total(page, "Votes annulés") == "1"
    assert _total(page, "Votes comptés") == "24"
    assert _total(page, "Demandes refusées") == "2"
    assert "refusé : champ piège rempli</th><td>1<" in page
    assert "refusé : Les adresses e-mail jetables ne sont pas acceptées" in page
    # Anomalies: the burst's domain, IP hash and hour; not gmail.com (a webmail), nor the
    # site's own IP (2 votes).
    assert "Domaine « rafale.fr » : 11 votes comptés (médiane des domaines : 1)" in page
    assert "Domaine « gmail.com »" not in page
    burst_ip = services.ip_hash("10.9.9.9")[:12]
    assert f"Empreinte IP {burst_ip} : 11 votes comptés (médiane des empreintes : 1)" in page
    assert f"Empreinte IP {services.ip_hash('127.0.0.1')[:12]} :" not in page
    assert (
        f"Rafale le {datetime_fr(burst)} : 11 votes comptés en une heure (médiane des heures : 1)"
    ) in page
    assert page.count("<li>Rafale le ") == 1
    assert "Votes par domaine e-mail — 9 au total, médiane : 1 vote</caption>" in page
    assert "Votes par empreinte d'adresse IP — 13 au total, médiane : 1 vote</caption>" in page
    assert (
        '<th scope="row"><a href="/prix/vote/admin?domaine=rafale.fr">rafale.fr</a></th>'
        "\n    <td>11</td><td>45,8\u00a0%</td><td><strong>à vérifier</strong></td>" in page
    )
    # The administrator can still void every counted vote without seeing its nominee.
    counted = db.session.scalars(select(Vote.id).where(Vote.voided_at.is_(None))).all()
    for vote_id in counted:
        assert f'action="/prix/vote/admin/{vote_id}/annuler"' in page
    assert "Annulé : Rafale" in page


def test_admin_page_lists_the_votes_of_one_ip_hash(client, db, stuffed):
    page = body(client.get(f"/prix/vote/admin?ip={services.ip_hash('10.9.9.9')}"))
    assert page.count('/annuler"') == 11 and "gmail.com</td>" not in page
    _no_nominee(page)
    assert client.get("/prix/vote/admin?ip=" + "x" * 5000).status_code == 200


def test_indicators_service_figures(db, stuffed):
    edition, burst = stuffed
    figures = monitor.indicators(edition)
    assert (
        figures.requests,
        figures.links_sent,
        figures.confirmed,
        figures.voided,
        figures.counted,
        figures.pending,
        figures.refused,
    ) == (28, 26, 25, 1, 24, 1, 2)
    assert figures.confirmation_percent == 96.2
    assert [(c.key, c.votes) for c in figures.domains.anomalies] == [("rafale.fr", 11)]
    assert figures.domains.top[0].percent == round(100 * 11 / 24, 1)
    assert [c.key for c in figures.ips.anomalies] == [services.ip_hash("10.9.9.9")]
    assert [(c.key, c.votes) for c in figures.hours.anomalies] == [(burst, 11)]
    assert figures.domains.median == figures.ips.median == figures.hours.median == 1
    assert all(row.nominee is None for row in monitor.vote_rows(edition))


def test_admin_page_after_the_close_shows_the_nominees(client, db, stuffed):
    edition, _ = stuffed
    _close(db, edition)
    page = body(client.get("/prix/vote/admin"))
    assert ">Nommé<" in page and "résultats (CSV)" in page
    for name in NAMES:
        assert re.search(rf"<td( data-label=\"Nommé\")?>{re.escape(name)}</td>", page), name
    assert _total(page, "Votes comptés") == "24"


def test_void_form_error_before_the_close_shows_no_nominee(client, db, stuffed):
    vote_id = db.session.scalar(select(Vote.id).where(Vote.voided_at.is_(None)))
    token = csrf_token(client, "/prix/vote/admin")
    failed = client.post(f"/prix/vote/admin/{vote_id}/annuler", data={"csrf_token": token, "reason": ""})
    assert failed.status_code == 422 and "Ce champ est obligatoire." in body(failed)
    _no_nominee(body(failed))
    assert db.session.get(Vote, vote_id).voided_at is None


# --- exports ---------------------------------------------------------------------------


def test_journal_before_the_close_has_no_nominee_column(client, db, stuffed):
    response = client.get("/prix/vote/journal.csv")
    assert response.status_code == 200
    rows = _csv(response)
    assert rows[0] == ["Date (heure de Paris)", "Action", "Empreinte IP", "Domaine e-mail", "Résultat"]
    assert all(len(row) == 5 for row in rows)
    assert len(rows) == 1 + 5 + 2 + 46 + 1  # requests, confirmations, added votes, void
    _no_nominee(response.get_data(as_text=True))


def test_journal_after_the_close_names_the_nominees(client, db, stuffed):
    edition, _ = stuffed
    _close(db, edition)
    rows = _csv(client.get("/prix/vote/journal.csv"))
    assert rows[0][2] == "Nommé"
    assert sum(1 for row in rows if row[2] == "Initiative 3" and row[5] == "vote compté") == 12
    assert {row[2] for row in rows[1:]} == set(NAMES)


def test_results_export_refused_before_and_given_after_the_close(client, db, stuffed):
    edition, _ = stuffed
    refused = client.get("/prix/vote/resultats.csv")
    assert refused.status_code == 403
    _no_nominee(body(refused))
    _close(db, edition)
    rows = _csv(client.get("/prix/vote/resultats.csv"))
    assert [(r[1], r[4]) for r in rows[1:]] == [
        ("Initiative 3", "11"),
        ("Initiative 1", "7"),
        ("Initiative 2", "6"),
    ]


def test_results_service_empty_before_the_close(db, stuffed):
    edition, _ = stuffed
    assert services.results(edition) == [] and list(services.result_rows(edition)) == []


# --- public pages ------------------------------------------------------------------------


def test_public_vote_page_shows_counts_only_after_the_close(client, db, stuffed):
    edition, _ = stuffed
    page = body(client.get("/prix/vote/"))
    assert "Résultats du vote du public" not in page and "Votes comptés" not in page
    assert not re.search(r"<td>\s*(11|7|6)\s*</td>", page)
    _close(db, edition)
    page = body(client.get("/prix/vote/"))
    assert "Résultats du vote du public" in page
    assert re.search(r"<th scope=\"row\">Initiative 3</th><td>[^<]*</td><td>11</td>", page)


def test_bilan_vote_figure_only_after_the_close(client, db, stuffed):
    edition, _ = stuffed

    def vote_figure():
        page = client.get(f"/bilan/{edition.year}/")
        assert page.status_code == 200
        _no_nominee(body(page))
        response = client.get(f"/bilan/{edition.year}/donnees/chiffres-cles.json")
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        _no_nominee(text)
        [row] = [x for x in json.loads(text)["lignes"] if x["code"] == "votes-impact-local"]
        return row["valeur"]

    assert vote_figure() is None
    _close(db, edition)
    assert vote_figure() == 24


def test_export_rows_outlive_the_session_that_loaded_the_edition(db, stuffed):
    """Exports stream after their request's commit, when the edition loaded by the view is
    expired or detached: their rows must not read it lazily (a 500 on a real server)."""
    from app.prizes.vote import monitor

    edition, _ = stuffed
    _close(db, edition)
    results = services.result_rows(edition)
    _header, journal = monitor.journal(edition)
    db.session.commit()
    db.session.close()  # the edition is detached from here on
    assert [(row[1], row[4]) for row in results][:1] == [("Initiative 3", 11)]
    assert sum(1 for row in journal if row[2] == "Initiative 3" and row[5] == "vote compté") == 12
