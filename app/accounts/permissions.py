"""Who may do what. Every back-office route asks one of these questions about one object;
templates receive the answers, they never decide."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from app.models import Event, Organisation, User


def is_member(user: User, organisation_id: int) -> bool:
    return user.is_authenticated and any(m.organisation_id == organisation_id for m in user.memberships)


def can_edit_event(user: User, event: Event) -> bool:
    """Members of the main organiser edit the event (national admins too)."""
    return user.is_authenticated and (user.is_admin or is_member(user, event.organiser_id))


def can_edit_organisation(user: User, organisation: Organisation) -> bool:
    return user.is_authenticated and (user.is_admin or is_member(user, organisation.id))


def can_moderate_region(user: User, region_id: int) -> bool:
    return user.is_authenticated and (user.is_admin or user.moderated_region_id == region_id)


def can_moderate_event(user: User, event: Event) -> bool:
    return can_moderate_region(user, event.region_id)


def role_required(check):
    """Decorator: 403 unless `check(current_user)`; anonymous users go to the login page."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from app.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


confirmed_required = role_required(lambda u: u.is_confirmed)
moderator_required = role_required(lambda u: u.is_moderator or u.is_admin)
admin_required = role_required(lambda u: u.is_admin)
jury_required = role_required(lambda u: u.is_jury or u.is_admin)
