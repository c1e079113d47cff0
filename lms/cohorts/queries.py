"""Read-only queries over cohorts."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.cohorts.models import Cohort, Enrolment, cohort_facilitators


def facilitated_by(session: Session, user_id: int) -> list[tuple[Cohort, int]]:
    """The cohorts a facilitator runs, newest first, each with its number of learners."""
    learners = (select(Enrolment.cohort_id, func.count(Enrolment.id).label("n"))
                .group_by(Enrolment.cohort_id).subquery())
    rows = session.execute(
        select(Cohort, func.coalesce(learners.c.n, 0))
        .join(cohort_facilitators, cohort_facilitators.c.cohort_id == Cohort.id)
        .outerjoin(learners, learners.c.cohort_id == Cohort.id)
        .where(cohort_facilitators.c.user_id == user_id)
        .order_by(Cohort.starts_on.desc()))
    return [(cohort, count) for cohort, count in rows]
