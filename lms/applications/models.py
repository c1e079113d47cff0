"""Calls for applications, the applications sent to them, their reviews and the decisions."""
from __future__ import annotations

import datetime as dt
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.centres.models import Centre, Region
from lms.cohorts.models import Cohort
from lms.core import clock
from lms.core.db import Base, enum_column, new_token
from lms.courses.models import Programme
from lms.users.models import Gender, User


class TitledEnum(enum.Enum):
    """An enum whose members have a translated title, written once in `_titles`."""

    @property
    def title(self) -> str:
        return str(_TITLES[self])


class InstitutionType(TitledEnum):
    tvet_institution = "tvet_institution"
    teacher_training = "teacher_training"
    university = "university"
    ministry = "ministry"
    national_body = "national_body"
    other = "other"


class ApplicantRole(TitledEnum):
    head = "head"
    deputy = "deputy"
    manager = "manager"
    policy = "policy"
    teacher = "teacher"
    other = "other"


class ApplicationStatus(TitledEnum):
    draft = "draft"
    submitted = "submitted"


class Decision(TitledEnum):
    accepted = "accepted"
    waitlisted = "waitlisted"
    declined = "declined"


class PlaceResponse(TitledEnum):
    """What an accepted applicant answered to the offer of a place."""

    confirmed = "confirmed"
    declined = "declined_place"


class Ineligible(TitledEnum):
    """Why the automatic screening found an application ineligible (None: eligible)."""

    role = "role"
    institution_type = "institution_type"
    centre = "centre"
    country = "country"


_TITLES: dict[enum.Enum, object] = {
    InstitutionType.tvet_institution: _l("TVET school, college or training institution"),
    InstitutionType.teacher_training: _l("TVET teacher-training institution"),
    InstitutionType.university: _l("University or research institute"),
    InstitutionType.ministry: _l("Ministry"),
    InstitutionType.national_body: _l("National TVET body or agency"),
    InstitutionType.other: _l("Another kind of organisation"),
    ApplicantRole.head: _l("Head of the institution"),
    ApplicantRole.deputy: _l("Deputy head or senior manager"),
    ApplicantRole.manager: _l("Head of department or programme"),
    ApplicantRole.policy: _l("Policy maker or officer"),
    ApplicantRole.teacher: _l("Teacher or trainer"),
    ApplicantRole.other: _l("Another role"),
    ApplicationStatus.draft: _l("Draft"),
    ApplicationStatus.submitted: _l("Submitted"),
    Decision.accepted: _l("Accepted"),
    Decision.waitlisted: _l("Waitlisted"),
    Decision.declined: _l("Not selected"),
    PlaceResponse.confirmed: _l("Place confirmed"),
    PlaceResponse.declined: _l("Place declined"),
    Ineligible.role: _l("The applicant's role is not one this call is open to."),
    Ineligible.institution_type: _l("The applicant's type of institution is not one this call is open to."),
    Ineligible.centre: _l("This call is open to staff of UNEVOC Centres only."),
    Ineligible.country: _l("The applicant's country is not on the lists this call is open to."),
}

call_cohorts = Table(
    "call_cohorts", Base.metadata,
    Column("call_id", ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Call(Base):
    """A call for applications to one edition of a programme."""

    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="SET NULL"), index=True)
    # {"en": ..., "zh": ..., "fr": ...}; English at least.
    title: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    opens_at: Mapped[dt.datetime]
    closes_at: Mapped[dt.datetime]
    # The languages the edition is taught in: an applicant chooses one to study in.
    languages: Mapped[list] = mapped_column(JSON)
    # Further questions, each {"key": ..., "en": ..., "zh": ..., "fr": ...}; answers on the application.
    questions: Mapped[list] = mapped_column(JSON, default=list)
    # Eligibility: empty lists admit everyone.
    eligible_roles: Mapped[list] = mapped_column(JSON, default=list)
    eligible_institution_types: Mapped[list] = mapped_column(JSON, default=list)
    centres_only: Mapped[bool] = mapped_column(default=False)
    # Keys of lms/applications/countries.py COUNTRY_LISTS ("ldc", "sids"): any of them admits.
    country_lists: Mapped[list] = mapped_column(JSON, default=list)
    places: Mapped[int] = mapped_column(default=30)
    waitlist_size: Mapped[int] = mapped_column(default=10)
    # Two reviewers' totals further apart than this call for a third review.
    disagreement_threshold: Mapped[int] = mapped_column(default=5)
    # Minimum shares of the places, in per cent: {"region": {"africa": 30, ...}, "gender": {"female": 50}, ...}.
    targets: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    decisions_sent_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    programme: Mapped[Programme | None] = relationship()
    cohorts: Mapped[list[Cohort]] = relationship(secondary=call_cohorts, order_by=Cohort.name)
    decided_by: Mapped[User | None] = relationship()

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or clock.utcnow()
        return self.opens_at <= now < self.closes_at

    def cohort_for(self, language: str) -> Cohort | None:
        """The edition's cohort taught in `language`, where the accepted who study in it go."""
        return next((c for c in self.cohorts if c.language == language), None)


class Application(Base):
    __tablename__ = "applications"
    # One application per email per call.
    __table_args__ = (UniqueConstraint("call_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    # The secret of the applicant's own link (to finish a draft, see the decision, answer it).
    token: Mapped[str] = mapped_column(String(43), unique=True, default=new_token)
    status: Mapped[ApplicationStatus] = mapped_column(enum_column(ApplicationStatus, "application_status"),
                                                      default=ApplicationStatus.draft)
    # The language the applicant used the form in: their emails are written in it.
    language: Mapped[str] = mapped_column(String(5), default="en")
    email: Mapped[str] = mapped_column(String(254))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    institution: Mapped[str] = mapped_column(String(250), default="")
    institution_type: Mapped[InstitutionType | None] = mapped_column(enum_column(InstitutionType, "institution_type"))
    role: Mapped[ApplicantRole | None] = mapped_column(enum_column(ApplicantRole, "applicant_role"))
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id", ondelete="SET NULL"), index=True)
    # ISO 3166-1 alpha-2; the region is kept beside it for the selection's arithmetic.
    country: Mapped[str] = mapped_column(String(2), default="")
    region: Mapped[Region | None] = mapped_column(enum_column(Region, "region"))
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "gender"))
    motivation: Mapped[str] = mapped_column(Text, default="")
    challenge: Mapped[str] = mapped_column(Text, default="")
    study_language: Mapped[str] = mapped_column(String(5), default="")
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    endorser_name: Mapped[str] = mapped_column(String(200), default="")
    endorser_email: Mapped[str] = mapped_column(String(254), default="")
    # SHA-256 of the endorser's single-use link; cleared once used.
    endorsement_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    endorsed_at: Mapped[dt.datetime | None]
    # The automatic screening at submission: None when eligible.
    ineligible: Mapped[Ineligible | None] = mapped_column(enum_column(Ineligible, "ineligible"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    submitted_at: Mapped[dt.datetime | None]
    # On the selection board, chosen by staff (or the suggestion they took).
    selected: Mapped[bool] = mapped_column(default=False)
    decision: Mapped[Decision | None] = mapped_column(enum_column(Decision, "decision"))
    decided_at: Mapped[dt.datetime | None]
    # 1 is offered the next place that is declined.
    waitlist_rank: Mapped[int | None]
    response: Mapped[PlaceResponse | None] = mapped_column(enum_column(PlaceResponse, "place_response"))
    responded_at: Mapped[dt.datetime | None]
    # The account made for an accepted applicant who confirmed.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    call: Mapped[Call] = relationship()
    centre: Mapped[Centre | None] = relationship()
    reviews: Mapped[list[Review]] = relationship(back_populates="application", order_by="Review.id",
                                                 cascade="all, delete-orphan")

    @property
    def eligible(self) -> bool:
        return self.status is ApplicationStatus.submitted and self.ineligible is None

    @property
    def endorsed(self) -> bool:
        return self.endorsed_at is not None


class Review(Base):
    """One reviewer's scores of one application, on the rubric of lms/applications/reviewing.py."""

    __tablename__ = "application_reviews"
    __table_args__ = (UniqueConstraint("application_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The third review asked for when the first two disagree.
    third: Mapped[bool] = mapped_column(default=False)
    assigned_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    # {criterion: 1..5}; the total is their sum, kept for ranking.
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    total: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[dt.datetime | None]

    application: Mapped[Application] = relationship(back_populates="reviews")
    reviewer: Mapped[User] = relationship()
