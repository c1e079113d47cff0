"""Open Badges 3.0 credentials (VC Data Model 2.0), signed with the issuer's Ed25519 key.

Each certificate is published as an `OpenBadgeCredential` with a Data Integrity proof
(eddsa-rdfc-2022, plus eddsa-jcs-2022 when ISSUER_PROOFS asks for it), a `credentialStatus` in
the revocation list (lms/certificates/status.py), and the holder named by IdentityObjects: the
certificate's serial, their name and their email as a salted SHA-256 hash. The issuer profile at
`/issuer` is the keys' controller document: every key configured, current and retired, is
listed there with the id its proofs name.
"""
from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from lms.certificates import status
from lms.certificates.issuer import ISSUER_NAME, issuer_id, published_keys, sign, timestamp
from lms.certificates.jsonld import DID_V1, MULTIKEY_V1, OB_V3, UNSAFE_CONTROLS, VC_V2
from lms.certificates.models import Certificate
from lms.core.i18n import in_language, localized
from lms.core.urls import external_url

IMAGE = Path(__file__).with_name("static") / "achievement.png"
CRITERIA = _l("Completed every module of the programme, passed its quizzes, had the reflections and the "
              "institutional action plan accepted, and attended the live sessions the programme requires.")


def issuer_document() -> dict[str, Any]:
    """The issuer's profile: an Open Badges Profile and the controller document of its keys."""
    controller = issuer_id()
    keys = published_keys()
    return {
        "@context": [VC_V2, OB_V3, DID_V1, MULTIKEY_V1],
        "id": controller,
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": current_app.config["BASE_URL"],
        "image": _image(),
        "verificationMethod": [{"id": key.key_id(controller), "type": "Multikey", "controller": controller,
                                "publicKeyMultibase": key.multibase} for key in keys],
        "assertionMethod": [key.key_id(controller) for key in keys],
    }


@functools.cache
def _image_data() -> str:
    return "data:image/png;base64," + base64.b64encode(IMAGE.read_bytes()).decode("ascii")


def _image() -> dict[str, str]:
    return {"id": _image_data(), "type": "Image", "caption": ISSUER_NAME}


def _salt(certificate: Certificate) -> str:
    """The email hash's salt: its own for each certificate (the code is unguessable), and stable, so
    that the same certificate always gives the same credential."""
    return hashlib.sha256(f"identity-salt:{certificate.code}".encode()).hexdigest()[:16]


def identity_objects(certificate: Certificate) -> list[dict[str, Any]]:
    """Who the credential is about: the serial, the name as printed, the email as a salted hash
    (left out once the person has been anonymised)."""
    found = [{"type": "IdentityObject", "identityType": "identifier", "hashed": False,
              "identityHash": certificate.serial},
             {"type": "IdentityObject", "identityType": "name", "hashed": False,
              "identityHash": certificate.holder_name}]
    email = certificate.holder.email
    if not email.endswith("@invalid"):  # lms/users/personal_data.py anonymise()
        salt = _salt(certificate)
        digest = hashlib.sha256((email + salt).encode("utf-8")).hexdigest()
        found.append({"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
                      "identityHash": f"sha256${digest}", "salt": salt})
    return found


def credential(certificate: Certificate) -> dict[str, Any]:
    """The certificate as a signed OpenBadgeCredential, in the holder's language."""
    programme = certificate.programme
    language = certificate.language
    title, title_language = localized(programme.title, language)
    summary, _ = localized(programme.summary, title_language)
    with in_language(language):
        criteria = str(CRITERIA)
    issued = timestamp(certificate.issued_at)
    document = {
        "@context": [VC_V2, OB_V3],
        "id": external_url("certificates.verify", code=certificate.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": title,
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME, "url": current_app.config["BASE_URL"]},
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.holder_name,
            "identifier": identity_objects(certificate),
            "achievement": {
                "id": f"{issuer_id()}#achievement-{programme.slug}",
                "type": ["Achievement"],
                "achievementType": "CertificateOfCompletion",
                "name": title,
                "description": summary.strip() or title,
                "criteria": {"narrative": criteria},
                "image": _image(),
                "inLanguage": title_language,
            },
        },
        "credentialStatus": status.entry(certificate),
    }
    return sign(_clean(document), issued)


def _clean(value: Any) -> Any:
    """Every string without the control characters that have no place in a name or a title (and
    that canonical N-Quads would escape)."""
    if isinstance(value, str):
        return UNSAFE_CONTROLS.sub("", value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value
