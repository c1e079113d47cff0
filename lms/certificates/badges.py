"""Open Badges 3.0 credentials, signed with the platform's Ed25519 key (Data Integrity, eddsa-jcs-2022)."""
from __future__ import annotations

import copy
import hashlib
import json
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app

from lms.core.urls import external_url

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUBLIC = b"\xed\x01"  # the multicodec prefix of an Ed25519 public key


def base58(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = ALPHABET[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def unbase58(text: str) -> bytes:
    number = 0
    for character in text:
        number = number * 58 + ALPHABET.index(character)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def canonical(document) -> bytes:
    """JSON canonical form (RFC 8785) for our documents: sorted keys, no spaces, no floats."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _key_path() -> Path:
    return Path(current_app.instance_path) / "issuer-ed25519.pem"


def private_key() -> Ed25519PrivateKey:
    """The platform's signing key, made on first use and kept in the instance folder."""
    path = _key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption())
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        try:
            os.link(temporary, path)  # of several processes, one key wins
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):  # a key of another kind put there by hand
        raise RuntimeError(f"{path} holds a {type(key).__name__}; badges are signed with an Ed25519 key")
    return key


def public_multibase(key: Ed25519PublicKey | None = None) -> str:
    key = key or private_key().public_key()
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58(ED25519_PUBLIC + raw)


def issuer_id() -> str:
    return external_url("certificates.issuer")


def key_id() -> str:
    return issuer_id() + "#key-1"


def issuer_document() -> dict:
    """The issuer's profile with its public key, published at a stable address."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://w3id.org/security/multikey/v1"],
        "id": issuer_id(),
        "type": ["Profile"],
        "name": "UNESCO-UNEVOC TVET Leadership Programme",
        "url": current_app.config["BASE_URL"],
        "verificationMethod": [{"id": key_id(), "type": "Multikey", "controller": issuer_id(),
                                "publicKeyMultibase": public_multibase()}],
        "assertionMethod": [key_id()],
    }


def _hash_data(document: dict, proof_options: dict) -> bytes:
    return hashlib.sha256(canonical(proof_options)).digest() + hashlib.sha256(canonical(document)).digest()


def sign(document: dict, created: str) -> dict:
    """`document` with a DataIntegrityProof (cryptosuite eddsa-jcs-2022)."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "created": created,
               "verificationMethod": key_id(), "proofPurpose": "assertionMethod",
               "@context": unsigned["@context"]}
    signature = private_key().sign(_hash_data(unsigned, options))
    proof = {k: v for k, v in options.items() if k != "@context"}
    proof["proofValue"] = "z" + base58(signature)
    return {**unsigned, "proof": proof}


def verify(credential: dict, public_key_multibase: str | None = None) -> bool:
    """Whether the credential's proof verifies with the published key."""
    proof = credential.get("proof")
    if not isinstance(proof, dict) or proof.get("cryptosuite") != "eddsa-jcs-2022":
        return False
    multibase = public_key_multibase or public_multibase()
    try:
        raw = unbase58(multibase[1:])
        if not raw.startswith(ED25519_PUBLIC):
            return False
        key = Ed25519PublicKey.from_public_bytes(raw[len(ED25519_PUBLIC):])
        signature = unbase58(str(proof["proofValue"])[1:])
        unsigned = {k: v for k, v in credential.items() if k != "proof"}
        options = {k: v for k, v in copy.deepcopy(proof).items() if k != "proofValue"}
        options["@context"] = unsigned.get("@context")
        key.verify(signature, _hash_data(unsigned, options))
        return True
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False


def credential(certificate) -> dict:
    """The certificate as a signed OpenBadgeCredential (W3C Verifiable Credentials 2.0)."""
    from lms.core.i18n import localized

    programme = certificate.programme
    issued = certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": external_url("certificates.verify", code=certificate.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": "UNESCO-UNEVOC TVET Leadership Programme"},
        "validFrom": issued,
        "name": localized(programme.title, "en")[0],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.holder_name,
            "achievement": {
                "id": external_url("certificates.issuer") + f"#achievement-{programme.slug}",
                "type": ["Achievement"],
                "name": localized(programme.title, "en")[0],
                "description": localized(programme.summary, "en")[0].strip(),
                "criteria": {"narrative": "Completed every module of the programme, passed its quizzes, had "
                                          "the reflections and the institutional action plan accepted, and "
                                          "attended the live sessions the programme requires."},
            },
        },
        "identifier": [{"type": "IdentityObject", "identityType": "identifier", "hashed": False,
                        "identityHash": certificate.serial}],
    }
    return sign(document, issued)
