"""OAuth 2 client credentials (RFC 6749 §4.4): a registered client trades its id and secret for a
bearer token. Errors are RFC 6749 §5.2's JSON (`error`, `error_description`), which also carries
the problem-details members the rest of the API answers with."""
from __future__ import annotations

import base64
import datetime as dt
import json
from urllib.parse import unquote

from flask import Response, request
from flask_babel import gettext as _

from lms.api import tokens
from lms.api.edge import operation
from lms.api.problems import TYPE
from lms.api.scopes import SCOPES
from lms.audit import services as audit
from lms.core import ratelimit
from lms.extensions import db

MISSES_PER_WINDOW = 30
MISS_WINDOW = dt.timedelta(minutes=10)


def _answer(document: dict, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(json.dumps(document, ensure_ascii=False), status=status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _error(error: str, description: str, status: int = 400, headers: dict[str, str] | None = None) -> Response:
    return _answer({"error": error, "error_description": description, "type": TYPE + "oauth-" + error,
                    "title": description, "status": status, "detail": description}, status, headers)


def _credentials() -> tuple[str, str, bool]:
    """(client_id, client_secret, sent by HTTP Basic)."""
    header = request.headers.get("Authorization", "")
    if header[:6].lower() == "basic ":
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
        except ValueError:  # not base64 (binascii.Error), not ASCII, not UTF-8
            return "", "", True
        client_id, _sep, secret = decoded.partition(":")
        return unquote(client_id), unquote(secret), True  # RFC 6749 §2.3.1: form-encoded first
    return request.form.get("client_id", ""), request.form.get("client_secret", ""), False


@operation("/oauth/token", method="POST", public=True, summary="Get an access token (client credentials)",
           tag="tokens", response="AccessToken", body="TokenRequest", problems=(401,),
           description="RFC 6749 §4.4. Send `grant_type=client_credentials` as a form, with the client's id and "
                       "secret by HTTP Basic or as `client_id` and `client_secret`; `scope` (space-separated) "
                       "narrows the client's scopes.")
def token():
    address = request.remote_addr or "unknown"
    if ratelimit.exceeded(db.session, "api-oauth-miss", address, MISSES_PER_WINDOW, MISS_WINDOW):
        return _error("invalid_client", _("Too many failed attempts from this address; try again later."), 429,
                      {"Retry-After": str(int(MISS_WINDOW.total_seconds()))})
    client_id, secret, basic = _credentials()
    if request.form.get("grant_type") != "client_credentials":
        if not request.form.get("grant_type"):
            return _error("invalid_request", _("grant_type is missing."))
        return _error("unsupported_grant_type", _("Only grant_type=client_credentials is supported."))
    client = tokens.authenticate_client(db.session, client_id, secret)
    refused = client is None or client.revoked_at is not None or not client.owner.active
    if refused:
        ratelimit.record(db.session, "api-oauth-miss", address)
        if client is not None:
            audit.record(db.session, "api_client_refused", client.client_id, actor=client.owner,
                         reason="revoked" if client.revoked_at is not None else "owner_deactivated")
        return _error("invalid_client", _("The client is unknown, its secret is wrong, or it has been revoked."),
                      401, {"WWW-Authenticate": 'Basic realm="api"'} if basic else None)
    assert client is not None
    asked = request.form.get("scope", "").split()
    if any(scope not in SCOPES or scope not in client.scopes for scope in asked):
        return _error("invalid_scope", _("Ask only for scopes the client was registered with."))
    issued, secret_token = tokens.issue_access_token(db.session, client, asked)
    audit.record(db.session, "api_access_token_issued", issued.prefix, actor=client.owner, client=client.client_id)
    return _answer({"access_token": secret_token, "token_type": "Bearer",
                    "expires_in": int(tokens.ACCESS_TOKEN_LIFETIME.total_seconds()),
                    "scope": " ".join(issued.scopes)})
