"""xAPI statements to a learning record store, through the outbox.

What a learner does becomes a statement (xAPI 1.0.3) with the ADL and cmi5 vocabulary where it
fits: launched and completed (lessons, modules), passed or failed with a scaled score (quizzes),
submitted (work), attended (live sessions), earned (certificates). The actor is an account on this
platform ({homePage: BASE_URL, name: the account's id}), never an email address: the id does not
change when someone corrects their address, and the record store learns nothing it does not need.
`registration` is a UUID made from the enrolment, the same in every statement of that enrolment;
`context.contextActivities` holds the module (parent) and the programme and cohort (grouping).

Each statement's id is made once, when it is queued, and the statement is PUT under it: delivered
twice (a retry after a lost answer), the store keeps one (it answers 204, or 409 when it has it).
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.core import clock
from lms.integrations import outbox
from lms.integrations.models import Delivery

KIND = "xapi"
VERSION = "1.0.3"

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS: dict[str, tuple[str, str]] = {
    "launched": (ADL + "launched", "launched"),
    "completed": (ADL + "completed", "completed"),
    "passed": (ADL + "passed", "passed"),
    "failed": (ADL + "failed", "failed"),
    "attended": (ADL + "attended", "attended"),
    # Neither ADL nor cmi5 has these two; both are in the xAPI registry.
    "submitted": ("http://activitystrea.ms/schema/1.0/submit", "submitted"),
    "earned": ("http://id.tincanapi.com/verb/earned", "earned"),
}
TYPES = {
    "programme": "http://adlnet.gov/expapi/activities/course",
    "module": "http://adlnet.gov/expapi/activities/module",
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
    "work": "http://adlnet.gov/expapi/activities/assessment",
    "cohort": "http://id.tincanapi.com/activitytype/group",
    "live": "http://adlnet.gov/expapi/activities/meeting",
    "certificate": "http://id.tincanapi.com/activitytype/badge",
}
# The namespace of the registrations' UUIDs (uuid5 of the platform's address and the enrolment).
REGISTRATIONS = uuid.UUID("7c5e3d1e-2b8a-4f0e-9a51-6f2d0c1b9e47")


def configured(config: Mapping[str, Any]) -> bool:
    return bool(config.get("XAPI_ENDPOINT"))


def statements_url(config: Mapping[str, Any]) -> str:
    return str(config["XAPI_ENDPOINT"]).rstrip("/") + "/statements"


@outbox.sender(KIND)
def send(delivery: Delivery, config: Mapping[str, Any]) -> outbox.Outcome:
    if not configured(config):
        return outbox.Outcome(False, response="No learning record store is configured (LMS_XAPI_ENDPOINT).")
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": VERSION}
    if config.get("XAPI_USERNAME"):
        pair = f"{config['XAPI_USERNAME']}:{config.get('XAPI_PASSWORD', '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    url = f"{statements_url(config)}?statementId={quote(delivery.uid)}"
    outcome = outbox.post(url, body, headers, float(config["INTEGRATIONS_TIMEOUT"]), method="PUT")
    if outcome.status == 409:  # the store has a statement with this id: ours, from an earlier attempt
        return outbox.Outcome(True, 409, outcome.response)
    if outcome.status in (400, 401, 403):
        # Refused as it is (malformed, or the store's login is wrong): retried, since a
        # configuration change may mend it, but the log shows why.
        return outbox.Outcome(False, outcome.status, outcome.response)
    return outcome


# Building statements ------------------------------------------------------------------------

def _base() -> str:
    return str(current_app.config["BASE_URL"]).rstrip("/")


def _names(title: Any) -> dict[str, str]:
    if isinstance(title, dict):
        return {lang: str(text) for lang, text in title.items() if text} or {"en": "-"}
    return {"en": str(title or "-")}


def _activity(iri: str, kind: str, title: Any) -> dict[str, Any]:
    return {"objectType": "Activity", "id": iri, "definition": {"type": TYPES[kind], "name": _names(title)}}


def programme_activity(programme: Any) -> dict[str, Any]:
    return _activity(f"{_base()}/xapi/programmes/{programme.slug}", "programme", programme.title)


def module_activity(module: Any) -> dict[str, Any]:
    return _activity(f"{_base()}/xapi/programmes/{module.programme.slug}/modules/{module.slug}", "module",
                     module.title)


def lesson_activity(lesson: Any, module: Any) -> dict[str, Any]:
    titles = {text.language: text.title for text in lesson.texts}
    return _activity(f"{_base()}/xapi/programmes/{module.programme.slug}/modules/{module.slug}/lessons/"
                     f"{lesson.slug}", "lesson", titles)


def task_activity(activity: Any, programme: Any, kind: str) -> dict[str, Any]:
    return _activity(f"{_base()}/xapi/programmes/{programme.slug}/activities/{activity.slug}", kind,
                     activity.title)


def cohort_activity(cohort: Any) -> dict[str, Any]:
    return _activity(f"{_base()}/xapi/cohorts/{cohort.id}", "cohort", cohort.name)


def actor(user: Any) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": _base(), "name": str(user.id)}}


def registration(enrolment_id: int) -> str:
    return str(uuid.uuid5(REGISTRATIONS, f"{_base()}/enrolments/{enrolment_id}"))


def _enrolment(session: Session, user_id: int, *, programme_id: int | None = None,
               cohort_id: int | None = None) -> Any:
    """The enrolment a statement belongs to: in the cohort named, or the latest in the programme."""
    from lms.cohorts.models import Cohort, Enrolment
    query = select(Enrolment).join(Cohort, Cohort.id == Enrolment.cohort_id).where(Enrolment.user_id == user_id)
    if cohort_id is not None:
        query = query.where(Enrolment.cohort_id == cohort_id)
    else:
        query = query.where(Cohort.programme_id == programme_id)
    return session.scalar(query.order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc()).limit(1))


def statement(session: Session, *, user: Any, verb: str, object_: dict[str, Any], programme: Any,
              module: Any = None, cohort_id: int | None = None, result: dict[str, Any] | None = None,
              timestamp: dt.datetime | None = None, statement_id: str | None = None) -> dict[str, Any]:
    enrolment = _enrolment(session, user.id, programme_id=programme.id, cohort_id=cohort_id)
    grouping = [programme_activity(programme)]
    context: dict[str, Any] = {"platform": "UNESCO-UNEVOC TVET Leadership Programme",
                               "contextActivities": {"grouping": grouping}}
    if enrolment is not None:
        context["registration"] = registration(enrolment.id)
        context["language"] = enrolment.cohort.language
        grouping.append(cohort_activity(enrolment.cohort))
    if module is not None and object_["id"] != module_activity(module)["id"]:
        context["contextActivities"]["parent"] = [module_activity(module)]
    iri, display = VERBS[verb]
    made: dict[str, Any] = {"id": statement_id or str(uuid.uuid4()), "actor": actor(user),
                            "verb": {"id": iri, "display": {"en-US": display}}, "object": object_,
                            "context": context, "timestamp": (timestamp or clock.utcnow()).astimezone(dt.UTC)
                            .isoformat().replace("+00:00", "Z")}
    if result is not None:
        made["result"] = result
    return made


def queue_statement(session: Session, made: dict[str, Any]) -> Delivery | None:
    """Queue `made` for the record store, once: a statement id queued before is not queued again."""
    if session.scalar(select(Delivery.id).where(Delivery.uid == made["id"])) is not None:
        return None
    verb = made["verb"]["display"]["en-US"]
    return outbox.queue(session, kind=KIND, target=statements_url(current_app.config), event=verb,
                        payload=made, uid=made["id"])


# From the programme's events -----------------------------------------------------------------

def lesson_launched(session: Session, user: Any, lesson: Any) -> None:
    module = _module(session, lesson.module_id)
    queue_statement(session, statement(session, user=user, verb="launched", programme=module.programme,
                                       module=module, object_=lesson_activity(lesson, module)))


def lesson_completed(session: Session, user: Any, lesson: Any) -> None:
    module = _module(session, lesson.module_id)
    queue_statement(session, statement(session, user=user, verb="completed", programme=module.programme,
                                       module=module, object_=lesson_activity(lesson, module),
                                       result={"completion": True}))


def module_completed(session: Session, user: Any, module: Any) -> None:
    queue_statement(session, statement(session, user=user, verb="completed", programme=module.programme,
                                       module=module, object_=module_activity(module),
                                       result={"completion": True}))


def quiz_attempted(session: Session, user: Any, activity: Any, attempt: Any) -> None:
    module = _module(session, activity.module_id) if activity.module_id else None
    programme = module.programme if module else _programme(session, activity.programme_id)
    score = max(0, min(100, int(attempt.score)))
    queue_statement(session, statement(
        session, user=user, verb="passed" if attempt.passed else "failed", programme=programme, module=module,
        object_=task_activity(activity, programme, "quiz"),
        result={"score": {"scaled": round(score / 100, 4), "raw": score, "min": 0, "max": 100},
                "success": bool(attempt.passed), "completion": True}))


def work_submitted(session: Session, user: Any, activity: Any, submission: Any) -> None:
    module = _module(session, activity.module_id) if activity.module_id else None
    programme = module.programme if module else _programme(session, activity.programme_id)
    queue_statement(session, statement(session, user=user, verb="submitted", programme=programme, module=module,
                                       cohort_id=submission.cohort_id,
                                       object_=task_activity(activity, programme, "work")))


def attended(session: Session, live: Any, users: list[Any]) -> None:
    from lms.cohorts.models import Cohort
    cohort = session.get_one(Cohort, live.cohort_id)
    object_ = _activity(f"{_base()}/xapi/cohorts/{cohort.id}/live-sessions/{live.id}", "live", live.title)
    for user in users:
        # One statement per person and session, however often the attendance is recorded again.
        made = statement(session, user=user, verb="attended", programme=cohort.programme, cohort_id=cohort.id,
                         object_=object_, timestamp=live.starts_at,
                         statement_id=str(uuid.uuid5(REGISTRATIONS, f"{_base()}/attended/{live.id}/{user.id}")))
        queue_statement(session, made)


def certificate_issued(session: Session, certificate: Any) -> None:
    from lms.core.urls import external_url
    object_ = _activity(external_url("certificates.verify", code=certificate.code), "certificate",
                        certificate.programme.title)
    queue_statement(session, statement(session, user=certificate.holder, verb="earned",
                                       programme=certificate.programme, cohort_id=certificate.cohort_id,
                                       object_=object_))


def _module(session: Session, module_id: int) -> Any:
    from lms.courses.models import Module
    return session.get_one(Module, module_id)


def _programme(session: Session, programme_id: int) -> Any:
    from lms.courses.models import Programme
    return session.get_one(Programme, programme_id)
