"""The issuer's Ed25519 keys, from configuration: the one that signs, and the older ones still published.

`LMS_ISSUER_KEY` holds one or more PEM keys, or the path of a file holding them, or several such
paths separated by commas (a list, in Python configuration). The first private key signs new
credentials; every key listed stays published in the issuer profile, so that credentials signed
with an older key keep verifying after a rotation. A retired key may be given as its public key
alone ("BEGIN PUBLIC KEY"): the private half is then no longer needed anywhere.

Every host must be given the same value. Without one (development), a key is generated once
into the instance folder and a warning says so; `flask backup` copies the keys beside the
database backup either way.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from lms.certificates.multibase import ED25519_PUBLIC, base58_encode

log = logging.getLogger(__name__)

INSTANCE_KEY_FILE = "issuer-ed25519.pem"
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----", re.S)


class IssuerKeyError(ValueError):
    """LMS_ISSUER_KEY cannot be read as Ed25519 keys."""


@dataclasses.dataclass(frozen=True)
class IssuerKey:
    public: Ed25519PublicKey
    private: Ed25519PrivateKey | None = None

    @property
    def multibase(self) -> str:
        """The public key as Multikey's publicKeyMultibase (base58btc, Ed25519 multicodec)."""
        raw = self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return "z" + base58_encode(ED25519_PUBLIC + raw)

    def key_id(self, controller: str) -> str:
        """The key's id in the issuer profile: stable whatever the order keys are listed in."""
        return f"{controller}#{self.multibase}"

    def pem(self) -> str:
        if self.private is not None:
            return self.private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()).decode()
        return self.public.public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def parse_pem(text: str, source: str = "LMS_ISSUER_KEY") -> list[IssuerKey]:
    """Every key in `text`, in order."""
    keys = []
    for match in _PEM_BLOCK.finditer(text):
        block = match.group(0).encode()
        try:
            if "PRIVATE" in match.group(1):
                private = serialization.load_pem_private_key(block, password=None)
                if not isinstance(private, Ed25519PrivateKey):
                    raise IssuerKeyError(f"{source}: a {type(private).__name__}; credentials are signed with Ed25519")
                keys.append(IssuerKey(private.public_key(), private))
            else:
                public = serialization.load_pem_public_key(block)
                if not isinstance(public, Ed25519PublicKey):
                    raise IssuerKeyError(f"{source}: a {type(public).__name__}; credentials are signed with Ed25519")
                keys.append(IssuerKey(public))
        except (ValueError, TypeError) as exc:
            if isinstance(exc, IssuerKeyError):
                raise
            raise IssuerKeyError(f"{source}: not a readable PEM key ({exc})") from None
    return keys


def _entries(value: str | Iterable[str]) -> list[str]:
    if isinstance(value, str):
        return [value] if "-----BEGIN" in value else [part.strip() for part in value.split(",") if part.strip()]
    return [str(item) for item in value]


def parse(value: str | Iterable[str]) -> tuple[IssuerKey, ...]:
    """The keys LMS_ISSUER_KEY names, the signing key first, each once."""
    keys: list[IssuerKey] = []
    for entry in _entries(value):
        if "-----BEGIN" in entry:
            keys.extend(parse_pem(entry))
        else:
            path = Path(entry).expanduser()
            if not path.is_file():
                raise IssuerKeyError(f"LMS_ISSUER_KEY: {path} is not a file (give PEM text or a file's path)")
            found = parse_pem(path.read_text(), str(path))
            if not found:
                raise IssuerKeyError(f"LMS_ISSUER_KEY: {path} holds no PEM key")
            keys.extend(found)
    unique: dict[str, IssuerKey] = {}
    for key in keys:
        if key.multibase not in unique or (key.private is not None and unique[key.multibase].private is None):
            unique[key.multibase] = key
    ordered = list(unique.values())
    signing = next((k for k in ordered if k.private is not None), None)
    if signing is None:
        raise IssuerKeyError("LMS_ISSUER_KEY: no private key among the keys given; one must sign")
    return (signing, *(k for k in ordered if k is not signing))


def generate_pem() -> str:
    return IssuerKey(*_new_pair()).pem()


def _new_pair() -> tuple[Ed25519PublicKey, Ed25519PrivateKey]:
    private = Ed25519PrivateKey.generate()
    return private.public_key(), private


def instance_key_file(instance: Path) -> Path:
    return instance / INSTANCE_KEY_FILE


def _instance_keys(instance: Path) -> str:
    """The development key in the instance folder, made once (of several processes, one wins)."""
    path = instance_key_file(instance)
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(generate_pem())
        try:
            os.link(temporary, path)
            log.warning("No LMS_ISSUER_KEY is configured: generated a new issuer key in %s. Credentials signed "
                        "with it verify only while it is published: in production set LMS_ISSUER_KEY to the "
                        "same key on every host (see the README, \"The issuer key\").", path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return str(path)


def configured(config: dict, instance: Path) -> tuple[IssuerKey, ...]:
    """The keys of this configuration; the instance folder's development key when none is set."""
    value = config.get("ISSUER_KEY") or _instance_keys(instance)
    return parse(value)


def write_pem_file(path: Path, keys: Iterable[IssuerKey]) -> None:
    """Write keys to a file only its owner can read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write("".join(key.pem() for key in keys))
    os.chmod(path, 0o600)


def backup_file(database_backup: Path) -> Path:
    """Where `flask backup` puts the keys: beside the database's backup."""
    return database_backup.with_name(database_backup.name + ".issuer-keys.pem")


def restore(config: dict, instance: Path, database_backup: Path) -> str:
    """After `flask restore`: make sure every key of the backup is still published, so that the
    credentials it signed keep verifying. Keys from LMS_ISSUER_KEY are the operator's to change:
    what is missing there is named. The development key file takes the backup's keys back itself
    (the backup's signing key first, the keys it holds now after)."""
    source = backup_file(database_backup)
    if not source.exists():
        return f"No issuer keys beside the backup ({source.name}): the keys configured now stay as they are."
    saved = parse_pem(source.read_text(), str(source))
    current = config["ISSUER_KEYS"]
    missing = [key for key in saved if key.multibase not in {k.multibase for k in current}]
    if not missing:
        return "Every issuer key of the backup is configured."
    if config.get("ISSUER_KEY"):
        names = ", ".join(key.multibase for key in missing)
        return (f"LMS_ISSUER_KEY lacks keys of the backup ({names}): add {source} to it (after the current key), "
                "or credentials they signed will not verify.")
    merged = parse(saved[0].pem() + "".join(key.pem() for key in (*saved[1:], *current)))
    write_pem_file(instance_key_file(instance), merged)
    config["ISSUER_KEYS"] = merged
    return f"The issuer keys of the backup are back in {instance_key_file(instance)}."
