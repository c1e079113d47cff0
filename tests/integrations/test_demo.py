"""The demo shows a Centre's Moodle subscribed to the programme's events, with its delivery log."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.core.permissions import Role
from lms.extensions import db
from lms.integrations.models import Delivery, WebhookEndpoint
from tests.conftest import visible_text


def test_the_demo_has_an_endpoint_with_deliveries_delivered_and_retried(app, monkeypatch, make_client, make_user):
    monkeypatch.setenv("LMS_DEMO_PASSWORD", "demo password here")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # twice: still one endpoint
    with app.app_context():
        [endpoint] = db.session.scalars(select(WebhookEndpoint))
        assert db.session.scalar(select(func.count(Delivery.id)).where(Delivery.delivered_at.is_not(None))) > 5
        assert {"enrolment.created", "module.completed", "submission.reviewed", "certificate.issued"} <= set(
            db.session.scalars(select(Delivery.event)))
        endpoint_id = endpoint.id
    client = make_client()
    client.login(make_user(role=Role.staff))
    log = visible_text(client.get(f"/staff/integrations/webhooks/{endpoint_id}/deliveries").get_data(as_text=True))
    assert "HTTP 503" in log and "Moodle is being upgraded" in log and "Delivered" in log
