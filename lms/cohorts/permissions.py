"""Who may see and run a cohort: its facilitators and staff manage it; its learners see it."""
from __future__ import annotations

from sqlalchemy import exists, select

from lms.cohorts.models import Cohort, Enrolment
from lms.core.permissions import Role, manage_rule, view_rule
from lms.extensions import db


@manage_rule(Cohort)
def manage_cohort(user, cohort: Cohort) -> bool:
    return user.role is Role.staff or (user.role is Role.facilitator and user in cohort.facilitators)


@view_rule(Cohort)
def view_cohort(user, cohort: Cohort) -> bool:
    return bool(db.session.scalar(select(exists().where(Enrolment.cohort_id == cohort.id,
                                                        Enrolment.user_id == user.id))))
