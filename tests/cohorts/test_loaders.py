"""The cohort loader reads the reader's enrolment with the cohort; the permission to see it uses
that answer only until the request writes."""
from __future__ import annotations

from flask import g
from sqlalchemy import delete

from lms.cohorts import loaders
from lms.cohorts.models import Enrolment
from lms.core.permissions import can
from lms.extensions import db
from tests.core.test_query_counts import counting


def test_the_enrolment_read_with_the_cohort_answers_the_view_permission_until_a_write(app, classroom, make_user):
    outsider = make_user()
    with app.test_request_context("/"):
        learner = db.session.merge(classroom.learner)
        g._login_user = learner  # the signed-in person, as Flask-Login keeps them for the request
        db.session.flush()
        with counting(app) as statements:
            cohort = loaders.cohort({"cohort_id": classroom.cohort_id}, {})
            assert can(learner, "view", cohort)
        assert len(statements) == 1  # the cohort and the enrolment, in one statement
        # The learner leaves the cohort in this request: the permission asks the database again.
        db.session.execute(delete(Enrolment).where(Enrolment.user_id == learner.id))
        assert not can(learner, "view", cohort)
        db.session.rollback()
    with app.test_request_context("/"):
        person = db.session.merge(outsider)
        g._login_user = person
        cohort = loaders.cohort({"cohort_id": classroom.cohort_id}, {})
        assert not can(person, "view", cohort)
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=person.id))
        db.session.flush()
        assert can(person, "view", cohort)
        db.session.rollback()
