"""One row per enrolment with what a report breaks it down by, from a fixed number of queries."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.centres.models import Centre
from lms.certificates.models import Certificate
from lms.cohorts.models import Attendance, Cohort, Enrolment, LiveSession, cohort_facilitators
from lms.core import clock
from lms.courses.models import Activity, Programme
from lms.learning.models import LessonProgress, QuizAttempt, Submission
from lms.reports.figures import Counts
from lms.users.models import User

ACTIVE_WITHIN = dt.timedelta(days=30)

# UN least developed countries (the list of December 2024), ISO 3166-1 codes.
LEAST_DEVELOPED = frozenset(
    "AO BJ BF BI CF TD KM CD DJ ER ET GM GN GW LS LR MG MW ML MR MZ NE RW SN SL SO SS SD TZ TG UG ZM "
    "AF BD KH LA MM NP TL YE HT KI SB TV".split())


@dataclasses.dataclass
class Fact:
    region: str | None
    country: str | None
    centre: str | None
    centre_type: str | None
    cohort: str
    year: int
    gender: str          # female, male, other, undisclosed or not_stated
    active: bool
    completed: bool
    certified: bool


def facts(session: Session, cohort_ids: list[int] | None = None) -> list[Fact]:
    """Every enrolment (of the given cohorts, or all) with its dimensions and outcomes."""
    query = (select(Enrolment.user_id, Enrolment.cohort_id, Cohort.name, Cohort.starts_on, Cohort.programme_id,
                    User.gender, Centre.region, Centre.country, Centre.name, Centre.member_type)
             .join(Cohort, Cohort.id == Enrolment.cohort_id).join(User, User.id == Enrolment.user_id)
             .outerjoin(Centre, Centre.id == User.centre_id))
    if cohort_ids is not None:
        query = query.where(Enrolment.cohort_id.in_(cohort_ids or [-1]))
    rows = session.execute(query).all()
    since = clock.utcnow() - ACTIVE_WITHIN
    active = set(session.scalars(select(LessonProgress.user_id).where(LessonProgress.last_viewed_at >= since)
                                 .distinct()))
    active |= set(session.scalars(select(Submission.user_id).where(Submission.updated_at >= since).distinct()))
    certified = {(u, p) for u, p in session.execute(select(Certificate.user_id, Certificate.programme_id)
                                                    .where(Certificate.revoked_at.is_(None)))}
    completed = _completed(session) | certified
    return [Fact(region=region.value if region else None, country=country, centre=centre_name,
                 centre_type=member_type.value if member_type else None, cohort=cohort_name, year=starts.year,
                 gender=gender.value if gender else "not_stated", active=user_id in active,
                 completed=(user_id, programme_id) in completed or (user_id, cohort_id) in completed,
                 certified=(user_id, programme_id) in certified)
            for user_id, cohort_id, cohort_name, starts, programme_id, gender, region, country, centre_name,
            member_type in rows]


def _completed(session: Session) -> set[tuple[int, int]]:
    """(user, cohort) pairs that meet their programme's completion rule, from grouped counts."""
    needed_quizzes: dict[int, int] = defaultdict(int)
    needed_work: dict[int, int] = defaultdict(int)
    rules = {p.id: p.completion or {} for p in session.scalars(select(Programme))}
    for programme_id, kind, count in session.execute(
            select(Activity.programme_id, Activity.type, func.count(Activity.id))
            .where(Activity.retired_at.is_(None), Activity.module_id.is_not(None))
            .group_by(Activity.programme_id, Activity.type)):
        rule = rules.get(programme_id, {})
        if kind == "quiz" and rule.get("quizzes_passed"):
            needed_quizzes[programme_id] += count
        elif (kind == "reflection" and rule.get("reflections_accepted")) or \
                (kind == "action_plan" and rule.get("action_plan_accepted")):
            needed_work[programme_id] += count
    passed = defaultdict(int)
    for user_id, programme_id, count in session.execute(
            select(QuizAttempt.user_id, Activity.programme_id, func.count(func.distinct(QuizAttempt.activity_id)))
            .join(Activity, Activity.id == QuizAttempt.activity_id)
            .where(QuizAttempt.passed.is_(True), Activity.retired_at.is_(None))
            .group_by(QuizAttempt.user_id, Activity.programme_id)):
        passed[(user_id, programme_id)] = count
    accepted = defaultdict(int)
    for user_id, programme_id, count in session.execute(
            select(Submission.user_id, Activity.programme_id, func.count(Submission.id))
            .join(Activity, Activity.id == Submission.activity_id)
            .where(Submission.status == "accepted", Activity.retired_at.is_(None))
            .group_by(Submission.user_id, Activity.programme_id)):
        accepted[(user_id, programme_id)] = count
    attended = defaultdict(int)
    for user_id, cohort_id, count in session.execute(
            select(Attendance.user_id, LiveSession.cohort_id, func.count(Attendance.session_id))
            .join(LiveSession, LiveSession.id == Attendance.session_id)
            .group_by(Attendance.user_id, LiveSession.cohort_id)):
        attended[(user_id, cohort_id)] = count
    done = set()
    for user_id, cohort_id, programme_id in session.execute(
            select(Enrolment.user_id, Enrolment.cohort_id, Cohort.programme_id)
            .join(Cohort, Cohort.id == Enrolment.cohort_id)):
        rule = rules.get(programme_id, {})
        if passed[(user_id, programme_id)] >= needed_quizzes[programme_id] \
                and accepted[(user_id, programme_id)] >= needed_work[programme_id] \
                and attended[(user_id, cohort_id)] >= int(rule.get("live_sessions_attended") or 0):
            done.add((user_id, cohort_id))
    return done


DIMENSIONS = ("region", "country", "centre_type", "centre", "cohort", "year")


def breakdown(rows: list[Fact], dimension: str) -> list[tuple[object, Counts]]:
    groups: dict[object, Counts] = {}
    for fact in rows:
        groups.setdefault(getattr(fact, dimension), Counts()).add(fact.gender, fact.active, fact.completed,
                                                                 fact.certified)
    return sorted(groups.items(), key=lambda item: (item[0] is None, str(item[0])))


def total(rows: list[Fact]) -> Counts:
    counts = Counts()
    for fact in rows:
        counts.add(fact.gender, fact.active, fact.completed, fact.certified)
    return counts


def facilitated_cohorts(session: Session, user_id: int) -> list[int]:
    return list(session.scalars(select(cohort_facilitators.c.cohort_id).where(cohort_facilitators.c.user_id == user_id)))
