"""Writing sent after its session ended, or with an expired form, is put back when the writer returns."""
from __future__ import annotations

import html as html_lib

from lms.core import kept_writing
from tests.conftest import csrf_fields
from tests.learning.test_work import LONG_TEXT, submission_of, url

# 1,760 characters, as in the report: half an hour of writing.
ESSAY = ("Our college will put a greening lead in every department and report to the board each term. " * 19)[:1760]


def test_a_reflection_sent_after_signing_out_in_another_tab_is_put_back_after_signing_in(client, classroom, app):
    client.login(classroom.learner)
    page = url(classroom, "reflections", "first-reflection")
    token = csrf_fields(client.get(page).get_data(as_text=True))
    client.logout()  # in another tab: the same browser, the session ends

    sent = client.raw.post(page, data={**token, "text": ESSAY, "action": "save"})
    assert sent.status_code == 302 and "/login" in sent.headers["Location"]  # asked to sign in again

    client.login(classroom.learner)
    back = client.get(page).get_data(as_text=True)
    assert ESSAY in html_lib.unescape(back)
    assert "What you wrote before your session ended has been put back below." in back
    assert submission_of(app, classroom.learner) is None  # nothing saved until the learner sends it
    # Put back once: the next visit shows the saved work (none), not the kept copy again.
    assert ESSAY not in html_lib.unescape(client.get(page).get_data(as_text=True))


def test_an_expired_form_keeps_the_action_plan_in_french(client, classroom, make_user, app):
    client.login(classroom.learner)
    page = url(classroom, "action-plans", "action-plan")
    client.get(page)
    sent = client.raw.post(page, data={"csrf_token": "expired", "s-vision": LONG_TEXT, "action": "submit"},
                           headers={"Accept-Language": "fr"})
    assert sent.status_code == 303
    back = client.get(page + "?lang=fr").get_data(as_text=True)
    assert LONG_TEXT in html_lib.unescape(back), back
    assert "a été remis ci-dessous" in back
    assert submission_of(app, classroom.learner) is None


def test_only_writing_is_kept_and_a_password_never(client, classroom, app):
    kept_writing_pages = set(kept_writing.PAGES)
    assert "auth.login" not in kept_writing_pages
    sent = client.raw.post("/login", data={"csrf_token": "expired", "email": classroom.learner.email,
                                           "password": "a password typed"})
    assert sent.status_code == 400 and kept_writing.COOKIE not in (sent.headers.get("Set-Cookie") or "")
    with app.app_context():
        from sqlalchemy import func, select

        from lms.extensions import db
        assert db.session.scalar(select(func.count(kept_writing.KeptForm.id))) == 0
