"""A learner's dashboard and lesson pages answered from kept responses, before Flask is involved.

These two pages are most of what the network's learners ask for, again and again. `KeptPages`
wraps the app: for a GET of one of them it reads the session cookie as Flask would, then one
statement (lms/core/db.py's HotRead, one round trip) tells whether the session still stands
(the person active, their session token unchanged, a learner) and the versions of everything
the page shows (lms/learning/freshness.py). A response kept under that key is the answer,
byte for byte as the app sent it, headers included. Otherwise the app answers; when its view
says the page may be kept (`keep`), the response is kept if it is a plain 200 that sets no
cookie and was rendered for the same reader the key names.

Nothing is answered from here when the app could answer otherwise: a language asked for in
the address, a message waiting in the session, a session Flask-Login would not take as it is
(another browser or address: it marks or ends the session), a lesson not open yet or whose
reading is due to be recorded. Whether the browser takes gzip is part of the key.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import get_locale
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import bindparam, func, select, true
from werkzeug.datastructures import LanguageAccept
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_accept_header, parse_cookie

from lms.cohorts.models import Cohort, Enrolment, ModuleSchedule
from lms.core import clock, pagecache
from lms.core.db import HotRead
from lms.core.i18n import choose_language
from lms.core.permissions import Role
from lms.core.templating import split_session_id
from lms.courses.models import Lesson, Programme
from lms.learning import queries, services
from lms.learning.models import LessonProgress
from lms.users.models import User

# The key this request's page would be kept under, set before the app answers; and what the
# view says when the page it rendered may be kept: (valid until, the reader it was rendered for).
KEY = "lms.kept.key"
KEEP = "lms.kept.keep"

# What the reader's part of the key needs, and whether the session still stands.
_READER = (User.active, User.session_token, User.role, User.language, User.timezone, User.full_name,
           User.pages_version)


@dataclasses.dataclass(frozen=True)
class KeptPage:
    read: HotRead
    # The page's own part of the key from the row read (HotRead's, with the read's columns as
    # attributes), the address's values and its query; None when the page may not be kept now.
    key: Callable[[Any, Mapping[str, Any], dict], tuple | None]


def _dashboard_key(row: Any, args: Mapping[str, Any], query: dict) -> tuple:
    return ("dashboard", row.cohorts, row.cohort_versions, row.imported_at)


def _lesson_key(row: Any, args: Mapping[str, Any], query: dict) -> tuple | None:
    if not row.enrolled or queries.not_open(row.opens_at) or row.last_viewed_at is None \
            or clock.utcnow() - row.last_viewed_at >= services.VIEW_PRECISION:
        return None
    return ("lesson", args["cohort_id"], args["slug"], query.get("original") == "1", row.imported_at,
            row.cohort_version, row.completed_at)


# Whether the reader may read the lesson now, and what its page shows that can change.
_LESSON_STATE = (
    select(select(Enrolment.id).where(Enrolment.cohort_id == Cohort.id, Enrolment.user_id == bindparam("user_id"))
           .exists().label("enrolled"),
           ModuleSchedule.opens_at, LessonProgress.last_viewed_at, LessonProgress.completed_at,
           Programme.imported_at, Cohort.pages_version.label("cohort_version"))
    .select_from(Cohort).join(Programme, Programme.id == Cohort.programme_id)
    .join(Lesson, (Lesson.programme_id == Cohort.programme_id) & (Lesson.slug == bindparam("slug"))
          & Lesson.retired_at.is_(None))
    .outerjoin(ModuleSchedule, (ModuleSchedule.cohort_id == Cohort.id) & (ModuleSchedule.module_id == Lesson.module_id))
    .outerjoin(LessonProgress, (LessonProgress.lesson_id == Lesson.id)
               & (LessonProgress.user_id == bindparam("user_id")))
    .where(Cohort.id == bindparam("cohort_id"))
    .subquery())

PAGES = {
    "learning.dashboard": KeptPage(HotRead(
        select(*_READER, func.count(Cohort.id).label("cohorts"),
               func.sum(Cohort.pages_version).label("cohort_versions"),
               func.max(Programme.imported_at).label("imported_at"))
        .select_from(User).outerjoin(Enrolment, Enrolment.user_id == User.id)
        .outerjoin(Cohort, Cohort.id == Enrolment.cohort_id).outerjoin(Programme, Programme.id == Cohort.programme_id)
        .where(User.id == bindparam("user_id")).group_by(User.id)),
        _dashboard_key),
    "learning.lesson": KeptPage(HotRead(
        select(*_READER, _LESSON_STATE).select_from(User).outerjoin(_LESSON_STATE, true())
        .where(User.id == bindparam("user_id"))),
        _lesson_key),
}
PREFIX = "/learn"  # every kept page's address starts so


def session_identifier(environ: dict) -> str:
    """Flask-Login's identifier of the browser a session belongs to (its `_id`), from the environ.

    The same digest as `flask_login.utils._create_identifier` (a test holds them equal): the first
    X-Forwarded-For address, else the peer's, and the User-Agent, as Python writes their bytes
    (Werkzeug hands Flask-Login the environ's strings as they are).
    """
    address = environ.get("HTTP_X_FORWARDED_FOR", environ.get("REMOTE_ADDR"))
    if address is not None:
        address = address.encode("utf-8").split(b",")[0].strip()
    agent = environ.get("HTTP_USER_AGENT")
    if agent is not None:
        agent = agent.encode("utf-8")
    return hashlib.sha512(f"{address}|{agent}".encode()).hexdigest()


def _form_token(session: dict) -> str:
    return hashlib.sha256(str(session.get("csrf_token", "")).encode()).hexdigest()[:16]


class KeptPages:
    """The WSGI middleware in front of the app that answers kept pages (see the module's docstring)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wsgi_app = app.wsgi_app
        self._serializer: URLSafeTimedSerializer | None = None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = None
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO", "").startswith(PREFIX):
            key = self._key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        pages: pagecache.PageCache = self.app.extensions["lms-page-cache"]
        if (kept := pages.get(key)) is not None:
            status, headers, body = kept
            start_response(status, list(headers))
            return [body]
        environ[KEY] = key
        sent: list = []

        def remember_start(status: str, headers: list, exc_info: object = None) -> Callable:
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        answer = self.wsgi_app(environ, remember_start)
        keep = environ.get(KEEP)
        if keep is None or not sent or not sent[0].startswith("200 ") \
                or any(name.lower() == "set-cookie" for name, _ in sent[1]) or keep[1] != key[-3]:
            return answer
        try:
            body = b"".join(answer)
        finally:
            if hasattr(answer, "close"):
                answer.close()
        pages.put(key, (sent[0], tuple(sent[1]), body), keep[0])
        return [body]

    def _session(self, environ: dict) -> dict | None:
        """The session as Flask reads it from the cookie, or None."""
        app = self.app
        value = parse_cookie(environ).get(app.config["SESSION_COOKIE_NAME"])
        if not value:
            return None
        if self._serializer is None:
            interface = app.session_interface
            if not isinstance(interface, SecureCookieSessionInterface):  # not a cookie we can read
                return None
            self._serializer = interface.get_signing_serializer(app)
            if self._serializer is None:  # no secret key: Flask has no session either
                return None
        try:
            return self._serializer.loads(value, max_age=int(app.permanent_session_lifetime.total_seconds()))
        except BadSignature:
            return None

    def _key(self, environ: dict) -> tuple | None:
        """The key this request's page is kept under, or None when it may not come from here."""
        from lms.extensions import login_manager

        app = self.app
        if not app.extensions["lms-page-cache"].entries:
            return None
        try:
            endpoint, args = app.url_map.bind_to_environ(environ).match()
        except HTTPException:
            return None
        page = PAGES.get(endpoint)
        if page is None:
            return None
        query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
        session = self._session(environ) if "lang" not in query else None
        if not session or session.get("_flashes"):
            return None
        signed_in = split_session_id(str(session.get("_user_id") or ""))
        protection = app.config.get("SESSION_PROTECTION", login_manager.session_protection)
        if signed_in is None or (protection in ("basic", "strong")
                                 and session.get("_id") != session_identifier(environ)):
            return None
        row = page.read.first(app.extensions["lms-db"].engine, {"user_id": signed_in[0], **args})
        if row is None or not row.active or row.session_token != signed_in[1] or row.role is not Role.learner:
            return None
        own = page.key(row, args, query)
        if own is None:
            return None
        language = choose_language(session.get("lang"), row.language,
                                   parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept),
                                   app.config)
        reader = (signed_in[0], row.pages_version, row.full_name, language, row.timezone, row.role.value)
        return (*own, reader, _form_token(session), "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""))


def keep(valid_until: dt.datetime | None = None) -> None:
    """Let the page this request rendered be kept (until `valid_until` at the latest), if it may be."""
    if KEY in request.environ:
        request.environ[KEEP] = (valid_until, (current_user.id, current_user.pages_version, current_user.full_name,
                                               str(get_locale()), current_user.timezone, current_user.role.value))


def init_app(app: Flask) -> None:
    app.wsgi_app = KeptPages(app)  # type: ignore[method-assign]
