"""The issuer key is configuration: the same on every host, rotated without breaking what it signed, backed up."""
from __future__ import annotations

import json
import logging
import os
import stat

import pytest
from alembic import command
from cryptography.hazmat.primitives.asymmetric.rsa import generate_private_key
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from sqlalchemy import create_engine, inspect, text

from lms import create_app
from lms.certificates import badges, keys
from lms.certificates.models import Certificate
from lms.certificates.services import issue
from lms.core.migrate import alembic_config
from lms.cohorts.models import Cohort
from lms.extensions import db
from lms.users.models import User
from tests.conftest import Client, test_config
from tests.core.test_migrations import scratch_url  # noqa: F401  (a fixture: an empty database of the suite's kind)

OLD, NEW = keys.generate_pem(), keys.generate_pem()


def public_pem(pem: str) -> str:
    return keys.IssuerKey(keys.parse(pem)[0].public).pem()


def test_the_key_is_pem_text_a_file_or_a_list_and_the_first_private_key_signs(tmp_path):
    (tmp_path / "old.pem").write_text(OLD)
    (tmp_path / "new.pem").write_text(NEW)
    old, new = keys.parse(OLD)[0], keys.parse(NEW)[0]
    assert [k.multibase for k in keys.parse(NEW + OLD)] == [new.multibase, old.multibase]
    assert [k.multibase for k in keys.parse(f"{tmp_path}/new.pem, {tmp_path}/old.pem")] == [new.multibase,
                                                                                            old.multibase]
    assert [k.multibase for k in keys.parse([str(tmp_path / "new.pem"), OLD])] == [new.multibase, old.multibase]
    retired = keys.parse(NEW + public_pem(OLD))
    assert retired[0].private is not None and retired[1].private is None
    assert keys.parse(public_pem(NEW) + OLD)[0].multibase == old.multibase  # a public key never signs
    with pytest.raises(keys.IssuerKeyError, match="no private key"):
        keys.parse(public_pem(NEW))
    with pytest.raises(keys.IssuerKeyError, match="is not a file"):
        keys.parse(str(tmp_path / "missing.pem"))
    rsa = generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    with pytest.raises(keys.IssuerKeyError, match="Ed25519"):
        keys.parse(rsa)


def test_without_a_key_one_is_generated_once_into_the_instance_folder(tmp_path, database_url, smtp_server, caplog):
    with caplog.at_level(logging.WARNING, logger="lms.certificates.keys"):
        first = create_app(test_config(database_url, tmp_path, smtp_server[1]))
        second = create_app(test_config(database_url, tmp_path, smtp_server[1]))
    generated = [r for r in caplog.records if "generated a new issuer key" in r.getMessage()]
    assert len(generated) == 1 and "LMS_ISSUER_KEY" in generated[0].getMessage()
    assert first.config["ISSUER_KEYS"][0].multibase == second.config["ISSUER_KEYS"][0].multibase
    assert stat.S_IMODE(os.stat(tmp_path / "issuer-ed25519.pem").st_mode) == 0o600
    for application in (first, second):
        application.extensions["lms-db"].engine.dispose()


@pytest.fixture()
def hosts(database_url, smtp_server, tmp_path):
    """Make app hosts on the suite's database, each with its own instance folder and the given key."""
    made = []

    def make(issuer_key):
        folder = tmp_path / f"host{len(made)}"
        application = create_app({**test_config(database_url, folder, smtp_server[1]), "ISSUER_KEY": issuer_key})
        made.append(application)
        return application

    yield make
    for application in made:
        application.extensions["lms-db"].engine.dispose()


def sign_on(application, certificate_id: int) -> dict:
    with application.test_request_context():
        return badges.credential(db.session.get(Certificate, certificate_id))


def check_on(application, credential: dict) -> str:
    client = Client(application.test_client())
    return client.submit("/verify", {"credential": json.dumps(credential)}).get_data(as_text=True)


@pytest.fixture()
def certificate_id(app, classroom, graduates):
    with app.app_context():
        made = issue(db.session, db.session.get(Cohort, classroom.cohort_id),
                     [db.session.get(User, graduates[0].id)], None)
        db.session.commit()
        return made[0].id


def test_two_hosts_given_the_same_key_verify_each_others_credentials(hosts, certificate_id):
    first, second = hosts(OLD), hosts(OLD)
    credential = sign_on(first, certificate_id)
    assert "The signature verifies and the certificate is valid." in check_on(second, credential)
    assert sign_on(second, certificate_id) == credential  # the same credential, whichever host signs
    stranger = hosts(NEW)  # a host with a key of its own, as two hosts each made one before
    assert "signed with a key this platform does not publish" in check_on(stranger, credential)


def test_after_a_rotation_old_credentials_keep_verifying_and_new_ones_use_the_new_key(hosts, certificate_id,
                                                                                      credential_host,
                                                                                      independent_verifier, now,
                                                                                      monkeypatch):
    before = hosts(OLD)
    old_credential = sign_on(before, certificate_id)
    after = hosts(NEW + public_pem(OLD))  # the new key first; the old one kept, public half only
    new_credential = sign_on(after, certificate_id)
    old_key, new_key = keys.parse(OLD)[0], keys.parse(NEW)[0]
    assert old_credential["proof"][0]["verificationMethod"].endswith(old_key.multibase)
    assert new_credential["proof"][0]["verificationMethod"].endswith(new_key.multibase)
    profile = Client(after.test_client()).get("/issuer").json
    assert [m["publicKeyMultibase"] for m in profile["verificationMethod"]] == [new_key.multibase, old_key.multibase]
    assert len(profile["assertionMethod"]) == 2
    for credential in (old_credential, new_credential):
        assert "The signature verifies and the certificate is valid." in check_on(after, credential)

    # The same rotation seen by Digital Bazaar's verifier, from a host serving both keys.
    monkeypatch.setitem(credential_host.app.config, "ISSUER_KEYS", keys.parse(OLD))
    old_credential = sign_on(credential_host.app, certificate_id)
    monkeypatch.setitem(credential_host.app.config, "ISSUER_KEYS", keys.parse(NEW + public_pem(OLD)))
    new_credential = sign_on(credential_host.app, certificate_id)
    results = independent_verifier.verify([old_credential, new_credential], [credential_host.url], now())["results"]
    assert [r["verified"] for r in results] == [True, True], results


def test_the_backup_holds_the_keys_and_a_restore_puts_them_back(app, classroom, tmp_path, database_url,
                                                                smtp_server):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path / "lms.backup")])
    assert result.exit_code == 0, result.output
    saved = tmp_path / "lms.backup.issuer-keys.pem"
    assert f"Issuer keys (private: keep them as safe as the database) written to {saved}" in result.output
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    assert [k.multibase for k in keys.parse(saved.read_text())] == [app.config["ISSUER_KEYS"][0].multibase]

    # A new machine: a fresh instance folder (so a new development key), the backup restored.
    fresh = create_app(test_config(database_url, tmp_path / "new-instance", smtp_server[1]))
    try:
        assert fresh.config["ISSUER_KEYS"][0].multibase != app.config["ISSUER_KEYS"][0].multibase
        result = fresh.test_cli_runner().invoke(args=["restore", str(tmp_path / "lms.backup"), "--yes"])
        assert result.exit_code == 0, result.output
        assert "The issuer keys of the backup are back in" in result.output
        assert fresh.config["ISSUER_KEYS"][0].multibase == app.config["ISSUER_KEYS"][0].multibase
        reread = keys.configured({}, tmp_path / "new-instance")
        assert reread[0].multibase == app.config["ISSUER_KEYS"][0].multibase and len(reread) == 2
    finally:
        fresh.extensions["lms-db"].engine.dispose()


def test_a_host_configured_with_other_keys_is_told_what_the_backup_holds(app, tmp_path, database_url, smtp_server):
    assert app.test_cli_runner().invoke(args=["backup", str(tmp_path / "lms.backup")]).exit_code == 0
    other = create_app({**test_config(database_url, tmp_path / "other", smtp_server[1]), "ISSUER_KEY": NEW})
    try:
        result = other.test_cli_runner().invoke(args=["restore", str(tmp_path / "lms.backup"), "--yes"])
        assert result.exit_code == 0, result.output
        assert "LMS_ISSUER_KEY lacks keys of the backup" in result.output
        assert app.config["ISSUER_KEYS"][0].multibase in result.output
    finally:
        other.extensions["lms-db"].engine.dispose()


def test_certificates_made_before_the_status_list_get_their_index_in_the_migration(app, scratch_url):  # noqa: F811
    """And the migration steps down again, leaving the certificates as they were."""
    url = scratch_url
    config = alembic_config(app, url)
    command.upgrade(config, "0010_calendar_tokens")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, email, full_name, role, language, timezone, position, active, "
                          "created_at, session_token, pages_version) VALUES (1, 'a@example.org', 'A', 'learner', "
                          "'en', 'UTC', '', :yes, CURRENT_TIMESTAMP, 'x', 0)"), {"yes": True})
        conn.execute(text("INSERT INTO programmes (id, slug, title, summary, languages, completion, imported_at) "
                          "VALUES (1, 'p', '{}', '{}', '[]', '{}', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO cohorts (id, programme_id, name, language, timezone, starts_on, ends_on, "
                          "created_at) VALUES (1, 1, 'C', 'en', 'UTC', '2030-01-01', '2030-06-01', CURRENT_TIMESTAMP)"))
        for n, revoked in ((7, "CURRENT_TIMESTAMP"), (9, "NULL")):  # the first revoked, the second its successor
            conn.execute(text("INSERT INTO certificates (id, serial, code, user_id, programme_id, cohort_id, "
                              "holder_name, language, signatory_name, signatory_title, issued_at, revoked_at) VALUES "
                              f"({n}, 'S-{n}', 'code{n}', 1, 1, 1, 'A', 'en', 'N', 'T', CURRENT_TIMESTAMP, {revoked})"))
    command.upgrade(config, "0013_certificate_status")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, status_index FROM certificates ORDER BY id")).all() == [(7, 7), (9, 9)]
    command.downgrade(config, "0012_content_resources")
    assert "status_index" not in {c["name"] for c in inspect(engine).get_columns("certificates")}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT serial FROM certificates ORDER BY id")).scalars().all() == ["S-7", "S-9"]
    engine.dispose()
