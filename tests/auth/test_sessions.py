"""Sign-ins end on the server: a copied cookie is worth nothing once its sign-in has ended."""
from __future__ import annotations

import datetime as dt

import pytest

from lms.core.permissions import Role
from tests.conftest import PASSWORD, Client

PRIVATE = ("/learn", "/profile", "/profile/data.json")


def copy_of(client: Client, make_client) -> Client:
    """Another browser holding the same cookies, as someone who copied them would."""
    thief = make_client()
    for cookie in client.raw._cookies.values():
        thief.raw.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return thief


def signed_in(response) -> bool:
    return response.status_code == 200


def test_a_cookie_copied_before_signing_out_is_refused_after_it(client, make_client, make_user):
    client.login(make_user())
    thief = copy_of(client, make_client)
    assert all(signed_in(thief.get(path)) for path in PRIVATE)
    client.logout()
    for path in PRIVATE:
        response = thief.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path


def test_a_remember_me_cookie_dies_with_its_sign_in_and_lasts_fourteen_days(client, make_client, make_user, now):
    user = make_user()
    response = client.submit("/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    remember = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    expires = dt.datetime.strptime(remember.split("Expires=")[1].split(";")[0], "%a, %d %b %Y %H:%M:%S GMT")
    lifetime = expires.replace(tzinfo=dt.UTC) - dt.datetime.now(dt.UTC)  # the browser's clock, not the app's
    assert dt.timedelta(days=13, hours=23) < lifetime <= dt.timedelta(days=14)
    only_remembered = make_client()  # the session cookie gone (the browser closed), remember-me kept
    token = client.raw.get_cookie("remember_token")
    only_remembered.raw.set_cookie("remember_token", token.value)
    assert signed_in(only_remembered.get("/learn"))
    other = make_client()
    other.login(user)
    other.submit("/profile/sign-out-everywhere", {}, page="/profile")
    fresh = make_client()
    fresh.raw.set_cookie("remember_token", token.value)
    assert not signed_in(fresh.get("/learn"))
    assert not signed_in(client.get("/learn"))
    assert signed_in(other.get("/learn"))  # the browser that asked stays signed in


def test_a_password_change_and_anonymisation_end_every_other_sign_in(make_client, make_user):
    user = make_user()
    phone, laptop = make_client(), make_client()
    phone.login(user)
    laptop.login(user)
    new = "a completely new password"
    response = laptop.submit("/profile", {"password-current_password": PASSWORD, "password-password": new,
                                          "password-confirm": new, "password-submit": "1"})
    assert response.status_code == 302
    assert not signed_in(phone.get("/learn")) and signed_in(laptop.get("/learn"))
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    staff.submit(f"/staff/users/{user.id}/anonymise", {"confirm": "yes"}, page=f"/staff/users/{user.id}")
    assert not signed_in(laptop.get("/learn"))


@pytest.mark.parametrize("role, remember, idle, still_in", [
    (Role.staff, False, dt.timedelta(hours=1, minutes=59), True),
    (Role.staff, False, dt.timedelta(hours=2, minutes=1), False),
    (Role.facilitator, True, dt.timedelta(hours=2, minutes=1), False),  # remember me does not stretch staff's
    (Role.learner, False, dt.timedelta(hours=23), True),
    (Role.learner, False, dt.timedelta(hours=25), False),
    (Role.learner, True, dt.timedelta(days=13), True),
    (Role.learner, True, dt.timedelta(days=15), False),
])
def test_a_sign_in_left_unused_ends_after_its_idle_limit(client, make_user, now, role, remember, idle, still_in):
    user = make_user(role=role)
    client.submit("/login", {"email": user.email, "password": PASSWORD, **({"remember": "y"} if remember else {})})
    assert signed_in(client.get("/profile"))
    now.advance(seconds=idle.total_seconds())
    assert signed_in(client.get("/profile")) is still_in


def test_using_a_sign_in_keeps_it_alive(client, make_user, now):
    client.login(make_user(role=Role.staff))
    for _ in range(5):  # five times 90 minutes: longer than the limit in all, never idle that long
        now.advance(minutes=90)
        assert signed_in(client.get("/profile"))
