"""Security headers on every response: a strict Content-Security-Policy, no framing, no sniffing."""
from __future__ import annotations

from flask import Flask, Response, current_app, has_request_context

# No page runs inline script or style; images may be data: URIs (the offline module embeds them).
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def secure(response: Response) -> Response:
    headers = response.headers
    if "Cache-Control" not in headers:
        # A signed-in page or a downloaded file is someone's own: never kept by a shared cache
        # (a proxy, a CDN), and a file of personal data not kept at all.
        if headers.get("Content-Disposition", "").startswith("attachment"):
            headers["Cache-Control"] = "private, no-store"
        elif _signed_in():
            headers["Cache-Control"] = "private, no-cache"
            response.vary.add("Cookie")
    headers.setdefault("Content-Security-Policy", POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    # Calendar addresses hold secrets: never send a page's address to another site.
    headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config["BASE_URL"].lower().startswith("https://"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _signed_in() -> bool:
    from flask_login import current_user
    return bool(has_request_context() and current_user.is_authenticated)


def init_app(app: Flask) -> None:
    app.after_request(secure)
