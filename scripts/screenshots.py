"""Screenshots of the main pages at desktop (1366×900) and phone (390×844) sizes, for review.

    .venv/bin/python scripts/screenshots.py [--out screenshots] [--events 600] [--base-url URL]

Without --base-url, like the browser tests: a temporary SQLite database (migrations,
reference data, reproducible demo data), the app served on 127.0.0.1 by a thread, Debian's
Chromium through Playwright. With --base-url, an already running site with the demo accounts
(e.g. `make run`). Writes `<page>-<size>.png` (full page) into the folder and prints, per
page, the console errors, a horizontal overflow of the document, and the size.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, DEMO_ACCOUNTS, DEMO_PASSWORD  # noqa: E402

SIZES = {"desktop": (1366, 900), "mobile": (390, 844)}
ORGANISER = DEMO_ACCOUNTS["organiser"]
MODERATOR = DEMO_ACCOUNTS["cress"]
# name -> (path or None when computed, account logged in or None)
PAGES = {
    "home": ("/", None),
    "search-list": ("/evenements/", None),
    "search-map": ("/evenements/?vue=carte", None),
    "event": (None, None),
    "regions": ("/regions/", None),
    "region": ("/regions/bretagne", None),
    "bilan": ("/bilan/", None),
    "espace": ("/espace/", ORGANISER),
    "cress": ("/cress/", MODERATOR),
}


@contextmanager
def demo_server(events: int):
    """A temporary database filled with demo data, served on a free local port."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from app import create_app
    from app.demo.generator import generate
    from app.extensions import db
    from app.reference import loader

    folder = Path(tempfile.mkdtemp(prefix="moisess-screenshots-"))
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'demo.sqlite'}",
        MAIL_OUTBOX_DIR=str(folder / "outbox"),
        UPLOAD_DIR=str(folder / "uploads"),
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        loader.load_all()
        generate(events=events, seed=2026)
        db.session.commit()
        db.session.remove()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def first_event_path(page, base_url: str) -> str:
    """The first result of the search that has a map (an in-person event)."""
    page.goto(base_url + "/evenements/?mode=presentiel")
    return page.locator(".event-card__title a").first.get_attribute("href")


def login(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/compte/connexion")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def shoot(base_url: str, out: Path) -> int:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    problems = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, (width, height) in SIZES.items():
            for name, (path, account) in PAGES.items():
                context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
                page = context.new_page()
                if account:
                    login(page, base_url, account)
                errors: list[str] = []
                page.on(
                    "console",
                    lambda m, errors=errors: m.type == "error" and errors.append(m.text),
                )
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                target = path or first_event_path(page, base_url)
                page.goto(base_url + target)
                page.wait_for_load_state("networkidle")
                overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                file = out / f"{name}-{size}.png"
                page.screenshot(path=str(file), full_page=True)
                full_height = page.evaluate("() => document.documentElement.scrollHeight")
                notes = []
                if overflow > 0:
                    notes.append(f"horizontal overflow {overflow} px")
                notes += [f"console: {e}" for e in errors]
                problems += bool(notes)
                print(f"{file.name}: {target} ({width}×{full_height} px)")
                for note in notes:
                    print(f"    {note}")
                context.close()
        browser.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--events", type=int, default=600)
    parser.add_argument("--base-url", default="")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM} (make chromium)", file=sys.stderr)
        return 2
    if args.base_url:
        problems = shoot(args.base_url.rstrip("/"), Path(args.out))
    else:
        with demo_server(args.events) as base_url:
            problems = shoot(base_url, Path(args.out))
    print(f"{problems} page(s) with console errors or horizontal overflow; PNGs in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
