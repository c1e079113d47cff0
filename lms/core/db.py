"""The declarative base with a constraint naming convention, the column types we share, and hot reads."""
from __future__ import annotations

import collections
import datetime as dt
import enum
from collections.abc import Callable
from typing import Any, ClassVar, cast

from sqlalchemy import CursorResult, DateTime, Dialect, Engine, Enum, MetaData, Result, Select, TypeDecorator
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeEngine

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store aware UTC datetimes only")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def enum_column(enum_cls: type[enum.Enum], name: str, *, check: bool = True) -> Enum:
    """Store an enum by its value as portable text, with a CHECK constraint unless `check` is off
    (a column added to an existing SQLite table cannot be dropped again with its CHECK)."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=check,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[type, TypeEngine[Any]]] = {dt.datetime: UTCDateTime()}


def new_token() -> str:
    """An unguessable token for an address that works without signing in (such as a calendar feed)."""
    import secrets
    return secrets.token_urlsafe(32)


def rowcount(result: Result[Any]) -> int:
    """The rows an UPDATE or a DELETE matched. `Session.execute` is typed as giving a `Result`;
    for these statements it is a `CursorResult`, which alone has a rowcount."""
    return cast(CursorResult[Any], result).rowcount


class HotRead:
    """One read statement run straight on a pooled driver connection, for the hottest pages.

    Compiled once per database; no transaction is begun around it, so it is one round trip
    to the server (PostgreSQL's driver otherwise sends BEGIN first and the pool ROLLBACK after);
    the row comes back converted by its columns' types. It skips SQLAlchemy's execution, which
    costs more than the read itself on a kept page: its parameters must be values the driver
    takes as they are (integers, strings). Listeners of `before_cursor_execute` hear it as they
    hear every statement (with no Connection), so query counts stay true.
    """

    def __init__(self, statement: Select) -> None:
        self.statement = statement
        # Its fields are the statement's columns, known only at run time, which mypy cannot type;
        # an unnamed expression gets a positional name (_2), as rename gives every invalid one.
        fields = [c.key or "" for c in statement.selected_columns]
        self._row: Callable[..., Any] = collections.namedtuple("HotRow", fields, rename=True)  # type: ignore[misc]
        self._compiled: dict[str, tuple[str, list[str] | None, list]] = {}

    def _compile(self, dialect: Dialect) -> tuple[str, list[str] | None, list]:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            names = list(compiled.positiontup or ()) if compiled.positional else None
            converters = [c.type.dialect_impl(dialect).result_processor(dialect, None)
                          for c in self.statement.selected_columns]
            found = self._compiled[dialect.name] = (str(compiled), names, converters)
        return found

    def first(self, engine: Engine, parameters: dict[str, Any]) -> Any:
        """The first row (a named tuple of the selected columns), or None; None too when the connection
        turned out to be broken (it is replaced), so that the caller's ordinary path, which reports errors,
        runs instead."""
        sql, names, converters = self._compile(engine.dialect)
        arguments = [parameters[n] for n in names] if names is not None else parameters
        outside_transaction = engine.dialect.name != "sqlite"  # SQLite's driver begins only before writes
        pooled = engine.raw_connection()
        try:
            connection = pooled.dbapi_connection
            if connection is None:  # only once invalidated; then the ordinary path runs, as below
                return None
            cursor = connection.cursor()
            try:
                if engine.dispatch.before_cursor_execute:
                    engine.dispatch.before_cursor_execute(None, cursor, sql, arguments, None, False)
                if outside_transaction:
                    connection.autocommit = True
                try:
                    cursor.execute(sql, arguments)
                    row = cursor.fetchone()
                finally:
                    if outside_transaction:
                        connection.autocommit = False
            finally:
                cursor.close()
        except engine.dialect.loaded_dbapi.Error as error:
            if not engine.dialect.is_disconnect(error, pooled.dbapi_connection, None):
                raise
            pooled.invalidate(error)
            return None
        finally:
            pooled.close()
        if row is None:
            return None
        values = (convert(value) if convert else value for convert, value in zip(converters, row, strict=True))
        return self._row(*values)
