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
    # DATA_KEYS: passphrases (comma-separated, newest first) that seal the secrets the platform
    # must read back, such as webhook secrets (lms/core/sealed.py). Empty: the SECRET_KEY.
    DATA_KEYS = ""
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

    # Sign-in throttling (lms/auth/services.py). Failures are counted per account and address
    # together, so that nobody can lock an owner out from elsewhere: after LOGIN_FREE_FAILURES in
    # the window, each further try from that address waits 1, 2, 4 ... minutes (at most
    # LOGIN_MAX_DELAY_MINUTES), and the owner is told by email. One address failing on many
    # accounts (LOGIN_MAX_FAILURES_PER_ADDRESS in the window) is held back altogether.
    LOGIN_WINDOW_MINUTES = 60
    LOGIN_FREE_FAILURES = 5
    LOGIN_MAX_DELAY_MINUTES = 60
    LOGIN_MAX_FAILURES_PER_ADDRESS = 30
    # Password reset requests per account and per address in an hour.
    RESET_REQUESTS_PER_ACCOUNT = 3
    RESET_REQUESTS_PER_ADDRESS = 10

    # Sign-ins end after so long unused (lms/auth/sessions.py): facilitators and staff, who see
    # other people's data, soon; learners later, and much later when they asked to be remembered.
    SESSION_IDLE_MINUTES = 120
    LEARNER_IDLE_MINUTES = 24 * 60
    LEARNER_REMEMBER_IDLE_DAYS = 14
    REMEMBER_COOKIE_DURATION = 14 * 24 * 3600  # seconds, as Flask-Login reads it

    # Rows on one page of the staff lists (people, centres, cohorts, certificates, applications),
    # and of a cohort's own lists (learners, progress, grading, certificates), whose rows are heavier.
    USERS_PER_PAGE = 50
    COHORT_PER_PAGE = 25

    # Discussions (lms/community): posts a person may write in the window, how long its author may
    # correct a post, and how many threads or posts a page shows.
    POSTS_PER_WINDOW = 10
    POSTS_WINDOW_MINUTES = 10
    POST_EDIT_WINDOW_MINUTES = 30
    POSTS_PER_PAGE = 20

    # The network report reads a snapshot rebuilt when older than this (and by
    # `flask reports refresh` from cron); 0 rebuilds it for every view.
    REPORT_MAX_AGE_SECONDS = 300

    # The REST API (lms/api): requests one token may make in the window.
    API_RATE_LIMIT = 300
    API_RATE_WINDOW_SECONDS = 60

    # A cohort's form lists every facilitator of the network up to this many; beyond, it lists the
    # cohort's own and finds the others by name or email address.
    FACILITATORS_LISTED = 60

    # Learners' dashboards and lesson pages kept rendered, per process (lms/core/pagecache.py); 0: none.
    PAGE_CACHE_ENTRIES = 2000

    # The largest request accepted (attachments are checked one by one at 10 MB).
    MAX_CONTENT_LENGTH = 64 * 1024 * 1024
    # Uploaded files; empty means instance/uploads. Several app hosts must share it.
    UPLOADS_PATH = ""

    # The issuer's Ed25519 keys (lms/certificates/keys.py): PEM text, a file's path, or several
    # paths separated by commas; the first private key signs, all stay published. The same on every
    # host. Empty: a development key generated once in the instance folder.
    ISSUER_KEY: Any = ""
    # The LTI tool's RSA key (PEM text or a file's path); empty: made once in instance/lti-rsa.pem.
    LTI_KEY = ""
    # The Data Integrity proofs each credential carries: eddsa-rdfc-2022 always (Open Badges 3.0
    # conformance), and eddsa-jcs-2022 as a second proof when listed here too.
    ISSUER_PROOFS: Any = "eddsa-rdfc-2022"

    # Who signs certificates (lms/certificates/signatory.py): the name under the signature line
    # (empty: the title alone); the title, one for every language or a mapping of language to title
    # (LMS_CERTIFICATE_SIGNATORY_TITLE='{"en": "...", "fr": "...", "zh": "..."}'; empty: the head of
    # UNESCO-UNEVOC, translated); a PNG or JPEG of the signature, printed on the certificates that
    # this signatory signed.
    CERTIFICATE_SIGNATORY_NAME = ""
    CERTIFICATE_SIGNATORY_TITLE: str | dict[str, str] = ""
    CERTIFICATE_SIGNATURE_IMAGE = ""

    # Outbound deliveries (lms/integrations): webhooks and xAPI statements, sent by
    # `flask integrations deliver` from cron. Each HTTP call waits at most INTEGRATIONS_TIMEOUT
    # seconds; a delivery is given up after INTEGRATIONS_MAX_ATTEMPTS (1, 2, 4 ... minutes apart).
    INTEGRATIONS_TIMEOUT = 10
    INTEGRATIONS_MAX_ATTEMPTS = 10
    # The learning record store that receives xAPI statements: its xAPI base address (the one that
    # ends before /statements) and its Basic login. Empty: no statements are made.
    XAPI_ENDPOINT = ""
    XAPI_USERNAME = ""
    XAPI_PASSWORD = ""

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
    from lms.core import sealed
    config["DATA_KEYS"] = sealed.configured(config)
    for key in ("MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_SEND_AFTER_REQUEST"):
        config[key] = _as_bool(config[key])
    for key in ("MAIL_PORT", "MAIL_TIMEOUT", "MAIL_MAX_ATTEMPTS", "INVITATION_VALID_HOURS",
                "PASSWORD_RESET_VALID_HOURS", "PASSWORD_MIN_LENGTH", "LOGIN_WINDOW_MINUTES",
                "LOGIN_FREE_FAILURES", "LOGIN_MAX_DELAY_MINUTES", "LOGIN_MAX_FAILURES_PER_ADDRESS",
                "RESET_REQUESTS_PER_ACCOUNT", "RESET_REQUESTS_PER_ADDRESS", "SESSION_IDLE_MINUTES",
                "LEARNER_IDLE_MINUTES", "LEARNER_REMEMBER_IDLE_DAYS", "REMEMBER_COOKIE_DURATION",
                "USERS_PER_PAGE", "COHORT_PER_PAGE", "FACILITATORS_LISTED", "REPORT_MAX_AGE_SECONDS",
                "PAGE_CACHE_ENTRIES", "INTEGRATIONS_TIMEOUT", "INTEGRATIONS_MAX_ATTEMPTS", "API_RATE_LIMIT",
                "API_RATE_WINDOW_SECONDS"):
        config[key] = int(config[key])
    from lms.certificates import keys
    config["ISSUER_KEYS"] = keys.configured(config, instance)
    proofs = config["ISSUER_PROOFS"]
    config["ISSUER_PROOFS"] = tuple(p.strip() for p in proofs.split(",") if p.strip()) \
        if isinstance(proofs, str) else tuple(proofs)
    if config["ISSUER_PROOFS"][:1] != ("eddsa-rdfc-2022",) or \
            not set(config["ISSUER_PROOFS"]) <= {"eddsa-rdfc-2022", "eddsa-jcs-2022"}:
        raise ValueError(f"ISSUER_PROOFS={proofs!r}: eddsa-rdfc-2022 first, then optionally eddsa-jcs-2022")
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
