"""Webhooks: staff register an endpoint, the programme's events reach it signed (checked with the
independent `standardwebhooks` package), failures are retried later and shown in the log."""
from __future__ import annotations

import datetime as dt
import json
import re

from sqlalchemy import func, select
from standardwebhooks.webhooks import Webhook

from lms.audit.models import AuditEvent
from lms.cohorts.models import Cohort
from lms.cohorts.services import enrol
from lms.core.permissions import Role
from lms.extensions import db
from lms.integrations import outbox
from lms.integrations.models import Delivery, WebhookEndpoint
from lms.users.models import User
from tests.conftest import visible_text
from tests.integrations.conftest import complete_first_module, deliver
from tests.security.test_concurrency import at_once

ALL_EVENTS = ["enrolment.created", "module.completed", "submission.reviewed", "certificate.issued",
              "certificate.revoked"]


def register(client, url: str, events: list[str]) -> tuple[int, str]:
    """Add an endpoint on the staff page; returns its id and the secret the page shows once."""
    page = client.submit("/staff/integrations/webhooks/new", {"url": url, "events": events, "active": "y",
                                                              "description": "Centre's Moodle"})
    assert page.status_code == 200, page.get_data(as_text=True)
    html = page.get_data(as_text=True)
    assert "It is shown only now" in visible_text(html)
    secret = re.search(r'value="(whsec_[^"]+)"', html).group(1)
    endpoint_id = int(re.search(r"/staff/integrations/webhooks/(\d+)/deliveries", html).group(1))
    return endpoint_id, secret


def wall_clock(now) -> None:
    """The receiver checks the timestamp against its own clock (five minutes either way), as any
    receiver would: the app's clock is set to the machine's for these tests."""
    now.set(dt.datetime.now(dt.UTC))


def test_a_receiver_on_loopback_gets_the_signed_event_after_the_deliver_command(
        app, classroom, make_user, client, receiver, now):
    wall_clock(now)
    client.login(make_user(role=Role.staff))
    endpoint_id, secret = register(client, receiver.url, ["module.completed"])
    complete_first_module(app, classroom)
    assert receiver.received == []  # nothing leaves before the command runs

    assert "1 delivered, 0 failed attempts." in deliver(app)
    [got] = receiver.received
    assert got.path == "/hooks/lms" and got.headers["content-type"] == "application/json"
    # The independent implementation of Standard Webhooks accepts the signature...
    event = Webhook(secret).verify(got.body, got.headers)
    assert event["type"] == "module.completed"
    with app.app_context():
        assert event["data"]["learner"] == {"id": classroom.learner.id}
        assert event["data"]["module"]["slug"] == "first"
        delivery = db.session.scalar(select(Delivery).where(Delivery.endpoint_id == endpoint_id))
        assert got.headers["webhook-id"] == delivery.uid
    # ... and refuses the same body signed with another secret, or changed on the way.
    other = Webhook("whsec_" + "A" * 43 + "=")
    for body, verifier in ((got.body, other), (got.body.replace(b"first", b"other"), Webhook(secret))):
        try:
            verifier.verify(body, got.headers)
        except Exception as exc:  # standardwebhooks raises WebhookVerificationError
            assert "signature" in str(exc).lower()
        else:
            raise AssertionError("a wrong signature was accepted")

    log = visible_text(client.get(f"/staff/integrations/webhooks/{endpoint_id}/deliveries").get_data(as_text=True))
    assert "module.completed" in log and "Delivered" in log and "HTTP 200" in log


def test_the_payload_names_the_learner_by_id_only(app, classroom, make_user, receiver, now):
    newcomer = make_user(full_name="Lin Wei", email="lin.wei@example.org")
    with app.app_context():
        from lms.integrations import webhooks
        webhooks.create_endpoint(db.session, url=receiver.url, events=ALL_EVENTS)
        enrol(db.session, db.session.get_one(Cohort, classroom.cohort_id), db.session.get_one(User, newcomer.id))
        db.session.commit()
    deliver(app)
    [got] = receiver.received
    event = json.loads(got.body)
    assert event["type"] == "enrolment.created"
    assert event["data"]["learner"] == {"id": newcomer.id}
    assert event["data"]["cohort"]["id"] == classroom.cohort_id
    assert b"Lin Wei" not in got.body and b"lin.wei" not in got.body


def test_a_receiver_answering_500_is_retried_later_with_backoff_and_the_log_shows_it(
        app, classroom, make_user, client, receiver, now):
    client.login(make_user(role=Role.staff))
    endpoint_id, _secret = register(client, receiver.url, ["module.completed"])
    complete_first_module(app, classroom)
    receiver.answers = [500, 500]

    assert "0 delivered, 1 failed attempts." in deliver(app)
    log = visible_text(client.get(f"/staff/integrations/webhooks/{endpoint_id}/deliveries").get_data(as_text=True))
    assert "Waiting" in log and "HTTP 500" in log and "Internal trouble" in log
    deliver(app)
    assert len(receiver.received) == 1  # not due yet: the next attempt is a minute later

    now.advance(minutes=1, seconds=1)
    assert "0 delivered, 1 failed attempts." in deliver(app)
    with app.app_context():
        delivery = db.session.scalar(select(Delivery))
        assert delivery.attempts == 2
        assert delivery.next_attempt_at == now() + dt.timedelta(minutes=2)  # the wait doubles
    now.advance(minutes=1)
    deliver(app)
    assert len(receiver.received) == 2
    now.advance(minutes=1, seconds=1)
    assert "1 delivered, 0 failed attempts." in deliver(app)
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1  # one message, three attempts
    log = visible_text(client.get(f"/staff/integrations/webhooks/{endpoint_id}/deliveries").get_data(as_text=True))
    assert "Delivered" in log and "HTTP 200" in log


def test_a_delivery_is_given_up_after_the_last_attempt_and_can_be_retried_by_hand(
        app, classroom, make_user, client, receiver, now, monkeypatch):
    monkeypatch.setitem(app.config, "INTEGRATIONS_MAX_ATTEMPTS", 2)
    client.login(make_user(role=Role.staff))
    endpoint_id, _secret = register(client, receiver.url, ["module.completed"])
    complete_first_module(app, classroom)
    receiver.answers = [503, 503]
    deliver(app)
    now.advance(minutes=2)
    deliver(app)
    log_url = f"/staff/integrations/webhooks/{endpoint_id}/deliveries"
    log = client.get(log_url).get_data(as_text=True)
    assert "Failed" in visible_text(log) and "HTTP 503" in visible_text(log)
    now.advance(minutes=90)
    deliver(app)
    assert len(receiver.received) == 2  # failed: no more attempts by itself

    retry = re.search(r'action="(/staff/integrations/deliveries/\d+/retry)"', log).group(1)
    assert client.submit(retry, {}, page=log_url).status_code == 302
    assert "1 delivered" in deliver(app)
    assert "Delivered" in visible_text(client.get(log_url).get_data(as_text=True))


def test_a_receiver_that_does_not_answer_in_time_is_retried(app, classroom, receiver, now, monkeypatch):
    monkeypatch.setitem(app.config, "INTEGRATIONS_TIMEOUT", 1)
    receiver.delay = 2
    with app.app_context():
        from lms.integrations import webhooks
        webhooks.create_endpoint(db.session, url=receiver.url, events=["module.completed"])
        db.session.commit()
    complete_first_module(app, classroom)
    assert "0 delivered, 1 failed attempts." in deliver(app)
    with app.app_context():
        delivery = db.session.scalar(select(Delivery))
        assert delivery.last_status is None and "timed out" in delivery.last_response
        assert delivery.delivered_at is None and delivery.failed_at is None


def test_running_the_command_twice_delivers_once(app, classroom, receiver, now):
    with app.app_context():
        from lms.integrations import webhooks
        webhooks.create_endpoint(db.session, url=receiver.url, events=ALL_EVENTS)
        db.session.commit()
    complete_first_module(app, classroom)
    assert "2 delivered" in deliver(app)  # the work reviewed, then the module completed
    assert "0 delivered, 0 failed attempts." in deliver(app)
    assert sorted(json.loads(r.body)["type"] for r in receiver.received) == ["module.completed",
                                                                             "submission.reviewed"]


def test_four_deliverers_at_once_deliver_each_event_once(app, classroom, make_user, receiver, now):
    people = [make_user(full_name=f"Learner {n}") for n in range(12)]
    with app.app_context():
        from lms.integrations import webhooks
        webhooks.create_endpoint(db.session, url=receiver.url, events=["enrolment.created"])
        cohort = db.session.get_one(Cohort, classroom.cohort_id)
        for person in people:
            enrol(db.session, cohort, db.session.get_one(User, person.id))
        db.session.commit()
    receiver.delay = 0.05

    def work(_index):
        with app.app_context():
            outbox.deliver_pending(db.session)

    assert at_once(4, work) == []
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert len(ids) == len(set(ids)) == 12
    with app.app_context():
        assert db.session.scalar(select(func.count(Delivery.id)).where(Delivery.delivered_at.is_not(None))) == 12


def test_inactive_and_unsubscribed_endpoints_get_nothing_and_a_rolled_back_change_sends_nothing(
        app, classroom, make_user, receiver):
    person = make_user(full_name="Lin Wei")
    with app.app_context():
        from lms.integrations import webhooks
        webhooks.create_endpoint(db.session, url=receiver.url, events=["module.completed"])
        webhooks.create_endpoint(db.session, url=receiver.url, events=["enrolment.created"], active=False)
        db.session.commit()
        cohort = db.session.get_one(Cohort, classroom.cohort_id)
        enrol(db.session, cohort, db.session.get_one(User, person.id))
        db.session.commit()
        webhooks.create_endpoint(db.session, url=receiver.url, events=["enrolment.removed"])
        db.session.commit()
        from lms.cohorts.enrolment import unenrol
        unenrol(db.session, cohort, db.session.get_one(User, person.id),
                db.session.get_one(User, classroom.facilitator.id))
        db.session.rollback()  # the change did not happen: neither did its delivery
        assert db.session.scalar(select(func.count(Delivery.id))) == 0


def test_a_new_secret_is_shown_once_and_the_old_one_still_verifies_for_a_day(
        app, classroom, make_user, client, receiver, now):
    wall_clock(now)
    client.login(make_user(role=Role.staff))
    endpoint_id, old = register(client, receiver.url, ["module.completed"])
    edit_url = f"/staff/integrations/webhooks/{endpoint_id}"
    page = client.submit(f"{edit_url}/secret", {}, page=edit_url)
    assert page.headers["Cache-Control"] == "no-store"
    new = re.search(r'value="(whsec_[^"]+)"', page.get_data(as_text=True)).group(1)
    assert new != old
    assert "whsec_" not in client.get(edit_url).get_data(as_text=True)  # never shown again
    complete_first_module(app, classroom)
    deliver(app)
    [got] = receiver.received
    assert Webhook(new).verify(got.body, got.headers)["type"] == "module.completed"
    assert Webhook(old).verify(got.body, got.headers)["type"] == "module.completed"
    with app.app_context():
        endpoint = db.session.get_one(WebhookEndpoint, endpoint_id)
        assert endpoint.previous_until == now() + dt.timedelta(hours=24)
        audit_actions = list(db.session.scalars(select(AuditEvent.action)))
        assert "webhook_created" in audit_actions and "webhook_secret_rotated" in audit_actions


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong_in_french(client, make_user):
    client.login(make_user(role=Role.staff, language="fr"))
    page = client.submit("/staff/integrations/webhooks/new?lang=fr", {"url": "ftp://example.org/x",
                                                                      "description": "Moodle du centre"})
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert 'value="ftp://example.org/x"' in html and 'value="Moodle du centre"' in html
    text = visible_text(html)
    assert "https://" in text and "Ce champ est obligatoire." in text


def test_a_certificate_issued_then_revoked_is_said_twice_without_the_reason(app, classroom, make_user, receiver):
    from lms.certificates.services import issue, revoke
    from tests.certificates.conftest import complete

    staff = make_user(role=Role.staff)
    with app.app_context():
        from lms.integrations import webhooks
        webhooks.create_endpoint(db.session, url=receiver.url, events=["certificate.issued", "certificate.revoked"])
        db.session.commit()
    complete(app, classroom.cohort_id, classroom.learner.id, classroom.facilitator.id)
    with app.app_context():
        [certificate] = issue(db.session, db.session.get_one(Cohort, classroom.cohort_id),
                              [db.session.get_one(User, classroom.learner.id)], db.session.get_one(User, staff.id))
        db.session.commit()
        revoke(db.session, certificate, db.session.get_one(User, staff.id), "Issued to the wrong person by mistake.")
        db.session.commit()
        serial, code = certificate.serial, certificate.code
    deliver(app)
    issued, revoked = (json.loads(r.body) for r in receiver.received)
    assert (issued["type"], revoked["type"]) == ("certificate.issued", "certificate.revoked")
    assert revoked["data"]["certificate"]["serial"] == serial and revoked["data"]["certificate"]["revoked_at"]
    assert revoked["data"]["certificate"]["verification_url"] == f"http://lms.test/verify/{code}"
    assert b"wrong person" not in receiver.received[1].body


def test_staff_send_a_test_event_to_one_endpoint(app, make_user, client, receiver, now):
    wall_clock(now)
    client.login(make_user(role=Role.staff))
    endpoint_id, secret = register(client, receiver.url, ["certificate.issued"])
    log_url = f"/staff/integrations/webhooks/{endpoint_id}/deliveries"
    answer = client.submit(f"/staff/integrations/webhooks/{endpoint_id}/test", {}, page=log_url)
    assert answer.status_code == 302
    assert "1 delivered" in deliver(app)
    [got] = receiver.received
    assert Webhook(secret).verify(got.body, got.headers) == {
        "type": "webhook.test", "timestamp": json.loads(got.body)["timestamp"],
        "platform": "http://lms.test", "data": {"endpoint": {"id": endpoint_id}}}
