"""The network-sized data set: the sizes asked for, and enough for every report breakdown to show figures."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.cohorts.models import Cohort, Enrolment
from lms.core.permissions import Role
from lms.extensions import db


def test_seed_network_builds_the_sizes_asked_for(app, make_client, make_user):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    result = runner.invoke(args=["seed-network", "--centres", "20", "--learners", "2000", "--cohorts", "20",
                                 "--big-cohort", "200"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("20 centres, 2000 learners, 10 facilitators, 20 cohorts, 2000 enrolments")
    with app.app_context():
        biggest = db.session.scalar(select(func.count(Enrolment.id)).join(Cohort)
                                    .group_by(Cohort.id).order_by(func.count(Enrolment.id).desc()).limit(1))
        assert biggest == 200
        # Each cohort's announcements come from one of that cohort's own facilitators.
        from lms.cohorts.models import Announcement, cohort_facilitators
        strangers = db.session.scalar(select(func.count(Announcement.id)).where(
            ~select(cohort_facilitators.c.user_id).where(cohort_facilitators.c.cohort_id == Announcement.cohort_id,
                                                         cohort_facilitators.c.user_id == Announcement.author_id)
            .exists()))
        assert strangers == 0 and db.session.scalar(select(func.count(Announcement.id))) == 60
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    html = staff.get("/reports?by=region").get_data(as_text=True)
    rows = html.split("<caption>UNESCO region</caption>")[1].split("</tbody>")[0]
    assert rows.count('<th scope="row">') == 5 and "&lt;5" not in rows  # every region shows its figures



def test_seed_network_once_adds_its_data_set_a_single_time(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    sizes = ["--centres", "5", "--learners", "40", "--cohorts", "2", "--big-cohort", "20", "--once"]
    first = runner.invoke(args=["seed-network", *sizes])
    assert first.exit_code == 0 and first.output.startswith("5 centres, 40 learners")
    again = runner.invoke(args=["seed-network", *sizes])
    assert again.exit_code == 0 and "already there" in again.output
    with app.app_context():
        from lms.users.models import User
        assert db.session.scalar(select(func.count(User.id))) == 41  # 40 learners and 1 facilitator, once
