"""Who is a graduate, the directory and its search, mentoring offers, and matching mentors to
participants (with their conversation, notifications and audit entries)."""
from __future__ import annotations

import dataclasses
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, exists, func, or_, select, update
from sqlalchemy.orm import Session, joinedload

from lms.alumni.models import THEMES, AlumniProfile, MentoringWish, MentorMatch
from lms.audit import services as audit
from lms.centres.models import Centre, Region
from lms.certificates.models import Certificate
from lms.cohorts.models import Cohort, Enrolment
from lms.community import notifications
from lms.community.models import Conversation, Kind
from lms.core import clock
from lms.core.i18n import in_language
from lms.core.search import contains, literal
from lms.core.urls import external_url
from lms.users.models import User


def _graduated(user_id: Any) -> Any:
    """A current certificate: issued and not revoked (a reissued one replaces a revoked one)."""
    return exists().where(Certificate.user_id == user_id, Certificate.revoked_at.is_(None))


def is_graduate(session: Session, user: User) -> bool:
    return bool(session.scalar(select(_graduated(user.id))))


def _current(user_id: Any) -> Any:
    return exists().where(Enrolment.user_id == user_id, Enrolment.cohort_id == Cohort.id,
                          Cohort.ends_on >= clock.utcnow().date())


def matches_of(session: Session, user: User) -> list[MentorMatch]:
    """The current matches `user` is in, as mentor or mentee, in one query."""
    return list(session.scalars(
        select(MentorMatch).options(joinedload(MentorMatch.mentor), joinedload(MentorMatch.mentee))
        .where(or_(MentorMatch.mentor_id == user.id, MentorMatch.mentee_id == user.id),
               MentorMatch.ended_at.is_(None)).order_by(MentorMatch.created_at, MentorMatch.id)))


def is_current_learner(session: Session, user: User) -> bool:
    """Enrolled in a cohort that has not ended yet."""
    return bool(session.scalar(select(_current(user.id))))


def profile_of(session: Session, user: User) -> AlumniProfile | None:
    return session.get(AlumniProfile, user.id)


def save_profile(session: Session, user: User, *, listed: bool, languages: list[str], themes: list[str],
                 achievements: str) -> AlumniProfile:
    """The graduate's directory profile as they wrote it; only a graduate has one (the pages check)."""
    profile = profile_of(session, user) or AlumniProfile(user_id=user.id)
    profile.listed = listed
    profile.languages, profile.themes = languages, themes
    profile.achievements = achievements.strip()
    profile.updated_at = clock.utcnow()
    session.add(profile)
    session.flush()
    return profile


def withdraw(session: Session, user: User) -> None:
    """Out of the directory at once (the profile is kept, hidden, for a later return)."""
    profile = profile_of(session, user)
    if profile is not None:
        profile.listed = False
        profile.updated_at = clock.utcnow()
        session.flush()


def volunteer(session: Session, user: User, *, mentoring: bool, capacity: int, languages: list[str],
              themes: list[str]) -> AlumniProfile:
    """Offer (or stop offering) to mentor: current matches go on until a facilitator ends them."""
    profile = profile_of(session, user) or AlumniProfile(user_id=user.id)
    profile.mentoring, profile.capacity = mentoring, capacity
    profile.languages, profile.themes = languages, themes
    profile.updated_at = clock.utcnow()
    session.add(profile)
    session.flush()
    return profile


def save_wish(session: Session, user: User, themes: list[str]) -> MentoringWish:
    wish = session.get(MentoringWish, user.id) or MentoringWish(user_id=user.id)
    wish.themes = themes
    wish.updated_at = clock.utcnow()
    session.add(wish)
    session.flush()
    return wish


# The directory -------------------------------------------------------------------------------

def _like_code(column: Any, code: str) -> Any:
    return column.like(f"%,{literal(code)},%", escape="\\")


def directory_query(*, region: Region | None = None, language: str | None = None, theme: str | None = None,
                    text: str = "") -> Select:
    """Listed graduates (with a current certificate), by name; narrowed by what the search asks."""
    query = (select(AlumniProfile).join(User, User.id == AlumniProfile.user_id)
             .outerjoin(Centre, Centre.id == User.centre_id)
             .where(AlumniProfile.listed.is_(True), User.active.is_(True), _graduated(User.id))
             .order_by(User.full_name, User.id))
    if region is not None:
        query = query.where(Centre.region == region)
    if language:
        query = query.where(_like_code(AlumniProfile.language_codes, language))
    if theme:
        query = query.where(_like_code(AlumniProfile.theme_codes, theme))
    words = text.strip()[:100]
    if words:
        query = query.where(or_(contains(User.full_name, words), contains(Centre.name, words)))
    return query


# Mentors and matches ---------------------------------------------------------------------------

def current_matches(session: Session, *, mentor: User | None = None, mentee: User | None = None,
                    cohort: Cohort | None = None) -> list[MentorMatch]:
    query = (select(MentorMatch).options(joinedload(MentorMatch.mentor), joinedload(MentorMatch.mentee))
             .where(MentorMatch.ended_at.is_(None)).order_by(MentorMatch.created_at, MentorMatch.id))
    if mentor is not None:
        query = query.where(MentorMatch.mentor_id == mentor.id)
    if mentee is not None:
        query = query.where(MentorMatch.mentee_id == mentee.id)
    if cohort is not None:
        query = query.where(MentorMatch.cohort_id == cohort.id)
    return list(session.scalars(query))


def volunteers(session: Session) -> list[AlumniProfile]:
    """Graduates who offer to mentor, with their current number of mentees in `load`."""
    return list(session.scalars(
        select(AlumniProfile).join(User, User.id == AlumniProfile.user_id)
        .where(AlumniProfile.mentoring.is_(True), User.active.is_(True), _graduated(User.id))
        .order_by(User.full_name, User.id)))


def mentee_counts(session: Session) -> dict[int, int]:
    return dict(session.execute(select(MentorMatch.mentor_id, func.count(MentorMatch.id))
                                .where(MentorMatch.ended_at.is_(None)).group_by(MentorMatch.mentor_id)).all())


# Points for what a mentor and a participant share: the ranking the facilitator's page explains.
REGION_POINTS, LANGUAGE_POINTS, THEME_POINTS = 3, 2, 1


@dataclasses.dataclass
class Suggestion:
    profile: AlumniProfile
    score: int
    region: bool
    languages: list[str]
    themes: list[str]
    full: bool


def suggestions(cohort: Cohort, participant: User, wish: MentoringWish | None, offers: list[AlumniProfile],
                load: dict[int, int]) -> list[Suggestion]:
    """Every volunteer (not the participant), best first: a shared region, then each shared language
    (the participant's and the cohort's), then each shared theme; those at capacity last."""
    region = participant.centre.region if participant.centre else None
    spoken = {participant.language, cohort.language}
    wished = set(wish.themes) if wish else set()
    ranked = []
    for offer in offers:
        if offer.user_id == participant.id:
            continue
        mentor_region = offer.user.centre.region if offer.user.centre else None
        same_region = region is not None and mentor_region == region
        languages = [code for code in offer.languages if code in spoken]
        themes = [code for code in offer.themes if code in wished]
        score = REGION_POINTS * same_region + LANGUAGE_POINTS * len(languages) + THEME_POINTS * len(themes)
        ranked.append(Suggestion(offer, score, same_region, languages, themes,
                                 load.get(offer.user_id, 0) >= offer.capacity))
    ranked.sort(key=lambda s: (s.full, -s.score, s.profile.user.full_name, s.profile.user_id))
    return ranked


class MatchRefused(ValueError):
    """A match that may not be made; its message says why, in the reader's language."""


def match(session: Session, cohort: Cohort, mentor: User, mentee: User, actor: User) -> MentorMatch:
    """Match `mentor` (a volunteer graduate with room) to `mentee` (a participant of `cohort`),
    open their conversation, tell both and record it."""
    offer = profile_of(session, mentor)
    if offer is None or not offer.mentoring or not is_graduate(session, mentor):
        raise MatchRefused(_("This person does not offer to mentor."))
    if not session.scalar(select(exists().where(Enrolment.cohort_id == cohort.id, Enrolment.user_id == mentee.id))):
        raise MatchRefused(_("This person is not a participant of the cohort."))
    if mentor.id == mentee.id:
        raise MatchRefused(_("Nobody can mentor themselves."))
    if current_matches(session, mentee=mentee, cohort=cohort):
        raise MatchRefused(_("This participant has a mentor already: end that match first."))
    if mentee_counts(session).get(mentor.id, 0) >= offer.capacity:
        raise MatchRefused(_("This mentor has as many mentees as they offered to take."))
    with in_language(mentee.language):
        subject = _("Mentoring: %(mentor)s and %(mentee)s", mentor=mentor.full_name, mentee=mentee.full_name)
    conversation = Conversation(cohort_id=cohort.id, subject=subject[:200],
                                members=sorted({mentor, mentee}, key=lambda u: u.id))
    session.add(conversation)
    session.flush()
    found = MentorMatch(mentor_id=mentor.id, mentee_id=mentee.id, cohort_id=cohort.id,
                        conversation_id=conversation.id, matched_by_id=actor.id)
    session.add(found)
    session.flush()
    link = external_url("alumni.match_page", match_id=found.id)
    with in_language(mentee.language):
        told_mentee = _("Your mentor is %(name)s", name=mentor.full_name)
    with in_language(mentor.language):
        told_mentor = _("You are now mentoring %(name)s", name=mentee.full_name)
    for person, title in ((mentee, told_mentee), (mentor, told_mentor)):
        notifications.notify(session, person, Kind.message, link=link,
                             data={"actor": actor.full_name, "title": title, "cohort": cohort.name,
                                   "mentoring": "matched"})
    _pages_changed(session, mentor, mentee)
    audit.record(session, "mentor_matched", f"{mentor.full_name} → {mentee.full_name}", actor=actor,
                 cohort=cohort.name)
    return found


def end_match(session: Session, found: MentorMatch, actor: User) -> None:
    """The match ends: both are told; their conversation stays readable to them."""
    if found.ended_at is not None:
        return
    found.ended_at, found.ended_by_id = clock.utcnow(), actor.id
    cohort = session.get(Cohort, found.cohort_id)
    link = external_url("alumni.match_page", match_id=found.id)
    for person, other in ((found.mentee, found.mentor), (found.mentor, found.mentee)):
        with in_language(person.language):
            title = _("Your mentoring with %(name)s has ended", name=other.full_name)
        notifications.notify(session, person, Kind.message, link=link,
                             data={"actor": actor.full_name, "title": title, "cohort": cohort.name if cohort else "",
                                   "mentoring": "ended"})
    _pages_changed(session, found.mentor, found.mentee)
    audit.record(session, "mentor_unmatched", f"{found.mentor.full_name} → {found.mentee.full_name}", actor=actor,
                 cohort=cohort.name if cohort else "")
    session.flush()


def _pages_changed(session: Session, *people: User) -> None:
    """The kept dashboards of both show the match (lms/learning/kept.py keys on pages_version)."""
    session.execute(update(User).where(User.id.in_([p.id for p in people]))
                    .values(pages_version=User.pages_version + 1).execution_options(synchronize_session=False))


def theme_titles(codes: list[str]) -> list[str]:
    return [str(THEMES[c]) for c in codes if c in THEMES]


# Anonymising -------------------------------------------------------------------------------

def forget(session: Session, user: User) -> None:
    """For an anonymised person: their profile and wish go, and their matches end."""
    for row in (profile_of(session, user), session.get(MentoringWish, user.id)):
        if row is not None:
            session.delete(row)
    now = clock.utcnow()
    session.execute(update(MentorMatch).where(
        or_(MentorMatch.mentor_id == user.id, MentorMatch.mentee_id == user.id), MentorMatch.ended_at.is_(None))
        .values(ended_at=now).execution_options(synchronize_session=False))
    session.flush()
