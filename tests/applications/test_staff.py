"""Staff open a call from a form, and read its funnel with small cells hidden, on the page and in CSV."""
from __future__ import annotations

import csv
import io
import re

import openpyxl

from lms.applications.models import Decision
from lms.core.permissions import Role
from lms.users.models import Gender
from tests.conftest import visible_text


def test_staff_open_a_call_in_three_languages_and_it_is_linked_from_the_sign_in_page(make_client, make_user, now):
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    bad = staff.submit("/staff/calls/new", {"title_en": "", "opens_on": now.day(0).isoformat(),
                                            "closes_on": now.day(-3).isoformat(), "places": "0"})
    assert bad.status_code == 400
    text = visible_text(bad.get_data(as_text=True))
    assert "The call must close on or after the day it opens." in text and "This field is required." in text
    saved = staff.submit("/staff/calls/new", {
        "title_en": "Dakar edition", "title_zh": "达喀尔班", "title_fr": "Édition de Dakar",
        "description_en": "In person, in Dakar.", "opens_on": now.day(0).isoformat(),
        "closes_on": now.day(20).isoformat(), "languages": ["fr", "en"], "places": "30", "waitlist_size": "10",
        "eligible_roles": ["head", "deputy"], "country_lists": ["ldc"],
        "questions": "Your budget? | 您的预算？ | Votre budget ?"})
    assert saved.status_code == 302
    visitor = make_client()
    assert "Édition de Dakar" in visitor.get("/login?lang=fr").get_data(as_text=True)
    call_url = saved.headers["Location"]
    public = visible_text(visitor.get(call_url.replace("/staff/calls/", "/calls/") + "?lang=fr").get_data(as_text=True))
    assert "Pays les moins avancés" in public and "Direction de l'établissement" in public
    form = visitor.get(call_url.replace("/staff/calls/", "/calls/") + "/apply?lang=zh").get_data(as_text=True)
    assert "您的预算？" in form


def test_the_funnel_hides_small_cells_alike_on_the_page_and_in_the_csv(make_client, make_user, make_call,
                                                                       make_application):
    call_id = make_call()
    for n in range(12):
        make_application(call_id, country="KE", gender=Gender.female,
                         decision=Decision.accepted if n < 6 else Decision.declined, totals=(15,))
    for n in range(10):
        make_application(call_id, country="SN", gender=Gender.male,
                         decision=Decision.accepted if n < 5 else Decision.declined, totals=(15,))
    for _n in range(3):
        make_application(call_id, country="CN", gender=Gender.female, decision=Decision.declined)
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    page = visible_text(staff.get(f"/staff/calls/{call_id}/funnel?by=region").get_data(as_text=True))
    assert "<5" in page and "Gender parity index" in page
    exported = staff.get(f"/staff/calls/{call_id}/funnel.csv?by=region").get_data(as_text=True)
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(exported.lstrip("\ufeff")))}
    assert rows["All applicants"][0] == "25" and rows["Asia and the Pacific"][0] == "<5"
    assert rows["Africa"][0] == "x"  # else 25 - 22 would give Asia's 3 back
    book = openpyxl.load_workbook(io.BytesIO(staff.get(f"/staff/calls/{call_id}/funnel.xlsx?by=region").data))
    sheet = {row[0]: row[1:] for row in book.active.iter_rows(values_only=True)}
    assert sheet["Asia and the Pacific"][0] == "<5" and sheet["Africa"][0] == "x"
    assert "2031 online edition" in staff.get("/reports").get_data(as_text=True)  # linked from the network report
    by_gender = visible_text(staff.get(f"/staff/calls/{call_id}/funnel?by=gender").get_data(as_text=True))
    assert "Female" in by_gender and "Male" in by_gender


def test_editing_a_call_shows_what_it_holds_and_keeps_the_changes(app, make_client, make_user, make_call, now):
    call_id = make_call(eligible_roles=["head"], questions=[{"key": "q1", "en": "Budget?", "fr": "Budget ?"}])
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    form = staff.get(f"/staff/calls/{call_id}/edit").get_data(as_text=True)
    assert 'value="2031 online edition"' in form and "Budget? |  | Budget ?" in form
    assert re.search(r'<input checked[^>]*name="eligible_roles" type="checkbox" value="head">', form)
    assert not re.search(r'<input checked[^>]*name="eligible_roles" type="checkbox" value="deputy">', form)
    saved = staff.submit(f"/staff/calls/{call_id}/edit", {
        "title_en": "2031 online edition, extended", "description_en": "Longer.", "opens_on": str(now.day(90)),
        "closes_on": str(now.day(150)), "languages": ["en"], "places": "40", "waitlist_size": "5",
        "disagreement_threshold": "4", "questions": ""})
    assert saved.status_code == 302
    with app.app_context():
        from lms.applications.models import Call
        from lms.extensions import db
        call = db.session.get(Call, call_id)
        assert call.title == {"en": "2031 online edition, extended"} and call.places == 40
        assert call.eligible_roles == [] and call.questions == [] and call.closes_at.date() == now.day(150)
