"""The follow-up of each graduate's action plan at 3, 6 and 12 months after their certificate:
opened and emailed by `flask impact follow-ups` (run daily from cron), reminded at most twice,
answered on the platform, one line per action of the plan.

A stage is opened only within its window (from its month until the next stage's, or 24 months
for the last one), so a graduate certified long before this runs is not sent every stage at once.
Opening is idempotent (one row per certificate and stage, a unique constraint), and each
invitation or reminder is claimed with its row lock (skip locked on PostgreSQL) and a
conditional update in the transaction that queues its email, so several hosts running the
command at once never send one twice.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from lms.certificates.models import Certificate
from lms.core import clock
from lms.core.db import rowcount
from lms.core.storage import storage
from lms.core.urls import external_url
from lms.courses.models import Activity
from lms.impact import waiting
from lms.impact.models import REMINDER_DAYS, STAGES, ActionStatus, FollowUp, FollowUpAction, InstitutionIndicators
from lms.learning.files import EXTENSIONS
from lms.learning.models import Submission
from lms.learning.submissions import check_attachment
from lms.mail.services import queue_email
from lms.users.models import User

LAST_WINDOW_MONTHS = 24


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)


def window(issued_at: dt.datetime, months: int) -> tuple[dt.datetime, dt.datetime]:
    later = [m for m in STAGES if m > months]
    return add_months(issued_at, months), add_months(issued_at, later[0] if later else LAST_WINDOW_MONTHS)


# Opening and sending ---------------------------------------------------------------------------

def open_due(session: Session) -> int:
    """Open the check-in of every current certificate whose stage has come; returns how many."""
    now = clock.utcnow()
    earliest = add_months(now, -LAST_WINDOW_MONTHS)
    certificates = session.execute(select(Certificate.id, Certificate.user_id, Certificate.cohort_id,
                                          Certificate.issued_at)
                                   .where(Certificate.revoked_at.is_(None), Certificate.issued_at > earliest,
                                          Certificate.issued_at <= add_months(now, -STAGES[0]))).all()
    opened = {(c, m) for c, m in session.execute(select(FollowUp.certificate_id, FollowUp.months))}
    count = 0
    for certificate_id, user_id, cohort_id, issued_at in certificates:
        for months in STAGES:
            start, end = window(issued_at, months)
            if not start <= now < end or (certificate_id, months) in opened:
                continue
            try:
                with session.begin_nested():
                    session.add(FollowUp(user_id=user_id, certificate_id=certificate_id, cohort_id=cohort_id,
                                         months=months, due_at=start))
                count += 1
            except IntegrityError:  # opened by another host just now
                continue
    session.flush()
    return count


def _due_message(follow_up: FollowUp, now: dt.datetime) -> str | None:
    """"invitation", "reminder" or None: what this check-in is owed now."""
    if follow_up.answered_at is not None:
        return None
    if follow_up.sent_at is None:
        return "invitation"
    if follow_up.reminders < len(REMINDER_DAYS) \
            and now >= follow_up.sent_at + dt.timedelta(days=REMINDER_DAYS[follow_up.reminders]):
        return "reminder"
    return None


def send_due(session: Session) -> tuple[int, int]:
    """Email every check-in owed an invitation or a reminder; returns (invitations, reminders).

    A worker: it commits after each message, as lms/mail/services.py deliver_pending does.
    """
    now = clock.utcnow()
    candidates = list(session.scalars(select(FollowUp.id).where(
        FollowUp.answered_at.is_(None),
        or_(FollowUp.sent_at.is_(None), FollowUp.reminders < len(REMINDER_DAYS))).order_by(FollowUp.id)))
    session.commit()
    sent = reminded = 0
    for follow_up_id in candidates:
        query = select(FollowUp).where(FollowUp.id == follow_up_id)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)  # being sent by another host
        follow_up = session.scalar(query)
        kind = _due_message(follow_up, now) if follow_up is not None else None
        if follow_up is None or kind is None:
            session.rollback()
            continue
        # Claimed by a conditional update: on SQLite (no row locks) two runs cannot both match.
        claim = update(FollowUp).where(FollowUp.id == follow_up.id, FollowUp.answered_at.is_(None),
                                       FollowUp.reminders == follow_up.reminders)
        if kind == "invitation":
            claim = claim.where(FollowUp.sent_at.is_(None)).values(sent_at=now)
        else:
            claim = claim.values(reminders=follow_up.reminders + 1, reminded_at=now)
        if rowcount(session.execute(claim.execution_options(synchronize_session=False))) != 1:
            session.rollback()
            continue
        session.refresh(follow_up)
        _email(session, follow_up, reminder=kind == "reminder")
        waiting.refresh(session, follow_up.user)  # the dashboard's card
        session.commit()
        if kind == "invitation":
            sent += 1
        else:
            reminded += 1
    return sent, reminded


def _email(session: Session, follow_up: FollowUp, *, reminder: bool) -> None:
    user = follow_up.user
    if not user.active:
        return
    subject = (_l("Reminder: your %(months)s-month check-in on your action plan", months=follow_up.months)
               if reminder else _l("Your %(months)s-month check-in on your action plan", months=follow_up.months))
    queue_email(session, recipient=user.email, language=user.language, template="impact_check_in",
                subject=subject, user=user, follow_up=follow_up, reminder=reminder,
                link=external_url("impact.check_in", follow_up_id=follow_up.id))


# The plan's actions ----------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class ActionLine:
    id: str
    title: dict


def action_lines(session: Session, follow_up: FollowUp) -> list[ActionLine]:
    """The actions of the graduate's plan: each section of their action plan (as it was when they
    submitted it), or of the activity when no plan is found."""
    cohort_programme = select(Certificate.programme_id).where(Certificate.id == follow_up.certificate_id)
    activity = session.scalar(select(Activity).where(Activity.programme_id == cohort_programme.scalar_subquery(),
                                                     Activity.type == "action_plan")
                              .order_by(Activity.retired_at.is_not(None)))
    if activity is None:
        return []
    plan = session.scalar(select(Submission).where(Submission.user_id == follow_up.user_id,
                                                   Submission.activity_id == activity.id))
    definition = (plan.definition if plan is not None and plan.definition else None) or activity.definition
    return [ActionLine(s["id"], s["title"]) for s in definition.get("sections", [])]


def plan_text(session: Session, follow_up: FollowUp) -> dict[str, str]:
    """What the graduate wrote in each section of their plan, to remind them of it."""
    activity_ids = select(Activity.id).where(Activity.type == "action_plan")
    plan = session.scalar(select(Submission).where(Submission.user_id == follow_up.user_id,
                                                   Submission.activity_id.in_(activity_ids)))
    return {k: v for k, v in (plan.content if plan else {}).items() if isinstance(v, str)}


@dataclasses.dataclass(frozen=True)
class Reported:
    section_id: str
    status: ActionStatus
    note: str = ""
    evidence_url: str = ""
    evidence_file: tuple[str, bytes] | None = None  # (name, content), checked already


class AlreadyAnswered(Exception):
    """The check-in was answered already."""


def answer(session: Session, follow_up: FollowUp, lines: list[ActionLine], reported: list[Reported],
           indicators: dict[str, int] | None = None) -> None:
    """Keep the graduate's report: the check-in is answered and its reminders stop."""
    now = clock.utcnow()
    if rowcount(session.execute(update(FollowUp).where(FollowUp.id == follow_up.id, FollowUp.answered_at.is_(None))
                                .values(answered_at=now).execution_options(synchronize_session=False))) != 1:
        raise AlreadyAnswered()
    session.refresh(follow_up)
    titles = {line.id: line.title for line in lines}
    for position, item in enumerate(reported):
        action = FollowUpAction(follow_up_id=follow_up.id, section_id=item.section_id, position=position,
                                title=titles.get(item.section_id, {}), status=item.status,
                                note=item.note.strip(), evidence_url=item.evidence_url.strip())
        if item.evidence_file is not None:
            name, data = item.evidence_file
            kind = check_attachment(name, data)
            stem = "".join(c for c in name.replace("\\", "/").rsplit("/", 1)[-1] if c.isprintable())[:200]
            stem = stem.rsplit(".", 1)[0] if "." in stem else stem
            action.evidence_file = storage().save(data, session)
            action.evidence_filename = (stem or "evidence") + EXTENSIONS[kind]
            action.evidence_type = kind[1]
        session.add(action)
    if indicators is not None:
        session.add(InstitutionIndicators(follow_up_id=follow_up.id, centre_id=follow_up.user.centre_id,
                                          **indicators))
    session.flush()
    waiting.refresh(session, follow_up.user)


# What pages show -------------------------------------------------------------------------------

def due_for(session: Session, user_id: int) -> list[FollowUp]:
    """The graduate's check-ins sent and not answered yet."""
    return list(session.scalars(select(FollowUp).where(FollowUp.user_id == user_id, FollowUp.sent_at.is_not(None),
                                                       FollowUp.answered_at.is_(None)).order_by(FollowUp.due_at)))


def of_user(session: Session, user_id: int) -> list[FollowUp]:
    return list(session.scalars(select(FollowUp).where(FollowUp.user_id == user_id)
                                .options(selectinload(FollowUp.actions)).order_by(FollowUp.due_at)))


def of_cohorts(session: Session, cohort_ids: list[int] | None) -> list[FollowUp]:
    """Every check-in of these cohorts (all cohorts: None), with the graduate and their answers."""
    query = select(FollowUp).join(User, User.id == FollowUp.user_id) \
        .options(selectinload(FollowUp.actions), selectinload(FollowUp.user), selectinload(FollowUp.indicators)) \
        .order_by(FollowUp.cohort_id, User.full_name, FollowUp.months)
    if cohort_ids is not None:
        query = query.where(FollowUp.cohort_id.in_(cohort_ids))
    return list(session.scalars(query))


def state_title(follow_up: FollowUp):
    """How a check-in stands, for those who follow the plans."""
    if follow_up.answered_at is not None:
        return _l("Answered")
    if follow_up.sent_at is None:
        return _l("Not sent yet")
    if follow_up.reminders:
        return _l("Due (reminders sent: %(count)s)", count=follow_up.reminders)
    return _l("Due")
