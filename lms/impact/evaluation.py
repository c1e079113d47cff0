"""The end-of-programme evaluation (reaction): offered when a cohort ends or a learner is
certified, answered once and anonymously, shown only added up where five or more answered."""
from __future__ import annotations

import dataclasses

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms.certificates.models import Certificate
from lms.cohorts.models import Cohort, Enrolment
from lms.core import clock
from lms.core.db import rowcount
from lms.core.permissions import Role
from lms.core.urls import external_url
from lms.impact import waiting
from lms.impact.models import OFFER_WITHIN, EvaluationInvitation, EvaluationResponse
from lms.mail.services import queue_email
from lms.reports.figures import SMALL
from lms.users.models import User

# The questions, written once: translated by the catalogs in the reader's language.
QUESTIONS = {
    "content": _l("The content of the modules"),
    "facilitation": _l("The facilitation"),
    "webinars": _l("The webinars and live sessions"),
    "relevance": _l("Relevance to my institution"),
    "overall": _l("The programme overall"),
}
SCALE = {
    1: _l("1 – Very poor"),
    2: _l("2 – Poor"),
    3: _l("3 – Fair"),
    4: _l("4 – Good"),
    5: _l("5 – Excellent"),
}


def invitation(session: Session, user: User, cohort_id: int) -> EvaluationInvitation | None:
    return session.get(EvaluationInvitation, (user.id, cohort_id))


def offer_due(session: Session) -> int:
    """Offer the evaluation to every learner whose cohort has ended, or who was certified, lately
    and has not been offered it: a dashboard card and an email. Run again, it offers nothing twice
    (the invitation's key is the learner and the cohort)."""
    now = clock.utcnow()
    today = now.date()
    ended = select(Enrolment.user_id, Enrolment.cohort_id).join(Cohort, Cohort.id == Enrolment.cohort_id) \
        .where(Cohort.ends_on < today, Cohort.ends_on >= today - OFFER_WITHIN)
    certified = select(Certificate.user_id, Certificate.cohort_id).where(
        Certificate.revoked_at.is_(None), Certificate.issued_at >= now - OFFER_WITHIN)
    pairs = set(session.execute(ended).all()) | set(session.execute(certified).all())
    if not pairs:
        return 0
    offered = set(session.execute(select(EvaluationInvitation.user_id, EvaluationInvitation.cohort_id)).all())
    count = 0
    for user_id, cohort_id in sorted(pairs - offered):
        user = session.get(User, user_id)
        cohort = session.get(Cohort, cohort_id)
        if user is None or cohort is None or user.role is not Role.learner:
            continue
        session.add(EvaluationInvitation(user_id=user_id, cohort_id=cohort_id))
        waiting.refresh(session, user)  # the dashboard's card
        if user.active:
            queue_email(session, recipient=user.email, language=user.language, template="impact_evaluation",
                        subject=_l("How was the programme? Tell us in five minutes"), user=user, cohort=cohort,
                        link=external_url("impact.evaluation", cohort_id=cohort_id))
        count += 1
    session.flush()
    return count


class AlreadyAnswered(Exception):
    """The evaluation was answered already (another tab, a double click)."""


def answer(session: Session, user: User, cohort_id: int, ratings: dict[str, int], worked: str, change: str,
           language: str) -> None:
    """Keep one anonymous answer and mark the invitation answered, in one transaction. The marker
    is claimed by a conditional update first, so two answers sent at once keep only one."""
    claimed = rowcount(session.execute(
        update(EvaluationInvitation).where(EvaluationInvitation.user_id == user.id,
                                           EvaluationInvitation.cohort_id == cohort_id,
                                           EvaluationInvitation.answered.is_(False))
        .values(answered=True).execution_options(synchronize_session=False)))
    if claimed != 1:
        raise AlreadyAnswered()
    region = user.centre.region.value if user.centre is not None else None
    session.add(EvaluationResponse(cohort_id=cohort_id, region=region, language=language,
                                   ratings={k: int(v) for k, v in ratings.items() if k in QUESTIONS},
                                   worked=worked.strip(), change=change.strip()))
    session.flush()
    waiting.refresh(session, user)


@dataclasses.dataclass
class Summary:
    """The evaluation added up over some answers: means shown only for five or more."""

    answers: int
    means: dict[str, float | None]
    worked: list[tuple[str, str]]  # (text, language)
    change: list[tuple[str, str]]

    @property
    def shown(self) -> bool:
        return self.answers >= SMALL


def summarise(responses: list[EvaluationResponse]) -> Summary:
    n = len(responses)
    means: dict[str, float | None] = {}
    for key in QUESTIONS:
        values = [r.ratings[key] for r in responses if isinstance(r.ratings.get(key), int)]
        means[key] = round(sum(values) / len(values), 1) if n >= SMALL and len(values) >= SMALL else None
    # Sorted, so that their order says nothing of who answered when; each with the language its
    # writer used the platform in, for the page's `lang` attributes.
    worked = sorted((r.worked, r.language) for r in responses if r.worked) if n >= SMALL else []
    change = sorted((r.change, r.language) for r in responses if r.change) if n >= SMALL else []
    return Summary(n, means, worked, change)


def responses(session: Session, cohort_ids: list[int] | None = None) -> list[EvaluationResponse]:
    query = select(EvaluationResponse)
    if cohort_ids is not None:
        query = query.where(EvaluationResponse.cohort_id.in_(cohort_ids))
    return list(session.scalars(query))
