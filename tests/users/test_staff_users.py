"""Staff list, invite and edit people."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import Gender, User


def form(**fields):
    data = {"email": "new.person@example.org", "full_name": "New Person", "role": "learner",
            "language": "en", "timezone": "UTC", "position": "", "gender": "", "centre_id": "",
            "active": "y"}
    data.update(fields)
    return data


def test_staff_invite_a_person_with_every_detail(client, make_user, make_centre, mailbox, app):
    centre = make_centre(name="Federal TVET Institute", country="ET")
    client.login(make_user(role=Role.staff))
    response = client.submit("/staff/users/new", form(
        email="Selam.Tesfaye@example.org", full_name="ሰላም ተስፋዬ", role="learner",
        centre_id=str(centre.id), position="Dean", language="en", timezone="Africa/Addis_Ababa",
        gender="female"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ሰላም ተስፋዬ has been added and invited by email." in page
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "selam.tesfaye@example.org"))
        assert (person.full_name, person.role, person.centre_id, person.gender, person.timezone) == \
            ("ሰላም ተስፋዬ", Role.learner, centre.id, Gender.female, "Africa/Addis_Ababa")
        assert not person.has_password
    assert mailbox.wait_for(1)[0]["To"] == "selam.tesfaye@example.org"


def test_an_email_in_use_is_refused_regardless_of_case_and_nothing_typed_is_lost(client, make_user, app):
    make_user(email="taken@example.org")
    client.login(make_user(role=Role.staff))
    response = client.submit("/staff/users/new", form(email="TAKEN@example.org", full_name="Zhang Wei 张伟",
                                                      position="Principal"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Another account already uses this email address." in html
    assert 'value="TAKEN@example.org"' in html
    assert 'value="Zhang Wei 张伟"' in html and 'value="Principal"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 2


def test_bad_input_gets_a_clear_message_per_field(client, make_user):
    client.login(make_user(role=Role.staff))
    response = client.submit("/staff/users/new?lang=fr", form(email="not an email", full_name="",
                                                              timezone="Mars/Olympus"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in html
    assert 'aria-invalid="true"' in html
    assert 'value="not an email"' in html


def test_staff_change_a_persons_role_and_centre(client, make_user, make_centre, app):
    person = make_user(role=Role.learner, full_name="Kofi Boateng")
    centre = make_centre()
    client.login(make_user(role=Role.staff))
    response = client.submit(f"/staff/users/{person.id}", form(
        email=person.email, full_name="Kofi Boateng", role="facilitator", centre_id=str(centre.id)))
    assert response.status_code == 302
    with app.app_context():
        changed = db.session.get(User, person.id)
        assert changed.role is Role.facilitator and changed.centre_id == centre.id


def test_staff_cannot_take_away_their_own_staff_access(client, make_user, app):
    staff = make_user(role=Role.staff)
    client.login(staff)
    response = client.submit(f"/staff/users/{staff.id}", form(email=staff.email, full_name=staff.full_name,
                                                              role="learner"))
    assert response.status_code == 400
    assert "You cannot take away your own staff access." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, staff.id).role is Role.staff


def test_a_deactivated_person_is_signed_out_and_cannot_return(make_client, make_user):
    person = make_user()
    theirs, staff_client = make_client(), make_client()
    theirs.login(person)
    staff_client.login(make_user(role=Role.staff))
    staff_client.submit(f"/staff/users/{person.id}", form(email=person.email, full_name=person.full_name,
                                                          active=""))
    assert theirs.get("/learn").status_code == 302
    assert theirs.login(person).status_code == 403


def test_the_list_searches_and_filters(client, make_user):
    make_user(full_name="Aïssatou Diallo", email="aissatou@example.org")
    make_user(full_name="李伟", email="li.wei@example.org")
    make_user(role=Role.facilitator, full_name="Kwame Mensah")
    client.login(make_user(role=Role.staff, full_name="Staff Person"))
    html = client.get("/staff/users?q=li.wei").get_data(as_text=True)
    assert "李伟" in html and "Aïssatou" not in html
    html = client.get("/staff/users?role=facilitator").get_data(as_text=True)
    assert "Kwame Mensah" in html and "李伟" not in html
    html = client.get("/staff/users?q=aïssatou").get_data(as_text=True)
    assert "Aïssatou Diallo" in html


def test_a_search_takes_percent_and_underscore_as_typed(client, make_user):
    make_user(full_name="Ana Lopes", email="ana_lopes@example.org")
    make_user(full_name="Anabel Lopez", email="anaxlopez@example.org")
    client.login(make_user(role=Role.staff, full_name="Staff Person"))
    html = client.get("/staff/users?q=ana_lop").get_data(as_text=True)
    assert "Ana Lopes" in html and "Anabel Lopez" not in html  # "_" is not "any one character"
    html = client.get("/staff/users?q=%25").get_data(as_text=True)
    assert "Ana Lopes" not in html and "Anabel Lopez" not in html  # nor "%" "anything"


def test_the_list_is_paged(client, make_user, app, monkeypatch):
    monkeypatch.setitem(app.config, "USERS_PER_PAGE", 2)
    for n in range(4):
        make_user(full_name=f"Person {n}")
    client.login(make_user(role=Role.staff, full_name="Zed Staff"))
    first = client.get("/staff/users").get_data(as_text=True)
    assert "Page 1 of 3" in first and "Person 0" in first and "Person 2" not in first
    third = client.get("/staff/users?page=3").get_data(as_text=True)
    assert "Zed Staff" in third
