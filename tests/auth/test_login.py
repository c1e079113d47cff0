"""Signing in and out: each role lands on its own page; cookies and forms are safe."""
from __future__ import annotations

import pytest

from lms import create_app
from lms.core.permissions import Role
from lms.demo import load_demo
from lms.extensions import db
from tests.conftest import test_config

DEMO_PASSWORD = "demo password 2026"


@pytest.fixture()
def demo(app):
    with app.app_context():
        load_demo(db.session, DEMO_PASSWORD)
        db.session.commit()


@pytest.mark.parametrize("email, landing, heading", [
    ("learner@example.org", "/learn", "欢迎"),  # the demo learner reads Chinese
    ("facilitator@example.org", "/facilitate", "My cohorts"),
    ("staff@example.org", "/staff", "The UNEVOC Network on the platform"),
])
def test_each_demo_account_lands_on_the_page_made_for_its_role(client, demo, email, landing, heading):
    response = client.login(email, DEMO_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    response = client.get("/")
    assert response.headers["Location"] == landing
    page = client.get(landing)
    assert page.status_code == 200
    assert heading in page.get_data(as_text=True)


@pytest.mark.parametrize("language, says", [("en", "You do not have access to this page"),
                                            ("fr", "Vous n’avez pas accès à cette page"),
                                            ("zh", "您无权访问此页面")])
def test_a_learner_asking_for_a_staff_page_gets_403_in_their_language(client, make_user, language, says):
    learner = make_user(role=Role.learner, language=language)
    client.login(learner)
    for url in ("/staff", "/staff/users", "/staff/centres/", "/staff/users/new"):
        response = client.get(url)
        assert response.status_code == 403
        assert says.replace("’", "'") in response.get_data(as_text=True).replace("’", "'").replace("&#39;", "'")


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(client, make_user):
    response = client.get("/staff/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    staff = make_user(role=Role.staff)
    response = client.submit(response.headers["Location"],
                             {"email": staff.email, "password": "correct horse battery staple"})
    assert response.headers["Location"] == "/staff/users"


def test_sign_in_never_redirects_to_another_site(client, make_user):
    user = make_user()
    response = client.submit("/login?next=//evil.example/", {"email": user.email,
                                                            "password": "correct horse battery staple"})
    assert response.headers["Location"] == "/"


def test_the_email_is_matched_regardless_of_case(client, make_user):
    make_user(email="mixed.case@example.org")
    response = client.login("Mixed.Case@EXAMPLE.org")
    assert response.status_code == 302


def test_a_wrong_password_says_so_and_keeps_the_email(client, make_user):
    user = make_user()
    response = client.login(user, "not the password")
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "The email address or the password is not correct." in html
    assert f'value="{user.email}"' in html
    assert "not the password" not in html


def test_an_invited_person_without_a_password_cannot_sign_in(client, make_user):
    user = make_user(password=None)
    assert client.login(user, "").status_code == 400
    assert client.login(user, "anything at all").status_code == 401


def test_a_deactivated_account_cannot_sign_in(client, make_user):
    user = make_user(active=False)
    response = client.login(user)
    assert response.status_code == 403
    assert "deactivated" in response.get_data(as_text=True)


def test_sign_out_ends_the_session(client, make_user):
    client.login(make_user())
    assert client.get("/learn").status_code == 200
    response = client.logout()
    assert response.headers["Location"] == "/login"
    assert client.get("/learn").status_code == 302


def test_sign_out_needs_a_post_with_the_form_token(client, make_user):
    client.login(make_user())
    assert client.get("/logout").status_code == 405
    response = client.raw.post("/logout")
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert client.get("/learn").status_code == 200


def test_the_form_fields_carry_the_names_and_autocomplete_browsers_expect(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in html and 'autocomplete="username"' in html
    assert 'name="password"' in html and 'autocomplete="current-password"' in html
    assert '<label for="email">' in html and '<label for="password">' in html


def test_a_form_without_its_token_is_refused_with_a_translated_message(client, make_user):
    user = make_user()
    client.get("/login?lang=fr")
    response = client.raw.post("/login", data={"email": user.email, "password": "x" * 12})
    assert response.status_code == 400
    assert "Ce formulaire a expiré" in response.get_data(as_text=True)


def test_session_cookies_are_httponly_and_samesite_lax(client, make_user):
    response = client.login(make_user())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookies_are_secure_when_the_site_is_served_over_https(database_url, smtp_server,
                                                                       tmp_path, make_user):
    config = test_config(database_url, tmp_path, smtp_server[1])
    secure_app = create_app({**config, "BASE_URL": "https://lms.example.org"})
    client = secure_app.test_client()
    user = make_user()
    page = client.get("/login", base_url="https://lms.example.org")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", base_url="https://lms.example.org",
                           headers={"Referer": "https://lms.example.org/login"},
                           data={"csrf_token": token, "email": user.email,
                                 "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    secure_app.extensions["lms-db"].engine.dispose()


def test_changing_the_password_signs_out_other_sessions(make_client, make_user):
    user = make_user()
    laptop, phone = make_client(), make_client()
    laptop.login(user)
    phone.login(user)
    response = laptop.submit("/profile", {"password-current_password": "correct horse battery staple",
                                          "password-password": "a brand new password",
                                          "password-confirm": "a brand new password",
                                          "password-submit": "1"})
    assert response.status_code == 302
    assert laptop.get("/learn").status_code == 200
    assert phone.get("/learn").status_code == 302
