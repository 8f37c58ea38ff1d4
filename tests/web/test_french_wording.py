"""French that reads well: deadlines, numbers, plurals, redirect bodies, CSV headers, the
event form when registration is closed, the second theme left empty (issue 12)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import render_template_string

from app.common.numbers import number_fr, percent_fr
from app.common.time import utcnow
from app.web.filters import deadline_fr, opening_fr
from tests import factories as f
from tests.helpers import body
from tests.organisers.helpers import event_data, only_event, space

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def test_deadline_at_paris_midnight_is_shown_as_the_day_before_at_23_59():
    # 20 December 2026, 0 h in Paris (winter, UTC+1) = 19 December 23:00 UTC.
    assert deadline_fr(datetime(2026, 12, 19, 23, 0)) == "samedi 19 décembre 2026 à 23 h 59"
    # Summer time (UTC+2): 1 November 2026 was already winter; 21 June 0 h = 20 June 22:00 UTC.
    assert deadline_fr(datetime(2026, 6, 20, 22, 0)) == "samedi 20 juin 2026 à 23 h 59"
    # The 1st of a month after the shift: "1er".
    assert deadline_fr(datetime(2026, 11, 1, 23, 0)) == "dimanche 1er novembre 2026 à 23 h 59"
    # An end that is not at midnight stays as it is.
    assert deadline_fr(datetime(2026, 10, 15, 16, 0)) == "jeudi 15 octobre 2026 à 18 h"
    assert deadline_fr(datetime(2026, 10, 15, 16, 30)) == "jeudi 15 octobre 2026 à 18 h 30"


def test_opening_at_paris_midnight_is_shown_as_the_day_alone():
    # 15 April 2026, 0 h in Paris (summer, UTC+2) = 14 April 22:00 UTC.
    assert opening_fr(datetime(2026, 4, 14, 22, 0)) == "mercredi 15 avril 2026"
    assert opening_fr(datetime(2026, 4, 15, 7, 0)) == "mercredi 15 avril 2026 à 9 h"
    assert opening_fr(None) == ""


def test_vote_page_says_an_opening_without_0_h(client, db):
    ed = f.edition()
    ed.vote_open = datetime(2099, 11, 30, 23, 0)  # 1 December 2099, 0 h in Paris
    ed.vote_close = datetime(2099, 12, 9, 23, 0)
    db.session.commit()
    page = body(client.get("/prix/vote/"))
    said = "Le vote ouvrira le mardi 1er décembre 2099 et fermera le mercredi 9 décembre 2099 à 23 h 59"
    assert said in page
    assert ", 0 h" not in page


def test_numbers_the_french_way():
    assert number_fr(1618) == f"1{NARROW_NBSP}618"
    assert number_fr(18.75) == "18,75"
    assert number_fr(1234.5, 2) == f"1{NARROW_NBSP}234,50"
    assert number_fr(14, 1) == "14,0"
    assert number_fr(None) == "0"
    assert percent_fr(96.15) == f"96,2{NBSP}%"
    assert percent_fr(-3, signed=True) == f"-3,0{NBSP}%"
    assert percent_fr(None) == "—"


def test_whole_numbers_fast_path_writes_what_babel_writes():
    from babel.numbers import format_decimal

    for value in (0, 1, 999, 1000, 20_000, 1_234_567, 10**12, -1, -20_000):
        assert number_fr(value) == format_decimal(value, locale="fr"), value


def test_plural_of_a_message_missing_from_the_catalogue_follows_the_french_rule(app):
    """gettext's own fallback is English ("0 événements"); French says "0 événement"."""
    template = '{{ ngettext("%(num)s atelier inédit", "%(num)s ateliers inédits", n, num=n|number_fr) }}'
    with app.test_request_context():
        assert render_template_string(template, n=0) == "0 atelier inédit"
        assert render_template_string(template, n=1) == "1 atelier inédit"
        assert render_template_string(template, n=1618) == f"1{NARROW_NBSP}618 ateliers inédits"


def test_template_gettext_escapes_and_formats_like_jinjas_newstyle_gettext(app):
    """The templates' _() / ngettext (app.extensions.install_template_gettext): what Jinja's
    newstyle callables do, in blocks and macros too, escaped in HTML and not in plain text."""
    env = app.jinja_env
    message = "_('%(a)s & %(b)s à 100 %%', a=x, b='<i>')"
    plain = env.from_string("{% autoescape false %}{{ " + message + " }}{% endautoescape %}")
    escaped = env.from_string("{% autoescape true %}{{ " + message + " }}{% endautoescape %}")
    in_blocks = env.from_string(
        "{% macro m(x) %}{{ _('Bonjour %(name)s', name=x) }}{% endmacro %}"
        "{% block b %}{% set y = '<b>' %}{{ m(y) }} {{ _('%(n)s lieu', n=3) }} "
        "{{ ngettext('%(num)s lieu', '%(num)s lieux', 2) }} {{ pgettext('carte', 'Lieu') }} "
        "{% trans n=y %}{{ n }} & co{% endtrans %}{% endblock %}"
    )
    with app.test_request_context():
        assert plain.render(x="<script>") == "<script> & <i> à 100 %"
        assert escaped.render(x="<script>") == "&lt;script&gt; & &lt;i&gt; à 100 %"
        assert in_blocks.render() == "Bonjour &lt;b&gt; 3 lieu 2 lieux Lieu &lt;b&gt; & co"


def test_home_shows_the_candidacy_deadline_as_the_last_minute(client, db):
    ed = f.edition(2099)
    ed.candidacy_open = utcnow() - timedelta(days=1)
    ed.candidacy_close = datetime(2099, 12, 19, 23, 0)  # 20 December 2099, 0 h in Paris
    ed.vote_open, ed.vote_close = datetime(2100, 1, 1), datetime(2100, 1, 2)
    db.session.commit()
    page = body(client.get("/"))
    assert "Candidatures ouvertes jusqu'au samedi 19 décembre 2099 à 23 h 59." in page
    assert "dimanche 20 décembre" not in page


def test_redirects_have_a_french_body(client, db):
    login = client.get("/espace/")
    assert login.status_code == 302
    text = login.get_data(as_text=True)
    assert "Redirecting" not in text and "You should be redirected" not in text
    assert (
        "Cette page se trouve à une autre adresse : "
        '<a href="/compte/connexion?next=%2Fespace%2F">/compte/connexion?next=%2Fespace%2F</a>'
    ) in text
    assert '<html lang="fr">' in text and login.headers["Content-Type"] == "text/html; charset=utf-8"
    # Werkzeug's own routing redirect (missing trailing slash) too.
    slash = client.get("/bilan")
    assert slash.status_code == 308 and "Redirecting" not in slash.get_data(as_text=True)
    assert "Cette page se trouve à une autre adresse" in slash.get_data(as_text=True)


def test_csv_downloads_say_their_charset_once(client, db):
    ed = f.edition(2026)
    f.event(ed, "Débat sur l'emploi")
    admin = f.user("admin@exemple.fr", admin=True)
    db.session.commit()
    f.login(client, admin)
    for url in (
        "/cress/export.csv?statut=tous",
        "/cress/import/modele.csv",
        "/bilan/2026/donnees/regions.csv",
        "/admin/exports/evenements.csv",
        "/newsletter/abonnes.csv",
    ):
        response = client.get(url)
        response.get_data()  # a streamed download: read it before the next request
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8", url


def test_departement_option_says_its_count_in_words(client, db):
    ed = f.edition(2026)
    f.event(ed, "Débat sur l'emploi", region_slug="auvergne-rhone-alpes", departement="01", commune="Bourg")
    db.session.commit()
    page = body(client.get("/evenements/"))
    assert re.search(r'<option value="01"[^>]*>Ain \(01\) – 1 événement</option>', page)
    assert "Ain (01) (1)" not in page


def test_event_form_says_registration_is_closed_and_offers_the_draft_only(client, db):
    s = space(client)
    s.edition.registration_close = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = body(client.get("/espace/evenements/nouveau"))
    assert "Les inscriptions au Mois de l'ESS 2026 sont closes : elles étaient ouvertes du" in page
    assert "Enregistrer et soumettre" not in page
    assert (
        'value="draft" aria-describedby="inscriptions-closes">Enregistrer le brouillon (sans le soumettre)'
        in page
    )


def test_second_theme_left_empty_has_an_empty_value_and_is_saved_as_none(client, db):
    space(client)
    page = body(client.get("/espace/evenements/nouveau"))
    select = re.search(r'<select[^>]*name="second_theme_id".*?</select>', page, re.S).group(0)
    assert (
        '<option selected value="">Aucune</option>' in select or '<option value="" selected>Aucune' in select
    )
    assert 'value="None"' not in page
    response = client.post("/espace/evenements/nouveau", data=event_data(client, second_theme_id=""))
    assert response.status_code == 302
    assert only_event().second_theme_id is None


def test_vote_privacy_page_says_one_hour_in_the_singular(app, client):
    app.config["VOTE_CONFIRM_MAX_AGE"] = 3600
    assert "confirmation, au plus 1 heure. Les demandes" in body(client.get("/prix/vote/confidentialite"))
    app.config["VOTE_CONFIRM_MAX_AGE"] = 48 * 3600
    assert "confirmation, au plus 48 heures. Les demandes" in body(client.get("/prix/vote/confidentialite"))
