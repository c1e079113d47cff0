"""Absolute links for emails and feeds, built from BASE_URL rather than the request."""
from __future__ import annotations

from typing import Any

from flask import current_app
from werkzeug.routing import IntegerConverter


class RowIdConverter(IntegerConverter):
    """`<int:...>` in every address: a whole number a database key can hold (PostgreSQL's
    integer), so that an address with a 30-digit id is simply not found, not an error."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def external_url(endpoint: str, **values: Any) -> str:
    """The public address of `endpoint`, usable outside any request (CLI, outbox)."""
    adapter = current_app.url_map.bind("localhost")
    path = adapter.build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path
