"""The knowledge check: one question per module from the module's quiz, before and after; the
change per module shown where five or more took both."""
from __future__ import annotations

from lms.cohorts.models import Cohort
from lms.core.permissions import Role
from lms.extensions import db
from lms.impact import knowledge
from lms.users.models import User
from tests.conftest import visible_text
from tests.impact.conftest import follow_ups, graduate

WRONG = {"first--unemployed": "m10", "second--unemployed": "m10"}
RIGHT = {"first--unemployed": "m73", "second--unemployed": "m73"}


def test_the_knowledge_check_before_and_after_shows_the_change_per_module_from_five_learners(
        app, graduates, make_user, make_client, now):
    with app.app_context():
        cohort = db.session.get(Cohort, graduates.cohort_id)
        more = [make_user(role=Role.learner, full_name=f"Learner {n}") for n in range(3)]
        for person in more:
            graduate(cohort, db.session.get(User, person.id))
        db.session.commit()
    learner = make_client()
    learner.login(graduates.fr)
    dashboard = visible_text(learner.get("/learn").get_data(as_text=True))
    assert "Facultatif : le test de connaissances au début de 2026 online edition" in dashboard
    url = f"/impact/cohorts/{graduates.cohort_id}/knowledge-check/before"
    page = learner.get(url).get_data(as_text=True)
    assert "Module first (fr)" in page and "How many young people are unemployed? (fr)" in page
    assert learner.get(f"/impact/cohorts/{graduates.cohort_id}/knowledge-check/after").status_code == 404
    missing = learner.submit(url, {"k-first--unemployed": "m10"})
    assert missing.status_code == 400 and "Choisissez une réponse." in visible_text(missing.get_data(as_text=True))
    wrong = learner.submit(url, {"k-first--unemployed": "m10", "k-second--unemployed": "m10"})
    assert wrong.status_code == 302
    assert learner.get(url).status_code == 404  # taken: not offered again
    others = [graduates.en, *more]
    with app.app_context():
        cohort = db.session.get(Cohort, graduates.cohort_id)
        for person in others:
            knowledge.submit(db.session, db.session.get(User, person.id), cohort, "before", WRONG,
                             "en")
        db.session.commit()
    now.advance(days=61)
    follow_ups(app)
    learner = make_client()
    learner.login(graduates.fr)
    after = f"/impact/cohorts/{graduates.cohort_id}/knowledge-check/after"
    assert learner.submit(after, {"k-first--unemployed": "m73", "k-second--unemployed": "m73"}).status_code == 302
    facilitator = make_client()
    facilitator.login(graduates.facilitator)
    page = f"/impact/cohorts/{graduates.cohort_id}/follow-ups"
    with app.app_context():
        cohort = db.session.get(Cohort, graduates.cohort_id)
        for person in others[:3]:
            knowledge.submit(db.session, db.session.get(User, person.id), cohort, "after", RIGHT,
                             "en")
        db.session.commit()
    four = visible_text(facilitator.get(page).get_data(as_text=True))
    assert "Module first\n<5\n—\n—" in four
    with app.app_context():
        cohort = db.session.get(Cohort, graduates.cohort_id)
        knowledge.submit(db.session, db.session.get(User, others[3].id), cohort, "after", WRONG, "en")
        db.session.commit()
    five = visible_text(facilitator.get(page).get_data(as_text=True))
    assert "Module first\n5\n0\n80" in five and "Module second\n5\n0\n80" in five
    assert "All modules\n5\n0\n80" in five
