"""Notifications: on the platform, and by email at once or in a daily or weekly digest, as each
person chose per kind; every email with a one-click unsubscribe (RFC 8058)."""
from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.community.models import DEFAULT_FREQUENCY, Digest, Frequency, Kind, Notification, NotificationSetting
from lms.core import clock
from lms.core.db import rowcount
from lms.core.i18n import in_language
from lms.core.urls import external_url
from lms.mail.services import queue_email
from lms.users.models import User


def settings_for(session: Session, user: User) -> dict[Kind, Frequency]:
    chosen = {s.kind: s.frequency for s in session.scalars(
        select(NotificationSetting).where(NotificationSetting.user_id == user.id))}
    return {kind: chosen.get(kind, DEFAULT_FREQUENCY[kind]) for kind in Kind}


def set_frequency(session: Session, user: User, kind: Kind, frequency: Frequency) -> None:
    setting = session.get(NotificationSetting, (user.id, kind))
    if setting is None:
        session.add(NotificationSetting(user_id=user.id, kind=kind, frequency=frequency))
    else:
        setting.frequency = frequency
    session.flush()


# One-click unsubscribe ----------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="lms.community.unsubscribe")


def unsubscribe_token(user: User, kinds: list[Kind]) -> str:
    return _serializer().dumps({"u": user.id, "k": sorted(k.value for k in kinds)})


def read_unsubscribe_token(token: str) -> tuple[int, list[Kind]] | None:
    """The person and the kinds a token stops, or None for a token this app did not sign."""
    try:
        payload = _serializer().loads(token)
        return int(payload["u"]), [Kind(k) for k in payload["k"]]
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe(session: Session, user: User, kinds: list[Kind]) -> None:
    for kind in kinds:
        set_frequency(session, user, kind, Frequency.never)


def _unsubscribe_url(user: User, kinds: list[Kind]) -> str:
    return external_url("community.unsubscribe", token=unsubscribe_token(user, kinds))


# Telling people -----------------------------------------------------------------------------

def _subject(kind: Kind, data: dict[str, Any]):
    """The email's subject, lazy: translated by queue_email in the recipient's language."""
    if kind is Kind.reply:
        return _l("New reply in “%(title)s”", title=data.get("title", ""))
    if kind is Kind.mention:
        return _l("%(actor)s mentioned you in “%(title)s”", actor=data.get("actor", ""), title=data.get("title", ""))
    if kind is Kind.announcement:
        return _l("%(cohort)s: %(title)s", cohort=data.get("cohort", ""), title=data.get("title", ""))
    if kind is Kind.message and data.get("mentoring"):  # a match made or ended: the title says it all
        return _l("%(cohort)s: %(title)s", cohort=data.get("cohort", ""), title=data.get("title", ""))
    if kind is Kind.message:
        return _l("Message from %(actor)s: %(title)s", actor=data.get("actor", ""), title=data.get("title", ""))
    return _l("A peer has reviewed your action plan")


def describe(notification: Notification) -> str:
    """What a notification says, in the language of the moment (the reader's, or an email's)."""
    data = notification.data
    if notification.kind is Kind.reply:
        return _("%(actor)s replied in “%(title)s” (%(cohort)s)", actor=data.get("actor") or _("Someone"),
                 title=data.get("title") or _("a discussion"), cohort=data.get("cohort", ""))
    if notification.kind is Kind.mention:
        return _("%(actor)s mentioned you in “%(title)s” (%(cohort)s)", actor=data.get("actor") or _("Someone"),
                 title=data.get("title") or _("a discussion"), cohort=data.get("cohort", ""))
    if notification.kind is Kind.announcement:
        return _("New announcement in %(cohort)s: %(title)s", cohort=data.get("cohort", ""),
                 title=data.get("title", ""))
    if notification.kind is Kind.message and data.get("mentoring") == "ended":
        return _("%(title)s (%(cohort)s; ended by %(actor)s)", title=data.get("title", ""),
                 cohort=data.get("cohort", ""), actor=data.get("actor") or _("Someone"))
    if notification.kind is Kind.message and data.get("mentoring"):
        return _("%(title)s (%(cohort)s; matched by %(actor)s)", title=data.get("title", ""),
                 cohort=data.get("cohort", ""), actor=data.get("actor") or _("Someone"))
    if notification.kind is Kind.message:
        return _("%(actor)s wrote to you: “%(title)s”", actor=data.get("actor") or _("Someone"),
                 title=data.get("title", ""))
    return _("A peer has reviewed your action plan in %(cohort)s.", cohort=data.get("cohort", ""))


def notify(session: Session, user: User, kind: Kind, *, link: str, data: dict[str, Any],
           template: str | None = None, **context: Any) -> Notification:
    """Tell `user`: on the platform, and by email now if that is their choice for `kind` (later,
    in a digest, if they chose one). `template`, when given, is the email sent now instead of the
    plain notification email."""
    notification = Notification(user_id=user.id, kind=kind, data={**data, "link": link})
    session.add(notification)
    if user.active and settings_for(session, user)[kind] is Frequency.immediate:
        queue_email(session, recipient=user.email, language=user.language, template=template or "notification",
                    subject=_subject(kind, data), unsubscribe_url=_unsubscribe_url(user, [kind]),
                    user=user, notification=notification, describe=describe, link=link, **context)
        notification.emailed_at = clock.utcnow()
    session.flush()
    return notification


def mark_read(session: Session, user: User) -> int:
    return rowcount(session.execute(update(Notification).where(Notification.user_id == user.id,
                                                               Notification.read_at.is_(None))
                                    .values(read_at=clock.utcnow())))


# Digests -------------------------------------------------------------------------------------

def period_start(frequency: Frequency, now: dt.datetime, timezone: str) -> dt.datetime:
    """The start of the person's current day (daily) or ISO week (weekly), in UTC: a digest
    gathers what came before it, so that each day's or week's digest is complete when sent."""
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    local = now.astimezone(zone)
    day = local.date() - (dt.timedelta(days=local.weekday()) if frequency is Frequency.weekly else dt.timedelta())
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone).astimezone(dt.UTC)


def send_digests(session: Session) -> int:
    """Queue every digest due now; returns how many. Safe to run as often as cron likes, and in
    several processes at once: each digest is recorded (one per person, frequency and period)
    and its notifications claimed in the same transaction, so nothing is ever sent twice.

    A worker, as lms/mail/services.py deliver_pending is: it commits after each digest.
    """
    now = clock.utcnow()
    people = list(session.scalars(select(User).where(User.active.is_(True), User.id.in_(
        select(Notification.user_id).where(Notification.emailed_at.is_(None)))).order_by(User.id)))
    session.commit()
    sent = 0
    for person in people:
        chosen = settings_for(session, person)
        for frequency in (Frequency.daily, Frequency.weekly):
            kinds = [kind for kind, f in chosen.items() if f is frequency]
            if kinds and _send_digest(session, person, frequency, kinds, now):
                sent += 1
            session.commit()
    return sent


def _send_digest(session: Session, person: User, frequency: Frequency, kinds: list[Kind], now: dt.datetime) -> bool:
    start = period_start(frequency, now, person.timezone)
    pending = (select(Notification).where(Notification.user_id == person.id, Notification.emailed_at.is_(None),
                                          Notification.kind.in_(kinds), Notification.created_at < start)
               .order_by(Notification.created_at, Notification.id))
    if session.get_bind().dialect.name == "postgresql":
        # Rows another process is digesting right now are left to it.
        pending = pending.with_for_update(skip_locked=True)
    items = list(session.scalars(pending))
    if not items:
        return False
    digest = Digest(user_id=person.id, frequency=frequency, period=_period_label(start, person.timezone))
    try:
        with session.begin_nested():
            session.add(digest)
    except IntegrityError:  # this period's digest went out already (or is going out elsewhere)
        return False
    claimed = rowcount(session.execute(
        update(Notification).where(Notification.id.in_([n.id for n in items]), Notification.emailed_at.is_(None))
        .values(emailed_at=now, digest_id=digest.id).execution_options(synchronize_session=False)))
    if claimed != len(items):
        session.rollback()
        return False
    subject = _l("Your daily digest: %(count)s new", count=len(items)) if frequency is Frequency.daily \
        else _l("Your weekly digest: %(count)s new", count=len(items))
    with in_language(person.language):
        entries = [(n, describe(n)) for n in items]
    queue_email(session, recipient=person.email, language=person.language, template="digest", subject=subject,
                unsubscribe_url=_unsubscribe_url(person, kinds), user=person, entries=entries,
                frequency=frequency, link=external_url("community.notifications_list"))
    return True


def _period_label(start: dt.datetime, timezone: str) -> str:
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return start.astimezone(zone).date().isoformat()
