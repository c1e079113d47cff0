"""The outbox is one for every kind: another package registers a sender and queues its own rows."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from lms.extensions import db
from lms.integrations import outbox
from lms.integrations.models import Delivery, DeliveryState
from tests.integrations.conftest import deliver


def test_a_kind_of_another_package_is_delivered_by_the_same_command(app, monkeypatch, now):
    sent = []

    def send(delivery, config):
        sent.append(delivery.payload)
        return outbox.Outcome(True, 202, "accepted")

    monkeypatch.setitem(outbox.SENDERS, "badge-backpack", send)
    with app.app_context():
        outbox.queue(db.session, kind="badge-backpack", target="https://backpack.example.org/", event="pushed",
                     payload={"credential": 8})
        outbox.queue(db.session, kind="no-such-kind", target="x", event="x", payload={})
        db.session.commit()
    assert "1 delivered, 1 failed attempts." in deliver(app)
    assert sent == [{"credential": 8}]
    with app.app_context():
        states = {d.kind: (d.state, d.last_status) for d in db.session.scalars(select(Delivery))}
    # A row nobody knows how to send is set aside at once: retrying would not help.
    assert states == {"badge-backpack": (DeliveryState.delivered, 202), "no-such-kind": (DeliveryState.failed, None)}


def test_the_wait_doubles_and_stops_growing_at_twelve_hours():
    assert [outbox.backoff(n) for n in (1, 2, 3, 4)] == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert outbox.backoff(30) == dt.timedelta(hours=12)
