"""The UNEVOC Centre table and the fixed lists that describe a centre."""
from __future__ import annotations

import datetime as dt
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from lms.core import clock
from lms.core.db import Base, enum_column


class Region(enum.Enum):
    """UNESCO's five regions."""

    africa = "africa"
    arab_states = "arab_states"
    asia_pacific = "asia_pacific"
    europe_north_america = "europe_north_america"
    latin_america_caribbean = "latin_america_caribbean"

    @property
    def title(self) -> str:
        return str(REGION_TITLES[self])


REGION_TITLES = {
    Region.africa: _l("Africa"),
    Region.arab_states: _l("Arab States"),
    Region.asia_pacific: _l("Asia and the Pacific"),
    Region.europe_north_america: _l("Europe and North America"),
    Region.latin_america_caribbean: _l("Latin America and the Caribbean"),
}


class MemberType(enum.Enum):
    """The four kinds of UNEVOC Centre."""

    ministry = "ministry"
    national_body = "national_body"
    university_research = "university_research"
    training_institution = "training_institution"

    @property
    def title(self) -> str:
        return str(MEMBER_TYPE_TITLES[self])


MEMBER_TYPE_TITLES = {
    MemberType.ministry: _l("Ministry"),
    MemberType.national_body: _l("National TVET body"),
    MemberType.university_research: _l("University, research or teacher-training institute"),
    MemberType.training_institution: _l("TVET school or training institution"),
}


class Centre(Base):
    __tablename__ = "centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(250), unique=True)
    # ISO 3166-1 alpha-2, upper case.
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[Region] = mapped_column(enum_column(Region, "region"), index=True)
    member_type: Mapped[MemberType] = mapped_column(enum_column(MemberType, "member_type"))
    city: Mapped[str] = mapped_column(String(120), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)

    def __repr__(self) -> str:
        return f"<Centre {self.id} {self.name!r}>"
