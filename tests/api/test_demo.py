"""The demo prints a working API client, as the README's client-credentials example uses it."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.api.models import ApiClient, ApiToken
from lms.extensions import db
from tests.api.conftest import bearer


def test_the_demo_prints_a_client_whose_secret_works_and_a_rerun_replaces_it(app, monkeypatch, client):
    monkeypatch.setenv("LMS_DEMO_PASSWORD", "demo password here")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    first = runner.invoke(args=["demo"])
    second = runner.invoke(args=["demo"])
    assert first.exit_code == second.exit_code == 0
    found = re.search(r"client_id (\S+), client_secret (\S+)", second.output)
    assert found, second.output
    old = re.search(r"client_id (\S+), client_secret (\S+)", first.output)
    issued = client.raw.post("/api/v1/oauth/token", data={
        "grant_type": "client_credentials", "client_id": found.group(1), "client_secret": found.group(2)})
    assert issued.status_code == 200
    cohorts = client.get("/api/v1/cohorts", headers=bearer(issued.json["access_token"])).json["items"]
    assert len(cohorts) >= 2  # it acts as staff: every cohort
    stale = client.raw.post("/api/v1/oauth/token", data={"grant_type": "client_credentials",
                                                          "client_id": old.group(1), "client_secret": old.group(2)})
    assert stale.status_code == 401  # the secret printed before is revoked with its client
    with app.app_context():
        assert db.session.scalar(select(func.count(ApiClient.id)).where(ApiClient.revoked_at.is_(None))) == 1
        assert db.session.scalar(select(func.count(ApiToken.id)).where(ApiToken.client_id.is_(None))) == 1
