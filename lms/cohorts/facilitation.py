"""What facilitators do for a cohort: live sessions, attendance, announcements."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lms.audit import services as audit
from lms.cohorts.models import Announcement, Attendance, Cohort, Enrolment, LiveSession
from lms.cohorts.services import local_time
from lms.core import clock, events
from lms.core.urls import external_url
from lms.users.models import User


def save_session(session: Session, cohort: Cohort, live: LiveSession | None, *, title: str,
                 starts_local: dt.datetime, duration_minutes: int, link: str) -> LiveSession:
    """Create or change a live session; its start is read on a clock in the cohort's time zone."""
    if live is None:
        live = LiveSession(cohort_id=cohort.id)
        session.add(live)
    live.title = title.strip()
    live.starts_at = local_time(starts_local, cohort.timezone)
    live.duration_minutes = duration_minutes
    live.link = link.strip()
    session.flush()
    return live


def record_attendance(session: Session, live: LiveSession, present: set[int], recorded_by: User) -> None:
    """Replace the session's attendance by `present` (user ids of the cohort's learners)."""
    learners = set(session.scalars(select(Enrolment.user_id).where(Enrolment.cohort_id == live.cohort_id)))
    session.execute(delete(Attendance).where(Attendance.session_id == live.id))
    for user_id in sorted(present & learners):
        session.add(Attendance(session_id=live.id, user_id=user_id, recorded_by_id=recorded_by.id))
    session.flush()
    events.send(events.attended, session, live=live,
                users=list(session.scalars(select(User).where(User.id.in_(present & learners)))))


def announce(session: Session, cohort: Cohort, author: User, title: str, body: str) -> Announcement:
    """Post to the cohort's dashboards and email every learner, each in their own language."""
    announcement = Announcement(cohort_id=cohort.id, author=author, title=title.strip(), body=body.strip())
    session.add(announcement)
    learners = session.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                               .where(Enrolment.cohort_id == cohort.id, User.active.is_(True)))
    link = external_url("learning.dashboard")
    from lms.community import notifications
    from lms.community.models import Kind
    for learner in learners:
        # On their notifications, and by email at once or in a digest, as each of them chose.
        notifications.notify(session, learner, Kind.announcement, link=link, template="announcement",
                             data={"cohort": cohort.name, "title": announcement.title,
                                   "excerpt": announcement.body[:300]},
                             cohort=cohort, author=author, announcement=announcement)
    session.flush()
    return announcement


def delete_session(session: Session, live: LiveSession, actor: User) -> None:
    """Take a live session off the schedule (a mistyped date, a cancelled webinar), with its
    attendance; learners' calendars drop it at their next refresh."""
    audit.record(session, "live_session_deleted", live.title, actor=actor, cohort=live.cohort_id,
                 starts_at=live.starts_at.isoformat())
    session.execute(delete(Attendance).where(Attendance.session_id == live.id))
    session.delete(live)
    session.flush()


def edit_announcement(session: Session, announcement: Announcement, title: str, body: str) -> None:
    """Correct an announcement on the dashboards; it is not emailed again."""
    announcement.title, announcement.body = title.strip(), body.strip()
    announcement.edited_at = clock.utcnow()
    session.flush()


def delete_announcement(session: Session, announcement: Announcement, actor: User) -> None:
    audit.record(session, "announcement_deleted", announcement.title, actor=actor, cohort=announcement.cohort_id)
    session.delete(announcement)
    session.flush()
