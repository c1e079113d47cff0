"""Who may read a learner's written work and its attachments, and who may remove an attachment."""
from __future__ import annotations

from typing import Any

from lms.cohorts.models import Cohort
from lms.core.permissions import Role, can, can_manage, rule
from lms.extensions import db
from lms.learning.models import Attachment, Submission


@rule("view", Submission)
def view_submission(user: Any, submission: Submission) -> bool:
    """The learner, the facilitators of the work's cohort, and staff."""
    return submission.user_id == user.id or can(user, "manage", submission)


@rule("manage", Submission)
def review_submission(user: Any, submission: Submission) -> bool:
    """Reviewing is for the facilitators of the work's cohort and for staff."""
    if user.role is Role.staff:
        return True
    cohort = db.session.get(Cohort, submission.cohort_id) if submission.cohort_id else None
    return cohort is not None and can_manage(user, cohort)


@rule("view", Attachment)
def view_attachment(user: Any, attachment: Attachment) -> bool:
    return view_submission(user, attachment.submission)


@rule("remove", Attachment)
def remove_attachment(user: Any, attachment: Attachment) -> bool:
    """Only its author removes a file from their own work."""
    return attachment.submission.user_id == user.id

