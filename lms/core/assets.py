"""Light pages: compressed responses, and static files with fingerprinted names cached for a year."""
from __future__ import annotations

import functools
import gzip
import hashlib
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, request, send_from_directory

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
    response = send_from_directory(STATIC, filename, max_age=365 * 24 * 3600)
    response.cache_control.immutable = True
    return response


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
    app.register_blueprint(bp)
    app.jinja_env.globals["asset_url"] = asset_url
    app.after_request(compress)
