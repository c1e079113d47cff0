"""One row per enrolment with what a report breaks it down by, from a fixed number of queries."""
from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import exists, func, or_, select
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


def facts(session: Session, facilitator_id: int | None = None) -> list[Fact]:
    """Every enrolment (in the cohorts `facilitator_id` runs, or all) with its dimensions and outcomes.

    Three queries however large the network: the programmes' completion rules, the activities
    those rules count, and one row per enrolment with its counts worked out by the database.
    """
    needed = _requirements(session)
    since = clock.utcnow() - ACTIVE_WITHIN
    learner, programme, cohort = Enrolment.user_id, Cohort.programme_id, Enrolment.cohort_id
    active = or_(exists().where(LessonProgress.user_id == learner, LessonProgress.last_viewed_at >= since),
                 exists().where(Submission.user_id == learner, Submission.updated_at >= since))
    passed = (select(func.count(func.distinct(QuizAttempt.activity_id)))
              .join(Activity, Activity.id == QuizAttempt.activity_id)
              .where(QuizAttempt.user_id == learner, Activity.programme_id == programme,
                     QuizAttempt.passed.is_(True), Activity.retired_at.is_(None)).scalar_subquery())
    accepted = (select(func.count(Submission.id)).join(Activity, Activity.id == Submission.activity_id)
                .where(Submission.user_id == learner, Activity.programme_id == programme,
                       Submission.status == "accepted", Activity.retired_at.is_(None)).scalar_subquery())
    attended = (select(func.count(Attendance.session_id)).join(LiveSession, LiveSession.id == Attendance.session_id)
                .where(Attendance.user_id == learner, LiveSession.cohort_id == cohort).scalar_subquery())
    certified = exists().where(Certificate.user_id == learner, Certificate.programme_id == programme,
                               Certificate.revoked_at.is_(None))
    query = (select(Cohort.name, Cohort.starts_on, programme, User.gender, Centre.region, Centre.country,
                    Centre.name, Centre.member_type, active, passed, accepted, attended, certified)
             .select_from(Enrolment)
             .join(Cohort, Cohort.id == cohort).join(User, User.id == learner)
             .outerjoin(Centre, Centre.id == User.centre_id))
    if facilitator_id is not None:
        query = query.where(cohort.in_(select(cohort_facilitators.c.cohort_id)
                                       .where(cohort_facilitators.c.user_id == facilitator_id)))
    facts = []
    for (cohort_name, starts, programme_id, gender, region, country, centre_name, member_type, is_active,
         quizzes, work, sessions, is_certified) in session.execute(query):
        quizzes_needed, work_needed, sessions_needed = needed.get(programme_id, (0, 0, 0))
        completed = quizzes >= quizzes_needed and work >= work_needed and sessions >= sessions_needed
        facts.append(Fact(region=region.value if region else None, country=country, centre=centre_name,
                          centre_type=member_type.value if member_type else None, cohort=cohort_name,
                          year=starts.year, gender=gender.value if gender else "not_stated",
                          active=bool(is_active), completed=completed or bool(is_certified),
                          certified=bool(is_certified)))
    return facts


def _requirements(session: Session) -> dict[int, tuple[int, int, int]]:
    """Per programme: quizzes to pass, pieces of work to have accepted, live sessions to attend."""
    rules = {p_id: completion or {} for p_id, completion in session.execute(select(Programme.id,
                                                                                  Programme.completion))}
    needed = {p_id: [0, 0, int(rule.get("live_sessions_attended") or 0)] for p_id, rule in rules.items()}
    for programme_id, kind, count in session.execute(
            select(Activity.programme_id, Activity.type, func.count(Activity.id))
            .where(Activity.retired_at.is_(None), Activity.module_id.is_not(None))
            .group_by(Activity.programme_id, Activity.type)):
        rule = rules.get(programme_id, {})
        if kind == "quiz" and rule.get("quizzes_passed"):
            needed[programme_id][0] += count
        elif (kind == "reflection" and rule.get("reflections_accepted")) or \
                (kind == "action_plan" and rule.get("action_plan_accepted")):
            needed[programme_id][1] += count
    return {p_id: tuple(values) for p_id, values in needed.items()}


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
