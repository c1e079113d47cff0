"""The completion rule is written once: certificates and the network report agree on who completed."""
from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from lms.certificates.services import eligibility
from lms.cohorts.models import Attendance, Cohort, LiveSession
from lms.cohorts.services import enrol
from lms.core.permissions import Role
from lms.courses.models import Activity, Programme
from lms.extensions import db
from lms.learning.models import QuizAttempt, Submission
from lms.learning.status import WorkStatus
from lms.reports.models import ReportFact
from lms.reports.services import refresh
from lms.users.models import User

# Each learner's record: the activities they completed (by slug) and the live sessions attended.
RECORDS = {
    "Nothing done": ((), 0),
    "Quizzes only": (("first-quiz", "second-quiz"), 0),
    "Quizzes and the plan": (("first-quiz", "second-quiz", "action-plan"), 1),
    "Quizzes, reflections and the plan": (("first-quiz", "second-quiz", "first-reflection", "second-reflection",
                                           "action-plan"), 1),
    # An accepted reflection must not stand in for the action plan (the report once counted
    # accepted written work of any kind together).
    "Quizzes and one reflection, no plan": (("first-quiz", "second-quiz", "first-reflection"), 1),
    "Everything but a session": (("first-quiz", "second-quiz", "first-reflection", "second-reflection",
                                  "action-plan"), 0),
    "One quiz short": (("first-quiz", "first-reflection", "second-reflection", "action-plan"), 1),
}


@pytest.fixture()
def records(app, classroom, make_user, now):
    """The classroom's cohort with one learner per record (and one live session)."""
    with app.app_context():
        cohort = db.session.get(Cohort, classroom.cohort_id)
        activities = {a.slug: a for a in db.session.scalars(select(Activity))}
        live = LiveSession(cohort_id=cohort.id, title="Webinar", starts_at=now(), duration_minutes=60, link="")
        db.session.add(live)
        for name, (completed, sessions) in RECORDS.items():
            person = User(email=f"{name.lower().replace(' ', '.').replace(',', '')}@example.org", full_name=name,
                          role=Role.learner, language="en")
            db.session.add(person)
            enrol(db.session, cohort, person)
            db.session.flush()
            for slug in completed:
                activity = activities[slug]
                if activity.type == "quiz":
                    db.session.add(QuizAttempt(user_id=person.id, activity_id=activity.id, number=1, language="en",
                                               questions=[], answers={}, results={}, score=100, passed=True))
                else:
                    db.session.add(Submission(user_id=person.id, activity_id=activity.id, cohort_id=cohort.id,
                                              status=WorkStatus.accepted, content={}))
            if sessions:
                db.session.flush()
                db.session.add(Attendance(session_id=live.id, user_id=person.id))
        db.session.commit()
        return cohort.id


FLAGS = ["quizzes_passed", "reflections_accepted", "action_plan_accepted"]


def completed_in_report(now) -> set[str]:
    """Who the report's snapshot counts as completed: the very query that fills report_facts,
    with each row's learner added (the snapshot itself keeps no names)."""
    from lms.cohorts.models import Enrolment
    from lms.reports.services import _facts_query
    query = _facts_query(db.session, now()).add_columns(Enrolment.user_id)
    completed = {row.user_id for row in db.session.execute(query) if row[9]}  # the `completed` column
    return set(db.session.scalars(select(User.full_name).where(User.id.in_(completed))))


@pytest.mark.parametrize("flags, sessions", [
    (dict(zip(FLAGS, values, strict=True)), sessions)
    for values in itertools.product([False, True], repeat=3) for sessions in (0, 1)])
def test_certificates_and_the_report_agree_on_who_completed_under_every_rule(app, records, flags, sessions, now):
    with app.app_context():
        programme = db.session.scalar(select(Programme))
        programme.completion = {**{k: "all" if v else False for k, v in flags.items()},
                                "live_sessions_attended": sessions}
        db.session.commit()
        eligible = {e.learner.full_name for e in eligibility(db.session, db.session.get(Cohort, records))
                    if e.eligible}
        completed = completed_in_report(now)
        refresh(db.session)  # and the snapshot the report reads holds as many
        db.session.commit()
        in_snapshot = sum(1 for done in db.session.scalars(select(ReportFact.completed)) if done)
    assert eligible == completed and in_snapshot == len(completed)
    # The rule means what it says, worked by hand for the loosest and the strictest rules.
    if not any(flags.values()) and not sessions:
        assert completed == {*RECORDS, "Awa Sarr"}
    if all(flags.values()) and sessions:
        assert completed == {"Quizzes, reflections and the plan"}
    if flags == {"quizzes_passed": True, "reflections_accepted": False, "action_plan_accepted": True}:
        assert "Quizzes and one reflection, no plan" not in completed
