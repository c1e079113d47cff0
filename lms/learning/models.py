"""Learner data. It refers to content by database id, which survives any re-import."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core import clock
from lms.core.db import Base
from lms.learning.status import WorkStatus
from lms.users.models import User


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
    # {question id: [option ids in the order shown]}: drawn for this attempt (Quiz.option_order);
    # a question missing here was shown in file order.
    option_order: Mapped[dict] = mapped_column(JSON, default=dict)
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
    # The cohort it was written in: its facilitators review it.
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="SET NULL"), index=True)
    # draft, submitted, returned or accepted
    status: Mapped[str] = mapped_column(String(20), default=WorkStatus.draft.value)  # a WorkStatus
    # {"text": ...} for a reflection; {section id: text} for an action plan.
    content: Mapped[dict] = mapped_column(JSON)
    # The activity's definition when submitted (prompt, sections, rubric).
    definition: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    submitted_at: Mapped[dt.datetime | None]

    reviews: Mapped[list[SubmissionReview]] = relationship(
        order_by="[SubmissionReview.created_at, SubmissionReview.id]", back_populates="submission")
    attachments: Mapped[list[Attachment]] = relationship(order_by="Attachment.uploaded_at",
                                                         back_populates="submission")
    versions: Mapped[list[SubmissionVersion]] = relationship(order_by="SubmissionVersion.number",
                                                             back_populates="submission")


class SubmissionVersion(Base):
    """What the learner sent each time they submitted: the history a review refers to."""

    __tablename__ = "submission_versions"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    content: Mapped[dict] = mapped_column(JSON)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    submission: Mapped[Submission] = relationship(back_populates="versions")


class SubmissionReview(Base):
    """A facilitator's decision on a submission; every one is kept, as its history."""

    __tablename__ = "submission_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # accepted or returned
    decision: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    # Rubric levels chosen: {criterion id: {"level": level id, "comment": text}}
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    submission: Mapped[Submission] = relationship(back_populates="reviews")
    reviewer: Mapped[User | None] = relationship()


class Attachment(Base):
    """A file added to an action plan, stored outside the web root under a generated name."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))      # as the learner named it
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))  # found from the content
    size: Mapped[int]
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    submission: Mapped[Submission] = relationship(back_populates="attachments")


class SelfAssessmentResponse(Base):
    """One round (1 at the start, 2 at the end) of a learner's greening self-assessment."""

    __tablename__ = "self_assessment_responses"
    __table_args__ = (UniqueConstraint("user_id", "activity_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="RESTRICT"), index=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="SET NULL"))
    round: Mapped[int]
    # {statement id: scale level id}
    answers: Mapped[dict] = mapped_column(JSON)
    # The instrument as answered (areas, statements, scale).
    definition: Mapped[dict] = mapped_column(JSON)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
