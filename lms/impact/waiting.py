"""What the programme asks of a learner after it — the evaluation, the knowledge check, the check-ins
due — worked out by one query whenever it may change and kept on their user row
(`User.impact_waiting`), so that the dashboard's card, read with the row every page loads, costs the
dashboard no query of its own.

It may change when the evaluation is offered or answered, a knowledge check is taken, a check-in is
sent or answered, or the person is enrolled (a listener of lms/core/events.py `enrolled`); each time
the person's pages_version is counted up, which the kept dashboard's key holds. The daily command
works it out for anyone it was never worked out for.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.cohorts.models import Cohort, Enrolment
from lms.core import clock, events
from lms.core.permissions import Role
from lms.courses.models import Activity
from lms.impact.models import OFFER_WITHIN, EvaluationInvitation, FollowUp, KnowledgeCheck
from lms.users.models import User


class Due(NamedTuple):
    id: int
    months: int


class CohortRef(NamedTuple):
    id: int
    name: str


def tasks(session: Session, user_id: int) -> dict[str, list]:
    """In one query: the learner's cohorts with their evaluation marker, their knowledge checks and
    their latest check-in due."""
    today = clock.utcnow().date()

    def taken(stage: str):
        return select(KnowledgeCheck.id).where(KnowledgeCheck.user_id == user_id, KnowledgeCheck.cohort_id == Cohort.id,
                                               KnowledgeCheck.stage == stage).exists()

    def latest_due(column):
        return select(column).where(FollowUp.user_id == user_id, FollowUp.cohort_id == Cohort.id,
                                    FollowUp.sent_at.is_not(None), FollowUp.answered_at.is_(None)) \
            .order_by(FollowUp.id.desc()).limit(1).scalar_subquery()

    has_quiz = select(Activity.id).where(Activity.programme_id == Cohort.programme_id, Activity.type == "quiz",
                                         Activity.module_id.is_not(None), Activity.retired_at.is_(None)).exists()
    rows = session.execute(
        select(Cohort.id, Cohort.name, Cohort.ends_on, EvaluationInvitation.answered, taken("before"),
               taken("after"), has_quiz, latest_due(FollowUp.id), latest_due(FollowUp.months))
        .join(Enrolment, (Enrolment.cohort_id == Cohort.id) & (Enrolment.user_id == user_id))
        .outerjoin(EvaluationInvitation, (EvaluationInvitation.cohort_id == Cohort.id)
                   & (EvaluationInvitation.user_id == user_id))
        .order_by(Cohort.starts_on.desc(), Cohort.id)).all()
    evaluations: list[CohortRef] = []
    checks: list[tuple[CohortRef, str]] = []
    check_ins: list[Due] = []
    for cohort_id, name, ends_on, answered, before, after, quiz, follow_up_id, months in rows:
        cohort = CohortRef(cohort_id, name)
        if follow_up_id is not None:
            check_ins.append(Due(follow_up_id, months))
        if answered is False:
            evaluations.append(cohort)
        # Before: while the cohort runs; after: with the evaluation, for those who took the first or
        # whose cohort ended lately (a graduate of long ago is not asked what they learnt).
        if answered is None:
            stage = "before" if ends_on >= today and not before else None
        else:
            stage = "after" if not after and (before or ends_on >= today - OFFER_WITHIN) else None
        if stage is not None and quiz:
            checks.append((cohort, stage))
    return {"evaluations": evaluations, "checks": checks, "check_ins": check_ins}


def refresh(session: Session, user: User) -> None:
    """Work out again what `user` is asked, and count their pages' version up when it changed."""
    found = tasks(session, user.id)
    kept = {"evaluations": [list(c) for c in found["evaluations"]],
            "checks": [[*cohort, stage] for cohort, stage in found["checks"]],
            "check_ins": [list(d) for d in found["check_ins"]]}
    if kept != user.impact_waiting:
        user.impact_waiting = kept
        user.pages_version += 1


def read(user: Any) -> dict[str, list]:
    """What `user` is asked, as kept on their row: no query."""
    kept = getattr(user, "impact_waiting", None) or {}
    return {"evaluations": [CohortRef(*c) for c in kept.get("evaluations", [])],
            "checks": [(CohortRef(c[0], c[1]), c[2]) for c in kept.get("checks", [])],
            "check_ins": [Due(*d) for d in kept.get("check_ins", [])]}


def refresh_unknown(session: Session, limit: int = 1000) -> int:
    """Work it out for learners it was never worked out for (accounts from before this feature)."""
    people = list(session.scalars(select(User).where(User.role == Role.learner, User.impact_waiting.is_(None))
                                  .order_by(User.id).limit(limit)))
    for person in people:
        refresh(session, person)
        if person.impact_waiting is None:  # nothing changed: keep the empty answer, so as not to ask again
            person.impact_waiting = {"evaluations": [], "checks": [], "check_ins": []}
    session.flush()
    return len(people)


def _on_enrolled(session: Session, *, user: User, **_data: Any) -> None:
    if user.role is Role.learner:
        refresh(session, user)


events.enrolled.connect(_on_enrolled, weak=False)
