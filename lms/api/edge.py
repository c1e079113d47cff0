"""The API's request edge: lms/core/edge.py's phases, for programs holding a bearer token.

An operation is declared with `operation(rule, ...)`: the scope it needs, the roles it is for, the
objects it loads from its address (the same `Load`/`Find` loaders the pages use: a missing one is
a 404 problem), the permissions it checks on them through lms/core/permissions.py (403 problem),
and what it answers (for the OpenAPI document, which is built from these declarations). The edge
then, in order:

1. authenticates the bearer token (never the session cookie: a browser's session cannot call the
   API, so no form token is needed) and runs the request as the token's owner (401 problem);
2. counts the request against the token's rate limit (429 problem with Retry-After);
3. checks the scope (403 problem) and the role (403 problem);
4. loads the objects and checks the permissions declared on each as soon as it is loaded;
5. runs the view, which returns what to send as JSON;
6. commits once (the rate count, and what a writing operation changed), or rolls back and keeps
   only the bookkeeping (the rate count, an audited refusal) when the answer is a problem;
7. gives a GET its ETag, or a 304 when the client holds that version already.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Response, current_app, g, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from lms.api import bp
from lms.api.models import ApiToken
from lms.api.problems import Problem, language
from lms.core import clock, ratelimit
from lms.core.edge import Loader
from lms.core.permissions import Role, can
from lms.extensions import csrf, db, login_manager

PREFIX = "/api/v1"
RATE_BUCKET = "api"
LAST_USED_PRECISION = dt.timedelta(minutes=5)


@dataclasses.dataclass(frozen=True)
class Param:
    """A query parameter, for the document and for checking."""

    name: str
    description: str
    schema: Mapping[str, Any]
    required: bool = False


@dataclasses.dataclass(frozen=True)
class Operation:
    """What an operation declares; read by the edge, the OpenAPI document and the tests."""

    endpoint: str
    rule: str
    method: str
    summary: str
    tag: str
    response: str                     # the schema of a successful answer (lms/api/openapi.py)
    scope: str | None = None          # None: any valid token (or none at all when `public`)
    roles: tuple[Role, ...] = ()
    load: Mapping[str, Loader] = dataclasses.field(default_factory=dict)
    allow: tuple[tuple[str, str], ...] = ()
    query: tuple[Param, ...] = ()
    body: str | None = None           # the schema of the request body
    status: int = 200
    public: bool = False              # no token (the OpenAPI document, the token endpoint)
    paginated: bool = False
    problems: tuple[int, ...] = ()    # problem statuses beside the ones every operation may give
    description: str = ""


OPERATIONS: list[Operation] = []


def operation(rule: str, *, summary: str, tag: str, response: str, method: str = "GET",
              scope: str | None = None, roles: Iterable[Role] = (), load: Mapping[str, Loader] | None = None,
              allow: Iterable[tuple[str, str]] = (), query: Iterable[Param] = (), body: str | None = None,
              status: int = 200, public: bool = False, paginated: bool = False, problems: Iterable[int] = (),
              description: str = "", endpoint: str | None = None) -> Callable:
    def declare(view: Callable) -> Callable:
        name = endpoint or view.__name__
        declared = Operation(endpoint=f"{bp.name}.{name}", rule=PREFIX + rule, method=method, summary=summary,
                             tag=tag, response=response, scope=scope, roles=tuple(roles), load=dict(load or {}),
                             allow=tuple(allow), query=tuple(query) + (PAGINATION if paginated else ()),
                             body=body, status=status, public=public, paginated=paginated,
                             problems=tuple(problems), description=description)

        @functools.wraps(view)
        def handle(**args: Any) -> Any:
            return process(declared, view, args)

        handle.operation = declared  # type: ignore[attr-defined]  # read by the tests over every route
        bp.add_url_rule(declared.rule, name, handle, methods=[method])
        csrf.exempt(handle)  # never authenticated by a cookie: there is no form to forge
        OPERATIONS.append(declared)
        return handle

    return declare


def process(declared: Operation, view: Callable, args: dict[str, Any]) -> Response:
    with force_locale(language()):
        token: ApiToken | None = None
        try:
            g._login_user = login_manager.anonymous_user()  # whatever cookie came with it
            if not declared.public:
                token = _authenticate()
                g._login_user = token.user
                g.api_token = token
                _count(token)
                _check_access(declared, token)
            loaded = _load_and_check(declared, args)
            consumed = {arg for loader in declared.load.values() for arg in loader.consumes}
            result = view(**loaded, **{name: value for name, value in args.items() if name not in consumed})
            response = result if isinstance(result, Response) else json_response(result, declared.status)
            db.session.commit()
        except Problem as problem:
            return _refused(problem, token)
        except IntegrityError:  # a row another request made at the same moment (an enrolment)
            return _refused(Problem(409, detail=_("Something changed at the same moment; send it again.")), token)
        except HTTPException as error:  # an abort() in code the pages share (a throttled lookup)
            headers = dict(error.response.headers) if error.response is not None else {}
            return _refused(Problem(error.code or 500, headers={k: v for k, v in headers.items()
                                                                 if k == "Retry-After"}), token)
        except BaseException:
            db.session.rollback()
            raise
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response = _validated(response)
        response.headers["Content-Language"] = language()
        return response


def _refused(problem: Problem, token: ApiToken | None) -> Response:
    db.session.rollback()
    pending = g.pop("api_refusal", None)
    if pending is not None:
        from lms.api.tokens import record_refusal
        record_refusal(db.session, *pending)
    if token is not None and problem.status != 429:
        ratelimit.record(db.session, RATE_BUCKET, _rate_key(token))
    db.session.commit()
    return problem.response()


def _authenticate() -> ApiToken:
    from lms.api.tokens import Refusal, authenticate
    scheme, _sep, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise Problem(401, "invalid-token", _("Send a token: “Authorization: Bearer <token>”."))
    found = authenticate(db.session, credentials.strip())
    if isinstance(found, Refusal):
        if found.token is not None:
            g.api_refusal = (found.token, found.reason)
        raise Problem(401, "invalid-token", _("This token cannot be used: it is unknown, expired or revoked, "
                                              "or its owner's account is closed."),
                      headers={"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'})
    return found


def _rate_key(token: ApiToken) -> str:
    return f"token:{token.id}"


def _count(token: ApiToken) -> None:
    config = current_app.config
    limit, window = config["API_RATE_LIMIT"], dt.timedelta(seconds=config["API_RATE_WINDOW_SECONDS"])
    key = _rate_key(token)
    if ratelimit.exceeded(db.session, RATE_BUCKET, key, limit, window):
        oldest = ratelimit.oldest(db.session, RATE_BUCKET, key, window)
        wait = (oldest + window - clock.utcnow()).total_seconds() if oldest else window.total_seconds()
        raise Problem(429, "rate-limited",
                      _("This token may make %(limit)s requests in %(seconds)s seconds.",
                        limit=limit, seconds=int(window.total_seconds())),
                      headers={"Retry-After": str(max(1, math.ceil(wait)))})
    ratelimit.record(db.session, RATE_BUCKET, key)
    now = clock.utcnow()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        token.last_used_at = now  # for its owner's list; written at most every few minutes


def _check_access(declared: Operation, token: ApiToken) -> None:
    if declared.scope is not None and declared.scope not in token.scopes:
        g.api_refusal = (token, f"scope {declared.scope} missing")
        raise Problem(403, "insufficient-scope", _("This needs a token with the scope “%(scope)s”.",
                                                   scope=declared.scope),
                      headers={"WWW-Authenticate": f'Bearer realm="api", error="insufficient_scope", '
                                                   f'scope="{declared.scope}"'})
    if declared.roles and token.user.role not in declared.roles:
        raise Problem(403, detail=_("The token's owner does not have the role this needs."))


def _load_and_check(declared: Operation, args: Mapping[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = {}
    for name, loader in declared.load.items():
        found = loader(args, loaded)
        if found is None:
            raise Problem(404, detail=_("There is nothing at this address."))
        loaded[name] = found
        for action, checked in declared.allow:
            if checked == name and not can(g._login_user, action, found):
                raise Problem(403, detail=_("The token's owner may not see or change this."))
    return loaded


def json_response(document: Any, status: int = 200) -> Response:
    response = Response(json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=_plain),
                        status=status, mimetype="application/json")
    for name, value in g.pop("api_headers", {}).items():
        response.headers[name] = value
    return response


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _validated(response: Response) -> Response:
    """An ETag from what is sent (so it changes exactly when the answer does); 304 when it matches."""
    etag = hashlib.sha256(response.get_data()).hexdigest()[:32]
    # Weak: the same answer gzip'd (lms/core/assets.py) keeps the same validator.
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Authorization")
    response.vary.add("Accept-Language")
    if request.if_none_match.contains_weak(etag):
        not_modified = Response(status=304)
        for name in ("ETag", "Cache-Control", "Vary", "Link"):
            if name in response.headers:
                not_modified.headers[name] = response.headers[name]
        return not_modified
    return response


# Lists: `limit` with `cursor` (keyset, stable while rows are added) or `page` -------------------

DEFAULT_LIMIT, MAX_LIMIT = 25, 100
PAGINATION = (
    Param("limit", "How many items per answer (1 to 100, 25 unless given).",
          {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}),
    Param("cursor", "Where to go on from: the `next` link of the previous answer holds it.",
          {"type": "string", "maxLength": 100}),
    Param("page", "A page number instead of a cursor (1 for the first).",
          {"type": "integer", "minimum": 1, "maximum": 1_000_000}),
)


def bad_parameter(name: str, detail: str) -> Problem:
    return Problem(400, "invalid-parameter", detail, errors=[{"parameter": name, "detail": detail}])


def whole_number(name: str, low: int, high: int) -> int | None:
    value = request.args.get(name)
    if value is None:
        return None
    if not value.isdigit() or len(value) > 9 or not low <= int(value) <= high:
        raise bad_parameter(name, _("“%(name)s” must be a whole number from %(low)s to %(high)s.",
                                    name=name, low=low, high=high))
    return int(value)


def _cursor_id(value: str) -> int:
    try:
        number = base64.urlsafe_b64decode(value.encode("ascii") + b"==").decode("ascii")
    except (ValueError, UnicodeError):
        number = ""
    if not number.isdigit() or len(number) > 10:
        raise bad_parameter("cursor", _("This cursor is not one the API gave."))
    return int(number)


def _cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(str(row_id).encode()).decode().rstrip("=")


def paged(query: Select, id_column: Any, serialize: Callable[[Any], Any]) -> dict[str, Any]:
    """One page of `query` (rows ordered by `id_column`): {"items", "next"}, with a `Link` header."""
    limit = whole_number("limit", 1, MAX_LIMIT) or DEFAULT_LIMIT
    page = whole_number("page", 1, 1_000_000)
    cursor = request.args.get("cursor")
    if cursor is not None and page is not None:
        raise bad_parameter("cursor", _("Give a cursor or a page, not both."))
    query = query.order_by(id_column)
    if cursor is not None:
        query = query.where(id_column > _cursor_id(cursor))
    if page is not None:
        query = query.offset((page - 1) * limit)
    rows = list(db.session.scalars(query.limit(limit + 1)).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    following: str | None = None
    if more:
        args = {k: v for k, v in request.args.items() if k not in ("cursor", "page")}
        args.update({"page": str(page + 1)} if page is not None else {"cursor": _cursor(rows[-1].id)})
        following = url_for(request.endpoint or "", **(request.view_args or {}), **args, _external=True)
        g.api_headers = {**g.get("api_headers", {}), "Link": f'<{following}>; rel="next"'}
    return {"items": [serialize(row) for row in rows], "next": following}
