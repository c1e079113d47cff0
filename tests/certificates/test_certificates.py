"""Certificates: eligibility, issuing once, the PDFs in three languages, verification, revocation."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import threading

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from lms.certificates.models import Certificate, CertificateEvent
from lms.certificates.pdf import certificate_pdf
from lms.certificates.services import eligibility, issue
from lms.cohorts.models import Cohort
from lms.core.fonts import missing_glyphs
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User
from tests.learning.test_offline import embedded_fonts


def pdf_text(data: bytes, folder) -> str:
    """The text a reader copies out of the PDF, as poppler's pdftotext gives it."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: install Debian's poppler-utils (.ci/run does)")
    (folder / "text.pdf").write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(folder / "text.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout


def issue_all(app, cohort_id, staff_id=None):
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        made = issue(db.session, cohort, [r.learner for r in eligibility(db.session, cohort)],
                     db.session.get(User, staff_id) if staff_id else None)
        db.session.commit()
        return [c.serial for c in made]


def test_eligibility_names_what_is_missing(app, classroom, make_client):
    client = make_client()
    client.login(classroom.facilitator)
    html = client.get(f"/cohorts/{classroom.cohort_id}/certificates").get_data(as_text=True)
    assert "Quiz not passed: Quiz" in html and "Action plan not accepted yet" in html
    assert "Issue to every eligible learner" not in html  # facilitators recommend; staff issue
    response = client.submit(f"/cohorts/{classroom.cohort_id}/certificates",
                             {"learner": [str(classroom.learner.id)], "action": "issue-all"})
    assert response.status_code == 403


def test_staff_issue_to_every_eligible_learner_once(app, classroom, graduates, make_user, make_client):
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    page = f"/cohorts/{classroom.cohort_id}/certificates"
    assert staff.get(page).get_data(as_text=True).count("tag ok\">Eligible") == 3
    assert staff.submit(page, {"action": "issue-all"}).status_code == 302
    assert staff.submit(page, {"action": "issue-all"}).status_code == 302  # again: nothing new
    with app.app_context():
        serials = sorted(db.session.scalars(select(Certificate.serial)))
        assert len(serials) == 3 and len(set(db.session.scalars(select(Certificate.code)))) == 3
        assert db.session.scalar(select(func.count(CertificateEvent.id))) == 3
    year = serials[0].split("-")[-2]
    assert serials == [f"DEMO-PROGR-{year}-{n:04d}" for n in (1, 2, 3)]


def test_two_bulk_issuances_at_the_same_time_give_one_certificate_each_and_no_gaps(app, classroom, graduates):
    results, errors = [], []

    def run():
        try:
            results.append(issue_all(app, classroom.cohort_id))
        except Exception as exc:  # any failure is reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(len(r) for r in results) == [0, 3]
    with app.app_context():
        serials = sorted(db.session.scalars(select(Certificate.serial)))
        holders = list(db.session.scalars(select(Certificate.user_id)))
    assert len(holders) == len(set(holders)) == 3
    assert [int(s.rsplit("-", 1)[1]) for s in serials] == [1, 2, 3]


@pytest.mark.parametrize("index, language, words", [
    (0, "en", ["Certificate of completion", "has completed the", "Issued on"]),
    (1, "zh", ["王芳", "结业证书"]),
    (2, "fr", ["Aïssatou Diallo", "Certificat de fin de formation", "Délivré le"]),
])
def test_the_pdf_in_each_language_embeds_its_fonts_and_gives_back_its_text(app, classroom, graduates, tmp_path,
                                                                           index, language, words):
    issue_all(app, classroom.cohort_id)
    with app.test_request_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == graduates[index].id))
        assert certificate.language == language
        data = certificate_pdf(certificate)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # A4 landscape
    text = pdf_text(data, tmp_path)
    for word in words:
        assert word in text
    assert certificate.serial in text
    assert embedded_fonts(reader) == (True, {True})
    assert missing_glyphs(text) == set()
    if shutil.which("pdffonts"):  # poppler-utils, with pdftotext above
        (tmp_path / "c.pdf").write_bytes(data)
        listing = subprocess.run(["pdffonts", str(tmp_path / "c.pdf")], capture_output=True, text=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows)  # the "emb" column


def test_the_holder_downloads_the_pdf_and_others_may_not(app, classroom, graduates, make_client, make_user):
    issue_all(app, classroom.cohort_id)
    with app.app_context():
        certificate_id = db.session.scalar(select(Certificate.id).where(Certificate.user_id == graduates[1].id))
    holder = make_client()
    holder.login(graduates[1])
    dashboard = holder.get("/learn").get_data(as_text=True)
    assert f"/certificates/{certificate_id}.pdf" in dashboard
    assert holder.get(f"/certificates/{certificate_id}.pdf").data.startswith(b"%PDF")
    stranger = make_client()
    stranger.login(graduates[0])
    assert stranger.get(f"/certificates/{certificate_id}.pdf").status_code == 403


def test_anyone_verifies_a_certificate_and_sees_a_revocation(app, classroom, graduates, make_client, make_user):
    issue_all(app, classroom.cohort_id)
    with app.app_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == graduates[1].id))
    anonymous = make_client()
    page = anonymous.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "This certificate is valid." in page and "王芳" in page and "2026 online edition" in page
    summary = anonymous.get(f"/verify/{certificate.code}.json").json
    assert summary["status"] == "valid" and summary["holder"] == "王芳"
    assert summary["credential_status"]["statusListCredential"] == "http://lms.test/credentials/status/0"

    staff = make_client()
    staff.login(make_user(role=Role.staff))
    detail = f"/staff/certificates/{certificate.id}"
    response = staff.submit(detail, {"action": "revoke", "reason": ""})
    assert response.status_code == 400 and "Give the reason" in response.get_data(as_text=True)
    staff.submit(detail, {"action": "revoke", "reason": "Issued to the wrong cohort."})
    page = anonymous.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "This certificate has been revoked." in page and "Issued to the wrong cohort." in page
    assert anonymous.get(f"/verify/{certificate.code}.json").json["status"] == "revoked"

    response = staff.submit(detail, {"action": "reissue", "reason": "Moved to the right cohort."})
    fresh_page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "issued" in fresh_page and "reissued" in fresh_page
    with app.app_context():
        actions = [e.action for e in db.session.scalars(select(CertificateEvent).order_by(CertificateEvent.id))]
    assert actions.count("revoked") == 1 and actions[-1] == "reissued"


def test_an_unknown_code_is_a_clear_404_and_guessing_is_limited(make_client):
    anonymous = make_client()
    response = anonymous.get("/verify/not-a-code")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)
    for _ in range(29):
        anonymous.get("/verify/another-guess")
    assert anonymous.get("/verify/one-more-guess").status_code == 429


def test_the_credential_verifies_on_the_checking_page_and_fails_when_changed(app, classroom, graduates,
                                                                            make_client):
    issue_all(app, classroom.cohort_id)
    with app.app_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == graduates[2].id))
    holder = make_client()
    holder.login(graduates[2])
    credential = holder.get(f"/certificates/{certificate.id}/credential.json").json
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["name"] == "Aïssatou Diallo"
    checker = make_client()
    page = checker.submit("/verify", {"credential": json.dumps(credential)}).get_data(as_text=True)
    assert "The signature verifies and the certificate is valid." in page
    tampered = json.loads(json.dumps(credential, ensure_ascii=False).replace("Aïssatou", "Aissatou"))
    response = checker.submit("/verify", {"credential": json.dumps(tampered)})
    assert response.status_code == 400 and "The signature does not verify" in response.get_data(as_text=True)
    raw = bytearray(json.dumps(credential).encode())
    raw[raw.index(b"validFrom") + 14] ^= 1  # one byte of the issue date
    response = checker.submit("/verify", {"credential": raw.decode()})
    assert response.status_code == 400 and "The signature does not verify" in response.get_data(as_text=True)


def test_the_command_issues_with_a_progress_bar(app, classroom, graduates):
    result = app.test_cli_runner().invoke(args=["certificates", "issue", "--cohort", str(classroom.cohort_id)])
    assert result.exit_code == 0, result.output
    assert "3 certificates issued" in result.output and "Checking 3 learners" in result.output
    again = app.test_cli_runner().invoke(args=["certificates", "issue", "--cohort", str(classroom.cohort_id)])
    assert "No new certificate" in again.output


def test_a_reissue_sent_twice_says_so_and_makes_one_replacement(app, classroom, graduates, make_user, make_client):
    [serial, *_] = issue_all(app, classroom.cohort_id)
    with app.app_context():
        original = db.session.scalar(select(Certificate).where(Certificate.serial == serial))
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    page = f"/staff/certificates/{original.id}"
    first = staff.submit(page, {"action": "reissue", "reason": "The name was misspelt."})
    assert first.status_code == 302
    again = staff.submit(page, {"action": "reissue", "reason": "The name was misspelt."})
    assert again.status_code == 400 and "This certificate has already been replaced by" in again.get_data(as_text=True)
    with app.app_context():
        current = db.session.scalars(select(Certificate).where(Certificate.user_id == original.user_id,
                                                               Certificate.revoked_at.is_(None))).all()
        assert len(current) == 1 and current[0].replaces_id == original.id


def test_a_recommendation_or_issuance_for_someone_outside_the_cohort_does_nothing(app, classroom, make_client,
                                                                                make_user):
    outsider = make_user(full_name="Not In This Cohort")
    facilitator = make_client()
    facilitator.login(classroom.facilitator)
    page = f"/cohorts/{classroom.cohort_id}/certificates"
    for learner in (str(outsider.id), "999999", "2147483647"):
        assert facilitator.submit(page, {"action": "recommend", "learner": learner}).status_code == 302
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    assert staff.submit(page, {"action": "issue-one", "learner": str(outsider.id)}).status_code == 302
    with app.app_context():
        from lms.certificates.models import Recommendation
        assert db.session.scalars(select(Recommendation)).all() == []
        assert db.session.scalars(select(Certificate).where(Certificate.user_id == outsider.id)).all() == []
