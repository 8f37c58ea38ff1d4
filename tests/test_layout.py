"""The layout of app/ keeps one naming scheme (shared/CONVENTIONS.md, issue 11): a feature has
routes.py or a routes/ package for its request handlers, services.py or a services/ package
for its rules; no loose module at the root of app/; every package says what it holds; the
views of the converted features never commit themselves (app.web.transaction does)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"

# Blueprints whose views run in one transaction ended by app.web.transaction, and the
# package (under app/) of each one's routes.
ONE_COMMIT_POINT = {
    "accounts": "accounts",
    "admin": "admin",
    "moderation": "moderation",
    "newsletter": "newsletter",
    "organisers": "organisers",
    "prizes": "prizes",
    "candidacy": "prizes/candidacy",
    "preselection": "prizes/preselection",
    "jury": "prizes/jury",
    "vote": "prizes/vote",
    "alerts": "alerts",
}
# Packages left out of the layout checks (none since the Prix ESS package was converted).
PRIZE_PACKAGES: set[str] = set()


def _modules():
    return [
        p
        for p in APP.rglob("*.py")
        if "translations" not in p.parts and p.relative_to(APP).parts[0] not in PRIZE_PACKAGES
    ]


def test_no_route_module_named_outside_the_scheme():
    odd = [str(p.relative_to(APP)) for p in _modules() if re.fullmatch(r".+_routes|routes_.+", p.stem)]
    assert odd == []


def test_only_the_factory_config_and_extensions_at_the_root_of_app():
    loose = sorted(p.name for p in APP.glob("*.py"))
    assert loose == ["__init__.py", "config.py", "extensions.py"]


def test_every_package_of_app_says_what_it_holds():
    silent = []
    for init in APP.rglob("__init__.py"):
        package = init.parent.relative_to(APP)
        if package.parts and package.parts[0] in PRIZE_PACKAGES | {"translations"}:
            continue
        if init.parent == APP:
            continue
        if not ast.get_docstring(ast.parse(init.read_text())):
            silent.append(str(package))
    assert silent == []


def _route_modules(package: str) -> list[Path]:
    folder = APP / package
    return [p for p in [folder / "routes.py", *sorted((folder / "routes").glob("*.py"))] if p.exists()]


def test_views_of_converted_features_never_commit():
    packages = ONE_COMMIT_POINT.values()
    committing = [
        str(p.relative_to(APP))
        for package in packages
        for p in _route_modules(package)
        if "db.session.commit()" in p.read_text()
    ]
    assert committing == []
    assert all(_route_modules(package) for package in packages)


def test_every_view_of_converted_features_runs_in_one_transaction(app):
    loose = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint.split(".")[0] in ONE_COMMIT_POINT and not getattr(view, "one_transaction", False)
    ]
    assert loose == []
    assert sum(endpoint.split(".")[0] in ONE_COMMIT_POINT for endpoint in app.view_functions) > 40


def test_commands_find_the_project_root():
    """`flask translate` runs pybabel from the project root (it broke when cli.py moved)."""
    from app.platform.cli import ROOT

    assert (ROOT / "babel.cfg").is_file() and (ROOT / "migrations").is_dir()
