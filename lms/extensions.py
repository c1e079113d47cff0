"""Extension objects, created unbound and bound to an app in `create_app`."""
from __future__ import annotations

import os
import time

from flask import Flask, current_app
from flask.globals import app_ctx
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, scoped_session, sessionmaker


class _AppSession(Session):
    """A session that talks to the engine of the app it is used in."""

    def get_bind(self, mapper=None, clause=None, **kwargs):
        return current_app.extensions["lms-db"].engine


def _app_context_id() -> int:
    # Flask types app_ctx as the AppContext it stands for; it is a LocalProxy.
    return id(app_ctx._get_current_object())  # type: ignore[attr-defined]


class AppDatabase:
    """One app's engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine


# A connection back from the pool is asked whether the server still answers only when it sat
# unused this long: pinging every checkout costs PostgreSQL a BEGIN and a SELECT 1 per request.
PING_AFTER_IDLE_SECONDS = 10.0


class Database:
    """A session scoped to the current app context, bound to that app's engine.

    Services flush; the request edge (a view, a CLI command) commits. Whatever a
    request leaves uncommitted is rolled back when the request ends.
    """

    def __init__(self) -> None:
        self.sessions: scoped_session[Session] = scoped_session(
            sessionmaker(class_=_AppSession, expire_on_commit=False), scopefunc=_app_context_id)

    @property
    def session(self) -> Session:
        """The current app context's session, made on first use: a real `Session`, so that
        services can be typed with it (the `scoped_session` proxy is not one)."""
        return self.sessions()

    @property
    def engine(self) -> Engine:
        return current_app.extensions["lms-db"].engine

    def init_app(self, app: Flask) -> None:
        url: str = app.config["DATABASE_URL"]
        options: dict = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}
        engine = create_engine(url, **options)
        if engine.dialect.name == "sqlite":
            _private_file(engine.url.database)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            event.listen(engine, "checkin", _mark_idle)
            event.listen(engine, "checkout", _ping_if_idle)
        app.extensions["lms-db"] = AppDatabase(engine)

        def remove_session(exc: BaseException | None) -> None:
            self.sessions.remove()

        # After each request (tests may keep one app context across requests) and
        # after each app context (CLI commands).
        app.teardown_request(remove_session)
        app.teardown_appcontext(remove_session)


def _mark_idle(dbapi_connection, connection_record) -> None:
    connection_record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection, connection_record, connection_proxy) -> None:
    """A connection idle for a while may have been closed by the server (a restart, a timeout):
    one that does not answer is replaced by a fresh one before the request uses it."""
    idle_since = connection_record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()
    except Exception as error:  # any failure means the connection is gone
        raise exc.DisconnectionError(str(error)) from error


def _private_file(path: str | None) -> None:
    """The SQLite file (and so its -wal and -shm files, which SQLite makes alike) readable by the
    app's own account only: it holds everyone's personal data."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


db = Database()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
