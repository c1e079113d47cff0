"""What happens in the programme, said once, for whoever listens.

The services send these signals (blinker, which Flask uses for its own) inside the transaction
that made the change, after it is flushed. A listener (webhooks, xAPI statements) must only add
rows to the same session, such as an outbox row to be delivered later by a `flask` command: what
it adds is committed or rolled back with the change itself, and nothing leaves the machine
before the commit. A listener never commits and never calls out.

Each signal is sent with the session as sender and the keyword arguments listed beside it.
"""
from __future__ import annotations

from typing import Any

from blinker import Namespace
from sqlalchemy import func, select
from sqlalchemy.orm import Session

_signals = Namespace()

#: user, cohort, enrolment — someone was put in a cohort (not sent when they were in it already)
enrolled = _signals.signal("enrolled")
#: user, cohort — someone was taken out of a cohort
unenrolled = _signals.signal("unenrolled")
#: user, lesson — a lesson opened for the first time
lesson_launched = _signals.signal("lesson-launched")
#: user, lesson — a lesson marked done for the first time
lesson_completed = _signals.signal("lesson-completed")
#: user, activity, attempt — a quiz attempt graded (attempt.passed, attempt.score out of 100)
quiz_attempted = _signals.signal("quiz-attempted")
#: user, activity, submission — a piece of work submitted
work_submitted = _signals.signal("work-submitted")
#: user, activity, submission, review, reviewer — a piece of work accepted or returned
work_reviewed = _signals.signal("work-reviewed")
#: user, module — every current lesson and activity of a module completed (sent once, by the
#: step that completed it)
module_completed = _signals.signal("module-completed")
#: live, users — attendance recorded for a live session (the users present now)
attended = _signals.signal("attended")
#: certificate — a certificate issued (or reissued)
certificate_issued = _signals.signal("certificate-issued")
#: certificate, reason — a certificate revoked
certificate_revoked = _signals.signal("certificate-revoked")

ALL = (enrolled, unenrolled, lesson_launched, lesson_completed, quiz_attempted, work_submitted, work_reviewed,
       module_completed, attended, certificate_issued, certificate_revoked)


def send(signal: Any, session: Session, **data: Any) -> None:
    signal.send(session, **data)


def module_done(session: Session, user_id: int, module_id: int) -> bool:
    """Whether `user_id` has completed every current lesson and activity of the module."""
    from lms.courses.activities import ACTIVITY_TYPES
    from lms.courses.models import Activity, Lesson
    from lms.learning.completion import completed_pairs
    from lms.learning.models import LessonProgress

    lessons = select(Lesson.id).where(Lesson.module_id == module_id, Lesson.retired_at.is_(None)).subquery()
    open_lessons = session.scalar(
        select(func.count()).select_from(lessons)
        .outerjoin(LessonProgress, (LessonProgress.lesson_id == lessons.c.id) & (LessonProgress.user_id == user_id))
        .where(LessonProgress.completed_at.is_(None))) or 0
    if open_lessons:
        return False
    activities = [a for a in session.scalars(select(Activity).where(Activity.module_id == module_id,
                                                                    Activity.retired_at.is_(None)))
                  if ACTIVITY_TYPES.get(a.type) and ACTIVITY_TYPES[a.type].completed_when]
    done = completed_pairs(session, [user_id])
    return all((user_id, a.id) in done for a in activities)


def step_completed(session: Session, user: Any, module_id: int | None) -> None:
    """A lesson or activity of `module_id` was just completed by `user` for the first time: if
    that completed the module, say so."""
    if module_id is None or not module_done(session, user.id, module_id):
        return
    from lms.courses.models import Module
    send(module_completed, session, user=user, module=session.get_one(Module, module_id))
