"""Repeated failed sign-ins are held back, per account and per address, across processes."""
from __future__ import annotations

import pytest

from lms import create_app
from tests.conftest import PASSWORD, Client, body_text, subject, test_config


def fail(client, email, times, address="10.0.0.1"):
    for _ in range(times):
        response = client.login(email, "wrong password", environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 401


def test_five_wrong_passwords_from_one_address_make_that_address_wait_longer_and_longer(client, make_user, now):
    user = make_user()
    fail(client, user.email, 5)
    response = client.login(user, PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Too many failed sign-in attempts" in html and "try again in 1 minute." in html
    assert client.get("/learn").status_code == 302  # not signed in
    now.advance(minutes=1, seconds=1)
    fail(client, user.email, 1)  # the sixth failure: two minutes now
    assert "try again in 2 minutes" in client.login(user, PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.1"}) \
        .get_data(as_text=True)
    now.advance(minutes=2, seconds=1)
    fail(client, user.email, 1)
    assert "try again in 4 minutes" in client.login(user, PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.1"}) \
        .get_data(as_text=True)
    now.advance(minutes=4, seconds=1)
    assert client.login(user, PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 302
    assert client.get("/learn").status_code == 200


def test_the_owner_signs_in_from_elsewhere_however_long_someone_guesses(make_client, make_user, now, mailbox):
    owner = make_user(language="fr")
    attacker = make_client()
    answers = set()
    for _ in range(120):  # two hours of guessing, a try every minute: most of them held back
        answers.add(attacker.login(owner.email, "a guess", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code)
        now.advance(minutes=1)
    assert answers == {401, 429}
    assert make_client().login(owner, PASSWORD, environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 302


def test_the_owner_is_told_in_their_language_when_someone_guesses(make_client, make_user, mailbox, now):
    owner = make_user(language="fr")
    attacker = make_client()
    fail(attacker, owner.email, 4, address="203.0.113.9")
    assert mailbox.messages == []
    fail(attacker, owner.email, 1, address="203.0.113.9")
    message = mailbox.wait_to(owner.email)
    assert "203.0.113.9" in body_text(message) and "/reset-password" in body_text(message)
    assert message["Content-Language"] == "fr" and "Tentatives" in subject(message)
    for _ in range(3):  # told once, not at every further failure
        now.advance(minutes=20)
        fail(attacker, owner.email, 1, address="203.0.113.9")
    assert len(mailbox.to(owner.email)) == 1


def test_four_wrong_passwords_still_let_the_right_one_in(client, make_user, now):
    user = make_user()
    fail(client, user.email, 4)
    assert client.login(user, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_count(make_client, make_user, now):
    user = make_user()
    first = make_client()
    fail(first, user.email, 4)
    assert first.login(user, PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 302
    second = make_client()
    fail(second, user.email, 4)
    assert second.login(user, PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 302


def test_an_unknown_address_costs_the_same_hash_as_a_wrong_password(client, make_user, monkeypatch):
    """The time a sign-in takes must not tell whether an account exists."""
    from lms.auth import services
    checked = []
    original = services.password_matches
    monkeypatch.setattr(services, "password_matches", lambda h, p: checked.append(h) or original(h, p))
    user = make_user()
    client.login("nobody@example.org", "a guess at a password")
    client.login(user.email, "a guess at a password")  # through User.check_password
    assert len(checked) == 1 and checked[0].startswith("pbkdf2:sha256:1$")  # the decoy, by the same method


@pytest.mark.parametrize("language, message", [
    ("fr", "Trop de tentatives de connexion infructueuses"),
    ("zh", "登录失败次数过多"),
])
def test_the_throttle_message_is_translated(client, make_user, now, language, message):
    user = make_user()
    fail(client, user.email, 5)
    client.get(f"/login?lang={language}")
    response = client.login(user, PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert response.status_code == 429
    assert message in response.get_data(as_text=True)


def test_many_failures_from_one_address_hold_back_that_address_only(make_client, make_user, now):
    victims = [make_user() for _ in range(4)]
    attacker = make_client()
    victims += [make_user() for _ in range(3)]
    for victim in victims:
        fail(attacker, victim.email, 4, address="203.0.113.9")
    fail(attacker, "nobody@example.org", 2, address="203.0.113.9")  # 30 failures in all
    blocked = attacker.login(victims[0], PASSWORD, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert blocked.status_code == 429
    elsewhere = make_client().login(victims[0], PASSWORD, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert elsewhere.status_code == 302


def test_the_count_is_shared_by_every_app_process(database_url, smtp_server, tmp_path, make_user,
                                                  client, now):
    """Failures counted by one process hold back sign-ins on another (same database)."""
    user = make_user()
    fail(client, user.email, 5)
    other_process = create_app(test_config(database_url, tmp_path, smtp_server[1]))
    response = Client(other_process.test_client()).login(user, PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert response.status_code == 429
    other_process.extensions["lms-db"].engine.dispose()
