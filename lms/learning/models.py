"""Learner data. It refers to content by database id, which survives any re-import."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core import clock
from lms.core.db import Base


class LessonProgress(Base):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="RESTRICT"), index=True)
    first_viewed_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    last_viewed_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    completed_at: Mapped[dt.datetime | None]


class QuizAttempt(Base):
    """A submitted quiz, with the questions as they stood when answered."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("user_id", "activity_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="RESTRICT"), index=True)
    # 1 for the first attempt: unique per learner and quiz, so a double submit counts once.
    number: Mapped[int]
    language: Mapped[str] = mapped_column(String(5))
    # The quiz's questions at the time (a later import may change or remove them).
    questions: Mapped[list] = mapped_column(JSON)
    # {question id: answer}
    answers: Mapped[dict] = mapped_column(JSON)
    # {question id: true/false}
    results: Mapped[dict] = mapped_column(JSON)
    score: Mapped[int]      # percent
    passed: Mapped[bool]
    submitted_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)


class Submission(Base):
    """A reflection or an action plan: written, saved as a draft, submitted for review."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("user_id", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="RESTRICT"), index=True)
    # draft, submitted, returned or accepted
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # {"text": ...} for a reflection; {section id: text} for an action plan.
    content: Mapped[dict] = mapped_column(JSON)
    # The activity's definition when submitted (prompt, sections, rubric).
    definition: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    submitted_at: Mapped[dt.datetime | None]
