"""Configuration: defaults, LMS_* variables, and a secret key that is never a fixed default."""
from __future__ import annotations

import pytest

from lms import create_app


def test_lms_variables_override_the_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("LMS_BASE_URL", "https://learn.unevoc.example.org")
    monkeypatch.setenv("LMS_MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("LMS_MAIL_PORT", "2525")
    app = create_app()
    assert app.config["BASE_URL"] == "https://learn.unevoc.example.org"
    assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"]) == ("smtp.example.org", 2525)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    # With no LMS_DATABASE_URL: an SQLite file in the instance folder.
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'lms.sqlite3'}"
    app.extensions["lms-db"].engine.dispose()


def test_the_secret_key_is_generated_once_and_kept_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("LMS_SECRET_KEY", raising=False)
    first, second = create_app(), create_app()
    key = first.config["SECRET_KEY"]
    assert len(key) >= 40 and second.config["SECRET_KEY"] == key
    assert (tmp_path / "secret_key").read_text() == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by the owner only
    other = tmp_path / "other"
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(other))
    assert create_app().config["SECRET_KEY"] != key
    for app in (first, second):
        app.extensions["lms-db"].engine.dispose()


def test_an_explicit_secret_key_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("LMS_SECRET_KEY", "from-the-environment")
    assert create_app().config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_production_hashes_passwords_with_scrypt_and_refuses_a_cheap_method(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path))
    app = create_app()
    with app.app_context():
        from lms.users.models import User
        user = User(email="someone@example.org", full_name="Someone")
        user.set_password("a long enough password")
        # Werkzeug writes the method and its cost first: scrypt with N = 2^15, r = 8, p = 1.
        assert user.password_hash.startswith("scrypt:32768:8:1$")
        assert user.check_password("a long enough password") and not user.check_password("another one")
    app.extensions["lms-db"].engine.dispose()
    monkeypatch.setenv("LMS_PASSWORD_HASH_METHOD", "pbkdf2:sha256:1")
    with pytest.raises(ValueError, match="too cheap outside tests"):
        create_app()


def test_an_account_made_under_the_cheap_test_method_still_signs_in_under_scrypt(client, app, make_user):
    """A hash names its method: changing the setting does not lock existing accounts out."""
    user = make_user()
    assert user.password_hash.startswith("pbkdf2:sha256:1$")
    app.config["PASSWORD_HASH_METHOD"] = "scrypt:32768:8:1"
    try:
        assert client.login(user).status_code == 302
    finally:
        app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1"
