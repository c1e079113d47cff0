"""No page sends more than 10 queries, and no page sends more when the data grows tenfold.

A network is seeded, every page of each role is opened and its SQL statements counted;
then the network grows ten times over — ten times the learners in the measured cohort,
its live sessions and announcements, the facilitator's cohorts, the centres, people and
certificates — and every page is counted again. Each page is opened twice: neither visit may
send more than ten queries, and the second (steady state) must send as many on the large
network as on the small one.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, insert, select, update

from lms.certificates.models import Certificate
from lms.cohorts.models import Announcement, Cohort, Enrolment, LiveSession, cohort_facilitators
from lms.courses.models import Activity, Lesson, Module
from lms.core.permissions import Role
from lms.extensions import db
from lms.learning.models import Submission
from lms.reports.services import refresh
from lms.seed import seed_network
from lms.users.models import User
from tests.conftest import PASSWORD

BUDGET = 10
# The personal-data file reads each kind of thing the platform keeps about a person (their work,
# their posts, their follow-ups...) once: more than a page, and no more however much they wrote.
BUDGETS = {"/profile/data.json": 18}


@contextmanager
def counting(app) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = app.extensions["lms-db"].engine

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@dataclasses.dataclass
class Network:
    cohort_id: int
    learner: str
    facilitator: str
    staff: str
    module: str
    lesson: str
    quiz: str
    reflection: str
    action_plan: str
    submission_id: int
    session_id: int
    certificate_id: int


def _seed(app, make_user) -> Network:
    imported = app.test_cli_runner().invoke(args=["courses", "import"])
    assert imported.exit_code == 0, imported.output
    staff = make_user(role=Role.staff)
    with app.app_context():
        session = db.session
        seed_network(session, centres=6, learners=60, cohorts=3, big_cohort=20, seed=1)
        cohort = session.scalar(select(Cohort).where(Cohort.name == "Cohort seed1-00"))
        facilitator = cohort.facilitators[0]
        # The learner who has done the most, so that every page of theirs has something on it.
        learner = session.scalar(select(User).join(Enrolment, Enrolment.user_id == User.id)
                                 .where(Enrolment.cohort_id == cohort.id, User.email.like("seed1.learner%"))
                                 .order_by(User.id))
        for person in (facilitator, learner):
            person.set_password(PASSWORD)
        # Every module open, so that every page of the learner's answers 200.
        for schedule in cohort.schedule:
            schedule.opens_at = schedule.opens_at.replace(year=2000)
        module = session.scalar(select(Module).where(Module.programme_id == cohort.programme_id)
                                .order_by(Module.position))
        lesson = session.scalar(select(Lesson).where(Lesson.module_id == module.id).order_by(Lesson.position))

        def activity(kind: str) -> Activity:
            return session.scalar(select(Activity).where(Activity.programme_id == cohort.programme_id,
                                                         Activity.type == kind).order_by(Activity.position))

        # Their reflection submitted, whether or not the seed gave them one already.
        submission = session.scalar(select(Submission).where(Submission.user_id == learner.id,
                                                             Submission.activity_id == activity("reflection").id))
        if submission is None:
            submission = Submission(user_id=learner.id, activity_id=activity("reflection").id, cohort_id=cohort.id)
            session.add(submission)
        submission.status, submission.content = "submitted", {"text": "What we changed this term."}
        session.flush()
        live = session.scalar(select(LiveSession).where(LiveSession.cohort_id == cohort.id))
        certificate = session.scalar(select(Certificate).order_by(Certificate.id))
        if certificate is None:
            pytest.fail("the seeded network has no certificate to show")
        session.commit()
        return Network(cohort.id, learner.email, facilitator.email, staff.email, module.slug, lesson.slug,
                       activity("quiz").slug, activity("reflection").slug, activity("action_plan").slug,
                       submission.id, live.id, certificate.id)


def _grow_tenfold(app, network: Network) -> None:
    """Nine times as much again, with the measured cohort and facilitator taking their share."""
    with app.app_context():
        session = db.session
        seed_network(session, centres=54, learners=540, cohorts=27, big_cohort=180, seed=2)
        others = list(session.scalars(select(Cohort.id).where(Cohort.name.like("Cohort seed2-%"))
                                      .order_by(Cohort.id)))
        big = others[0]
        for model in (Enrolment, Submission, Certificate):
            session.execute(update(model).where(model.cohort_id == big).values(cohort_id=network.cohort_id))
        for model in (LiveSession, Announcement):
            session.execute(update(model).where(model.cohort_id.in_(others[:9])).values(cohort_id=network.cohort_id))
        facilitator = session.scalar(select(User).where(User.email == network.facilitator))
        session.execute(insert(cohort_facilitators), [{"cohort_id": c, "user_id": facilitator.id} for c in others])
        session.commit()


def pages(n: Network) -> dict[str, list[str]]:
    cohort = f"/cohorts/{n.cohort_id}"
    learn = f"/learn/cohorts/{n.cohort_id}"
    return {
        n.learner: ["/learn", f"{learn}/modules/{n.module}", f"{learn}/lessons/{n.lesson}",
                    f"{learn}/quizzes/{n.quiz}", f"{learn}/reflections/{n.reflection}",
                    f"{learn}/action-plans/{n.action_plan}", f"{learn}/self-assessment",
                    f"{learn}/modules/{n.module}/offline.html", f"{learn}/tools/gpi-worksheet.xlsx", "/profile",
                    "/profile/data.json"],
        n.facilitator: ["/facilitate", cohort, f"{cohort}/schedule", f"{cohort}/sessions",
                        f"{cohort}/sessions/{n.session_id}", f"{cohort}/sessions/{n.session_id}/attendance",
                        f"{cohort}/announcements", f"{cohort}/learners", f"{cohort}/progress",
                        f"{cohort}/grading", f"{cohort}/work/{n.submission_id}", f"{cohort}/gradebook.csv",
                        f"{cohort}/gradebook.xlsx", f"{cohort}/certificates", "/reports",
                        "/reports/region.csv"],
        n.staff: ["/staff", "/staff/users", "/staff/centres/", "/staff/cohorts", "/staff/certificates",
                  f"/staff/certificates/{n.certificate_id}", "/staff/audit", f"{cohort}/edit",
                  "/reports", "/reports?by=country", "/reports?by=centre", "/reports?by=cohort",
                  "/reports?by=year&view=africa", "/reports?view=ldc&gender=female",
                  "/reports/centre.csv", "/reports/cohort.xlsx"],
    }


def _count_every_page(app, make_client, network: Network) -> dict[str, list[str]]:
    counts = {}
    for email, urls in pages(network).items():
        client = make_client()
        assert client.login(email).status_code == 302
        for url in urls:
            # Twice: a first visit may write (a lesson's first view); the second shows the steady state.
            for visit in ("first", "again"):
                with counting(app) as statements:
                    response = client.get(url)
                assert response.status_code == 200, f"{url} answered {response.status_code}"
                counts[f"{email.split('@')[0]} {url} ({visit})"] = statements
    return counts


def _fresh_report(app) -> None:
    """The report reads its snapshot, rebuilt from cron or when stale: build it, as cron would."""
    with app.app_context():
        refresh(db.session)
        db.session.commit()


def test_no_page_sends_more_than_ten_queries_however_large_the_network(app, make_client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_MAX_AGE_SECONDS", 3600)
    # Pages as they are built: a learner page served from the page cache sends two queries
    # (tests/learning/test_page_cache.py); here every page is rendered.
    monkeypatch.setattr(app.extensions["lms-page-cache"], "entries", 0)
    network = _seed(app, make_user)
    _fresh_report(app)
    before = _count_every_page(app, make_client, network)
    _grow_tenfold(app, network)
    _fresh_report(app)
    after = _count_every_page(app, make_client, network)

    over = {url: len(sent) for url, sent in {**before, **after}.items()
            if len(sent) > BUDGETS.get(url.split()[1], BUDGET)}
    grew = {url: (len(before[url]), len(after[url])) for url in before
            if url.endswith("(again)") and len(after[url]) != len(before[url])}
    assert over == {} and grew == {}, (
        f"pages over {BUDGET} queries: {over}\npages whose queries grew with the data (before, after): {grew}\n"
        + _statements({url: after[url] for url in {**over, **grew}}))


def _statements(pages: dict[str, list[str]]) -> str:
    """What each page sent, one line per statement, to find the query to merge or the loop that queries."""
    return "\n".join(f"{url}:\n" + "\n".join("    " + " ".join(s.split())[:160] for s in sent)
                     for url, sent in pages.items())
