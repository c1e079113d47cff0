"""Any input to the main forms and to the CSV import gives a clear answer, never a 500 or half a change."""
from __future__ import annotations

import io
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from lms.cohorts.models import Enrolment
from lms.extensions import db
from lms.users.models import User
from tests.conftest import COVERAGE

def signed_in(client, user) -> None:
    """Sign in once: hypothesis runs the body many times with the same client."""
    if client.get("/profile").status_code != 200:
        client.login(user)


SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@SETTINGS
@given(name=text, position=text, language=text, timezone=text, gender=text)
def test_the_profile_form(client, classroom, name, position, language, timezone, gender):
    COVERAGE["generated inputs tried"] += 1
    signed_in(client, classroom.learner)
    response = client.submit("/profile", {"profile-full_name": name, "profile-position": position,
                                          "profile-language": language, "profile-timezone": timezone,
                                          "profile-gender": gender, "profile-submit": "1"})
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert "Please correct the following" in response.get_data(as_text=True)


@SETTINGS
@given(rows=st.lists(st.lists(text, min_size=0, max_size=7), max_size=8), header=st.booleans())
def test_the_csv_import_checks_everything_and_writes_all_or_nothing(client, classroom, app, rows, header):
    COVERAGE["generated inputs tried"] += 1
    import csv
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(["email", "full_name", "centre", "position", "language", "gender"])
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")

    def counts():
        with app.app_context():
            return (db.session.scalar(select(func.count(User.id))), db.session.scalar(select(func.count(Enrolment.id))))

    before = counts()
    signed_in(client, classroom.facilitator)
    page = client.get(f"/cohorts/{classroom.cohort_id}/learners").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.raw.post(f"/cohorts/{classroom.cohort_id}/learners/import", buffered=True,
                               data={"csrf_token": token, "file": (io.BytesIO(data), "learners.csv")},
                               content_type="multipart/form-data")
    assert response.status_code in (200, 400)
    html = response.get_data(as_text=True)
    if 'name="confirm"' in html:  # a clean file: confirming enrols every row or none
        payload = html.split('name="payload" value="')[1].split('"')[0]
        confirmed = client.raw.post(f"/cohorts/{classroom.cohort_id}/learners/import", buffered=True,
                                    data={"csrf_token": token, "payload": payload, "confirm": "1"})
        assert confirmed.status_code == 302
        assert counts()[1] > before[1]
    else:
        assert counts() == before
