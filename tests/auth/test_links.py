"""Invitations and password resets: emails in the recipient's language, links that work once."""
from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from lms.auth.models import AccountToken
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User
from tests.conftest import PASSWORD, body_html, body_text, find_link, subject

NEW_PASSWORD = "a long new password"


def path_of(link: str) -> str:
    assert link.startswith("http://lms.test/")  # BASE_URL, not the request's host
    return urlsplit(link).path


def invite(client, staff, **fields):
    client.login(staff)
    data = {"email": "invitee@example.org", "full_name": "Invitee", "role": "facilitator",
            "language": "fr", "timezone": "Africa/Dakar", "position": "", "gender": "",
            "centre_id": "", "active": "y", **fields}
    response = client.submit("/staff/users/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    client.logout()
    return response


def test_an_invitation_arrives_in_the_invitees_language_and_works_once(client, make_user, mailbox):
    staff = make_user(role=Role.staff, language="en")
    invite(client, staff, email="Awa.Sarr@Example.org", full_name="Awa Sarr", language="fr")

    [message] = mailbox.wait_for(1)
    assert message["To"] == "awa.sarr@example.org"
    assert subject(message) == "Votre invitation au Programme de leadership en EFTP de l'UNESCO-UNEVOC"
    assert message["Content-Language"] == "fr"
    assert "Awa Sarr" in body_text(message) and "Facilitateur" in body_text(message)
    assert 'lang="fr"' in body_html(message)
    link = path_of(find_link(message, "/invitation/"))

    page = client.get(link)
    assert page.status_code == 200
    assert "Awa Sarr" in page.get_data(as_text=True)
    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").headers["Location"] == "/facilitate"  # signed in, as facilitator

    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True) or "déjà été utilisé" in again.get_data(as_text=True)
    assert client.login("awa.sarr@example.org", NEW_PASSWORD).status_code == 302


def test_an_invitation_in_chinese(client, make_client, make_user, mailbox):
    staff = make_user(role=Role.staff)
    invite(client, staff, email="zhang.min@example.org", full_name="张敏", language="zh", role="learner")
    [message] = mailbox.wait_for(1)
    assert "邀请" in subject(message)
    assert "张敏" in body_text(message)
    assert "学员" in body_text(message)
    # The invitee's browser asks for English, but the page the link opens speaks the invitation's language.
    page = make_client().get(path_of(find_link(message, "/invitation/")), headers={"Accept-Language": "en"})
    assert '<html lang="zh"' in page.get_data(as_text=True) and "张敏" in page.get_data(as_text=True)


def test_the_two_passwords_must_match_and_the_link_stays_usable(client, make_user, mailbox):
    staff = make_user(role=Role.staff)
    invite(client, staff, language="en")
    link = path_of(find_link(mailbox.wait_for(1)[0], "/invitation/"))
    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": "something else"})
    assert response.status_code == 400
    assert "The two passwords differ." in response.get_data(as_text=True)
    response = client.submit(link, {"password": "short", "confirm": "short"})
    assert "Use at least 10 characters." in response.get_data(as_text=True)
    assert client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_an_expired_invitation_says_so(client, make_user, mailbox, now):
    staff = make_user(role=Role.staff)
    invite(client, staff, language="en")
    link = path_of(find_link(mailbox.wait_for(1)[0], "/invitation/"))
    now.advance(days=7, minutes=1)
    response = client.get(link)
    assert response.status_code == 410
    assert "This link has expired." in response.get_data(as_text=True)
    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, page="/login")
    assert response.status_code == 410


def test_a_new_invitation_replaces_the_old_link(client, make_user, mailbox, app):
    staff = make_user(role=Role.staff)
    invite(client, staff, language="en")
    old = path_of(find_link(mailbox.wait_for(1)[0], "/invitation/"))
    with app.app_context():
        invitee = db.session.scalar(select(User).where(User.email == "invitee@example.org"))
    client.login(staff)
    response = client.submit(f"/staff/users/{invitee.id}/invite", {}, page=f"/staff/users/{invitee.id}")
    assert response.status_code == 302
    new = path_of(find_link(mailbox.wait_for(2)[1], "/invitation/"))
    client.logout()
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


def test_an_unknown_link_is_a_clear_404(client):
    response = client.get("/invitation/not-a-real-token")
    assert response.status_code == 404
    assert "This link is not valid" in response.get_data(as_text=True)


def test_links_are_stored_only_as_hashes(client, make_user, mailbox, app):
    staff = make_user(role=Role.staff)
    invite(client, staff)
    secret = path_of(find_link(mailbox.wait_for(1)[0], "/invitation/")).rsplit("/", 1)[1]
    with app.app_context():
        stored = db.session.scalars(select(AccountToken.token_hash)).all()
    assert len(stored) == 1 and secret not in stored[0]


# Password reset -------------------------------------------------------------------------

def test_a_password_reset_arrives_in_the_users_language_and_works_once(client, make_user, mailbox):
    user = make_user(language="zh", full_name="王芳", email="wang.fang@example.org")
    response = client.submit("/reset-password?lang=en", {"email": "WANG.FANG@example.org"})
    assert response.status_code == 302
    [message] = mailbox.wait_for(1)
    assert message["To"] == "wang.fang@example.org"
    assert message["Content-Language"] == "zh"
    assert "密码" in subject(message)
    assert "王芳" in body_text(message)
    link = path_of(find_link(message, "/reset-password/"))

    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    client.logout()
    assert client.login(user, PASSWORD).status_code == 401
    assert client.login(user, NEW_PASSWORD).status_code == 302
    client.logout()
    assert client.get(link).status_code == 410


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, mailbox):
    response = client.submit("/reset-password", {"email": "nobody@example.org"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "If an account uses nobody@example.org" in page
    assert mailbox.wait_for(1, timeout=0.5) == []


def test_a_reset_form_with_a_bad_address_keeps_what_was_typed(client):
    response = client.submit("/reset-password", {"email": "not-an-address"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter a valid email address" in html
    assert 'value="not-an-address"' in html


def test_reset_requests_are_throttled_per_account_and_per_address(make_client, make_user, mailbox, now):
    user = make_user()
    client = make_client()
    for _ in range(5):
        response = client.submit("/reset-password", {"email": user.email})
        assert response.status_code == 302  # the same answer whatever happens
    mailbox.wait_for(3)
    assert len(mailbox.to(user.email)) == 3  # RESET_REQUESTS_PER_ACCOUNT in an hour
    others = [make_user() for _ in range(8)]
    for person in others:  # one address asking for many accounts
        client.submit("/reset-password", {"email": person.email})
    mailbox.wait_for(3 + 5)
    assert sum(len(mailbox.to(p.email)) for p in others) == 5  # 10 requests from the address in an hour
    now.advance(hours=1, minutes=1)
    client.submit("/reset-password", {"email": user.email})
    mailbox.wait_for(9)
    assert len(mailbox.to(user.email)) == 4


def test_a_reset_link_stops_working_when_the_account_moves_to_another_address(make_client, make_user, mailbox):
    user = make_user(email="old.address@example.org")
    make_client().submit("/reset-password", {"email": user.email})
    link = path_of(find_link(mailbox.wait_to(user.email), "/reset-password/"))
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    page = f"/staff/users/{user.id}"
    response = staff.submit(page, {"email": "new.address@example.org", "full_name": user.full_name,
                                   "role": "learner", "language": "en", "timezone": "UTC", "position": "",
                                   "gender": "", "centre_id": "", "active": "y"})
    assert response.status_code == 302
    client = make_client()
    assert client.get(link).status_code == 404  # whoever reads the old mailbox cannot take the account
    assert client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, page="/login").status_code == 404
