"""The user table: one account per person, with one role."""
from __future__ import annotations

import datetime as dt
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Index, JSON, CheckConstraint, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.centres.models import Centre
from lms.core import clock
from lms.core.db import Base, enum_column, new_token
from lms.core.passwords import hash_password, password_matches
from lms.core.permissions import Role


class Gender(enum.Enum):
    """Self-declared and optional; no answer at all is stored as NULL ("not stated")."""

    female = "female"
    male = "male"
    other = "other"
    undisclosed = "undisclosed"

    @property
    def title(self) -> str:
        return str(GENDER_TITLES[self])


GENDER_TITLES = {
    Gender.female: _l("Female"),
    Gender.male: _l("Male"),
    Gender.other: _l("Another gender"),
    Gender.undisclosed: _l("Prefer not to say"),
}


class User(Base):
    __tablename__ = "users"
    # The staff list pages through everyone by name: the index serves its ORDER BY ... LIMIT
    # (100,000 people sorted for each page took 300 ms).
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lower"),
                      Index("ix_users_full_name_id", "full_name", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored in lower case, so that it is unique regardless of case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), index=True)
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    position: Mapped[str] = mapped_column(String(200), default="", server_default="")
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "gender"))
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id", ondelete="SET NULL"),
                                                  index=True)
    # NULL until the invitee sets a password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    last_login_at: Mapped[dt.datetime | None]
    # The secret part of the person's calendar address, made with the row (older rows: on first use).
    calendar_token: Mapped[str | None] = mapped_column(String(43), unique=True, default=new_token)
    # Counted up when anything its learner pages show changes: part of their cache keys.
    pages_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # What the programme asks of the person after it (lms/impact/waiting.py), kept on the row every
    # page loads so that the dashboard's card costs no query; None until first worked out.
    impact_waiting: Mapped[dict | None] = mapped_column(JSON)

    centre: Mapped[Centre | None] = relationship(lazy="joined")

    @validates("email")
    def _normalise_email(self, key: str, value: str) -> str:
        return normalise_email(value)

    # Flask-Login's protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and remember-me cookies: the person and the token
        of the sign-in (UserSession) this request runs under (lms/auth/sessions.py)."""
        from flask import g
        signed_in = g.get("user_session")
        if signed_in is None or signed_in.user_id != self.id:
            raise RuntimeError("sign in through lms.auth.sessions.start, which gives the sign-in its own token")
        return f"{self.id}:{signed_in.token}"

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and password_matches(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role.value}>"


def normalise_email(value: str) -> str:
    return value.strip().lower()


class UserSession(Base):
    """One sign-in: kept on the server, so that signing out, "sign out everywhere", a password
    change or anonymisation ends it at once, whatever cookies were copied before."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The secret the session and remember-me cookies carry (with the person's id).
    token: Mapped[str] = mapped_column(String(43), unique=True, default=new_token)
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    # Written at most every few minutes (lms/auth/sessions.py), for the idle timeout.
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    ended_at: Mapped[dt.datetime | None]
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")

