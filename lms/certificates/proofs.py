"""Data Integrity proofs with Ed25519 (W3C vc-di-eddsa): eddsa-rdfc-2022, and eddsa-jcs-2022.

Both cryptosuites sign SHA-256(canonical proof options) followed by SHA-256(canonical document),
where the proof options are the published proof without its value, with the document's
`@context`. They differ in the canonical form: RDF Dataset Canonicalization (RDFC-1.0) of the
JSON-LD, which the 1EdTech Open Badges 3.0 conformance suite accepts, or the JSON
Canonicalization Scheme. An eddsa-jcs-2022 proof keeps that `@context` in the proof it publishes
(the spec's rule, which a verifier needs to rebuild the options); an eddsa-rdfc-2022 proof does
not need it, being read within the document's context.

Several proofs form a proof set: each signs the document without any proof.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from cryptography.exceptions import InvalidSignature

from lms.certificates.jsonld import canonicalize
from lms.certificates.keys import IssuerKey
from lms.certificates.multibase import MAX_BASE58, base58_decode, base58_encode


class ProofError(ValueError):
    """A proof that cannot be checked at all (as opposed to one that does not verify)."""


@dataclasses.dataclass(frozen=True)
class Cryptosuite:
    name: ClassVar[str]
    publishes_context: ClassVar[bool]

    def canonical(self, document: Mapping[str, Any]) -> bytes:
        raise NotImplementedError

    def hash_data(self, unsecured: Mapping[str, Any], options: Mapping[str, Any]) -> bytes:
        return hashlib.sha256(self.canonical(options)).digest() + hashlib.sha256(self.canonical(unsecured)).digest()


class EddsaRdfc2022(Cryptosuite):
    name = "eddsa-rdfc-2022"
    publishes_context = False

    def canonical(self, document: Mapping[str, Any]) -> bytes:
        return canonicalize(dict(document)).encode("utf-8")


class EddsaJcs2022(Cryptosuite):
    name = "eddsa-jcs-2022"
    publishes_context = True

    def canonical(self, document: Mapping[str, Any]) -> bytes:
        """RFC 8785 for what we sign: sorted keys, no spaces, no floats (keys are ASCII, so
        Python's order is the scheme's UTF-16 order)."""
        if _has_float(document):
            raise ProofError("eddsa-jcs-2022 is not used here for documents with floating-point numbers")
        return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, Mapping):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


SUITES: dict[str, Cryptosuite] = {suite.name: suite for suite in (EddsaRdfc2022(), EddsaJcs2022())}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def unsecured(document: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "proof"}


def proofs_of(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The document's proofs (one, or a proof set); ProofError when there is none to read."""
    proof = document.get("proof")
    found = proof if isinstance(proof, list) else [proof] if proof is not None else []
    if not found or not all(isinstance(p, dict) for p in found):
        raise ProofError("no proof")
    return found


def sign(document: Mapping[str, Any], key: IssuerKey, verification_method: str, created: str,
         suites: Iterable[str] = ("eddsa-rdfc-2022",)) -> dict[str, Any]:
    """`document` with a proof set: one DataIntegrityProof per cryptosuite, all by `key`."""
    if key.private is None:
        raise ValueError("signing needs a private key")
    body = unsecured(document)
    proofs = []
    for name in suites:
        suite = SUITES[name]
        options = {"type": "DataIntegrityProof", "cryptosuite": suite.name, "created": created,
                   "verificationMethod": verification_method, "proofPurpose": "assertionMethod",
                   "@context": body["@context"]}
        signature = key.private.sign(suite.hash_data(body, options))
        proof = {k: v for k, v in options.items() if k != "@context" or suite.publishes_context}
        proof["proofValue"] = "z" + base58_encode(signature)
        proofs.append(proof)
    return {**body, "proof": proofs}


def verify(document: Mapping[str, Any], proof: Mapping[str, Any], key: IssuerKey) -> bool:
    """Whether `proof` (one of the document's) verifies with `key`.

    ProofError when it cannot be checked: an unknown cryptosuite, a proofValue that is not a
    base58btc signature (its length is checked before anything is decoded), or a document that
    cannot be canonicalized (lms.certificates.jsonld.CanonicalizationError, a ValueError).
    """
    suite = SUITES.get(str(proof.get("cryptosuite")))
    if proof.get("type") != "DataIntegrityProof" or suite is None:
        raise ProofError("not a proof of a cryptosuite used here")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z") or len(value) > MAX_BASE58 + 1:
        raise ProofError("the proofValue is not a signature")
    signature = base58_decode(value[1:])
    if len(signature) != 64:
        raise ProofError("the proofValue is not a signature")
    body = unsecured(document)
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in options:  # the document's context must start with the proof's (vc-di-eddsa)
        context = _as_list(options["@context"])
        if _as_list(body.get("@context"))[:len(context)] != context:
            return False
    else:
        options["@context"] = body.get("@context")
    try:
        key.public.verify(signature, suite.hash_data(body, options))
    except InvalidSignature:
        return False
    return True
