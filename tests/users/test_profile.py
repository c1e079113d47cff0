"""Everyone changes their own name, language, time zone and password."""
from __future__ import annotations

from html.parser import HTMLParser

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


class _Options(HTMLParser):
    """A select's options as a browser reads them: an option without a value submits its text."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.inside, self.options, self._open = name, False, [], None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "select":
            self.inside = attributes.get("name") == self.name
        elif tag == "option" and self.inside:
            self._open = [attributes.get("value"), "", "selected" in attributes]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._open is not None:
            value, text, selected = self._open
            self.options.append((value if value is not None else " ".join(text.split()), selected))
            self._open = None
        elif tag == "select":
            self.inside = False


def test_the_time_zones_listed_are_iana_zones_by_country_and_one_already_chosen_stays(client, make_user):
    user = make_user(timezone="Asia/Calcutta")  # an old IANA name for Asia/Kolkata
    client.login(user)
    parser = _Options("profile-timezone")
    parser.feed(client.get("/profile").get_data(as_text=True))
    values = [value for value, _selected in parser.options]
    listed = {"Asia/Kolkata", "Europe/Paris", "Africa/Addis_Ababa", "America/Argentina/Buenos_Aires", "UTC"}
    assert listed <= set(values)
    assert "Asia/Katmandu" not in values and "US/Pacific" not in values  # aliases are not listed twice
    assert 350 < len(values) < 450
    assert [value for value, selected in parser.options if selected] == ["Asia/Calcutta"]
    # Saved as it was, and any other IANA name is accepted too.
    assert client.submit("/profile", profile_form(user, timezone="Asia/Calcutta")).status_code == 302
    assert client.submit("/profile", profile_form(user, timezone="Asia/Katmandu")).status_code == 302
