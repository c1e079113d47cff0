"""Checks made without the platform's own code: Digital Bazaar's verifier in Node, 1EdTech's JSON Schema.

`verify()` runs tests/certificates/verifier/verify.mjs (Digital Bazaar's `@digitalbazaar/vc` with
the eddsa-rdfc-2022 and eddsa-jcs-2022 cryptosuites and `@digitalbazaar/vc-bitstring-status-list`,
the JSON-LD contexts from their npm packages) on credentials; it fetches the issuer profile and
the status list from the running server it is allowed to reach. The Node packages are installed
from package-lock.json by `npm ci` the first time (node_modules is not committed).
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import subprocess
from pathlib import Path


VERIFIER = Path(__file__).with_name("verifier")
# 1EdTech's schema, kept in the repository (standards/README.md says where it comes from).
SCHEMA = Path(__file__).with_name("standards") / "ob_v3p0_achievementcredential_schema.json"


class Unavailable(RuntimeError):
    """Node, npm or the packages cannot be had on this machine."""


def install() -> None:
    """`npm ci` in the verifier's folder, unless node_modules matches package-lock.json already."""
    if not shutil.which("node") or not shutil.which("npm"):
        raise Unavailable("node and npm are needed for the independent verifier (Debian: nodejs, npm)")
    lock = VERIFIER / "package-lock.json"
    installed = VERIFIER / "node_modules" / ".package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=VERIFIER,
                          capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise Unavailable(f"npm ci failed in {VERIFIER}: {done.stderr.strip()[-2000:]}")


def verify(credentials: list[dict], allow: list[str], now: dt.datetime | None = None) -> dict:
    """Digital Bazaar's verdict on each credential at `now` (default: the machine's clock):
    {"results": [...], "fetched": [...]}; it fetches only from the origins in `allow`."""
    moment = now.strftime("%Y-%m-%dT%H:%M:%SZ") if now else None
    done = subprocess.run(["node", "verify.mjs"], cwd=VERIFIER, input=json.dumps(
        {"credentials": credentials, "allow": allow, "now": moment}), capture_output=True, text=True, timeout=120,
        env={**os.environ, "NODE_NO_WARNINGS": "1"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@functools.cache
def _validator():
    from jsonschema import Draft201909Validator

    if not SCHEMA.exists():
        raise Unavailable(f"1EdTech's JSON Schema is expected at {SCHEMA} ")
    schema = json.loads(SCHEMA.read_text())
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema)


def schema_errors(credential: dict) -> list[str]:
    """What 1EdTech's OB 3.0 JSON Schema finds wrong with the credential (nothing, for ours)."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(credential)]
