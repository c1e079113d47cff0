"""Cohorts, their facilitators, their module schedule and their learners."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core import clock
from lms.centres.models import Region
from lms.core.db import Base, enum_column, new_token
from lms.courses.models import Module, Programme
from lms.users.models import User

cohort_facilitators = Table(
    "cohort_facilitators", Base.metadata,
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Cohort(Base):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The language the cohort is facilitated in.
    language: Mapped[str] = mapped_column(String(5))
    # The dates and times of the schedule are set in this zone.
    timezone: Mapped[str] = mapped_column(String(64))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    # The UNESCO region the cohort serves, when it serves one.
    region: Mapped[Region | None] = mapped_column(enum_column(Region, "region", check=False))
    # The secret part of the cohort's calendar address, made with the row (older rows: on first use).
    calendar_token: Mapped[str | None] = mapped_column(String(43), unique=True, default=new_token)
    # Counted up when anything its learner pages show changes: part of their cache keys.
    pages_version: Mapped[int] = mapped_column(default=0, server_default="0")

    programme: Mapped[Programme] = relationship(lazy="joined")
    facilitators: Mapped[list[User]] = relationship(secondary=cohort_facilitators, order_by=User.full_name)
    schedule: Mapped[list[ModuleSchedule]] = relationship(back_populates="cohort",
                                                           cascade="all, delete-orphan")


class ModuleSchedule(Base):
    """When a module opens for a cohort and when its work is due (UTC, set in the cohort's zone)."""

    __tablename__ = "module_schedules"
    __table_args__ = (UniqueConstraint("cohort_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="RESTRICT"), index=True)
    opens_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime | None]

    cohort: Mapped[Cohort] = relationship(back_populates="schedule")
    module: Mapped[Module] = relationship()


class LiveSession(Base):
    """A webinar of the cohort, set in the cohort's time zone and stored in UTC."""

    __tablename__ = "live_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[dt.datetime]
    duration_minutes: Mapped[int]
    link: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    attendees: Mapped[list[User]] = relationship(
        secondary="attendances", primaryjoin="LiveSession.id == Attendance.session_id",
        secondaryjoin="User.id == Attendance.user_id", viewonly=True)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class Attendance(Base):
    """A learner who took part in a live session, as recorded by a facilitator."""

    __tablename__ = "attendances"

    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)


class Announcement(Base):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    # When a facilitator last corrected it (shown beside it; an edit is not emailed again).
    edited_at: Mapped[dt.datetime | None]

    author: Mapped[User | None] = relationship()


class Enrolment(Base):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    enrolled_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    cohort: Mapped[Cohort] = relationship(lazy="joined")
    user: Mapped[User] = relationship()


class DeadlineExtension(Base):
    """A later due date for one learner in one module, granted by a facilitator (a hospital stay,
    a national exam week): their dashboard, calendar and the progress view use it instead of the
    cohort's."""

    __tablename__ = "deadline_extensions"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    due_at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    module: Mapped[Module] = relationship()


class ExtraAttempts(Base):
    """Attempts at a quiz beyond what the quiz allows, granted to one learner by a facilitator."""

    __tablename__ = "extra_attempts"
    __table_args__ = (UniqueConstraint("user_id", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    extra: Mapped[int] = mapped_column(default=1)
    reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
