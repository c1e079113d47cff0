"""Fixtures shared by every test: one app per session on a real database, a real SMTP server."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from lms import create_app
from lms.centres.models import Centre, MemberType, Region
from lms.core import clock
from lms.core.permissions import Role
from lms.extensions import db
from lms.models import metadata
from lms.users.models import User

PASSWORD = "correct horse battery staple"

# What the security tests covered, printed at the end of the run.
COVERAGE = {"routes × roles checked": 0, "hostile payloads tried": 0, "fields filled with them": 0,
            "generated inputs tried": 0, "pages checked by axe-core": 0, "serious or critical axe violations": 0}


def pytest_terminal_summary(terminalreporter):
    if any(COVERAGE.values()):
        terminalreporter.write_sep("-", "security and accessibility coverage")
        for name, count in COVERAGE.items():
            terminalreporter.write_line(f"{name}: {count}")


# The clock ----------------------------------------------------------------------------------

# The instant every test starts at, far from any date the suite was written on: dates in a test
# are written relative to it (`now`), so that the suite passes on any day the machine says it is.
START = dt.datetime(2031, 3, 10, 9, 0, tzinfo=dt.UTC)


class Clock:
    """The app's "now" (`lms.core.clock.utcnow`) for one test: it stands still until moved."""

    def __init__(self, start: dt.datetime) -> None:
        self.current = start

    def __call__(self) -> dt.datetime:
        return self.current

    def advance(self, **delta: float) -> dt.datetime:
        self.current += dt.timedelta(**delta)
        return self.current

    def set(self, instant: dt.datetime) -> None:
        self.current = instant

    @property
    def today(self) -> dt.date:
        """Today's date in UTC."""
        return self.current.date()

    def day(self, days: int) -> dt.date:
        """The date so many days from today (negative: ago)."""
        return self.today + dt.timedelta(days=days)


@pytest.fixture(autouse=True)
def now(monkeypatch) -> Clock:
    """Every test runs at `START` unless it moves the clock."""
    test_clock = Clock(START)
    monkeypatch.setattr(clock, "utcnow", test_clock)
    return test_clock


# Database --------------------------------------------------------------------------------

def _reachable(url: str) -> str | None:
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except OperationalError as exc:
        return str(exc.orig)
    return None


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("LMS_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    problem = _reachable(url)
    if problem:
        # Asked for this database: not reaching it is a failure, never a silent skip.
        pytest.exit(f"LMS_TEST_DATABASE_URL={url} is not reachable: {problem}", returncode=3)
    return url


def reset_database(url: str) -> None:
    """An empty database: PostgreSQL's public schema recreated, or a new SQLite file."""
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        path = make_url(url).database
        if path and os.path.exists(path):
            os.remove(path)


def migrate(app, url: str | None = None, revision: str = "head") -> None:
    from alembic import command

    from lms.core.migrate import alembic_config
    command.upgrade(alembic_config(app, url), revision)


# SMTP ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Mailbox:
    """What a real SMTP server on loopback received."""

    messages: list = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler protocol
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self.arrived:
            self.messages.clear()

    def wait_for(self, count: int = 1, timeout: float = 10) -> list:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]

    def wait_to(self, address: str, timeout: float = 20):
        """The first message to `address`, waiting for it to arrive (delivery may lag the page)."""
        with self.arrived:
            self.arrived.wait_for(lambda: any(m["To"] == address for m in self.messages), timeout)
            found = [m for m in self.messages if m["To"] == address]
        assert found, f"no email to {address} arrived within {timeout} s (arrived: {[m['To'] for m in self.messages]})"
        return found[0]


def subject(message) -> str:
    # A long subject is folded onto the next line; readers unfold it.
    return " ".join(str(message["Subject"]).split())


def body_text(message) -> str:
    return message.get_body(("plain",)).get_content()


def body_html(message) -> str:
    return message.get_body(("html",)).get_content()


def find_link(message, path_start: str) -> str:
    match = re.search(r"https?://\S+?" + re.escape(path_start) + r"\S+", body_text(message))
    assert match, f"no link to {path_start} in the email"
    return match.group(0)


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


@pytest.fixture()
def mailbox(smtp_server) -> Mailbox:
    box, _ = smtp_server
    box.clear()
    return box


# The app ----------------------------------------------------------------------------------

def test_config(database_url: str, instance: Path, smtp_port: int) -> dict:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "BASE_URL": "http://lms.test",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_port,
        "MAIL_SEND_AFTER_REQUEST": True,
        "PASSWORD_MIN_LENGTH": 10,
        # One round of PBKDF2 instead of scrypt: the suite makes hundreds of accounts
        # (tests/core/test_config.py checks that production keeps the strong default).
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        "REPORT_MAX_AGE_SECONDS": 0,  # every report view reads figures rebuilt for it
    }


test_config.__test__ = False  # a helper, not a test


@pytest.fixture(scope="session")
def app(database_url, smtp_server, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    application = create_app(test_config(database_url, instance, smtp_server[1]))
    reset_database(database_url)
    migrate(application)
    yield application
    application.extensions["lms-db"].engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables(request) -> Iterator[None]:
    """Every test starts from empty tables (the schema stays)."""
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    engine = application.extensions["lms-db"].engine
    tables = [t.name for t in metadata.sorted_tables]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in reversed(tables):
                conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture()
def app_ctx(app):
    """For tests that read or change the database directly, between requests.

    Requests must not run inside it: Flask would reuse its `g`, and with it the
    signed-in user and the language of an earlier request.
    """
    return app.app_context


# Making data ------------------------------------------------------------------------------

@pytest.fixture()
def make_centre(app):
    counter = iter(range(1, 10_000))

    def make(**values) -> Centre:
        n = next(counter)
        values.setdefault("name", f"Centre {n}")
        values.setdefault("country", "KE")
        values.setdefault("region", Region.africa)
        values.setdefault("member_type", MemberType.training_institution)
        with app.app_context():
            centre = Centre(**values)
            db.session.add(centre)
            db.session.commit()
            return centre

    return make


@pytest.fixture()
def make_user(app):
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.learner, password: str | None = PASSWORD, **values) -> User:
        n = next(counter)
        values.setdefault("email", f"{role.value}{n}@example.org")
        values.setdefault("full_name", f"{role.value.title()} {n}")
        values.setdefault("language", "en")
        with app.app_context():
            user = User(role=role, **values)
            if password is not None:
                user.set_password(password)
            db.session.add(user)
            db.session.commit()
            return user

    return make


# The browser-like client ------------------------------------------------------------------

class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.csrf: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "input" and (values.get("name") or "").endswith("csrf_token"):
            self.csrf[values["name"]] = values.get("value") or ""


def csrf_fields(html: str) -> dict[str, str]:
    parser = _Inputs()
    parser.feed(html)
    return parser.csrf


class Client:
    """A test client that fills in the CSRF token as a browser submitting the page would.

    Responses are buffered and closed as a WSGI server closes them, so that work done
    after the response (such as delivering the outbox) happens as in production.
    """

    def __init__(self, flask_client) -> None:
        self.raw = flask_client

    def get(self, url: str, **kwargs):
        return self.raw.get(url, buffered=True, **kwargs)

    def submit(self, url: str, data: dict, *, page: str | None = None, **kwargs):
        """GET `page` (default `url`), then POST `data` with the page's CSRF tokens."""
        form_page = self.get(page or url)
        fields = csrf_fields(form_page.get_data(as_text=True))
        assert fields, f"no form with a CSRF token on {page or url}"
        return self.raw.post(url, data={**fields, **data}, buffered=True, **kwargs)

    def login(self, user_or_email, password: str = PASSWORD, **kwargs):
        address = getattr(user_or_email, "email", user_or_email)
        return self.submit("/login", {"email": address, "password": password}, **kwargs)

    def logout(self):
        return self.submit("/logout", {}, page="/profile")


@pytest.fixture()
def client(app) -> Client:
    return Client(app.test_client())


@pytest.fixture()
def make_client(app):
    return lambda: Client(app.test_client())


def visible_text(html: str, skip_other_languages: str | None = None) -> str:
    """The text a reader sees: no tags, scripts or styles; optionally without elements
    marked as another language (such as the language switcher's own names)."""

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []
            self.skip_depth = 0
            self.stack: list[bool] = []

        def handle_starttag(self, tag, attrs):
            if tag in {"br", "input", "meta", "link", "img", "hr"}:
                if tag == "input":
                    values = dict(attrs)
                    if values.get("type") in {"submit", "button"} and values.get("value"):
                        self.parts.append(values["value"])
                return
            values = dict(attrs)
            other = (skip_other_languages is not None and "lang" in values
                     and tag != "html" and values["lang"] != skip_other_languages)
            skip = tag in {"script", "style", "title"} or other or "hidden" in values
            self.stack.append(skip)
            if skip:
                self.skip_depth += 1

        def handle_endtag(self, tag):
            if tag in {"br", "input", "meta", "link", "img", "hr"}:
                return
            if self.stack and self.stack.pop():
                self.skip_depth -= 1

        def handle_data(self, data):
            if not self.skip_depth and data.strip():
                self.parts.append(data.strip())

    parser = Text()
    parser.feed(html)
    return "\n".join(parser.parts)
