"""Demo data: centres across UNESCO's five regions and accounts for every role.

Running it again refreshes the same rows (matched by name or email) instead of adding more.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.demo_history import (backdate_learning, backdate_work, enrolment_time, finish_programme, module_work,
                              right_answers, spread_over_weeks)
from lms.demo_texts import DEMO_PLAN_SECTION
from lms.centres.models import Centre, MemberType, Region
from lms.core import clock
from lms.core.passwords import hash_password
from lms.core.permissions import Role
from lms.users.models import Gender, User

A, AS, AP, ENA, LAC = (Region.africa, Region.arab_states, Region.asia_pacific,
                       Region.europe_north_america, Region.latin_america_caribbean)
MIN, NAT, UNI, INST = (MemberType.ministry, MemberType.national_body,
                       MemberType.university_research, MemberType.training_institution)

CENTRES = [
    # name, city, country, region, member type
    ("Kenya Technical Trainers College", "Nairobi", "KE", A, UNI),
    ("Centre National de Formation Professionnelle de Dakar", "Dakar", "SN", A, INST),
    ("Federal TVET Institute", "Addis Ababa", "ET", A, UNI),
    ("Technical and Vocational Training Corporation", "Riyadh", "SA", AS, NAT),
    ("Ministère de la Formation Professionnelle", "Rabat", "MA", AS, MIN),
    ("Tianjin Sino-German University of Applied Sciences", "天津", "CN", AP, UNI),
    ("Institute of Technical Education", "Singapore", "SG", AP, INST),
    ("National Skill Development Agency", "Dhaka", "BD", AP, NAT),
    ("Bundesinstitut für Berufsbildung", "Bonn", "DE", ENA, NAT),
    ("Colleges and Institutes Canada", "Ottawa", "CA", ENA, INST),
    ("Servicio Nacional de Aprendizaje", "Bogotá", "CO", LAC, NAT),
    ("Instituto Nacional de Formación Técnico Profesional", "Santo Domingo", "DO", LAC, MIN),
]

PEOPLE = [
    # email, full name, role, language, time zone, position, gender, centre index
    ("staff@example.org", "Amélie Laurent", Role.staff, "en", "Europe/Berlin",
     "Programme Officer, UNESCO-UNEVOC", Gender.female, 8),
    ("facilitator@example.org", "Kwame Mensah", Role.facilitator, "en", "Africa/Nairobi",
     "Senior Lecturer in TVET Leadership", Gender.male, 0),
    ("learner@example.org", "王芳", Role.learner, "zh", "Asia/Shanghai",
     "副院长 (Vice-President)", Gender.female, 5),
    ("facilitator.fr@example.org", "Fatou Ndiaye", Role.facilitator, "fr", "Africa/Dakar",
     "Formatrice principale", Gender.female, 1),
    ("aissatou.diallo@example.org", "Aïssatou Diallo", Role.learner, "fr", "Africa/Dakar",
     "Directrice des études", Gender.female, 1),
    ("abebe.bekele@example.org", "አበበ በቀለ", Role.learner, "en", "Africa/Addis_Ababa",
     "Dean, Faculty of Technology", Gender.male, 2),
    ("fatima.alzahra@example.org", "فاطمة الزهراء", Role.learner, "en", "Asia/Riyadh",
     "Director of Quality Assurance", Gender.female, 3),
    ("youssef.benali@example.org", "Youssef Benali", Role.learner, "fr", "Africa/Casablanca",
     "Chef de division", Gender.male, 4),
    ("li.wei@example.org", "李伟", Role.learner, "zh", "Asia/Shanghai",
     "校长 (Principal)", Gender.male, 5),
    ("priya.raman@example.org", "प्रिया रमन", Role.learner, "en", "Asia/Singapore",
     "Head of Curriculum", None, 6),
    ("rahim.uddin@example.org", "রহিম উদ্দিন", Role.learner, "en", "Asia/Dhaka",
     "Deputy Director", Gender.undisclosed, 7),
    ("jonas.mueller@example.org", "Jonas Müller", Role.learner, "en", "Europe/Berlin",
     "Head of Training", Gender.male, 8),
    ("olga.ivanova@example.org", "Ольга Иванова", Role.learner, "en", "America/Toronto",
     "Vice-President Academic", Gender.female, 9),
    ("maria.gonzalez@example.org", "María José González", Role.learner, "en", "America/Bogota",
     "Directora Regional", Gender.female, 10),
    ("sione.taufa@example.org", "Sione Tāufa", Role.learner, "en", "Pacific/Tongatapu",
     "Principal", Gender.other, 6),
    ("camille.dubois@example.org", "Camille Dubois", Role.learner, "fr", "America/Toronto",
     "Directrice adjointe aux études", Gender.female, 9),
    # Graduates of last year's edition, certified.
    ("chen.jing@example.org", "陈静", Role.learner, "zh", "Asia/Shanghai", "教务处处长", Gender.female, 5),
    ("mariama.ba@example.org", "Mariama Bâ", Role.learner, "fr", "Africa/Dakar", "Directrice", Gender.female, 1),
    ("daniel.okafor@example.org", "Daniel Okafor", Role.learner, "en", "Africa/Lagos", "Rector", Gender.male, 0),
]


def load_demo(session: Session, password: str) -> str:
    """Create or refresh the demo centres and people; every demo account gets `password`."""
    centres = []
    for name, city, country, region, member_type in CENTRES:
        centre = session.scalar(select(Centre).where(Centre.name == name)) or Centre(name=name)
        centre.city, centre.country, centre.region, centre.member_type = city, country, region, member_type
        session.add(centre)
        centres.append(centre)
    session.flush()
    password_hash = hash_password(password)  # one slow hash serves every demo account
    for email, name, role, language, tz, position, gender, centre_index in PEOPLE:
        user = session.scalar(select(User).where(User.email == email)) or User(email=email)
        user.full_name, user.role, user.language, user.timezone = name, role, language, tz
        user.position, user.gender, user.centre = position, gender, centres[centre_index]
        user.active = True
        user.password_hash = password_hash
        session.add(user)
    session.flush()
    from lms.integrations.demo import demo_endpoint, settle_deliveries
    endpoint = demo_endpoint(session)
    cohorts = _load_cohorts(session)
    settle_deliveries(session, endpoint)
    from lms.applications.demo import load_calls
    from lms.cohorts.models import Cohort
    calls = load_calls(session, list(session.scalars(select(Cohort).where(
        Cohort.name.in_([t.format(year=edition_year(clock.utcnow().date())) for t, *_rest in COHORTS])))))
    from lms.alumni.demo import load_alumni
    from lms.impact.demo import load_impact
    from lms.lti.demo import load_integrations
    load_impact(session, edition_year(clock.utcnow().date()))
    alumni = load_alumni(session)
    integrations = load_integrations(session)
    return (f"Demo loaded: {len(CENTRES)} centres, {len(PEOPLE)} people, {cohorts} cohorts, {calls}, {alumni}, "
            f"{integrations}.")


# name ({year}: the year it started), language, facilitator, learners (emails), lessons done by
# the first learner, days since the start, days to the end; all relative to today, so that the
# demo shows a programme under way on whatever day it is loaded.
COHORTS = [
    # Near its end: every module is open, the capstone included.
    ("{year} online edition (English and Chinese)", "en", "facilitator@example.org",
     ["learner@example.org", "abebe.bekele@example.org", "fatima.alzahra@example.org", "li.wei@example.org",
      "priya.raman@example.org", "rahim.uddin@example.org", "jonas.mueller@example.org",
      "olga.ivanova@example.org", "maria.gonzalez@example.org", "sione.taufa@example.org",
      "camille.dubois@example.org"], 28, 110, 10),
    # Three weeks in: the later modules are still locked.
    ("Édition {year} en français", "fr", "facilitator.fr@example.org",
     ["aissatou.diallo@example.org", "youssef.benali@example.org"], 6, 21, 100),
]


def _load_cohorts(session: Session) -> int:
    """Cohorts of the imported programme, if there is one (`flask courses import` first)."""
    from lms.cohorts.models import Cohort
    from lms.cohorts.services import create_cohort, enrol
    from lms.courses.models import Programme
    from lms.learning.queries import programme_lessons
    from lms.learning.services import mark_lesson_done

    programme = session.scalar(select(Programme).where(Programme.slug == "tvet-leadership"))
    if programme is None:
        return 0
    today = clock.utcnow().date()
    lessons = programme_lessons(session, programme.id)
    for template, language, facilitator_email, learner_emails, done, since, until in COHORTS:
        name = template.format(year=(today - dt.timedelta(days=since)).year)
        people = {u.email: u for u in session.scalars(
            select(User).where(User.email.in_([facilitator_email, *learner_emails])))}
        cohort = session.scalar(select(Cohort).where(Cohort.name == name))
        if cohort is None:
            cohort = create_cohort(session, programme=programme, name=name, language=language,
                                   timezone="UTC", starts_on=today - dt.timedelta(days=since),
                                   ends_on=today + dt.timedelta(days=until),
                                   facilitators=[people[facilitator_email]])
        for email in learner_emails:
            enrol(session, cohort, people[email]).enrolled_at = enrolment_time(cohort)
        for lesson in lessons[:done]:
            mark_lesson_done(session, people[learner_emails[0]], lesson)
        if learner_emails[0] == "aissatou.diallo@example.org":  # on track: the first module done
            from lms.demo_texts import REFLECTION_FR_AGENDA
            first = people[learner_emails[0]]
            module_work(session, cohort, first, people[facilitator_email], 1, waiting=True,
                         texts={"tvet-2030-agenda": REFLECTION_FR_AGENDA}, language="fr")
            backdate_learning(session, cohort, first, 1.5)
        if learner_emails[0] == "learner@example.org":
            _learner_work(session, cohort, people["learner@example.org"], people[facilitator_email])
            _cohort_life(session, cohort, people, people[facilitator_email], lessons)
            _community(session, cohort, people, people[facilitator_email])
    _graduates(session, programme, people_by_email(session), edition_year(today) - 1)
    session.flush()
    return len(COHORTS) + 1


def edition_year(today: dt.date) -> int:
    """The year the demo's main cohort started in, which its name gives."""
    return (today - dt.timedelta(days=COHORTS[0][5])).year


def people_by_email(session: Session) -> dict[str, User]:
    return {u.email: u for u in session.scalars(select(User).where(User.email.in_([p[0] for p in PEOPLE])))}


def _graduates(session: Session, programme, people: dict[str, User], year: int) -> None:
    """A finished cohort of the year before whose graduates did everything and hold certificates
    (one revoked)."""
    from lms.certificates.models import Certificate
    from lms.certificates.services import issue, revoke
    from lms.cohorts.facilitation import record_attendance, save_session
    from lms.cohorts.models import Cohort
    from lms.cohorts.services import create_cohort, enrol

    name = f"{year} online edition"
    if session.scalar(select(Cohort.id).where(Cohort.name == name)) is not None:
        return
    staff, facilitator = people["staff@example.org"], people["facilitator@example.org"]
    graduates = [people[e] for e in ("daniel.okafor@example.org", "chen.jing@example.org", "mariama.ba@example.org")]
    today = clock.utcnow().date()
    cohort = create_cohort(session, programme=programme, name=name, language="en", timezone="UTC",
                           starts_on=today - dt.timedelta(days=300), ends_on=today - dt.timedelta(days=190),
                           facilitators=[facilitator])
    for person in graduates:
        enrol(session, cohort, person)
    start = dt.datetime.combine(cohort.starts_on, dt.time(13, 0))
    for week in range(4):
        live = save_session(session, cohort, None, title=f"Webinar {week + 1}", duration_minutes=90,
                            starts_local=start + dt.timedelta(days=21 * week + 7),
                            link=f"https://meet.example.org/unevoc-{year}-{week + 1}")
        record_attendance(session, live, {p.id for p in graduates}, facilitator)
    for person in graduates:
        finish_programme(session, cohort, person, facilitator)
        backdate_learning(session, cohort, person, (today - cohort.ends_on).days + 2)
    issue(session, cohort, graduates, staff)
    wrong = session.scalars(select(Certificate).where(Certificate.cohort_id == cohort.id,
                                                      Certificate.user_id == graduates[0].id)).one()
    revoke(session, wrong, staff, "Issued in error before the final review of the action plan; "
                                  "a corrected certificate will follow.")


def _learner_work(session: Session, cohort, learner: User, facilitator: User) -> None:
    """The demo learner part-way through: a passed quiz, a returned reflection, a draft plan."""
    from lms.courses.models import Activity
    from lms.learning import submissions
    from lms.learning.models import QuizAttempt, SelfAssessmentResponse
    from lms.learning.services import submit_quiz
    from lms.learning.status import Decision

    def activity(slug: str) -> Activity | None:
        return session.scalar(select(Activity).where(Activity.programme_id == cohort.programme_id,
                                                     Activity.slug == slug))

    # Her reflections, handed in (and reviewed) days ago: the first returned, one accepted, one waiting.
    for slug, text, days, decision, comment in (
            ("tvet-2030-agenda-reflection", DEMO_REFLECTION, (12.2, 10.9), Decision.returned,
             "谢谢您的反思。请再具体说明：贵学院将用哪一项指标来衡量具体目标4.3的进展？"
             " (Thank you. Please name the indicator your college will use for target 4.3.)"),
            ("leading-change-reflection", DEMO_REFLECTION_CHANGE, (30.1, 28.1), Decision.accepted,
             "很好的分析：试点专业和就业率指标都很具体。 (A clear plan with a measurable indicator.)"),
            ("greening-tvet-reflection", DEMO_REFLECTION_GREENING, (1.6, None), None, "")):
        reflection = activity(slug)
        if reflection and submissions.find(session, learner, reflection) is None:
            work = submissions.find_or_start(session, learner, reflection, cohort)
            submissions.save(session, work, reflection, {"text": text}, submit=True)
            if decision is not None:
                submissions.review(session, work, facilitator, decision, comment)
            backdate_work(work, submitted=days[0], reviewed=days[1])
    # Her first reflection came back for another try: the facilitator gave her a week for it.
    from lms.cohorts.allowances import extend_deadline
    from lms.cohorts.models import DeadlineExtension
    from lms.courses.models import Module
    first = session.scalar(select(Module).where(Module.programme_id == cohort.programme_id,
                                                Module.slug == "tvet-2030-agenda"))
    if first is not None and session.scalar(select(DeadlineExtension.id).where(
            DeadlineExtension.user_id == learner.id, DeadlineExtension.cohort_id == cohort.id)) is None:
        extend_deadline(session, cohort, learner, first, clock.utcnow().date() + dt.timedelta(days=7),
                        "Time to rework the reflection that was returned.", facilitator)
    # The five modules whose lessons she has read: their quizzes passed.
    for module in ("tvet-2030-agenda", "leading-change", "youth-employment", "equity-inclusion", "greening-tvet"):
        quiz = activity(f"{module}-quiz")
        if quiz and not session.scalar(select(QuizAttempt.id).where(QuizAttempt.user_id == learner.id,
                                                                       QuizAttempt.activity_id == quiz.id)):
            submit_quiz(session, learner, quiz, right_answers(quiz), "zh")
    spread_over_weeks(session, learner, cohort, 0.2)
    plan = activity("institutional-action-plan")
    if plan and submissions.find(session, learner, plan) is None:
        work = submissions.find_or_start(session, learner, plan, cohort)
        submissions.save(session, work, plan, {"context-and-diagnosis": DEMO_PLAN_CONTEXT}, submit=False)
    survey = activity("greening-self-assessment")
    if survey and not session.scalar(select(SelfAssessmentResponse.id)
                                     .where(SelfAssessmentResponse.user_id == learner.id)):
        levels = [level["id"] for level in survey.definition["scale"]]
        answers = {}
        for index, area in enumerate(survey.definition["areas"]):
            for statement in area["statements"]:
                answers[statement["id"]] = levels[min(index % len(levels), len(levels) - 1)]
        session.add(SelfAssessmentResponse(user_id=learner.id, activity_id=survey.id, cohort_id=cohort.id,
                                           round=1, answers=answers, definition=survey.definition))


# email: lessons read (in order), modules whose quiz and reflection are done (in order), action plan
# handed in, days since their last visit. The last piece of work of each waits for review.
STAGES = {
    "olga.ivanova@example.org": (36, 7, True, 0.8),     # on track, her plan waiting for review
    "jonas.mueller@example.org": (35, 7, False, 2.4),   # on track, his last reflection waiting
    "abebe.bekele@example.org": (18, 3, False, 5.0),    # behind: the fourth module is overdue
    "camille.dubois@example.org": (15, 2, False, 3.0),
    "fatima.alzahra@example.org": (9, 1, False, 6.6),
    "li.wei@example.org": (4, 0, False, 20.0),          # quiet for three weeks
    # priya, rahim, maria and sione have not started: they show as at risk.
}


def _cohort_life(session: Session, cohort, people: dict, facilitator: User, lessons: list) -> None:
    """Sessions past and coming, learners at every stage, work waiting for review, an announcement."""
    from lms.cohorts.facilitation import announce, record_attendance, save_session
    from lms.cohorts.models import Announcement, LiveSession
    from lms.courses.models import Activity
    from lms.learning import submissions
    from lms.learning.services import mark_lesson_done

    if session.scalar(select(LiveSession.id).where(LiveSession.cohort_id == cohort.id)) is None:
        now = clock.utcnow().replace(tzinfo=None, minute=0, second=0, microsecond=0)
        # Every few weeks of the cohort's 120 days, the last one week before it ends.
        for days, title in ((-80, "Webinar 1: Vision for change"), (-50, "Webinar 2: Knowledge for change"),
                            (-20, "Webinar 3: Skills for change"), (3, "Webinar 4: Action for change")):
            # At noon in the cohort's zone (UTC): afternoon in Africa and Europe, evening in Asia.
            starts = (now + dt.timedelta(days=days)).replace(hour=12)
            live = save_session(session, cohort, None, title=title, starts_local=starts,
                                duration_minutes=90, link=f"https://meet.example.org/unevoc-{abs(days)}")
            if days < 0:
                present = {people[e].id for e in ("learner@example.org", "olga.ivanova@example.org",
                                                  "jonas.mueller@example.org", "abebe.bekele@example.org")}
                record_attendance(session, live, present, facilitator)
    plan = session.scalar(select(Activity).where(Activity.programme_id == cohort.programme_id,
                                                 Activity.slug == "institutional-action-plan"))
    for email, (done, worked, planned, days_ago) in STAGES.items():
        learner = people[email]
        for lesson in lessons[:done]:
            mark_lesson_done(session, learner, lesson)
        module_work(session, cohort, learner, facilitator, worked, waiting=not planned)
        backdate_learning(session, cohort, learner, days_ago)
        if planned and plan and submissions.find(session, learner, plan) is None:
            work = submissions.find_or_start(session, learner, plan, cohort)
            submissions.save(session, work, plan, {s["id"]: DEMO_PLAN_SECTION for s in plan.definition["sections"]},
                             submit=True)
            backdate_work(work, submitted=days_ago)
    if session.scalar(select(Announcement.id).where(Announcement.cohort_id == cohort.id)) is None:
        announce(session, cohort, facilitator, "Our last webinar, this week",
                 "Our fourth and last webinar, on action for change, is this week. Please bring the draft of "
                 "your institutional action plan: we will look at two of them together, with your permission.")


# The demo thread: (email, language, text, hours ago). Three learners in English, Chinese and French.
THREAD = ("Where do we start greening a workshop?", [
    ("learner@example.org", "zh", "我们学院打算从实训车间开始推进绿色化。大家是先做**能源审计**，"
     "还是先培训教师？", 50),
    ("olga.ivanova@example.org", "en", "We began with an energy audit of the welding and automotive "
     "workshops: it gave us figures to show the board, and the teachers helped to collect them.", 30),
    ("camille.dubois@example.org", "fr", "Chez nous, les enseignants ont été formés d'abord : sans eux, "
     "l'audit serait resté un rapport de plus. Nous avons commencé par *un seul* atelier pilote.", 6),
])


def _community(session: Session, cohort, people: dict, facilitator: User) -> None:
    """A thread in the first module's forum in three languages, and a peer-review round on the plans."""
    from lms.community import discussions, peer_review
    from lms.community.models import Post, ReviewRound, Thread
    from lms.courses.models import Activity, Module
    from lms.learning import submissions

    module = session.scalar(select(Module).where(Module.programme_id == cohort.programme_id,
                                                 Module.retired_at.is_(None)).order_by(Module.position))
    title, posts = THREAD
    if module is not None and session.scalar(select(Thread.id).where(Thread.cohort_id == cohort.id,
                                                                      Thread.title == title)) is None:
        now = clock.utcnow()
        forum = discussions.Forum(cohort, module=module)
        (email, language, text, hours), *replies = posts
        thread = discussions.start_thread(session, forum, people[email], title=title, body=text, language=language)
        for email, language, text, _hours in replies:
            discussions.reply(session, thread, people[email], body=text, language=language)
        for post, (_email, _language, _text, hours) in zip(session.scalars(
                select(Post).where(Post.thread_id == thread.id).order_by(Post.id)), posts, strict=True):
            post.created_at = now - dt.timedelta(hours=hours)
        thread.created_at, thread.last_post_at = now - dt.timedelta(hours=posts[0][3]), now - dt.timedelta(hours=6)
    plan = session.scalar(select(Activity).where(Activity.programme_id == cohort.programme_id,
                                                 Activity.slug == "institutional-action-plan"))
    if plan is None or session.scalar(select(ReviewRound.id).where(ReviewRound.cohort_id == cohort.id)):
        return
    for email in ("abebe.bekele@example.org", "fatima.alzahra@example.org", "camille.dubois@example.org"):
        if submissions.find(session, people[email], plan) is None:
            work = submissions.find_or_start(session, people[email], plan, cohort)
            submissions.save(session, work, plan, {s["id"]: DEMO_PLAN_SECTION for s in plan.definition["sections"]},
                             submit=False)
    session.flush()
    opened = peer_review.open_round(session, cohort, plan, facilitator, per_learner=2, anonymous=True)
    opened.opened_at = clock.utcnow() - dt.timedelta(days=2)
    levels = [level["id"] for level in (plan.definition.get("rubric") or {}).get("levels", [])]
    criteria = [c["id"] for c in (plan.definition.get("rubric") or {}).get("criteria", [])]
    # Olga has written her two reviews; the others are still to do.
    for review in opened.assignments:
        if review.reviewer_id == people["olga.ivanova@example.org"].id and levels:
            peer_review.write_review(session, review, scores={c: levels[-1] for c in criteria},
                                     comment="A clear diagnosis. Which indicator will show the board, in a year, "
                                             "that the plan is working?")


DEMO_REFLECTION = (
    "我所在的天津中德应用技术大学主要服务于具体目标4.4：我们的专业与当地制造业的技能需求紧密对接，"
    "毕业生就业率较高。但在具体目标4.5方面做得不够：机电类专业的女生比例只有百分之十八左右，"
    "我们也没有按城乡来源和残疾状况统计学生数据。下学期，我计划请教务处整理过去三年的招生和毕业数据，"
    "按性别和城乡来源分类，计算主要专业的性别均等指数，并在学院领导班子会议上讨论结果。"
    "我们还希望向UNEVOC网络中在女性参与技术专业方面做得较好的中心学习，例如邀请他们分享招生宣传和"
    "导师制度的经验。这些数据也将成为我机构行动计划的起点。在绿色化方面，我们准备先做一次全校能源审计，"
    "由后勤处和机电系的师生共同完成，把结果作为第一项速效成果向全体教职工公布。我还会每学期向教职工和"
    "合作企业通报这些指标的变化，让大家看到进展，也请他们提出改进建议。")

# Her reflections on the second and fifth modules: one accepted, one waiting for the facilitator.
DEMO_REFLECTION_CHANGE = (
    "我要领导的变革是与本地三家汽车和机电企业建立稳定的校企合作委员会，共同修订实训课程。这项变革服务于"
    "学院“服务区域产业、培养高素质技术技能人才”的愿景。最有影响力的三个利益攸关方是：分管教学的副校长，"
    "她支持这项工作，但担心增加教师负担；机电系主任，他目前持观望态度；以及合作企业的人力资源经理，"
    "他们希望毕业生更快上岗。我会先请系主任牵头一个试点专业，让他成为变革的主人，而不是执行者。"
    "我预计的阻力来自部分老教师，他们担心企业参与会打乱原有教学安排；这种担心提醒我，需要把企业的"
    "要求转化为教师熟悉的课程语言。九十天内的速效成果是：企业工程师每月到校上一次实训课，并由教师"
    "和工程师共同评价学生作品。最能加强这项变革的外部伙伴是本市的行业协会；衡量是否奏效的指标是"
    "试点专业毕业生在合作企业的对口就业率。我的领导力自我评估显示我需要更多地“激励共同愿景”，"
    "领导这项变革将让我练习在不同利益攸关方之间讲清楚同一个目标。")

DEMO_REFLECTION_GREENING = (
    "按照全机构方式，我们学院最先要推进的是“校园”和“课程”两个维度。自我评估中，校园运行得分最低："
    "我们没有按月记录各实训楼的用电量，也没有人负责节能。第一步，我们将由后勤处和机电系师生共同完成"
    "一次能源审计，在三个耗电最大的车间安装分项电表，并把结果向全体教职工公开。第二步，在电气自动化"
    "和汽车维修两个专业中各选一门核心课程，加入节能诊断和新能源汽车维护的内容，由企业工程师参与"
    "编写实训任务。第三步，成立一个由学生、教师和后勤人员组成的绿色校园小组，每学期提出一项改进建议。"
    "我们面临的主要困难是经费和教师能力：大部分教师没有接受过绿色技能培训。为此，我计划申请省级"
    "教师培训项目，并向UNEVOC网络中已经开展绿色化工作的中心学习。衡量进展的指标是：每名学生的年用电量"
    "下降百分之十，以及更新了绿色技能内容的课程数量。")

DEMO_PLAN_CONTEXT = (
    "学院有一万二千名学生，主要专业为机电、汽车和信息技术。自我评估显示，校园绿色化和机构文化是"
    "我们最薄弱的两个领域：我们尚未按月记录能耗，也没有负责绿色化工作的跨部门小组。")
