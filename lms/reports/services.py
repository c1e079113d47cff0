"""Rebuilding the network report's snapshot (`report_facts`): one row per enrolment and its outcomes.

Run by `flask reports refresh` from cron, and by the report's page when the snapshot is older
than REPORT_MAX_AGE_SECONDS. Like every service it flushes; the caller commits, which also
releases the snapshot row's lock.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import String, cast, delete, extract, func, insert, or_, select, union, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.centres.models import Centre
from lms.certificates.models import Certificate
from lms.cohorts.models import Cohort, Enrolment
from lms.core import clock
from lms.learning import completion
from lms.learning.models import LessonProgress, Submission
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


def tidy(engine: Engine) -> None:
    """After a rebuild is committed, on PostgreSQL: vacuum and analyze the snapshot, so that the
    report's grouped queries read it from their covering indexes alone (an index-only scan needs
    the table's pages marked all-visible) with its new statistics, rather than wait for autovacuum.
    The rebuilt rows are the whole table: until then PostgreSQL plans on the old one's."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f"VACUUM (ANALYZE) {ReportFact.__tablename__}")


_FACT_COLUMNS = ["cohort_id", "region", "country", "centre", "centre_type", "cohort", "year", "gender",
                 "active", "completed", "certified"]


def _facts_query(session: Session, now: dt.datetime):
    """One row per enrolment, its outcomes counted by the database; "completed" is the programme's
    completion rule (lms/learning/completion.py), or a certificate held."""
    since = now - ACTIVE_WITHIN
    certificates = (select(Certificate.user_id, Certificate.programme_id).where(Certificate.revoked_at.is_(None))
                    .distinct().subquery())
    certified = certificates.c.user_id.is_not(None)
    # Who was active, as a table joined once: `user_id IN (subquery)` inside the OR was, on
    # PostgreSQL, a subplan too large for work_mem to hash, so a scan of a million lesson views
    # for each of 100,000 enrolments (the rebuild ran for over an hour where SQLite took 9 s).
    recent = union(select(LessonProgress.user_id.label("user_id")).where(LessonProgress.last_viewed_at >= since),
                   select(Submission.user_id.label("user_id")).where(Submission.updated_at >= since)).subquery("recent")
    active = recent.c.user_id.is_not(None)
    base = (select(Enrolment.cohort_id).select_from(Enrolment)
            .join(Cohort, Cohort.id == Enrolment.cohort_id).join(User, User.id == Enrolment.user_id)
            .outerjoin(Centre, Centre.id == User.centre_id)
            .outerjoin(recent, recent.c.user_id == Enrolment.user_id)
            .outerjoin(certificates, (certificates.c.user_id == Enrolment.user_id)
                       & (certificates.c.programme_id == Cohort.programme_id)))
    query, meets_rule = completion.completed_expression(session, base)
    return query.with_only_columns(
        Enrolment.cohort_id, cast(Centre.region, String), Centre.country, Centre.name,
        cast(Centre.member_type, String), Cohort.name, extract("year", Cohort.starts_on),
        func.coalesce(cast(User.gender, String), "not_stated"), active, or_(meets_rule, certified), certified,
        maintain_column_froms=True)
