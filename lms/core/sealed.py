"""Secrets the platform must read back, kept sealed in the database.

A webhook's signing secret and an identity provider's client secret cannot be hashed like a
password or an API token: the platform signs with the one and sends the other. They are kept
encrypted (Fernet: AES-128-CBC with HMAC-SHA256, from `cryptography`) under keys derived from
DATA_KEYS, so that a copy of the database — a backup, a dump handed to an analyst, a replica —
does not hand them over. The key is not in the database.

DATA_KEYS lists passphrases, newest first; left empty it is the SECRET_KEY. The first one seals,
every one opens. To change keys: put the new one first, run `flask db reseal`, then drop the
old one.
"""
from __future__ import annotations

import base64
import functools
from collections.abc import Iterable, Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import Connection, Table, Text, column, select, update
from sqlalchemy import table as sql_table
from sqlalchemy.sql.expression import TableClause
from sqlalchemy.types import TypeDecorator

INFO = b"unevoc-lms sealed columns v1"


class UnreadableSecret(RuntimeError):
    """A sealed value that none of DATA_KEYS opens: the key it was sealed with has been dropped."""


def configured(config: dict[str, Any]) -> tuple[str, ...]:
    """DATA_KEYS as a tuple of passphrases (newest first), the SECRET_KEY when none is set."""
    keys = config.get("DATA_KEYS") or ""
    listed = tuple(k.strip() for k in keys.split(",") if k.strip()) if isinstance(keys, str) else tuple(keys)
    return listed or (str(config["SECRET_KEY"]),)


@functools.lru_cache(maxsize=8)
def _fernet(passphrases: tuple[str, ...]) -> MultiFernet:
    def derive(passphrase: str) -> Fernet:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(passphrase.encode())
        return Fernet(base64.urlsafe_b64encode(key))
    return MultiFernet([derive(p) for p in passphrases])


def seal(value: str, keys: Sequence[str]) -> str:
    return _fernet(tuple(keys)).encrypt(value.encode()).decode()


def unseal(token: str, keys: Sequence[str]) -> str:
    try:
        return _fernet(tuple(keys)).decrypt(token.encode()).decode()
    except InvalidToken:
        raise UnreadableSecret("a sealed value cannot be opened with DATA_KEYS: add the key it was sealed "
                               "with (the old SECRET_KEY, if that was changed) to LMS_DATA_KEYS") from None


def _keys() -> tuple[str, ...]:
    return current_app.config["DATA_KEYS"]


class Sealed(TypeDecorator[str]):
    """A string column stored sealed; the empty string stays empty (it is no secret)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return seal(value, _keys()) if value else value

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return unseal(value, _keys()) if value else value


def sealed_columns(tables: Iterable[Table]) -> list[tuple[Table, str]]:
    """Every (table, column name) whose type is Sealed."""
    return [(table, col.name) for table in tables for col in table.columns if isinstance(col.type, Sealed)]


def reseal(connection: Connection, tables: Iterable[Table], keys: Sequence[str]) -> int:
    """Seal every sealed value again with the first of `keys` (opening it with any), in the
    connection's transaction. Returns how many values were rewritten. Raises UnreadableSecret
    before writing anything if one cannot be opened."""
    fernet = _fernet(tuple(keys))
    changes: list[tuple[TableClause, Any, Any, str]] = []
    for table, name in sealed_columns(tables):
        (key_name,) = [c.name for c in table.primary_key.columns]
        # The raw text, past the Sealed type: a lightweight table whose column is plain Text.
        raw = sql_table(table.name, column(key_name), column(name, Text))
        for key, token in connection.execute(select(raw.c[key_name], raw.c[name]).where(raw.c[name] != "")):
            try:
                changes.append((raw, raw.c[key_name] == key, raw.c[name], fernet.rotate(token.encode()).decode()))
            except InvalidToken:
                raise UnreadableSecret(f"{table.name}.{name} of row {key} cannot be opened with DATA_KEYS") from None
    for raw, where, target, token in changes:
        connection.execute(update(raw).where(where).values({target: token}))
    return len(changes)
