"""Read-only queries for a module's resources: its reading list, its tools, the webinar plans."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.courses.models import Module, ReadingItem, Tool


def reading_list(session: Session, module_id: int) -> list[ReadingItem]:
    return list(session.scalars(select(ReadingItem).where(ReadingItem.module_id == module_id)
                                .order_by(ReadingItem.position)))


def module_tools(session: Session, module_id: int) -> list[Tool]:
    return list(session.scalars(select(Tool).where(Tool.module_id == module_id).order_by(Tool.position)))


def tool(session: Session, programme_id: int, slug: str) -> Tool | None:
    return session.scalar(select(Tool).where(Tool.programme_id == programme_id, Tool.slug == slug))


def webinar_plans(session: Session, programme_id: int) -> list[Module]:
    """The programme's modules that have a webinar plan, in order (one query)."""
    return list(session.scalars(select(Module).where(Module.programme_id == programme_id,
                                                     Module.retired_at.is_(None), Module.webinar_plan.is_not(None))
                                .order_by(Module.position)))
