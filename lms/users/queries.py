"""Read-only queries over accounts, shared by the staff pages and the dashboards."""
from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from lms.core.permissions import Role
from lms.core.search import contains
from lms.users.models import User


def user_search(text: str = "", role: Role | None = None, centre_id: int | None = None) -> Select:
    query = select(User).order_by(User.full_name, User.id)
    if text:
        query = query.where(or_(contains(User.full_name, text), contains(User.email, text)))
    if role is not None:
        query = query.where(User.role == role)
    if centre_id is not None:
        query = query.where(User.centre_id == centre_id)
    return query


def count_by_role(session: Session) -> dict[Role, int]:
    rows = session.execute(select(User.role, func.count(User.id)).group_by(User.role))
    counts = {role: 0 for role in Role}
    counts.update({role: n for role, n in rows})
    return counts
