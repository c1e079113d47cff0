"""Splitting a long list into pages."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_number(value: object) -> int:
    """The page asked for in an address (`?page=`): anything but a sensible whole number is page 1."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 6 else 1


def _held(page: object, total: int, per_page: int) -> int:
    """The page asked for, held within the pages there are."""
    return min(max(1, page_number(page)), max(1, -(-total // per_page)))


def paginate(session: Session, query: Select, page: object, per_page: int, *, rows: bool = False) -> Page:
    """One page of `query`; `page` as the address gave it, held within the pages there are. The
    items are the first entity of each row, or with `rows` the whole rows (a query of several)."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    page = _held(page, total, per_page)
    one_page = query.limit(per_page).offset((page - 1) * per_page)
    found: Any = session.execute(one_page) if rows else session.scalars(one_page).unique()
    items = list(found)
    return Page(items=items, total=total, page=page, per_page=per_page)


def page_of(items: list, page: object, per_page: int) -> Page:
    """One page of a list already in memory (a roster worked out as a whole, then filtered)."""
    total = len(items)
    page = _held(page, total, per_page)
    return Page(items=items[(page - 1) * per_page:page * per_page], total=total, page=page, per_page=per_page)
