"""Sign-in checks with throttling, and the single-use links for invitations and resets."""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from lms.auth.models import AccountToken, LoginAttempt, TokenPurpose
from lms.core import clock, ratelimit
from lms.core.db import rowcount
from lms.core.passwords import hash_password_with, password_matches
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


def _address_held_until(session: Session, address: str) -> dt.datetime | None:
    """When one address failed on LOGIN_MAX_FAILURES_PER_ADDRESS sign-ins or more in the window
    (whatever the accounts), the time the oldest counted one leaves it."""
    limit = current_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    since = clock.utcnow() - _window()
    times = session.scalars(select(LoginAttempt.created_at)
                            .where(LoginAttempt.address == address, LoginAttempt.created_at > since)
                            .order_by(LoginAttempt.created_at.desc()).limit(limit)).all()
    return times[-1] + _window() if len(times) >= limit else None


def _pair_failures(session: Session, email: str, address: str) -> list[dt.datetime]:
    return list(session.scalars(select(LoginAttempt.created_at)
                                .where(LoginAttempt.email == email, LoginAttempt.address == address,
                                       LoginAttempt.created_at > clock.utcnow() - _window())
                                .order_by(LoginAttempt.created_at.desc())))


def _pair_held_until(failures: list[dt.datetime]) -> dt.datetime | None:
    """After LOGIN_FREE_FAILURES, each further try waits twice as long as the one before."""
    config = current_app.config
    beyond = len(failures) - config["LOGIN_FREE_FAILURES"]
    if beyond < 0:
        return None
    minutes = min(2 ** beyond, config["LOGIN_MAX_DELAY_MINUTES"])
    return failures[0] + dt.timedelta(minutes=minutes)


def throttled_until(session: Session, email: str, address: str) -> dt.datetime | None:
    now = clock.utcnow()
    holds = [_pair_held_until(_pair_failures(session, normalise_email(email), address)),
             _address_held_until(session, address)]
    return max((h for h in holds if h is not None and h > now), default=None)


def sign_in(session: Session, email: str, password: str, address: str) -> SignIn:
    """Check a sign-in. While throttled the password is not even checked, and not counted.

    An unknown address or an account without a password costs the same hash as a real check,
    so that the time taken does not tell which addresses have accounts.
    """
    email = normalise_email(email)
    address = address[:64]
    retry_at = throttled_until(session, email, address)
    if retry_at is not None:
        return SignIn(SignInResult.throttled, retry_at=retry_at)
    user = session.scalar(select(User).where(User.email == email))
    if user is None or user.password_hash is None:
        password_matches(_decoy_hash(), password)
        right = False
    else:
        right = user.check_password(password)
    if not right:
        session.add(LoginAttempt(email=email, address=address))
        session.flush()
        failures = len(_pair_failures(session, email, address))
        if user is not None and failures == current_app.config["LOGIN_FREE_FAILURES"]:
            _tell_owner(session, user, address)
        return SignIn(SignInResult.wrong)
    assert user is not None
    if not user.active:
        return SignIn(SignInResult.inactive, user=user)
    session.execute(delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.address == address))
    user.last_login_at = clock.utcnow()
    session.flush()
    return SignIn(SignInResult.ok, user=user)


@functools.cache
def _decoy(method: str) -> str:
    return hash_password_with(method, secrets.token_urlsafe(16))


def _decoy_hash() -> str:
    return _decoy(current_app.config["PASSWORD_HASH_METHOD"])


def _tell_owner(session: Session, user: User, address: str) -> None:
    """Someone is guessing this person's password from `address`: they should know."""
    queue_email(session, recipient=user.email, language=user.language, template="sign_in_attempts",
                subject=_l("Failed attempts to sign in to your account"), user=user, address=address,
                failures=current_app.config["LOGIN_FREE_FAILURES"],
                link=external_url("auth.reset_request"))


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


RESET_WINDOW = dt.timedelta(hours=1)


def request_password_reset(session: Session, email: str, address: str = "") -> bool:
    """Email a reset link if an active account has this address. Says nothing either way.

    At most RESET_REQUESTS_PER_ACCOUNT links an hour for one account and RESET_REQUESTS_PER_ADDRESS
    requests from one address, so that the form cannot be used to flood someone's inbox.
    """
    config = current_app.config
    email = normalise_email(email)
    if ratelimit.exceeded(session, "reset-address", address, config["RESET_REQUESTS_PER_ADDRESS"], RESET_WINDOW):
        return False
    ratelimit.record(session, "reset-address", address)  # every request counts against its address
    account = _hash(email)  # counted by a digest: the address itself is kept nowhere for this
    if ratelimit.exceeded(session, "reset-account", account, config["RESET_REQUESTS_PER_ACCOUNT"], RESET_WINDOW):
        return False
    ratelimit.record(session, "reset-account", account)
    user = session.scalar(select(User).where(User.email == email, User.active.is_(True)))
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


