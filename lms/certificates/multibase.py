"""Base58btc and base64url, as Multibase writes keys, signatures and status lists."""
from __future__ import annotations

import base64

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_VALUES = {character: value for value, character in enumerate(ALPHABET)}
ED25519_PUBLIC = b"\xed\x01"  # the multicodec prefix of an Ed25519 public key

# Decoding base58 costs the square of its length: nothing longer than a signature (88
# characters for 64 bytes) or a key (48) is ever decoded. Callers check before calling.
MAX_BASE58 = 128


def base58_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, rest = divmod(number, 58)
        out.append(ALPHABET[rest])
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + "".join(reversed(out))


def base58_decode(text: str) -> bytes:
    """The bytes of a base58btc string of at most MAX_BASE58 characters (ValueError otherwise)."""
    if len(text) > MAX_BASE58:
        raise ValueError("too long for base58")
    number = 0
    for character in text:
        try:
            number = number * 58 + _VALUES[character]
        except KeyError:
            raise ValueError(f"not a base58 character: {character!r}") from None
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def base64url_encode(data: bytes) -> str:
    """Base64url without padding (Multibase prefix "u" not included)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def base64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
