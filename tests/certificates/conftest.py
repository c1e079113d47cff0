"""A cohort whose learners have done everything the demo programme's completion rule asks; the
independent verifier and a host serving credentials at the address they name."""
from __future__ import annotations

import dataclasses
import os
import threading

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from lms import create_app
from lms.cohorts.models import Cohort
from lms.cohorts.services import enrol
from lms.courses.models import Activity
from lms.extensions import db
from lms.learning import submissions
from lms.learning.services import submit_quiz
from lms.users.models import User
from tests.conftest import free_port, test_config
from tests.learning.conftest import classroom  # noqa: F401

RIGHT = {"unemployed": "m73", "paris": True, "target": "4.3", "areas": ["campus", "culture"]}


def complete(app, cohort_id: int, user_id: int, facilitator_id: int) -> None:
    """Pass both quizzes and have the action plan accepted."""
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        user = db.session.get(User, user_id)
        for slug in ("first-quiz", "second-quiz"):
            submit_quiz(db.session, user, db.session.scalar(select(Activity).where(Activity.slug == slug)), RIGHT, "en")
        plan = db.session.scalar(select(Activity).where(Activity.slug == "action-plan"))
        work = submissions.find_or_start(db.session, user, plan, cohort)
        submissions.save(db.session, work, plan, {"vision": "A green campus by 2030 " * 10}, submit=True)
        submissions.review(db.session, work, db.session.get(User, facilitator_id), "accepted", "")
        db.session.commit()


@pytest.fixture()
def graduates(app, classroom, make_user):  # noqa: F811
    """Three learners who completed everything, writing English, Chinese and French."""
    people = [classroom.learner,
              make_user(full_name="王芳", language="zh", email="wang.fang@example.org"),
              make_user(full_name="Aïssatou Diallo", language="fr", email="aissatou@example.org")]
    with app.app_context():
        cohort = db.session.get(Cohort, classroom.cohort_id)
        for person in people[1:]:
            enrol(db.session, cohort, db.session.get(User, person.id))
        db.session.commit()
    for person in people:
        complete(app, classroom.cohort_id, person.id, classroom.facilitator.id)
    return people


@pytest.fixture(scope="session")
def independent_verifier():
    """Digital Bazaar's verifier, installed from the npm registry on first use. Without node or npm
    the tests that need it are skipped with the reason, except under CI, where they must run."""
    from tests.certificates import independent

    try:
        independent.install()
    except independent.Unavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    return independent


@dataclasses.dataclass
class Host:
    app: Flask
    url: str


def serve(application: Flask, port: int) -> tuple[threading.Thread, object]:
    server = make_server("127.0.0.1", port, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread, server


@pytest.fixture(scope="session")
def credential_host(app, database_url, smtp_server, tmp_path_factory):
    """A second app on the suite's database, served on loopback at the address its BASE_URL names, so
    that the addresses in its credentials (issuer, keys, status list) are where a verifier finds them."""
    port = free_port()
    config = {**test_config(database_url, tmp_path_factory.mktemp("host"), smtp_server[1]),
              "BASE_URL": f"http://127.0.0.1:{port}"}
    host = create_app(config)
    thread, server = serve(host, port)
    yield Host(host, config["BASE_URL"])
    server.shutdown()
    thread.join(10)
    host.extensions["lms-db"].engine.dispose()
