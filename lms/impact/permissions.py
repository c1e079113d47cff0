"""Who may answer and see the follow-ups: the graduate answers their own check-in; those who run
the cohort (its facilitators, staff) see it."""
from __future__ import annotations

from typing import Any

from lms.cohorts.models import Cohort
from lms.core.permissions import can_manage, rule
from lms.extensions import db
from lms.impact.models import FollowUp


@rule("answer", FollowUp)
def answer_follow_up(user: Any, follow_up: FollowUp) -> bool:
    return follow_up.user_id == user.id and follow_up.sent_at is not None


@rule("view", FollowUp)
def view_follow_up(user: Any, follow_up: FollowUp) -> bool:
    if follow_up.user_id == user.id:
        return True
    cohort = db.session.get(Cohort, follow_up.cohort_id)
    return cohort is not None and can_manage(user, cohort)
