"""The evaluation's answers and markers, the knowledge checks, the follow-ups of the action plans
and the institutions' indicators."""
from __future__ import annotations

import datetime as dt
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core import clock
from lms.core.db import Base, enum_column
from lms.users.models import User

# The months after the certificate at which a graduate is asked about their plan.
STAGES = (3, 6, 12)
# Reminders of an unanswered check-in, in days after it was sent: at most two.
REMINDER_DAYS = (7, 14)
# The evaluation (and the knowledge check at the end) is offered until this long after a cohort's
# end or a certificate.
OFFER_WITHIN = dt.timedelta(days=90)


class ActionStatus(enum.Enum):
    not_started = "not_started"
    under_way = "under_way"
    done = "done"
    dropped = "dropped"

    @property
    def title(self) -> str:
        return str(ACTION_STATUS_TITLES[self])


ACTION_STATUS_TITLES = {
    ActionStatus.not_started: _l("Not started"),
    ActionStatus.under_way: _l("Under way"),
    ActionStatus.done: _l("Done"),
    ActionStatus.dropped: _l("Dropped"),
}


# Reaction --------------------------------------------------------------------------------------

class EvaluationInvitation(Base):
    """A learner asked to evaluate their cohort's programme, and whether they have answered: the
    only link between a person and the evaluation, which says nothing of what they answered."""

    __tablename__ = "impact_evaluation_invitations"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    offered_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    answered: Mapped[bool] = mapped_column(default=False)


class EvaluationResponse(Base):
    """One anonymous answer to the end-of-programme evaluation: no person, no time."""

    __tablename__ = "impact_evaluation_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    # The respondent's UNESCO region (of their centre), for the report by region; may be empty.
    region: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5))
    # Question id -> 1 to 5 (lms/impact/evaluation.py QUESTIONS).
    ratings: Mapped[dict] = mapped_column(JSON)
    worked: Mapped[str] = mapped_column(Text, default="")
    change: Mapped[str] = mapped_column(Text, default="")


# Learning --------------------------------------------------------------------------------------

class KnowledgeCheck(Base):
    """A learner's short knowledge check at the start ("before") or the end ("after") of their
    cohort: one question per module, taken from the module's quiz, kept as it was asked."""

    __tablename__ = "impact_knowledge_checks"
    __table_args__ = (UniqueConstraint("user_id", "cohort_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(10))  # "before" or "after"
    language: Mapped[str] = mapped_column(String(5))
    # The questions as asked, each with its "module_id".
    questions: Mapped[list] = mapped_column(JSON)
    answers: Mapped[dict] = mapped_column(JSON)
    results: Mapped[dict] = mapped_column(JSON)  # question id -> right (bool)
    score: Mapped[int]  # percent
    submitted_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)


# Behaviour and results ---------------------------------------------------------------------------

class FollowUp(Base):
    """A graduate's check-in on their action plan, 3, 6 or 12 months after their certificate."""

    __tablename__ = "impact_follow_ups"
    __table_args__ = (UniqueConstraint("certificate_id", "months"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id", ondelete="CASCADE"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    months: Mapped[int]  # 3, 6 or 12
    due_at: Mapped[dt.datetime]
    # When the check-in was first emailed, and the last reminder; reminders sent (at most two).
    sent_at: Mapped[dt.datetime | None]
    reminded_at: Mapped[dt.datetime | None]
    reminders: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()
    actions: Mapped[list[FollowUpAction]] = relationship(back_populates="follow_up", cascade="all, delete-orphan",
                                                         order_by="FollowUpAction.position")
    indicators: Mapped[InstitutionIndicators | None] = relationship(back_populates="follow_up", uselist=False,
                                                                    cascade="all, delete-orphan")

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class FollowUpAction(Base):
    """The state of one action (a section of the plan) as the graduate reported it."""

    __tablename__ = "impact_follow_up_actions"
    __table_args__ = (UniqueConstraint("follow_up_id", "section_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("impact_follow_ups.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[dict] = mapped_column(JSON)  # the section's title in every language, as in the plan
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, "action_status"))
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(500), default="")
    # A file as evidence, checked and stored as the plans' attachments are (lms/core/storage.py).
    evidence_file: Mapped[str | None] = mapped_column(String(64), unique=True)
    evidence_filename: Mapped[str] = mapped_column(String(255), default="")
    evidence_type: Mapped[str] = mapped_column(String(120), default="")

    follow_up: Mapped[FollowUp] = relationship(back_populates="actions")


class InstitutionIndicators(Base):
    """What the graduate's institution achieved, reported with the 12-month check-in."""

    __tablename__ = "impact_institution_indicators"

    follow_up_id: Mapped[int] = mapped_column(ForeignKey("impact_follow_ups.id", ondelete="CASCADE"),
                                              primary_key=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id", ondelete="SET NULL"), index=True)
    courses_updated: Mapped[int] = mapped_column(default=0)   # courses updated with green skills
    staff_trained: Mapped[int] = mapped_column(default=0)
    partnerships_signed: Mapped[int] = mapped_column(default=0)

    follow_up: Mapped[FollowUp] = relationship(back_populates="indicators")
