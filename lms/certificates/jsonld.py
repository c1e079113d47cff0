"""JSON-LD for the credentials: the contexts we ship, and RDF Dataset Canonicalization (RDFC-1.0).

Every context a credential, the issuer profile or the status list names is bundled in
`contexts/` and served to the JSON-LD processor from there: canonicalizing never reaches the
network, so signing and verifying work offline and no remote server can change what we sign.

Canonicalization is PyLD's URDNA2015, which RDFC-1.0 standardised with the same output, with two
guards PyLD lacks and that Digital Bazaar's verifiers have (their "safe mode" and work limit):
a property the contexts do not define is an error rather than silently left out of what is
signed, and a graph whose blank nodes would take exponential work ("poison" graphs, which anyone
could paste into the verification page) is refused after a fixed budget.
"""
from __future__ import annotations

import functools
import json
import re
import threading
from pathlib import Path
from typing import Any

from pyld import jsonld
from pyld.canon import URDNA2015

CONTEXTS_FOLDER = Path(__file__).with_name("contexts")

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

# Each context by the address documents name it with, and the file it ships in.
CONTEXTS: dict[str, str] = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    MULTIKEY_V1: "multikey-v1.jsonld",
    DID_V1: "did-v1.jsonld",
}

# Hash N-Degree Quads runs allowed for one document: ours need none (every blank node is told
# apart by its own statements); a poison graph needs millions.
N_DEGREE_BUDGET = 200

# What RDFC-1.0's canonical N-Quads writes as \uXXXX but PyLD's serializer (RDF 1.1) writes raw:
# control characters other than tab, line feed and carriage return. We never sign them.
UNSAFE_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CanonicalizationError(ValueError):
    """The document cannot be canonicalized as signed: an unknown context or term, or too complex."""


@functools.cache
def context_document(url: str) -> dict:
    """A bundled context, parsed once."""
    name = CONTEXTS.get(url)
    if name is None:
        raise CanonicalizationError(f"no bundled JSON-LD context for {url}")
    return json.loads((CONTEXTS_FOLDER / name).read_text(encoding="utf-8"))


def load_document(url: str, options: dict | None = None) -> dict:
    """PyLD's document loader: the bundled contexts, and nothing else (never the network)."""
    return {"contextUrl": None, "documentUrl": url, "document": context_document(url),
            "contentType": "application/ld+json"}


class _BoundedRdfc(URDNA2015):
    """URDNA2015 (= RDFC-1.0) that gives up after `N_DEGREE_BUDGET` Hash N-Degree Quads runs."""

    def __init__(self) -> None:
        super().__init__()
        self.n_degree_runs = 0

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self.n_degree_runs += 1
        if self.n_degree_runs > N_DEGREE_BUDGET:
            raise CanonicalizationError("the document's blank nodes are too complex to canonicalize")
        return super().hash_n_degree_quads(id_, issuer)


def _refuse_dropped(expanded_property: str | None) -> None:
    raise CanonicalizationError(f"a property no context defines: {expanded_property!r}")


# PyLD keeps processed contexts in a module-wide cache that is not safe to share between threads.
_lock = threading.Lock()


def has_unsafe_controls(value: Any) -> bool:
    """Whether any string in the document (key or value) holds a control character that canonical
    N-Quads escapes."""
    if isinstance(value, str):
        return bool(UNSAFE_CONTROLS.search(value))
    if isinstance(value, dict):
        return any(has_unsafe_controls(k) or has_unsafe_controls(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_unsafe_controls(v) for v in value)
    return False


def canonicalize(document: dict) -> str:
    """The document's canonical N-Quads (RDFC-1.0), as every conformant implementation writes them."""
    if has_unsafe_controls(document):
        raise CanonicalizationError("a control character in a string")
    processor = jsonld.JsonLdProcessor(on_property_dropped=_refuse_dropped)
    options = {"base": None, "documentLoader": load_document, "produceGeneralizedRdf": False,
               "processingMode": "json-ld-1.1", "extractAllScripts": False}
    try:
        with _lock:
            dataset = processor.to_rdf(document, options)
            return _BoundedRdfc().main(dataset, {"format": "application/n-quads"})
    except jsonld.JsonLdError as exc:
        cause: BaseException | None = exc
        while cause is not None:  # a refused property or context, wrapped by PyLD
            if isinstance(cause, CanonicalizationError):
                raise cause from exc
            cause = cause.__cause__ or cause.__context__
        raise CanonicalizationError(str(exc)) from exc
