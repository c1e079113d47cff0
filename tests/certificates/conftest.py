"""A cohort whose learners have done everything the demo programme's completion rule asks."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.cohorts.models import Cohort
from lms.cohorts.services import enrol
from lms.courses.models import Activity
from lms.extensions import db
from lms.learning import submissions
from lms.learning.services import submit_quiz
from lms.users.models import User
from tests.learning.conftest import classroom  # noqa: F401

RIGHT = {"unemployed": "m73", "paris": True, "target": "4.3", "areas": ["campus", "culture"]}


def complete(app, cohort_id: int, user_id: int, facilitator_id: int) -> None:
    """Pass both quizzes and have the action plan accepted."""
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        user = db.session.get(User, user_id)
        for slug in ("first-quiz", "second-quiz"):
            submit_quiz(db.session, user, db.session.scalar(select(Activity).where(Activity.slug == slug)), RIGHT, "en")
        plan = db.session.scalar(select(Activity).where(Activity.slug == "action-plan"))
        work = submissions.find_or_start(db.session, user, plan, cohort)
        submissions.save(db.session, work, plan, {"vision": "A green campus by 2030 " * 10}, submit=True)
        submissions.review(db.session, work, db.session.get(User, facilitator_id), "accepted", "")
        db.session.commit()


@pytest.fixture()
def graduates(app, classroom, make_user):  # noqa: F811
    """Three learners who completed everything, writing English, Chinese and French."""
    people = [classroom.learner,
              make_user(full_name="王芳", language="zh", email="wang.fang@example.org"),
              make_user(full_name="Aïssatou Diallo", language="fr", email="aissatou@example.org")]
    with app.app_context():
        cohort = db.session.get(Cohort, classroom.cohort_id)
        for person in people[1:]:
            enrol(db.session, cohort, db.session.get(User, person.id))
        db.session.commit()
    for person in people:
        complete(app, classroom.cohort_id, person.id, classroom.facilitator.id)
    return people
