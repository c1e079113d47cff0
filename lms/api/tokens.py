"""Making, checking and revoking API credentials; every creation, refusal and revocation is audited.

A token is `lmsp_` (personal) or `lmsa_` (issued to a client) followed by 43 random URL-safe
characters (256 bits); a client's secret is `lmss_` and as many. Only their SHA-256 is kept.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.api.models import ApiClient, ApiToken
from lms.api.scopes import SCOPES
from lms.audit import services as audit
from lms.core import clock
from lms.users.models import User

PERSONAL, ACCESS, SECRET, CLIENT = "lmsp_", "lmsa_", "lmss_", "lmsc_"
PREFIX_LENGTH = 12
ACCESS_TOKEN_LIFETIME = dt.timedelta(hours=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _secret(kind: str) -> str:
    return kind + secrets.token_urlsafe(32)


def _checked_scopes(scopes: list[str]) -> list[str]:
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        raise ValueError(f"unknown or no scopes: {unknown}")
    return [s for s in SCOPES if s in scopes]  # in the documented order, once each


def create_personal_token(session: Session, user: User, name: str, scopes: list[str],
                          expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """A new personal access token of `user`: (row, the token itself, to show once)."""
    secret = _secret(PERSONAL)
    token = ApiToken(user_id=user.id, name=name, prefix=secret[:PREFIX_LENGTH], token_hash=digest(secret),
                     scopes=_checked_scopes(scopes), expires_at=expires_at)
    session.add(token)
    session.flush()
    audit.record(session, "api_token_created", token.prefix, actor=user, name=name, scopes=" ".join(token.scopes))
    return token, secret


def revoke_token(session: Session, token: ApiToken, actor: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.utcnow()
        audit.record(session, "api_token_revoked", token.prefix, actor=actor, name=token.name)
        session.flush()


def personal_tokens(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.client_id.is_(None))
                                .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                                          ApiToken.id.desc())))


def register_client(session: Session, owner: User, name: str, scopes: list[str]) -> tuple[ApiClient, str]:
    """A new OAuth client acting as `owner`: (row, its secret, to show once)."""
    secret = _secret(SECRET)
    client = ApiClient(name=name, client_id=CLIENT + secrets.token_urlsafe(12), secret_hash=digest(secret),
                       scopes=_checked_scopes(scopes), owner_id=owner.id)
    session.add(client)
    session.flush()
    audit.record(session, "api_client_created", client.client_id, actor=owner, name=name,
                 scopes=" ".join(client.scopes))
    return client, secret


def revoke_client(session: Session, client: ApiClient, actor: User) -> None:
    """The client can get no new token, and the tokens it holds stop working at once."""
    if client.revoked_at is None:
        now = clock.utcnow()
        client.revoked_at = now
        for token in session.scalars(select(ApiToken).where(ApiToken.client_id == client.id,
                                                            ApiToken.revoked_at.is_(None))):
            token.revoked_at = now
        audit.record(session, "api_client_revoked", client.client_id, actor=actor, name=client.name)
        session.flush()


def clients(session: Session) -> list[ApiClient]:
    return list(session.scalars(select(ApiClient).order_by(ApiClient.revoked_at.is_not(None),
                                                           ApiClient.created_at.desc(), ApiClient.id.desc())))


def authenticate_client(session: Session, client_id: str, secret: str) -> ApiClient | None:
    """The live client with this id and secret (compared in constant time), else None."""
    if not client_id or len(client_id) > 40 or "\x00" in client_id:
        return None
    client = session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
    if client is None or not hmac.compare_digest(client.secret_hash, digest(secret)):
        return None
    return client


def issue_access_token(session: Session, client: ApiClient, scopes: list[str]) -> tuple[ApiToken, str]:
    """A bearer token for `client`, for ACCESS_TOKEN_LIFETIME, with `scopes` (all it may have if empty)."""
    secret = _secret(ACCESS)
    token = ApiToken(user_id=client.owner_id, client_id=client.id, name=client.name, prefix=secret[:PREFIX_LENGTH],
                     token_hash=digest(secret), scopes=_checked_scopes(scopes or list(client.scopes)),
                     expires_at=clock.utcnow() + ACCESS_TOKEN_LIFETIME)
    session.add(token)
    session.flush()
    return token, secret


@dataclasses.dataclass(frozen=True)
class Refusal:
    """Why a bearer token was refused; `token` is set when it was one of ours (and so audited)."""

    reason: str
    token: ApiToken | None = None


def authenticate(session: Session, bearer: str) -> ApiToken | Refusal:
    """The token this bearer string is, if it may be used now; else why not."""
    if not bearer.startswith((PERSONAL, ACCESS)) or len(bearer) > 100 or "\x00" in bearer:
        return Refusal("unknown")
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(bearer)))
    if token is None:
        return Refusal("unknown")
    if token.revoked_at is not None:
        return Refusal("revoked", token)
    if token.expires_at is not None and token.expires_at <= clock.utcnow():
        return Refusal("expired", token)
    if not token.user.active:
        return Refusal("owner_deactivated", token)
    if token.client is not None and token.client.revoked_at is not None:
        return Refusal("client_revoked", token)
    return token


def record_refusal(session: Session, token: ApiToken, reason: str) -> None:
    audit.record(session, "api_token_refused", token.prefix, actor=token.user, reason=reason)
