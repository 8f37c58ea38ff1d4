"""One commit point per request: the views of a blueprint installed with `commit_per_request(bp)`
run in one transaction that this module ends, never the view.

- The view returns an answer below 400 (a page, a fragment, a redirect): commit, then run the
  actions registered with `after_commit` (delete the files a change let go, …). The mail outbox
  delivers in the session's own after_commit (app/mail/sender.py): nothing leaves for a
  transaction that rolls back.
- The view answers 400 or more (a refused form, a link found used or expired): roll back, so
  whatever a rule flushed before refusing is not kept. A view whose refusals must be recorded
  (a failed login attempt, a used link) says so with @records_refusals: its answers commit
  whatever their status.
- The view raises (abort(404), an error of a rule, a database error): roll back and let the
  error handlers answer.

The commit runs inside the view call, so a failure to commit (a lock timeout, a unique
constraint) reaches the same error handlers as before (app/web/errors.py). Streamed responses
are committed before their body streams: their generator reads in a transaction of its own.
The rules only flush(); a view may still roll back early when what it shows must be read
afresh (a decision refused because someone else decided meanwhile).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Blueprint, current_app, g

from app.extensions import db

_ACTIONS = "_after_commit_actions"


def records_refusals(view):
    """Mark a view whose answers of 400 or more still commit: what it wrote records the refusal."""
    view.commits_refusals = True
    return view


def after_commit(action: Callable, *args) -> None:
    """Run `action(*args)` once this request's transaction is committed (never if it rolls back)."""
    g.setdefault(_ACTIONS, []).append((action, args))


def commit_per_request(bp: Blueprint) -> None:
    """Every view of `bp` runs in one transaction (see above). Call it once the blueprint's
    route modules are imported: it wraps the views when the blueprint is registered."""

    def wrap_views(state) -> None:
        prefix = f"{bp.name}."
        views = state.app.view_functions
        for endpoint, view in list(views.items()):
            if endpoint.startswith(prefix) and not getattr(view, "one_transaction", False):
                views[endpoint] = _one_transaction(view)

    bp.record(wrap_views)


def _one_transaction(view):
    @functools.wraps(view)
    def in_one_transaction(*args, **kwargs):
        try:
            response = current_app.make_response(view(*args, **kwargs))
            if response.status_code < 400 or getattr(view, "commits_refusals", False):
                db.session.commit()
            else:
                db.session.rollback()
                g.pop(_ACTIONS, None)
        except BaseException:
            db.session.rollback()
            g.pop(_ACTIONS, None)
            raise
        for action, action_args in g.pop(_ACTIONS, []):
            action(*action_args)
        return response

    in_one_transaction.one_transaction = True
    return in_one_transaction
