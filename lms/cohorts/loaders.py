"""What a cohort's pages load from their addresses (lms/core/edge.py): shared by its view modules."""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import joinedload

from lms.cohorts.models import Announcement, Cohort, Enrolment, LiveSession
from lms.cohorts.permissions import remember_enrolment
from lms.core.edge import Find, Load, Loader
from lms.core.permissions import Role
from lms.extensions import db
from lms.learning.models import Submission


# Built once: a statement made afresh on every request costs more than the database's answer.
_COHORT = select(Cohort, exists().where(Enrolment.cohort_id == Cohort.id, Enrolment.user_id == bindparam("user_id"))
                 .label("enrolled")).where(Cohort.id == bindparam("cohort_id"))
_COHORT_AND_FACILITATORS = _COHORT.options(joinedload(Cohort.facilitators))


def _cohort(cohort_id: int) -> Cohort | None:
    """The cohort, and in the same statement what its permissions read: whether the signed-in
    person is enrolled in it (lms/cohorts/permissions.py) and, for a facilitator, its facilitators.
    A learner's pages no longer load the facilitators they do not show, nor ask again whether
    the learner is enrolled."""
    user = current_user._get_current_object()
    user_id = user.id if user.is_authenticated else None
    statement = _COHORT_AND_FACILITATORS if user_id is not None and user.role is Role.facilitator else _COHORT
    row = db.session.execute(statement, {"cohort_id": cohort_id, "user_id": user_id}).unique().first()
    if row is None:
        return None
    found, enrolled = row
    if user_id is not None:
        remember_enrolment(found, user_id, bool(enrolled))
    return found


cohort = Find(_cohort, args=("cohort_id",))
# Rows that belong to a cohort: never one of another cohort, whatever the address says.
live_session = Load(LiveSession, "session_id", of="cohort")
announcement = Load(Announcement, "announcement_id", of="cohort")
submission = Load(Submission, "submission_id", of="cohort")

MANAGED: dict[str, Loader] = {"cohort": cohort}
RUNS_COHORT = [("manage", "cohort")]
