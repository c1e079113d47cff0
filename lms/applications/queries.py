"""Read-only queries that the call's pages, the board and the reports share."""
from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.applications.models import Application, ApplicationStatus, Call, Decision, Review
from lms.core import clock


TOKEN = re.compile(r"[A-Za-z0-9_-]+")


def open_calls(session: Session) -> list[Call]:
    now = clock.utcnow()
    return list(session.scalars(select(Call).where(Call.opens_at <= now, Call.closes_at > now)
                                .order_by(Call.closes_at)))


def all_calls(session: Session) -> list[Call]:
    return list(session.scalars(select(Call).order_by(Call.opens_at.desc())))


def application_by_token(session: Session, token: str) -> Application | None:
    # A token is URL-safe base64: anything else (a NUL byte, which PostgreSQL refuses) is no token.
    if not token or len(token) > 64 or not TOKEN.fullmatch(token):
        return None
    return session.scalar(select(Application).where(Application.token == token))


def call_figures(session: Session, call: Call) -> dict[str, int]:
    """The numbers the call's staff pages lead with."""
    submitted = (Application.call_id == call.id, Application.status == ApplicationStatus.submitted)

    def count(*where) -> int:
        return session.scalar(select(func.count(Application.id)).where(*submitted, *where)) or 0

    def countries(*where) -> int:
        return session.scalar(select(func.count(func.distinct(Application.country)))
                              .where(*submitted, *where)) or 0

    return {
        "drafts": session.scalar(select(func.count(Application.id)).where(
            Application.call_id == call.id, Application.status == ApplicationStatus.draft)) or 0,
        "submitted": count(),
        "countries": countries(),
        "eligible": count(Application.ineligible.is_(None)),
        "endorsed": count(Application.endorsed_at.is_not(None)),
        "selected": count(Application.decision == Decision.accepted),
        "selected_countries": countries(Application.decision == Decision.accepted),
        "waitlisted": count(Application.decision == Decision.waitlisted),
        "on_board": count(Application.selected.is_(True)),
        "on_board_countries": countries(Application.selected.is_(True)),
    }


def flagged(session: Session, call: Call) -> list[Application]:
    """Applications whose two reviews disagree by more than the threshold, with no third review yet."""
    from sqlalchemy.orm import selectinload

    from lms.applications.reviewing import disagrees
    reviewed = session.scalars(select(Application).where(Application.call_id == call.id, Application.reviews.any())
                               .options(selectinload(Application.reviews)))
    return [a for a in reviewed if disagrees(call, a)]


def scores(session: Session, call: Call) -> dict[int, tuple[float, int]]:
    """Each application's mean review total and the number of reviews submitted."""
    rows = session.execute(
        select(Review.application_id, func.avg(Review.total), func.count(Review.id))
        .join(Application, Application.id == Review.application_id)
        .where(Application.call_id == call.id, Review.submitted_at.is_not(None))
        .group_by(Review.application_id))
    return {app_id: (float(mean), n) for app_id, mean, n in rows}


def applications(session: Session, call: Call):
    """The submitted applications of a call, as a query to filter and page."""
    return (select(Application).where(Application.call_id == call.id,
                                      Application.status == ApplicationStatus.submitted)
            .order_by(Application.submitted_at, Application.id))
