"""Checking a pasted credential as an outside verifier would: against the published keys only.

Nothing is signed again here: a credential verifies when one of its proofs names a key the issuer
profile publishes and that key's signature holds over the document as given. Whatever anyone
may paste is bounded before it is decoded: its length (the whole text, then each proofValue
before base58), the nesting of its JSON, the number of proofs, and the work canonicalizing it
may take (lms/certificates/jsonld.py).
"""
from __future__ import annotations

import dataclasses
import enum
import json
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.certificates import issuer, proofs
from lms.certificates.jsonld import CanonicalizationError
from lms.certificates.models import Certificate
from lms.core.urls import external_url

# Our credentials are about 9 KB; nothing larger is one of ours.
MAX_CREDENTIAL_BYTES = 64 * 1024
# The whole request to the checking page: a pasted credential grows up to three times when the
# browser form-encodes it ("{" is sent as "%7B"), and a file comes with its framing.
MAX_REQUEST_BYTES = 3 * MAX_CREDENTIAL_BYTES + 16 * 1024
MAX_DEPTH = 20  # ours nest 6 deep
MAX_PROOFS = 4


class Outcome(enum.Enum):
    """What the check found, with the message the page shows and the status it answers with."""

    valid = ("valid", _l("The signature verifies and the certificate is valid."), 200)
    revoked = ("revoked", _l("The signature verifies, but the certificate has been revoked."), 200)
    unknown_certificate = ("unknown_certificate",
                           _l("The signature verifies, but the certificate is unknown here."), 200)
    bad_signature = ("bad_signature", _l("The signature does not verify: this credential was not issued by this "
                                         "platform, or it has been changed."), 400)
    unknown_key = ("unknown_key", _l("The credential is signed with a key this platform does not publish: it was "
                                     "not issued here, or not with our keys."), 400)
    malformed = ("malformed", _l("This is not an Open Badges credential that can be checked: paste the whole "
                                 "credential file (JSON) as you received it."), 400)
    too_large = ("too_large", _l("This is too large to be one of our credentials (at most %(size)s KB)."), 413)

    def __init__(self, code: str, message: Any, status: int) -> None:
        self.code = code
        self.message = message
        self.status = status

    @property
    def verified(self) -> bool:
        return self in (Outcome.valid, Outcome.revoked, Outcome.unknown_certificate)

    def text(self) -> str:
        return str(self.message) if self is not Outcome.too_large else \
            str(self.message) % {"size": MAX_CREDENTIAL_BYTES // 1024}


@dataclasses.dataclass
class Result:
    outcome: Outcome
    certificate: Certificate | None = None


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text nests arrays and objects more than `limit` deep (strings skipped),
    found in one pass before the parser, which recurses, ever sees it."""
    depth = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > limit:
                return True
        elif character in "]}":
            depth -= 1
    return False


def check_bytes(session: Session, data: bytes) -> Result:
    """A credential file (read at most one byte past the limit)."""
    if len(data) > MAX_CREDENTIAL_BYTES:
        return Result(Outcome.too_large)
    try:
        return check_text(session, data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Result(Outcome.malformed)


def check_text(session: Session, text: str) -> Result:
    if len(text) > MAX_CREDENTIAL_BYTES or len(text.encode("utf-8")) > MAX_CREDENTIAL_BYTES:
        return Result(Outcome.too_large)
    if too_deep(text):
        return Result(Outcome.malformed)
    try:
        document = json.loads(text)
    except ValueError:  # not JSON, or a number too long to convert
        return Result(Outcome.malformed)
    return check_document(session, document)


def check_document(session: Session, document: Any) -> Result:
    if not isinstance(document, dict) or not isinstance(document.get("@context"), list):
        return Result(Outcome.malformed)
    try:
        found = proofs.proofs_of(document)
    except proofs.ProofError:
        return Result(Outcome.malformed)
    if len(found) > MAX_PROOFS:
        return Result(Outcome.malformed)
    controller = issuer.issuer_id()
    keys = {key.key_id(controller): key for key in issuer.published_keys()}
    ours = [(proof, keys[method]) for proof in found
            if isinstance(method := proof.get("verificationMethod"), str) and method in keys]
    if not ours:
        return Result(Outcome.unknown_key)
    for proof, key in ours:
        try:
            if not proofs.verify(document, proof, key):
                return Result(Outcome.bad_signature)
        except proofs.ProofError:
            return Result(Outcome.malformed)
        except CanonicalizationError:  # a context or a property that is not ours: it was changed
            return Result(Outcome.bad_signature)
    certificate = _certificate(session, document.get("id"))
    if certificate is None:
        return Result(Outcome.unknown_certificate)
    return Result(Outcome.revoked if certificate.revoked else Outcome.valid, certificate)


def _certificate(session: Session, credential_id: Any) -> Certificate | None:
    """The certificate whose verification address is the credential's id."""
    prefix = external_url("certificates.verify", code="CODE").removesuffix("CODE")
    if not isinstance(credential_id, str) or not credential_id.startswith(prefix):
        return None
    return session.scalar(select(Certificate).where(Certificate.code == credential_id.removeprefix(prefix)))
