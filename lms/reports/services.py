"""Rebuilding the network report's snapshot (`report_facts`): one row per enrolment and its outcomes.

Run by `flask reports refresh` from cron, and by the report's page when the snapshot is older
than REPORT_MAX_AGE_SECONDS. Like every service it flushes; the caller commits, which also
releases the snapshot row's lock.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import String, and_, case, cast, delete, extract, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.centres.models import Centre
from lms.certificates.models import Certificate
from lms.cohorts.models import Attendance, Cohort, Enrolment, LiveSession
from lms.core import clock
from lms.courses.models import Activity, Programme
from lms.learning.models import LessonProgress, QuizAttempt, Submission
from lms.reports.models import ReportFact, ReportSnapshot
from lms.reports.queries import ACTIVE_WITHIN, built_at
from lms.users.models import User


def ensure_fresh(session: Session) -> bool:
    """Rebuild the snapshot first when it is older than the app's REPORT_MAX_AGE_SECONDS."""
    return refresh(session, dt.timedelta(seconds=current_app.config["REPORT_MAX_AGE_SECONDS"]))


def refresh(session: Session, max_age: dt.timedelta = dt.timedelta(0)) -> bool:
    """Rebuild the snapshot unless it is younger than `max_age`; True when it was rebuilt.

    The snapshot's row is locked first (and the age read again under the lock), so that
    processes finding it stale at the same moment rebuild it once, one after the other; the
    lock lasts until the caller commits.
    """
    now = clock.utcnow()
    built = built_at(session)
    if built is not None and now - built < max_age:
        return False
    if built is None:
        try:
            with session.begin_nested():
                session.add(ReportSnapshot(id=1, built_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
        except IntegrityError:
            pass  # another process made it first
    session.execute(update(ReportSnapshot).where(ReportSnapshot.id == 1)
                    .values(built_at=ReportSnapshot.built_at))  # takes the row's lock
    built = session.scalar(select(ReportSnapshot.built_at).where(ReportSnapshot.id == 1)
                           .execution_options(populate_existing=True))
    if built is not None and clock.utcnow() - built < max_age:
        return False
    session.execute(delete(ReportFact))
    session.execute(insert(ReportFact).from_select(_FACT_COLUMNS, _facts_query(session, now)))
    count = session.scalar(select(func.count(ReportFact.id)))
    session.execute(update(ReportSnapshot).where(ReportSnapshot.id == 1).values(built_at=now, facts=count))
    session.flush()
    return True


_FACT_COLUMNS = ["cohort_id", "region", "country", "centre", "centre_type", "cohort", "year", "gender",
                 "active", "completed", "certified"]


def _facts_query(session: Session, now: dt.datetime):
    """One row per enrolment, its outcomes counted by the database from grouped subqueries."""
    needed = _requirements(session)
    since = now - ACTIVE_WITHIN
    passed = (select(QuizAttempt.user_id, Activity.programme_id,
                     func.count(func.distinct(QuizAttempt.activity_id)).label("n"))
              .join(Activity, Activity.id == QuizAttempt.activity_id)
              .where(QuizAttempt.passed.is_(True), Activity.retired_at.is_(None))
              .group_by(QuizAttempt.user_id, Activity.programme_id).subquery())
    accepted = (select(Submission.user_id, Activity.programme_id, func.count(Submission.id).label("n"))
                .join(Activity, Activity.id == Submission.activity_id)
                .where(Submission.status == "accepted", Activity.retired_at.is_(None))
                .group_by(Submission.user_id, Activity.programme_id).subquery())
    attended = (select(Attendance.user_id, LiveSession.cohort_id, func.count(Attendance.session_id).label("n"))
                .join(LiveSession, LiveSession.id == Attendance.session_id)
                .group_by(Attendance.user_id, LiveSession.cohort_id).subquery())
    certificates = (select(Certificate.user_id, Certificate.programme_id).where(Certificate.revoked_at.is_(None))
                    .distinct().subquery())

    def threshold(index: int):
        values = {programme_id: counts[index] for programme_id, counts in needed.items()}
        return case(values, value=Cohort.programme_id, else_=0) if values else literal(0)

    certified = certificates.c.user_id.is_not(None)
    completed = or_(and_(func.coalesce(passed.c.n, 0) >= threshold(0), func.coalesce(accepted.c.n, 0) >= threshold(1),
                         func.coalesce(attended.c.n, 0) >= threshold(2)), certified)
    active = or_(Enrolment.user_id.in_(select(LessonProgress.user_id).where(LessonProgress.last_viewed_at >= since)),
                 Enrolment.user_id.in_(select(Submission.user_id).where(Submission.updated_at >= since)))
    return (select(Enrolment.cohort_id, cast(Centre.region, String), Centre.country, Centre.name,
                   cast(Centre.member_type, String), Cohort.name, extract("year", Cohort.starts_on),
                   func.coalesce(cast(User.gender, String), "not_stated"), active, completed, certified)
            .select_from(Enrolment)
            .join(Cohort, Cohort.id == Enrolment.cohort_id).join(User, User.id == Enrolment.user_id)
            .outerjoin(Centre, Centre.id == User.centre_id)
            .outerjoin(passed, (passed.c.user_id == Enrolment.user_id) & (passed.c.programme_id == Cohort.programme_id))
            .outerjoin(accepted, (accepted.c.user_id == Enrolment.user_id)
                       & (accepted.c.programme_id == Cohort.programme_id))
            .outerjoin(attended, (attended.c.user_id == Enrolment.user_id)
                       & (attended.c.cohort_id == Enrolment.cohort_id))
            .outerjoin(certificates, (certificates.c.user_id == Enrolment.user_id)
                       & (certificates.c.programme_id == Cohort.programme_id)))


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
    return {p_id: (quizzes, works, live) for p_id, (quizzes, works, live) in needed.items()}
