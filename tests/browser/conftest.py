"""Browser tests: a live server on 127.0.0.1 with demo data, and Playwright's Chromium.

The whole suite is skipped only when /usr/bin/chromium is absent (Playwright cannot download
browsers here; CI installs Debian's Chromium with `make chromium`).
"""

from __future__ import annotations

import re
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS

HERE = Path(__file__).resolve().parent
DEMO_EVENTS = 400
DEMO_SEED = 2026
# Added on top of the demo data: a title with the accented word the full-text test types.
KNOWN_COOPERATIVE = "Portes ouvertes de la coopérative d'habitants du Moulin"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM} (install it with "
        "`apt-get install -y chromium` or `make chromium`)"
    )
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


def _fill(db) -> None:
    """Reproducible demo data (editions 2026 and 2025), plus one event with known content."""
    from app import editions
    from app.demo.generator import generate
    from tests import factories as f

    generate(events=DEMO_EVENTS, seed=DEMO_SEED)
    db.session.commit()
    ed = editions.current_edition()
    org = f.organisation("Les Toits Partagés", region_slug="ile-de-france", family="cooperative")
    f.event(
        ed,
        KNOWN_COOPERATIVE,
        org=org,
        theme_slug="se-loger",
        region_slug="ile-de-france",
        departement="75",
        commune="Paris",
        postcode="75011",
        lat=48.857,
        lon=2.38,
        description="Visite d'une coopérative d'habitants.",
    )
    db.session.commit()


class LiveServer:
    def __init__(self, app, server):
        self.app = app
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_port}"

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_server(template_db, tmp_path_factory):
    from werkzeug.serving import make_server

    from app import create_app
    from app.extensions import db

    path = tmp_path_factory.mktemp("browser") / "live.sqlite"
    shutil.copy(template_db, path)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        _fill(db)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(app, server)
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == "127.0.0.1"


def foreign(requests: list[str]) -> list[str]:
    return [u for u in requests if not is_local(u)]


@pytest.fixture()
def requests_log() -> list[str]:
    """Every URL requested by the pages of the test (documents, scripts, fetch, images…)."""
    return []


# Every Content-Security-Policy violation of a page is written to the console, where the
# context's listener collects it: Chromium's own "Refused to …" messages, and this event
# listener's (which also sees violations Chromium reports only as an event).
_CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.effectiveDirective + " blocked " +
                (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});"""
_CSP_MESSAGE = re.compile(
    r"Content Security Policy|CSP violation|Refused to (execute|apply|load"
    r"|connect|frame|evaluate|create)",
    re.IGNORECASE,
)


@pytest.fixture()
def csp_violations() -> list[str]:
    """CSP violations reported by the pages of the test: any one fails the test."""
    return []


class ConsoleErrors(list):
    """Console errors (`console.error`, "Failed to load resource: … 404"), uncaught page
    errors and failed requests of the pages of the test: any one fails the test.

    The only exceptions are declared by the test itself, for an error status it causes on
    purpose (e.g. `console_errors.allow(422)` for a form that htmx posts and the server
    answers "422 invalid" by design): `allow` takes HTTP statuses, nothing else.
    Requests the page itself cancels (net::ERR_ABORTED: htmx replacing an in-flight search,
    a navigation leaving a loading page) are not failures."""

    def __init__(self):
        super().__init__()
        self.allowed_statuses: set[int] = set()

    def allow(self, *statuses: int) -> None:
        self.allowed_statuses.update(statuses)

    def unexpected(self) -> list[str]:
        allowed = {f"the server responded with a status of {s} " for s in self.allowed_statuses}
        return [e for e in self if not any(a in e for a in allowed)]


@pytest.fixture()
def console_errors() -> ConsoleErrors:
    return ConsoleErrors()


def _new_context(browser, requests_log, csp_violations, console_errors, **options):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(locale="fr-FR", **options)
    context.set_default_timeout(10_000)
    context.on("request", lambda request: requests_log.append(request.url))
    context.add_init_script(_CSP_LISTENER)

    def on_console(message):
        where = f"{message.location.get('url', '')}: {message.text}"
        if _CSP_MESSAGE.search(message.text):
            csp_violations.append(where)
        elif message.type == "error":
            console_errors.append(where)

    def on_request_failed(request):
        if request.failure != "net::ERR_ABORTED":
            console_errors.append(f"{request.url}: {request.failure}")

    context.on("console", on_console)
    context.on("weberror", lambda error: console_errors.append(f"page error: {error.error}"))
    context.on("requestfailed", on_request_failed)
    return context


def _close(context, csp_violations, console_errors) -> None:
    context.close()
    assert not csp_violations, f"Content-Security-Policy violations: {csp_violations}"
    unexpected = console_errors.unexpected()
    assert not unexpected, "console errors:\n" + "\n".join(unexpected)


@pytest.fixture()
def context(browser, requests_log, csp_violations, console_errors):
    context = _new_context(browser, requests_log, csp_violations, console_errors)
    yield context
    _close(context, csp_violations, console_errors)


@pytest.fixture()
def new_context(browser, requests_log, csp_violations, console_errors):
    """Factory for contexts with other options (e.g. java_script_enabled=False)."""
    made = []

    def make(**options):
        made.append(_new_context(browser, requests_log, csp_violations, console_errors, **options))
        return made[-1]

    yield make
    for c in made:
        _close(c, csp_violations, console_errors)


@pytest.fixture()
def page(context, requests_log):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    # Whatever the test did: nothing may come from a CDN or any other host.
    assert not foreign(requests_log), f"requests to other hosts: {foreign(requests_log)}"


@contextmanager
def window_open_now(app, window: str, outbox_dir):
    """The current edition's `window` ("registration", "vote"…) is open while inside, and
    e-mails go to `outbox_dir`; both are restored after."""
    from datetime import datetime, timedelta, timezone

    from app import editions
    from app.extensions import db
    from app.models import Edition

    opening, closing = f"{window}_open", f"{window}_close"
    saved_outbox = app.config.get("MAIL_OUTBOX_DIR")
    app.config["MAIL_OUTBOX_DIR"] = str(outbox_dir)
    with app.app_context():
        edition = editions.current_edition()
        saved = (getattr(edition, opening), getattr(edition, closing))
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        setattr(edition, opening, now - timedelta(days=1))
        setattr(edition, closing, now + timedelta(days=1))
        db.session.commit()
        edition_id = edition.id
        db.session.remove()
    try:
        yield
    finally:
        with app.app_context():
            edition = db.session.get(Edition, edition_id)
            setattr(edition, opening, saved[0])
            setattr(edition, closing, saved[1])
            db.session.commit()
            db.session.remove()
        app.config["MAIL_OUTBOX_DIR"] = saved_outbox


def confirmation_path(app, email: str, prefix: str) -> str:
    """Path of the link starting with `prefix` in the one message sent to `email`."""
    from app.mail import outbox_messages

    with app.app_context():
        [message] = outbox_messages(email)
    return re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S+)", message.text).group(1)
