"""`make bench`: the app under gunicorn as in production, loaded by wrk from a second process.

    make bench                                   # SQLite, in a throw-away folder
    make bench DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/lms_bench
    .venv/bin/python -m tests.bench.load --help  # sizes, duration, connections, workers

It builds a fresh database (PostgreSQL: the database named in the URL is emptied, and
created when missing; its name must contain "bench"), migrates it, imports the programme
and seeds a network-sized data set (`seed-network`: 300 centres, 10,000 learners, 60
cohorts, one of 500). Then it serves the app with gunicorn, signs in as a learner of the
500-learner cohort, its facilitator and a staff member, and runs wrk against each
scenario in turn, after checking once that the scenario answers what a person would see
(a 200 with the page's heading, a redirect to the recorded attempt). Certificate PDFs per
second are measured on one core by `tests.bench.certificates`. The trivial route
`/healthz/live` runs first as the framework's ceiling: every throughput is also given as
a share of it.

The report goes to `test-output/bench/<database>.json` and `.md` (the table the README
quotes) and to the terminal. The exit status is 1 when a budget is missed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests import gunicorn

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LUA = Path(__file__).with_name("wrk.lua")
PASSWORD = "bench-password-not-secret"
RANDOM_PAGE_COST = 1.1  # PostgreSQL's default (4) assumes spinning disks and prefers scanning whole tables
QUIZ_LEARNERS = 200   # learners of the big cohort who submit quizzes (each has up to 3 attempts per quiz)


@dataclass
class Scenario:
    key: str
    title: str
    role: str                         # learner, facilitator, staff or anonymous
    path: str
    expect: str                       # text the page must contain (checked once before the load)
    method: str = "GET"
    budget_share: float | None = None  # at least this share of the ceiling's throughput
    budget_p95_ms: float | None = None
    connections: int | None = None
    kept: bool = True                 # False: served with nothing kept, every read rendered
    requests: str | None = None       # a file of requests (tests/bench/wrk.lua), instead of one GET
    result: dict = field(default_factory=dict)


def flask(env: dict, *args: str) -> str:
    done = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, check=False)
    if done.returncode:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


# The database ------------------------------------------------------------------------

def fresh_database(url: str | None, folder: str) -> str:
    if not url:
        return f"sqlite:///{folder}/bench.sqlite3"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if "bench" not in (parsed.database or ""):
        raise SystemExit(f"refusing to empty {parsed.database!r}: the benchmark's database name must contain 'bench'")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}):
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
        # As the README's deployment section recommends for a database held in memory or on SSD.
        conn.execute(text(f'ALTER DATABASE "{parsed.database}" SET random_page_cost = {RANDOM_PAGE_COST}'))
    admin.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def prepare(env: dict, sizes: list[str]) -> dict:
    """Migrate, import the programme, seed the network; then the accounts and cohort the load uses."""
    flask(env, "db", "upgrade")
    flask(env, "courses", "import")
    started = time.perf_counter()
    seeded = flask(env, "seed-network", *sizes)
    seconds = time.perf_counter() - started
    os.environ.update(env)
    from sqlalchemy import func, select, update
    from werkzeug.security import generate_password_hash

    from lms import create_app
    from lms.cohorts.models import Cohort, Enrolment, ModuleSchedule
    from lms.core.permissions import Role
    from lms.courses.models import Activity, Lesson, Module
    from lms.extensions import db
    from lms.learning.models import QuizAttempt
    from lms.users.models import User

    app = create_app()
    with app.app_context():
        session = db.session
        cohort = session.scalar(select(Cohort).join(Enrolment).group_by(Cohort.id)
                                .order_by(func.count(Enrolment.id).desc(), Cohort.id).limit(1))
        learners = list(session.scalars(select(User.id).join(Enrolment, Enrolment.user_id == User.id)
                                        .where(Enrolment.cohort_id == cohort.id).order_by(User.id)))
        password = generate_password_hash(PASSWORD)
        staff = User(email="bench.staff@example.org", full_name="Bench Staff", role=Role.staff, language="en",
                     password_hash=password)
        session.add(staff)
        facilitator = cohort.facilitators[0]
        session.execute(update(User).where(User.id.in_([*learners[:QUIZ_LEARNERS], facilitator.id]))
                        .values(password_hash=password, language="en"))
        # Every module of the measured cohort open, so that each quiz takes submissions.
        session.execute(update(ModuleSchedule).where(ModuleSchedule.cohort_id == cohort.id)
                        .values(opens_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)))
        lesson = session.scalar(select(Lesson).join(Module).where(Lesson.programme_id == cohort.programme_id,
                                                                  Lesson.retired_at.is_(None))
                                .order_by(Module.position, Lesson.position))
        quizzes = list(session.scalars(select(Activity).where(Activity.programme_id == cohort.programme_id,
                                                              Activity.type == "quiz",
                                                              Activity.retired_at.is_(None))
                                       .order_by(Activity.id)))
        used = {(u, a): n for u, a, n in session.execute(
            select(QuizAttempt.user_id, QuizAttempt.activity_id, func.count(QuizAttempt.id))
            .where(QuizAttempt.user_id.in_(learners[:QUIZ_LEARNERS])).group_by(QuizAttempt.user_id,
                                                                                QuizAttempt.activity_id))}
        emails = dict(session.execute(select(User.id, User.email).where(User.id.in_(learners[:QUIZ_LEARNERS]))).all())
        session.commit()
        return {"seed": seeded, "seed_seconds": round(seconds, 1), "cohort_id": cohort.id,
                "cohort_learners": len(learners), "lesson": lesson.slug,
                "learner": emails[learners[0]], "quiz_learners": [(u, emails[u]) for u in learners[:QUIZ_LEARNERS]],
                "facilitator": facilitator.email, "staff": staff.email,
                "quizzes": [(q.id, q.slug, q.definition.get("attempts") or 3, q.definition["questions"])
                            for q in quizzes],
                "used": used}


# The server and the people using it ----------------------------------------------------

class Browser:
    """Someone signed in: a cookie jar, and the form token their pages carry."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect)
        # No User-Agent, as wrk sends none: the session is tied to the browser it was made in
        # (Flask-Login's session protection), and the same person's requests look alike.
        self.opener.addheaders = []

    def open(self, path: str, data: dict | None = None) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                # errors="replace": a download (a spreadsheet) is checked for its status, not read.
                return response.status, response.read().decode(errors="replace"), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    @staticmethod
    def token(html: str) -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)

    def sign_in(self, email: str) -> Browser:
        _, html, _ = self.open("/login")
        status, _, headers = self.open("/login", {"csrf_token": self.token(html), "email": email,
                                                  "password": PASSWORD})
        if status != 302 or "/login" in headers.get("Location", ""):
            raise SystemExit(f"could not sign in as {email} (status {status})")
        return self

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def quiz_requests(base: str, data: dict, folder: str) -> tuple[str, str]:
    """A file of real quiz submissions: every learner's next attempt at each quiz, in attempt order.

    Attempt n of one quiz by one learner is thousands of lines from attempt n + 1, so no two
    requests in flight at once are the same learner's answers to the same quiz.
    """
    cohort = data["cohort_id"]
    lines: list[tuple[int, str]] = []
    first_path = ""
    for user_id, email in data["quiz_learners"]:
        browser = Browser(base).sign_in(email)
        quiz_id, slug, allowed, questions = data["quizzes"][0]
        _, html, _ = browser.open(f"/learn/cohorts/{cohort}/quizzes/{slug}")
        token = Browser.token(html)
        for quiz_id, slug, allowed, questions in data["quizzes"]:
            answers = {}
            for question in questions:
                name = f"q-{question['id']}"
                if question["type"] in ("single", "multiple"):
                    answers[name] = question["options"][0]["id"]
                elif question["type"] == "true_false":
                    answers[name] = "true"
                else:
                    answers[name] = "an answer"
            for number in range(data["used"].get((user_id, quiz_id), 0) + 1, allowed + 1):
                body = urllib.parse.urlencode({"csrf_token": token, "attempt": number, **answers})
                path = f"/learn/cohorts/{cohort}/quizzes/{slug}"
                first_path = first_path or path
                lines.append((number, f"POST\t{path}\t{browser.cookie}\t{body}"))
    lines.sort(key=lambda line: line[0])  # stable: attempt 1 of everyone, then attempt 2, ...
    target = Path(folder) / "quiz-requests.tsv"
    target.write_text("\n".join(line for _, line in lines) + "\n")
    return str(target), first_path


def many_learners_requests(data: dict, folder: str, count: int = 2000) -> tuple[str, str]:
    """Two files of first reads by `count` different learners in random order: each one's own
    dashboard, and the first lesson of their own cohort.

    Their sessions are made as Flask and Flask-Login make them (signed with the app's key, with
    the browser identifier of session protection for a client that sends no User-Agent, as wrk
    sends none), so that 2,000 sign-ins, each a scrypt hash, need not be waited for.
    """
    import random

    from flask_login.utils import _create_identifier
    from sqlalchemy import select

    from lms import create_app
    from lms.cohorts.models import Enrolment
    from lms.extensions import db
    from lms.users.models import User, UserSession

    app = create_app()
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        identifier = _create_identifier()
        serializer = app.session_interface.get_signing_serializer(app)
        people = db.session.execute(
            select(User.id, Enrolment.cohort_id).join(Enrolment, Enrolment.user_id == User.id)
            .where(User.active.is_(True), User.id.not_in([u for u, _e in data["quiz_learners"]]))
            .order_by(User.id).limit(count)).all()
        signed_in = [UserSession(user_id=user_id) for user_id, _cohort in people]  # as signing in makes them
        db.session.add_all(signed_in)
        db.session.commit()
        learners = [(user_id, row.token, cohort_id) for (user_id, cohort_id), row in zip(people, signed_in,
                                                                                         strict=True)]
    if len(learners) < count:
        raise SystemExit(f"only {len(learners)} learners to read their first pages; seed more")
    order = random.Random(2026)
    files = {}
    for kind in ("dashboard", "lesson"):
        lines = []
        for user_id, token, cohort_id in learners:
            cookie = serializer.dumps({"_user_id": f"{user_id}:{token}", "_fresh": True, "_id": identifier})
            path = "/learn" if kind == "dashboard" else f"/learn/cohorts/{cohort_id}/lessons/{data['lesson']}"
            lines.append(f"GET\t{path}\tsession={cookie}\t")
        order.shuffle(lines)
        target = Path(folder) / f"first-{kind}s.tsv"
        target.write_text("\n".join(lines) + "\n")
        files[kind] = str(target)
    return files["dashboard"], files["lesson"]


# Measuring -----------------------------------------------------------------------------

def wrk(base: str, scenario: Scenario, cookie: str, seconds: int, connections: int,
        requests_file: str | None = None) -> dict:
    command = ["wrk", "--threads", "1", "--connections", str(scenario.connections or connections),
               "--duration", f"{seconds}s", "--timeout", "30s", "--script", str(LUA)]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    command.append(base + scenario.path)
    if requests_file:
        command += ["--", requests_file]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRK-JSON "))
    raw = json.loads(line[len("WRK-JSON "):])
    seconds_run = raw["duration_us"] / 1e6
    return {"requests": raw["requests"], "seconds": round(seconds_run, 2),
            "per_second": round(raw["requests"] / seconds_run, 1),
            "p50_ms": round(raw["p50_us"] / 1000, 1), "p95_ms": round(raw["p95_us"] / 1000, 1),
            "p99_ms": round(raw["p99_us"] / 1000, 1), "max_ms": round(raw["max_us"] / 1000, 1),
            "kb_per_response": round(raw["bytes"] / max(1, raw["requests"]) / 1024, 1),
            "statuses": raw["statuses"], "socket_errors": raw["socket_errors"]}


def certificates_per_second() -> dict:
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    done = subprocess.run([*pin, sys.executable, "-m", "tests.bench.certificates", "200"], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "LMS_DATABASE_URL": ""}, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine(database_url: str, workers: int, connections: int) -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    memory = ""
    if Path("/proc/meminfo").exists():
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    from sqlalchemy import create_engine, text
    engine = create_engine(database_url)
    with engine.connect() as conn:
        version = f"{conn.scalar(text('SHOW server_version')).split()[0]}, random_page_cost " \
            f"{conn.scalar(text('SHOW random_page_cost'))}" if engine.dialect.name == "postgresql" \
            else conn.scalar(text("SELECT sqlite_version()"))
    engine.dispose()
    wrk_output = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False).stdout
    wrk_version = wrk_output.split("[")[0].strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": memory, "os": platform.platform(),
            "python": platform.python_version(), "database": f"{engine.dialect.name} {version}",
            "server": f"gunicorn, {workers} sync workers",
            "load": f"{wrk_version}, 1 thread, {connections} connections"}


def table(report: dict) -> str:
    ceiling = report["scenarios"]["ceiling"]["per_second"]
    lines = [f"`make bench` on {report['machine']['database']}, {report['date']}: {report['machine']['cpu']}, "
             f"{report['machine']['cores']} cores, {report['machine']['memory']}; {report['machine']['server']}; "
             f"{report['machine']['load']}, {report['seconds']} s per scenario; data: {report['data']}.",
             "",
             "| scenario | connections | requests/s | share of ceiling | p50 ms | p95 ms | p99 ms | budget | met |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for row in report["scenarios"].values():
        lines.append(f"| {row['title']} | {row['connections']} | {row['per_second']:,.0f} | "
                     f"{row['per_second'] / ceiling:.0%} | "
                     f"{row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['budget']} | "
                     f"{'yes' if row['ok'] else '**no**'} |")
    cert = report["certificates"]
    lines.append(f"| certificate PDFs, one process on one core | | {cert['per_second']:,.1f} | | | | | ≥ 20/s | "
                 f"{'yes' if cert['ok'] else '**no**'} |")
    return "\n".join(lines)


def arguments(description: str, argv: list[str] | None, *, seconds: int, connections: int, learners: str,
              cohorts: str, target: str) -> argparse.Namespace:
    """The options `make bench` and `make bench-scale` share, with each one's defaults; and wrk checked."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    parser.add_argument("--seconds", type=int, default=seconds, help="how long each scenario or page runs")
    parser.add_argument("--connections", type=int, default=connections)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--centres", default="300")
    parser.add_argument("--learners", default=learners)
    parser.add_argument("--cohorts", default=cohorts)
    parser.add_argument("--big-cohort", default="500")
    parser.add_argument("--output", default=str(ROOT / "test-output" / "bench"))
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit(f"wrk is missing: install Debian's wrk package (make {target} does when it can)")
    return args


def seeded(args: argparse.Namespace, folder: str, **settings: str) -> tuple[str, dict, dict]:
    """A fresh database in (or named for) `folder`, seeded to the sizes asked for: its URL, the
    environment the app runs with (`settings` added as LMS_ variables) and what `prepare` found."""
    url = fresh_database(args.database_url, folder)
    env = {**os.environ, "LMS_INSTANCE_PATH": folder, "LMS_DATABASE_URL": url, "LMS_MAIL_SERVER": "",
           "LMS_SECRET_KEY": "bench-secret-key-" + "x" * 32, "PYTHONUNBUFFERED": "1",
           **{f"LMS_{key}": value for key, value in settings.items()}}
    print(f"preparing {url.split('@')[-1]} ...", flush=True)
    data = prepare(env, ["--centres", args.centres, "--learners", args.learners, "--cohorts", args.cohorts,
                         "--big-cohort", args.big_cohort])
    return url, env, data


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__.split("\n\n")[0], argv, seconds=10, connections=8, learners="10000", cohorts="60",
                     target="bench")
    with tempfile.TemporaryDirectory() as folder:
        url, env, data = seeded(args, folder)
        print(f"seeded in {data['seed_seconds']} s: {data['seed']}", flush=True)
        server, base = gunicorn.start(env, args.workers)
        server_kept = server
        try:
            people = {"anonymous": None, "learner": Browser(base).sign_in(data["learner"]),
                      "facilitator": Browser(base).sign_in(data["facilitator"]),
                      "staff": Browser(base).sign_in(data["staff"])}
            requests_file, quiz_path = quiz_requests(base, data, folder)
            first_dashboards, first_lessons = many_learners_requests(data, folder)
            cohort = data["cohort_id"]
            scenarios = [
                Scenario("ceiling", "trivial route (ceiling)", "anonymous", "/healthz/live", "ok"),
                Scenario("dashboard", "learner dashboard", "learner", "/learn", "<h1", budget_share=0.4),
                Scenario("lesson", "lesson page", "learner", f"/learn/cohorts/{cohort}/lessons/{data['lesson']}",
                         "<h1", budget_share=0.4),
                # The same pages from a server that keeps nothing: what a first read costs.
                Scenario("dashboard_rendered", "learner dashboard, nothing kept", "learner", "/learn", "<h1",
                         kept=False, budget_share=0.15),
                Scenario("lesson_rendered", "lesson page, nothing kept", "learner",
                         f"/learn/cohorts/{cohort}/lessons/{data['lesson']}", "<h1", kept=False, budget_share=0.2),
                # 2,000 different learners, each reading their own pages once, in random order: no
                # cache can flatter it (and none is there: the server keeps nothing).
                Scenario("first_dashboards", "2,000 learners' own dashboards, once each", "learner", "/learn",
                         "<h1", kept=False, budget_share=0.15, requests=first_dashboards),
                Scenario("first_lessons", "2,000 learners' own cohort's first lesson, once each", "learner",
                         f"/learn/cohorts/{cohort}/lessons/{data['lesson']}", "<h1", kept=False,
                         budget_share=0.2, requests=first_lessons),
                Scenario("quiz", "quiz submission", "learner", quiz_path, "/attempts/", method="POST"),
                # Facilitators and staff are few: their pages are loaded by two at once.
                Scenario("roster", f"roster of {data['cohort_learners']} learners", "facilitator",
                         f"/cohorts/{cohort}/progress", "<table", budget_p95_ms=150, connections=2),
                Scenario("report", "network report", "staff", "/reports", "<svg", budget_p95_ms=300,
                         connections=2),
                Scenario("gradebook", f"gradebook export, {data['cohort_learners']} learners", "facilitator",
                         f"/cohorts/{cohort}/gradebook.csv", "@", budget_p95_ms=1000, connections=2),
            ]
            before = count_attempts(url)
            for scenario in sorted(scenarios, key=lambda s: not s.kept):
                if not scenario.kept and server_kept is server:
                    gunicorn.stop(server)  # the same data and sessions, served by processes that keep nothing
                    server, base = gunicorn.start({**env, "LMS_PAGE_CACHE_ENTRIES": "0"}, args.workers)
                    for person in people.values():
                        if person:
                            person.base = base
                person = people[scenario.role]
                if scenario.method == "GET":
                    status, html, _ = (person or Browser(base)).open(scenario.path)
                    if status != 200 or scenario.expect not in html:
                        raise SystemExit(f"{scenario.title}: {scenario.path} answered {status} without "
                                         f"{scenario.expect!r}; not measuring a wrong page")
                    cookie = person.cookie if person and not scenario.requests else ""  # a file brings its own
                    scenario.result = wrk(base, scenario, cookie, args.seconds, args.connections, scenario.requests)
                else:
                    scenario.result = wrk(base, scenario, "", args.seconds, args.connections, requests_file)
                print(f"  {scenario.title}: {scenario.result['per_second']} requests/s, "
                      f"p95 {scenario.result['p95_ms']} ms, statuses {scenario.result['statuses']}", flush=True)
            recorded = count_attempts(url) - before
        finally:
            gunicorn.stop(server)
        certificates = certificates_per_second()
        print(f"  certificates: {certificates['per_second']} PDFs/s on one core", flush=True)

        ceiling = scenarios[0].result["per_second"]
        report = {"date": dt.date.today().isoformat(), "machine": machine(url, args.workers, args.connections),
                  "seconds": args.seconds, "data": data["seed"].split(" — ")[0], "scenarios": {},
                  "certificates": certificates}
        problems = []
        for scenario in scenarios:
            row = {"title": scenario.title, "path": scenario.path, **scenario.result,
                   "connections": scenario.connections or args.connections,
                   "share_of_ceiling": round(scenario.result["per_second"] / ceiling, 3)}
            expected_status = "302" if scenario.method == "POST" else "200"
            wrong = {s: n for s, n in scenario.result["statuses"].items() if s != expected_status}
            budget, ok = [], not wrong and not scenario.result["socket_errors"]
            if wrong:
                problems.append(f"{scenario.title}: unexpected answers {wrong}")
            if scenario.budget_share is not None:
                budget.append(f"≥ {scenario.budget_share:.0%} of ceiling")
                ok = ok and row["share_of_ceiling"] >= scenario.budget_share
            if scenario.budget_p95_ms is not None:
                budget.append(f"p95 ≤ {scenario.budget_p95_ms:g} ms")
                ok = ok and scenario.result["p95_ms"] <= scenario.budget_p95_ms
            if scenario.key == "quiz":
                # Every submission answered must be an attempt written to the database (and those
                # still in flight when wrk stopped, at most one per connection, are recorded too).
                row["attempts_recorded"] = recorded
                answered = scenario.result["requests"]
                recorded_ok = answered <= recorded <= answered + row["connections"]
                ok = ok and recorded_ok
                budget.append("each one recorded")
                if not recorded_ok:
                    problems.append(f"quiz: {answered} answered, {recorded} attempts recorded")
            row["budget"] = ", ".join(budget) or "—"
            row["ok"] = ok
            if not ok and scenario.key != "quiz" and not wrong:
                problems.append(f"{scenario.title}: over budget ({row['budget']})")
            report["scenarios"][scenario.key] = row
        if not certificates["ok"]:
            problems.append("certificates: under 20 per second")

    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    name = "postgresql" if url.startswith("postgresql") else "sqlite"
    (output / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    text = table(report)
    (output / f"{name}.md").write_text(text + "\n")
    print("\n" + text)
    print(f"\nreport: {output / name}.json and .md")
    for problem in problems:
        print(f"BUDGET MISSED: {problem}")
    return 1 if problems else 0


def count_attempts(url: str) -> int:
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.scalar(text("SELECT count(*) FROM quiz_attempts"))
    engine.dispose()
    return count


if __name__ == "__main__":
    sys.exit(main())
