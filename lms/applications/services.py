"""What changes calls and applications: saving a draft, submitting, screening, endorsing.

Services flush and never commit: the request edge (or the CLI command) commits once.
"""
from __future__ import annotations

import hashlib
import secrets
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.applications.countries import COUNTRY_LISTS, region_of
from lms.applications.models import Application, ApplicationStatus, Call, Ineligible
from lms.core import clock
from lms.core.urls import external_url
from lms.mail.services import queue_email
from lms.users.models import normalise_email

# The fields an applicant fills, as the form names them; all of them are needed to submit.
APPLICANT_FIELDS = ("full_name", "institution", "institution_type", "role", "centre_id", "country", "gender",
                    "motivation", "challenge", "study_language", "endorser_name", "endorser_email")
NEEDED_TO_SUBMIT = ("full_name", "institution", "institution_type", "role", "country", "motivation",
                    "challenge", "study_language", "endorser_name", "endorser_email")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def save_call(session: Session, call: Call | None, **values: Any) -> Call:
    """Create a call or change one; the caller gives every value the staff form holds."""
    call = call or Call()
    cohorts = values.pop("cohorts", None)
    for name, value in values.items():
        setattr(call, name, value)
    if cohorts is not None:
        call.cohorts = list(cohorts)
    session.add(call)
    session.flush()
    return call


def find_application(session: Session, call: Call, email: str) -> Application | None:
    return session.scalar(select(Application).where(Application.call_id == call.id,
                                                    Application.email == normalise_email(email)))


def fill(application: Application, values: dict[str, Any]) -> None:
    """Copy what the applicant typed onto the application (a draft may leave fields empty)."""
    for name in APPLICANT_FIELDS:
        if name in values:
            setattr(application, name, values[name])
    if "answers" in values:
        application.answers = dict(values["answers"])
    application.region = region_of(application.country)
    application.updated_at = clock.utcnow()


def start(session: Session, call: Call, email: str, language: str, values: dict[str, Any]) -> Application:
    """A new draft, its link emailed to the applicant in their language so that they can finish later."""
    application = Application(call=call, email=normalise_email(email), language=language)
    fill(application, values)
    session.add(application)
    session.flush()
    return application


def send_link(session: Session, application: Application, *, again: bool = False) -> None:
    """Email the applicant the link to their application (`again`: someone asked with their address)."""
    queue_email(session, recipient=application.email, language=application.language,
                template="application_link",
                subject=_l("Your application to the TVET Leadership Programme"),
                application=application, call=application.call, again=again,
                link=external_url("applications.continue_application", token=application.token,
                                  lang=application.language))


def screen(call: Call, application: Application) -> Ineligible | None:
    """The call's eligibility rules applied to the application: the first rule it fails, or None."""
    if call.eligible_roles and (application.role is None or application.role.value not in call.eligible_roles):
        return Ineligible.role
    if call.eligible_institution_types and (application.institution_type is None
                                            or application.institution_type.value
                                            not in call.eligible_institution_types):
        return Ineligible.institution_type
    if call.centres_only and application.centre_id is None:
        return Ineligible.centre
    if call.country_lists and not any(application.country in COUNTRY_LISTS.get(key, ())
                                      for key in call.country_lists):
        return Ineligible.country
    return None


def submit(session: Session, application: Application) -> None:
    """Submit a complete application: screened at once, the endorser asked, the applicant told."""
    if application.status is ApplicationStatus.submitted:
        return
    now = clock.utcnow()
    application.status = ApplicationStatus.submitted
    application.submitted_at = now
    application.ineligible = screen(application.call, application)
    raw = secrets.token_urlsafe(32)
    application.endorsement_token_hash = hash_token(raw)
    session.flush()
    queue_email(session, recipient=application.endorser_email, language=application.language,
                template="endorsement_request",
                subject=_l("Please endorse %(name)s's application to the TVET Leadership Programme",
                           name=application.full_name),
                application=application, call=application.call,
                link=external_url("applications.endorse", token=raw, lang=application.language))
    queue_email(session, recipient=application.email, language=application.language,
                template="application_submitted",
                subject=_l("We have received your application to the TVET Leadership Programme"),
                application=application, call=application.call,
                link=external_url("applications.continue_application", token=application.token,
                                  lang=application.language))


def application_to_endorse(session: Session, raw: str) -> Application | None:
    """The application an endorser's link is for, while the link has not been used."""
    if not raw:
        return None
    return session.scalar(select(Application).where(Application.endorsement_token_hash == hash_token(raw)))


def endorse(session: Session, application: Application) -> None:
    """The endorser confirms: the link is spent, and the application shows it endorsed."""
    application.endorsed_at = clock.utcnow()
    application.endorsement_token_hash = None
    session.flush()
