"""Rendered pages kept in this process's memory, under keys that say everything they depend on.

A key holds the versions of the data a page shows (lms/learning/freshness.py), the reader's
language, time zone and name, and the form token of their session (lms/core/edge.py); a
page is kept until its own `valid_until` (the next moment something on it changes by the
clock: a module opening, a session starting) and at most MAX_AGE. Nothing here is needed by
another process: each rebuilds what it lacks. PAGE_CACHE_ENTRIES (0 turns it off) bounds the
memory used.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import threading
from collections import OrderedDict
from typing import Any

from flask import Flask

from lms.core import clock

MAX_AGE = dt.timedelta(minutes=10)
GZIP_FROM_BYTES = 512  # as lms/core/assets.py (MIN_SIZE): smaller bodies are sent as they are


@dataclasses.dataclass(frozen=True)
class KeptResponse:
    """A kept page: its body, and the same gzip'd for browsers that take it (made once)."""

    body: bytes
    gzipped: bytes | None
    mimetype: str | None

    @classmethod
    def of(cls, body: bytes, mimetype: str | None) -> KeptResponse:
        gzipped = gzip.compress(body, compresslevel=6) if len(body) >= GZIP_FROM_BYTES else None
        return cls(body, gzipped, mimetype)


class PageCache:
    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._pages: OrderedDict[tuple, tuple[dt.datetime, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Any:
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            if found[0] <= clock.utcnow():
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return found[1]

    def put(self, key: tuple, page: Any, valid_until: dt.datetime | None = None) -> None:
        if not self.entries:
            return
        limit = clock.utcnow() + MAX_AGE
        with self._lock:
            self._pages[key] = (min(valid_until, limit) if valid_until else limit, page)
            self._pages.move_to_end(key)
            while len(self._pages) > self.entries:
                self._pages.popitem(last=False)


def init_app(app: Flask) -> None:
    app.extensions["lms-page-cache"] = PageCache(int(app.config["PAGE_CACHE_ENTRIES"]))
