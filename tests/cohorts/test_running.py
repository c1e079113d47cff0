"""Running a cohort: creating it, its schedule, live sessions and calendars, attendance, announcements."""
from __future__ import annotations

import datetime as dt
import re

import icalendar
from sqlalchemy import select

from lms.cohorts.models import Cohort, LiveSession, ModuleSchedule
from lms.core.permissions import Role
from lms.courses.models import Module, Programme
from lms.extensions import db
from tests.conftest import body_text, subject, visible_text


def test_staff_create_a_cohort_with_facilitators_and_a_spread_schedule(client, classroom, make_user, app, now):
    facilitator = make_user(role=Role.facilitator, full_name="Fatou Ndiaye")
    client.login(make_user(role=Role.staff))
    with app.app_context():
        programme_id = db.session.scalar(select(Programme.id))
    response = client.submit("/staff/cohorts/new", {
        "programme_id": str(programme_id), "name": "Édition 2027 en français", "language": "fr",
        "timezone": "Africa/Dakar", "region": "africa", "starts_on": str(now.day(30)), "ends_on": str(now.day(113)),
        "facilitators": [str(facilitator.id)]})
    assert response.status_code == 302 and response.headers["Location"].endswith("/schedule")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'value="{now.day(30)}"' in html and f'value="{now.day(113)}"' in html
    with app.app_context():
        cohort = db.session.scalar(select(Cohort).where(Cohort.name == "Édition 2027 en français"))
        assert [u.full_name for u in cohort.facilitators] == ["Fatou Ndiaye"]
        assert cohort.region.value == "africa"


def _ticked_and_listed(html: str) -> tuple[list[str], list[str]]:
    boxes = re.findall(r'<input type="checkbox" name="facilitators" value="\d+"( checked)?> ([^<&]+)', html)
    return [name.strip() for checked, name in boxes if checked], [name.strip() for _checked, name in boxes]


def test_a_large_networks_facilitators_are_found_by_name_and_what_was_typed_stays(client, classroom, make_user,
                                                                                  app, now):
    app.config["FACILITATORS_LISTED"] = 3
    names = ["Fatou Ndiaye", "Li Wei", "Amara Diallo", "Amadou Sow", "Zhang Min"]
    people = {name: make_user(role=Role.facilitator, full_name=name) for name in names}
    client.login(make_user(role=Role.staff))
    with app.app_context():
        programme_id = db.session.scalar(select(Programme.id))
    typed = {"programme_id": str(programme_id), "name": "Cohorte Sahel 2027", "language": "fr",
             "timezone": "Africa/Dakar", "region": "africa", "starts_on": str(now.day(30)),
             "ends_on": str(now.day(113)), "facilitators": [str(people["Li Wei"].id)]}
    html = client.get("/staff/cohorts/new").get_data(as_text=True)
    assert "The network has 6 facilitators" in html  # the classroom's own and these five
    assert _ticked_and_listed(html) == ([], [])
    # "Find" lists those who match, beside the one ticked; nothing is saved and nothing typed is lost.
    response = client.submit("/staff/cohorts/new", {**typed, "facilitator_query": "ama", "find": "1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _ticked_and_listed(html) == (["Li Wei"], ["Li Wei", "Amadou Sow", "Amara Diallo"])
    assert "2 more facilitators found" in html and 'value="Cohorte Sahel 2027"' in html
    with app.app_context():
        assert db.session.scalar(select(Cohort).where(Cohort.name == "Cohorte Sahel 2027")) is None
    response = client.submit("/staff/cohorts/new", {**typed, "facilitator_query": "nobody", "find": "1"})
    assert "No other facilitator matches “nobody”." in response.get_data(as_text=True)
    # Enter in any field sends the form's first button, "Find": with nothing to find, it saves.
    response = client.submit("/staff/cohorts/new", {
        **typed, "facilitators": [str(people["Li Wei"].id), str(people["Amara Diallo"].id)],
        "facilitator_query": "", "find": "1"})
    assert response.status_code == 302
    with app.app_context():
        cohort = db.session.scalar(select(Cohort).where(Cohort.name == "Cohorte Sahel 2027"))
        assert sorted(u.full_name for u in cohort.facilitators) == ["Amara Diallo", "Li Wei"]
        cohort_id = cohort.id
    # Editing it lists its own two, ticked, and no one else until asked.
    html = client.get(f"/cohorts/{cohort_id}/edit").get_data(as_text=True)
    assert _ticked_and_listed(html) == (["Amara Diallo", "Li Wei"], ["Amara Diallo", "Li Wei"])


def test_a_bad_date_range_is_refused_and_the_form_kept(client, classroom, make_user, app, now):
    client.login(make_user(role=Role.staff))
    with app.app_context():
        programme_id = db.session.scalar(select(Programme.id))
    response = client.submit("/staff/cohorts/new", {
        "programme_id": str(programme_id), "name": "Backwards", "language": "en", "timezone": "UTC",
        "region": "", "starts_on": str(now.day(90)), "ends_on": str(now.day(30))})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The end comes before the start." in html and 'value="Backwards"' in html


def test_the_facilitator_sets_the_schedule_in_the_cohorts_time_zone(client, classroom, app, now):
    year = now.today.year + 1  # September, when Berlin keeps summer time (UTC+2)
    client.login(classroom.facilitator)
    with app.app_context():
        ids = {m.slug: m.id for m in db.session.scalars(select(Module))}
        db.session.get_one(Cohort, classroom.cohort_id).ends_on = dt.date(year, 12, 31)
        db.session.commit()
    response = client.submit(f"/cohorts/{classroom.cohort_id}/schedule", {
        f"opens-{ids['first']}": f"{year}-09-01", f"due-{ids['first']}": f"{year}-09-14",
        f"opens-{ids['second']}": f"{year}-09-15", f"due-{ids['second']}": f"{year}-09-10"})
    assert response.status_code == 400
    assert "The due date comes before the opening date." in response.get_data(as_text=True)
    # The capstone cannot fall due after the cohort has ended; what was typed stays in the form.
    response = client.submit(f"/cohorts/{classroom.cohort_id}/schedule", {
        f"opens-{ids['first']}": f"{year}-09-01", f"due-{ids['first']}": f"{year}-09-14",
        f"opens-{ids['second']}": f"{year}-09-15", f"due-{ids['second']}": f"{year + 1}-01-15"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f"The cohort ends on December 31, {year}: work cannot fall due after that." in html
    assert f'value="{year + 1}-01-15"' in html
    response = client.submit(f"/cohorts/{classroom.cohort_id}/schedule", {
        f"opens-{ids['first']}": f"{year}-09-01", f"due-{ids['first']}": f"{year}-09-14",
        f"opens-{ids['second']}": f"{year}-09-15", f"due-{ids['second']}": f"{year}-09-30"})
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(ModuleSchedule).where(ModuleSchedule.module_id == ids["first"]))
        # Midnight in Berlin (summer time, UTC+2) is 22:00 UTC the day before.
        assert entry.opens_at == dt.datetime(year, 8, 31, 22, 0, tzinfo=dt.UTC)
        assert entry.due_at == dt.datetime(year, 9, 14, 21, 59, tzinfo=dt.UTC)


def test_live_sessions_are_set_in_the_cohorts_zone_and_the_feeds_parse(client, classroom, make_client, app, now):
    year = now.today.year + 1  # both ahead: 5 October in Berlin's summer time, 30 November in its winter time
    client.login(classroom.facilitator)
    response = client.submit(f"/cohorts/{classroom.cohort_id}/sessions", {
        "title": "Webinar 1: vision for change, with Q&A; bring questions", "starts": f"{year}-10-05T14:00",
        "duration": "90", "link": "https://meet.example.org/vision"})
    assert response.status_code == 302
    client.submit(f"/cohorts/{classroom.cohort_id}/sessions", {
        "title": "Webinar 2 (winter time)", "starts": f"{year}-11-30T09:30", "duration": "60",
        "link": "https://meet.example.org/two"})
    overview = client.get(f"/cohorts/{classroom.cohort_id}").get_data(as_text=True)
    cohort_feed = overview.split("/calendar/cohorts/")[1].split('"')[0]
    learner = make_client()
    learner.login(classroom.learner)
    dashboard = learner.get("/learn").get_data(as_text=True)
    assert "Webinar 1: vision for change" in dashboard and "Webinar 2 (winter time)" in dashboard
    person_feed = dashboard.split("/calendar/people/")[1].split('"')[0]
    anonymous = make_client()
    for path in (f"/calendar/cohorts/{cohort_feed}", f"/calendar/people/{person_feed}"):
        response = anonymous.get(path)
        assert response.status_code == 200 and response.mimetype == "text/calendar"
        calendar = icalendar.Calendar.from_ical(response.data)
        events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
        first = events["Webinar 1: vision for change, with Q&A; bring questions"]
        # 14:00 in Berlin on 5 October (summer time) is 12:00 UTC; 09:30 on 30 November is 08:30 UTC.
        assert first["DTSTART"].dt == dt.datetime(year, 10, 5, 12, 0, tzinfo=dt.UTC)
        assert first["DTEND"].dt == dt.datetime(year, 10, 5, 13, 30, tzinfo=dt.UTC)
        assert events["Webinar 2 (winter time)"]["DTSTART"].dt == dt.datetime(year, 11, 30, 8, 30,
                                                                              tzinfo=dt.UTC)
    assert anonymous.get("/calendar/cohorts/" + "x" * 43 + ".ics").status_code == 404


def test_attendance_is_recorded_per_session(client, classroom, app, now):
    client.login(classroom.facilitator)
    client.submit(f"/cohorts/{classroom.cohort_id}/sessions", {
        "title": "Webinar", "starts": f"{now.day(-3)}T14:00", "duration": "90", "link": "https://meet.example.org/a"})
    with app.app_context():
        live_id = db.session.scalar(select(LiveSession.id))
    page = f"/cohorts/{classroom.cohort_id}/sessions/{live_id}/attendance"
    assert classroom.learner.full_name in client.get(page).get_data(as_text=True)
    assert client.submit(page, {"present": [str(classroom.learner.id)]}).status_code == 302
    with app.app_context():
        assert [u.id for u in db.session.get(LiveSession, live_id).attendees] == [classroom.learner.id]
    progress = client.get(f"/cohorts/{classroom.cohort_id}/gradebook.csv").data.decode("utf-8-sig")
    assert progress.splitlines()[1].split(",")[-2] == "1"  # sessions attended


def test_an_announcement_reaches_dashboards_and_inboxes_in_each_language(client, classroom, make_client, app,
                                                                         mailbox):
    client.login(classroom.facilitator)
    response = client.submit(f"/cohorts/{classroom.cohort_id}/announcements", {
        "title": "Webinar moved", "body": "The second webinar moves to Thursday."})
    assert response.status_code == 302
    [message] = mailbox.wait_for(1)
    assert message["To"] == classroom.learner.email and "Webinar moved" in subject(message)
    assert "The second webinar moves to Thursday." in body_text(message)
    learner = make_client()
    learner.login(classroom.learner)
    assert "The second webinar moves to Thursday." in learner.get("/learn").get_data(as_text=True)


def test_a_facilitator_of_another_cohort_gets_403_on_every_page_and_export(classroom, make_user, make_client, app):
    outsider = make_user(role=Role.facilitator)
    client = make_client()
    client.login(outsider)
    base = f"/cohorts/{classroom.cohort_id}"
    for path in ("", "/schedule", "/sessions", "/learners", "/progress", "/grading", "/announcements",
                 "/gradebook.csv", "/gradebook.xlsx", "/edit"):
        assert client.get(base + path).status_code == 403, path
    assert client.submit(f"{base}/announcements", {"title": "x", "body": "y"}, page="/facilitate").status_code == 403


def test_the_roster_shows_each_learners_modules_last_activity_and_who_is_at_risk(classroom, make_client, make_user,
                                                                                  app):
    from lms.cohorts.services import enrol
    from lms.users.models import User
    quiet = make_user(full_name="Quiet <Learner>")
    with app.app_context():
        enrol(db.session, db.session.get(Cohort, classroom.cohort_id), db.session.get(User, quiet.id))
        db.session.commit()
    learner = make_client()
    learner.login(classroom.learner)
    lesson = f"/learn/cohorts/{classroom.cohort_id}/lessons/first-intro"
    learner.submit(f"{lesson}/done", {}, page=lesson)
    facilitator = make_client()
    facilitator.login(classroom.facilitator)
    html = facilitator.get(f"/cohorts/{classroom.cohort_id}/progress").get_data(as_text=True)
    rows = html.split("<tbody>")[-1].split('<tr><th scope="row">')[1:]
    active = next(row for row in rows if row.startswith("Awa Sarr"))
    silent = next(row for row in rows if row.startswith("Quiet &lt;Learner&gt;"))
    assert "At risk" not in active.split("</th>")[0] and "In progress" in active and "Never" not in active
    assert "At risk" in silent.split("</th>")[0] and "<td>Never</td>" in silent and "Not started" in silent
    at_risk = facilitator.get(f"/cohorts/{classroom.cohort_id}/progress?show=at-risk").get_data(as_text=True)
    assert "Quiet &lt;Learner&gt;" in at_risk and "Awa Sarr" not in at_risk.split("<tbody>")[-1]


def test_a_live_session_dated_9999_is_refused_and_the_form_kept(client, classroom, make_client, now):
    client.login(classroom.facilitator)
    response = client.submit(f"/cohorts/{classroom.cohort_id}/sessions", {
        "title": "A typo in the year", "starts": "9999-12-31T23:59", "duration": "90",
        "link": "https://meet.example.org/x"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f"Enter a date between {now.today.year - 10} and {now.today.year + 10}." in html
    assert 'value="A typo in the year"' in html
    learner = make_client()
    learner.login(classroom.learner)
    assert learner.get("/learn").status_code == 200


def test_text_typed_or_pasted_with_control_characters_is_kept_clean(client, classroom, make_client, app):
    client.login(classroom.facilitator)
    client.submit(f"/cohorts/{classroom.cohort_id}/sessions", {
        "title": "Webinar\r on\x0b greening\u2028 today", "starts": f"{classroom_day(app)}T10:00", "duration": "60",
        "link": "https://meet.example.org/x"})
    client.submit(f"/cohorts/{classroom.cohort_id}/announcements", {
        "title": "Plan\ndue", "body": "Line one\r\nLine two\rLine three\x0b end"})
    with app.app_context():
        from lms.cohorts.models import Announcement
        assert db.session.scalar(select(LiveSession.title)) == "Webinar on greening today"
        announcement = db.session.scalar(select(Announcement))
        assert announcement.title == "Plan due" and announcement.body == "Line one\nLine two\nLine three end"
    overview = client.get(f"/cohorts/{classroom.cohort_id}").get_data(as_text=True)
    feed = make_client().get("/calendar/cohorts/" + overview.split("/calendar/cohorts/")[1].split('"')[0])
    assert b"\x0b" not in feed.data and b"Webinar on greening today" in feed.data


def classroom_day(app) -> str:
    with app.app_context():
        return str(db.session.scalar(select(Cohort.starts_on)))


def test_a_learner_who_finished_every_module_is_not_at_risk_for_resting(now):
    """Quiet for a month with modules to do puts a learner at risk; quiet for a month after the last
    module does not (the facilitator's "at risk" list is for people who need a nudge)."""
    from lms.cohorts.queries import Cell, Learner, RosterRow
    person = Learner(1, "Awa Sarr", "awa@example.org", "Centre", "SN", True)
    month_ago = now.current - dt.timedelta(days=30)
    resting = RosterRow(person, [Cell("done", 3, 3), Cell("done", 2, 2)], month_ago, 0, {}, {})
    stalled = RosterRow(person, [Cell("done", 3, 3), Cell("in_progress", 1, 2)], month_ago, 0, {}, {})
    behind = RosterRow(person, [Cell("done", 3, 3), Cell("overdue", 0, 2)], now.current, 0, {}, {})
    at = now.current
    assert (resting.at_risk_at(at), stalled.at_risk_at(at), behind.at_risk_at(at)) == (False, True, True)


def test_a_large_cohorts_roster_learners_and_certificates_come_a_page_at_a_time(classroom, make_client, make_user,
                                                                              app, monkeypatch):
    """A cohort of hundreds is shown in pages (each page stays light on a phone), with the filters
    kept from page to page and the count of everyone, not of one page."""
    from lms.cohorts.services import enrol
    from lms.users.models import User
    monkeypatch.setitem(app.config, "COHORT_PER_PAGE", 2)
    people = [make_user(full_name=name).id for name in ("Bola Adeyemi", "Chen Jing", "Dina Haddad", "Elif Kaya")]
    with app.app_context():
        cohort = db.session.get(Cohort, classroom.cohort_id)
        for person in people:
            enrol(db.session, cohort, db.session.get(User, person))
        db.session.commit()
    facilitator = make_client()
    facilitator.login(classroom.facilitator)
    base = f"/cohorts/{classroom.cohort_id}"

    def names(html: str) -> list[str]:
        body = html.split("<tbody>")[-1].split("</tbody>")[0]
        return [n for n in ("Awa Sarr", "Bola Adeyemi", "Chen Jing", "Dina Haddad", "Elif Kaya") if n in body]

    pages = [facilitator.get(f"{base}/progress?page={n}").get_data(as_text=True) for n in (1, 2, 3)]
    assert [names(p) for p in pages] == [["Awa Sarr", "Bola Adeyemi"], ["Chen Jing", "Dina Haddad"], ["Elif Kaya"]]
    assert "5 learners" in visible_text(pages[0]) and "Page 1 of 3" in visible_text(pages[0])
    sorted_page = facilitator.get(f"{base}/progress?sort=name&show=&page=1").get_data(as_text=True)
    assert re.search(r'rel="next" href="[^"]*sort=name[^"]*page=2|rel="next" href="[^"]*page=2[^"]*sort=name',
                     sorted_page), "the next page keeps the sort"

    learners = facilitator.get(f"{base}/learners?page=3").get_data(as_text=True)
    assert names(learners) == ["Elif Kaya"] and "5 learners" in visible_text(learners)
    found = facilitator.get(f"{base}/learners?q=dina").get_data(as_text=True)
    assert names(found) == ["Dina Haddad"] and "1 learner found" in visible_text(found)

    certificates = facilitator.get(f"{base}/certificates?page=2").get_data(as_text=True)
    assert names(certificates) == ["Chen Jing", "Dina Haddad"] and "Page 2 of 3" in visible_text(certificates)


def test_the_grading_queue_comes_a_page_at_a_time_oldest_first(classroom, make_client, make_user, app, monkeypatch,
                                                               now):
    from lms.cohorts.services import enrol
    from lms.courses.models import Activity
    from lms.learning.models import Submission
    from lms.users.models import User
    monkeypatch.setitem(app.config, "COHORT_PER_PAGE", 2)
    people = [make_user(full_name=name).id for name in ("Bola Adeyemi", "Chen Jing", "Dina Haddad")]
    with app.app_context():
        cohort = db.session.get(Cohort, classroom.cohort_id)
        reflection = db.session.scalar(select(Activity).where(Activity.programme_id == cohort.programme_id,
                                                              Activity.type == "reflection"))
        for days, person in enumerate(people):
            enrol(db.session, cohort, db.session.get(User, person))
            db.session.add(Submission(user_id=person, activity_id=reflection.id, cohort_id=cohort.id,
                                      status="submitted", content={"text": "Our plan."},
                                      submitted_at=now.current - dt.timedelta(days=3 - days)))
        db.session.commit()
    facilitator = make_client()
    facilitator.login(classroom.facilitator)
    first, second = (visible_text(facilitator.get(f"/cohorts/{classroom.cohort_id}/grading?page={n}")
                                  .get_data(as_text=True)) for n in (1, 2))
    assert "3 pieces of work waiting for review" in first and "Page 1 of 2" in first
    assert "Bola Adeyemi" in first and "Chen Jing" in first and "Dina Haddad" not in first
    assert "Dina Haddad" in second and "Bola Adeyemi" not in second
