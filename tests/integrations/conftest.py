"""A webhook receiver and a learning record store on loopback, and a learner who completes a module."""
from __future__ import annotations

import dataclasses
import os
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from lms.cohorts.models import Cohort
from lms.courses.models import Activity, Lesson, Module
from lms.demo_history import right_answers
from lms.extensions import db
from lms.learning import submissions
from lms.learning.services import mark_lesson_done, record_view, submit_quiz
from lms.users.models import User
from tests.conftest import free_port
from tests.learning.conftest import Classroom, classroom  # noqa: F401

WORDS = " ".join(["word"] * 60)


@dataclasses.dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """An HTTP server on loopback that records every POST and answers with the statuses queued in
    `answers` (then 200)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answers: list[int] = []
        self.delay = 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                if receiver.delay:
                    time.sleep(receiver.delay)
                status = receiver.answers.pop(0) if receiver.answers else 200
                answer = b'{"ok": true}' if status < 300 else b"Internal trouble, try later"
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:  # the client gave up waiting
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/lms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    """The Ralph LRS, installed in its own virtual environment on first use. Where it cannot be had
    the tests that need it are skipped with the reason, except under CI, where they must run."""
    from tests.integrations import lrs

    try:
        lrs.install()
        store = lrs.start(tmp_path_factory.mktemp("ralph"), free_port())
    except lrs.Unavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    yield store
    store.process.terminate()
    store.process.wait(20)


@pytest.fixture()
def lrs_configured(app, ralph, monkeypatch):
    """The platform pointed at Ralph. One store serves every test, and the database's ids start
    again in each: each test is a platform of its own address, so that its learners are its own."""
    from tests.integrations import lrs
    monkeypatch.setitem(app.config, "BASE_URL", f"http://lms-{uuid.uuid4().hex[:12]}.test")
    monkeypatch.setitem(app.config, "XAPI_ENDPOINT", ralph.url)
    monkeypatch.setitem(app.config, "XAPI_USERNAME", lrs.USERNAME)
    monkeypatch.setitem(app.config, "XAPI_PASSWORD", lrs.PASSWORD)
    return ralph


def complete_first_module(app, classroom: Classroom) -> None:  # noqa: F811
    """The learner opens and reads every lesson of the first module, passes its quiz and submits
    the reflection, which the facilitator accepts: the module is complete."""
    with app.test_request_context():
        learner = db.session.get_one(User, classroom.learner.id)
        facilitator = db.session.get_one(User, classroom.facilitator.id)
        cohort = db.session.get_one(Cohort, classroom.cohort_id)
        first = db.session.scalar(select(Module).where(Module.slug == "first"))
        for lesson in db.session.scalars(select(Lesson).where(Lesson.module_id == first.id)):
            record_view(db.session, learner, lesson)
            mark_lesson_done(db.session, learner, lesson)
        quiz, reflection = (db.session.scalar(select(Activity).where(Activity.slug == slug))
                            for slug in ("first-quiz", "first-reflection"))
        submit_quiz(db.session, learner, quiz, right_answers(quiz), "en")
        work = submissions.find_or_start(db.session, learner, reflection, cohort)
        assert submissions.save(db.session, work, reflection, {"text": WORDS}, submit=True) == []
        submissions.review(db.session, work, facilitator, "accepted", "Good.")
        db.session.commit()


def deliver(app) -> str:
    """`flask integrations deliver`, as cron runs it; returns what it printed."""
    result = app.test_cli_runner().invoke(args=["integrations", "deliver"])
    assert result.exit_code == 0, result.output
    return result.output
