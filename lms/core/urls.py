"""Absolute links for emails and feeds, built from BASE_URL rather than the request."""
from __future__ import annotations

from typing import Any

from flask import current_app


def external_url(endpoint: str, **values: Any) -> str:
    """The public address of `endpoint`, usable outside any request (CLI, outbox)."""
    adapter = current_app.url_map.bind("localhost")
    path = adapter.build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path
