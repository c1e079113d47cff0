"""Graduates of the small test programme: certified today, each with an action plan, one who reads
French; and helpers to run the daily command and read the outbox."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from lms.centres.models import Region
from lms.certificates.services import _create, _lock_counter
from lms.cohorts.models import Cohort
from lms.cohorts.services import enrol
from lms.core import clock
from lms.core.permissions import Role
from lms.courses.models import Activity
from lms.extensions import db
from lms.learning import submissions
from lms.mail.models import OutboxMessage
from lms.users.models import Gender, User
from tests.learning.conftest import Classroom, classroom  # noqa: F401

PLAN = {"vision": "Our college will halve its energy use by 2030 with a green team of staff and students."}


@dataclasses.dataclass
class Graduates:
    classroom: Classroom
    en: User
    fr: User

    @property
    def cohort_id(self) -> int:
        return self.classroom.cohort_id

    @property
    def facilitator(self) -> User:
        return self.classroom.facilitator


def graduate(cohort: Cohort, person: User) -> None:
    """Enrol `person` (inside an app context), submit their plan and certify them now."""
    enrol(db.session, cohort, person)
    activity = db.session.scalar(select(Activity).where(Activity.type == "action_plan"))
    work = submissions.find_or_start(db.session, person, activity, cohort)
    submissions.save(db.session, work, activity, PLAN, submit=True)
    _lock_counter(db.session, cohort.programme_id, clock.utcnow().year)
    _create(db.session, cohort, person, None, clock.utcnow().year)


@pytest.fixture()
def graduates(app, classroom, make_user, make_centre) -> Graduates:  # noqa: F811
    africa = make_centre(region=Region.africa, country="SN")
    europe = make_centre(region=Region.europe_north_america, country="FR")
    fr = make_user(role=Role.learner, full_name="Camille Martin", language="fr", centre_id=europe.id,
                   gender=Gender.female, timezone="Europe/Paris")
    with app.app_context():
        cohort = db.session.get(Cohort, classroom.cohort_id)
        en = db.session.get(User, classroom.learner.id)
        en.centre_id, en.gender = africa.id, Gender.female
        graduate(cohort, en)
        graduate(cohort, db.session.get(User, fr.id))
        db.session.commit()
        en = db.session.get(User, classroom.learner.id)
    return Graduates(classroom, en, fr)


def follow_ups(app, *args: str):
    """Run the daily command (the outbox is delivered by it) and return its output."""
    result = app.test_cli_runner().invoke(args=["impact", "follow-ups", *args])
    assert result.exit_code == 0, result.output
    return result.output


def outbox(app, recipient: str) -> list[str]:
    """The subjects queued for `recipient`, oldest first."""
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.recipient == recipient)
                                       .order_by(OutboxMessage.id)))
