"""xAPI: what a learner does reaches a real learning record store (the Ralph LRS, run on loopback),
which gives the statements back and finds them valid."""
from __future__ import annotations

import datetime as dt
import json
import uuid

from sqlalchemy import func, select

from lms.certificates.services import issue
from lms.cohorts.facilitation import record_attendance
from lms.cohorts.models import Cohort, Enrolment, LiveSession
from lms.core.permissions import Role
from lms.courses.models import Activity
from lms.extensions import db
from lms.integrations import xapi
from lms.integrations.models import Delivery
from lms.learning.services import submit_quiz
from lms.users.models import User
from tests.certificates.conftest import complete
from tests.conftest import visible_text
from tests.integrations.conftest import complete_first_module, deliver

ADL = "http://adlnet.gov/expapi/verbs/"


def mine(app, store, user_id: int) -> list[dict]:
    """The statements the store gives back for the learner, as any reader of it would ask."""
    agent = json.dumps({"account": {"homePage": app.config["BASE_URL"], "name": str(user_id)}})
    return store.statements(agent=agent)


def test_a_learner_completing_a_module_produces_statements_the_real_lrs_returns(app, classroom, lrs_configured):
    store = lrs_configured
    complete_first_module(app, classroom)
    output = deliver(app)
    assert "0 failed attempts" in output

    statements = mine(app, store, classroom.learner.id)
    by_verb: dict[str, list[dict]] = {}
    for s in statements:
        by_verb.setdefault(s["verb"]["id"].rsplit("/", 1)[-1], []).append(s)
    [module] = [s for s in by_verb["completed"] if s["object"]["definition"]["type"].endswith("/module")]
    assert module["object"]["id"].startswith(app.config["BASE_URL"] + "/xapi/programmes/")
    assert module["object"]["id"].endswith("/modules/first")
    assert module["actor"] == {"objectType": "Agent", "account": {"homePage": app.config["BASE_URL"],
                                                                  "name": str(classroom.learner.id)}}
    # No learner's email address leaves the platform (the store adds its own `authority`).
    assert all(set(s["actor"]) == {"objectType", "account"} for s in statements)
    assert classroom.learner.email not in json.dumps(statements)
    assert module["result"]["completion"] is True
    with app.app_context():
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == classroom.learner.id))
        cohort = db.session.get_one(Cohort, classroom.cohort_id)
        registration = str(uuid.uuid5(xapi.REGISTRATIONS, f"{app.config['BASE_URL']}/enrolments/{enrolment.id}"))
    assert {s["context"]["registration"] for s in statements} == {registration}  # one per enrolment
    grouping = {a["id"] for a in module["context"]["contextActivities"]["grouping"]}
    assert f"{app.config['BASE_URL']}/xapi/cohorts/{cohort.id}" in grouping
    assert any("/xapi/programmes/" in g and "/modules/" not in g for g in grouping)

    # The lessons were launched and completed inside the module, the quiz passed with its score.
    assert len(by_verb["launched"]) == 2
    assert all(s["context"]["contextActivities"]["parent"][0]["id"] == module["object"]["id"]
               for s in by_verb["launched"])
    [passed] = by_verb["passed"]
    assert passed["result"]["success"] is True and passed["result"]["score"]["scaled"] == 1.0
    assert passed["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/assessment"
    assert len(by_verb["submit"]) == 1
    # Ralph's own xAPI model finds every statement valid.
    assert store.validate(statements) == []


def test_a_failed_quiz_says_failed_with_its_scaled_score(app, classroom, lrs_configured):
    with app.app_context():
        learner = db.session.get_one(User, classroom.learner.id)
        quiz = db.session.scalar(select(Activity).where(Activity.slug == "first-quiz"))
        attempt = submit_quiz(db.session, learner, quiz, {}, "en")
        db.session.commit()
        score = attempt.score
    deliver(app)
    [failed] = [s for s in mine(app, lrs_configured, classroom.learner.id) if s["verb"]["id"] == ADL + "failed"]
    assert failed["result"]["success"] is False
    assert failed["result"]["score"] == {"scaled": score / 100, "raw": score, "min": 0, "max": 100}
    assert lrs_configured.validate([failed]) == []


def test_a_statement_delivered_again_is_kept_once(app, classroom, lrs_configured):
    complete_first_module(app, classroom)
    deliver(app)
    before = len(mine(app, lrs_configured, classroom.learner.id))
    with app.app_context():
        # As if every answer had been lost: the same statements are sent again, under the same ids.
        for delivery in db.session.scalars(select(Delivery)):
            delivery.delivered_at = None
            delivery.next_attempt_at = delivery.created_at
        db.session.commit()
    assert "0 failed attempts" in deliver(app)
    assert len(mine(app, lrs_configured, classroom.learner.id)) == before
    with app.app_context():
        # The store recognised each one: 204 for the same statement again (409 from a store that
        # answers so for any id it has).
        assert set(db.session.scalars(select(Delivery.last_status))) <= {204, 409}
        assert db.session.scalar(select(func.count(Delivery.id)).where(Delivery.attempts != 2)) == 0


def test_attendance_and_a_certificate_become_attended_and_earned(app, classroom, lrs_configured, make_user, now):
    with app.app_context():
        cohort = db.session.get_one(Cohort, classroom.cohort_id)
        facilitator = db.session.get_one(User, classroom.facilitator.id)
        live = LiveSession(cohort_id=cohort.id, title="Greening TVET: webinar", starts_at=now() - dt.timedelta(hours=2),
                           duration_minutes=60, link="https://meet.example.org/x")
        db.session.add(live)
        db.session.flush()
        record_attendance(db.session, live, {classroom.learner.id}, facilitator)
        record_attendance(db.session, live, {classroom.learner.id}, facilitator)  # recorded again: said once
        db.session.commit()
    complete(app, classroom.cohort_id, classroom.learner.id, classroom.facilitator.id)
    with app.app_context():
        staff = make_user(role=Role.staff)
        [certificate] = issue(db.session, db.session.get_one(Cohort, classroom.cohort_id),
                              [db.session.get_one(User, classroom.learner.id)], db.session.get_one(User, staff.id))
        db.session.commit()
        code = certificate.code
    deliver(app)
    statements = mine(app, lrs_configured, classroom.learner.id)
    [attended] = [s for s in statements if s["verb"]["id"] == ADL + "attended"]
    assert attended["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/meeting"
    [earned] = [s for s in statements if s["verb"]["id"] == "http://id.tincanapi.com/verb/earned"]
    assert earned["object"]["id"] == f"{app.config['BASE_URL']}/verify/{code}"  # the public page
    assert lrs_configured.validate([attended, earned]) == []


def test_without_a_record_store_no_statement_is_made(app, classroom):
    complete_first_module(app, classroom)
    with app.app_context():
        assert db.session.scalar(select(func.count(Delivery.id)).where(Delivery.kind == "xapi")) == 0


def test_staff_see_the_record_store_and_its_latest_statements(app, classroom, lrs_configured, make_user, client):
    complete_first_module(app, classroom)
    deliver(app)
    client.login(make_user(role=Role.staff))
    page = visible_text(client.get("/staff/integrations/").get_data(as_text=True))
    assert "Configured" in page and lrs_configured.url in page and "completed" in page
    log = visible_text(client.get("/staff/integrations/xapi").get_data(as_text=True))
    assert "Delivered" in log and "HTTP 204" in log and "0 failed" in log
