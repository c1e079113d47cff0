"""Revocation any verifier can read: W3C Bitstring Status List v1.0.

Each certificate holds a `status_index` (its row's id, which the database hands out once). List
number `index // LIST_SIZE` publishes its bit `index % LIST_SIZE`: 1 when the certificate is
revoked. The list is built from the database on request (a revocation shows at once) as a
signed BitstringStatusListCredential, kept per process while the revocations it reflects do not
change.
"""
from __future__ import annotations

import datetime as dt
import gzip
import threading
from collections import OrderedDict
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.certificates import issuer
from lms.certificates.jsonld import VC_V2
from lms.certificates.models import Certificate
from lms.certificates.multibase import base64url_decode, base64url_encode
from lms.core import clock
from lms.core.urls import external_url

# The spec's minimum, for herd privacy: 131,072 entries (16 KB before compression).
LIST_SIZE = 131_072
# How long verifiers and caches may keep a list: a revocation reaches them within this.
MAX_AGE_SECONDS = 300
# Positions are stored in a 32-bit integer column: no list starts beyond it.
LAST_LIST = (2**31 - 1) // LIST_SIZE


def fill_status_indexes(session: Session) -> int:
    """Give certificates written without one (bulk inserts) their index: their id, as issuing does."""
    result = session.execute(update(Certificate).where(Certificate.status_index.is_(None))
                             .values(status_index=Certificate.id))
    return int(getattr(result, "rowcount", 0) or 0)


def list_number(status_index: int) -> int:
    return status_index // LIST_SIZE


def list_url(number: int) -> str:
    return external_url("certificates.status_list", number=number)


def entry(certificate: Certificate) -> dict[str, Any]:
    """The credential's `credentialStatus`: its bit in the revocation list."""
    if certificate.status_index is None:
        raise ValueError(f"certificate {certificate.serial} has no status index")
    number, position = divmod(certificate.status_index, LIST_SIZE)
    url = list_url(number)
    return {"id": f"{url}#{position}", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": str(position), "statusListCredential": url}


def encode(revoked_positions: set[int], size: int = LIST_SIZE) -> str:
    """The list as `encodedList`: Multibase base64url ("u") of the GZIP'd bits, index 0 the first
    byte's most significant bit."""
    bits = bytearray(size // 8)
    for position in revoked_positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    # mtime=0: the same list gives the same bytes, so the signed list is stable between requests.
    return "u" + base64url_encode(gzip.compress(bytes(bits), mtime=0))


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("encodedList is not Multibase base64url")
    return gzip.decompress(base64url_decode(encoded[1:]))


def is_set(bits: bytes, position: int) -> bool:
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def _revocations(session: Session, number: int) -> tuple[frozenset[int], dt.datetime | None, int]:
    """Revoked positions in list `number`, the latest change it reflects, and how many it lists."""
    low, high = number * LIST_SIZE, (number + 1) * LIST_SIZE
    in_list = (Certificate.status_index >= low, Certificate.status_index < high)
    revoked = frozenset(index - low for index in session.scalars(
        select(Certificate.status_index).where(*in_list, Certificate.revoked_at.is_not(None))) if index is not None)
    latest, count = session.execute(select(func.max(func.coalesce(Certificate.revoked_at, Certificate.issued_at)),
                                           func.count(Certificate.id)).where(*in_list)).one()
    return revoked, latest, count


class _Signed:
    """Signed lists kept per process, keyed by what they reflect."""

    def __init__(self, entries: int = 16) -> None:
        self.entries = entries
        self.kept: OrderedDict[tuple, dict] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> dict | None:
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
            return found

    def put(self, key: tuple, credential: dict) -> None:
        with self.lock:
            self.kept[key] = credential
            while len(self.kept) > self.entries:
                self.kept.popitem(last=False)


_signed = _Signed()


def status_list_credential(session: Session, number: int) -> dict | None:
    """The signed BitstringStatusListCredential of list `number`; None for a list with no certificate."""
    if not 0 <= number <= LAST_LIST:
        return None
    revoked, latest, count = _revocations(session, number)
    if not count:
        return None
    signing = issuer.signing_key()
    url = list_url(number)
    # validFrom: the latest change the list reflects, so the same list is signed the same way.
    valid_from = latest if latest is not None else clock.utcnow()
    key = (current_app.config["BASE_URL"], url, signing.multibase, revoked, valid_from)
    found = _signed.get(key)
    if found is not None:
        return found
    stamp = issuer.timestamp(valid_from)
    document = {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.issuer_id(),
        "validFrom": stamp,
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
                              "encodedList": encode(set(revoked))},
    }
    signed = issuer.sign(document, stamp)
    _signed.put(key, signed)
    return signed
