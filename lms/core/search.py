"""What a search box asks of the database: the text typed, found anywhere in a column, whatever
its case, and taken literally (a `%` or `_` typed is that character, not a wildcard)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func


def literal(text: str) -> str:
    """`text` for a LIKE pattern with `\\` as its escape character: its `%` and `_` as themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def pattern(text: str) -> str:
    """`%text%` for LIKE with `\\` as its escape character, the text lower-cased."""
    return f"%{literal(text.strip().lower())}%"


def contains(column: Any, text: str) -> ColumnElement[bool]:
    return func.lower(column).like(pattern(text), escape="\\")
