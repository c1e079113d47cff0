"""Secrets the platform must read back (webhook secrets, identity providers' client secrets) are
sealed at rest: a copy of the database does not hold them, and the keys can be changed."""
from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from lms.core import sealed
from lms.core.migrate import alembic_config
from lms.core.permissions import Role
from lms.extensions import db
from lms.integrations.models import WebhookEndpoint
from lms.sso import services as sso
from lms.sso.models import IdentityProvider
from tests.core.test_migrations import scratch_url  # noqa: F401 (a fixture)
from tests.integrations.test_webhooks import register


def raw(app, query: str) -> list[str]:
    """What a dump of the database holds, past the model types."""
    with app.app_context():
        return list(db.session.execute(text(query)).scalars())


def test_a_webhook_secret_shown_once_is_not_in_the_database_but_still_signs(app, client, make_user):
    client.login(make_user(role=Role.staff))
    endpoint_id, secret = register(client, "http://127.0.0.1:9/hooks", ["module.completed"])
    [stored] = raw(app, "SELECT secret FROM webhook_endpoints")
    assert secret not in stored and secret.removeprefix("whsec_") not in stored and stored.startswith("gAAAAA")
    with app.app_context():
        assert db.session.get(WebhookEndpoint, endpoint_id).secret == secret

    rotated = client.submit(f"/staff/integrations/webhooks/{endpoint_id}/secret", {},
                            page="/staff/integrations/").get_data(as_text=True)
    new, old = raw(app, "SELECT secret FROM webhook_endpoints")[0], raw(app, "SELECT previous_secret "
                                                                          "FROM webhook_endpoints")[0]
    assert secret not in rotated and secret not in new + old and old.startswith("gAAAAA")
    with app.app_context():
        endpoint = db.session.get(WebhookEndpoint, endpoint_id)
        assert endpoint.previous_secret == secret and endpoint.secret in rotated


def test_an_identity_providers_client_secret_is_sealed(app):
    with app.app_context():
        sso.save_provider(db.session, None, display_name="UNESCO", issuer="https://id.unesco.example",
                          client_id="lms", client_secret="s3cr3t-from-the-provider", allowed_domains="",
                          creates_learners=False, active=True)
        db.session.commit()
    [stored] = raw(app, "SELECT client_secret FROM identity_providers")
    assert "s3cr3t" not in stored
    with app.app_context():
        assert db.session.scalars(select(IdentityProvider)).one().client_secret == "s3cr3t-from-the-provider"


def test_changing_keys_reseals_every_secret_or_changes_nothing(app, client, make_user, monkeypatch):
    client.login(make_user(role=Role.staff))
    _, secret = register(client, "http://127.0.0.1:9/hooks", ["module.completed"])
    old_keys = app.config["DATA_KEYS"]
    [before] = raw(app, "SELECT secret FROM webhook_endpoints")

    # A key that opens nothing, alone: the command refuses and rewrites nothing.
    monkeypatch.setitem(app.config, "DATA_KEYS", ("a-new-passphrase",))
    result = app.test_cli_runner().invoke(args=["db", "reseal"])
    assert result.exit_code == 1 and "cannot be opened with DATA_KEYS" in result.output
    assert raw(app, "SELECT secret FROM webhook_endpoints") == [before]
    with app.app_context(), pytest.raises(sealed.UnreadableSecret):
        db.session.scalars(select(WebhookEndpoint)).one().secret  # noqa: B018 (reading it is the test)
    assert client.get("/staff/integrations/").status_code == 200  # the list does not need the secrets

    # The new key first and the old one after: everything is sealed again with the new one.
    monkeypatch.setitem(app.config, "DATA_KEYS", ("a-new-passphrase", *old_keys))
    result = app.test_cli_runner().invoke(args=["db", "reseal"])
    assert result.exit_code == 0 and "1 secret(s) sealed" in result.output, result.output
    monkeypatch.setitem(app.config, "DATA_KEYS", ("a-new-passphrase",))
    with app.app_context():
        assert db.session.scalars(select(WebhookEndpoint)).one().secret == secret


def test_the_migration_seals_secrets_written_in_clear_and_the_downgrade_opens_them(app, scratch_url):  # noqa: F811
    config = alembic_config(app, scratch_url)
    command.upgrade(config, "0046_sso_lti")
    engine = create_engine(scratch_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO webhook_endpoints (url, description, events, active, secret, "
                          "previous_secret, created_at) VALUES ('http://h.example', '', '[]', :yes, "
                          "'whsec_clear', '', CURRENT_TIMESTAMP)"), {"yes": True})
    command.upgrade(config, "0060_sealed_secrets")
    with engine.connect() as conn:
        secret, previous = conn.execute(text("SELECT secret, previous_secret FROM webhook_endpoints")).one()
    assert "clear" not in secret and sealed.unseal(secret, app.config["DATA_KEYS"]) == "whsec_clear"
    assert previous == ""  # no secret, nothing to seal
    command.downgrade(config, "0046_sso_lti")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT secret FROM webhook_endpoints")).scalar() == "whsec_clear"
    engine.dispose()
