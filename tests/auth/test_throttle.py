"""Repeated failed sign-ins are held back, per account and per address, across processes."""
from __future__ import annotations

import pytest

from lms import create_app
from tests.conftest import PASSWORD, Client, test_config


def fail(client, email, times, address="10.0.0.1"):
    for _ in range(times):
        response = client.login(email, "wrong password", environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 401


def test_eight_wrong_passwords_hold_back_even_the_right_one_until_the_window_passes(
        client, make_user, now):
    user = make_user()
    fail(client, user.email, 8)
    now.advance(minutes=1)
    response = client.login(user, PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Too many failed sign-in attempts" in html
    assert "try again in 14 minutes" in html
    assert client.get("/learn").status_code == 302  # not signed in

    now.advance(minutes=13, seconds=59)
    assert client.login(user, PASSWORD).status_code == 429
    now.advance(seconds=2)
    response = client.login(user, PASSWORD)
    assert response.status_code == 302
    assert client.get("/learn").status_code == 200


def test_seven_wrong_passwords_still_let_the_right_one_in(client, make_user, now):
    user = make_user()
    fail(client, user.email, 7)
    assert client.login(user, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_count(make_client, make_user, now):
    user = make_user()
    first = make_client()
    fail(first, user.email, 7)
    assert first.login(user, PASSWORD).status_code == 302
    second = make_client()
    fail(second, user.email, 7)
    assert second.login(user, PASSWORD).status_code == 302


@pytest.mark.parametrize("language, message", [
    ("fr", "Trop de tentatives de connexion infructueuses"),
    ("zh", "登录失败次数过多"),
])
def test_the_throttle_message_is_translated(client, make_user, now, language, message):
    user = make_user()
    fail(client, user.email, 8)
    response = client.login(user, PASSWORD, query_string={"lang": language})
    client.get(f"/login?lang={language}")
    response = client.login(user, PASSWORD)
    assert response.status_code == 429
    assert message in response.get_data(as_text=True)


def test_many_failures_from_one_address_hold_back_that_address_only(make_client, make_user, now):
    victims = [make_user() for _ in range(4)]
    attacker = make_client()
    for victim in victims:
        fail(attacker, victim.email, 7, address="203.0.113.9")
    fail(attacker, "nobody@example.org", 2, address="203.0.113.9")  # 30 failures in all
    blocked = attacker.login(victims[0], PASSWORD, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert blocked.status_code == 429
    elsewhere = make_client().login(victims[0], PASSWORD, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert elsewhere.status_code == 302


def test_the_count_is_shared_by_every_app_process(database_url, smtp_server, tmp_path, make_user,
                                                  client, now):
    """Failures counted by one process hold back sign-ins on another (same database)."""
    user = make_user()
    fail(client, user.email, 8)
    other_process = create_app(test_config(database_url, tmp_path, smtp_server[1]))
    response = Client(other_process.test_client()).login(user, PASSWORD)
    assert response.status_code == 429
    other_process.extensions["lms-db"].engine.dispose()
