"""Staff list, create and edit UNEVOC Centres."""
from __future__ import annotations

from sqlalchemy import select

from lms.centres.models import Centre, MemberType, Region
from lms.core.permissions import Role
from lms.extensions import db


def centre_form(**fields):
    data = {"name": "Instituto Tecnológico de Santo Domingo", "city": "Santo Domingo", "country": "DO",
            "region": "latin_america_caribbean", "member_type": "university_research"}
    data.update(fields)
    return data


def test_staff_add_a_centre(client, make_user, app):
    client.login(make_user(role=Role.staff))
    response = client.submit("/staff/centres/new", centre_form())
    assert response.status_code == 302
    listing = client.get("/staff/centres/").get_data(as_text=True)
    assert "Instituto Tecnológico de Santo Domingo" in listing
    assert "Dominican Republic" in listing and "Latin America and the Caribbean" in listing
    with app.app_context():
        centre = db.session.scalar(select(Centre))
        assert (centre.country, centre.region, centre.member_type) == \
            ("DO", Region.latin_america_caribbean, MemberType.university_research)


def test_country_names_follow_the_viewers_language(client, make_user, make_centre):
    make_centre(name="Centre de Dakar", country="SN")
    client.login(make_user(role=Role.staff, language="zh"))
    assert "塞内加尔" in client.get("/staff/centres/").get_data(as_text=True)


def test_a_duplicate_name_or_unknown_country_is_refused_and_the_form_kept(client, make_user, make_centre):
    make_centre(name="Kenya Technical Trainers College")
    client.login(make_user(role=Role.staff))
    response = client.submit("/staff/centres/new", centre_form(name="kenya technical trainers college",
                                                               city="Nairobi"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Another centre already has this name." in html and 'value="Nairobi"' in html
    response = client.submit("/staff/centres/new", centre_form(country="XX"))
    assert "Choose a country from the list." in response.get_data(as_text=True)


def test_staff_edit_a_centre(client, make_user, make_centre, app):
    centre = make_centre(name="Old name")
    client.login(make_user(role=Role.staff))
    page = client.get(f"/staff/centres/{centre.id}").get_data(as_text=True)
    assert 'value="Old name"' in page
    response = client.submit(f"/staff/centres/{centre.id}", centre_form(name="New name", region="africa",
                                                                        country="KE"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Centre, centre.id).name == "New name"


def test_the_list_filters_by_region(client, make_user, make_centre):
    make_centre(name="Bonn Centre", country="DE", region=Region.europe_north_america)
    make_centre(name="Nairobi Centre", country="KE", region=Region.africa)
    client.login(make_user(role=Role.staff))
    html = client.get("/staff/centres/?region=africa").get_data(as_text=True)
    assert "Nairobi Centre" in html and "Bonn Centre" not in html


def test_an_unknown_centre_is_404(client, make_user):
    client.login(make_user(role=Role.staff))
    assert client.get("/staff/centres/999999").status_code == 404
