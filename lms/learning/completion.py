"""The programme's completion rule, written once: who may be certified, and who has completed.

A programme's `completion` (courses/README.md) says which kinds of activity must be completed
and how many live sessions attended. Which kinds there are, and what completes one, is owned by
the activity types (lms/courses/activities.py: `completion_flag`, `completed_when`). The rule is
then evaluated two ways from this one definition: per learner in Python, saying what is missing
(the certificates' eligibility), and for every enrolment at once in SQL (the network report's
snapshot). tests/learning/test_completion.py holds the two equal for every combination of flags.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select, true
from sqlalchemy.orm import Session

from lms.cohorts.models import Attendance, Cohort, Enrolment, LiveSession
from lms.courses.activities import ACTIVITY_TYPES
from lms.courses.models import Activity, Programme
from lms.learning.models import QuizAttempt, Submission
from lms.learning.status import WorkStatus

@dataclasses.dataclass(frozen=True)
class Rule:
    """Which activity types must all be completed, and how many live sessions attended."""

    types: frozenset[str]
    live_sessions: int

    @classmethod
    def of(cls, completion: Mapping[str, Any] | None) -> Rule:
        completion = completion or {}
        types = frozenset(name for name, kind in ACTIVITY_TYPES.items()
                          if kind.completion_flag and completion.get(kind.completion_flag))
        return cls(types, int(completion.get("live_sessions_attended") or 0))

    def counts(self, activity_type: str) -> bool:
        return activity_type in self.types


def _completed_rows(outcome: str) -> Select:
    """(learner, activity) pairs completed in the way `outcome` names."""
    if outcome == "passed":
        return select(QuizAttempt.user_id.label("user_id"), QuizAttempt.activity_id.label("activity_id")) \
            .where(QuizAttempt.passed.is_(True))
    if outcome == "accepted":
        return select(Submission.user_id.label("user_id"), Submission.activity_id.label("activity_id")) \
            .where(Submission.status == WorkStatus.accepted)
    raise ValueError(f"unknown outcome {outcome!r}")


def required_activities(session: Session, programme_id: int) -> list[Activity]:
    """The activities whose completion the rule can ask for: current, in a module."""
    return list(session.scalars(select(Activity).where(Activity.programme_id == programme_id,
                                                       Activity.retired_at.is_(None),
                                                       Activity.module_id.is_not(None))
                                .order_by(Activity.position, Activity.id)))


def completed_pairs(session: Session, user_ids: Iterable[int]) -> set[tuple[int, int]]:
    """Every (learner, activity) these learners have completed, whatever the activity's type."""
    ids = list(user_ids)
    if not ids:
        return set()
    outcomes = {kind.completed_when for kind in ACTIVITY_TYPES.values() if kind.completed_when}
    pairs: set[tuple[int, int]] = set()
    for outcome in sorted(outcomes):
        rows = _completed_rows(outcome).subquery()
        pairs.update((u, a) for u, a in session.execute(select(rows.c.user_id, rows.c.activity_id)
                                                        .where(rows.c.user_id.in_(ids))))
    return pairs


def missing(rule: Rule, activities: Iterable[Activity], done: set[tuple[int, int]], user_id: int,
            attended: int) -> list[str]:
    """What `user_id` still lacks under `rule`, in words (empty: the rule is met)."""
    from lms.core.i18n import localized

    lacking = []
    for activity in activities:
        kind = ACTIVITY_TYPES.get(activity.type)
        if kind is None or kind.missing is None or not rule.counts(activity.type) \
                or (user_id, activity.id) in done:
            continue
        message = str(kind.missing)
        lacking.append(message % {"title": localized(activity.title)[0]} if "%(title)s" in message else message)
    if attended < rule.live_sessions:
        lacking.append(str(_l("Live sessions attended: %(have)d of %(need)d", have=attended,
                              need=rule.live_sessions)))
    return lacking


def completed_expression(session: Session, query: Select) -> tuple[Select, ColumnElement[bool]]:
    """The rule as SQL for a query over enrolments (joined to their cohort): the query with what
    it needs joined, and a boolean column that is true where the enrolment meets its programme's
    rule."""
    rules = {programme_id: Rule.of(completion)
             for programme_id, completion in session.execute(select(Programme.id, Programme.completion))}
    required: dict[tuple[int, str], int] = dict(
        ((programme_id, kind), count) for programme_id, kind, count in session.execute(
            select(Activity.programme_id, Activity.type, func.count(Activity.id))
            .where(Activity.retired_at.is_(None), Activity.module_id.is_not(None))
            .group_by(Activity.programme_id, Activity.type))
        if rules.get(programme_id) and rules[programme_id].counts(kind))
    conditions: list[ColumnElement[bool]] = []
    for name, kind in sorted(ACTIVITY_TYPES.items()):
        thresholds = {programme_id: count for (programme_id, kind_name), count in required.items() if kind_name == name}
        if not thresholds or not kind.completed_when:
            continue
        rows = _completed_rows(kind.completed_when).subquery()
        done = (select(rows.c.user_id, Activity.programme_id, func.count(func.distinct(rows.c.activity_id)).label("n"))
                .join(Activity, Activity.id == rows.c.activity_id)
                .where(Activity.type == name, Activity.retired_at.is_(None), Activity.module_id.is_not(None))
                .group_by(rows.c.user_id, Activity.programme_id).subquery(f"done_{name}"))
        query = query.outerjoin(done, (done.c.user_id == Enrolment.user_id)
                                & (done.c.programme_id == Cohort.programme_id))
        needed = case(thresholds, value=Cohort.programme_id, else_=0)
        conditions.append(func.coalesce(done.c.n, 0) >= needed)
    sessions = {programme_id: rule.live_sessions for programme_id, rule in rules.items() if rule.live_sessions}
    if sessions:
        attended = (select(Attendance.user_id, LiveSession.cohort_id, func.count(Attendance.session_id).label("n"))
                    .join(LiveSession, LiveSession.id == Attendance.session_id)
                    .group_by(Attendance.user_id, LiveSession.cohort_id).subquery("attended"))
        query = query.outerjoin(attended, (attended.c.user_id == Enrolment.user_id)
                                & (attended.c.cohort_id == Enrolment.cohort_id))
        conditions.append(func.coalesce(attended.c.n, 0) >= case(sessions, value=Cohort.programme_id, else_=0))
    return query, and_(true(), *conditions) if conditions else literal(True)
