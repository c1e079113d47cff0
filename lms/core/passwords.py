"""Password hashes by the configured method: scrypt in production, a cheap one only in tests."""
from __future__ import annotations

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

# Werkzeug's own default, written out so that a change of library cannot weaken it unnoticed.
STRONG_METHOD = "scrypt:32768:8:1"


def hash_password(password: str) -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else STRONG_METHOD
    return hash_password_with(method, password)


def hash_password_with(method: str, password: str) -> str:
    return generate_password_hash(password, method=method)


def password_matches(password_hash: str, password: str) -> bool:
    """Checks by the method the hash names, so hashes made under another setting still work."""
    return check_password_hash(password_hash, password)


def is_strong(method: str) -> bool:
    """Whether `method` costs an attacker at least as much as OWASP's floor for its kind."""
    name, _, params = method.partition(":")
    try:
        if name == "scrypt":
            n = int(params.split(":")[0]) if params else 32768
            return n >= 2**15
        if name == "pbkdf2":
            parts = params.split(":")
            iterations = int(parts[1]) if len(parts) > 1 else 1_000_000
            return parts[0] in {"sha256", "sha512"} and iterations >= 600_000
    except ValueError:
        return False
    return False
