"""Rendered pages kept in this process's memory, under keys that say everything they depend on.

A key holds the versions of the data a page shows (lms/learning/freshness.py), the reader's
language, time zone and name, and the form token of their session; a page is kept until its
own `valid_until` (the next moment something on it changes by the clock: a module opening,
a session starting) and at most MAX_AGE. Nothing here is needed by another process: each
rebuilds what it lacks. PAGE_CACHE_ENTRIES (0 turns it off) bounds the memory used.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict

from flask import Flask, current_app, session

from lms.core import clock

MAX_AGE = dt.timedelta(minutes=10)


class PageCache:
    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._pages: OrderedDict[tuple, tuple[dt.datetime, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            if found[0] <= clock.utcnow():
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return found[1]

    def put(self, key: tuple, html: str, valid_until: dt.datetime | None = None) -> None:
        if not self.entries:
            return
        limit = clock.utcnow() + MAX_AGE
        with self._lock:
            self._pages[key] = (min(valid_until, limit) if valid_until else limit, html)
            self._pages.move_to_end(key)
            while len(self._pages) > self.entries:
                self._pages.popitem(last=False)


def init_app(app: Flask) -> None:
    app.extensions["lms-page-cache"] = PageCache(int(app.config["PAGE_CACHE_ENTRIES"]))


def cache() -> PageCache | None:
    """This app's cache, or None for a request that must be rendered (a message is waiting)."""
    if session.get("_flashes"):
        return None
    found: PageCache = current_app.extensions["lms-page-cache"]
    return found if found.entries else None


def reader_key() -> tuple:
    """What every cached page depends on about its reader and their session."""
    from flask_babel import get_locale, get_timezone
    from flask_login import current_user
    token = hashlib.sha256(str(session.get("csrf_token", "")).encode()).hexdigest()[:16]
    return (current_user.id, current_user.pages_version, current_user.full_name, str(get_locale()),
            str(get_timezone()), current_user.role.value, token)
