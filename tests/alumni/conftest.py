"""Last year's edition, ended, with two graduates (one in Africa working in French, one in Asia
working in Chinese) and one participant who never finished; and this year's cohort (the learning
tests' classroom), whose participant Awa Sarr works in French at a centre in Africa."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from lms.centres.models import Region
from lms.certificates.services import issue
from lms.cohorts.models import Cohort
from lms.cohorts.services import create_cohort, enrol
from lms.courses.models import Programme
from lms.extensions import db
from lms.users.models import User
from tests.certificates.conftest import complete
from tests.learning.conftest import Classroom, classroom  # noqa: F401


@dataclasses.dataclass
class Alumni:
    classroom: Classroom
    past_cohort_id: int
    mariama: User
    chen: User
    daniel: User

    @property
    def cohort_id(self) -> int:
        return self.classroom.cohort_id

    @property
    def participant(self) -> User:
        return self.classroom.learner

    @property
    def facilitator(self) -> User:
        return self.classroom.facilitator


@pytest.fixture()
def alumni(app, classroom, make_user, make_centre, now) -> Alumni:  # noqa: F811
    dakar = make_centre(name="Centre National de Formation Professionnelle de Dakar", region=Region.africa,
                        country="SN")
    nairobi = make_centre(name="Kenya Technical Trainers College", region=Region.africa, country="KE")
    tianjin = make_centre(name="Tianjin Sino-German University", region=Region.asia_pacific, country="CN")
    mariama = make_user(full_name="Mariama Bâ", language="fr", centre_id=dakar.id, email="mariama@example.org")
    chen = make_user(full_name="陈静", language="zh", centre_id=tianjin.id, email="chen@example.org")
    daniel = make_user(full_name="Daniel Okafor", language="en", centre_id=nairobi.id, email="daniel@example.org")
    with app.app_context():
        programme = db.session.scalar(select(Programme))
        facilitator = db.session.get(User, classroom.facilitator.id)
        past = create_cohort(db.session, programme=programme, name="Last year's online edition", language="en",
                             timezone="UTC", starts_on=now.day(-400), ends_on=now.day(-290),
                             facilitators=[facilitator])
        for person in (mariama, chen, daniel):
            enrol(db.session, past, db.session.get(User, person.id))
        participant = db.session.get(User, classroom.learner.id)
        participant.language, participant.centre_id = "fr", nairobi.id
        db.session.commit()
        past_id = past.id
    for person in (mariama, chen):
        complete(app, past_id, person.id, classroom.facilitator.id)
    with app.app_context():
        past = db.session.get(Cohort, past_id)
        made = issue(db.session, past, [db.session.get(User, p.id) for p in (mariama, chen, daniel)],
                     db.session.get(User, classroom.facilitator.id))
        assert len(made) == 2  # Daniel did not finish: no certificate
        db.session.commit()
    return Alumni(classroom, past_id, mariama, chen, daniel)


@pytest.fixture()
def signed_in(make_client):
    def sign_in(user: User):
        client = make_client()
        client.login(user)
        return client
    return sign_in




@pytest.fixture()
def signed_in_facilitator(alumni, signed_in):
    return signed_in(alumni.facilitator)
