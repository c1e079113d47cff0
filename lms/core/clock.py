"""The current time, in one place so that tests can move it."""
from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def default_now() -> dt.datetime:
    """For column defaults: looks `utcnow` up when called, so that a test's clock applies."""
    return utcnow()
