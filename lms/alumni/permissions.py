"""Who may see the directory, appear in it, mentor, and read a mentoring conversation."""
from __future__ import annotations

import dataclasses
from typing import Any

from lms.alumni import services
from lms.alumni.models import MentorMatch
from lms.cohorts.models import Cohort
from lms.core.permissions import Role, can_manage, rule
from lms.extensions import db
from lms.users.models import User


@dataclasses.dataclass(frozen=True)
class Directory:
    """The alumni directory as a whole (a page loads it to check who may look)."""


@dataclasses.dataclass(frozen=True)
class Alumnus:
    """The signed-in person as a would-be member of the directory or mentor."""

    user: User


@rule("view", Directory)
def view_directory(user: Any, directory: Directory) -> bool:
    """Facilitators, staff, graduates and current learners: never anonymous visitors (the edge
    sends them to sign in) nor someone whose only cohort ended without a certificate."""
    if user.role in (Role.facilitator, Role.staff):
        return True
    return services.is_graduate(db.session, user) or services.is_current_learner(db.session, user)


@rule("join", Alumnus)
def join_directory(user: Any, alumnus: Alumnus) -> bool:
    """Only a graduate (a current, unrevoked certificate) appears in the directory or mentors."""
    return alumnus.user.id == user.id and services.is_graduate(db.session, user)


@rule("mentoring", Alumnus)
def use_mentoring(user: Any, alumnus: Alumnus) -> bool:
    """The mentoring page: graduates offer to mentor, current learners see their mentor."""
    return alumnus.user.id == user.id and (services.is_graduate(db.session, user)
                                           or services.is_current_learner(db.session, user))


@rule("converse", MentorMatch)
def converse_in_match(user: Any, found: MentorMatch) -> bool:
    """Their conversation is private to the mentor and the mentee."""
    return user.id in (found.mentor_id, found.mentee_id)


@rule("manage", MentorMatch)
def manage_match(user: Any, found: MentorMatch) -> bool:
    """Ending a match: the facilitators of the mentee's cohort and staff."""
    cohort = db.session.get(Cohort, found.cohort_id)
    return cohort is not None and can_manage(user, cohort)
