"""The programme's events (lms/core/events.py) turned into deliveries in the same session.

Connected once, when the app imports this module: a listener only adds outbox rows to the session
that sent the event, so they are committed or rolled back with the change itself. Webhooks go to
the endpoints subscribed; xAPI statements only while a record store is configured.
"""
from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from lms.core import events
from lms.integrations import webhooks, xapi


def _xapi_on() -> bool:
    return xapi.configured(current_app.config)


@events.enrolled.connect
def _enrolled(session: Session, user: Any, cohort: Any, enrolment: Any, **_: Any) -> None:
    webhooks.enrolled(session, user, cohort, enrolment)


@events.unenrolled.connect
def _unenrolled(session: Session, user: Any, cohort: Any, **_: Any) -> None:
    webhooks.unenrolled(session, user, cohort)


@events.lesson_launched.connect
def _lesson_launched(session: Session, user: Any, lesson: Any, **_: Any) -> None:
    if _xapi_on():
        xapi.lesson_launched(session, user, lesson)


@events.lesson_completed.connect
def _lesson_completed(session: Session, user: Any, lesson: Any, **_: Any) -> None:
    if _xapi_on():
        xapi.lesson_completed(session, user, lesson)


@events.quiz_attempted.connect
def _quiz_attempted(session: Session, user: Any, activity: Any, attempt: Any, **_: Any) -> None:
    if _xapi_on():
        xapi.quiz_attempted(session, user, activity, attempt)


@events.work_submitted.connect
def _work_submitted(session: Session, user: Any, activity: Any, submission: Any, **_: Any) -> None:
    webhooks.work_submitted(session, user, activity, submission)
    if _xapi_on():
        xapi.work_submitted(session, user, activity, submission)


@events.work_reviewed.connect
def _work_reviewed(session: Session, user: Any, activity: Any, submission: Any, review: Any, **_: Any) -> None:
    webhooks.work_reviewed(session, user, activity, submission, review)


@events.module_completed.connect
def _module_completed(session: Session, user: Any, module: Any, **_: Any) -> None:
    webhooks.module_completed(session, user, module)
    if _xapi_on():
        xapi.module_completed(session, user, module)


@events.attended.connect
def _attended(session: Session, live: Any, users: list[Any], **_: Any) -> None:
    if _xapi_on():
        xapi.attended(session, live, users)


@events.certificate_issued.connect
def _certificate_issued(session: Session, certificate: Any, **_: Any) -> None:
    webhooks.certificate_issued(session, certificate)
    if _xapi_on():
        xapi.certificate_issued(session, certificate)


@events.certificate_revoked.connect
def _certificate_revoked(session: Session, certificate: Any, **_: Any) -> None:
    webhooks.certificate_revoked(session, certificate)
