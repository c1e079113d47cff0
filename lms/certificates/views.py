"""Certificates: staff issue and revoke them; holders download them; anyone verifies them."""
from __future__ import annotations

import datetime as dt

from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import or_, select

from lms.certificates import badges, bp, checking, jsonld, services, sharing, status
from lms.certificates.models import Certificate, CertificateEvent, Recommendation
from lms.certificates.pdf import certificate_pdf
from lms.cohorts.models import Cohort, Enrolment
from lms.core import ratelimit
from lms.core.edge import PUBLIC, SIGNED_IN, Load, page
from lms.core.errors import error_page
from lms.core.i18n import localized
from lms.core.pagination import page_of, paginate
from lms.core.search import contains
from lms.core.permissions import Role
from lms.core.urls import external_url
from lms.extensions import db
from lms.users.models import User

# The holder's page links to LinkedIn's "add to profile" with the certificate filled in.
bp.add_app_template_global(sharing.linkedin_url)

GUESSES_PER_WINDOW = 30
GUESS_WINDOW = dt.timedelta(minutes=10)


@page(bp, "/cohorts/<int:cohort_id>/certificates", methods=["GET", "POST"], roles=[Role.facilitator, Role.staff],
      load={"cohort": Load(Cohort, "cohort_id")}, allow=[("manage", "cohort")])
def cohort(cohort: Cohort):
    """Who is eligible and what is missing; staff issue, facilitators recommend."""
    if request.method == "POST":
        # Only this cohort's learners: an id typed into the form for anyone else counts for nothing.
        enrolled = set(db.session.scalars(select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id)))
        learner_ids = {int(v) for v in request.form.getlist("learner") if v.isdigit() and len(v) < 10} & enrolled
        if request.form.get("action") == "recommend":
            for user_id in learner_ids:
                if db.session.scalar(select(Recommendation.id).where(Recommendation.user_id == user_id,
                                                                     Recommendation.cohort_id == cohort.id)) is None:
                    db.session.add(Recommendation(user_id=user_id, cohort_id=cohort.id,
                                                  recommended_by_id=current_user.id))
            flash(_("Your recommendation has been recorded for UNEVOC staff."), "success")
        else:
            if current_user.role is not Role.staff:
                abort(403)
            learners = list(db.session.scalars(select(User).where(User.id.in_(learner_ids)))) \
                if request.form.get("action") == "issue-one" else None
            made = services.issue(db.session, cohort, learners if learners is not None else
                                  [r.learner for r in services.eligibility(db.session, cohort)], current_user)
            flash(ngettext("%(num)d certificate issued.", "%(num)d certificates issued.", len(made)), "success")
        return redirect(url_for("certificates.cohort", cohort_id=cohort.id))
    recommended = set(db.session.scalars(select(Recommendation.user_id).where(Recommendation.cohort_id == cohort.id)))
    results = services.eligibility(db.session, cohort)
    listing = page_of(results, request.args.get("page"), current_app.config["COHORT_PER_PAGE"])
    return render_template("certificates/cohort.html", cohort=cohort, recommended=recommended, listing=listing,
                           eligible=sum(1 for r in results if r.eligible and not r.certificate))


@page(bp, "/staff/certificates", roles=[Role.staff])
def staff_list():
    query = select(Certificate).join(User, User.id == Certificate.user_id).order_by(Certificate.issued_at.desc())
    text = request.args.get("q", "").strip()[:100]
    status = request.args.get("status", "")
    if text:
        query = query.where(or_(contains(Certificate.serial, text), contains(User.email, text),
                                contains(Certificate.holder_name, text)))
    if status == "valid":
        query = query.where(Certificate.revoked_at.is_(None))
    elif status == "revoked":
        query = query.where(Certificate.revoked_at.is_not(None))
    if request.args.get("cohort", type=int):
        query = query.where(Certificate.cohort_id == request.args.get("cohort", type=int))
    page = paginate(db.session, query, request.args.get("page"), current_app.config["USERS_PER_PAGE"])
    return render_template("certificates/staff_list.html", page=page, q=text, status=status,
                           cohorts=db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc())).unique().all())


CERTIFICATE = {"certificate": Load(Certificate, "certificate_id")}


@page(bp, "/staff/certificates/<int:certificate_id>", methods=["GET", "POST"], roles=[Role.staff], load=CERTIFICATE,
      allow=[("manage", "certificate")])
def detail(certificate: Certificate):
    problem = None
    if request.method == "POST":
        reason = request.form.get("reason", "").strip()
        if not reason:
            problem = _("Give the reason: it is kept in the certificate's log and shown on its public page.")
        elif request.form.get("action") == "revoke" and not certificate.revoked:
            services.revoke(db.session, certificate, current_user, reason)
            flash(_("The certificate %(serial)s has been revoked.", serial=certificate.serial), "success")
            return redirect(url_for("certificates.detail", certificate_id=certificate.id))
        elif request.form.get("action") == "reissue" and certificate.replaced_by is not None:
            # Sent twice (a double click, the back button): it has been replaced already.
            problem = _("This certificate has already been replaced by %(serial)s.",
                        serial=certificate.replaced_by.serial)
        elif request.form.get("action") == "reissue":
            fresh = services.reissue(db.session, certificate, current_user, reason)
            flash(_("The certificate has been reissued as %(serial)s.", serial=fresh.serial), "success")
            return redirect(url_for("certificates.detail", certificate_id=fresh.id))
    events = db.session.scalars(select(CertificateEvent).where(CertificateEvent.certificate_id == certificate.id)
                                .order_by(CertificateEvent.created_at, CertificateEvent.id)).all()
    return render_template("certificates/detail.html", certificate=certificate, events=events, problem=problem), \
        400 if problem else 200


@page(bp, "/certificates/<int:certificate_id>.pdf", roles=SIGNED_IN, load=CERTIFICATE,
      allow=[("view", "certificate")])
def pdf(certificate: Certificate):
    return Response(certificate_pdf(certificate), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{certificate.serial}.pdf"'})


@page(bp, "/certificates/<int:certificate_id>/credential.json", roles=SIGNED_IN, load=CERTIFICATE,
      allow=[("view", "certificate")])
def credential(certificate: Certificate):
    response = jsonify(badges.credential(certificate))
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate.serial}-openbadge.json"'
    return response


def _public(document: dict, max_age: int) -> Response:
    """A document any verifier, wallet or web page elsewhere may fetch (CORS), kept `max_age` seconds."""
    response = jsonify(document)
    response.mimetype = "application/ld+json"
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


@page(bp, "/issuer", roles=PUBLIC)
def issuer():
    """The issuer's profile and public keys (every key that ever signed), for anyone checking a credential."""
    return _public(badges.issuer_document(), 300)


@page(bp, "/credentials/status/<int:number>", roles=PUBLIC)
def status_list(number: int):
    """The signed revocation list: a revocation shows here at once, and in caches within max-age."""
    document = status.status_list_credential(db.session, number)
    if document is None:
        return error_page(404)
    return _public(document, status.MAX_AGE_SECONDS)


@page(bp, "/credentials/contexts/<name>", roles=PUBLIC)
def context(name: str):
    """Our copies of the JSON-LD contexts the credentials use, for verifiers that cannot reach their hosts."""
    url = next((u for u, file in jsonld.CONTEXTS.items() if file == name), None)
    if url is None:
        return error_page(404)
    return _public(jsonld.context_document(url), 86400)


def _find(code: str) -> Certificate | None:
    """The certificate with this code; a miss is counted against the address (guessing codes is
    throttled), so the pages that call this are GETs declared to write."""
    address = request.remote_addr or "unknown"
    if ratelimit.exceeded(db.session, "verify-miss", address, GUESSES_PER_WINDOW, GUESS_WINDOW):
        abort(429)
    certificate = db.session.scalar(select(Certificate).where(Certificate.code == code))
    if certificate is None:
        ratelimit.record(db.session, "verify-miss", address)
    return certificate


def _summary(certificate: Certificate) -> dict:
    return {
        "status": "revoked" if certificate.revoked else "valid",
        "serial": certificate.serial,
        "holder": certificate.holder_name,
        "programme": localized(certificate.programme.title, "en")[0],
        "cohort": certificate.cohort.name,
        "issued_on": certificate.issued_at.date().isoformat(),
        "revoked_on": certificate.revoked_at.date().isoformat() if certificate.revoked_at else None,
        "revocation_reason": certificate.revoked_reason or None,
        "replaced_by": _address(certificate.replaced_by),
        "replaces": _address(certificate.replaces),
        "credential_status": status.entry(certificate),
    }


def _address(certificate: Certificate | None) -> str | None:
    return external_url("certificates.verify", code=certificate.code) if certificate else None


@page(bp, "/verify/<code>", roles=PUBLIC, writes_on_get=True)
def verify(code: str):
    """Public: anyone, without an account, checks a certificate."""
    certificate = _find(code)
    if certificate is None:
        return error_page(404)
    return render_template("certificates/verify.html", certificate=certificate)


@page(bp, "/verify/<code>.json", roles=PUBLIC, writes_on_get=True)
def verify_json(code: str):
    certificate = _find(code)
    if certificate is None:
        return error_page(404)
    response = jsonify(_summary(certificate))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.url_value_preprocessor
def _limit_checked_bodies(endpoint: str | None, values: dict | None) -> None:
    """The checking page accepts a credential, not 64 MB: the limit is set here because URL value
    preprocessors run before the form is first read (by the CSRF check), so anything larger is a
    413 before any of it is parsed."""
    if endpoint == "certificates.check_credential":
        request.max_content_length = checking.MAX_REQUEST_BYTES


@page(bp, "/verify", methods=["GET", "POST"], roles=PUBLIC)
def check_credential():
    """Paste or upload an Open Badges credential: it is checked against the published keys only."""
    result = None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload and upload.filename:
            result = checking.check_bytes(db.session, upload.read(checking.MAX_CREDENTIAL_BYTES + 1))
        else:
            result = checking.check_text(db.session, request.form.get("credential", ""))
    return render_template("certificates/check.html", result=result, limit=checking.MAX_CREDENTIAL_BYTES), \
        result.outcome.status if result is not None else 200
