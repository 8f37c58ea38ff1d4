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
    """The CRESS of the region (or a national admin): the whole region, its events, its
    page, its prize pre-selection and its delegates. Département delegates never pass it."""
    return user.is_authenticated and (user.is_admin or user.moderated_region_id == region_id)


def delegated_departements(user: User) -> tuple[str, ...]:
    """Codes of the départements a CRESS has delegated to `user` (sorted; empty for anyone else)."""
    if not user.is_authenticated:
        return ()
    from sqlalchemy import select

    from app.extensions import db
    from app.models import DepartementDelegate

    return tuple(
        db.session.scalars(
            select(DepartementDelegate.departement_code)
            .where(DepartementDelegate.user_id == user.id)
            .order_by(DepartementDelegate.departement_code)
        )
    )


def is_delegate_only(user: User) -> bool:
    """A département delegate who is neither a CRESS nor a national admin: the back-office
    shows them their départements' events and nothing else."""
    return (
        user.is_authenticated
        and not (user.is_admin or user.is_moderator)
        and bool(delegated_departements(user))
    )


def may_use_cress_space(user: User) -> bool:
    """Who enters /cress/: the CRESS, national admins and département delegates."""
    return user.is_authenticated and (
        user.is_admin or user.is_moderator or bool(delegated_departements(user))
    )


def can_moderate_event(user: User, event: Event) -> bool:
    """The region's CRESS, or a delegate of the event's département."""
    if can_moderate_region(user, event.region_id):
        return True
    return bool(event.departement_code) and event.departement_code in delegated_departements(user)


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
