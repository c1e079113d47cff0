"""Everyone changes their own name, language, time zone and password."""
from __future__ import annotations

from lms.extensions import db
from lms.users.models import User
from tests.conftest import PASSWORD


def profile_form(user, **fields):
    data = {"profile-full_name": user.full_name, "profile-position": "", "profile-language": "en",
            "profile-timezone": "UTC", "profile-gender": "", "profile-submit": "1"}
    data.update({f"profile-{k}": v for k, v in fields.items()})
    return data


def test_a_person_changes_name_language_and_time_zone(client, make_user, app):
    user = make_user(full_name="Old Name")
    client.login(user)
    response = client.submit("/profile", profile_form(user, full_name="Nguyễn Thị Lan", language="fr",
                                                      timezone="Asia/Ho_Chi_Minh", gender="undisclosed"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<html lang="fr">' in page and "Nguyễn Thị Lan" in page
    with app.app_context():
        saved = db.session.get(User, user.id)
        assert (saved.full_name, saved.language, saved.timezone, saved.gender.value) == \
            ("Nguyễn Thị Lan", "fr", "Asia/Ho_Chi_Minh", "undisclosed")


def test_an_empty_name_is_refused_and_the_rest_is_kept(client, make_user):
    user = make_user()
    client.login(user)
    response = client.submit("/profile", profile_form(user, full_name="", position="Rector"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "This field is required." in html and 'value="Rector"' in html


def test_the_wrong_current_password_changes_nothing(client, make_user):
    user = make_user()
    client.login(user)
    response = client.submit("/profile", {"password-current_password": "wrong one",
                                          "password-password": "another password",
                                          "password-confirm": "another password",
                                          "password-submit": "1"})
    assert response.status_code == 400
    assert "This is not your current password." in response.get_data(as_text=True)
    client.logout()
    assert client.login(user, PASSWORD).status_code == 302
