"""Writing with JavaScript on: the length is counted as the learner types (Chinese in characters),
and the draft saves itself when they leave the field, with a message read out politely.
Without JavaScript the same page works by its buttons (tests/learning/test_work.py)."""
from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.learning.models import Submission
from tests.conftest import PASSWORD


def sign_in(page, base, email, language="en"):
    page.goto(f"{base}/login?lang={language}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def test_the_count_follows_the_typing_and_the_draft_saves_itself(app, classroom, live_server, browser):
    page = browser.new_page()
    sign_in(page, live_server, classroom.learner.email)
    path = f"{live_server}/learn/cohorts/{classroom.cohort_id}/reflections/first-reflection"
    page.goto(path)
    hint = page.locator("[data-length-for=text]")
    assert hint.inner_text() == ""
    page.fill("#text", "Our institute will measure its energy use")
    assert hint.inner_text() == "Your text: 7 of 50 words."
    assert "short" in hint.get_attribute("class")
    page.press("#text", "Tab")  # leaving the field saves the draft
    status = page.locator(".autosave")
    status.filter(has_text="Draft saved automatically").wait_for(timeout=10_000)
    with app.app_context():
        saved = db.session.scalar(select(Submission).where(Submission.user_id == classroom.learner.id))
        assert saved.content == {"text": "Our institute will measure its energy use"}
    page.goto(path)  # no message left behind for the next page
    assert page.locator("#text").input_value() == "Our institute will measure its energy use"
    assert page.locator(".flash").count() == 0

    page.goto(path + "?lang=zh")
    page.fill("#text", "我们学院每月测量能源使用")
    assert page.locator("[data-length-for=text]").inner_text() == "您的文字：12 / 97 字。"


def test_a_draft_saved_after_a_sign_out_elsewhere_is_kept_until_they_return(app, classroom, live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, classroom.learner.email)
    path = f"{live_server}/learn/cohorts/{classroom.cohort_id}/reflections/first-reflection"
    page.goto(path)
    other = context.new_page()  # another tab signs out
    other.goto(f"{live_server}/profile")
    other.click("form[action$='/logout'] button")
    page.fill("#text", "Written after the other tab signed out, and not to be lost.")
    page.press("#text", "Tab")
    page.locator(".autosave").filter(has_text="Your session has ended").wait_for(timeout=10_000)
    sign_in(page, live_server, classroom.learner.email)
    page.goto(path)
    assert page.locator("#text").input_value() == "Written after the other tab signed out, and not to be lost."
