"""The network-sized data set: the sizes asked for, and enough for every report breakdown to show figures."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.cohorts.models import Cohort, Enrolment
from lms.core.permissions import Role
from lms.extensions import db
from tests.conftest import visible_text


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

    # A breakdown by centre (20 of them) comes a page at a time, the choice of breakdown kept.
    app.config["USERS_PER_PAGE"], per_page = 8, app.config["USERS_PER_PAGE"]
    try:
        pages = [staff.get(f"/reports?by=centre&page={n}").get_data(as_text=True) for n in (1, 3)]
    finally:
        app.config["USERS_PER_PAGE"] = per_page
    counted = [p.split('id="breakdown-heading"')[1].split("</tbody>")[0].count('<th scope="row">') for p in pages]
    assert counted == [8, 4] and "Page 3 of 3" in visible_text(pages[1])
    assert re.search(r'rel="prev" href="[^"]*by=centre', pages[1])
    # A filter's option whose text is its value is written without the value, and stays chosen.
    with app.app_context():
        name = db.session.scalar(select(Cohort.name).order_by(Cohort.id))
    chosen = staff.get("/reports", query_string={"cohort": name}).get_data(as_text=True)
    assert f"<option selected>{name}</option>" in chosen



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


def test_the_reports_figures_and_filter_options_agree_with_the_facts_one_by_one(app):
    """The report adds the facts up by place and by cohort (two grouped queries) and reads its
    filters' options from that; both must give what counting every fact one by one gives."""
    from collections import Counter

    from lms.cohorts.models import cohort_facilitators
    from lms.reports import queries
    from lms.reports.models import ReportFact
    from lms.reports.services import refresh
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    assert runner.invoke(args=["seed-network", "--centres", "12", "--learners", "600", "--cohorts", "6",
                               "--big-cohort", "150"]).exit_code == 0
    with app.app_context():
        refresh(db.session)
        facts = list(db.session.scalars(select(ReportFact)))
        facilitator = db.session.scalar(select(Cohort).order_by(Cohort.id)).facilitators[0]
        for scope, mine in ((queries.Scope(), facts),
                            (queries.Scope(facilitator.id), [f for f in facts if f.cohort_id in set(
                                db.session.scalars(select(cohort_facilitators.c.cohort_id)
                                                   .where(cohort_facilitators.c.user_id == facilitator.id)))])):
            report = queries.report(db.session, scope)
            for dimension in queries.DIMENSIONS:
                expected = Counter(getattr(f, dimension) for f in mine)
                assert {key: counts.enrolled for key, counts in report.breakdowns[dimension]} == expected, dimension
                certified = Counter(getattr(f, dimension) for f in mine if f.certified)
                assert {k: c.certified for k, c in report.breakdowns[dimension] if c.certified} == certified
            assert report.total.enrolled == len(mine) and report.total.completed == sum(f.completed for f in mine)
            assert queries.options(db.session, scope, report) == queries.options(db.session, scope)
