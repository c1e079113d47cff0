"""What someone wrote is never lost to an ended session or an expired form.

A form sent when its session has ended (signed out in another tab, timed out) or its form token
has expired would be refused, and everything typed with it. Instead, the edge keeps what was
sent (every field but passwords and the token) in a row, gives the browser its key in a
cookie, and sends the person on as usual: to sign in, or back to the page. When that page is
next opened in that browser, it puts the text back in its form and says so; nothing is
submitted until the person sends it again. A kept form lasts a day and is used once (the cookie
is cleared); its key is stored only as a hash.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from flask import Response, after_this_request, flash, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.datastructures import MultiDict

from lms.core import clock
from lms.core.db import Base

COOKIE = "kept_writing"
LIFETIME = dt.timedelta(days=1)
# The most a kept form holds: a long action plan, not a file.
MAX_CHARACTERS = 200_000
NOT_KEPT = ("csrf_token", "password", "confirm", "current_password", "new_password")
# The pages that put kept writing back (their views call `restore`): only their forms are kept.
PAGES: set[str] = set()


def offered_by(*endpoints: str) -> None:
    PAGES.update(endpoints)


class KeptForm(Base):
    __tablename__ = "kept_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(String(500))
    fields: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now, index=True)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _worth_keeping() -> dict[str, list[str]] | None:
    fields = {name: values for name, values in request.form.lists()
              if name not in NOT_KEPT and "password" not in name}
    written = sum(len(value) for values in fields.values() for value in values if len(value) > 1)
    if not written or sum(len(v) for values in fields.values() for v in values) > MAX_CHARACTERS:
        return None
    return fields


def keep(session: Session) -> bool:
    """Keep the form this request sent, if it holds writing; the cookie goes with the response."""
    if request.endpoint not in PAGES or request.method != "POST":
        return False
    if request.mimetype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return False
    fields = _worth_keeping()
    if fields is None:
        return False
    session.execute(delete(KeptForm).where(KeptForm.created_at < clock.utcnow() - LIFETIME))
    key = secrets.token_urlsafe(32)
    session.add(KeptForm(key_hash=_hash(key), path=request.path[:500], fields=fields))
    session.commit()

    @after_this_request
    def give_key(response: Response) -> Response:
        response.set_cookie(COOKIE, key, max_age=int(LIFETIME.total_seconds()), httponly=True, samesite="Lax",
                            secure=request.is_secure, path="/")
        return response

    return True


def restore(session: Session, form: Any) -> bool:
    """Put back into `form` what was kept from this page in this browser; True when it did."""
    key = request.cookies.get(COOKIE)
    if not key or request.method != "GET":
        return False
    kept = session.scalar(select(KeptForm).where(KeptForm.key_hash == _hash(key), KeptForm.path == request.path,
                                                 KeptForm.created_at >= clock.utcnow() - LIFETIME))
    if kept is None:
        return False
    form.process(MultiDict([(name, value) for name, values in kept.fields.items() for value in values]))

    @after_this_request
    def used(response: Response) -> Response:
        response.delete_cookie(COOKIE, path="/")
        return response

    flash(_l("What you wrote before your session ended has been put back below. It is not saved yet: "
             "save or send it now."), "warning")
    return True
