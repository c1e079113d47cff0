"""Counting events per key in the database, so that limits hold across every app process."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from lms.core import clock
from lms.core.db import Base, rowcount


class RateEvent(Base):
    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_bucket_key_created_at", "bucket", "key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)


def exceeded(session: Session, bucket: str, key: str, limit: int, window: dt.timedelta) -> bool:
    since = clock.utcnow() - window
    count = session.scalar(select(func.count(RateEvent.id)).where(
        RateEvent.bucket == bucket, RateEvent.key == key, RateEvent.created_at > since)) or 0
    return count >= limit


def record(session: Session, bucket: str, key: str) -> None:
    session.add(RateEvent(bucket=bucket, key=key[:100]))
    session.flush()


def prune(session: Session, older_than: dt.timedelta) -> int:
    return rowcount(session.execute(delete(RateEvent).where(RateEvent.created_at <= clock.utcnow() - older_than)))


def oldest(session: Session, bucket: str, key: str, window: dt.timedelta) -> dt.datetime | None:
    """When the oldest event still counted in the window happened: the limit eases `window` after it."""
    since = clock.utcnow() - window
    return session.scalar(select(func.min(RateEvent.created_at)).where(
        RateEvent.bucket == bucket, RateEvent.key == key, RateEvent.created_at > since))
