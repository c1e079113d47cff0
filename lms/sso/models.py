"""Identity providers configured by staff, and the outside identities linked to accounts."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core import clock
from lms.core.db import Base
from lms.core.sealed import Sealed
from lms.users.models import User


class IdentityProvider(Base):
    """An OpenID Connect provider people may sign in with (its endpoints come from discovery)."""

    __tablename__ = "identity_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(100))
    # The issuer identifier: `<issuer>/.well-known/openid-configuration` describes the provider.
    issuer: Mapped[str] = mapped_column(String(500), unique=True)
    client_id: Mapped[str] = mapped_column(String(255))
    # Sent to the provider's token endpoint; never shown again once saved, sealed at rest.
    client_secret: Mapped[str] = mapped_column(Sealed(), deferred=True)
    # Space-separated domains ("unesco.org unevoc.org"); empty: any domain the provider vouches for.
    allowed_domains: Mapped[str] = mapped_column(Text, default="", server_default="")
    # May an unknown (verified) address get a new learner account? Never a staff or facilitator one.
    creates_learners: Mapped[bool] = mapped_column(default=False, server_default=false())
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.allowed_domains.replace(",", " ").split() if d.strip()]

    def allows_email(self, email: str) -> bool:
        domains = self.domains
        return not domains or email.rsplit("@", 1)[-1].lower() in domains


class ExternalIdentity(Base):
    """An account's identity at an issuer (an OpenID provider or an LTI platform): later sign-ins
    and launches find the account by (issuer, subject), whatever the email says then."""

    __tablename__ = "external_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    last_used_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    user: Mapped[User] = relationship()
