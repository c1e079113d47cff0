"""Sign-ins kept on the server: started at sign-in, checked on every request, ended at sign-out.

The session and remember-me cookies carry `<person id>:<sign-in token>` (User.get_id). A
request is signed in only while that sign-in stands: not ended (signing out ends it; "sign out
everywhere", a password change and anonymisation end all of a person's), and not idle longer
than its limit (SESSION_IDLE_MINUTES for facilitators and staff, LEARNER_IDLE_MINUTES for
learners, LEARNER_REMEMBER_IDLE_DAYS for learners who ticked "remember me"). When a sign-in was
last used is written at most every SEEN_PRECISION, on a connection of its own: it is
bookkeeping of the sign-in, not a change the page makes.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app, g, request
from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from lms.core import clock
from lms.core.permissions import Role
from lms.users.models import User, UserSession

SEEN_PRECISION = dt.timedelta(minutes=5)


def start(session: Session, user: User, *, remember: bool = False) -> UserSession:
    """A new sign-in for `user` from this request's browser; the request then runs under it."""
    signed_in = UserSession(user_id=user.id, remember=remember,
                            address=(request.remote_addr or "")[:64],
                            user_agent=request.headers.get("User-Agent", "")[:200])
    session.add(signed_in)
    session.flush()
    g.user_session = signed_in
    return signed_in


def end(session: Session, signed_in: UserSession | None) -> None:
    if signed_in is not None and signed_in.ended_at is None:
        signed_in.ended_at = clock.utcnow()
        session.flush()


def end_all(session: Session, user: User, *, keep: UserSession | None = None) -> int:
    """End every sign-in of `user` (but `keep`); how many were ended."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    result = session.execute(query.values(ended_at=clock.utcnow()).execution_options(synchronize_session=False))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def current() -> UserSession | None:
    """The sign-in this request runs under."""
    return g.get("user_session")


def idle_limit(user: User, signed_in: UserSession) -> dt.timedelta:
    config = current_app.config
    if user.role is not Role.learner:
        return dt.timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    if signed_in.remember:
        return dt.timedelta(days=config["LEARNER_REMEMBER_IDLE_DAYS"])
    return dt.timedelta(minutes=config["LEARNER_IDLE_MINUTES"])


def load(session: Session, session_id: str, statement: Select) -> User | None:
    """The person a cookie's `<id>:<token>` signs in, while their sign-in stands."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    found = session.execute(statement, {"id": int(user_id), "token": token}).first()
    if found is None:
        return None
    user, signed_in = found
    now = clock.utcnow()
    if not user.active or signed_in.ended_at is not None or now - signed_in.last_seen_at > idle_limit(user, signed_in):
        return None
    if now - signed_in.last_seen_at >= SEEN_PRECISION:
        engine = current_app.extensions["lms-db"].engine
        with engine.begin() as connection:  # its own short transaction: see the module's docstring
            connection.execute(update(UserSession).where(UserSession.id == signed_in.id).values(last_seen_at=now))
        set_committed_value(signed_in, "last_seen_at", now)  # as written, not a change of this session's
    g.user_session = signed_in
    return user


def signed_in_statement() -> Select:
    """The person and their sign-in, by id and token, in one statement."""
    return select(User, UserSession).join(UserSession, UserSession.user_id == User.id) \
        .where(User.id == bindparam("id"), UserSession.token == bindparam("token"))
