"""Demo: a Centre's Moodle listening to the demo cohorts' events, with a delivery log to read."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.core import clock
from lms.integrations import webhooks
from lms.integrations.models import Delivery, WebhookEndpoint

# On loopback, on the discard port: `flask integrations deliver` run on the demo reaches nothing
# outside the machine, and shows how a refused connection is logged and retried.
DEMO_URL = "http://127.0.0.1:9/moodle/webhooks/unevoc"


def demo_endpoint(session: Session) -> WebhookEndpoint:
    """The demo endpoint, before the demo's cohorts are loaded, so that their events reach it."""
    endpoint = session.scalar(select(WebhookEndpoint).where(WebhookEndpoint.url == DEMO_URL))
    if endpoint is None:
        endpoint = webhooks.create_endpoint(session, url=DEMO_URL, events=list(webhooks.EVENTS),
                                            description="Kenya Technical Trainers College: Moodle (demo)")
    return endpoint


def settle_deliveries(session: Session, endpoint: WebhookEndpoint) -> None:
    """What the demo queued shows as delivered over the past days, but for the latest two: one
    answered 503 and waits for its next attempt, one is waiting for its first."""
    waiting = list(session.scalars(select(Delivery).where(Delivery.endpoint_id == endpoint.id,
                                                          Delivery.attempts == 0).order_by(Delivery.id)))
    now = clock.utcnow()
    for n, delivery in enumerate(waiting[:-2]):
        moment = now - dt.timedelta(days=3, minutes=-n)
        delivery.created_at = delivery.last_attempt_at = delivery.delivered_at = moment
        delivery.attempts, delivery.last_status, delivery.last_response = 1, 200, '{"status":"received"}'
    if len(waiting) >= 2:
        retried = waiting[-2]
        retried.attempts, retried.last_status = 1, 503
        retried.last_response = "Service Unavailable: Moodle is being upgraded"
        retried.last_attempt_at = now - dt.timedelta(minutes=1)
        retried.next_attempt_at = now + dt.timedelta(minutes=1)
    session.flush()
