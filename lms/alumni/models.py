"""A graduate's directory profile and mentoring offer, a participant's wish for a mentor, and the
matches facilitators make between them."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core import clock
from lms.core.db import Base
from lms.users.models import User

# The programme's themes (the TVET Strategy's priorities and the programme's modules), written once.
THEMES = {
    "greening": _l("Greening TVET"),
    "esd": _l("Education for sustainable development"),
    "digital": _l("Digital transformation"),
    "gender": _l("Gender equality and inclusion"),
    "industry": _l("Partnerships with industry and employers"),
    "quality": _l("Quality assurance"),
    "youth_employment": _l("Youth employment and entrepreneurship"),
    "leadership": _l("Leading institutional change"),
    "policy": _l("TVET policy and governance"),
    "lifelong": _l("Lifelong learning and recognition of skills"),
}

# The languages a graduate may say they work in (names shown through Babel in the reader's language).
WORK_LANGUAGES = ("en", "fr", "zh", "es", "ar", "ru", "pt", "de", "sw")


def _codes(values: list[str] | tuple[str, ...]) -> str:
    """A list kept as ",a,b," so that one code is found with LIKE '%,a,%' on every database."""
    return "," + ",".join(values) + "," if values else ""


def _split(stored: str) -> list[str]:
    return [v for v in (stored or "").split(",") if v]


class AlumniProfile(Base):
    """What a graduate shows in the directory, and whether they offer to mentor."""

    __tablename__ = "alumni_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # Shown in the directory: off until the graduate chooses it, and off again the moment they withdraw.
    listed: Mapped[bool] = mapped_column(default=False)
    # Stored as ",en,fr," (see _codes): searched with LIKE.
    language_codes: Mapped[str] = mapped_column(String(100), default="")
    theme_codes: Mapped[str] = mapped_column(String(300), default="")
    # What their action plan achieved, in their own words.
    achievements: Mapped[str] = mapped_column(Text, default="")
    # Offered to mentor, and how many mentees at once.
    mentoring: Mapped[bool] = mapped_column(default=False)
    capacity: Mapped[int] = mapped_column(default=2)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    user: Mapped[User] = relationship(lazy="joined")

    @property
    def languages(self) -> list[str]:
        return _split(self.language_codes)

    @languages.setter
    def languages(self, values: list[str]) -> None:
        self.language_codes = _codes([v for v in WORK_LANGUAGES if v in values])

    @property
    def themes(self) -> list[str]:
        return _split(self.theme_codes)

    @themes.setter
    def themes(self, values: list[str]) -> None:
        self.theme_codes = _codes([v for v in THEMES if v in values])


class MentoringWish(Base):
    """The themes a participant would like a mentor's help with (read by the suggested matches)."""

    __tablename__ = "mentoring_wishes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    theme_codes: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    @property
    def themes(self) -> list[str]:
        return _split(self.theme_codes)

    @themes.setter
    def themes(self, values: list[str]) -> None:
        self.theme_codes = _codes([v for v in THEMES if v in values])


class MentorMatch(Base):
    """A graduate mentoring a participant of a cohort, from the match until it is ended."""

    __tablename__ = "mentor_matches"
    __table_args__ = (
        # One current mentor per participant and cohort.
        Index("uq_mentor_matches_current", "mentee_id", "cohort_id", unique=True,
              postgresql_where=text("ended_at IS NULL"), sqlite_where=text("ended_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    # Their private conversation (lms/community's messages), in the mentee's cohort.
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    matched_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    ended_at: Mapped[dt.datetime | None]
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])
    mentee: Mapped[User] = relationship(foreign_keys=[mentee_id])

    @property
    def current(self) -> bool:
        return self.ended_at is None
