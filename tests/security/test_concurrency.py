"""Simultaneous requests give exactly one row: quiz submissions, enrolments (and certificates)."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from lms.cohorts.models import Cohort, Enrolment
from lms.cohorts.services import enrol
from lms.core.permissions import Role
from lms.extensions import db
from lms.learning.models import QuizAttempt
from lms.users.models import User
from tests.conftest import csrf_fields

ANSWERS = {"q-unemployed": "m73", "q-paris": "true", "q-target": "4.3", "q-areas": ["campus"]}


def at_once(count, work):
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait(10)
            work(index)
        except Exception as exc:  # any failure is reported by the caller
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_the_same_quiz_attempt_sent_from_four_tabs_at_once_counts_once(app, classroom, make_client):
    clients = [make_client() for _ in range(4)]
    forms = []
    for client in clients:
        client.login(classroom.learner)
        page = client.get(f"/learn/cohorts/{classroom.cohort_id}/quizzes/first-quiz").get_data(as_text=True)
        forms.append({**csrf_fields(page), **ANSWERS, "attempt": "1"})
    statuses = []
    errors = at_once(4, lambda i: statuses.append(clients[i].raw.post(
        f"/learn/cohorts/{classroom.cohort_id}/quizzes/first-quiz", data=forms[i]).status_code))
    assert errors == [] and statuses == [302] * 4
    with app.app_context():
        assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


def test_enrolling_the_same_person_at_once_gives_one_enrolment(app, classroom, make_user):
    person = make_user(full_name="Kofi Boateng")

    def work(_index):
        with app.app_context():
            enrol(db.session, db.session.get(Cohort, classroom.cohort_id), db.session.get(User, person.id))
            db.session.commit()

    assert at_once(4, work) == []
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrolment.id)).where(Enrolment.user_id == person.id)) == 1


def test_processes_rebuilding_the_report_at_once_leave_one_fact_per_enrolment(app, classroom, make_user):
    import datetime as dt

    from lms.reports.models import ReportFact
    from lms.reports.services import refresh
    with app.app_context():
        cohort = db.session.get(Cohort, classroom.cohort_id)
        for n in range(6):
            person = User(email=f"learner-{n}@example.org", full_name=f"Learner {n}", role=Role.learner, language="en")
            db.session.add(person)
            enrol(db.session, cohort, person)
        db.session.commit()
    rebuilt = []

    def work(_index):
        with app.app_context():
            rebuilt.append(refresh(db.session, dt.timedelta(minutes=5)))
            db.session.commit()  # as `flask reports refresh` does: the lock is held until then

    assert at_once(4, work) == []
    with app.app_context():
        assert db.session.scalar(select(func.count(ReportFact.id))) == 7  # the classroom's learner and six more
    assert sorted(rebuilt) == [False, False, False, True]  # the others found it fresh under the lock


LONG = "We will measure the energy used by every workshop each month. " * 30


def test_a_first_reflection_saved_twice_at_once_makes_one_piece_of_work(app, classroom, make_client):
    from lms.learning.models import Submission
    clients = [make_client() for _ in range(3)]
    page = f"/learn/cohorts/{classroom.cohort_id}/reflections/first-reflection"
    forms = []
    for client in clients:
        client.login(classroom.learner)
        forms.append({**csrf_fields(client.get(page).get_data(as_text=True)), "text": LONG, "action": "save"})
    statuses = []
    errors = at_once(3, lambda i: statuses.append(clients[i].raw.post(page, data=forms[i]).status_code))
    assert errors == [] and sorted(statuses) == [302] * 3
    with app.app_context():
        assert db.session.scalar(select(func.count(Submission.id))) == 1


def test_a_draft_submitted_from_two_tabs_at_once_becomes_one_version(app, classroom, make_client):
    from lms.learning.models import SubmissionVersion
    page = f"/learn/cohorts/{classroom.cohort_id}/reflections/first-reflection"
    first = make_client()
    first.login(classroom.learner)
    first.submit(page, {"text": LONG, "action": "save"})  # the draft exists
    clients = [make_client() for _ in range(3)]
    forms = []
    for client in clients:
        client.login(classroom.learner)
        forms.append({**csrf_fields(client.get(page).get_data(as_text=True)), "text": LONG, "action": "submit"})
    statuses = []
    errors = at_once(3, lambda i: statuses.append(clients[i].raw.post(page, data=forms[i]).status_code))
    assert errors == []
    # One submits; the others are told it has been submitted already (and keep their text on the page).
    assert sorted(statuses) == [302, 400, 400]
    with app.app_context():
        assert db.session.scalar(select(func.count(SubmissionVersion.id))) == 1
