"""Decisions: each applicant told in their language; the accepted confirm and are enrolled.

Sending the decisions turns the board into them at once: the selected are accepted, the best
candidates left out are waitlisted in rank order, every other submitted application is declined.
An accepted applicant confirms their place from their own link and becomes an account by
invitation (lms/cohorts/enrolment.py `enrol_person`), enrolled in the edition's cohort taught in
their language of study. A place declined goes to the first on the waitlist, who is told.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.applications.models import Application, ApplicationStatus, Call, Decision, PlaceResponse
from lms.applications.selection import candidates, waitlist
from lms.cohorts.enrolment import enrol_person
from lms.core import clock
from lms.core.urls import external_url
from lms.mail.services import queue_email
from lms.users.models import User

SUBJECTS = {
    Decision.accepted: _l("You have been selected for the TVET Leadership Programme"),
    Decision.waitlisted: _l("Your application to the TVET Leadership Programme: waiting list"),
    Decision.declined: _l("Your application to the TVET Leadership Programme"),
}


class DecisionsAlreadySent(Exception):
    pass


class NoCohort(Exception):
    """The edition has no cohort in the language this applicant chose to study in."""


def tell(session: Session, application: Application, *, moved_up: bool = False) -> None:
    queue_email(session, recipient=application.email, language=application.language,
                template=f"decision_{application.decision.value}",  # type: ignore[union-attr]
                subject=SUBJECTS[application.decision],  # type: ignore[index]
                application=application, call=application.call, moved_up=moved_up,
                link=external_url("applications.continue_application", token=application.token,
                                  lang=application.language))


def send_decisions(session: Session, call: Call, by: User) -> dict[Decision, int]:
    """Turn the board's selection into decisions, each emailed in the applicant's language."""
    if call.decisions_sent_at is not None:
        raise DecisionsAlreadySent()
    now = clock.utcnow()
    waiting = {c.application.id: index + 1 for index, c in enumerate(waitlist(call, candidates(session, call)))}
    counts = dict.fromkeys(Decision, 0)
    for application in session.scalars(select(Application).where(
            Application.call_id == call.id, Application.status == ApplicationStatus.submitted)
            .order_by(Application.id)):
        if application.selected:
            application.decision = Decision.accepted
        elif application.id in waiting:
            application.decision = Decision.waitlisted
            application.waitlist_rank = waiting[application.id]
        else:
            application.decision = Decision.declined
        application.decided_at = now
        counts[application.decision] += 1
        tell(session, application)
    call.decisions_sent_at = now
    call.decided_by_id = by.id
    session.flush()
    return counts


def confirm_place(session: Session, application: Application) -> User:
    """The accepted applicant takes their place: an account by invitation, enrolled in the cohort
    of their language of study."""
    call = application.call
    cohort = call.cohort_for(application.study_language)
    if cohort is None:
        raise NoCohort()
    inviter = call.decided_by or session.scalar(select(User).order_by(User.id).limit(1))
    assert inviter is not None
    user, _invited = enrol_person(
        session, cohort, email=application.email, full_name=application.full_name, centre=application.centre,
        position=application.role.title if application.role else "", language=application.language,
        gender=application.gender, invited_by=inviter)
    application.response = PlaceResponse.confirmed
    application.responded_at = clock.utcnow()
    application.user_id = user.id
    session.flush()
    return user


def decline_place(session: Session, application: Application) -> Application | None:
    """The accepted applicant gives up their place: the first on the waitlist is offered it and
    told. Returns who moved up, if anyone."""
    application.response = PlaceResponse.declined
    application.responded_at = clock.utcnow()
    next_up = session.scalar(select(Application).where(
        Application.call_id == application.call_id, Application.decision == Decision.waitlisted)
        .order_by(Application.waitlist_rank, Application.id).limit(1))
    if next_up is not None:
        next_up.decision = Decision.accepted
        next_up.decided_at = clock.utcnow()
        next_up.waitlist_rank = None
        next_up.selected = True
        tell(session, next_up, moved_up=True)
    session.flush()
    return next_up
