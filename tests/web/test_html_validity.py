"""The W3C checker (vnu, the Nu Html Checker) finds no error in the HTML of the public pages,
the forms and the back-office, rendered from demo data for a visitor, an organiser, a CRESS
and the national team. htmx's `hx-*` attributes are the only messages left out.

vnu comes from npm (`make vnu` installs it into .tools/, outside git); the test is skipped
only when Java is absent. All pages go to one vnu run (~15 s with the JVM start)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from app import create_app, editions
from app.extensions import db
from tests.conftest import clone_database, drop_clone
from tests.helpers import forget_user_between_requests

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
DEMO_EVENTS = 150
# htmx's attributes are not HTML; they are the one accepted message.
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[\w:.-]+” not allowed on element")

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed (vnu needs it)")


@pytest.fixture(scope="module")
def demo_app(template_db, tmp_path_factory):
    url, handle = clone_database(template_db, tmp_path_factory.mktemp("vnu"))
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, UPLOAD_DIR=str(tmp_path_factory.mktemp("up")))
    forget_user_between_requests(app)
    with app.app_context():
        from app.demo.generator import generate

        generate(events=DEMO_EVENTS, seed=12, history=False)
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()
    drop_clone(handle)


def _client(app, email: str | None):
    from app.demo.accounts import DEMO_PASSWORD, DOMAIN
    from tests.helpers import csrf_token

    client = app.test_client()
    if email:
        token = csrf_token(client, "/compte/connexion")
        answer = client.post(
            "/compte/connexion",
            data={"email": f"{email}@{DOMAIN}", "password": DEMO_PASSWORD, "csrf_token": token},
        )
        assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return client


def _pages(app) -> dict[str | None, list[str]]:
    """Paths to check, by the demo account that opens them (None: a visitor)."""
    from app.models import Candidacy, Event, Membership, Region, Theme, User

    edition = editions.current_edition()
    event = db.session.scalar(
        select(Event).where(Event.edition_id == edition.id, Event.status == "publie").order_by(Event.id)
    )
    theme = db.session.scalar(select(Theme).order_by(Theme.id))
    region = db.session.scalar(select(Region).where(Region.slug == "bretagne"))
    queued = db.session.scalar(select(Event).where(Event.region_id == region.id).order_by(Event.id))
    candidacy = db.session.scalar(select(Candidacy).order_by(Candidacy.id))
    public = [
        "/",
        "/evenements/",
        "/evenements/?vue=carte",
        "/evenements/?q=atelier&page=2",
        f"/evenements/{event.id}-{event.slug}",
        "/thematiques/",
        f"/thematiques/{theme.slug}",
        "/regions/",
        f"/regions/{region.slug}",
        "/prix/",
        "/prix/les-50",
        "/prix/laureats",
        "/prix/vote/",
        "/prix/vote/confidentialite",
        "/bilan/",
        f"/bilan/{edition.year}/regions/{region.slug}/",
        "/partenaires/",
        "/decouvrir-l-ess",
        "/accessibilite",
        "/compte/connexion",
        "/compte/inscription",
        "/compte/mot-de-passe-oublie",
        "/newsletter/",
        "/widget/?region=bretagne&nombre=3",
        "/widget/evenements?affichage=detaille&titre=Agenda&nombre=2",
        "/page-qui-n-existe-pas",
        "/kit/",
        f"/bilan/{edition.year - 1}/",  # with the demo's survey section
    ]
    own = db.session.scalar(
        select(Event)
        .join(Membership, Membership.organisation_id == Event.organiser_id)
        .join(User, User.id == Membership.user_id)
        .where(User.email.startswith("organisateur1@"), Event.edition_id == edition.id)
        .order_by(Event.id)
    )
    return {
        None: public,
        "organisateur1": [
            "/espace/",
            "/espace/evenements/nouveau",
            "/compte/",
            "/espace/organisations/nouvelle",
            f"/espace/evenements/{own.id}",
            f"/espace/evenements/{own.id}/modifier",
            "/prix/candidature/",
        ],
        "cress-bretagne": [
            "/cress/",
            f"/cress/evenements/{queued.id}",
            "/cress/programme",
            "/cress/import",
            "/cress/prix/",
            "/cress/regions/bretagne/page",
            "/cress/regions/bretagne/partenaires/nouveau",
            "/cress/regions/bretagne/delegues",
        ]
        + ([f"/cress/prix/{candidacy.id}"] if candidacy else []),
        "admin": [
            "/admin/",
            "/admin/editions/",
            f"/admin/editions/{edition.id}",
            "/admin/thematiques/",
            "/admin/regions/",
            f"/admin/regions/{region.slug}",
            "/admin/utilisateurs/",
            "/admin/partenaires/",
            "/admin/partenaires/nouveau",
            "/admin/pages/",
            "/admin/pages/nouvelle",
            "/admin/exports/",
            "/admin/outbox",
            "/prix/vote/admin",
            "/jury/admin/",
        ],
        "jury": ["/jury/"],
    }


def _render(app, folder: Path) -> dict[str, str]:
    """Write each page's HTML into `folder`; return file name → path of the page."""
    names = {}
    for account, paths in _pages(app).items():
        client = _client(app, account)
        for path in paths:
            answer = client.get(path)
            assert answer.status_code in (200, 404), (path, answer.status_code)
            name = f"{len(names):03d}.html"
            (folder / name).write_bytes(answer.get_data())
            names[name] = f"{account or 'visiteur'} {path}"
    return names


def errors_of(files: list[Path]) -> list[dict]:
    """vnu's errors on `files`, without the hx-* attribute messages."""
    run = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or "{}").get("messages", [])
    errors = [m for m in messages if m.get("type") == "error"]
    return [m for m in errors if not HTMX_ATTRIBUTE.match(m.get("message", ""))]


def test_vnu_finds_no_error_in_public_pages_forms_and_back_office(demo_app, tmp_path):
    assert VNU_JAR.exists(), "vnu is not installed: run `make vnu` (npm install into .tools/)"
    names = _render(demo_app, tmp_path)
    assert len(names) > 45
    found = errors_of(sorted(tmp_path.glob("*.html")))
    report = [
        f"{names[Path(m['url']).name]} l.{m.get('lastLine')}: {m['message']} — {m.get('extract', '')!r}"
        for m in found
    ]
    assert report == []


def test_vnu_check_reports_invalid_html(tmp_path):
    """The check itself: a page with a real error fails, an hx-* attribute alone does not."""
    assert VNU_JAR.exists(), "vnu is not installed: run `make vnu` (npm install into .tools/)"
    head = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head><body>'
    (tmp_path / "bad.html").write_text(head + "<ul><div>x</div></ul></body></html>")
    (tmp_path / "htmx.html").write_text(head + '<a href="/" hx-get="/">x</a></body></html>')
    found = errors_of([tmp_path / "bad.html", tmp_path / "htmx.html"])
    assert [Path(m["url"]).name for m in found] == ["bad.html"]
