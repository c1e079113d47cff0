"""Who may see and run a cohort: its facilitators and staff manage it; its learners see it."""
from __future__ import annotations

from typing import Any

from flask import g, has_app_context
from sqlalchemy import event, exists, select
from sqlalchemy.orm import ORMExecuteState, Session

from lms.cohorts.models import Cohort, Enrolment
from lms.core.permissions import Role, manage_rule, view_rule
from lms.extensions import db

# Whether the signed-in person is enrolled in a cohort, read with the cohort itself by
# lms/cohorts/loaders.py (one statement less on every page of a cohort, kept pages included).
# Forgotten at the first write of the request, so a change of enrolment is always read afresh.
_KNOWN = "lms.cohorts.enrolment_known"


def remember_enrolment(cohort: Cohort, user_id: int, enrolled: bool) -> None:
    g.setdefault(_KNOWN, {})[(cohort.id, user_id)] = enrolled


def _known_enrolment(cohort: Cohort, user_id: int) -> bool | None:
    return g.get(_KNOWN, {}).get((cohort.id, user_id)) if has_app_context() else None


def _forget() -> None:
    if has_app_context():
        g.pop(_KNOWN, None)


@event.listens_for(Session, "after_flush")
def _forget_after_flush(session: Session, flush_context: Any) -> None:
    _forget()


@event.listens_for(Session, "do_orm_execute")
def _forget_after_write(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _forget()


@manage_rule(Cohort)
def manage_cohort(user, cohort: Cohort) -> bool:
    return user.role is Role.staff or (user.role is Role.facilitator and user in cohort.facilitators)


@view_rule(Cohort)
def view_cohort(user, cohort: Cohort) -> bool:
    known = _known_enrolment(cohort, user.id)
    if known is not None:
        return known
    return bool(db.session.scalar(select(exists().where(Enrolment.cohort_id == cohort.id,
                                                        Enrolment.user_id == user.id))))
