"""Past editions stay browsable (/evenements/?edition=2025), and the public pages show the
previous edition, labelled, while a new edition has no published event yet."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from app.common.time import utcnow
from tests import factories as f


def _ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/evenements/(\d+)-', html)]


@pytest.fixture()
def editions(db):
    current, old = f.edition(2026), f.edition(2025)
    now = [f.event(current, "Forum de l'emploi solidaire", starts=datetime(2026, 11, 5, 9))]
    past = [
        f.event(
            old,
            f"Marché d'autrefois {n}",
            starts=datetime(2025, 11, 3 + n, 9),
            theme_slug="consommer-acheter-manger",
        )
        for n in range(5)
    ]
    db.session.commit()
    return now, past


def test_past_edition_is_browsable_with_a_banner_and_a_way_back(client, editions):
    now, past = editions
    html = client.get("/evenements/?edition=2025").get_data(as_text=True)
    assert sorted(_ids(html)) == sorted(e.id for e in past)
    assert "Édition 2025 — archives" in html
    assert """href="/evenements/?edition=2026">Voir l'édition en cours (2026)</a>""" in html
    assert "Les événements du Mois de l'ESS 2025" in html
    current = client.get("/evenements/").get_data(as_text=True)
    assert _ids(current) == [now[0].id] and "archives" not in current


def test_edition_survives_in_form_pagination_chips_and_fragments(app, client, editions):
    app.config["SEARCH_PAGE_SIZE"] = 2
    html = client.get("/evenements/?edition=2025&theme=consommer-acheter-manger").get_data(as_text=True)
    assert '<input type="hidden" name="edition" value="2025">' in html
    assert re.search(r'href="/evenements/\?theme=consommer-acheter-manger&amp;edition=2025&amp;page=2"', html)
    assert 'href="/evenements/?edition=2025">' in html  # the chip removing the theme keeps the edition
    fragment = client.get(
        "/evenements/?edition=2025&page=3", headers={"HX-Request": "true", "HX-Target": "search-results"}
    ).get_data(as_text=True)
    assert "<html" not in fragment
    assert "edition=2025&amp;page=2" in fragment
    assert len(_ids(fragment)) == 1  # 5 events, pages of 2: the last page


@pytest.mark.parametrize("value", ["1850", "abc", "20255", "<script>"])
def test_unknown_edition_gives_a_french_notice_and_the_current_edition(client, editions, value):
    now, _past = editions
    response = client.get("/evenements/", query_string={"edition": value})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "n&#39;existe pas : les événements de l&#39;édition en cours sont affichés." in html
    assert _ids(html) == [now[0].id]
    assert "<script>" not in html.split("<main", 1)[1].split("</main>")[0].replace("<script nonce", "")


def _open_next_edition(db):
    """A 2027 edition whose campaign started yesterday: the current one, with no event yet."""
    nxt = f.edition(2027)
    nxt.candidacy_open = utcnow() - timedelta(days=1)
    nxt.candidacy_close = utcnow() + timedelta(days=30)
    f.event(nxt, "Brouillon 2027", status="brouillon", starts=datetime(2027, 11, 4, 9))
    db.session.commit()
    return nxt


def test_home_shows_the_previous_edition_figures_when_a_new_edition_opens(client, db):
    old = f.edition(2026)
    for n in range(3):
        f.event(
            old, f"Atelier {n}", starts=datetime(2026, 11, 3 + n, 9), theme_slug="consommer-acheter-manger"
        )
    _open_next_edition(db)
    html = client.get("/").get_data(as_text=True)
    assert "Le Mois de l'Économie Sociale et Solidaire 2027" in html  # the new edition leads
    assert "L'édition précédente (2026) en chiffres" in html
    assert re.search(
        r'key-figure__value">3</span> <span class="key-figure__label">événements au programme', html
    )
    assert "Les événements de l'édition 2027 ne sont pas encore publiés" in html
    assert 'href="/evenements/?edition=2026"' in html
    assert "3 événements</p>" in html  # the theme's card counts 2026's events


def test_theme_pages_show_the_previous_edition_when_a_new_edition_opens(client, db):
    old = f.edition(2026)
    event = f.event(
        old,
        "Atelier cuisine solidaire",
        starts=datetime(2026, 11, 3, 9),
        theme_slug="consommer-acheter-manger",
    )
    _open_next_edition(db)
    index = client.get("/thematiques/").get_data(as_text=True)
    assert "les nombres sont ceux de l'édition 2026" in index
    show = client.get("/thematiques/consommer-acheter-manger").get_data(as_text=True)
    assert "voici ceux de l'édition 2026" in show
    assert "Dans cette thématique : 1 événement au programme." in show
    assert f'href="/evenements/{event.id}-' in show
    assert 'href="/evenements/?theme=consommer-acheter-manger&amp;edition=2026"' in show
    search = client.get("/evenements/").get_data(as_text=True)
    assert _ids(search) == [event.id]
    assert "Édition 2026 — archives" in search
    assert "Les événements de l'édition 2027 ne sont pas encore publiés." in search


def test_home_shows_the_current_edition_once_it_has_events(client, db):
    old = f.edition(2026)
    f.event(old, "Atelier", starts=datetime(2026, 11, 3, 9))
    nxt = _open_next_edition(db)
    f.event(nxt, "Premier événement 2027", starts=datetime(2027, 11, 4, 9))
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "L'édition 2027 en chiffres" in html and "édition précédente" not in html
