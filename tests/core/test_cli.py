"""The command line: the first staff account, the demo, the outbox."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.centres.models import Centre
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User


def test_the_first_staff_account_is_created_from_the_command_line(app, client):
    result = app.test_cli_runner().invoke(args=["users", "create", "--role", "staff", "--email",
                                                "Head@UNEVOC.example.org", "--name", "Head of Programme",
                                                "--password", "a long enough password"])
    assert result.exit_code == 0, result.output
    assert "Created staff account head@unevoc.example.org" in result.output
    assert client.login("head@unevoc.example.org", "a long enough password").status_code == 302
    assert client.get("/staff").status_code == 200


def test_the_command_refuses_a_taken_email_and_a_short_password(app, make_user):
    make_user(email="taken@example.org")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "TAKEN@example.org", "--password", "x" * 12])
    assert result.exit_code != 0 and "exists already" in result.output
    result = runner.invoke(args=["users", "create", "--email", "new@example.org", "--password", "short"])
    assert result.exit_code != 0 and "at least 10 characters" in result.output


def test_the_command_can_invite_instead(app, mailbox):
    result = app.test_cli_runner().invoke(args=["users", "create", "--role", "facilitator", "--email",
                                                "f@example.org", "--language", "zh", "--invite"])
    assert result.exit_code == 0, result.output
    [message] = mailbox.wait_for(1)
    assert message["To"] == "f@example.org" and message["Content-Language"] == "zh"


def test_the_demo_loads_centres_in_every_region_and_people_in_many_scripts(app, monkeypatch, client):
    monkeypatch.setenv("LMS_DEMO_PASSWORD", "demo password here")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "staff@example.org" in first.output and "demo password here" in first.output
    second = runner.invoke(args=["demo"])  # running it again refreshes, never duplicates
    assert second.exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(Centre.id))) == 12
        assert len(set(db.session.scalars(select(Centre.region)))) == 5
        names = db.session.scalars(select(User.full_name)).all()
        roles = set(db.session.scalars(select(User.role)))
    assert len(names) == len(set(names)) >= 12 and roles == set(Role)
    scripts = {"王芳": "Han", "فاطمة الزهراء": "Arabic", "Ольга Иванова": "Cyrillic", "አበበ በቀለ": "Ethiopic"}
    assert set(scripts) <= set(names)
    assert client.login("learner@example.org", "demo password here").status_code == 302


def test_without_a_demo_password_one_is_generated_and_printed(app, monkeypatch):
    monkeypatch.delenv("LMS_DEMO_PASSWORD", raising=False)
    result = app.test_cli_runner().invoke(args=["demo"])
    line = next(text for text in result.output.splitlines() if "password for each" in text)
    password = line.rsplit(": ", 1)[1].rstrip("):")
    assert len(password) >= 10
    with app.app_context():
        staff = db.session.scalar(select(User).where(User.email == "staff@example.org"))
        assert staff.check_password(password)


def test_after_make_run_each_role_sees_something_real(app, monkeypatch, make_client, now):
    """What `make run` does: import the programme, then load the demo, which is set relative to
    the day it is loaded: the test's clock stands years away from the day this was written."""
    from lms.demo import edition_year
    edition = f"{edition_year(now.today)} online edition (English and Chinese)"
    monkeypatch.setenv("LMS_DEMO_PASSWORD", "demo password here")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # twice: still one of everything
    learner, facilitator = make_client(), make_client()
    learner.login("learner@example.org", "demo password here")
    html = learner.get("/learn").get_data(as_text=True)
    assert edition in html and "Kwame Mensah" in html
    with app.app_context():
        from lms.courses.models import Lesson
        total = db.session.scalar(select(func.count(Lesson.id)).where(Lesson.retired_at.is_(None)))
    assert f"已完成 {total} 课中的 28 课" in html  # the demo learner reads Chinese
    assert "Webinar 4: Action for change" in html  # the next live session is still ahead
    cohort_link = html.split('href="/learn/cohorts/')[1].split("/")[0]
    reflection = learner.get(f"/learn/cohorts/{cohort_link}/reflections/tvet-2030-agenda-reflection")
    assert "已退回修改" in reflection.get_data(as_text=True)
    plan = learner.get(f"/learn/cohorts/{cohort_link}/action-plans/institutional-action-plan")
    assert "草稿，尚未提交" in plan.get_data(as_text=True) and "一万二千名学生" in plan.get_data(as_text=True)
    quiz = learner.get(f"/learn/cohorts/{cohort_link}/quizzes/tvet-2030-agenda-quiz").get_data(as_text=True)
    assert "已通过" in quiz
    french = make_client()
    french.login("aissatou.diallo@example.org", "demo password here")
    assert "Verrouillé" in french.get("/learn").get_data(as_text=True)  # later modules wait for their date
    facilitator.login("facilitator@example.org", "demo password here")
    html = facilitator.get("/facilitate").get_data(as_text=True)
    assert edition in html and ">11<" in html  # its learners, Camille Dubois (French) among them


def test_the_demo_facilitator_has_work_waiting_and_sessions_past_and_coming(app, monkeypatch, make_client):
    monkeypatch.setenv("LMS_DEMO_PASSWORD", "demo password here")
    runner = app.test_cli_runner()
    runner.invoke(args=["courses", "import"])
    assert runner.invoke(args=["demo"]).exit_code == 0
    facilitator = make_client()
    facilitator.login("facilitator@example.org", "demo password here")
    html = facilitator.get("/facilitate").get_data(as_text=True)
    cohort = html.split('href="/cohorts/')[1].split('"')[0]
    grading = facilitator.get(f"/cohorts/{cohort}/grading").get_data(as_text=True)
    assert "Ольга Иванова" in grading and "Jonas Müller" in grading
    sessions = facilitator.get(f"/cohorts/{cohort}/sessions").get_data(as_text=True)
    assert sessions.count("Webinar") >= 4
    progress = facilitator.get(f"/cohorts/{cohort}/progress?show=at-risk").get_data(as_text=True)
    assert "प्रिया रमन" in progress  # has not started
    # Learners at every stage, not all at risk: two are on track, the others behind or quiet.
    on_track = {"Ольга Иванова", "Jonas Müller"}
    assert not any(name in progress.split("<tbody>")[-1] for name in on_track)
    rows = facilitator.get(f"/cohorts/{cohort}/progress").get_data(as_text=True).split("<tbody>")[-1] \
        .split('<tr><th scope="row">')[1:]
    assert len(rows) == 11 and sum("At risk" in row.split("</th>")[0] for row in rows) == 9
    assert all("Done" in row for row in rows if row.split("<")[0] in on_track)
    # Last year's graduates finished everything months ago: resting is not being at risk.
    with app.app_context():
        from lms.cohorts.models import Cohort
        from lms.core import clock
        from lms.demo import edition_year
        last_year = db.session.scalar(select(Cohort.id).where(
            Cohort.name == f"{edition_year(clock.utcnow().date()) - 1} online edition"))
    graduates = facilitator.get(f"/cohorts/{last_year}/progress").get_data(as_text=True)
    assert "Daniel Okafor" in graduates and "At risk" not in graduates.split("<tbody>")[-1]
    # The French cohort belongs to another facilitator.
    other = facilitator.get("/staff/cohorts")
    assert other.status_code == 403


def test_the_demo_has_certificates_in_three_languages_one_revoked(app, monkeypatch, make_client):
    monkeypatch.setenv("LMS_DEMO_PASSWORD", "demo password here")
    runner = app.test_cli_runner()
    runner.invoke(args=["courses", "import"])
    assert runner.invoke(args=["demo"]).exit_code == 0
    staff = make_client()
    staff.login("staff@example.org", "demo password here")
    listing = staff.get("/staff/certificates").get_data(as_text=True)
    # Last year's three, and the impact demo's graduates of the two previous editions (lms/impact/demo.py).
    assert "16 certificates" in listing and listing.count("tag warn\">Revoked") == 1
    for name in ("陈静", "Mariama Bâ", "Daniel Okafor"):
        assert name in listing


def test_make_run_on_another_port_writes_its_links_with_that_port():
    """`PORT=8000 make run` served on 8000 but wrote every calendar, email and certificate link
    with 5000: each command of `make run` now gets the address it serves on."""
    import subprocess

    from lms.config import PROJECT_ROOT
    done = subprocess.run(["make", "-n", "run", "PORT=8123"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin"}, check=True)
    commands = [line for line in done.stdout.splitlines() if "flask --app wsgi" in line]
    assert len(commands) >= 4 and all("LMS_BASE_URL=http://127.0.0.1:8123 " in line for line in commands)
    assert any(line.rstrip().endswith("run --host 127.0.0.1 --port 8123") for line in commands)
