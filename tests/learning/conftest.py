"""A cohort of the small test programme, with one enrolled learner and one facilitator."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from lms.cohorts.services import create_cohort, enrol
from lms.core.permissions import Role
from lms.courses.loader import check_courses
from lms.courses.models import Programme
from lms.courses.services import import_courses
from lms.extensions import db
from lms.users.models import User
from tests.courses.course_files import write_course


@dataclasses.dataclass
class Classroom:
    cohort_id: int
    learner: User
    facilitator: User
    folder: object


@pytest.fixture()
def classroom(app, make_user, tmp_path, now) -> Classroom:
    folder = write_course(tmp_path)
    learner = make_user(role=Role.learner, full_name="Awa Sarr")
    facilitator = make_user(role=Role.facilitator, full_name="Kwame Mensah")
    with app.app_context():
        import_courses(db.session, check_courses(tmp_path))
        programme = db.session.scalar(select(Programme))
        cohort = create_cohort(db.session, programme=programme, name="2026 online edition",
                               language="en", timezone="Europe/Berlin",
                               starts_on=now.day(-1), ends_on=now.day(60),
                               facilitators=[db.session.get(User, facilitator.id)])
        enrol(db.session, cohort, db.session.get(User, learner.id))
        for schedule in cohort.schedule:  # every module open; tests that need a locked one lock it
            schedule.opens_at = now() - dt.timedelta(days=1)
        db.session.commit()
        return Classroom(cohort.id, learner, facilitator, folder)
