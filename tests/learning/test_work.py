"""Reflections, the action plan with attachments, reviews, and the greening self-assessment."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from lms.cohorts.models import ModuleSchedule
from lms.core.permissions import Role
from lms.courses.models import Module
from lms.extensions import db
from lms.learning import submissions
from lms.learning.models import Attachment, Submission
from lms.users.models import User
from tests.conftest import body_text, csrf_fields, subject, visible_text

LONG_TEXT = " ".join(["Our institute will measure its energy use every month."] * 6)  # 54 words
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(classroom, kind, slug):
    return f"/learn/cohorts/{classroom.cohort_id}/{kind}/{slug}"


def submission_of(app, user):
    with app.app_context():
        return db.session.scalar(select(Submission).where(Submission.user_id == user.id))


# Reflections ------------------------------------------------------------------------------

def test_a_reflection_is_saved_as_a_draft_then_submitted(client, classroom, app):
    client.login(classroom.learner)
    page = url(classroom, "reflections", "first-reflection")
    assert "What will you change?" in client.get(page).get_data(as_text=True)
    response = client.submit(page, {"text": "Too short for now.", "action": "save"})
    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Your draft has been saved." in html and "Too short for now." in html
    assert submission_of(app, classroom.learner).status == "draft"

    response = client.submit(page, {"text": "Still short.", "action": "submit"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Your reflection is too short: 2 of 50 words." in html and "Still short." in html
    # Said beside the text area, and tied to it for screen readers.
    assert re.search(r'<p class="error" id="text-error">Your reflection is too short', html)
    assert re.search(r'<textarea[^>]*aria-describedby="text-error"[^>]*aria-invalid="true"', html)
    assert "Your text: 2 of 50 words." in html and "At least 50 words" in html  # on the page, no script
    assert submission_of(app, classroom.learner).status == "draft"

    response = client.submit(page, {"text": LONG_TEXT, "action": "submit"})
    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Submitted, waiting for your facilitator" in html and "<textarea" not in html
    assert submission_of(app, classroom.learner).status == "submitted"


def test_chinese_reflections_count_characters_against_the_documented_ratio(client, classroom):
    """50 words are 97 Chinese characters (1.93 per word, lms/courses/lengths.py), not 50."""
    client.login(classroom.learner)
    client.get("/learn?lang=zh")
    page = url(classroom, "reflections", "first-reflection")
    assert "至少 97 字" in client.get(page).get_data(as_text=True)
    response = client.submit(page, {"text": "我们学院将每月测量能源使用情况。" * 4, "action": "submit"})
    assert response.status_code == 400  # 60 characters were once enough for 50 "words"
    html = response.get_data(as_text=True)
    assert "您的反思篇幅不足：60 / 97 字。" in html and "您的文字：60 / 97 字。" in html
    response = client.submit(page, {"text": "我们学院将每月测量能源使用情况。" * 7, "action": "submit"})
    assert response.status_code == 302  # 105 characters


def test_the_length_is_shown_in_the_writers_language_and_unit(client, classroom):
    client.login(classroom.learner)
    client.get("/learn?lang=fr")
    page = url(classroom, "reflections", "first-reflection")
    assert "Au moins 50 mots" in client.get(page).get_data(as_text=True)
    html = client.submit(page, {"text": "Un seul mot", "action": "submit"}).get_data(as_text=True)
    assert "Votre réflexion est trop courte\xa0: 3 sur 50 mots." in html
    # A text written in Chinese is counted in characters whatever the page's language.
    html = client.submit(page, {"text": "我们学院", "action": "submit"}).get_data(as_text=True)
    assert "4 sur 97 caractères chinois" in html


def test_feedback_comes_back_by_email_and_on_the_page_and_work_can_be_revised(client, classroom, app, mailbox):
    client.login(classroom.learner)
    page = url(classroom, "reflections", "first-reflection")
    client.submit(page, {"text": LONG_TEXT, "action": "submit"})
    with app.app_context():
        submission = db.session.scalar(select(Submission))
        facilitator = db.session.get(User, classroom.facilitator.id)
        submissions.review(db.session, submission, facilitator, "returned", "Name one indicator, please.")
        db.session.commit()
    html = client.get(page).get_data(as_text=True)
    assert "Returned for revision" in html and "Name one indicator, please." in html and "Kwame Mensah" in html
    assert "<textarea" in html
    from lms.mail.services import deliver_pending
    with app.app_context():
        deliver_pending(db.session)
    [message] = mailbox.wait_for(1)
    assert message["To"] == classroom.learner.email and "returned for revision" in subject(message)
    assert "Name one indicator, please." in body_text(message)
    revised = {"text": LONG_TEXT + " Indicator: kWh per learner.", "action": "submit"}
    assert client.submit(page, revised).status_code == 302
    with app.app_context():
        submission = db.session.scalar(select(Submission))
        submissions.review(db.session, submission, db.session.get(User, classroom.facilitator.id), "accepted", "")
        db.session.commit()
    html = client.get(page).get_data(as_text=True)
    assert html.count("<article class=\"review\">") == 2 and "<textarea" not in html


# The action plan -------------------------------------------------------------------------

PLAN = "action-plans/action-plan"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def post_plan(client, classroom, text, files=(), action="save"):
    page = url(classroom, "action-plans", "action-plan")
    fields = csrf_fields(client.get(page).get_data(as_text=True))
    form = MultiDict({**fields, "s-vision": text, "action": action})
    for name, content in files:
        form.add("attachments", FileStorage(io.BytesIO(content), filename=name))
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart(form)
    return client.raw.post(page, data=body, content_type=f"multipart/form-data; boundary={boundary}",
                           buffered=True)


def test_the_plan_is_saved_with_its_attachments(client, classroom, app):
    client.login(classroom.learner)
    response = post_plan(client, classroom, "A green campus by 2030.",
                         [("plan.pdf", PDF), ("budget.docx", docx_bytes())])
    assert response.status_code == 302
    html = client.get(url(classroom, "action-plans", "action-plan")).get_data(as_text=True)
    assert "A green campus by 2030." in html and "plan.pdf" in html and "budget.docx" in html
    with app.app_context():
        stored = db.session.scalars(select(Attachment)).all()
        assert {a.content_type for a in stored} == {"application/pdf",
                                                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        assert all(a.stored_name not in ("plan.pdf", "budget.docx") for a in stored)
    download = client.get(f"/learn/attachments/{stored[0].id}")
    assert download.status_code == 200 and download.data in (PDF, docx_bytes())
    assert "attachment" in download.headers["Content-Disposition"]


def test_the_learner_reads_the_rubric_before_submitting(client, classroom):
    """Each criterion with what each level looks like, as the facilitators will judge the plan."""
    client.login(classroom.learner)
    html = client.get(url(classroom, "action-plans", "action-plan")).get_data(as_text=True)
    rubric = html[html.index('id="rubric"'):html.index("</details>", html.index('id="rubric"'))]
    assert '<details class="brief" id="rubric" open>' in html and "How your plan will be reviewed" in rubric
    text = visible_text(rubric)
    assert "Clarity" in text and "Low" in text and "High" in text
    assert text.index("Vague.") < text.index("Clear.")


def test_a_renamed_executable_is_refused_and_the_text_kept(client, classroom, app):
    client.login(classroom.learner)
    executable = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
    response = post_plan(client, classroom, "Our vision, typed with care.", [("report.pdf", executable)])
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "is not a PDF, DOCX, ODT, XLSX, PNG or JPEG file, whatever its name says" in html
    assert "Our vision, typed with care." in html
    assert submission_of(app, classroom.learner).content["vision"] == "Our vision, typed with care."
    with app.app_context():
        assert db.session.scalars(select(Attachment)).all() == []


def test_a_file_over_10_mb_is_refused_and_the_text_kept(client, classroom, app):
    client.login(classroom.learner)
    big = PDF + b"0" * (11 * 1024 * 1024)
    response = post_plan(client, classroom, "Eleven megabytes is too much.", [("annex.pdf", big)])
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "“annex.pdf” is larger than 10 MB" in html and "Eleven megabytes is too much." in html
    with app.app_context():
        assert db.session.scalars(select(Attachment)).all() == []


def test_only_the_learner_the_cohorts_facilitators_and_staff_download(client, classroom, make_client, make_user, app):
    client.login(classroom.learner)
    post_plan(client, classroom, "Vision.", [("plan.pdf", PDF)])
    with app.app_context():
        attachment_id = db.session.scalar(select(Attachment.id))
    link = f"/learn/attachments/{attachment_id}"
    for user, expected in ((classroom.facilitator, 200), (make_user(role=Role.staff), 200),
                           (make_user(role=Role.learner), 403), (make_user(role=Role.facilitator), 403)):
        other = make_client()
        other.login(user)
        assert other.get(link).status_code == expected, user.role


def test_submitting_the_plan_checks_required_sections(client, classroom, app):
    client.login(classroom.learner)
    response = post_plan(client, classroom, "", action="submit")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "is required" in html
    assert re.search(r'<p class="error" id="s-[\w-]+-error">The section “[^”]+” is required', html)
    response = post_plan(client, classroom, LONG_TEXT, action="submit")
    assert response.status_code == 302
    assert submission_of(app, classroom.learner).status == "submitted"


# The greening self-assessment ------------------------------------------------------------

def test_the_self_assessment_is_answered_twice_and_compared_in_a_chart_and_table(client, classroom, app, now):
    with app.app_context():
        last = db.session.scalar(select(ModuleSchedule).join(Module).where(Module.slug == "second"))
        last.opens_at = now() + dt.timedelta(days=30)
        db.session.commit()
    client.login(classroom.learner)
    page = f"/learn/cohorts/{classroom.cohort_id}/self-assessment"
    html = client.get(page).get_data(as_text=True)
    assert "Round 1: at the start of the programme" in html and "We measure energy use." in html
    response = client.submit(page, {})
    assert response.status_code == 400 and "Choose one answer for this statement." in response.get_data(as_text=True)
    assert client.submit(page, {"st-energy": "no"}).status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert '<svg' in html and 'role="img"' in html and "<table>" in html
    assert "Round 2" not in html  # the last module has not opened yet
    with app.app_context():
        for schedule in db.session.scalars(select(ModuleSchedule)):
            schedule.opens_at = now() - dt.timedelta(days=1)
        db.session.commit()
    assert "Round 2: at the end of the programme" in client.get(page).get_data(as_text=True)
    assert client.submit(page, {"st-energy": "yes"}).status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Start of the programme" in html and "End of the programme" in html
    assert '<td class="num">1</td><td class="num">2</td>' in html
    assert "good starting points for your action plan: Campus" in html


def test_the_module_page_shows_where_the_learner_stands_on_each_activity(client, classroom, app):
    client.login(classroom.learner)
    module = url(classroom, "modules", "first")
    assert "Not passed yet" not in client.get(module).get_data(as_text=True)
    client.submit(url(classroom, "quizzes", "first-quiz"),
                  {"q-unemployed": "m10", "q-paris": "false", "q-target": "4.4", "q-areas": ["sport"]})
    client.submit(url(classroom, "reflections", "first-reflection"), {"text": LONG_TEXT, "action": "submit"})
    page = client.get(module).get_data(as_text=True)
    assert re.search(r'first-quiz">[^<]+</a> <span class="tag warn">Not passed yet</span>', page)
    assert re.search(r'first-reflection">[^<]+</a> <span class="tag">Submitted</span>', page)


def test_a_draft_saved_in_the_background_is_kept_without_a_message(client, classroom, app):
    client.login(classroom.learner)
    page = url(classroom, "reflections", "first-reflection")
    response = client.submit(page, {"text": "Half a thought", "action": "autosave"})
    assert response.status_code == 204 and response.data == b""
    html = client.get(page).get_data(as_text=True)
    assert "Half a thought" in html and "Your draft has been saved." not in html
    assert submission_of(app, classroom.learner).status == "draft"
