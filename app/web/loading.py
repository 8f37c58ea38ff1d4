"""The first step of a view: load what the URL names, or answer 404.

A row the user may not see is answered 404 like a missing one, so that a URL does not reveal
what exists."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort

from app.editions import current_edition
from app.extensions import db
from app.models import Edition

T = TypeVar("T")


def get_or_404(model: type[T], ident, allowed: Callable[[T], bool] | None = None) -> T:
    """The `model` row of primary key `ident`; 404 when there is none or `allowed` refuses it."""
    row = db.session.get(model, ident)
    if row is None or (allowed is not None and not allowed(row)):
        abort(404)
    return row


def current_edition_or_404() -> Edition:
    edition = current_edition()
    if edition is None:
        abort(404)
    return edition
