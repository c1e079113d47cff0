"""A call open now, with cohorts in English and Chinese, for the applications' tests."""
from __future__ import annotations

import datetime as dt

import pytest

from lms.applications.models import Call
from lms.cohorts.services import create_cohort
from lms.courses.models import Programme
from lms.extensions import db


@pytest.fixture()
def make_call(app, now):
    def make(**values) -> int:
        with app.app_context():
            programme = Programme(slug="edition", title={"en": "P"}, summary={},
                                  languages=["en", "zh"], completion={})
            cohorts = [create_cohort(db.session, programme=programme, name=f"Edition in {lang}", language=lang,
                                     timezone="UTC", starts_on=now.day(60), ends_on=now.day(240))
                       for lang in ("en", "zh", "fr")]
            values.setdefault("title", {"en": "2031 online edition", "zh": "2031年在线班",
                                        "fr": "Édition en ligne 2031"})
            values.setdefault("description", {"en": "Leaders of TVET institutions.",
                                              "zh": "职业技术教育与培训机构领导者。",
                                              "fr": "Responsables d'établissements d'EFTP."})
            values.setdefault("opens_at", now.current - dt.timedelta(days=5))
            values.setdefault("closes_at", now.current + dt.timedelta(days=25))
            values.setdefault("languages", ["en", "zh", "fr"])
            values.setdefault("places", 3)
            values.setdefault("waitlist_size", 2)
            call = Call(programme=programme, cohorts=cohorts, **values)
            db.session.add(call)
            db.session.commit()
            return call.id
    return make


@pytest.fixture()
def make_application(app, now):
    """A submitted, endorsed application; `totals` are its reviews' totals, by reviewers made for them."""
    counter = iter(range(1, 100_000))

    def make(call_id: int, *, totals: tuple[int, ...] = (), reviewers: tuple[int, ...] = (), **values) -> int:
        from lms.applications.countries import region_of
        from lms.applications.models import (Application, ApplicantRole, ApplicationStatus, InstitutionType,
                                             Review)
        from lms.core.permissions import Role
        from lms.users.models import User
        n = next(counter)
        values.setdefault("email", f"applicant{n}@example.org")
        values.setdefault("full_name", f"Applicant {n}")
        values.setdefault("institution", f"Institute {n}")
        values.setdefault("institution_type", InstitutionType.tvet_institution)
        values.setdefault("role", ApplicantRole.head)
        values.setdefault("country", "KE")
        values.setdefault("language", "en")
        values.setdefault("study_language", values["language"])
        values.setdefault("motivation", "To lead the greening of my institution.")
        values.setdefault("challenge", "Energy use.")
        values.setdefault("endorser_name", "Head")
        values.setdefault("endorser_email", f"head{n}@example.org")
        values.setdefault("endorsed_at", now.current)
        values.setdefault("submitted_at", now.current - dt.timedelta(hours=n))
        with app.app_context():
            application = Application(call_id=call_id, status=ApplicationStatus.submitted,
                                      region=region_of(values["country"]), **values)
            db.session.add(application)
            for index, total in enumerate(totals):
                if index < len(reviewers):
                    reviewer_id = reviewers[index]
                else:
                    reviewer = User(email=f"reviewer{n}-{index}@example.org", full_name=f"Reviewer {index}",
                                    role=Role.facilitator)
                    db.session.add(reviewer)
                    db.session.flush()
                    reviewer_id = reviewer.id
                db.session.add(Review(application=application, reviewer_id=reviewer_id, total=total,
                                      scores={}, submitted_at=now.current))
            db.session.commit()
            return application.id
    return make
