"""Which learners' pages a change touches: their `pages_version` (and their cohorts') is counted up.

A learner's dashboard and lesson pages are kept, rendered, in each process (lms/core/pagecache.py)
under a key that holds these versions. Every change written through the ORM to something those
pages show counts up the version of the learner it belongs to, or of its cohort, in the same
transaction; a page cached before the change then has a key no request will ask for again.
"""
from __future__ import annotations

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from lms.certificates.models import Certificate
from lms.cohorts.models import (Announcement, Cohort, DeadlineExtension, Enrolment, ExtraAttempts, LiveSession,
                                ModuleSchedule)
from lms.learning.models import (Attachment, LessonProgress, QuizAttempt, SelfAssessmentResponse, Submission,
                                 SubmissionReview, SubmissionVersion)
from lms.users.models import User

# Rows that belong to one learner, and rows that belong to a piece of written work.
BY_LEARNER = (LessonProgress, QuizAttempt, Submission, SelfAssessmentResponse, Certificate, Enrolment,
              DeadlineExtension, ExtraAttempts)
BY_SUBMISSION = (SubmissionReview, Attachment, SubmissionVersion)
# Rows that every learner of a cohort sees.
BY_COHORT = (Announcement, LiveSession, ModuleSchedule, Enrolment)


def _touched(session: Session) -> tuple[set[int], set[int], set[int]]:
    users: set[int] = set()
    submissions: set[int] = set()
    cohorts: set[int] = set()
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, BY_LEARNER) and row.user_id:
            users.add(row.user_id)
        if isinstance(row, BY_SUBMISSION) and row.submission_id:
            submissions.add(row.submission_id)
        if isinstance(row, BY_COHORT) and row.cohort_id:
            cohorts.add(row.cohort_id)
        if isinstance(row, Cohort) and row.id and row not in session.new:
            cohorts.add(row.id)
    return users, submissions, cohorts


def _count_up(session: Session, flush_context) -> None:
    users, submissions, cohorts = _touched(session)
    connection = session.connection()
    if users or submissions:
        owners = select(Submission.user_id).where(Submission.id.in_(submissions or [-1]))
        connection.execute(update(User).where(User.id.in_(users) | User.id.in_(owners))
                           .values(pages_version=User.pages_version + 1))
    if cohorts:
        connection.execute(update(Cohort).where(Cohort.id.in_(cohorts))
                           .values(pages_version=Cohort.pages_version + 1))


def listen() -> None:
    """Count versions up on every flush of every session (once per process)."""
    if not event.contains(Session, "after_flush", _count_up):
        event.listen(Session, "after_flush", _count_up)
