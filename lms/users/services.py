"""Creating and changing accounts; used by the staff pages, the profile page and the CLI."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lms.centres.models import Centre
from lms.core.permissions import Role
from lms.users.models import Gender, User, normalise_email


class EmailTaken(ValueError):
    """Another account already uses this address (compared regardless of case)."""


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(session: Session, *, email: str, full_name: str, role: Role,
                language: str = "en", timezone: str = "UTC", position: str = "",
                gender: Gender | None = None, centre: Centre | None = None,
                password: str | None = None) -> User:
    """Add an account. Without a password the person sets one through an invitation."""
    if find_by_email(session, email) is not None:
        raise EmailTaken(email)
    user = User(email=email, full_name=full_name.strip(), role=role, language=language,
                timezone=timezone, position=position.strip(), gender=gender, centre=centre)
    if password is not None:
        user.set_password(password)
    session.add(user)
    session.flush()
    return user


def change_email(session: Session, user: User, email: str) -> None:
    existing = find_by_email(session, email)
    if existing is not None and existing.id != user.id:
        raise EmailTaken(email)
    if email != user.email:
        from lms.auth.models import AccountToken
        # A link sent to the old address must not set the password of the account now at the new one.
        session.execute(delete(AccountToken).where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None)))
    user.email = email
    session.flush()
