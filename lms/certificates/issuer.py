"""The issuer: its address, its keys (from configuration, lms/certificates/keys.py) and its signature."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app

from lms.certificates import proofs
from lms.certificates.keys import IssuerKey
from lms.core.urls import external_url

ISSUER_NAME = "UNESCO-UNEVOC TVET Leadership Programme"


def issuer_id() -> str:
    return external_url("certificates.issuer")


def published_keys() -> tuple[IssuerKey, ...]:
    """Every configured key, the signing one first."""
    return current_app.config["ISSUER_KEYS"]


def signing_key() -> IssuerKey:
    return published_keys()[0]


def timestamp(moment: dt.datetime) -> str:
    """An XML Schema dateTime in UTC, to the second, as VC 2.0 writes them."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(document: dict[str, Any], created: str) -> dict[str, Any]:
    """`document` with the proofs ISSUER_PROOFS lists, by the signing key."""
    key = signing_key()
    return proofs.sign(document, key, key.key_id(issuer_id()), created, current_app.config["ISSUER_PROOFS"])
