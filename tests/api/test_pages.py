"""The pages where a person makes, lists and revokes their API tokens, and staff register clients."""
from __future__ import annotations

import re

from sqlalchemy import select

from lms.api.models import ApiClient, ApiToken
from lms.audit.models import AuditEvent
from lms.extensions import db
from tests.api.conftest import bearer
from tests.conftest import visible_text


def test_the_profile_links_to_the_api_tokens_page(client, site):
    client.login(site.facilitator)
    profile = client.get("/profile").get_data(as_text=True)
    assert 'href="/profile/api-tokens"' in profile and "API tokens" in profile


def test_a_token_is_made_shown_once_listed_and_revoked(app, client, site):
    client.login(site.facilitator)
    made = client.submit("/profile/api-tokens", {"name": "Moodle sync", "scopes": ["read", "enrolments:write"],
                                                 "expires": "30"})
    assert made.status_code == 200
    html = made.get_data(as_text=True)
    token = re.search(r'id="new-token" type="text" readonly value="(lmsp_[A-Za-z0-9_-]+)"', html).group(1)
    assert "shown only this once" in html
    assert client.get("/api/v1/cohorts", headers=bearer(token)).status_code == 200
    with app.app_context():
        row = db.session.scalar(select(ApiToken))
        assert row.scopes == ["read", "enrolments:write"] and row.expires_at is not None
        assert row.token_hash != token
        created = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "api_token_created"))
        assert created.actor_id == site.facilitator.id and created.target == row.prefix
    # Shown once: the list gives only its beginning.
    listing = visible_text(client.get("/profile/api-tokens").get_data(as_text=True))
    assert "Moodle sync" in listing and token[:12] in listing and token not in listing
    revoked = client.submit(f"/profile/api-tokens/{row.id}/revoke", {}, page="/profile/api-tokens")
    assert revoked.status_code == 303
    assert "Revoked" in visible_text(client.get("/profile/api-tokens").get_data(as_text=True))
    assert client.get("/api/v1/cohorts", headers=bearer(token)).status_code == 401


def test_a_token_form_with_problems_keeps_what_was_typed(client, site):
    client.login(site.facilitator)
    refused = client.submit("/profile/api-tokens", {"name": "Nightly export", "expires": "90"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'value="Nightly export"' in html and "Tick at least one scope." in html
    french = client.submit("/profile/api-tokens?lang=fr", {"name": "", "scopes": ["read"], "expires": "90"})
    assert french.status_code == 400 and "Jetons API" in french.get_data(as_text=True)


def test_nobody_revokes_someone_elses_token(app, client, site):
    site.make_token(site.staff, ["read"])
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    client.login(site.facilitator)
    response = client.submit(f"/profile/api-tokens/{token_id}/revoke", {}, page="/profile/api-tokens")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(ApiToken, token_id).revoked_at is None


def test_staff_register_a_client_see_its_secret_once_and_revoke_it(app, client, site):
    client.login(site.staff)
    page = client.get("/staff/api-clients?lang=zh").get_data(as_text=True)
    assert "API客户端" in page
    made = client.submit("/staff/api-clients?lang=en", {"name": "Kenya Centre Moodle", "scopes": ["read"]})
    html = made.get_data(as_text=True)
    client_id = re.search(r'id="client-id" type="text" readonly value="([^"]+)"', html).group(1)
    secret = re.search(r'id="client-secret" type="text" readonly value="([^"]+)"', html).group(1)
    issued = client.raw.post("/api/v1/oauth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                                           "client_secret": secret})
    assert issued.status_code == 200
    listing = client.get("/staff/api-clients").get_data(as_text=True)
    assert "Kenya Centre Moodle" in listing and client_id in listing and secret not in listing
    with app.app_context():
        row = db.session.scalar(select(ApiClient))
    assert client.submit(f"/staff/api-clients/{row.id}/revoke", {}, page="/staff/api-clients").status_code == 303
    assert client.get("/api/v1/me", headers=bearer(issued.json["access_token"])).status_code == 401
    assert "api_client_created" in {e.action for e in _events(app)}


def test_the_staff_navigation_links_to_api_clients(client, site):
    client.login(site.staff)
    assert 'href="/staff/api-clients"' in client.get("/profile").get_data(as_text=True)


def _events(app):
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent)))
