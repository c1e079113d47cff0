"""A deterministic data set the size of the UNEVOC Network and beyond, for benchmarks and reports.

`flask --app wsgi seed-network` adds (by default) 300 centres in UNESCO's five regions,
10,000 learners and 60 cohorts of the imported programme, one of them with 500 learners,
with lesson progress, quiz attempts, submissions, attendance, announcements and a
certificate for every learner who finished every lesson. The same options always
give the same data. Rows are written in bulk, in one transaction.
"""
from __future__ import annotations

import datetime as dt
import random
import secrets

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from lms.centres.models import Centre, MemberType, Region
from lms.certificates.models import Certificate
from lms.certificates.status import fill_status_indexes
from lms.cohorts.models import (Announcement, Attendance, Cohort, Enrolment, LiveSession, ModuleSchedule,
                                cohort_facilitators)
from lms.cohorts.services import local_end_of_day, local_midnight
from lms.core import clock
from lms.core.passwords import hash_password
from lms.core.permissions import Role
from lms.courses.models import Activity, Lesson, Module, Programme
from lms.learning.models import LessonProgress, QuizAttempt, Submission
from lms.learning.status import WorkStatus
from lms.users.models import Gender, User

SEEDED_STATUSES = (WorkStatus.submitted, WorkStatus.accepted, WorkStatus.returned)

COUNTRIES = {
    Region.africa: ["KE", "SN", "ET", "NG", "GH", "ZA", "TZ", "UG", "RW", "CM", "CI", "MZ", "BJ", "ML"],
    Region.arab_states: ["EG", "MA", "JO", "SA", "TN", "LB", "OM", "PS", "DZ"],
    Region.asia_pacific: ["CN", "IN", "BD", "ID", "PH", "VN", "KH", "NP", "FJ", "SG", "MY", "LK", "MN"],
    Region.europe_north_america: ["DE", "FR", "CA", "US", "FI", "IT", "RU", "UA", "PL", "NL"],
    Region.latin_america_caribbean: ["CO", "BR", "MX", "PE", "CL", "DO", "JM", "AR", "EC", "HN"],
}
GIVEN = ["Amina", "Wei", "Jean", "María", "Kofi", "Fatima", "Ahmed", "Olga", "Priya", "Carlos", "Mei", "Aïssatou",
         "John", "Nadia", "Tomás", "Yuki", "Ana", "Li", "Samuel", "Leila"]
FAMILY = ["Diallo", "Wang", "Martin", "González", "Mensah", "Haddad", "Ivanova", "Raman", "Silva", "Chen",
          "Okafor", "Nguyen", "Smith", "Kamau", "Rossi", "Sato", "Pérez", "Zhang", "Traoré", "Ali"]
GENDERS = [Gender.female] * 45 + [Gender.male] * 45 + [Gender.other] * 2 + [Gender.undisclosed] * 3 + [None] * 5
BATCH = 2000


def _bulk(session: Session, model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        session.execute(insert(model), rows[start:start + BATCH])


def _centre_name(seed: int, number: int | str) -> str:
    return f"Network centre seed{seed}-{number}"


def already_seeded(session: Session, seed: int = 2026) -> bool:
    return session.scalar(select(Centre.id).where(Centre.name.like(_centre_name(seed, "%"))).limit(1)) is not None


def seed_network(session: Session, *, centres: int = 300, learners: int = 10_000, cohorts: int = 60,
                 big_cohort: int = 500, seed: int = 2026) -> dict[str, int]:
    """Add the data set; needs the programme imported (`flask courses import`)."""
    rng = random.Random(seed)
    programme = session.scalar(select(Programme).where(Programme.retired_at.is_(None)).order_by(Programme.id))
    if programme is None:
        raise ValueError("import the programme first: flask --app wsgi courses import")
    modules = list(session.scalars(select(Module).where(Module.programme_id == programme.id,
                                                        Module.retired_at.is_(None)).order_by(Module.position)))
    lessons = list(session.scalars(select(Lesson).join(Module).where(Lesson.programme_id == programme.id,
                                                                      Lesson.retired_at.is_(None))
                                   .order_by(Module.position, Lesson.position)))
    quizzes = list(session.scalars(select(Activity).where(Activity.programme_id == programme.id,
                                                          Activity.type == "quiz", Activity.retired_at.is_(None))))
    reflections = list(session.scalars(select(Activity).where(Activity.programme_id == programme.id,
                                                              Activity.type == "reflection")))
    now = clock.utcnow()
    tag = f"seed{seed}"

    regions = list(COUNTRIES)
    _bulk(session, Centre, [{
        "name": _centre_name(seed, f"{n:04d}"), "country": rng.choice(COUNTRIES[regions[n % 5]]),
        "region": regions[n % 5], "member_type": rng.choice(list(MemberType)), "city": "", "created_at": now}
        for n in range(centres)])
    centre_ids = list(session.scalars(select(Centre.id).where(Centre.name.like(_centre_name(seed, "%")))
                                      .order_by(Centre.id)))
    password = hash_password(secrets.token_urlsafe(12))
    _bulk(session, User, [{
        "email": f"{tag}.facilitator{n}@example.org", "full_name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
        "role": Role.facilitator, "language": rng.choice(["en", "zh", "fr"]), "timezone": "UTC", "position": "",
        "gender": rng.choice(GENDERS), "centre_id": rng.choice(centre_ids), "password_hash": password,
        "active": True, "created_at": now}
        for n in range(max(1, cohorts // 2))])
    facilitator_ids = list(session.scalars(select(User.id).where(User.email.like(f"{tag}.facilitator%"))
                                           .order_by(User.id)))
    _bulk(session, User, [{
        "email": f"{tag}.learner{n}@example.org", "full_name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
        "role": Role.learner, "language": rng.choice(["en", "zh", "fr"]), "timezone": "UTC",
        "position": "Principal", "gender": rng.choice(GENDERS), "centre_id": rng.choice(centre_ids),
        "password_hash": password, "active": True, "created_at": now}
        for n in range(learners)])
    learner_ids = list(session.scalars(select(User.id).where(User.email.like(f"{tag}.learner%")).order_by(User.id)))

    cohort_rows = []
    for n in range(cohorts):
        starts = (now - dt.timedelta(days=rng.randint(0, 3 * 365))).date()
        cohort_rows.append({"programme_id": programme.id, "name": f"Cohort {tag}-{n:02d}",
                            "language": rng.choice(["en", "zh", "fr"]), "timezone": "UTC", "starts_on": starts,
                            "ends_on": starts + dt.timedelta(days=110), "created_at": now,
                            "region": regions[n % 5]})
    _bulk(session, Cohort, cohort_rows)
    cohort_list = list(session.scalars(select(Cohort).where(Cohort.name.like(f"Cohort {tag}-%")).order_by(Cohort.id)))
    session.execute(insert(cohort_facilitators),
                    [{"cohort_id": c.id, "user_id": facilitator_ids[i % len(facilitator_ids)]}
                     for i, c in enumerate(cohort_list)])
    schedule, sessions, news = [], [], []
    for number_of_cohort, cohort in enumerate(cohort_list):
        step = 110 / max(1, len(modules))
        for index, module in enumerate(modules):
            opens = cohort.starts_on + dt.timedelta(days=round(index * step))
            due = cohort.starts_on + dt.timedelta(days=round((index + 1) * step) - 1)
            schedule.append({"cohort_id": cohort.id, "module_id": module.id, "opens_at": local_midnight(opens, "UTC"),
                             "due_at": local_end_of_day(due, "UTC")})
        for week in range(4):
            sessions.append({"cohort_id": cohort.id, "title": f"Webinar {week + 1}", "duration_minutes": 90,
                             "starts_at": local_midnight(cohort.starts_on, "UTC") + dt.timedelta(days=7 + 25 * week,
                                                                                                hours=13),
                             "link": "https://meet.example.org/webinar", "created_at": now})
        for number in range(3):
            news.append({"cohort_id": cohort.id, "author_id": facilitator_ids[number_of_cohort % len(facilitator_ids)],
                         "title": f"Week {number + 1}", "body": "Readings for the week and the webinar link.",
                         "created_at": now - dt.timedelta(days=7 * number)})
    _bulk(session, ModuleSchedule, schedule)
    _bulk(session, LiveSession, sessions)
    _bulk(session, Announcement, news)

    # The first cohort gets `big_cohort` learners; the others share the rest.
    assignment: dict[int, list[int]] = {cohort_list[0].id: learner_ids[:big_cohort]}
    for index, user_id in enumerate(learner_ids[big_cohort:]):
        assignment.setdefault(cohort_list[1 + index % max(1, cohorts - 1)].id if cohorts > 1 else cohort_list[0].id,
                              []).append(user_id)
    enrolments, progress, attempts, work, attendance, certified = [], [], [], [], [], []
    session_ids: dict[int, list[int]] = {}
    for session_id, cohort_id in session.execute(select(LiveSession.id, LiveSession.cohort_id)
                                                 .where(LiveSession.cohort_id.in_([c.id for c in cohort_list]))):
        session_ids.setdefault(cohort_id, []).append(session_id)
    for cohort in cohort_list:
        for user_id in assignment.get(cohort.id, []):
            enrolments.append({"cohort_id": cohort.id, "user_id": user_id, "enrolled_at": now})
            done = rng.randint(0, len(lessons))
            for lesson in lessons[:done]:
                seen = now - dt.timedelta(days=rng.randint(0, 60))
                progress.append({"user_id": user_id, "lesson_id": lesson.id, "first_viewed_at": seen,
                                 "last_viewed_at": seen, "completed_at": seen})
            for quiz in quizzes[:done // 4]:
                score = rng.choice([50, 75, 88, 100])
                attempts.append({"user_id": user_id, "activity_id": quiz.id, "number": 1, "language": "en",
                                 "questions": [], "answers": {}, "results": {}, "score": score,
                                 "passed": score >= 70, "submitted_at": now})
            for reflection in reflections[:done // 4]:
                work.append({"user_id": user_id, "activity_id": reflection.id, "cohort_id": cohort.id,
                             "status": rng.choice(SEEDED_STATUSES).value,
                             "content": {"text": "Seeded reflection."}, "created_at": now, "updated_at": now,
                             "submitted_at": now})
            for session_id in session_ids.get(cohort.id, [])[:rng.randint(0, 4)]:
                attendance.append({"session_id": session_id, "user_id": user_id, "recorded_at": now})
            if done == len(lessons):
                certified.append((cohort, user_id))
    for model, rows in ((Enrolment, enrolments), (LessonProgress, progress), (QuizAttempt, attempts),
                        (Submission, work), (Attendance, attendance)):
        _bulk(session, model, rows)
    _bulk(session, Certificate, _certificates(session, programme, certified, tag))
    fill_status_indexes(session)  # each certificate's bit in the revocation list: its id, as issuing gives
    session.flush()
    return {"centres": len(centre_ids), "learners": len(learner_ids), "facilitators": len(facilitator_ids),
            "cohorts": len(cohort_list), "enrolments": len(enrolments), "lesson_progress": len(progress),
            "quiz_attempts": len(attempts), "submissions": len(work), "attendance": len(attendance),
            "announcements": len(news), "certificates": len(certified)}


def _certificates(session: Session, programme: Programme, certified: list[tuple[Cohort, int]],
                  tag: str) -> list[dict]:
    """Certificate rows, dated when each cohort ended (or now, for one still running).

    Their serials carry the seed's tag, so they never meet the serials issuing hands out.
    """
    names = dict(session.execute(select(User.id, User.full_name).where(User.id.in_([u for _, u in certified]))).all())
    now = clock.utcnow()
    return [{"serial": f"{tag.upper()}-{n:05d}", "code": secrets.token_urlsafe(18), "user_id": user_id,
             "programme_id": programme.id, "cohort_id": cohort.id, "holder_name": names[user_id],
             "language": cohort.language, "signatory_name": "Seeded signatory",
             "signatory_title": "Head of UNESCO-UNEVOC",
             "issued_at": min(now, dt.datetime.combine(cohort.ends_on, dt.time(12), tzinfo=dt.UTC))}
            for n, (cohort, user_id) in enumerate(certified, start=1)]
