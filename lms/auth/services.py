"""Sign-in checks with throttling, and the single-use links for invitations and resets."""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from lms.auth.models import AccountToken, LoginAttempt, TokenPurpose
from lms.core import clock
from lms.core.db import rowcount
from lms.core.urls import external_url
from lms.mail.services import queue_email
from lms.users.models import User, normalise_email


class SignInResult(enum.Enum):
    ok = "ok"
    wrong = "wrong"          # unknown email, wrong password, or no password set yet
    inactive = "inactive"    # right password, but the account has been deactivated
    throttled = "throttled"  # too many recent failures for this account or address


@dataclasses.dataclass
class SignIn:
    result: SignInResult
    user: User | None = None
    retry_at: dt.datetime | None = None


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])


def _held_until(session: Session, column, value: str, limit: int) -> dt.datetime | None:
    """When `limit` failures or more fall in the window, the time the oldest counted one leaves it."""
    since = clock.utcnow() - _window()
    times = session.scalars(
        select(LoginAttempt.created_at)
        .where(column == value, LoginAttempt.created_at > since)
        .order_by(LoginAttempt.created_at.desc())
        .limit(limit)
    ).all()
    if len(times) < limit:
        return None
    return times[-1] + _window()


def throttled_until(session: Session, email: str, address: str) -> dt.datetime | None:
    config = current_app.config
    holds = [
        _held_until(session, LoginAttempt.email, normalise_email(email),
                    config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        _held_until(session, LoginAttempt.address, address,
                    config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    ]
    return max((h for h in holds if h is not None), default=None)


def sign_in(session: Session, email: str, password: str, address: str) -> SignIn:
    """Check a sign-in. While throttled the password is not even checked, and not counted."""
    email = normalise_email(email)
    retry_at = throttled_until(session, email, address)
    if retry_at is not None:
        return SignIn(SignInResult.throttled, retry_at=retry_at)
    user = session.scalar(select(User).where(User.email == email))
    if user is None or not user.check_password(password):
        session.add(LoginAttempt(email=email, address=address[:64]))
        session.flush()
        return SignIn(SignInResult.wrong)
    if not user.active:
        return SignIn(SignInResult.inactive, user=user)
    session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    user.last_login_at = clock.utcnow()
    session.flush()
    return SignIn(SignInResult.ok, user=user)


def prune_login_attempts(session: Session) -> int:
    """Forget failures older than the window; they no longer count."""
    result = session.execute(delete(LoginAttempt)
                             .where(LoginAttempt.created_at <= clock.utcnow() - _window()))
    return rowcount(result)


# Single-use links ---------------------------------------------------------------------

class TokenState(enum.Enum):
    valid = "valid"
    unknown = "unknown"
    used = "used"
    expired = "expired"


TOKEN_PROBLEMS = {
    TokenState.unknown: _l("This link is not valid. Check that you copied the whole address "
                           "from the email."),
    TokenState.used: _l("This link has already been used. Each link works only once."),
    TokenState.expired: _l("This link has expired. Ask for a new one."),
}


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(session: Session, user: User, purpose: TokenPurpose,
                created_by: User | None = None) -> str:
    """Create a link secret for `user`; earlier unused links of the same kind stop working."""
    now = clock.utcnow()
    session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose,
               AccountToken.used_at.is_(None), AccountToken.expires_at > now)
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    hours = current_app.config["INVITATION_VALID_HOURS" if purpose is TokenPurpose.invitation
                               else "PASSWORD_RESET_VALID_HOURS"]
    raw = secrets.token_urlsafe(32)
    session.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=_hash(raw),
                             created_at=now, expires_at=now + dt.timedelta(hours=hours),
                             created_by_id=created_by.id if created_by else None))
    session.flush()
    return raw


def check_token(session: Session, raw: str, purpose: TokenPurpose) -> tuple[TokenState, AccountToken | None]:
    token = session.scalar(select(AccountToken).where(AccountToken.token_hash == _hash(raw),
                                                      AccountToken.purpose == purpose))
    if token is None or not token.user.active:
        return TokenState.unknown, None
    if token.used_at is not None:
        return TokenState.used, token
    if token.expires_at <= clock.utcnow():
        return TokenState.expired, token
    return TokenState.valid, token


def redeem_token(session: Session, token: AccountToken, password: str) -> bool:
    """Set the password and spend the link. False when another request spent it first."""
    result = session.execute(
        update(AccountToken)
        .where(AccountToken.id == token.id, AccountToken.used_at.is_(None))
        .values(used_at=clock.utcnow())
        .execution_options(synchronize_session=False)
    )
    if rowcount(result) != 1:
        return False
    token.user.set_password(password)
    session.execute(delete(LoginAttempt).where(LoginAttempt.email == token.user.email))
    session.flush()
    return True


def send_invitation(session: Session, user: User, invited_by: User | None) -> None:
    raw = issue_token(session, user, TokenPurpose.invitation, created_by=invited_by)
    hours = current_app.config["INVITATION_VALID_HOURS"]
    queue_email(session, recipient=user.email, language=user.language, template="invitation",
                subject=_l("Your invitation to the UNESCO-UNEVOC TVET Leadership Programme"),
                user=user, inviter=invited_by, link=external_url("auth.accept_invitation", token=raw),
                valid_days=hours // 24 or 1)


def request_password_reset(session: Session, email: str) -> bool:
    """Email a reset link if an active account has this address. Says nothing either way."""
    user = session.scalar(select(User).where(User.email == normalise_email(email),
                                             User.active.is_(True)))
    if user is None:
        return False
    raw = issue_token(session, user, TokenPurpose.password_reset)
    queue_email(session, recipient=user.email, language=user.language, template="password_reset",
                subject=_l("Reset your password"), user=user,
                link=external_url("auth.reset_password", token=raw),
                valid_hours=current_app.config["PASSWORD_RESET_VALID_HOURS"])
    return True


def pending_invitation(session: Session, user: User) -> AccountToken | None:
    """The newest invitation of someone who has not set a password yet."""
    if user.has_password:
        return None
    return session.scalar(select(AccountToken)
                          .where(AccountToken.user_id == user.id,
                                 AccountToken.purpose == TokenPurpose.invitation)
                          .order_by(AccountToken.created_at.desc(), AccountToken.id.desc())
                          .limit(1))


