"""Enrolment: one learner, or a CSV file previewed row by row and imported all or nothing."""
from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.cohorts.models import Enrolment
from lms.core.permissions import Role
from lms.extensions import db
from lms.mail.models import OutboxMessage
from lms.users.models import User
from tests.conftest import body_text, csrf_fields, subject


def csv_bytes(rows, bom=True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["email", "full_name", "centre", "position", "language", "gender"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def upload(client, cohort_id, data: bytes):
    page = f"/cohorts/{cohort_id}/learners"
    fields = csrf_fields(client.get(page).get_data(as_text=True))
    token = next(v for k, v in fields.items() if k == "csrf_token")
    return client.raw.post(f"/cohorts/{cohort_id}/learners/import", buffered=True,
                           data={"csrf_token": token, "file": (io.BytesIO(data), "learners.csv")},
                           content_type="multipart/form-data")


def confirm(client, cohort_id, html: str):
    payload = html.split('name="payload" value="')[1].split('"')[0]
    token = csrf_fields(html)["csrf_token"]
    return client.raw.post(f"/cohorts/{cohort_id}/learners/import", buffered=True,
                           data={"csrf_token": token, "payload": payload, "confirm": "1"})


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(Enrolment.id))),
                db.session.scalar(select(func.count(User.id)).where(User.role == Role.learner)),
                db.session.scalar(select(func.count(OutboxMessage.id))))


SCRIPTS = ["王芳", "Aïssatou Diallo", "فاطمة الزهراء", "Ольга Иванова", "प्रिया रमन", "María José González"]


def test_a_200_row_file_with_3_bad_rows_imports_nothing_until_fixed(client, classroom, make_centre, app, mailbox):
    make_centre(name="Kenya Technical Trainers College")
    client.login(classroom.facilitator)
    before = counts(app)
    rows = [[f"participant{n}@example.org", f"{SCRIPTS[n % len(SCRIPTS)]} {n}", "Kenya Technical Trainers College",
             "Head of Department", ["en", "zh", "fr"][n % 3], ["female", "male", ""][n % 3]] for n in range(200)]
    rows[10][0] = "not-an-email"
    rows[50][2] = "Unknown Institute"
    rows[120][0] = "participant7@example.org"  # a duplicate of row 7
    response = upload(client, classroom.cohort_id, csv_bytes(rows))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "3 rows have problems; nothing has been imported." in html
    assert html.count('<tr class="has-error">') == 3
    assert "“not-an-email” is not a valid email address." in html
    assert "Unknown centre “Unknown Institute”" in html
    assert "Duplicate row: this email is already on line 9." in html
    assert 'name="confirm"' not in html
    assert counts(app) == before

    rows[10][0], rows[50][2], rows[120][0] = "participant10@example.org", "Kenya Technical Trainers College", \
        "participant120@example.org"
    response = upload(client, classroom.cohort_id, csv_bytes(rows))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "All 200 rows are ready to enrol." in html
    response = confirm(client, classroom.cohort_id, html)
    assert response.status_code == 302
    enrolled, learners, messages = counts(app)
    assert enrolled == before[0] + 200 and learners == before[1] + 200 and messages == before[2] + 200
    with app.app_context():
        second = db.session.scalar(select(User.full_name).where(User.email == "participant2@example.org"))
        assert second == "فاطمة الزهراء 2"
        chinese = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "participant1@example.org"))
        assert chinese.language == "zh" and "邀请" in chinese.subject


def test_names_survive_without_the_byte_order_mark_too(client, classroom, make_centre, app):
    make_centre(name="Centre A")
    client.login(classroom.facilitator)
    response = upload(client, classroom.cohort_id, csv_bytes([["zhang@example.org", "张敏", "Centre A", "", "zh", ""]],
                                                             bom=False))
    confirm(client, classroom.cohort_id, response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(User.full_name).where(User.email == "zhang@example.org")) == "张敏"


def test_a_staff_account_in_the_file_is_a_problem_and_nothing_is_imported(client, classroom, make_centre, make_user):
    make_centre(name="Centre A")
    make_user(role=Role.staff, email="boss@example.org")
    client.login(classroom.facilitator)
    response = upload(client, classroom.cohort_id, csv_bytes([
        ["new.person@example.org", "New Person", "Centre A", "", "fr", ""],
        ["boss@example.org", "Boss", "Centre A", "", "en", ""]]))
    assert response.status_code == 400
    assert "This email belongs to a facilitator or staff account." in response.get_data(as_text=True)


def test_people_already_enrolled_are_left_as_they_are_and_the_others_enrolled(client, classroom, make_centre, app,
                                                                               mailbox):
    """The same list sent again with two names added: the two are enrolled, the rest said to be there already."""
    make_centre(name="Centre A")
    client.login(classroom.facilitator)
    response = upload(client, classroom.cohort_id, csv_bytes([
        [classroom.learner.email, "Awa Sarr", "Centre A", "", "fr", ""],
        ["kofi@example.org", "Kofi Boateng", "Centre A", "", "en", ""],
        ["ama@example.org", "Ama Owusu", "Centre A", "", "en", ""]]))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Enrolled already: left as is" in html
    assert "1 person is enrolled already and is left as they are." in html
    done = confirm(client, classroom.cohort_id, html)
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Learners enrolled: 2; of them new and invited by email: 2." in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrolment.id))) == 3


def test_a_file_that_is_not_utf8_is_explained(client, classroom):
    client.login(classroom.facilitator)
    response = upload(client, classroom.cohort_id, "email,full_name,centre\né@x.org,Élise,A\n".encode("latin-1"))
    assert "The file is not in UTF-8" in response.get_data(as_text=True)


def test_one_learner_is_enrolled_and_invited(client, classroom, make_centre, app):
    centre = make_centre(name="Centre B")
    client.login(classroom.facilitator)
    response = client.submit(f"/cohorts/{classroom.cohort_id}/learners", {
        "email": "new.person@example.org", "full_name": "Nguyễn Thị Lan", "centre_id": str(centre.id),
        "position": "Rector", "language": "fr", "gender": ""})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nguyễn Thị Lan has been enrolled and invited by email." in page
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.language).where(
            OutboxMessage.recipient == "new.person@example.org")) == "fr"


def test_enrolling_someone_who_has_an_account_tells_them_and_shows_nothing_from_elsewhere(
        classroom, make_client, make_user, app, mailbox, now):
    """A facilitator cannot quietly pull a person from another cohort into theirs and read their scores there."""
    from lms.cohorts.models import Cohort
    from lms.cohorts.services import create_cohort
    from lms.courses.models import Programme
    learner = make_client()
    learner.login(classroom.learner)
    learner.submit(f"/learn/cohorts/{classroom.cohort_id}/reflections/first-reflection",
                   {"text": "Private thoughts " * 60, "action": "submit"})
    learner.submit(f"/learn/cohorts/{classroom.cohort_id}/quizzes/first-quiz",
                   {"q-unemployed": "m73", "q-paris": "true", "q-target": "4.3", "q-areas": ["campus", "culture"]})
    other_facilitator = make_user(role=Role.facilitator, full_name="Other Facilitator")
    with app.app_context():
        other = create_cohort(db.session, programme=db.session.scalar(select(Programme)), name="Another cohort",
                              language="en", timezone="UTC", starts_on=now.day(-5), ends_on=now.day(80),
                              facilitators=[db.session.get(User, other_facilitator.id)])
        db.session.commit()
        other_id = other.id
    now.advance(hours=1)
    facilitator = make_client()
    facilitator.login(other_facilitator)
    mailbox.clear()
    response = facilitator.submit(f"/cohorts/{other_id}/learners", {
        "email": classroom.learner.email, "full_name": "Whatever", "language": "en"})
    assert response.status_code == 302
    notice = mailbox.wait_to(classroom.learner.email)
    assert "Another cohort" in subject(notice) and "Other Facilitator" in body_text(notice)
    gradebook = facilitator.get(f"/cohorts/{other_id}/gradebook.csv").data.decode("utf-8-sig")
    row = next(line for line in gradebook.splitlines() if classroom.learner.email in line)
    assert "Submitted" not in row and "100" not in row.split(",")[4:-2]  # nothing done in the other cohort shows
    with app.app_context():
        assert ("enrolled_existing_account", classroom.learner.email) in {
            (e.action, e.target) for e in db.session.scalars(select(AuditEvent))}
        assert db.session.get(Cohort, other_id) is not None
