"""A cohort of the small test programme with learners in English, Chinese and French from centres
in three regions, and its facilitator."""
from __future__ import annotations

import dataclasses

import pytest

from lms.centres.models import Region
from lms.cohorts.services import enrol
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User
from tests.learning.conftest import Classroom, classroom  # noqa: F401


@dataclasses.dataclass
class Circle:
    classroom: Classroom
    en: User
    zh: User
    fr: User

    @property
    def cohort_id(self) -> int:
        return self.classroom.cohort_id

    @property
    def facilitator(self) -> User:
        return self.classroom.facilitator


@pytest.fixture()
def circle(app, classroom, make_user, make_centre) -> Circle:  # noqa: F811
    from lms.cohorts.models import Cohort
    africa = make_centre(region=Region.africa, country="KE")
    asia = make_centre(region=Region.asia_pacific, country="CN")
    europe = make_centre(region=Region.europe_north_america, country="FR")
    en = make_user(role=Role.learner, full_name="Grace Wanjiru", language="en", centre_id=africa.id)
    zh = make_user(role=Role.learner, full_name="王芳", language="zh", centre_id=asia.id, timezone="Asia/Shanghai")
    fr = make_user(role=Role.learner, full_name="Camille Martin", language="fr", centre_id=europe.id,
                   timezone="Europe/Paris")
    with app.app_context():
        cohort = db.session.get(Cohort, classroom.cohort_id)
        for person in (en, zh, fr):
            enrol(db.session, cohort, db.session.get(User, person.id))
        db.session.commit()
    return Circle(classroom, en, zh, fr)
