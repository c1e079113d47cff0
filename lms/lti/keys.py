"""The tool's RSA key: it signs Deep Linking responses and the client assertions of AGS and NRPS,
and platforms read its public half at the tool's JWKS address.

`LMS_LTI_KEY` holds a PEM private key or the path of a file holding one; without it, a key is
made on first use in the instance folder (lti-rsa.pem), as the credential issuer's key is.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import current_app

INSTANCE_KEY_FILE = "lti-rsa.pem"


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@functools.cache
def _load(text: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(text.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("LMS_LTI_KEY must be an RSA private key")
    return key


def _pem() -> str:
    configured = str(current_app.config.get("LTI_KEY") or "").strip()
    if configured.startswith("-----BEGIN"):
        return configured
    if configured:
        return Path(configured).read_text()
    path = Path(current_app.instance_path) / INSTANCE_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
    return path.read_text()


def private_key() -> rsa.RSAPrivateKey:
    return _load(_pem())


def public_jwk() -> dict[str, Any]:
    numbers = private_key().public_key().public_numbers()
    jwk = {"e": _b64(numbers.e), "kty": "RSA", "n": _b64(numbers.n)}
    # RFC 7638 thumbprint: the key id changes exactly when the key does.
    kid = base64.urlsafe_b64encode(hashlib.sha256(json.dumps(jwk, separators=(",", ":"), sort_keys=True)
                                                  .encode()).digest()).rstrip(b"=").decode()
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


def jwks() -> dict[str, Any]:
    return {"keys": [public_jwk()]}


def sign(claims: dict[str, Any]) -> str:
    return jwt.encode(claims, private_key(), algorithm="RS256", headers={"kid": public_jwk()["kid"]})


def wall_time() -> int:
    """Seconds since the epoch for a JWT's iat and exp: the platform checks them against its own
    clock, so they are the machine's time, never the app's clock (which tests move)."""
    return int(time.time())
