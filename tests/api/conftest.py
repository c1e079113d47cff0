"""A facilitator's cohort (the small test programme) and someone else's, staff, and tokens made as
the profile page makes them."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from lms.api import tokens
from lms.centres.models import Region
from lms.cohorts.services import create_cohort
from lms.core.permissions import Role
from lms.courses.models import Programme
from lms.extensions import db
from lms.users.models import User
from tests.learning.conftest import Classroom, classroom  # noqa: F401

ALL_SCOPES = ["read", "submissions:read", "enrolments:write", "certificates:read", "reports:read",
              "applications:read"]


@dataclasses.dataclass
class Site:
    classroom: Classroom
    other_cohort_id: int
    staff: User
    make_token: object

    @property
    def cohort_id(self) -> int:
        return self.classroom.cohort_id

    @property
    def facilitator(self) -> User:
        return self.classroom.facilitator


@pytest.fixture()
def site(app, classroom, make_user, now) -> Site:  # noqa: F811
    staff = make_user(role=Role.staff, full_name="Hana Staff")
    with app.app_context():
        programme = db.session.scalar(select(Programme))
        other = create_cohort(db.session, programme=programme, name="Another facilitator's cohort", language="fr",
                              timezone="Africa/Dakar", starts_on=now.day(-10), ends_on=now.day(50))
        other.region = Region.africa
        db.session.commit()
        other_id = other.id

    def make_token(user: User, scopes=("read",), expires_at=None) -> str:
        with app.app_context():
            _row, secret = tokens.create_personal_token(db.session, db.session.get(User, user.id), "test", list(scopes),
                                                        expires_at)
            db.session.commit()
            return secret

    return Site(classroom, other_id, staff, make_token)


def bearer(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}
