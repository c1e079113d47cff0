"""Two app instances on one database, each its own process on its own port, as behind a load balancer.

Each runs under gunicorn with its own instance folder (nothing shared on disk but the
database) and the same secret key. A person signed in on one is signed in on the other,
a form from one is accepted by the other, sign-in throttling counts failures from both,
and a password changed on one ends the other's sessions. Run on SQLite by `make test`
and on PostgreSQL by CI.
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from lms.core.permissions import Role
from tests import gunicorn
from tests.conftest import PASSWORD

SECRET = "scale-out-secret-key-shared-by-every-instance"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: its cookies go to whichever instance it talks to."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def open(self, base: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(base + path, data=body, timeout=30) as response:
                return response.status, response.read().decode(), response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers.get("Location", "")

    def token(self, base: str, path: str) -> str:
        _, html, _ = self.open(base, path)
        return re.search(r'name="[a-z-]*csrf_token"[^>]*value="([^"]+)"', html).group(1)

    def sign_in(self, base: str, email: str, password: str = PASSWORD) -> tuple[int, str, str]:
        return self.open(base, "/login", {"csrf_token": self.token(base, "/login"), "email": email,
                                          "password": password})


@pytest.fixture()
def instances(database_url, smtp_server, tmp_path):
    """Two gunicorn processes on the test database, each with its own instance folder and port."""
    servers = []
    try:
        for name in ("a", "b"):
            folder = tmp_path / name
            folder.mkdir()
            servers.append(gunicorn.start({
                **os.environ, "LMS_DATABASE_URL": database_url, "LMS_SECRET_KEY": SECRET,
                "LMS_INSTANCE_PATH": str(folder), "LMS_BASE_URL": "http://lms.test",
                "LMS_MAIL_SERVER": "127.0.0.1", "LMS_MAIL_PORT": str(smtp_server[1]),
                "LMS_PASSWORD_MIN_LENGTH": "10"}, workers=1))
        yield [base for _, base in servers]
    finally:
        for server, _ in servers:
            gunicorn.stop(server)


def test_a_person_signed_in_on_one_instance_is_signed_in_on_the_other(instances, make_user):
    a, b = instances
    person = make_user(role=Role.learner, full_name="Zanele Dlamini")
    browser = Browser()
    status, _, location = browser.sign_in(a, person.email)
    assert status == 302 and "/login" not in location
    status, html, _ = browser.open(b, "/profile")
    assert status == 200 and "Zanele Dlamini" in html
    # A form served by one instance is accepted by the other (the same key signs the tokens).
    status, _, location = browser.open(b, "/logout", {"csrf_token": browser.token(a, "/profile")})
    assert status == 302 and location.endswith("/login")
    assert browser.open(a, "/profile")[0] == 302  # signed out for both


def test_sign_in_throttling_counts_failures_made_on_both_instances(instances, make_user):
    a, b = instances
    person = make_user(role=Role.learner)
    for attempt in range(5):  # LOGIN_FREE_FAILURES from one address, spread over both instances
        status, html, _ = Browser().sign_in((a, b)[attempt % 2], person.email, "wrong password")
        assert status == 401 and "Too many" not in html
    status, html, _ = Browser().sign_in(a, person.email)  # the right password, now held back
    assert status == 429 and "Too many" in html
    status, html, _ = Browser().sign_in(b, person.email)
    assert status == 429 and "Too many" in html


def test_a_password_changed_on_one_instance_ends_the_sessions_on_the_other(instances, make_user):
    a, b = instances
    person = make_user(role=Role.learner)
    laptop, phone = Browser(), Browser()
    assert laptop.sign_in(a, person.email)[0] == 302
    assert phone.sign_in(b, person.email)[0] == 302
    new = "a new and longer passphrase"
    status, _, _ = phone.open(b, "/profile", {"password-csrf_token": phone.token(b, "/profile"),
                                              "password-current_password": PASSWORD, "password-password": new,
                                              "password-confirm": new, "password-submit": "1"})
    assert status == 302
    assert phone.open(b, "/profile")[0] == 200  # the device that changed it stays signed in
    assert laptop.open(a, "/profile")[0] == 302  # the laptop's session ended on the other instance
    assert Browser().sign_in(a, person.email, new)[0] == 302
