"""Fetch the demo's certificates from a running platform and verify them as an outsider would.

    make run                                   # in one terminal (LMS_DEMO_PASSWORD=... to choose it)
    .venv/bin/python -m tests.certificates.verify_demo --password '<the demo password>'

Signs in as the demo's staff account over HTTP, downloads the Open Badges credential of every
certificate of the demo's graduate cohort ("<year> online edition"), and has Digital Bazaar's
verifier (tests/certificates/independent.py) check each against the keys and the status list it
fetches from that server, then 1EdTech's JSON Schema; a copy with the holder's name changed must
fail. Prints what it found and exits 1 when anything is not as it should be.
"""
from __future__ import annotations

import argparse
import copy
import http.cookiejar
import json
import re
import sys
import urllib.parse
import urllib.request

from tests.certificates import independent
from tests.conftest import csrf_fields


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def sign_in(self, email: str, password: str) -> None:
        fields = csrf_fields(self.get("/login"))
        data = urllib.parse.urlencode({**fields, "email": email, "password": password}).encode()
        with self.opener.open(self.base + "/login", data=data, timeout=30) as response:
            if response.geturl().endswith("/login"):
                raise SystemExit(f"could not sign in as {email} on {self.base}: is the password right?")


def demo_credentials(base: str, password: str, email: str = "staff@example.org") -> list[dict]:
    """Every credential of the demo's graduates, as staff download them."""
    browser = Browser(base)
    browser.sign_in(email, password)
    listing = browser.get("/staff/certificates")
    cohorts = re.findall(r'<option value="(\d+)"[^>]*>(\d{4}) online edition</option>', listing)
    if not cohorts:
        raise SystemExit("no demo graduate cohort (\"<year> online edition\"): run `flask demo` first")
    page = browser.get(f"/staff/certificates?cohort={cohorts[0][0]}")
    ids = sorted({int(n) for n in re.findall(r'href="/staff/certificates/(\d+)"', page)})
    return [json.loads(browser.get(f"/certificates/{n}/credential.json")) for n in ids]


def public_status(base: str, credential: dict) -> str:
    """"valid" or "revoked", from the public verification page's JSON."""
    with urllib.request.urlopen(credential["id"] + ".json", timeout=30) as response:
        return json.loads(response.read())["status"]


def check(base: str, password: str, now=None) -> list[str]:
    """What is wrong with the demo's credentials (nothing, when all is well); prints a report."""
    credentials = demo_credentials(base, password)
    problems = [] if credentials else ["the demo cohort has no certificate"]
    tampered = copy.deepcopy(credentials[0]) if credentials else None
    if tampered:
        tampered["credentialSubject"]["name"] += " (changed)"
    verdict = independent.verify([*credentials, *([tampered] if tampered else [])], [base.rstrip("/")], now)
    results = verdict["results"]
    for credential, result in zip(credentials, results, strict=False):
        holder = credential["credentialSubject"]["name"]
        status = public_status(base, credential)
        signed = bool(result["proofs"]) and all(p["verified"] for p in result["proofs"])
        print(f"{holder}: signature {'verified' if signed else 'NOT verified'} "
              f"({', '.join(p['cryptosuite'] for p in result['proofs'])}); status list says "
              f"{'revoked' if result['revoked'] else 'not revoked'}; the platform says {status}")
        if not signed or result["statusVerified"] is not True:
            problems.append(f"{holder}: {result['error'] or result.get('statusError')}")
        if bool(result["revoked"]) != (status == "revoked"):
            problems.append(f"{holder}: the status list and the platform disagree")
        problems += [f"{holder}: schema: {e}" for e in independent.schema_errors(credential)]
    if tampered:
        failed = not results[-1]["verified"]
        print(f"the same credential with the holder's name changed: {'fails' if failed else 'VERIFIES'} "
              f"({results[-1]['error']})")
        if not failed:
            problems.append("a changed credential verified")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:5000")
    parser.add_argument("--password", required=True, help="the demo password `make run` printed")
    args = parser.parse_args()
    independent.install()
    problems = check(args.base_url, args.password)
    for problem in problems:
        print("PROBLEM:", problem)
    print("all demo credentials verify independently" if not problems else f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
