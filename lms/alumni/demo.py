"""The demo's alumni: two of last year's graduates in the directory and offering to mentor, and
one of them mentoring a participant of this year's French edition, with a first exchange."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.alumni import services
from lms.alumni.models import MentorMatch
from lms.cohorts.models import Cohort, Enrolment
from lms.community import messages
from lms.community.models import Conversation
from lms.core import clock
from lms.core.urls import external_url
from lms.users.models import User

PROFILES: dict[str, dict[str, Any]] = {
    "chen.jing@example.org": {
        "languages": ["zh", "en"], "themes": ["digital", "quality", "industry"], "capacity": 2,
        "achievements": "与三家本地企业签订了校企合作协议；两门专业课程加入了绿色技能内容；"
                        "全校教师完成了数字教学培训。",
    },
    "mariama.ba@example.org": {
        "languages": ["fr", "en"], "themes": ["greening", "gender", "industry"], "capacity": 2,
        "achievements": "Des panneaux solaires sur les ateliers, financés avec un partenaire industriel ; "
                        "le module d'électricité réécrit avec des compétences vertes ; 40 % de filles "
                        "dans la filière énergie, contre 15 % avant.",
    },
}
WISH = ("aissatou.diallo@example.org", ["greening", "gender"])
EXCHANGE = [
    ("aissatou.diallo@example.org",
     "Bonjour Mariama, je prépare mon plan d'action sur le verdissement de notre centre. Comment avez-vous "
     "convaincu un partenaire industriel de financer les panneaux solaires ?"),
    ("mariama.ba@example.org",
     "Bonjour Aïssatou, en leur montrant ce qu'ils y gagnaient : nos apprentis installent maintenant leurs "
     "équipements. Envoyez-moi votre première version, je la lirai avant notre appel de jeudi."),
]


def load_alumni(session: Session) -> str:
    """Profiles, offers, a wish and one match with its messages; running it again changes nothing."""
    people = {u.email: u for u in session.scalars(select(User).where(User.email.in_(
        [*PROFILES, WISH[0], "facilitator.fr@example.org"])))}
    listed = 0
    for email, profile in PROFILES.items():
        person = people.get(email)
        if person is None or not services.is_graduate(session, person):
            continue
        services.save_profile(session, person, listed=True, languages=profile["languages"],
                              themes=profile["themes"], achievements=profile["achievements"])
        services.volunteer(session, person, mentoring=True, capacity=profile["capacity"],
                           languages=profile["languages"], themes=profile["themes"])
        listed += 1
    mentee, mentor = people.get(WISH[0]), people.get("mariama.ba@example.org")
    # The mentee's cohort of this year (the French edition), not one that has ended.
    cohort = session.scalar(select(Cohort).join(Enrolment, Enrolment.cohort_id == Cohort.id).where(
        Enrolment.user_id == mentee.id, Cohort.ends_on >= clock.utcnow().date())) if mentee else None
    if cohort is None or mentee is None or mentor is None or not services.is_graduate(session, mentor):
        return f"{listed} alumni"
    services.save_wish(session, mentee, WISH[1])
    if session.scalar(select(MentorMatch.id).where(MentorMatch.mentee_id == mentee.id)) is None:
        found = services.match(session, cohort, mentor, mentee, people["facilitator.fr@example.org"])
        found.created_at = clock.utcnow() - dt.timedelta(days=10)
        conversation = session.get(Conversation, found.conversation_id)
        if conversation is not None:
            link = external_url("alumni.match_page", match_id=found.id)
            for days_ago, (email, body) in zip((8, 7), EXCHANGE, strict=True):
                message = messages.write(session, conversation, people[email], body, link=link)
                message.created_at = clock.utcnow() - dt.timedelta(days=days_ago)
    session.flush()
    return f"{listed} alumni, 1 mentor match"
