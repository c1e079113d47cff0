"""The demo's impact: graduates of the two previous editions (relative to today) with check-ins at
every stage, evaluations in number enough that some figures show and others are hidden, knowledge
checks, and 12-month results (the self-assessment's third round, the institutions' indicators).

Last year's cohort comes from lms/demo.py (`_graduates`); two of its graduates are added here, and
its certificates are dated a little over six months back, so that the 6-month check-in is under
way: answered by some, reminded for one, and due for Mariama Bâ, who reads French.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.centres.models import Centre
from lms.certificates.models import Certificate
from lms.cohorts.models import Cohort
from lms.core import clock
from lms.core.permissions import Role
from lms.courses.models import Programme
from lms.impact import knowledge, waiting
from lms.impact.followups import action_lines, add_months
from lms.impact.models import (REMINDER_DAYS, ActionStatus, EvaluationInvitation, EvaluationResponse, FollowUp,
                               FollowUpAction, InstitutionIndicators)
from lms.users.models import Gender, User

# email, full name, language, time zone, position, gender, centre name
EARLIER = [
    ("grace.achieng@example.org", "Grace Achieng", "en", "Africa/Nairobi", "Principal", Gender.female,
     "Kenya Technical Trainers College"),
    ("ibrahima.sow@example.org", "Ibrahima Sow", "fr", "Africa/Dakar", "Directeur des études", Gender.male,
     "Centre National de Formation Professionnelle de Dakar"),
    ("tigist.haile@example.org", "Tigist Haile", "en", "Africa/Addis_Ababa", "Head of Industry Liaison",
     Gender.female, "Federal TVET Institute"),
    ("khalid.alharbi@example.org", "خالد الحربي", "en", "Asia/Riyadh", "Director of Training", Gender.male,
     "Technical and Vocational Training Corporation"),
    ("nadia.elamrani@example.org", "Nadia El Amrani", "fr", "Africa/Casablanca", "Cheffe de service",
     Gender.female, "Ministère de la Formation Professionnelle"),
    ("zhang.min@example.org", "张敏", "zh", "Asia/Shanghai", "副校长", Gender.female,
     "Tianjin Sino-German University of Applied Sciences"),
    ("tan.weiming@example.org", "Tan Wei Ming", "en", "Asia/Singapore", "Director, Curriculum", Gender.male,
     "Institute of Technical Education"),
    ("lukas.schmidt@example.org", "Lukas Schmidt", "en", "Europe/Berlin", "Head of Department", Gender.male,
     "Bundesinstitut für Berufsbildung"),
    ("sophie.tremblay@example.org", "Sophie Tremblay", "fr", "America/Toronto", "Directrice des programmes",
     Gender.female, "Colleges and Institutes Canada"),
    ("carlos.restrepo@example.org", "Carlos Restrepo", "en", "America/Bogota", "Subdirector académico",
     Gender.male, "Servicio Nacional de Aprendizaje"),
]
# Added to last year's cohort.
LAST_YEAR = [
    ("kofi.boateng@example.org", "Kofi Boateng", "en", "Africa/Nairobi", "Deputy Principal", Gender.male,
     "Kenya Technical Trainers College"),
    ("leila.haddad@example.org", "Leila Haddad", "en", "Asia/Riyadh", "Quality Manager", Gender.female,
     "Technical and Vocational Training Corporation"),
    ("rosa.martinez@example.org", "Rosa Martínez", "en", "America/Santo_Domingo", "Directora de Planificación",
     Gender.female, "Instituto Nacional de Formación Técnico Profesional"),
]

NOTES = {
    "en": ["The board adopted it in the spring; two departments have started.",
           "Waiting for the ministry's budget decision.", "Finished and reported to the board."],
    "fr": ["Le conseil l’a adopté au printemps ; deux départements ont commencé.",
           "Nous attendons la décision budgétaire du ministère.", "Terminé et présenté au conseil."],
    "zh": ["董事会已于春季通过，两个系已经启动。", "正在等待主管部门的预算决定。", "已完成并向董事会汇报。"],
}
WORKED = {
    "en": "The webinars with peers from other regions, and the feedback on the plan.",
    "fr": "Les webinaires avec des pairs d’autres régions, et les retours sur le plan.",
    "zh": "与其他地区同行的网络研讨会，以及对行动计划的反馈。",
}
CHANGE = {
    "en": "More time for the action plan, and the readings earlier.",
    "fr": "Plus de temps pour le plan d’action, et les lectures plus tôt.",
    "zh": "给行动计划留出更多时间，并提前提供阅读材料。",
}


def load_impact(session: Session, year: int) -> None:
    """`year`: the current edition's; the graduates are of `year - 2` and `year - 1`."""
    programme = session.scalar(select(Programme).where(Programme.slug == "tvet-leadership"))
    staff = session.scalar(select(User).where(User.email == "staff@example.org"))
    facilitator = session.scalar(select(User).where(User.email == "facilitator@example.org"))
    last = session.scalar(select(Cohort).where(Cohort.name == f"{year - 1} online edition"))
    if programme is None or staff is None or facilitator is None or last is None:
        return
    if session.scalar(select(FollowUp.id).where(FollowUp.cohort_id == last.id).limit(1)) is None:
        today = clock.utcnow()
        _last_year(session, programme, last, staff, facilitator, today, year - 1)
        _earlier(session, programme, year - 2, staff, facilitator, today)
        session.flush()
    for person in session.scalars(select(User).where(User.role == Role.learner)):
        waiting.refresh(session, person)  # the check-ins above were written here, not sent by the command
    session.flush()


def _people(session: Session, rows: list, password_hash: str | None) -> list[User]:
    people = []
    for email, name, language, tz, position, gender, centre_name in rows:
        user = session.scalar(select(User).where(User.email == email)) or User(email=email)
        user.full_name, user.role, user.language, user.timezone = name, Role.learner, language, tz
        user.position, user.gender = position, gender
        user.centre = session.scalar(select(Centre).where(Centre.name == centre_name))
        user.password_hash = password_hash
        session.add(user)
        people.append(user)
    session.flush()
    return people


def _plan(session: Session, cohort: Cohort, person: User, facilitator: User) -> None:
    """The whole programme done, as a graduate's record shows it, over the cohort's weeks."""
    from lms.demo_history import backdate_learning, finish_programme

    finish_programme(session, cohort, person, facilitator)
    backdate_learning(session, cohort, person, (clock.utcnow().date() - cohort.ends_on).days + 2)


def _certify(session: Session, cohort: Cohort, person: User, staff: User, issued_at: dt.datetime) -> Certificate:
    from lms.certificates.services import _create, _lock_counter

    certificate = session.scalar(select(Certificate).where(Certificate.user_id == person.id,
                                                           Certificate.cohort_id == cohort.id,
                                                           Certificate.revoked_at.is_(None)))
    if certificate is None:
        _lock_counter(session, cohort.programme_id, issued_at.year)
        certificate = _create(session, cohort, person, staff, issued_at.year)
    certificate.issued_at = issued_at
    return certificate


def _follow_up(session: Session, certificate: Certificate, months: int, *, reminders: int = 0,
               answer: list[ActionStatus] | None = None, indicators: tuple[int, int, int] | None = None) -> FollowUp:
    """A check-in sent on its day (as the daily command does), reminded, answered three days on."""
    due = add_months(certificate.issued_at, months)
    follow_up = FollowUp(user_id=certificate.user_id, certificate_id=certificate.id, cohort_id=certificate.cohort_id,
                         months=months, due_at=due, sent_at=due, reminders=reminders)
    if reminders:
        follow_up.reminded_at = due + dt.timedelta(days=REMINDER_DAYS[reminders - 1])
    session.add(follow_up)
    session.flush()
    if answer is not None:
        follow_up.answered_at = due + dt.timedelta(days=3)
        user = session.get_one(User, certificate.user_id)
        notes = NOTES.get(user.language, NOTES["en"])
        for position, (line, status) in enumerate(zip(action_lines(session, follow_up), answer, strict=False)):
            session.add(FollowUpAction(follow_up_id=follow_up.id, section_id=line.id, position=position,
                                       title=line.title, status=status, note=notes[position % len(notes)],
                                       evidence_url="https://example.org/plan-progress" if status is ActionStatus.done
                                       else ""))
        if indicators is not None:
            session.add(InstitutionIndicators(follow_up_id=follow_up.id, centre_id=user.centre_id,
                                              courses_updated=indicators[0], staff_trained=indicators[1],
                                              partnerships_signed=indicators[2]))
    return follow_up


S = ActionStatus
ANSWERS = [
    [S.done, S.under_way, S.under_way, S.not_started, S.under_way, S.done],
    [S.under_way, S.under_way, S.done, S.dropped, S.not_started, S.under_way],
    [S.done, S.done, S.under_way, S.under_way, S.done, S.done],
]


def _evaluate(session: Session, cohort: Cohort, person: User, index: int) -> None:
    session.merge(EvaluationInvitation(user_id=person.id, cohort_id=cohort.id, answered=True))
    ratings = {"content": 4 + index % 2, "facilitation": 5 - index % 3 // 2, "webinars": 3 + index % 3,
               "relevance": 5 - index % 2, "overall": 4 + (index + 1) % 2}
    session.add(EvaluationResponse(cohort_id=cohort.id, language=person.language, ratings=ratings,
                                   region=person.centre.region.value if person.centre else None,
                                   worked=WORKED.get(person.language, WORKED["en"]) if index % 2 == 0 else "",
                                   change=CHANGE.get(person.language, CHANGE["en"]) if index % 3 == 0 else ""))


def _knowledge(session: Session, cohort: Cohort, person: User, index: int) -> None:
    asked = knowledge.questions(session, cohort.programme_id)
    if not asked:
        return
    done = knowledge.taken(session, person.id, cohort.id)

    def answers(right: int) -> dict[str, str]:
        chosen = {}
        for number, question in enumerate(asked):
            options = question["options"]
            good = [o["id"] for o in options if o.get("correct")]
            bad = [o["id"] for o in options if not o.get("correct")]
            chosen[question["id"]] = good[0] if number < right or not bad else bad[0]
        return chosen

    if "before" not in done:
        knowledge.submit(session, person, cohort, "before", answers(2 + index % 3), person.language)
    if "after" not in done:
        knowledge.submit(session, person, cohort, "after", answers(len(asked) - index % 2), person.language)


def _self_assessment(session: Session, programme: Programme, cohort: Cohort, person: User, index: int) -> None:
    from lms.learning import self_assessment as sa

    activity = sa.instrument(session, programme.id)
    if activity is None:
        return
    levels = [level["id"] for level in activity.definition["scale"]]
    done = sa.responses(session, person.id, activity.id)
    for number, level in ((1, 0), (2, 1), (3, 2 + index % 2)):
        if number not in done:
            pick = levels[min(level, len(levels) - 1)]
            sa.answer(session, person.id, activity, cohort.id, number,
                      {s["id"]: pick for area in activity.definition["areas"] for s in area["statements"]})


def _last_year(session: Session, programme: Programme, cohort: Cohort, staff: User, facilitator: User,
               now: dt.datetime, year: int) -> None:
    from lms.cohorts.services import create_cohort, enrol

    # Certified 192 days ago: the 6-month check-in went out 8 to 11 days ago, its first reminder
    # is out and its second not yet due.
    issued_at = (now - dt.timedelta(days=192)).replace(hour=10, minute=0, second=0, microsecond=0)
    cohort.ends_on = issued_at.date() - dt.timedelta(days=3)
    # In the report an edition is the year its cohort started: last year's, as its name says.
    cohort.starts_on = min(cohort.starts_on, dt.date(year, 12, 1), cohort.ends_on - dt.timedelta(days=110))
    for certificate in session.scalars(select(Certificate).where(Certificate.cohort_id == cohort.id)):
        certificate.issued_at = issued_at
    # The same edition's second cohort (lms/demo.py's own keeps its three certificates).
    regional = create_cohort(session, programme=programme, name=f"{year} regional edition (Africa, Arab States, "
                             "Latin America)", language="en", timezone="UTC", starts_on=cohort.starts_on,
                             ends_on=cohort.ends_on, facilitators=[facilitator])
    added = _people(session, LAST_YEAR, staff.password_hash)
    for person in added:
        enrol(session, regional, person)
        _plan(session, regional, person, facilitator)
    people = {p.email: p for p in session.scalars(select(User).where(User.email.in_(
        ["chen.jing@example.org", "mariama.ba@example.org", *(p.email for p in added)])))}
    certificates = {p.email: _certify(session, regional if p in added else cohort, p, staff, issued_at)
                    for p in people.values()}
    for index, (_email, certificate) in enumerate(sorted(certificates.items())):
        _follow_up(session, certificate, 3, answer=ANSWERS[index % len(ANSWERS)])
    # The 6-month check-in: answered by two, due (reminded once) for Kofi Boateng and for Mariama
    # Bâ, who reads French.
    _follow_up(session, certificates["chen.jing@example.org"], 6, answer=ANSWERS[2])
    _follow_up(session, certificates["leila.haddad@example.org"], 6, answer=ANSWERS[0])
    _follow_up(session, certificates["rosa.martinez@example.org"], 6, answer=ANSWERS[1])
    _follow_up(session, certificates["kofi.boateng@example.org"], 6, reminders=1)
    _follow_up(session, certificates["mariama.ba@example.org"], 6, reminders=1)
    for index, email in enumerate(("chen.jing@example.org", "kofi.boateng@example.org", "leila.haddad@example.org")):
        # Three answers: hidden in the report.
        _evaluate(session, session.get_one(Cohort, certificates[email].cohort_id), people[email], index)
    session.merge(EvaluationInvitation(user_id=people["mariama.ba@example.org"].id, cohort_id=cohort.id))


def _earlier(session: Session, programme: Programme, year: int, staff: User, facilitator: User,
             now: dt.datetime) -> None:
    from lms.cohorts.services import create_cohort, enrol

    name = f"{year} online edition"
    if session.scalar(select(Cohort.id).where(Cohort.name == name)) is not None:
        return
    starts_on = min(now.date() - dt.timedelta(days=665), dt.date(year, 12, 1))  # started in `year`
    cohort = create_cohort(session, programme=programme, name=name, language="en", timezone="UTC",
                           starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=110),
                           facilitators=[facilitator])
    people = _people(session, EARLIER, staff.password_hash)
    issued_at = dt.datetime.combine(cohort.ends_on + dt.timedelta(days=5), dt.time(10, 0), tzinfo=dt.UTC)
    for index, person in enumerate(people):
        enrol(session, cohort, person)
        _plan(session, cohort, person, facilitator)
        certificate = _certify(session, cohort, person, staff, issued_at)
        answers = ANSWERS[index % len(ANSWERS)]
        _follow_up(session, certificate, 3, answer=answers)
        _follow_up(session, certificate, 6, answer=answers if index != 9 else None, reminders=2 if index == 9 else 0)
        if index < 8:  # two did not answer at 12 months
            _follow_up(session, certificate, 12, answer=[
                S.done if s is S.under_way else s for s in answers],
                indicators=(2 + index % 4, 10 + 5 * index, 1 + index % 3))
            _self_assessment(session, programme, cohort, person, index)
        else:
            _follow_up(session, certificate, 12, reminders=2)
        if index < 8:
            _evaluate(session, cohort, person, index)
        else:
            session.merge(EvaluationInvitation(user_id=person.id, cohort_id=cohort.id))
        _knowledge(session, cohort, person, index)
