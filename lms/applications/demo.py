"""The demo's calls: a closed one shaped like the 2023 online edition (1,050 applications from
145 countries, reviewed, 159 selected from 67 countries, a waiting list of 30) and an open one a
visitor can apply to. Relative to today; written in bulk, so `flask demo` stays quick.

The closed call is built so that its board's suggestion is its selection: the 159 selected hold
the best review scores (every mean at least 16 of 20, everyone else's below), and among them the
region, gender and LDC targets are met, so the greedy suggestion (lms/applications/selection.py)
chooses exactly them.
"""
from __future__ import annotations

import datetime as dt
import random
import secrets

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from lms.applications.countries import LDC, countries_of
from lms.applications.models import (Application, ApplicantRole, ApplicationStatus, Call, Decision, Ineligible,
                                     InstitutionType, PlaceResponse, Review)
from lms.centres.models import Region
from lms.cohorts.models import Cohort, Enrolment
from lms.core import clock
from lms.core.permissions import Role
from lms.users.models import Gender, User

CLOSED_TITLE = {"en": "Online edition: call for applications", "zh": "在线班：申请招募",
                "fr": "Édition en ligne : appel à candidatures"}
OPEN_TITLE = {"en": "Next online edition: call for applications", "zh": "下一期在线班：申请招募",
              "fr": "Prochaine édition en ligne : appel à candidatures"}
DESCRIPTION = {
    "en": "The TVET Leadership Programme prepares the leaders of TVET institutions to lead change: greening "
          "their institution, working with employers, and serving every learner. Twelve weeks online, with "
          "live sessions, a capstone project on a challenge of your own institution, and a certificate.",
    "zh": "职业技术教育与培训领导力项目帮助职业技术教育与培训机构的领导者引领变革："
          "推动机构绿色转型、加强与用人单位的合作、服务每一位学习者。项目为期十二周，在线进行，包括直播研讨、围绕本机构实际挑战的毕业项目，并颁发结业证书。",
    "fr": "Le Programme de leadership en EFTP prépare les responsables d'établissements d'EFTP à conduire le "
          "changement : verdissement de leur établissement, travail avec les employeurs, service de chaque "
          "apprenant. Douze semaines en ligne, avec des sessions en direct, un projet final sur un défi de votre "
          "propre établissement, et un certificat.",
}
APPLICATIONS, SELECTED, SELECTED_COUNTRIES, WAITLIST = 1050, 159, 67, 30
# Countries that apply, by region (145 in all), and among them those of the selected (67).
APPLYING = {Region.africa: 40, Region.arab_states: 17, Region.asia_pacific: 36,
            Region.europe_north_america: 30, Region.latin_america_caribbean: 22}
SELECTED_BY_REGION = {Region.africa: (20, 48), Region.arab_states: (8, 18), Region.asia_pacific: (16, 42),
                      Region.europe_north_america: (10, 21), Region.latin_america_caribbean: (13, 30)}
TARGETS = {"region": {"africa": 28, "arab_states": 10, "asia_pacific": 24, "europe_north_america": 10,
                      "latin_america_caribbean": 16},
           "gender": {"female": 50}, "ldc": {"ldc": 20}}
GIVEN = ["Amina", "Wei", "Jean", "María", "Kofi", "Fatima", "Ahmed", "Olga", "Priya", "Carlos", "Mei", "Aïssatou",
         "John", "Nadia", "Tomás", "Yuki", "Ana", "Li", "Samuel", "Leila", "Grace", "Omar", "Sofia", "Ravi"]
FAMILY = ["Diallo", "Wang", "Martin", "González", "Mensah", "Haddad", "Ivanova", "Raman", "Silva", "Chen",
          "Okafor", "Nguyen", "Smith", "Kamau", "Rossi", "Sato", "Pérez", "Zhang", "Traoré", "Ali"]
INSTITUTIONS = ["Polytechnic College of {place}", "{place} National TVET Institute",
                "Technical Teachers' College of {place}", "Vocational Training Centre no. {n}, {place}",
                "Ministry of Labour and Skills, {place}", "{place} Institute of Technology"]
LANGUAGE_BY_REGION = {Region.africa: ("en", "fr"), Region.arab_states: ("en", "fr"),
                      Region.asia_pacific: ("en", "zh"), Region.europe_north_america: ("en", "fr"),
                      Region.latin_america_caribbean: ("en",)}


def load_calls(session: Session, cohorts: list[Cohort]) -> str:
    """Add the two demo calls unless they are there already."""
    titles = {c.title.get("en") for c in session.scalars(select(Call))}
    now = clock.utcnow()
    if OPEN_TITLE["en"] not in titles:
        session.add(Call(title=OPEN_TITLE, description=DESCRIPTION, opens_at=now - dt.timedelta(days=10),
                         closes_at=now + dt.timedelta(days=30), languages=["en", "zh", "fr"], places=160,
                         waitlist_size=30, eligible_roles=["head", "deputy", "manager", "policy"],
                         targets=TARGETS, cohorts=list(cohorts)))
    if CLOSED_TITLE["en"] not in titles:
        _closed_call(session, cohorts, now)
    session.flush()
    return "2 calls for applications"


def _closed_call(session: Session, cohorts: list[Cohort], now: dt.datetime) -> None:
    rng = random.Random(2023)
    call = Call(title=CLOSED_TITLE, description=DESCRIPTION, opens_at=now - dt.timedelta(days=200),
                closes_at=now - dt.timedelta(days=160), languages=["en", "zh", "fr"], places=SELECTED,
                waitlist_size=WAITLIST, eligible_roles=["head", "deputy", "manager", "policy"],
                targets=TARGETS, cohorts=list(cohorts), decisions_sent_at=now - dt.timedelta(days=130))
    session.add(call)
    session.flush()
    reviewers = list(session.scalars(select(User).where(User.role.in_([Role.staff, Role.facilitator]))))
    decided = now - dt.timedelta(days=130)
    rows: list[dict] = []

    def person(n: int, country: str, region: Region, gender: Gender | None, role: ApplicantRole) -> dict:
        language = rng.choice(LANGUAGE_BY_REGION[region])
        if country in ("CN", "HK", "MO"):
            language = "zh"
        submitted = call.opens_at + dt.timedelta(minutes=rng.randrange(40 * 24 * 60))
        return {"call_id": call.id, "token": secrets.token_urlsafe(32), "status": ApplicationStatus.submitted,
                "language": language, "email": f"applicant{n:04d}@demo.example.org",
                "full_name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                "institution": rng.choice(INSTITUTIONS).format(place=_country(country), n=n % 9 + 1),
                "institution_type": rng.choice(list(InstitutionType)[:4]), "role": role, "country": country,
                "region": region, "gender": gender, "motivation": "To lead our institution's green transition.",
                "challenge": "Closer links with employers and a greener campus.", "study_language": language,
                "answers": {}, "endorser_name": "Head of institution",
                "endorser_email": f"head{n:04d}@demo.example.org", "endorsed_at": submitted + dt.timedelta(days=3),
                "ineligible": None, "created_at": submitted, "updated_at": submitted, "submitted_at": submitted,
                "selected": False, "decision": Decision.declined, "decided_at": decided, "centre_id": None,
                "user_id": None, "response": None, "responded_at": None}

    # The selected: every one of the 67 countries at least once, the rest by region.
    # The demo's learners in the edition's cohorts applied to this call too: their countries are in.
    learners = list(session.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id).where(
        Enrolment.cohort_id.in_([c.id for c in cohorts]), User.role == Role.learner).order_by(User.id)))
    theirs = {u.centre.country for u in learners if u.centre is not None}
    applying = {region: sorted(countries_of(region), key=lambda c: c not in theirs)[:count]
                for region, count in APPLYING.items()}
    genders = [Gender.female] * 82 + [Gender.male] * 73 + [Gender.other] * 2 + [Gender.undisclosed] * 2
    rng.shuffle(genders)
    chosen_countries = {}
    for region, (countries, people) in SELECTED_BY_REGION.items():
        ldc_first = sorted(applying[region], key=lambda c: (c not in theirs, c not in LDC, c))
        chosen_countries[region] = ldc_first[:countries]
        for index in range(people):
            country = chosen_countries[region][index] if index < countries else rng.choice(chosen_countries[region])
            row = person(len(rows) + 1, country, region, genders.pop(), ApplicantRole.head)
            row.update(selected=True, decision=Decision.accepted)
            rows.append(row)
    # Everyone else, from all 145 countries: most eligible and endorsed, some not.
    everyone = [(c, r) for r, cs in applying.items() for c in cs]
    others = APPLICATIONS - SELECTED
    for index in range(others):
        country, region = everyone[index] if index < len(everyone) else rng.choice(everyone)
        gender = rng.choice([Gender.female, Gender.male, Gender.male, Gender.female, None])
        role = rng.choice([ApplicantRole.head, ApplicantRole.deputy, ApplicantRole.manager, ApplicantRole.policy])
        row = person(len(rows) + 1, country, region, gender, role)
        if index % 14 == 0:
            row.update(role=ApplicantRole.teacher, ineligible=Ineligible.role)
        elif index % 9 == 0:
            row.update(endorsed_at=None)
        rows.append(row)
    _learners_as_applicants(rows, learners, cohorts, decided)
    session.execute(insert(Application), rows)
    ids = {email: id_ for email, id_ in session.execute(
        select(Application.email, Application.id).where(Application.call_id == call.id))}
    # Reviews: two each for the eligible; the selected score 16 to 20, everyone else less.
    reviews, means = [], []
    for number, row in enumerate(rows):
        if row["ineligible"] is not None:
            continue
        best = row["selected"]
        pool = [u for u in reviewers if u.centre is None or u.centre.country != row["country"]] or reviewers
        chosen = rng.sample(pool, min(3, len(pool)))
        first = rng.randint(16, 20) if best else rng.randint(5, 15)
        second = min(20, max(16, first + rng.randint(-2, 2))) if best else max(4, min(15, first + rng.randint(-4, 4)))
        totals = [first, second]
        # Now and then two reviewers far apart, settled by a third.
        if not best and number % 25 == 0 and len(chosen) == 3:
            totals = [4, 12, rng.randint(6, 11)]
        means.append((sum(totals) / len(totals), row["email"], row))
        for index, (reviewer, total) in enumerate(zip(chosen, totals, strict=False)):
            reviews.append({"application_id": ids[row["email"]], "reviewer_id": reviewer.id, "third": index == 2,
                            "assigned_at": row["submitted_at"] + dt.timedelta(days=7), "scores": _scores(rng, total),
                            "total": total, "comment": "", "submitted_at": row["submitted_at"] + dt.timedelta(days=12)})
    if reviews:
        session.execute(insert(Review), reviews)
    # The waiting list: the best of the rest that are endorsed, in order.
    waiting = sorted((m for m in means if not m[2]["selected"] and m[2]["endorsed_at"] is not None),
                     key=lambda m: (-m[0], m[2]["submitted_at"]))[:WAITLIST]
    for rank, (_mean, email, _row) in enumerate(waiting, start=1):
        session.execute(update(Application).where(Application.id == ids[email])
                        .values(decision=Decision.waitlisted, waitlist_rank=rank))


def _learners_as_applicants(rows: list[dict], learners: list[User], cohorts: list[Cohort],
                            decided: dt.datetime) -> None:
    """Some of the selected are the demo's learners: they confirmed their place and were enrolled,
    so the funnel goes on past "selected". Each takes a selected row of their own country and gender."""
    cohort_of: dict[int, Cohort] = {}
    for cohort in cohorts:
        for user_id in (e.user_id for e in _enrolments(cohort)):
            cohort_of.setdefault(user_id, cohort)
    used: set[int] = set()
    for learner in learners:
        if learner.centre is None or learner.id not in cohort_of:
            continue
        fits = [i for i, r in enumerate(rows) if r["selected"] and i not in used
                and r["country"] == learner.centre.country]
        same = [i for i in fits if rows[i]["gender"] == learner.gender]
        if not fits:
            continue
        index = (same or fits)[0]
        used.add(index)
        rows[index].update(email=learner.email, full_name=learner.full_name, language=learner.language,
                           study_language=cohort_of[learner.id].language, gender=learner.gender,
                           centre_id=learner.centre_id, user_id=learner.id, response=PlaceResponse.confirmed,
                           responded_at=decided + dt.timedelta(days=2))


def _enrolments(cohort: Cohort) -> list:
    from sqlalchemy.orm import object_session
    session = object_session(cohort)
    assert session is not None
    return list(session.scalars(select(Enrolment).where(Enrolment.cohort_id == cohort.id)))


def _country(code: str) -> str:
    from babel import Locale
    return Locale("en").territories.get(code, code)


def _scores(rng: random.Random, total: int) -> dict[str, int]:
    """Rubric scores (1 to 5 each) adding up to `total`."""
    from lms.applications.reviewing import RUBRIC
    keys = list(RUBRIC)
    scores = dict.fromkeys(keys, 1)
    for _ in range(max(0, min(total, 20) - len(keys))):
        key = rng.choice([k for k in keys if scores[k] < 5])
        scores[key] += 1
    return scores
