"""API credentials: personal access tokens, OAuth clients and the access tokens issued to them.

Secrets are never stored: only the SHA-256 of a high-entropy random string, and a short visible
prefix by which people recognise their own in a list.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core import clock
from lms.core.db import Base
from lms.users.models import User


class ApiClient(Base):
    """A system registered by staff for the client-credentials flow; it acts as its owner."""

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The public identifier sent with the secret (`client_id` in RFC 6749).
    client_id: Mapped[str] = mapped_column(String(40), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The scopes the client may ask for (lms/api/scopes.py).
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    # Whose permissions its tokens carry: the staff member who registered it.
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    revoked_at: Mapped[dt.datetime | None]

    owner: Mapped[User] = relationship()


class ApiToken(Base):
    """A bearer token: personal (made on the profile page), or issued to a client for a while."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # NULL for a personal access token.
    client_id: Mapped[int | None] = mapped_column(ForeignKey("api_clients.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    # The token's first characters, shown in lists ("lmsp_Ab3x…").
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    expires_at: Mapped[dt.datetime | None]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()
    client: Mapped[ApiClient | None] = relationship()
