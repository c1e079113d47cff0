"""Extension objects, created unbound and bound to an app in `create_app`."""
from __future__ import annotations

from flask import Flask, current_app
from flask.globals import app_ctx
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker


class _AppSession(Session):
    """A session that talks to the engine of the app it is used in."""

    def get_bind(self, mapper=None, clause=None, **kwargs):  # noqa: ANN001 - SQLAlchemy's signature
        return current_app.extensions["lms-db"].engine


def _app_context_id() -> int:
    return id(app_ctx._get_current_object())


class AppDatabase:
    """One app's engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine


class Database:
    """A session scoped to the current app context, bound to that app's engine.

    Services flush; the request edge (a view, a CLI command) commits. Whatever a
    request leaves uncommitted is rolled back when the request ends.
    """

    def __init__(self) -> None:
        self.session: scoped_session[Session] = scoped_session(
            sessionmaker(class_=_AppSession, expire_on_commit=False), scopefunc=_app_context_id)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["lms-db"].engine

    def init_app(self, app: Flask) -> None:
        url: str = app.config["DATABASE_URL"]
        options: dict = {"pool_pre_ping": True}
        if url.startswith("sqlite"):
            options = {"connect_args": {"timeout": 30}}
        engine = create_engine(url, **options)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        app.extensions["lms-db"] = AppDatabase(engine)

        def remove_session(exc: BaseException | None) -> None:
            self.session.remove()

        # After each request (tests may keep one app context across requests) and
        # after each app context (CLI commands).
        app.teardown_request(remove_session)
        app.teardown_appcontext(remove_session)


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
