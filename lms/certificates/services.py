"""Who may be certified, and issuing, revoking and reissuing certificates."""
from __future__ import annotations

import dataclasses
import secrets

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lms.audit import services as audit
from lms.certificates.models import Certificate, CertificateCounter, CertificateEvent
from lms.certificates.signatory import signatory_for
from lms.cohorts.models import Attendance, Cohort, Enrolment, LiveSession
from lms.core import clock, events
from lms.learning import completion
from lms.users.models import User

SERIAL_PREFIX = {"tvet-leadership": "TVETLP"}


class NotEligible(ValueError):
    pass


@dataclasses.dataclass
class Eligibility:
    learner: User
    missing: list[str]            # what is still missing, in words
    certificate: Certificate | None

    @property
    def eligible(self) -> bool:
        return not self.missing


def eligibility(session: Session, cohort: Cohort, learners: list[User] | None = None) -> list[Eligibility]:
    """Each learner against the programme's completion rule (lms/learning/completion.py), from a
    fixed number of queries."""
    rule = completion.Rule.of(cohort.programme.completion)
    if learners is None:
        learners = list(session.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                                        .where(Enrolment.cohort_id == cohort.id).order_by(User.full_name)))
    ids = [u.id for u in learners]
    activities = completion.required_activities(session, cohort.programme_id)
    done = completion.completed_pairs(session, ids)
    attended = dict(session.execute(
        select(Attendance.user_id, func.count(Attendance.session_id))
        .join(LiveSession, LiveSession.id == Attendance.session_id)
        .where(LiveSession.cohort_id == cohort.id, Attendance.user_id.in_(ids))
        .group_by(Attendance.user_id)).all()) if ids else {}
    current = {c.user_id: c for c in session.scalars(select(Certificate).where(
        Certificate.user_id.in_(ids), Certificate.programme_id == cohort.programme_id,
        Certificate.revoked_at.is_(None)))} if ids else {}
    return [Eligibility(learner, completion.missing(rule, activities, done, learner.id, attended.get(learner.id, 0)),
                        current.get(learner.id)) for learner in learners]


def _lock_counter(session: Session, programme_id: int, year: int) -> None:
    """Make sure the counter row exists, then lock it until the transaction ends."""
    dialect = session.get_bind().dialect.name
    values = {"programme_id": programme_id, "year": year, "last_value": 0}
    if dialect == "postgresql":
        session.execute(postgresql.insert(CertificateCounter).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(CertificateCounter).values(**values).on_conflict_do_nothing())
    else:  # pragma: no cover - the two databases we support are above
        if session.scalar(select(CertificateCounter.id).where(CertificateCounter.programme_id == programme_id,
                                                              CertificateCounter.year == year)) is None:
            session.execute(insert(CertificateCounter).values(**values))
    # A write to the row: on PostgreSQL it holds the row lock, on SQLite the database lock.
    session.execute(update(CertificateCounter)
                    .where(CertificateCounter.programme_id == programme_id, CertificateCounter.year == year)
                    .values(last_value=CertificateCounter.last_value))


def _next_serial(session: Session, programme, year: int) -> str:
    number = session.scalar(update(CertificateCounter)
                            .where(CertificateCounter.programme_id == programme.id, CertificateCounter.year == year)
                            .values(last_value=CertificateCounter.last_value + 1)
                            .returning(CertificateCounter.last_value))
    prefix = SERIAL_PREFIX.get(programme.slug, programme.slug.upper()[:10])
    return f"{prefix}-{year}-{number:04d}"


def issue(session: Session, cohort: Cohort, learners: list[User], issued_by: User | None,
          progress=None) -> list[Certificate]:
    """Certify every eligible learner among `learners` who has no current certificate.

    Issuing twice never makes two certificates: the counter is locked first, and only
    then are existing certificates looked up, so a concurrent issuance waits and then
    finds what the first one made. Serials stay gap-free: they are taken in the same
    transaction as the certificates.
    """
    year = clock.utcnow().year
    _lock_counter(session, cohort.programme_id, year)
    made = []
    for result in eligibility(session, cohort, learners):
        if progress:
            progress(result.learner)
        if not result.eligible or result.certificate is not None:
            continue
        made.append(_create(session, cohort, result.learner, issued_by, year))
    session.flush()
    return made


def _create(session: Session, cohort: Cohort, learner: User, issued_by: User | None, year: int,
            replaces: Certificate | None = None, action: str = "issued", reason: str = "") -> Certificate:
    language = learner.language if learner.language in ("en", "zh", "fr") else "en"
    name, title = signatory_for(language)
    certificate = Certificate(
        serial=_next_serial(session, cohort.programme, year), code=secrets.token_urlsafe(18), holder=learner,
        programme_id=cohort.programme_id, cohort=cohort, holder_name=learner.full_name,
        language=language, signatory_name=name, signatory_title=title,
        issued_by_id=issued_by.id if issued_by else None, replaces_id=replaces.id if replaces else None)
    session.add(certificate)
    session.flush()
    certificate.status_index = certificate.id  # unique, and handed out once by the database
    session.add(CertificateEvent(certificate_id=certificate.id, action=action, reason=reason,
                                 actor_id=issued_by.id if issued_by else None))
    audit.record(session, f"certificate_{action}", certificate.serial, actor=issued_by, holder=learner.email)
    session.flush()
    events.send(events.certificate_issued, session, certificate=certificate)
    return certificate


def revoke(session: Session, certificate: Certificate, actor: User, reason: str) -> None:
    if certificate.revoked:
        raise ValueError("already revoked")
    if not reason.strip():
        raise ValueError("a reason is needed")
    certificate.revoked_at = clock.utcnow()
    certificate.revoked_reason = reason.strip()
    session.add(CertificateEvent(certificate_id=certificate.id, action="revoked", actor_id=actor.id,
                                 reason=reason.strip()))
    audit.record(session, "certificate_revoked", certificate.serial, actor=actor, reason=reason.strip())
    session.flush()
    events.send(events.certificate_revoked, session, certificate=certificate, reason=certificate.revoked_reason)


def reissue(session: Session, certificate: Certificate, actor: User, reason: str) -> Certificate:
    """Replace a certificate (for example after a name change): the old one is revoked, a new one made."""
    year = clock.utcnow().year
    _lock_counter(session, certificate.programme_id, year)
    if not certificate.revoked:
        revoke(session, certificate, actor, reason)
    fresh = _create(session, certificate.cohort, certificate.holder, actor, year, replaces=certificate,
                    action="reissued", reason=reason.strip())
    session.flush()
    return fresh
