"""The public pages: a call, its application form (no account, no JavaScript needed), the
applicant's own link to finish and follow their application, and the endorser's link."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from lms.applications import bp, decisions, loaders, services
from lms.applications.forms import MAX_TEXT, ApplicationForm
from lms.applications.models import (Application, ApplicantRole, ApplicationStatus, Call, Decision,
                                     InstitutionType)
from lms.centres.models import Centre
from lms.core import ratelimit
from lms.core.edge import PUBLIC, page
from lms.core.i18n import current_language, localized
from lms.core.text import without_controls
from lms.extensions import db


# Starting applications (each may send an email) from one address, and re-sending one's link.
STARTS_PER_HOUR, LINKS_PER_HOUR, HOUR = 30, 3, dt.timedelta(hours=1)


def _form(call: Call, application: Application | None = None) -> ApplicationForm:
    centres = list(db.session.scalars(select(Centre).order_by(Centre.name)))
    data = None
    if application is not None and request.method == "GET":
        data = {"email": application.email, "full_name": application.full_name,
                "institution": application.institution,
                "institution_type": application.institution_type.value if application.institution_type else "",
                "role": application.role.value if application.role else "",
                "centre_id": str(application.centre_id or ""), "country": application.country,
                "gender": application.gender, "motivation": application.motivation,
                "challenge": application.challenge, "study_language": application.study_language,
                "endorser_name": application.endorser_name, "endorser_email": application.endorser_email}
    form = ApplicationForm(data=data, call=call, centres=centres)
    form.submitting = request.form.get("action") == "submit"
    if application is not None:
        form.email.data = application.email  # the address a draft was started with stays its own
    return form


def _values(form: ApplicationForm, call: Call) -> dict[str, Any]:
    answers = {}
    for question in call.questions or []:
        typed = request.form.get(f"q-{question['key']}", "")
        answers[question["key"]] = without_controls(typed)[:MAX_TEXT]
    return {
        "full_name": form.full_name.data or "", "institution": form.institution.data or "",
        "institution_type": InstitutionType(form.institution_type.data) if form.institution_type.data else None,
        "role": ApplicantRole(form.role.data) if form.role.data else None,
        "centre_id": int(form.centre_id.data) if form.centre_id.data else None,
        "country": form.country.data or "", "gender": form.gender.data,
        "motivation": form.motivation.data or "", "challenge": form.challenge.data or "",
        "study_language": form.study_language.data or "", "endorser_name": form.endorser_name.data or "",
        "endorser_email": (form.endorser_email.data or "").strip().lower(), "answers": answers,
    }


def _questions(call: Call, application: Application | None) -> list[dict]:
    """The call's further questions in the reader's language, with what was typed."""
    shown = []
    for question in call.questions or []:
        text, lang = localized(question)
        typed = request.form.get(f"q-{question['key']}") if request.method == "POST" else None
        if typed is None and application is not None:
            typed = (application.answers or {}).get(question["key"], "")
        shown.append({"key": question["key"], "text": text, "lang": lang, "value": typed or ""})
    return shown


@page(bp, "/calls/<int:call_id>", roles=PUBLIC, load={"call": loaders.call})
def call_page(call: Call):
    return render_template("applications/call.html", call=call)


@page(bp, "/calls/<int:call_id>/apply", methods=["GET", "POST"], roles=PUBLIC, load={"call": loaders.call})
def apply(call: Call):
    if not call.is_open():
        return render_template("applications/call.html", call=call), 410 if request.method == "POST" else 200
    form = _form(call)
    if form.validate_on_submit():
        email = form.email.data or ""
        address = request.remote_addr or ""
        if ratelimit.exceeded(db.session, "application-start", address, STARTS_PER_HOUR, HOUR):
            form.form_errors.append(_("Too many applications have been started from your network in the "
                                      "last hour. Please try again later."))
            return render_template("applications/apply.html", call=call, form=form, application=None,
                                   questions=_questions(call, None)), 429
        ratelimit.record(db.session, "application-start", address)
        existing = services.find_application(db.session, call, email)
        if existing is not None:
            # Never shown or changed from here: its link goes to its own address, a few times an hour.
            if not ratelimit.exceeded(db.session, "application-link", existing.email, LINKS_PER_HOUR, HOUR):
                ratelimit.record(db.session, "application-link", existing.email)
                services.send_link(db.session, existing, again=True)
            return render_template("applications/link_sent.html", call=call, email=existing.email)
        application = services.start(db.session, call, email, current_language(), _values(form, call))
        if form.submitting:
            services.submit(db.session, application)
            flash(_("Your application has been sent. We have emailed you a confirmation, and asked your "
                    "endorser to confirm it."), "success")
        else:
            services.send_link(db.session, application)
            flash(_("Your draft is saved. We have emailed you a link to finish it later."), "success")
        return redirect(url_for("applications.continue_application", token=application.token))
    return render_template("applications/apply.html", call=call, form=form, application=None,
                           questions=_questions(call, None)), 400 if form.errors else 200


@page(bp, "/apply/<token>", methods=["GET", "POST"], roles=PUBLIC, load={"application": loaders.own_application})
def continue_application(application: Application):
    call = application.call
    if application.status is ApplicationStatus.submitted:
        if request.method == "POST":
            abort(405)
        return render_template("applications/status.html", application=application, call=call)
    if not call.is_open():
        return render_template("applications/status.html", application=application, call=call)
    form = _form(call, application)
    if form.validate_on_submit():
        services.fill(application, _values(form, call))
        if form.submitting:
            services.submit(db.session, application)
            flash(_("Your application has been sent. We have emailed you a confirmation, and asked your "
                    "endorser to confirm it."), "success")
        else:
            db.session.flush()
            flash(_("Your draft is saved. You can come back to this page from the link in your email."),
                  "success")
        return redirect(url_for("applications.continue_application", token=application.token))
    return render_template("applications/apply.html", call=call, form=form, application=application,
                           questions=_questions(call, application)), 400 if form.errors else 200


@page(bp, "/apply/<token>/place", methods=["POST"], roles=PUBLIC, load={"application": loaders.own_application})
def answer_place(application: Application):
    """An accepted applicant confirms or declines their place."""
    from lms.core.forms import Form
    if not Form().validate_on_submit():
        abort(400)
    if application.decision is not Decision.accepted or application.response is not None:
        flash(_("Your answer has already been recorded."), "info")
        return redirect(url_for("applications.continue_application", token=application.token))
    if request.form.get("answer") == "confirm":
        try:
            decisions.confirm_place(db.session, application)
        except decisions.NoCohort:
            flash(_("The programme team will write to you about your cohort."), "info")
            return redirect(url_for("applications.continue_application", token=application.token))
        flash(_("Your place is confirmed. We have emailed you an invitation to set your password."), "success")
    elif request.form.get("answer") == "decline":
        decisions.decline_place(db.session, application)
        flash(_("You have declined your place. Thank you for letting us know."), "success")
    else:
        abort(400)
    return redirect(url_for("applications.continue_application", token=application.token))


@page(bp, "/endorse/<token>", methods=["GET", "POST"], roles=PUBLIC, load={"application": loaders.to_endorse})
def endorse(application: Application):
    from lms.core.forms import Form
    form = Form()
    if form.validate_on_submit():
        services.endorse(db.session, application)
        return render_template("applications/endorsed.html", application=application, call=application.call)
    return render_template("applications/endorse.html", application=application, call=application.call,
                           form=form)
