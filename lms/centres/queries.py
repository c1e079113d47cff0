"""Read-only queries over centres."""
from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from lms.centres.models import Centre, Region
from lms.core.search import contains
from lms.users.models import User


def centre_choices(session: Session) -> list[tuple[int, str]]:
    return [(c.id, c.name) for c in session.scalars(select(Centre).order_by(Centre.name))]


def centre_search(text: str = "", region: Region | None = None) -> Select:
    query = select(Centre).order_by(Centre.name)
    if text:
        query = query.where(or_(contains(Centre.name, text), contains(Centre.city, text),
                                func.lower(Centre.country) == text.strip().lower()))
    if region is not None:
        query = query.where(Centre.region == region)
    return query


def people_per_centre(session: Session, centre_ids: list[int]) -> dict[int, int]:
    if not centre_ids:
        return {}
    rows = session.execute(select(User.centre_id, func.count(User.id))
                           .where(User.centre_id.in_(centre_ids)).group_by(User.centre_id))
    return {centre_id: n for centre_id, n in rows if centre_id is not None}  # IN matches no NULL; mypy cannot tell


def count_by_region(session: Session) -> dict[Region, int]:
    rows = session.execute(select(Centre.region, func.count(Centre.id)).group_by(Centre.region))
    counts = {region: 0 for region in Region}
    counts.update({region: n for region, n in rows})
    return counts
