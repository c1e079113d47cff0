"""Review: the rubric, assigning two reviewers from elsewhere, scoring, and third reviews.

Each eligible application goes to two reviewers who share neither its country nor its UNEVOC
Centre (a reviewer's country is their centre's); the least loaded reviewers come first, so the
work is spread evenly. Each reviewer scores the rubric's criteria from 1 to 5 and comments.
When two reviewers' totals differ by more than the call's threshold, the application is flagged
and a third reviewer is assigned; its score is the mean of every submitted review.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.applications.models import Application, ApplicationStatus, Call, Review
from lms.core import clock
from lms.core.permissions import Role
from lms.users.models import User

RUBRIC = {
    "motivation": _l("Motivation and fit with the programme"),
    "challenge": _l("Relevance of the institutional challenge"),
    "leadership": _l("Leadership role and potential"),
    "impact": _l("Capacity to bring change to the institution"),
}
SCALE = range(1, 6)
MAX_TOTAL = len(RUBRIC) * max(SCALE)


def reviewers(session: Session) -> list[User]:
    """Who may review: active staff and facilitators."""
    return list(session.scalars(select(User).where(User.active.is_(True),
                                                   User.role.in_([Role.staff, Role.facilitator]))
                                .order_by(User.id)))


def may_review(reviewer: User, application: Application) -> bool:
    """Never from the applicant's own country or centre."""
    if application.centre_id is not None and reviewer.centre_id == application.centre_id:
        return False
    return not (reviewer.centre is not None and reviewer.centre.country == application.country)


def disagrees(call: Call, application: Application) -> bool:
    """Two submitted reviews further apart than the threshold, and no third review yet."""
    totals = [r.total for r in application.reviews if r.total is not None and not r.third]
    return (len(totals) >= 2 and max(totals) - min(totals) > call.disagreement_threshold
            and not any(r.third for r in application.reviews))


def assign(session: Session, call: Call, pool: Iterable[User] | None = None) -> tuple[int, int]:
    """Give every eligible application its two reviewers, and a third where the two disagree.
    Returns (reviews assigned, applications that found too few reviewers)."""
    pool = list(pool if pool is not None else reviewers(session))
    load: Counter[int] = Counter(session.scalars(select(Review.reviewer_id)))
    found = session.scalars(select(Application).where(
        Application.call_id == call.id, Application.status == ApplicationStatus.submitted,
        Application.ineligible.is_(None)).options(selectinload(Application.reviews))
        .order_by(Application.id))
    assigned = short = 0
    for application in found:
        wanted = 2 - sum(1 for r in application.reviews if not r.third)
        third = disagrees(call, application)
        if third:
            wanted = 1
        if wanted <= 0:
            continue
        taken = {r.reviewer_id for r in application.reviews}
        fit = sorted((u for u in pool if u.id not in taken and may_review(u, application)),
                     key=lambda u: (load[u.id], u.id))
        if len(fit) < wanted:
            short += 1
        for reviewer in fit[:wanted]:
            session.add(Review(application=application, reviewer_id=reviewer.id, third=third))
            load[reviewer.id] += 1
            assigned += 1
    session.flush()
    return assigned, short


class CannotReview(Exception):
    """The reviewer is from the applicant's country or centre, or reviews this application already."""


def assign_one(session: Session, call: Call, application: Application, reviewer: User) -> Review:
    """Staff choose a reviewer by hand (a third one when the first two disagree)."""
    if not may_review(reviewer, application) or any(r.reviewer_id == reviewer.id for r in application.reviews):
        raise CannotReview()
    review = Review(application=application, reviewer_id=reviewer.id,
                    third=sum(1 for r in application.reviews if not r.third) >= 2)
    session.add(review)
    session.flush()
    return review


def score(session: Session, review: Review, scores: dict[str, int], comment: str) -> None:
    """Record a reviewer's scores; the total is kept for the ranking."""
    review.scores = {key: int(scores[key]) for key in RUBRIC}
    review.total = sum(review.scores.values())
    review.comment = comment
    review.submitted_at = clock.utcnow()
    session.flush()


def assigned_to(session: Session, reviewer: User) -> list[Review]:
    return list(session.scalars(select(Review).where(Review.reviewer_id == reviewer.id)
                                .options(selectinload(Review.application))
                                .order_by(Review.submitted_at.is_not(None), Review.id)))
