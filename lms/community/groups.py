"""A cohort's groups: made by hand, by region or language, or at random in balanced sizes."""
from __future__ import annotations

import random
from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.audit import services as audit
from lms.cohorts.models import Cohort, Enrolment
from lms.community.models import Group
from lms.core.i18n import language_name
from lms.users.models import User


def learners(session: Session, cohort: Cohort) -> list[User]:
    return list(session.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                                .where(Enrolment.cohort_id == cohort.id).order_by(User.full_name, User.id)))


def create(session: Session, cohort: Cohort, name: str, members: list[User], actor: User) -> Group:
    group = Group(cohort_id=cohort.id, name=name.strip(), members=members)
    session.add(group)
    session.flush()
    audit.record(session, "group_created", group.name, actor=actor, cohort=cohort.id, members=len(members))
    return group


def split(session: Session, cohort: Cohort, how: str, actor: User, size: int = 5, seed: int = 0) -> list[Group]:
    """New groups of the cohort's learners: one per region or per language, or at random in
    groups of `size` whose sizes differ by one at most."""
    people = learners(session, cohort)
    buckets: dict[str, list[User]] = defaultdict(list)
    if how == "region":
        for person in people:
            buckets[person.centre.region.title if person.centre else _("No region")].append(person)
    elif how == "language":
        for person in people:
            buckets[language_name(person.language)].append(person)
    else:
        rng = random.Random(seed or cohort.id)
        rng.shuffle(people)
        count = max(1, round(len(people) / max(2, size)))
        for index, person in enumerate(people):
            buckets[_("Group %(number)s", number=index % count + 1)].append(person)
    return [create(session, cohort, name, members, actor) for name, members in sorted(buckets.items())]


def set_members(session: Session, group: Group, members: list[User], actor: User) -> None:
    group.members = members
    audit.record(session, "group_changed", group.name, actor=actor, cohort=group.cohort_id, members=len(members))
    session.flush()


def delete(session: Session, group: Group, actor: User) -> None:
    audit.record(session, "group_deleted", group.name, actor=actor, cohort=group.cohort_id)
    session.delete(group)
    session.flush()
