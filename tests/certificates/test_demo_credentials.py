"""The demo's certificates, fetched over HTTP from a running server, verify with Digital Bazaar's verifier.

The same check runs against `make run` with `python -m tests.certificates.verify_demo`.
"""
from __future__ import annotations

from lms.courses.loader import check_courses
from lms.courses.services import import_courses
from lms.demo import load_demo
from lms.extensions import db
from tests.certificates import verify_demo

PASSWORD = "demo password for the verifier"


def test_every_demo_certificate_verifies_independently_and_the_revoked_one_reads_as_revoked(
        credential_host, independent_verifier, now, capsys):
    with credential_host.app.app_context():
        result = check_courses(credential_host.app.config["COURSES_PATH"])
        assert result.ok, result.problems
        import_courses(db.session, result)
        load_demo(db.session, PASSWORD)
        db.session.commit()
    problems = verify_demo.check(credential_host.url, PASSWORD, now())
    report = capsys.readouterr().out
    assert problems == [], report
    lines = report.splitlines()
    assert sum("signature verified (eddsa-rdfc-2022)" in line for line in lines) == 3, report
    assert sum("status list says revoked; the platform says revoked" in line for line in lines) == 1, report
    assert "the same credential with the holder's name changed: fails" in report
