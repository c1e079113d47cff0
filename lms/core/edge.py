"""The one request edge: every page declares what it needs, and the edge does it in order.

A page is declared with `page(bp, rule, ...)`: the roles it is for, the objects it loads from its
address (a missing one is a 404), the permissions it checks on them through the registry in
lms/core/permissions.py (403), and whether a GET may write. The edge then, in named phases as
Indico's `RH.process` does:

1. checks the role (anonymous visitors are sent to sign in; other roles get 403);
2. loads the objects, in the order declared (a loader may use those loaded before it), and
   checks the permissions declared on each as soon as it is loaded (403);
3. answers a kept page from lms/core/pagecache.py when it may (`kept=`), with an ETag, or a 304
   when the browser holds that version already;
4. runs the view body with the loaded objects;
5. commits once, or rolls back: a POST (or any method but GET and HEAD) commits what the body
   changed; a GET must change nothing, unless the page declares `writes_on_get` (reading
   progress); an exception rolls everything back before the error page is drawn.

Everything Flask does around a view (before- and after-request hooks, the session, Flask-Login)
runs for every request, kept pages included, because the edge is the view.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from lms.core import pagecache
from lms.core.permissions import Role, can
from lms.extensions import db, login_manager

log = logging.getLogger(__name__)

PUBLIC: tuple[Role, ...] = ()          # anyone, signed in or not
SIGNED_IN: tuple[Role, ...] = tuple(Role)  # any role, once signed in
WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class GetWrote(RuntimeError):
    """A GET changed the database though its page does not declare `writes_on_get`."""


@dataclasses.dataclass(frozen=True)
class Load:
    """An object loaded from the page's address by its primary key: 404 when there is none.

    `arg` is the address's argument holding the key; `options` are loader options (such as
    `joinedload(...)` for what the permission check reads). `of` names an object loaded before,
    whose id this row's `<of>_id` column must hold (a live session of *this* cohort), else 404.
    """

    model: type
    arg: str
    options: tuple = ()
    of: str | None = None

    @property
    def consumes(self) -> tuple[str, ...]:
        return (self.arg,)

    def __call__(self, args: Mapping[str, Any], loaded: Mapping[str, Any]) -> Any:
        row = db.session.get(self.model, args[self.arg], options=list(self.options) or None)
        if row is not None and self.of is not None and getattr(row, f"{self.of}_id") != loaded[self.of].id:
            return None
        return row


@dataclasses.dataclass(frozen=True)
class Find:
    """An object found by a function of the address's arguments and the objects loaded before
    it (for example a module by its slug within the cohort's programme): 404 when it gives None."""

    find: Callable[..., Any]
    args: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()

    @property
    def consumes(self) -> tuple[str, ...]:
        return self.args

    def __call__(self, args: Mapping[str, Any], loaded: Mapping[str, Any]) -> Any:
        return self.find(*(loaded[name] for name in self.uses), *(args[name] for name in self.args))


Loader = Load | Find


@dataclasses.dataclass(frozen=True)
class Kept:
    """How a page may be answered from the kept pages: `key(loaded, args)` gives what the page
    shows that can change (versions read from the database), or None when it may not be kept
    now. The reader (who, in which language and time zone, with which form token) is added by
    the edge."""

    key: Callable[[Mapping[str, Any], Mapping[str, Any]], tuple | None]


@dataclasses.dataclass(frozen=True)
class Page:
    """What a page declares; read by the edge and by the tests that go over every route."""

    endpoint: str
    rule: str
    methods: tuple[str, ...]
    roles: tuple[Role, ...]
    load: Mapping[str, Loader]
    allow: tuple[tuple[str, str], ...]
    writes_on_get: bool
    kept: Kept | None


def page(bp: Blueprint, rule: str, *, roles: Iterable[Role], methods: Iterable[str] = ("GET",),
         load: Mapping[str, Loader] | None = None, allow: Iterable[tuple[str, str]] = (),
         writes_on_get: bool = False, kept: Kept | None = None, endpoint: str | None = None) -> Callable:
    """Declare a page on `bp` (see the module's docstring). `allow` lists (action, name) pairs:
    the signed-in person must be allowed `action` on the loaded object `name`."""

    def declare(view: Callable) -> Callable:
        declared = Page(endpoint=f"{bp.name}.{endpoint or view.__name__}", rule=rule,
                        methods=tuple(methods), roles=tuple(roles), load=dict(load or {}),
                        allow=tuple(allow), writes_on_get=writes_on_get, kept=kept)
        for _action, name in declared.allow:
            if name not in declared.load:
                raise ValueError(f"{declared.endpoint}: `allow` checks {name!r}, which it does not load")

        @functools.wraps(view)
        def handle(**args: Any) -> Any:
            return process(declared, view, args)

        handle.page = declared  # type: ignore[attr-defined]  # read by the tests over every route
        bp.add_url_rule(rule, endpoint or view.__name__, handle, methods=list(declared.methods))
        return handle

    return declare


def process(declared: Page, view: Callable, args: dict[str, Any]) -> Any:
    try:
        if _holds_nul(args):
            abort(400)
        denied = _check_role(declared.roles)
        if denied is not None:
            return denied
        loaded = _load_and_check(declared, args)
        consumed = {arg for loader in declared.load.values() for arg in loader.consumes}
        rest = {name: value for name, value in args.items() if name not in consumed}
        key = _kept_key(declared, loaded, rest)
        if key is not None:
            answer = _from_kept(key)
            if answer is not None:
                db.session.rollback()
                return answer
        response = make_response(view(**loaded, **rest))
        _finish(declared)
        if key is not None:
            _keep(key, response)
        return response
    except BaseException:
        db.session.rollback()
        raise


def _holds_nul(args: Mapping[str, Any]) -> bool:
    """A NUL in the address or its query: no page means one, and PostgreSQL refuses it in any text
    a query compares (a 500 there); forms lose it as they clean their text (lms/core/forms.py)."""
    return any("\x00" in value for value in args.values() if isinstance(value, str)) \
        or any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True))


def _check_role(roles: tuple[Role, ...]) -> Any:
    if not roles:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in roles:
        abort(403)
    return None


def _load_and_check(declared: Page, args: Mapping[str, Any]) -> dict[str, Any]:
    """Each object in turn, and at once the permissions declared on it: someone else's cohort is
    a 403 before any of its modules is looked for."""
    loaded: dict[str, Any] = {}
    for name, loader in declared.load.items():
        found = loader(args, loaded)
        if found is None:
            abort(404)
        loaded[name] = found
        for action, checked in declared.allow:
            if checked == name and not can(current_user, action, found):
                abort(403)
    return loaded


def _finish(declared: Page) -> None:
    """Commit what a writing request changed; make sure a reading one changed nothing."""
    session = db.session
    if request.method in WRITING_METHODS or declared.writes_on_get:
        session.commit()
        return
    changed = [*session.new, *session.deleted, *(o for o in session.dirty if session.is_modified(o))]
    wrote = bool(changed) or session.info.pop(_WROTE, False)
    session.rollback()
    if wrote:
        message = (f"GET {request.path} ({declared.endpoint}) changed the database "
                   f"({', '.join(sorted({type(o).__name__ for o in changed})) or 'flushed before'}); "
                   "declare writes_on_get")
        if current_app.testing or current_app.debug:
            raise GetWrote(message)
        log.error(message)


# Writes flushed before the end of a GET, which `session.new` and `dirty` no longer show.
_WROTE = "lms.edge.wrote"


@event.listens_for(Session, "after_flush")
def _remember_flush(session: Session, flush_context: Any) -> None:
    if session.new or session.dirty or session.deleted:
        session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_flush(session: Session) -> None:
    session.info.pop(_WROTE, None)


# Kept pages ----------------------------------------------------------------------------------

def _kept_key(declared: Page, loaded: Mapping[str, Any], args: Mapping[str, Any]) -> tuple | None:
    """The key this page would be kept under, or None when it may not come from the kept pages."""
    if declared.kept is None or request.method != "GET" or not current_user.is_authenticated:
        return None
    pages: pagecache.PageCache = current_app.extensions["lms-page-cache"]
    if not pages.entries or session.get("_flashes"):
        return None
    own = declared.kept.key(loaded, args)
    if own is None:
        return None
    user = current_user
    reader = (user.id, user.pages_version, user.full_name, str(get_locale()), user.timezone, user.role.value)
    form_token = hashlib.sha256(str(session.get("csrf_token", "")).encode()).hexdigest()[:16]
    return (declared.endpoint, *own, reader, form_token, request.query_string)


def _etag(key: tuple) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def _from_kept(key: tuple) -> Response | None:
    """A 304 when the browser holds this version, the kept response when there is one, else None."""
    etag = _etag(key)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        _validators(response, etag)
        return response
    kept = current_app.extensions["lms-page-cache"].get(key)
    if kept is None:
        return None
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "") and kept.gzipped is not None
    response = Response(kept.gzipped if gzipped else kept.body, status=200, mimetype=kept.mimetype)
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
    _validators(response, etag)
    return response


def _keep(key: tuple, response: Response) -> None:
    """Keep a plain 200 that leaves the session as it was (a changed session means the page
    depended on more than its key says)."""
    valid_until = g.pop("kept_valid_until", None)
    if g.pop("kept_refused", False) or response.status_code != 200 or session.modified \
            or response.direct_passthrough or "Set-Cookie" in response.headers:
        return
    body = response.get_data()
    current_app.extensions["lms-page-cache"].put(key, pagecache.KeptResponse.of(body, response.mimetype),
                                                 valid_until)
    _validators(response, _etag(key))


def _validators(response: Response, etag: str) -> None:
    response.set_etag(etag)
    # Personal pages: kept by the browser, but asked about again each time (a 304 is cheap).
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")


def keep_until(moment: Any) -> None:
    """The page being rendered changes by the clock at `moment` (a module opens, a session ends):
    keep it no longer than that."""
    g.kept_valid_until = moment


def do_not_keep() -> None:
    """The page being rendered shows something its kept key does not cover: do not keep it."""
    g.kept_refused = True
