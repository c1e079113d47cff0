"""The end-of-programme evaluation: offered when the cohort ends, answered once and anonymously,
shown to facilitators only added up, and its free text only where five or more answered."""
from __future__ import annotations

from sqlalchemy import func, inspect, select

from lms.cohorts.models import Cohort
from lms.core.permissions import Role
from lms.extensions import db
from lms.impact.models import EvaluationInvitation, EvaluationResponse
from lms.users.models import User
from tests.conftest import visible_text
from tests.impact.conftest import follow_ups, graduate, outbox

RATINGS = {"q-content": "4", "q-facilitation": "5", "q-webinars": "3", "q-relevance": "5", "q-overall": "4"}


def test_the_evaluation_is_offered_at_the_end_answered_once_without_a_name_and_shown_from_five_answers(
        app, graduates, make_user, make_client, now):
    with app.app_context():
        cohort = db.session.get(Cohort, graduates.cohort_id)
        more = [make_user(role=Role.learner, full_name=f"Learner {n}") for n in range(3)]
        for person in more:
            graduate(cohort, db.session.get(User, person.id))
        db.session.commit()
    learners = [graduates.en, graduates.fr, *more]
    now.advance(days=61)  # the cohort ended yesterday
    facilitator = make_client()
    facilitator.login(graduates.facilitator)
    page = f"/impact/cohorts/{graduates.cohort_id}/follow-ups"
    assert "5 evaluations offered" in follow_ups(app)
    assert "Comment s'est passé le programme ? Dites-le-nous en cinq minutes" in outbox(app, graduates.fr.email)
    for number, person in enumerate(learners):
        client = make_client()
        client.login(person)
        if number == 0:
            form = client.get(f"/impact/cohorts/{graduates.cohort_id}/evaluation")
            wrong = client.submit(f"/impact/cohorts/{graduates.cohort_id}/evaluation",
                                  {"q-content": "4", "worked": "The peer reviews."})
            assert wrong.status_code == 400 and "The peer reviews." in wrong.get_data(as_text=True)
            assert "Choose a rating from 1 to 5." in visible_text(wrong.get_data(as_text=True))
            assert form.status_code == 200
        sent = client.submit(f"/impact/cohorts/{graduates.cohort_id}/evaluation",
                             {**RATINGS, "worked": f"Worked {number}", "change": f"Change {number}"})
        assert sent.status_code == 302
        if number == 0:
            again = client.get(f"/impact/cohorts/{graduates.cohort_id}/evaluation")
            assert "You have evaluated this programme." in visible_text(again.get_data(as_text=True))
            client.raw.post(f"/impact/cohorts/{graduates.cohort_id}/evaluation", data=RATINGS)
        if number == 3:
            four = visible_text(facilitator.get(page).get_data(as_text=True))
            assert "Fewer than five answers: nothing is shown." in four and "Worked 0" not in four
    shown = visible_text(facilitator.get(page).get_data(as_text=True))
    assert "5 answers." in shown and "Worked 0" in shown and "Change 4" in shown
    assert "The programme overall\n4" in shown
    with app.app_context():
        assert db.session.scalar(select(func.count(EvaluationResponse.id))) == 5  # once each
        columns = {c["name"] for c in inspect(db.engine).get_columns("impact_evaluation_responses")}
        assert not columns & {"user_id", "submitted_at", "created_at"}  # nothing links an answer to a person
        assert db.session.scalar(select(func.count()).where(EvaluationInvitation.answered.is_(True))) == 5
