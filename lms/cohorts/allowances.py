"""What a facilitator grants one learner: a later due date in a module, or more attempts at a quiz.

The learner's dashboard (lms/learning/queries.py) and the facilitators' progress view
(lms/cohorts/queries.py `roster`) read a granted due date in place of the cohort's, and every quiz
page reads a learner's attempts through `attempts_allowed`, so that one grant is seen the same
everywhere. Each grant is kept in the audit log and told to the learner.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.audit import services as audit
from lms.cohorts.models import Cohort, DeadlineExtension, ExtraAttempts, ModuleSchedule
from lms.cohorts.services import local_end_of_day
from lms.core.i18n import in_language, localized
from lms.core.urls import external_url
from lms.courses.models import Activity, Module
from lms.mail.services import queue_email
from lms.users.models import User

MOST_EXTRA_ATTEMPTS = 5


class Refused(ValueError):
    """The grant cannot be made; the message says why, in the reader's language."""


def extra_attempts(session: Session, user_id: int, activity_id: int) -> int:
    return session.scalar(select(ExtraAttempts.extra).where(ExtraAttempts.user_id == user_id,
                                                            ExtraAttempts.activity_id == activity_id)) or 0


def attempts_allowed(session: Session, user_id: int, activity: Activity) -> int:
    """The attempts this learner has at this quiz: the quiz's own (0: no limit) and any granted."""
    allowed = int(activity.definition.get("attempts", 0) or 0)
    return allowed + extra_attempts(session, user_id, activity.id) if allowed else 0


def extend_deadline(session: Session, cohort: Cohort, learner: User, module: Module, due_on: dt.date,
                    reason: str, actor: User) -> DeadlineExtension:
    """Give `learner` until the end of `due_on` (in the cohort's time zone) for `module`."""
    cohort_due = session.scalar(select(ModuleSchedule.due_at).where(ModuleSchedule.cohort_id == cohort.id,
                                                                    ModuleSchedule.module_id == module.id))
    due_at = local_end_of_day(due_on, cohort.timezone)
    if cohort_due is not None and due_at <= cohort_due:
        raise Refused(_l("The new due date must be later than the cohort's."))
    entry = session.scalar(select(DeadlineExtension).where(
        DeadlineExtension.cohort_id == cohort.id, DeadlineExtension.user_id == learner.id,
        DeadlineExtension.module_id == module.id))
    if entry is None:
        entry = DeadlineExtension(cohort_id=cohort.id, user_id=learner.id, module_id=module.id, due_at=due_at)
        session.add(entry)
    entry.due_at, entry.reason, entry.granted_by_id = due_at, reason.strip(), actor.id
    audit.record(session, "deadline_extended", learner.email, actor=actor, cohort=cohort.id, module=module.slug,
                 due_on=due_on.isoformat())
    with in_language(learner.language):
        title = localized(module.title, learner.language)[0]
        queue_email(session, recipient=learner.email, language=learner.language, template="deadline_extended",
                    subject=_l("More time for “%(module)s”", module=title), user=learner, cohort=cohort,
                    module_title=title, due_on=due_on, timezone=cohort.timezone, reason=entry.reason,
                    link=external_url("learning.module", cohort_id=cohort.id, slug=module.slug))
    session.flush()
    return entry


def withdraw_extension(session: Session, extension: DeadlineExtension, actor: User) -> None:
    learner = session.get_one(User, extension.user_id)
    audit.record(session, "deadline_extension_withdrawn", learner.email, actor=actor, cohort=extension.cohort_id,
                 module=extension.module.slug)
    session.delete(extension)
    session.flush()


def grant_attempt(session: Session, cohort: Cohort, learner: User, activity: Activity, reason: str,
                  actor: User) -> ExtraAttempts:
    """One more attempt at `activity` for `learner` (a quiz with a limit; at most MOST_EXTRA_ATTEMPTS)."""
    if activity.type != "quiz" or not activity.definition.get("attempts"):
        raise Refused(_l("This quiz has no limit on attempts."))
    entry = session.scalar(select(ExtraAttempts).where(ExtraAttempts.user_id == learner.id,
                                                       ExtraAttempts.activity_id == activity.id))
    if entry is None:
        entry = ExtraAttempts(cohort_id=cohort.id, user_id=learner.id, activity_id=activity.id, extra=0)
        session.add(entry)
    if entry.extra >= MOST_EXTRA_ATTEMPTS:
        raise Refused(_l("At most %(count)d extra attempts can be granted.", count=MOST_EXTRA_ATTEMPTS))
    entry.extra += 1
    entry.reason, entry.granted_by_id, entry.cohort_id = reason.strip(), actor.id, cohort.id
    audit.record(session, "attempt_granted", learner.email, actor=actor, cohort=cohort.id, quiz=activity.slug,
                 extra=entry.extra)
    with in_language(learner.language):
        title = localized(activity.title, learner.language)[0]
        queue_email(session, recipient=learner.email, language=learner.language, template="attempt_granted",
                    subject=_l("Another attempt at “%(quiz)s”", quiz=title), user=learner, cohort=cohort,
                    quiz_title=title, reason=entry.reason,
                    link=external_url("learning.quiz", cohort_id=cohort.id, slug=activity.slug))
    session.flush()
    return entry
