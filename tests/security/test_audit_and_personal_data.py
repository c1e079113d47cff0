"""The audit log, a learner's own data as JSON, and anonymising someone who has left."""
from __future__ import annotations

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User
from tests.conftest import PASSWORD


def events(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(e.action, e.target) for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_security_events_are_logged_and_shown_to_staff(app, classroom, make_client, make_user):
    staff_user = make_user(role=Role.staff, full_name="Head Of Staff")
    learner = make_client()
    learner.login(classroom.learner.email, "wrong password")
    learner.login(classroom.learner)
    facilitator = make_client()
    facilitator.login(classroom.facilitator)
    facilitator.get(f"/cohorts/{classroom.cohort_id}/gradebook.csv")
    staff = make_client()
    staff.login(staff_user)
    staff.submit(f"/staff/users/{classroom.facilitator.id}", {
        "email": classroom.facilitator.email, "full_name": "Kwame Mensah", "role": "staff", "centre_id": "",
        "position": "", "language": "en", "timezone": "UTC", "gender": "", "active": "y"})
    logged = events(app)
    assert ("sign_in_failed", classroom.learner.email) in logged
    assert ("sign_in", classroom.learner.email) in logged
    assert ("export", f"gradebook-cohort-{classroom.cohort_id}.csv") in logged
    assert ("role_changed", classroom.facilitator.email) in logged
    page = staff.get("/staff/audit").get_data(as_text=True)
    assert "Failed sign-in" in page and "Role changed" in page and "Export of personal data" in page
    assert make_client().get("/staff/audit").status_code == 302
    assert learner.get("/staff/audit").status_code == 403


def test_a_learner_downloads_all_their_data(app, classroom, make_client, make_centre, now):
    import datetime as dt

    from lms.cohorts.models import Attendance, LiveSession
    centre = make_centre(name="Kenya Technical Trainers College")
    webinar_start = (now() - dt.timedelta(days=6)).replace(hour=13, minute=0)
    with app.app_context():
        db.session.get(User, classroom.learner.id).centre_id = centre.id
        webinar = LiveSession(cohort_id=classroom.cohort_id, title="Webinar on greening", duration_minutes=60,
                              starts_at=webinar_start, link="")
        db.session.add(webinar)
        db.session.flush()
        db.session.add(Attendance(session_id=webinar.id, user_id=classroom.learner.id))
        db.session.commit()
    client = make_client()
    client.login(classroom.learner)
    client.submit(f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro/done", {},
                  page=f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro")
    client.submit(f"/learn/cohorts/{classroom.cohort_id}/reflections/first-reflection",
                  {"text": "My own words.", "action": "save"})
    response = client.get("/profile/data.json")
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = response.json
    assert data["account"]["email"] == classroom.learner.email and data["account"]["full_name"] == "Awa Sarr"
    assert data["cohorts"][0]["name"] == "2026 online edition"
    assert data["account"]["centre"] == "Kenya Technical Trainers College"
    assert data["live_sessions_attended"] == [{"title": "Webinar on greening",
                                              "starts_at": webinar_start.isoformat()}]
    assert data["lessons"][0]["lesson"] == "first-intro"
    assert data["written_work"][0]["content"] == {"text": "My own words."}
    assert ("personal_data_download", classroom.learner.email) in events(app)


def test_anonymising_keeps_reports_and_certificates_but_not_the_person(app, classroom, make_client, make_user):
    from tests.certificates.conftest import complete
    from tests.certificates.test_certificates import issue_all
    complete(app, classroom.cohort_id, classroom.learner.id, classroom.facilitator.id)
    [serial] = issue_all(app, classroom.cohort_id)
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    before = staff.get("/reports").get_data(as_text=True).split('<th scope="row">Enrolled</th>')[1][:200]
    page = f"/staff/users/{classroom.learner.id}"
    assert staff.submit(f"{page}/anonymise", {}, page=page).status_code == 302  # not confirmed: nothing
    with app.app_context():
        assert db.session.get(User, classroom.learner.id).full_name == "Awa Sarr"
    staff.submit(f"{page}/anonymise", {"confirm": "yes"}, page=page)
    with app.app_context():
        person = db.session.get(User, classroom.learner.id)
        assert person.full_name == f"Former participant {person.id}" and person.email.endswith("@invalid")
        assert not person.active and person.password_hash is None
        from lms.certificates.models import Certificate
        certificate = db.session.scalar(select(Certificate).where(Certificate.serial == serial))
    after = staff.get("/reports").get_data(as_text=True).split('<th scope="row">Enrolled</th>')[1][:200]
    assert before == after  # the figures do not change
    assert "This certificate is valid." in make_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert make_client().login(classroom.learner.email, PASSWORD).status_code == 401
    assert ("person_anonymised", f"user {classroom.learner.id}") in events(app)


def test_anonymising_leaves_no_trace_of_the_person_anywhere_in_the_database(app, classroom, make_client, make_user,
                                                                          mailbox):
    """Their address and their writing, in every table and every version: only a certificate they
    hold keeps their name, so that it can still be verified."""
    from sqlalchemy import text

    from lms.models import metadata
    learner = make_client()
    learner.login(classroom.learner)
    writing = "Our workshop will publish its energy meter readings every month, signed Awa."
    page = f"/learn/cohorts/{classroom.cohort_id}/reflections/first-reflection"
    learner.submit(page, {"text": writing + " " + "word " * 200, "action": "submit"})
    learner.submit("/reset-password", {"email": classroom.learner.email})  # mail and a link for them
    with app.app_context():
        from lms.mail.models import OutboxMessage
        db.session.add(OutboxMessage(recipient=classroom.learner.email, language="en", subject="Pending",
                                     body_text="Not yet sent", body_html=""))
        db.session.commit()
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    page = f"/staff/users/{classroom.learner.id}"
    staff.submit(f"{page}/anonymise", {"confirm": "yes"}, page=page)
    found = []
    engine = app.extensions["lms-db"].engine
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(text(f"SELECT * FROM {table.name}")):
                cells = " ".join(str(value) for value in row)
                for trace in (classroom.learner.email, "energy meter readings"):
                    if trace in cells:
                        found.append((table.name, trace))
    assert found == []


def test_every_event_the_code_records_has_a_title_in_each_language(app):
    """The log is read by staff in three languages: an event without a title would show its code."""
    import re

    from flask_babel import force_locale

    from lms.audit.titles import ACTIONS
    from lms.community.discussions import THREAD_ACTIONS
    from lms.config import PROJECT_ROOT

    # What an action named from a variable can be: certificate_{action}, thread_{action}.
    kinds = {"certificate": ("issued", "reissued"), "thread": tuple(THREAD_ACTIONS)}
    recorded = set()
    for path in (PROJECT_ROOT / "lms").rglob("*.py"):
        for action in re.findall(r"(?<!ratelimit\.)\brecord\(\s*[\w.]+,\s*f?\"([a-z_{}]+)\"", path.read_text()):
            prefix = action.split("_{")[0]
            recorded |= ({action.replace("{action}", kind) for kind in kinds[prefix]} if "{" in action
                         else {action})
    assert {"sign_in", "certificate_issued", "unenrolled"} <= recorded  # the scan finds them
    assert recorded - set(ACTIONS) == set()
    with app.test_request_context():
        for language in ("zh", "fr"):
            with force_locale(language):
                untranslated = [key for key, title in ACTIONS.items() if str(title) == title._args[0]]
            assert untranslated == [], language


def test_the_log_reads_in_the_staff_members_language(app, classroom, make_client, make_user):
    staff_user = make_user(role=Role.staff, language="fr")
    make_client().login(classroom.learner.email, "wrong password")
    staff = make_client()
    staff.login(staff_user)
    page = staff.get("/staff/audit").get_data(as_text=True)
    assert "Échec de connexion" in page and "Failed sign-in" not in page
    assert "sign_in_failed" not in page.replace('value="sign_in_failed"', "")
