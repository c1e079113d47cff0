"""Webhooks: the programme's events as signed JSON to the endpoints staff registered.

Signed as Standard Webhooks (standardwebhooks.com) sign: `webhook-id` (the delivery's stable id,
the same on every retry), `webhook-timestamp` (seconds since the epoch, at each attempt) and
`webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the secret's bytes>`;
while a rotated secret is still honoured, a second signature follows, separated by a space.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Mapping
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.core import clock
from lms.integrations import outbox
from lms.integrations.models import Delivery, WebhookEndpoint

KIND = "webhook"
SECRET_PREFIX = "whsec_"
# How long the secret before a rotation still signs, beside the new one.
ROTATION_OVERLAP = dt.timedelta(hours=24)

# The event types an endpoint may subscribe to, with what the staff page calls them.
EVENTS: dict[str, Any] = {
    "enrolment.created": _l("A learner was enrolled in a cohort"),
    "enrolment.removed": _l("A learner was taken out of a cohort"),
    "module.completed": _l("A learner completed a module"),
    "submission.submitted": _l("A learner submitted a piece of work"),
    "submission.reviewed": _l("A piece of work was accepted or returned (graded)"),
    "certificate.issued": _l("A certificate was issued"),
    "certificate.revoked": _l("A certificate was revoked"),
}


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def create_endpoint(session: Session, *, url: str, events: list[str], description: str = "",
                    active: bool = True, by: Any = None) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(url=url, events=[e for e in EVENTS if e in events], description=description,
                               active=active, secret=new_secret(), created_by_id=by.id if by else None)
    session.add(endpoint)
    session.flush()
    return endpoint


def update_endpoint(endpoint: WebhookEndpoint, *, url: str, events: list[str], description: str,
                    active: bool) -> None:
    endpoint.url = url
    endpoint.events = [e for e in EVENTS if e in events]
    endpoint.description = description
    endpoint.active = active


def rotate_secret(endpoint: WebhookEndpoint) -> str:
    """A new secret; the old one keeps signing too for ROTATION_OVERLAP. Returns the new one."""
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_until = clock.utcnow() + ROTATION_OVERLAP
    endpoint.secret = new_secret()
    return endpoint.secret


# Signing ---------------------------------------------------------------------------------

def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def headers(endpoint: WebhookEndpoint, delivery: Delivery, body: bytes, now: dt.datetime) -> dict[str, str]:
    timestamp = int(now.timestamp())
    signatures = [sign(endpoint.secret, delivery.uid, timestamp, body)]
    if endpoint.previous_secret and endpoint.previous_until and endpoint.previous_until > now:
        signatures.append(sign(endpoint.previous_secret, delivery.uid, timestamp, body))
    return {"Content-Type": "application/json", "User-Agent": "UNEVOC-LMS-Webhooks/1",
            "webhook-id": delivery.uid, "webhook-timestamp": str(timestamp),
            "webhook-signature": " ".join(signatures)}


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


@outbox.sender(KIND)
def send(delivery: Delivery, config: Mapping[str, Any]) -> outbox.Outcome:
    endpoint = delivery.endpoint
    if endpoint is None or not endpoint.active:
        return outbox.Outcome(False, response="The endpoint is switched off.", retry=False)
    body = body_of(delivery)
    return outbox.post(endpoint.url, body, headers(endpoint, delivery, body, clock.utcnow()),
                       float(config["INTEGRATIONS_TIMEOUT"]))


# What each event says ---------------------------------------------------------------------
# Stable ids and no more personal data than a receiver needs to find the record on its side:
# a learner is their id, never their name or address.

def _stamp(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if moment else None


def _cohort(cohort: Any) -> dict[str, Any]:
    return {"id": cohort.id, "name": cohort.name, "programme": cohort.programme.slug}


def _learner(user: Any) -> dict[str, Any]:
    return {"id": user.id}


def queue_event(session: Session, event: str, data: dict[str, Any],
                endpoints: list[WebhookEndpoint] | None = None) -> list[Delivery]:
    """A delivery of `event` to every active endpoint that subscribed to it (or to `endpoints`)."""
    if endpoints is None:
        endpoints = [e for e in session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
                                                .order_by(WebhookEndpoint.id))
                     if event in (e.events or [])]
    payload = {"type": event, "timestamp": _stamp(clock.utcnow()), "data": data,
               "platform": current_app.config["BASE_URL"]}
    return [outbox.queue(session, kind=KIND, target=e.url, event=event, payload=payload,
                         uid=f"msg_{uuid.uuid4().hex}", endpoint_id=e.id) for e in endpoints]


def send_test(session: Session, endpoint: WebhookEndpoint) -> Delivery:
    """A `webhook.test` event to this endpoint alone, for its owners to check their receiver."""
    [delivery] = queue_event(session, "webhook.test", {"endpoint": {"id": endpoint.id}}, [endpoint])
    return delivery


def enrolled(session: Session, user: Any, cohort: Any, enrolment: Any) -> None:
    queue_event(session, "enrolment.created", {"enrolment": {"id": enrolment.id, "enrolled_at": _stamp(
        enrolment.enrolled_at)}, "learner": _learner(user), "cohort": _cohort(cohort)})


def unenrolled(session: Session, user: Any, cohort: Any) -> None:
    queue_event(session, "enrolment.removed", {"learner": _learner(user), "cohort": _cohort(cohort)})


def module_completed(session: Session, user: Any, module: Any) -> None:
    queue_event(session, "module.completed", {
        "learner": _learner(user),
        "module": {"id": module.id, "slug": module.slug, "position": module.position,
                   "programme": module.programme.slug},
        "completed_at": _stamp(clock.utcnow())})


def _submission(submission: Any, activity: Any) -> dict[str, Any]:
    return {"id": submission.id, "activity": {"id": activity.id, "slug": activity.slug, "type": activity.type},
            "cohort_id": submission.cohort_id, "status": submission.status,
            "submitted_at": _stamp(submission.submitted_at)}


def work_submitted(session: Session, user: Any, activity: Any, submission: Any) -> None:
    queue_event(session, "submission.submitted", {"learner": _learner(user),
                                                  "submission": _submission(submission, activity)})


def work_reviewed(session: Session, user: Any, activity: Any, submission: Any, review: Any) -> None:
    queue_event(session, "submission.reviewed", {
        "learner": _learner(user), "submission": _submission(submission, activity),
        "review": {"id": review.id, "decision": review.decision, "reviewed_at": _stamp(review.created_at)}})


def _certificate(certificate: Any) -> dict[str, Any]:
    from lms.core.urls import external_url
    return {"id": certificate.id, "serial": certificate.serial, "programme": certificate.programme.slug,
            "cohort_id": certificate.cohort_id, "issued_at": _stamp(certificate.issued_at),
            "revoked_at": _stamp(certificate.revoked_at), "replaces_id": certificate.replaces_id,
            "verification_url": external_url("certificates.verify", code=certificate.code)}


def certificate_issued(session: Session, certificate: Any) -> None:
    queue_event(session, "certificate.issued", {"learner": _learner(certificate.holder),
                                                "certificate": _certificate(certificate)})


def certificate_revoked(session: Session, certificate: Any) -> None:
    # The reason is left out: it is free text about a person.
    queue_event(session, "certificate.revoked", {"learner": _learner(certificate.holder),
                                                 "certificate": _certificate(certificate)})
