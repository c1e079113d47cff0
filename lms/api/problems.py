"""Problem details (RFC 9457): every error of the API as `application/problem+json`, titled in the
language the client asks for (Accept-Language), its field names in English."""
from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

PROBLEM_JSON = "application/problem+json"
TYPE = "urn:unevoc-lms:problem:"


def titles() -> dict[str, str]:
    """A problem type's title, in the current locale. A plain HTTP status is "about:blank"."""
    return {
        "400": _("The request is not right"), "401": _("Authentication is needed"),
        "403": _("This is not allowed"), "404": _("Not found"), "405": _("This method is not allowed here"),
        "409": _("This conflicts with the current state"), "413": _("The request is too large"),
        "422": _("The data sent is not valid"), "429": _("Too many requests"),
        "500": _("Something went wrong on our side"), "503": _("The platform is not available right now"),
        "invalid-token": _("The access token is missing, unknown, expired or revoked"),
        "insufficient-scope": _("The token does not have the scope this needs"),
        "invalid-parameter": _("A parameter of the request is not valid"),
        "validation": _("The data sent is not valid"),
        "rate-limited": _("Too many requests"),
    }


class Problem(Exception):
    """Raised anywhere under the API's edge; answered as problem details."""

    def __init__(self, status: int, kind: str | None = None, detail: str | None = None, *,
                 errors: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail or kind or str(status))
        self.status, self.kind, self.detail = status, kind, detail
        self.errors, self.headers, self.extra = errors, headers or {}, extra or {}

    def document(self) -> dict[str, Any]:
        known = titles()
        document: dict[str, Any] = {
            "type": TYPE + self.kind if self.kind else "about:blank",
            "title": known.get(self.kind or "", known.get(str(self.status), "")),
            "status": self.status,
        }
        if self.detail:
            document["detail"] = self.detail
        document["instance"] = request.path
        if self.errors is not None:
            document["errors"] = self.errors
        document.update(self.extra)
        return document

    def response(self) -> Response:
        response = Response(json.dumps(self.document(), ensure_ascii=False), status=self.status, mimetype=PROBLEM_JSON)
        for name, value in self.headers.items():
            response.headers[name] = value
        if self.status == 401 and "WWW-Authenticate" not in response.headers:
            response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        response.headers["Content-Language"] = language()
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Accept-Language")
        return response


def language() -> str:
    """The language asked for in Accept-Language, among the platform's (English else)."""
    languages = tuple(current_app.config["LANGUAGES"])
    return request.accept_languages.best_match(languages) or "en"


def from_http_error(code: int, error: HTTPException | None) -> Response:
    """An error raised outside the API's edge (an unknown address, a method not allowed, a NUL
    byte refused before routing) on an API address: problem details too."""
    headers = {}
    if error is not None and code == 405:
        allowed = error.get_headers()  # werkzeug's MethodNotAllowed carries the Allow header
        headers.update({name: value for name, value in allowed if name == "Allow"})
    if code == 429 and error is not None and error.response is not None:
        headers["Retry-After"] = error.response.headers.get("Retry-After", "60")
    with force_locale(language()):
        detail = None
        if code == 404:
            detail = _("There is nothing at this address.")
        elif code == 405:
            detail = _("This address does not accept %(method)s.", method=request.method)
        return Problem(code, headers=headers, detail=detail).response()
