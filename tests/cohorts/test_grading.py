"""Grading with the rubric, the history of every decision, and the gradebook exports."""
from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select

from lms.extensions import db
from lms.learning.models import Submission
from tests.conftest import subject
from tests.learning.test_work import LONG_TEXT, post_plan

RUBRIC = {"level-clarity": "low", "note-clarity": "The objectives need numbers."}


def test_a_returned_plan_resubmitted_and_accepted_shows_its_whole_history(client, classroom, make_client, app,
                                                                          mailbox, now):
    learner, facilitator = client, make_client()
    learner.login(classroom.learner)
    assert post_plan(learner, classroom, LONG_TEXT, action="submit").status_code == 302
    now.advance(days=2)
    facilitator.login(classroom.facilitator)
    queue = facilitator.get(f"/cohorts/{classroom.cohort_id}/grading").get_data(as_text=True)
    assert "1 piece of work waiting for review" in queue and classroom.learner.full_name in queue
    with app.app_context():
        submission_id = db.session.scalar(select(Submission.id))
    review = f"/cohorts/{classroom.cohort_id}/work/{submission_id}"
    page = facilitator.get(review).get_data(as_text=True)
    assert "Vague." in page and "Clear." in page  # the rubric's descriptors
    response = facilitator.submit(review, {"decision": "returned", "comment": "Please add numbers."})
    assert response.status_code == 400  # the rubric must be filled
    assert "This field is required." in response.get_data(as_text=True)
    assert facilitator.submit(review, {**RUBRIC, "decision": "returned",
                                       "comment": "Please add numbers."}).status_code == 302
    assert mailbox.wait_for(1) and "returned for revision" in subject(mailbox.messages[0])
    now.advance(days=3)

    learner.login(classroom.learner)  # days later: signed in again (the sign-in was idle for too long)
    plan = learner.get(f"/learn/cohorts/{classroom.cohort_id}/action-plans/action-plan").get_data(as_text=True)
    assert "Returned for revision" in plan and "The objectives need numbers." in plan and "Vague." in plan
    assert post_plan(learner, classroom, LONG_TEXT + " Target: 20% less energy by 2028.",
                     action="submit").status_code == 302
    now.advance(days=1)
    facilitator.login(classroom.facilitator)  # a day later: a facilitator's sign-in ends after two idle hours
    assert facilitator.submit(review, {"level-clarity": "high", "note-clarity": "Clear now.",
                                       "decision": "accepted", "comment": "Well done."}).status_code == 302

    history = facilitator.get(review).get_data(as_text=True)
    for step in ("submitted (version 1)", "returned for revision by Kwame Mensah", "Please add numbers.",
                 "submitted (version 2)", "accepted by Kwame Mensah", "Well done."):
        assert step in history
    assert history.index("submitted (version 1)") < history.index("returned for revision") \
        < history.index("submitted (version 2)") < history.index("accepted by")
    plan = learner.get(f"/learn/cohorts/{classroom.cohort_id}/action-plans/action-plan").get_data(as_text=True)
    assert plan.count('<article class="review">') == 2 and "Well done." in plan and "Please add numbers." in plan
    assert "Accepted" in plan and "<textarea" not in plan


def test_the_gradebook_opens_with_chinese_names_and_headers_in_the_facilitators_language(
        client, classroom, make_user, app):
    from lms.cohorts.models import Cohort
    from lms.cohorts.services import enrol
    from lms.users.models import User
    chinese = make_user(full_name="王芳", email="wang@example.org")
    hostile = make_user(full_name="=HYPERLINK(\"http://evil.example\")", email="evil@example.org")
    with app.app_context():
        cohort = db.session.get(Cohort, classroom.cohort_id)
        for person in (chinese, hostile):
            enrol(db.session, cohort, db.session.get(User, person.id))
        db.session.commit()
    client.login(classroom.facilitator)
    client.get("/learn?lang=fr")
    response = client.get(f"/cohorts/{classroom.cohort_id}/gradebook.csv?lang=fr")
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    text = response.data.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("Nom complet,Adresse électronique")
    assert "王芳,wang@example.org" in text
    assert "'=HYPERLINK" in text  # neutralised: shown as text, never run as a formula
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/cohorts/{classroom.cohort_id}/gradebook.xlsx").data))
    sheet = book.active
    assert sheet.cell(1, 1).value == "Nom complet"
    names = {sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)}
    assert "王芳" in names and "'=HYPERLINK(\"http://evil.example\")" in names
