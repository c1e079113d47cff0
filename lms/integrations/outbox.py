"""The one outbound HTTP outbox: deliveries queued with the change, drained by `flask integrations deliver`.

A package queues a delivery of a kind it registered with `@sender("kind")`: a function that makes
one attempt and says how it went. `deliver_pending` claims due rows so that several hosts may run
it at once (a row lock skipping rows another holds on PostgreSQL, then a conditional update, as
lms/mail/services.py and lms/community/notifications.py do), sends each outside any transaction,
and records the answer: delivered, retried later with a growing delay, or failed after
INTEGRATIONS_MAX_ATTEMPTS.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.core import clock
from lms.core.db import rowcount
from lms.integrations.models import Delivery

log = logging.getLogger(__name__)

# How long a delivering process holds a row before another may try it (longer than any timeout).
CLAIM_SECONDS = 300
# The answer's beginning kept in the log.
EXCERPT = 500


@dataclasses.dataclass(frozen=True)
class Outcome:
    """How one attempt went: `delivered`, or not and whether trying again could help."""

    delivered: bool
    status: int | None = None
    response: str = ""
    retry: bool = True


Sender = Callable[[Delivery, Mapping[str, Any]], Outcome]
SENDERS: dict[str, Sender] = {}


def sender(kind: str) -> Callable[[Sender], Sender]:
    """Register the function that delivers rows of `kind` (given the row and the app's config)."""
    def register(function: Sender) -> Sender:
        SENDERS[kind] = function
        return function
    return register


def queue(session: Session, *, kind: str, target: str, event: str, payload: dict[str, Any],
          uid: str | None = None, endpoint_id: int | None = None) -> Delivery:
    """Add a delivery to the caller's transaction: it goes out only if that commits."""
    delivery = Delivery(kind=kind, target=target[:500], event=event[:60], payload=payload,
                        uid=uid or str(uuid.uuid4()), endpoint_id=endpoint_id, next_attempt_at=clock.utcnow())
    session.add(delivery)
    return delivery


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4 … minutes, at most 12 hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 12 * 60))


def _due(now: dt.datetime) -> Any:
    return (Delivery.delivered_at.is_(None), Delivery.failed_at.is_(None), Delivery.next_attempt_at <= now)


def claim(session: Session, *, limit: int | None = None, kind: str | None = None) -> list[int]:
    """Claim due deliveries for this process, and commit: another process running now skips them."""
    now = clock.utcnow()
    query = select(Delivery.id).where(*_due(now)).order_by(Delivery.next_attempt_at, Delivery.id)
    if kind:
        query = query.where(Delivery.kind == kind)
    if limit:
        query = query.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        # Rows another process is claiming right now are left to it.
        query = query.with_for_update(skip_locked=True)
    claimed = []
    for delivery_id in list(session.scalars(query)):
        # Conditional, for SQLite (no row locks) and for rows claimed since they were read.
        held = session.execute(update(Delivery).where(Delivery.id == delivery_id, *_due(now))
                               .values(next_attempt_at=now + dt.timedelta(seconds=CLAIM_SECONDS))
                               .execution_options(synchronize_session=False))
        if rowcount(held) == 1:
            claimed.append(delivery_id)
    session.commit()
    return claimed


def deliver_pending(session: Session, *, limit: int | None = None, kind: str | None = None) -> tuple[int, int]:
    """Deliver what is due; returns (delivered, failed attempts).

    A worker: it commits after each delivery, and never holds a transaction open while it waits
    for an answer.
    """
    config = current_app.config
    delivered = failures = 0
    for delivery_id in claim(session, limit=limit, kind=kind):
        delivery = session.get_one(Delivery, delivery_id)
        send = SENDERS.get(delivery.kind)
        if send is None:
            outcome = Outcome(False, response=f"No sender for the kind {delivery.kind!r}", retry=False)
        else:
            try:
                outcome = send(delivery, config)
            except Exception as exc:  # a bug of ours, or a payload that cannot be sent: not retried
                log.exception("delivery %s (%s) cannot be sent", delivery.id, delivery.kind)
                outcome = Outcome(False, response=f"{type(exc).__name__}: {exc}", retry=False)
        record(delivery, outcome, int(config["INTEGRATIONS_MAX_ATTEMPTS"]))
        session.commit()
        if outcome.delivered:
            delivered += 1
        else:
            failures += 1
    return delivered, failures


def record(delivery: Delivery, outcome: Outcome, max_attempts: int) -> None:
    now = clock.utcnow()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status = outcome.status
    delivery.last_response = outcome.response[:EXCERPT]
    if outcome.delivered:
        delivery.delivered_at = now
    elif outcome.retry and delivery.attempts < max_attempts:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        log.warning("delivery %s to %s: attempt %s failed (%s), next at %s", delivery.id, delivery.target,
                    delivery.attempts, outcome.status, delivery.next_attempt_at)
    else:
        delivery.failed_at = now
        log.error("delivery %s to %s failed after %s attempts", delivery.id, delivery.target, delivery.attempts)


def retry_now(delivery: Delivery) -> None:
    """Make a waiting or failed delivery due at once (a failed one gets one more attempt)."""
    if delivery.delivered_at is not None:
        return
    delivery.failed_at = None
    delivery.next_attempt_at = clock.utcnow()


def counts(session: Session, *where: Any) -> dict[str, int]:
    """How many deliveries (of those `where` selects) wait, were delivered and failed."""
    row = session.execute(select(
        func.count(Delivery.id).filter(Delivery.delivered_at.is_(None), Delivery.failed_at.is_(None)),
        func.count(Delivery.id).filter(Delivery.delivered_at.is_not(None)),
        func.count(Delivery.id).filter(Delivery.failed_at.is_not(None))).where(*where)).one()
    return {"pending": row[0] or 0, "delivered": row[1] or 0, "failed": row[2] or 0}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other that is not 2xx: the body is not sent elsewhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url: str, body: bytes, headers: Mapping[str, str], timeout: float, method: str = "POST") -> Outcome:
    """One HTTP request; a 2xx answer is delivered, anything else (a redirect too) is retried."""
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Outcome(True, response.status, _excerpt(response.read(EXCERPT * 4)))
    except urllib.error.HTTPError as exc:
        return Outcome(False, exc.code, _excerpt(exc.read(EXCERPT * 4)))
    except (OSError, ValueError) as exc:  # refused, unreachable, timed out, TLS, a malformed address
        return Outcome(False, None, f"{type(exc).__name__}: {exc}")


def _excerpt(data: bytes) -> str:
    return data.decode("utf-8", "replace")[:EXCERPT]
