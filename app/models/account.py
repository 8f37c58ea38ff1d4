"""User accounts, their roles and their memberships of organisations."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.organisation import Organisation
from app.models.reference import Departement, Region


class User(UserMixin, db.Model):
    """Roles combine: an organiser (through memberships) may also moderate a region
    (CRESS), administer the national site, or sit on the prize jury."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120), default="")
    email_confirmed_at: Mapped[datetime | None]
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_jury: Mapped[bool] = mapped_column(default=False)
    moderated_region_id: Mapped[int | None] = mapped_column(
        ForeignKey("region.id", ondelete="SET NULL"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())
    last_login_at: Mapped[datetime | None]

    moderated_region: Mapped[Region | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan")

    # The secret of the session this object was logged in or loaded with (not a column):
    # set by app.accounts.sessions, read by Flask-Login through get_id().
    session_secret = None

    def get_id(self) -> str:
        """Flask-Login's id, kept in the session and remember-me cookies: "<id>:<secret>"."""
        if not self.session_secret:
            raise RuntimeError("No account session: open one with app.accounts.sessions.open_session().")
        return f"{self.id}:{self.session_secret}"

    # One object per row in a SQLAlchemy session: identity, not UserMixin's get_id() comparison.
    __eq__ = object.__eq__
    __ne__ = object.__ne__

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_moderator(self) -> bool:
        return self.moderated_region_id is not None

    @property
    def organisations(self) -> list[Organisation]:
        return [m.organisation for m in self.memberships]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r}>"


class Membership(db.Model):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id", name="uq_membership_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship()


class AccountSession(db.Model):
    """One signed-in browser. Its cookies (Flask's session and the remember-me cookie) carry
    "<user id>:<secret>"; the row keeps only the secret's SHA-256. Deleting the row ends the
    session everywhere, copies of its cookies included."""

    __tablename__ = "account_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime] = mapped_column(index=True)
    user_agent: Mapped[str] = mapped_column(String(80), default="")


class DepartementDelegate(db.Model):
    """A person the CRESS of a region trusts with the moderation of one of its départements
    (only that département's events: app/accounts/permissions.py)."""

    __tablename__ = "departement_delegate"
    __table_args__ = (UniqueConstraint("user_id", "departement_code", name="uq_departement_delegate"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    departement_code: Mapped[str] = mapped_column(
        String(3), ForeignKey("departement.code", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    departement: Mapped[Departement] = relationship()
