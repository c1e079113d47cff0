"""Certificates, the counters that number them without gaps, and their append-only log."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.cohorts.models import Cohort
from lms.core import clock
from lms.core.db import Base
from lms.courses.models import Programme
from lms.users.models import User


class Certificate(Base):
    __tablename__ = "certificates"
    __table_args__ = (
        # One valid certificate per learner and programme; a revoked one may be reissued.
        Index("uq_certificates_current", "user_id", "programme_id", unique=True,
              postgresql_where=text("revoked_at IS NULL"), sqlite_where=text("revoked_at IS NULL")),
        Index("uq_certificates_status_index", "status_index", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Readable and unique: programme code, year, sequence (TVETLP-2026-0042).
    serial: Mapped[str] = mapped_column(String(40), unique=True)
    # Unguessable, for the public verification address.
    code: Mapped[str] = mapped_column(String(40), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="RESTRICT"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="RESTRICT"), index=True)
    # As printed: the holder's name as they write it, the language of the certificate.
    holder_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5))
    signatory_name: Mapped[str] = mapped_column(String(200))
    signatory_title: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[dt.datetime | None]
    revoked_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The certificate this one replaces, when it was reissued.
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id", ondelete="SET NULL"))
    # Its bit in the published revocation list (lms/certificates/status.py): the row's id, given
    # in the transaction that makes it.
    status_index: Mapped[int | None]

    holder: Mapped[User] = relationship(foreign_keys=[user_id])
    programme: Mapped[Programme] = relationship()
    cohort: Mapped[Cohort] = relationship()
    # The certificate that replaced this one when it was reissued (at most one: reissuing revokes).
    replaces: Mapped[Certificate | None] = relationship(remote_side=[id], foreign_keys=[replaces_id], viewonly=True)
    replaced_by: Mapped[Certificate | None] = relationship(foreign_keys=[replaces_id], uselist=False, viewonly=True)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateCounter(Base):
    """The last sequence number used per programme and year; its row lock serialises issuing."""

    __tablename__ = "certificate_counters"
    __table_args__ = (UniqueConstraint("programme_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    year: Mapped[int]
    last_value: Mapped[int] = mapped_column(default=0)


class CertificateEvent(Base):
    """Append-only: issued, revoked, reissued — who, when, why."""

    __tablename__ = "certificate_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id", ondelete="RESTRICT"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    actor: Mapped[User | None] = relationship()


class Recommendation(Base):
    """A facilitator's recommendation that a learner be certified."""

    __tablename__ = "certificate_recommendations"
    __table_args__ = (UniqueConstraint("user_id", "cohort_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    recommended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
