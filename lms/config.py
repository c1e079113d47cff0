"""Configuration defaults; every key can be overridden by an `LMS_<KEY>` environment variable."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

# Where catalogs and templates live (top-level folders of the project).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DefaultConfig:
    # DATABASE_URL: when left empty, an SQLite file in the instance folder is used.
    DATABASE_URL = ""
    # SECRET_KEY: when left empty, a key is generated once and kept in the instance folder.
    SECRET_KEY = ""
    # The public address, used in emails and to decide whether cookies are Secure.
    BASE_URL = "http://127.0.0.1:5000"

    LANGUAGES = ("en", "zh", "fr")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    # Mail: with MAIL_SERVER empty, messages are printed to the console instead.
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_USE_TLS = False  # STARTTLS
    MAIL_USE_SSL = False
    MAIL_SENDER = "UNESCO-UNEVOC TVET Leadership Programme <no-reply@unevoc.example.org>"
    MAIL_TIMEOUT = 10
    # Deliver the outbox right after a request that queued mail; `flask outbox send`
    # (run from cron) retries whatever could not be delivered then.
    MAIL_SEND_AFTER_REQUEST = True
    MAIL_MAX_ATTEMPTS = 8

    # Account links.
    INVITATION_VALID_HOURS = 24 * 7
    PASSWORD_RESET_VALID_HOURS = 2
    PASSWORD_MIN_LENGTH = 10
    # How passwords are hashed (Werkzeug's method string). Only an app with TESTING on may set a
    # cheap one: the tests make hundreds of accounts, and scrypt costs about 200 ms a hash.
    PASSWORD_HASH_METHOD = "scrypt:32768:8:1"

    # Sign-in throttling: so many failures in the window hold the account (or address) back.
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 8
    LOGIN_MAX_FAILURES_PER_ADDRESS = 30

    USERS_PER_PAGE = 50

    # The network report reads a snapshot rebuilt when older than this (and by
    # `flask reports refresh` from cron); 0 rebuilds it for every view.
    REPORT_MAX_AGE_SECONDS = 300

    # Learners' dashboards and lesson pages kept rendered, per process (lms/core/pagecache.py); 0: none.
    PAGE_CACHE_ENTRIES = 2000

    # The largest request accepted (attachments are checked one by one at 10 MB).
    MAX_CONTENT_LENGTH = 64 * 1024 * 1024
    # Uploaded files; empty means instance/uploads. Several app hosts must share it.
    UPLOADS_PATH = ""

    # Who signs certificates (lms/certificates/signatory.py): the name under the signature line
    # (empty: the title alone); the title, one for every language or a mapping of language to title
    # (LMS_CERTIFICATE_SIGNATORY_TITLE='{"en": "...", "fr": "...", "zh": "..."}'; empty: the head of
    # UNESCO-UNEVOC, translated); a PNG or JPEG of the signature, printed on the certificates that
    # this signatory signed.
    CERTIFICATE_SIGNATORY_NAME = ""
    CERTIFICATE_SIGNATORY_TITLE: str | dict[str, str] = ""
    CERTIFICATE_SIGNATURE_IMAGE = ""

    # The programmes, written as files (see courses/README.md).
    COURSES_PATH = str(PROJECT_ROOT / "courses")


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def finalize(config: dict[str, Any], instance_path: str) -> None:
    """Fill the values that depend on others or on the instance folder."""
    instance = Path(instance_path)
    if not config.get("DATABASE_URL"):
        instance.mkdir(parents=True, exist_ok=True)
        config["DATABASE_URL"] = f"sqlite:///{instance / 'lms.sqlite3'}"
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret_key(instance)
    for key in ("MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_SEND_AFTER_REQUEST"):
        config[key] = _as_bool(config[key])
    for key in ("MAIL_PORT", "MAIL_TIMEOUT", "MAIL_MAX_ATTEMPTS", "INVITATION_VALID_HOURS",
                "PASSWORD_RESET_VALID_HOURS", "PASSWORD_MIN_LENGTH", "LOGIN_WINDOW_MINUTES",
                "LOGIN_MAX_FAILURES_PER_ACCOUNT", "LOGIN_MAX_FAILURES_PER_ADDRESS",
                "USERS_PER_PAGE", "REPORT_MAX_AGE_SECONDS", "PAGE_CACHE_ENTRIES"):
        config[key] = int(config[key])
    from lms.core.passwords import is_strong
    if not config.get("TESTING") and not is_strong(config["PASSWORD_HASH_METHOD"]):
        raise ValueError(f"PASSWORD_HASH_METHOD={config['PASSWORD_HASH_METHOD']!r} is too cheap outside tests")
    secure = str(config["BASE_URL"]).lower().startswith("https://")
    config["SESSION_COOKIE_SECURE"] = secure
    config["REMEMBER_COOKIE_SECURE"] = secure
    config["PREFERRED_URL_SCHEME"] = "https" if secure else "http"


def _instance_secret_key(instance: Path) -> str:
    """Read the instance's secret key, generating it on first use (never a fixed default)."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    # Write a private temporary file, then link it into place: of several processes
    # starting at once, exactly one key wins and all of them read that one.
    tmp = instance / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_urlsafe(48))
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()
