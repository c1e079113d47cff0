"""Light pages: compressed responses, and static files with fingerprinted names cached for a year."""
from __future__ import annotations

import functools
import gzip
import hashlib
from pathlib import Path

from typing import Any

from flask import Blueprint, Flask, Response, abort, request
from flask.sessions import SecureCookieSessionInterface

from lms.core.edge import PUBLIC, page

STATIC = Path(__file__).resolve().parent.parent / "static"
COMPRESSIBLE = ("text/", "application/json", "image/svg+xml", "application/javascript")
MIN_SIZE = 512

bp = Blueprint("assets", __name__)


@functools.cache
def fingerprint(filename: str) -> str:
    return hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """`style.css` becomes `/assets/style.<hash>.css`: a new name whenever the file changes."""
    stem, _dot, ext = filename.rpartition(".")
    return f"/assets/{stem}.{fingerprint(filename)}.{ext}"


@page(bp, "/assets/<name>", roles=PUBLIC)
def asset(name: str):
    parts = name.split(".")
    if len(parts) < 3:
        abort(404)
    filename = ".".join(parts[:-2] + parts[-1:])
    if not (STATIC / filename).is_file() or parts[-2] != fingerprint(filename):
        abort(404)
    data, gzipped, mimetype = _file(filename)
    zipped = gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(gzipped if zipped else data, mimetype=mimetype)
    if zipped:
        response.headers["Content-Encoding"] = "gzip"
    if gzipped is not None:
        response.vary.add("Accept-Encoding")
    # The same for everyone, forever: its name changes with its content. Neither a cookie nor a
    # session belongs to it (lms/core/assets.py AssetSessions keeps Flask-Login's Vary: Cookie off).
    response.cache_control.public = True
    response.cache_control.max_age = 365 * 24 * 3600
    response.cache_control.immutable = True
    return response


@functools.cache
def _file(filename: str) -> tuple[bytes, bytes | None, str]:
    """A static file's bytes, gzip'd once where that pays, and its type."""
    import mimetypes
    data = (STATIC / filename).read_bytes()
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    compressible = mimetype.startswith(COMPRESSIBLE) and len(data) >= MIN_SIZE
    return data, gzip.compress(data, compresslevel=9) if compressible else None, mimetype


FAVICON = ("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='6' "
           "fill='#0b4f8a'/><text x='16' y='22' font-family='Georgia,serif' font-size='18' text-anchor='middle' "
           "fill='#fff'>U</text></svg>")


@page(bp, "/favicon.ico", roles=PUBLIC)
def favicon():
    """Browsers ask for it on every site: a small mark in UNEVOC blue rather than a 404 each time."""
    response = Response(FAVICON, mimetype="image/svg+xml")
    response.cache_control.public = True
    response.cache_control.max_age = 7 * 24 * 3600
    return response


class AssetSessions(SecureCookieSessionInterface):
    """Flask's cookie sessions, but static files never say Vary: Cookie (Flask-Login reads the
    session after every request, which would otherwise keep shared caches from keeping them)."""

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        if request.endpoint in ("assets.asset", "assets.favicon") and not session.modified:
            return
        super().save_session(app, session, response)


def compress(response: Response) -> Response:
    """Gzip text responses for clients that accept it."""
    if (response.status_code < 200 or response.status_code >= 300 or response.direct_passthrough
            or "Content-Encoding" in response.headers
            or not (response.mimetype or "").startswith(COMPRESSIBLE)
            or "gzip" not in request.headers.get("Accept-Encoding", "")):
        return response
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(data, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def init_app(app: Flask) -> None:
    app.session_interface = AssetSessions()
    app.register_blueprint(bp)
    app.jinja_env.globals["asset_url"] = asset_url
    app.after_request(compress)
