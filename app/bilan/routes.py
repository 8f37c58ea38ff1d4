"""The bilan pages: HTML report, PDF, CSV/JSON downloads (national and per region)."""

from __future__ import annotations

import json

from flask import Response, abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app import editions
from app.bilan import access, bp, charts, exports, pdf
from app.bilan import report as reports
from app.bilan.format import decimal_fr, percent_fr
from app.extensions import db
from app.models import Edition, Region


@bp.app_template_filter("bilan_cell")
def bilan_cell(value, kind: str) -> str:
    if value is None:
        return "—"
    return {"pct": percent_fr, "dec": lambda v: decimal_fr(v, 2)}.get(
        kind, lambda v: decimal_fr(v, 0) if isinstance(v, int | float) else str(v)
    )(value)


def _load(year: int, slug: str | None) -> tuple[Edition, Region | None]:
    """The edition and region of the URL (404 when unknown), access checked (403)."""
    edition = db.session.scalar(select(Edition).where(Edition.year == year))
    if edition is None:
        abort(404)
    region = None
    if slug is not None:
        region = db.session.scalar(select(Region).where(Region.slug == slug))
        if region is None:
            abort(404)
        if not access.can_view_detailed(current_user, region):
            abort(403)
    return edition, region


def _title(edition: Edition, region: Region | None) -> str:
    if region:
        return _("Bilan du Mois de l'ESS %(year)s en %(region)s", year=edition.year, region=region.name)
    return _("Bilan du Mois de l'ESS %(year)s", year=edition.year)


def _file_name(edition: Edition, region: Region | None, suffix: str) -> str:
    return f"bilan-{edition.year}{'-' + region.slug if region else ''}{suffix}"


def _download(body: str | bytes, mimetype: str, name: str, inline: bool = False) -> Response:
    response = Response(body, mimetype=mimetype)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


def _page(edition: Edition, region: Region | None) -> str:
    report = reports.build(edition, region)
    slug = region.slug if region else None
    years = db.session.scalars(select(Edition.year).order_by(Edition.year)).all()
    regions = None if region else db.session.scalars(select(Region).order_by(Region.name)).all()
    return render_template(
        "bilan/page.html",
        report=report,
        heading=_title(edition, region),
        chart=charts.render,
        years=years,
        format_version=exports.FORMAT_VERSION,
        regions=regions,
        edition_url=lambda y: (
            url_for("bilan.region", year=y, slug=slug) if slug else url_for("bilan.edition", year=y)
        ),
        downloads=lambda table, fmt: url_for(
            "bilan.table_file", year=edition.year, slug=slug, key=table.key, fmt=fmt
        ),
        pdf_url=url_for("bilan.report_pdf", year=edition.year, slug=slug),
        json_url=url_for("bilan.report_json", year=edition.year, slug=slug),
    )


@bp.get("/")
def current():
    edition = editions.current_edition()
    if edition is None:
        abort(404)
    return _page(edition, None)


@bp.get("/<int:year>/")
def edition(year: int):
    return _page(*_load(year, None))


@bp.get("/<int:year>/regions/<slug>/")
def region(year: int, slug: str):
    return _page(*_load(year, slug))


@bp.get("/<int:year>.pdf", defaults={"slug": None})
@bp.get("/<int:year>/regions/<slug>.pdf")
def report_pdf(year: int, slug: str | None):
    edition, region = _load(year, slug)
    body = pdf.render_pdf(reports.build(edition, region), _title(edition, region))
    return _download(body, "application/pdf", _file_name(edition, region, ".pdf"), inline=True)


@bp.get("/<int:year>.json", defaults={"slug": None})
@bp.get("/<int:year>/regions/<slug>.json")
def report_json(year: int, slug: str | None):
    edition, region = _load(year, slug)
    data = exports.report_data(reports.build(edition, region))
    return _download(
        json.dumps(data, ensure_ascii=False, indent=1),
        "application/json",
        _file_name(edition, region, ".json"),
        inline=True,
    )


@bp.get("/<int:year>/donnees/<key>.<any(csv, json):fmt>", defaults={"slug": None})
@bp.get("/<int:year>/regions/<slug>/donnees/<key>.<any(csv, json):fmt>")
def table_file(year: int, slug: str | None, key: str, fmt: str):
    edition, region = _load(year, slug)
    table = reports.build(edition, region).table(key)
    if table is None:
        abort(404)
    name = _file_name(edition, region, f"-{key}.{fmt}")
    if fmt == "csv":
        return _download(exports.table_csv(table), "text/csv", name)
    data = {
        "edition": edition.year,
        "region": region.slug if region else None,
        "version": exports.FORMAT_VERSION,
        **exports.table_data(table),
    }
    return _download(json.dumps(data, ensure_ascii=False, indent=1), "application/json", name, inline=True)
