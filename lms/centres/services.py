"""Creating and changing UNEVOC Centres."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.centres.models import Centre, MemberType, Region


class CentreNameTaken(ValueError):
    """Another centre already has this name."""


def _name_taken(session: Session, name: str, except_id: int | None = None) -> bool:
    query = select(Centre.id).where(func.lower(Centre.name) == name.strip().lower())
    if except_id is not None:
        query = query.where(Centre.id != except_id)
    return session.scalar(query) is not None


def save_centre(session: Session, centre: Centre | None, *, name: str, country: str,
                region: Region, member_type: MemberType, city: str = "") -> Centre:
    """Create a centre (when `centre` is None) or change one."""
    if _name_taken(session, name, centre.id if centre else None):
        raise CentreNameTaken(name)
    if centre is None:
        centre = Centre()
        session.add(centre)
    centre.name = name.strip()
    centre.country = country.upper()
    centre.region = region
    centre.member_type = member_type
    centre.city = city.strip()
    session.flush()
    return centre
