"""The follow-up of the action plans: the daily command opens, emails and reminds the check-ins;
graduates answer them, without JavaScript, in their language; facilitators and staff see them."""
from __future__ import annotations

import io

from sqlalchemy import func, select

from lms.extensions import db
from lms.impact.models import ActionStatus, FollowUp, FollowUpAction, InstitutionIndicators
from lms.learning.models import SelfAssessmentResponse
from tests.conftest import body_text, find_link, subject, visible_text
from tests.impact.conftest import follow_ups, outbox
from tests.learning.test_work import PDF


def check_ins(app, email: str) -> list[str]:
    return [s for s in outbox(app, email) if "check-in" in s or "point d'étape" in s]


def test_at_3_months_each_graduate_is_emailed_a_check_in_in_their_language_once(app, graduates, now, mailbox):
    follow_ups(app)
    assert check_ins(app, graduates.en.email) == []  # not before 3 months
    now.advance(days=92)
    output = follow_ups(app)
    assert "2 check-ins opened, 2 sent" in output
    assert check_ins(app, graduates.en.email) == ["Your 3-month check-in on your action plan"]
    assert check_ins(app, graduates.fr.email) == ["Votre point d'étape à 3 mois sur votre plan d'action"]
    message = mailbox.wait_to(graduates.fr.email)
    french = [m for m in mailbox.to(graduates.fr.email) if "point d'étape" in subject(m)]
    assert french, [subject(m) for m in mailbox.to(graduates.fr.email)]
    assert "Où en est votre plan d'action institutionnel ?" in body_text(french[0])
    assert "/impact/check-ins/" in find_link(french[0], "/impact/check-ins/")
    del message
    # The same day again, and on another host at once: nothing is sent twice.
    assert "0 check-ins opened, 0 sent, 0 reminders" in follow_ups(app)
    assert len(check_ins(app, graduates.fr.email)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count(FollowUp.id))) == 2


def test_an_unanswered_check_in_is_reminded_at_7_and_14_days_at_most_twice_and_no_more_once_answered(
        app, graduates, now, make_client):
    now.advance(days=92)
    follow_ups(app)
    now.advance(days=7)
    assert "2 reminders" in follow_ups(app)
    assert check_ins(app, graduates.fr.email)[-1] == "Rappel : votre point d'étape à 3 mois sur votre plan d'action"
    with app.app_context():
        follow_up_id = db.session.scalar(select(FollowUp.id).where(FollowUp.user_id == graduates.fr.id))
    learner = make_client()
    learner.login(graduates.fr)
    answered = learner.submit(f"/impact/check-ins/{follow_up_id}", {"status-vision": "under_way",
                                                                    "note-vision": "Le conseil a adopté le plan."})
    assert answered.status_code == 302
    now.advance(days=7)
    assert "1 reminders" in follow_ups(app)
    assert len(check_ins(app, graduates.en.email)) == 3  # the check-in and two reminders
    assert len(check_ins(app, graduates.fr.email)) == 2  # the check-in and one reminder: she answered
    now.advance(days=30)
    assert "0 sent, 0 reminders" in follow_ups(app)
    assert len(check_ins(app, graduates.en.email)) == 3  # never a third reminder


def test_the_check_in_form_works_without_javascript_and_keeps_what_was_typed_on_an_error(
        app, graduates, now, make_client):
    now.advance(days=92)
    follow_ups(app)
    with app.app_context():
        follow_up_id = db.session.scalar(select(FollowUp.id).where(FollowUp.user_id == graduates.fr.id))
    learner = make_client()
    learner.login(graduates.fr)
    dashboard = visible_text(learner.get("/learn?lang=fr").get_data(as_text=True))
    assert "Votre point d'étape à 3 mois sur votre plan d'action est attendu" in dashboard
    page = learner.get(f"/impact/check-ins/{follow_up_id}").get_data(as_text=True)
    assert "<script" not in page and 'name="status-vision"' in page and "Vision (fr)" in page
    wrong = learner.submit(f"/impact/check-ins/{follow_up_id}",
                           {"note-vision": "Deux départements ont commencé.", "evidence-vision": "pas une adresse"})
    assert wrong.status_code == 400
    html = wrong.get_data(as_text=True)
    assert "Deux départements ont commencé." in html and 'value="pas une adresse"' in html
    text = visible_text(html)
    assert "Indiquez où en est cette action." in text
    assert "Saisissez une adresse web complète, par exemple https://example.org/rapport." in text
    not_a_report = learner.submit(f"/impact/check-ins/{follow_up_id}",
                                  {"status-vision": "done", "note-vision": "Deux départements ont commencé.",
                                   "file-vision": (io.BytesIO(b"MZ not a document"), "rapport.pdf")})
    assert not_a_report.status_code == 400
    assert "« rapport.pdf » n'est pas un fichier PDF, DOCX, ODT, XLSX, PNG ou JPEG, quel que soit son nom." in \
        visible_text(not_a_report.get_data(as_text=True))
    assert "Deux départements ont commencé." in not_a_report.get_data(as_text=True)
    right = learner.submit(f"/impact/check-ins/{follow_up_id}",
                           {"status-vision": "done", "note-vision": "Deux départements ont commencé.",
                            "evidence-vision": "https://example.org/rapport-2031",
                            "file-vision": (io.BytesIO(PDF), "rapport 2031.pdf")})
    assert right.status_code == 302
    with app.app_context():
        action = db.session.scalar(select(FollowUpAction))
        assert (action.status, action.note, action.evidence_url) == (
            ActionStatus.done, "Deux départements ont commencé.", "https://example.org/rapport-2031")
        assert action.title["fr"] == "Vision (fr)"
        assert action.evidence_filename == "rapport 2031.pdf"
        action_id = action.id
    facilitator = make_client()
    facilitator.login(graduates.facilitator)
    page = facilitator.get(f"/impact/cohorts/{graduates.cohort_id}/follow-ups").get_data(as_text=True)
    assert f"/impact/check-ins/{follow_up_id}/evidence/{action_id}" in page
    download = facilitator.get(f"/impact/check-ins/{follow_up_id}/evidence/{action_id}")
    assert download.status_code == 200 and download.data == PDF
    other = make_client()
    other.login(graduates.en)
    assert other.get(f"/impact/check-ins/{follow_up_id}/evidence/{action_id}").status_code == 403
    again = learner.get(f"/impact/check-ins/{follow_up_id}")
    assert "Vous avez répondu à ce point d'étape" in visible_text(again.get_data(as_text=True))
    # Sent twice (another tab): the first answer stands.
    learner.raw.post(f"/impact/check-ins/{follow_up_id}", data={"status-vision": "dropped"})
    with app.app_context():
        assert db.session.scalar(select(func.count(FollowUpAction.id))) == 1


def test_only_the_graduate_answers_their_check_in_and_only_those_who_run_the_cohort_see_it(
        app, graduates, now, make_client, make_user):
    from lms.core.permissions import Role

    now.advance(days=92)
    follow_ups(app)
    with app.app_context():
        follow_up_id = db.session.scalar(select(FollowUp.id).where(FollowUp.user_id == graduates.fr.id))
    other = make_client()
    other.login(graduates.en)
    assert other.get(f"/impact/check-ins/{follow_up_id}").status_code == 403
    stranger = make_client()
    stranger.login(make_user(role=Role.facilitator))
    assert stranger.get(f"/impact/cohorts/{graduates.cohort_id}/follow-ups").status_code == 403
    facilitator = make_client()
    facilitator.login(graduates.facilitator)
    page = visible_text(facilitator.get(f"/impact/cohorts/{graduates.cohort_id}/follow-ups").get_data(as_text=True))
    assert "Camille Martin" in page and "Due" in page


def test_at_12_months_the_graduate_reports_the_institutions_figures_and_takes_the_self_assessment_again(
        app, graduates, now, make_client, make_user):
    from lms.core.permissions import Role

    now.advance(days=366)
    follow_ups(app)
    with app.app_context():
        follow_up = db.session.scalar(select(FollowUp).where(FollowUp.user_id == graduates.en.id))
        assert follow_up.months == 12  # the 3- and 6-month windows have passed: not sent late
        follow_up_id = follow_up.id
    learner = make_client()
    learner.login(graduates.en)
    wrong = learner.submit(f"/impact/check-ins/{follow_up_id}",
                           {"status-vision": "done", "courses_updated": "-3", "staff_trained": "many",
                            "partnerships_signed": "2"})
    assert wrong.status_code == 400
    text = visible_text(wrong.get_data(as_text=True))
    assert "Enter a whole number from 0 to 100,000." in text
    right = learner.submit(f"/impact/check-ins/{follow_up_id}",
                           {"status-vision": "done", "courses_updated": "4", "staff_trained": "35",
                            "partnerships_signed": "2"})
    assert right.headers["Location"].endswith(f"/impact/check-ins/{follow_up_id}/self-assessment")
    third = learner.submit(right.headers["Location"], {"st-energy": "yes"})
    assert third.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(SelfAssessmentResponse.round).where(
            SelfAssessmentResponse.user_id == graduates.en.id)) == 3
        indicators = db.session.scalar(select(InstitutionIndicators))
        assert (indicators.courses_updated, indicators.staff_trained, indicators.partnerships_signed) == (4, 35, 2)
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    page = visible_text(staff.get("/impact/institutions").get_data(as_text=True))
    assert "Africa" in page and "35" in page and "Network" in page
    learning_page = learner.get(f"/learn/cohorts/{graduates.cohort_id}/self-assessment")
    assert learning_page.status_code == 200
    assert "12 months after the certificate" in visible_text(learning_page.get_data(as_text=True))


def test_the_daily_command_works_out_what_awaits_accounts_from_before_the_feature(app, graduates, make_client):
    from lms.users.models import User

    with app.app_context():
        person = db.session.get(User, graduates.fr.id)
        person.impact_waiting = None  # as every account had it when the feature came
        db.session.commit()
    learner = make_client()
    learner.login(graduates.fr)
    assert "Facultatif : le test de connaissances" not in visible_text(learner.get("/learn").get_data(as_text=True))
    follow_ups(app)  # works it out, and offers the evaluation to the newly certified
    dashboard = visible_text(learner.get("/learn").get_data(as_text=True))
    assert "Évaluer le programme de 2026 online edition" in dashboard
    assert "Facultatif : le test de connaissances à la fin de 2026 online edition" in dashboard
