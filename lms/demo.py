"""Demo data: centres across UNESCO's five regions and accounts for every role.

Running it again refreshes the same rows (matched by name or email) instead of adding more.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.centres.models import Centre, MemberType, Region
from lms.core.permissions import Role
from werkzeug.security import generate_password_hash

from lms.users.models import Gender, User, new_session_token

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
    password_hash = generate_password_hash(password)  # one slow hash serves every demo account
    for email, name, role, language, tz, position, gender, centre_index in PEOPLE:
        user = session.scalar(select(User).where(User.email == email)) or User(email=email)
        user.full_name, user.role, user.language, user.timezone = name, role, language, tz
        user.position, user.gender, user.centre = position, gender, centres[centre_index]
        user.active = True
        user.password_hash, user.session_token = password_hash, new_session_token()
        session.add(user)
    session.flush()
    cohorts = _load_cohorts(session)
    return f"Demo loaded: {len(CENTRES)} centres, {len(PEOPLE)} people, {cohorts} cohorts."


# name, language, facilitator, learners (emails), lessons done by the first learner
COHORTS = [
    ("2026 online edition (English and Chinese)", "en", "facilitator@example.org",
     ["learner@example.org", "abebe.bekele@example.org", "fatima.alzahra@example.org", "li.wei@example.org",
      "priya.raman@example.org", "rahim.uddin@example.org", "jonas.mueller@example.org",
      "olga.ivanova@example.org", "maria.gonzalez@example.org", "sione.taufa@example.org"], 3),
    ("Édition 2026 en français", "fr", "facilitator.fr@example.org",
     ["aissatou.diallo@example.org", "youssef.benali@example.org"], 1),
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
    today = dt.date.today()
    lessons = programme_lessons(session, programme.id)
    for name, language, facilitator_email, learner_emails, done in COHORTS:
        people = {u.email: u for u in session.scalars(
            select(User).where(User.email.in_([facilitator_email, *learner_emails])))}
        cohort = session.scalar(select(Cohort).where(Cohort.name == name))
        if cohort is None:
            # Started three weeks ago: the first modules are open, the later ones still locked.
            cohort = create_cohort(session, programme=programme, name=name, language=language,
                                   timezone="UTC", starts_on=today - dt.timedelta(days=21),
                                   ends_on=today + dt.timedelta(days=100),
                                   facilitators=[people[facilitator_email]])
        for email in learner_emails:
            enrol(session, cohort, people[email])
        for lesson in lessons[:done]:
            mark_lesson_done(session, people[learner_emails[0]], lesson)
    session.flush()
    return len(COHORTS)
