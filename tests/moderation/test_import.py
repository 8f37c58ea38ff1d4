"""Bulk import: templates, reading by content, line-by-line errors, all or nothing,
no duplicates on re-import."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from app.models import Event, EventDecision, Organisation
from app.moderation import importer
from tests import factories as f
from tests.helpers import body, csrf_token

HEADERS = [
    "Titre",
    "Résumé",
    "Description",
    "Thématique",
    "Type",
    "Publics",
    "Début",
    "Fin",
    "Lieu",
    "Adresse",
    "Code postal",
    "Commune",
    "Gratuit",
    "Organisateur",
    "Contact",
    "E-mail du contact",
    "Téléphone du contact",
    "Lien d'inscription",
]


def line(**changes) -> dict:
    values = dict(
        zip(
            HEADERS,
            [
                "Portes ouvertes de la recyclerie",
                "Visite des ateliers",
                "Une description.",
                "Préserver",
                "Portes ouvertes / visite d'entreprise",
                "Grand public, Jeunes",
                "14/11/2026 10:00",
                "14/11/2026 17:00",
                "La Recyclerie",
                "12 rue des Ateliers",
                "35000",
                "Rennes",
                "oui",
                "Recyclerie du Blosne",
                "Camille Martin",
                "contact@exemple.fr",
                "02 99 00 00 00",
                "",
            ],
            strict=True,
        )
    )
    values.update(changes)
    return values


def csv_file(lines: list[dict], encoding="utf-8-sig", sep=";") -> bytes:
    rows = [sep.join(HEADERS)] + [sep.join(v[h] for h in HEADERS) for v in lines]
    return ("\r\n".join(rows) + "\r\n").encode(encoding)


def xlsx_file(lines: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for v in lines:
        ws.append([v[h] for h in HEADERS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, data: bytes, name="evenements.csv", region=None):
    form = {"csrf_token": csrf_token(client, "/cress/import"), "file": (io.BytesIO(data), name)}
    if region:
        form["region"] = region
    return client.post("/cress/import", data=form, content_type="multipart/form-data")


def confirm(client, preview_url):
    return client.post(preview_url + "/confirmer", data={"csrf_token": csrf_token(client, "/cress/import")})


def imported(db) -> list[Event]:
    db.session.expire_all()
    return list(db.session.scalars(select(Event).where(Event.import_key.is_not(None)).order_by(Event.id)))


@pytest.fixture()
def moderator_client(client, world):
    f.login(client, world.moderator)
    return client


def test_templates_have_french_headers_and_an_example(moderator_client):
    response = moderator_client.get("/cress/import/modele.csv")
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffTitre;Résumé;Description;Thématique")
    assert "Portes ouvertes de la recyclerie" in text
    assert 'filename="modele-import-evenements.csv"' in response.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(moderator_client.get("/cress/import/modele.xlsx").data))
    rows = list(wb.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and rows[1][0] == "Portes ouvertes de la recyclerie"


def test_the_template_itself_imports_cleanly(app, world):
    rows = importer.read_table(importer.template_csv())
    preview = importer.check(rows, world.moderator.moderated_region, world.edition, "modele.csv")
    assert preview.errors == [] and len(preview.rows) == 1


def test_valid_csv_is_previewed_then_imported_published(moderator_client, world, db):
    lines = [
        line(),
        line(
            **{
                "Titre": "Atelier compost",
                "Organisateur": "Nouvelle asso",
                "Code postal": "29200",
                "Commune": "Brest",
                "Publics": "",
            }
        ),
    ]
    response = upload(moderator_client, csv_file(lines))
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    preview = body(moderator_client.get(preview_url))
    assert "2 lignes valides" in preview and "Importer les 2 lignes valides" in preview
    assert imported(db) == []  # nothing written before the confirmation
    response = confirm(moderator_client, preview_url)
    assert response.status_code == 302
    assert "2 événements importés et publiés." in body(moderator_client.get(response.headers["Location"]))
    events = imported(db)
    assert [(e.title, e.status, e.departement_code, e.commune) for e in events] == [
        ("Portes ouvertes de la recyclerie", "publie", "35", "Rennes"),
        ("Atelier compost", "publie", "29", "Brest"),
    ]
    first = events[0]
    assert first.organiser_id == world.org.id  # matched by name in the region
    assert first.theme.slug == "preserver" and first.kind == "portes-ouvertes"
    assert first.audiences == ["grand-public", "jeunes"] and events[1].audiences == ["grand-public"]
    assert first.starts_at.hour == 9  # 10:00 in Paris is 9:00 UTC in November
    new_org = db.session.get(Organisation, events[1].organiser_id)
    assert new_org.name == "Nouvelle asso" and new_org.region_id == world.org.region_id
    history = db.session.scalars(select(EventDecision).where(EventDecision.event_id == first.id)).all()
    assert [(h.action, h.to_status, h.user_id) for h in history] == [("import", "publie", world.moderator.id)]


def test_reimporting_the_same_file_creates_no_duplicate(moderator_client, world, db):
    data = csv_file([line()])
    confirm(moderator_client, upload(moderator_client, data).headers["Location"])
    assert len(imported(db)) == 1
    preview_url = upload(moderator_client, data).headers["Location"]
    page = body(moderator_client.get(preview_url))
    assert "1 ligne déjà importée (ignorée)" in page and "Aucune nouvelle ligne à importer." in page
    confirm(moderator_client, preview_url)
    assert len(imported(db)) == 1


def test_confirming_twice_imports_once(moderator_client, world, db):
    preview_url = upload(moderator_client, csv_file([line()])).headers["Location"]
    confirm(moderator_client, preview_url)
    response = confirm(moderator_client, preview_url)
    assert response.status_code == 302
    assert "a expiré ou a déjà été importé" in body(moderator_client.get(response.headers["Location"]))
    assert len(imported(db)) == 1


def test_xlsx_with_real_dates_is_imported(moderator_client, world, db):
    from datetime import datetime

    data = xlsx_file([line(**{"Début": datetime(2026, 11, 14, 10), "Fin": datetime(2026, 11, 14, 12)})])
    preview_url = upload(moderator_client, data, name="evenements.xlsx").headers["Location"]
    assert "1 ligne valide" in body(moderator_client.get(preview_url))
    confirm(moderator_client, preview_url)
    [event] = imported(db)
    assert (event.starts_at.hour, event.ends_at.hour) == (9, 11)


def test_cp1252_csv_with_commas_is_read(moderator_client, world, db):
    data = csv_file([line(**{"Publics": "Grand public"})], encoding="cp1252", sep=",")
    preview_url = upload(moderator_client, data).headers["Location"]
    assert "1 ligne valide" in body(moderator_client.get(preview_url))


def test_file_with_errors_is_reported_line_by_line_and_nothing_is_written(moderator_client, world, db):
    lines = [
        line(),
        line(**{"Thématique": "Jardiner", "Type": "Pique-nique", "Publics": "Martiens"}),
        line(**{"Début": "31/02/2026 10:00", "Fin": "demain"}),
        line(**{"Début": "14/11/2026 18:00", "Fin": "14/11/2026 10:00"}),
        line(**{"Commune": "Quimper"}),
        line(**{"Code postal": "75011", "Commune": "Paris"}),
        line(**{"Titre": "", "Organisateur": ""}),
        line(**{"Titre": "x" * 300, "E-mail du contact": "pas-une-adresse"}),
    ]
    preview_url = upload(moderator_client, csv_file(lines)).headers["Location"]
    page = body(moderator_client.get(preview_url))
    assert "7 lignes en erreur" in page and "Importer les" not in page
    for text in (
        "Thématique inconnue : « Jardiner »",
        "Type inconnu : « Pique-nique »",
        "Public inconnu : « Martiens »",
        "date illisible « 31/02/2026 10:00 »",
        "date illisible « demain »",
        "La fin est avant le début.",
        "Commune « Quimper » introuvable pour le code postal 35000",
        "Paris est dans le département Paris (75), hors de la région Bretagne.",
        "« Titre » est obligatoire.",
        "« Organisateur » est obligatoire.",
        "« Titre » est trop long",
        "Adresse e-mail du contact invalide",
        "Rien n'est importé tant que le fichier contient des erreurs",
    ):
        assert text in page, text
    assert '<th scope="row">3</th>' in page  # line numbers as in the spreadsheet
    response = confirm(moderator_client, preview_url)
    assert "Rien n'a été importé" in body(moderator_client.get(response.headers["Location"]))
    assert imported(db) == []


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"", "vide.csv", "Le fichier est vide"),
        (b"%PDF-1.7\x00\x01binary", "evenements.csv", "n'est ni un CSV ni un classeur Excel"),
        (b"PK\x03\x04not really a zip", "evenements.xlsx", "n'est pas un classeur Excel (.xlsx) lisible"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100,
            "vieux.xls",
            "97-2003 (.xls) ne sont pas acceptés",
        ),
        (b"\x81\x8d\x8f\x90" * 10, "bizarre.csv", "L'encodage du fichier n'est pas reconnu"),
        (b"Nom;Prenom\r\nA;B\r\n", "autre.csv", "Colonnes obligatoires absentes"),
    ],
)
def test_wrong_files_get_a_clear_french_message(moderator_client, world, db, data, name, message):
    response = upload(moderator_client, data, name=name)
    if response.status_code == 302:  # readable file, wrong columns: shown on the preview
        response = moderator_client.get(response.headers["Location"])
    else:
        assert response.status_code == 422
        assert 'aria-invalid="true"' in body(response)
    assert message in body(response)
    assert imported(db) == []


def test_too_large_and_too_long_files_are_refused(moderator_client, world, db, monkeypatch):
    response = upload(moderator_client, b"Titre;" + b"x" * (2 * 1024 * 1024 + 10))
    assert response.status_code == 422 and "taille maximale de 2 Mo" in body(response)
    monkeypatch.setattr(importer.reading, "MAX_ROWS", 2)  # the limit of 2,000 made small
    response = upload(moderator_client, csv_file([line(), line(), line()]))
    assert response.status_code == 422 and "plus de 2 lignes : découpez-le." in body(response)


def test_missing_file_and_missing_csrf(moderator_client, world, db):
    response = moderator_client.post(
        "/cress/import", data={"csrf_token": csrf_token(moderator_client, "/cress/import")}
    )
    assert response.status_code == 422 and "Choisissez un fichier CSV ou Excel" in body(response)
    response = moderator_client.post(
        "/cress/import",
        data={"file": (io.BytesIO(csv_file([line()])), "a.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400


def test_admin_chooses_the_region_of_the_import(client, world, db):
    f.login(client, world.admin)
    page = body(client.get("/cress/import"))
    assert "Région des événements" in page
    response = upload(client, csv_file([line()]), region="normandie")
    preview = body(client.get(response.headers["Location"]))
    assert "Rennes est dans le département Ille-et-Vilaine (35), hors de la région Normandie." in preview
