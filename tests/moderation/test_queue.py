"""The queue: scope by region, filters, sorts, contacts at first glance, htmx fragments."""

from __future__ import annotations

import re
from datetime import datetime

from tests import factories as f
from tests.helpers import body


def titles(response) -> list[str]:
    """Event titles of the queue, in order."""
    return re.findall(r'<th scope="row" class="queue-event">\s*<a [^>]*>([^<]+)</a>', body(response))


def test_moderator_sees_only_submitted_events_of_their_region_first(client, world):
    f.login(client, world.moderator)
    response = client.get("/cress/")
    assert response.status_code == 200
    page = body(response)
    assert "Espace CRESS – Bretagne" in page
    assert titles(response) == ["Atelier réparation de vélos", "Forum de l'emploi solidaire"]
    assert "Café coopératif normand" not in page
    # contacts of the event and of the organisation at first glance
    for text in (
        "Recyclerie du Blosne",
        "Léa Morvan",
        "lea@recyclerie.fr",
        "06 12 34 56 78",
        "structure@recyclerie.fr",
        "02 99 11 22 33",
    ):
        assert text in page


def test_all_statuses_put_submitted_first(client, world):
    f.login(client, world.moderator)
    response = client.get("/cress/?statut=tous")
    assert titles(response) == [
        "Atelier réparation de vélos",
        "Forum de l'emploi solidaire",
        "Marché des producteurs",
    ]


def test_filters_by_theme_departement_and_organiser(client, world):
    f.login(client, world.moderator)
    assert titles(client.get("/cress/?statut=tous&theme=preserver")) == ["Forum de l'emploi solidaire"]
    assert titles(client.get("/cress/?statut=tous&departement=56")) == ["Marché des producteurs"]
    assert titles(client.get("/cress/?statut=tous&q=blosne")) == ["Atelier réparation de vélos"]
    assert titles(client.get("/cress/?statut=publie")) == ["Marché des producteurs"]


def test_sorts(client, world):
    f.login(client, world.moderator)
    assert titles(client.get("/cress/?tri=date")) == [
        "Forum de l'emploi solidaire",
        "Atelier réparation de vélos",
    ]
    assert titles(client.get("/cress/?tri=date&sens=desc")) == [
        "Atelier réparation de vélos",
        "Forum de l'emploi solidaire",
    ]
    assert titles(client.get("/cress/?tri=commune")) == [
        "Forum de l'emploi solidaire",
        "Atelier réparation de vélos",
    ]
    assert titles(client.get("/cress/?tri=thematique")) == [
        "Atelier réparation de vélos",
        "Forum de l'emploi solidaire",
    ]
    # "Association n°…" before "Recyclerie du Blosne"
    assert titles(client.get("/cress/?tri=organisateur&statut=tous"))[-1] == "Atelier réparation de vélos"
    assert titles(client.get("/cress/?tri=organisateur&sens=desc"))[0] == "Atelier réparation de vélos"


def test_bad_parameters_fall_back_to_defaults(client, world):
    f.login(client, world.moderator)
    response = client.get(
        "/cress/?statut=zzz&theme=<script>&tri=%00&page=-3&departement=75&edition=abcd&q=" + "x" * 5000
    )
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


def test_queue_is_paginated(client, world, app):
    app.config["MODERATION_PAGE_SIZE"] = 1
    f.login(client, world.moderator)
    first = client.get("/cress/?tri=date")
    assert titles(first) == ["Forum de l'emploi solidaire"]
    assert "Page 1 sur 2" in body(first)
    assert titles(client.get("/cress/?tri=date&page=2")) == ["Atelier réparation de vélos"]
    assert titles(client.get("/cress/?tri=date&page=99")) == ["Atelier réparation de vélos"]


def test_htmx_filter_returns_the_table_fragment(client, world):
    f.login(client, world.moderator)
    fragment = client.get("/cress/?departement=29", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert titles(fragment) == ["Forum de l'emploi solidaire"]
    assert "HX-Request" in fragment.headers["Vary"]
    full = client.get("/cress/?departement=29")
    assert "<html" in full.get_data(as_text=True)
    assert "HX-Request" in full.headers["Vary"]


def test_moderator_cannot_open_another_regions_queue(client, world):
    f.login(client, world.moderator)
    assert client.get("/cress/?region=normandie").status_code == 403


def test_admin_chooses_the_region(client, world):
    f.login(client, world.admin)
    assert titles(client.get("/cress/?region=normandie")) == ["Café coopératif normand"]
    every = titles(client.get("/cress/?region=toutes"))
    assert "Café coopératif normand" in every and "Atelier réparation de vélos" in every
    assert client.get("/cress/?region=atlantide").status_code == 403


def test_drafts_and_other_editions_are_not_listed(client, world, db):
    f.event(world.edition, "Brouillon secret", status="brouillon")
    old = f.edition(2025)
    f.event(old, "Événement de 2025", status="soumis", starts=datetime(2025, 11, 10, 9))
    db.session.commit()
    f.login(client, world.moderator)
    assert "Brouillon secret" not in body(client.get("/cress/?statut=tous"))
    assert titles(client.get("/cress/?edition=2025")) == ["Événement de 2025"]
