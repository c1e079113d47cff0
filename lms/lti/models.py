"""LTI platforms registered by staff, the sign-ins they start, their resource links and the scores
waiting to go back to them."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.cohorts.models import Cohort
from lms.core import clock
from lms.core.db import Base
from lms.courses.models import Module


class LtiPlatform(Base):
    """A platform (a Centre's Moodle) registered with the tool: its issuer, the client id it gave
    the tool, its endpoints, and the cohort its learners are enrolled in at their first launch."""

    __tablename__ = "lti_platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    # The platform's OIDC authorization endpoint (where the tool sends the browser to be launched).
    auth_url: Mapped[str] = mapped_column(String(500))
    # Its OAuth 2 token endpoint (client credentials with a signed JWT, for AGS and NRPS).
    token_url: Mapped[str] = mapped_column(String(500))
    jwks_url: Mapped[str] = mapped_column(String(500))
    # Space-separated deployment ids the platform launches with; a launch with another is refused.
    deployment_ids: Mapped[str] = mapped_column(Text, default="", server_default="")
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="RESTRICT"), index=True)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    cohort: Mapped[Cohort] = relationship()

    @property
    def deployments(self) -> list[str]:
        return self.deployment_ids.split()


class LtiLogin(Base):
    """A launch on its way: the state and nonce sent at login initiation, spent by the launch.
    Kept in the database, not a cookie: the launch is a cross-site POST that carries no cookie."""

    __tablename__ = "lti_logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    used_at: Mapped[dt.datetime | None]


link_users = Table(
    "lti_link_users", Base.metadata,
    Column("link_id", ForeignKey("lti_links.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class LtiLink(Base):
    """A resource link of a platform (a placement in a Moodle course) and the module it opens."""

    __tablename__ = "lti_links"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"), index=True)
    deployment_id: Mapped[str] = mapped_column(String(255))
    resource_link_id: Mapped[str] = mapped_column(String(255))
    context_id: Mapped[str] = mapped_column(String(255), default="")
    context_title: Mapped[str] = mapped_column(String(255), default="")
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    # AGS: the line item the module's quiz scores go to (None: the platform asked for none).
    lineitem_url: Mapped[str | None] = mapped_column(String(1000))
    # NRPS: where the context's members are read.
    memberships_url: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    platform: Mapped[LtiPlatform] = relationship()
    module: Mapped[Module] = relationship()


class LtiScore(Base):
    """A quiz score waiting to go to a platform's line item (an outbox row), sent by
    `flask lti send-scores`; one per attempt and link, so that sending twice sends once."""

    __tablename__ = "lti_scores"
    __table_args__ = (UniqueConstraint("link_id", "attempt_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("lti_links.id", ondelete="CASCADE"), index=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True)
    # The score as the platform receives it (AGS Score: userId, scoreGiven, timestamp, ...).
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    sent_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    # While a run sends it: no other run takes it before then (a run that died frees it then).
    claimed_until: Mapped[dt.datetime | None]
    tries: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")

    link: Mapped[LtiLink] = relationship()
