"""The API's resources: each a thin view over the queries and services the pages use."""
from __future__ import annotations

import json
from typing import Any

from flask import g, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from lms.api.edge import Param, bad_parameter, operation, paged, whole_number
from lms.api.problems import Problem
from lms.applications import queries as application_queries
from lms.applications.models import Application, Call
from lms.centres.models import Region
from lms.certificates.models import Certificate
from lms.cohorts import enrolment
from lms.cohorts import queries as cohort_queries
from lms.cohorts.loaders import cohort as cohort_loader
from lms.cohorts.models import Cohort, Enrolment, cohort_facilitators
from lms.core.edge import Load
from lms.core.permissions import Role
from lms.courses.models import Activity, Programme
from lms.extensions import db
from lms.learning.models import Submission
from lms.learning.status import WorkStatus


COHORT = {"cohort": cohort_loader}
VIEWS_COHORT = [("view", "cohort")]
RUNS_COHORT = [("manage", "cohort")]
RUNNERS = (Role.facilitator, Role.staff)
ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


# Who is calling ------------------------------------------------------------------------------

@operation("/me", summary="The token's owner and the token's scopes", tag="tokens", response="Me")
def me():
    token = g.api_token
    return {"id": current_user.id, "full_name": current_user.full_name, "email": current_user.email,
            "role": current_user.role.value, "scopes": list(token.scopes), "token_prefix": token.prefix,
            "expires_at": token.expires_at}


# Programmes ----------------------------------------------------------------------------------

def _programme(programme: Programme, modules: bool = True) -> dict[str, Any]:
    document: dict[str, Any] = {"id": programme.id, "slug": programme.slug, "title": programme.title,
                                "summary": programme.summary, "languages": programme.languages}
    if modules:
        document["modules"] = [{"id": m.id, "slug": m.slug, "position": m.position, "title": m.title,
                                "summary": m.summary} for m in programme.modules if m.retired_at is None]
    return document


@operation("/programmes", summary="Programmes, with their modules", tag="programmes", response="ProgrammeList",
           scope="read", paginated=True)
def programmes():
    query = select(Programme).where(Programme.retired_at.is_(None)).options(joinedload(Programme.modules))
    return paged(query, Programme.id, _programme)


@operation("/programmes/<int:programme_id>", summary="A programme and its modules", tag="programmes",
           response="Programme", scope="read", load={"programme": Load(Programme, "programme_id")})
def programme(programme: Programme):
    if programme.retired_at is not None:
        raise Problem(404, detail=_("There is nothing at this address."))
    return _programme(programme)


# Cohorts -------------------------------------------------------------------------------------

def _cohort(cohort: Cohort) -> dict[str, Any]:
    return {"id": cohort.id, "name": cohort.name,
            "programme": {"id": cohort.programme.id, "slug": cohort.programme.slug},
            "language": cohort.language, "region": cohort.region.value if cohort.region else None,
            "timezone": cohort.timezone, "starts_on": cohort.starts_on, "ends_on": cohort.ends_on,
            "facilitators": [{"id": f.id, "full_name": f.full_name} for f in cohort.facilitators]}


@operation("/cohorts", summary="The cohorts the token's owner sees", tag="cohorts", response="CohortList",
           scope="read", paginated=True,
           description="Staff see every cohort, a facilitator the cohorts they run, a learner their own: "
                       "as on the pages.",
           query=(Param("programme", "A programme's id or slug.", {"type": "string", "maxLength": 100}),
                  Param("language", "The language the cohort is facilitated in.",
                        {"type": "string", "enum": ["en", "zh", "fr"]}),
                  Param("region", "The UNESCO region it serves.",
                        {"type": "string", "enum": [r.value for r in Region]})))
def cohorts():
    query = cohort_queries.visible_cohorts(current_user).options(joinedload(Cohort.facilitators))
    wanted = request.args.get("programme")
    if wanted is not None:
        query = query.join(Programme, Programme.id == Cohort.programme_id)
        query = query.where(Programme.id == int(wanted) if wanted.isdigit() and len(wanted) < 10
                            else Programme.slug == wanted[:100])
    language = request.args.get("language")
    if language is not None:
        if language not in ("en", "zh", "fr"):
            raise bad_parameter("language", _("Use en, zh or fr."))
        query = query.where(Cohort.language == language)
    region = request.args.get("region")
    if region is not None:
        if region not in {r.value for r in Region}:
            raise bad_parameter("region", _("Use one of the UNESCO regions' names."))
        query = query.where(Cohort.region == Region(region))
    return paged(query, Cohort.id, _cohort)


@operation("/cohorts/<int:cohort_id>", summary="A cohort", tag="cohorts", response="Cohort", scope="read",
           load=COHORT, allow=VIEWS_COHORT)
def cohort(cohort: Cohort):
    return {**_cohort(cohort), "learners": enrolment.enrolled_count(db.session, cohort)}


# Enrolments ----------------------------------------------------------------------------------

@operation("/cohorts/<int:cohort_id>/enrolments", summary="A cohort's learners", tag="enrolments",
           response="EnrolmentList", scope="read", roles=RUNNERS, load=COHORT, allow=RUNS_COHORT, paginated=True)
def enrolments(cohort: Cohort):
    query = select(Enrolment).where(Enrolment.cohort_id == cohort.id).options(joinedload(Enrolment.user))
    return paged(query, Enrolment.id, lambda e: {
        "id": e.id, "enrolled_at": e.enrolled_at,
        "learner": {"id": e.user.id, "full_name": e.user.full_name, "email": e.user.email}})


@operation("/cohorts/<int:cohort_id>/enrolments", method="POST", endpoint="enrol",
           summary="Enrol learners, all or nothing", tag="enrolments", response="EnrolmentResult",
           body="EnrolmentRequest", scope="enrolments:write", roles=RUNNERS, load=COHORT, allow=RUNS_COHORT,
           problems=(400, 415, 422),
           description="Checked as the CSV import of the learners' page checks a file: if any learner has a "
                       "problem, nobody is enrolled and the problem lists every one (`errors[].pointer` "
                       "names the item; a line number in a message counts as in a file whose header is "
                       "line 1, so item 0 is line 2). People already enrolled are skipped and listed as "
                       "such; people without an account get one and an invitation by email.")
def enrol(cohort: Cohort):
    if not request.is_json:
        raise Problem(415, detail=_("Send JSON (Content-Type: application/json)."))
    try:
        document = json.loads(request.get_data(as_text=True))
    except (ValueError, RecursionError):  # not JSON, or nested deeper than any list of learners
        raise Problem(400, detail=_("The body is not JSON that can be read.")) from None
    learners = document.get("learners") if isinstance(document, dict) else None
    if not isinstance(learners, list) or not learners:
        raise Problem(422, "validation", _("Send {\"learners\": [...]} with at least one learner."),
                      errors=[{"pointer": "/learners", "detail": _("A list of at least one learner is needed.")}])
    if len(learners) > enrolment.MAX_ROWS:
        raise Problem(422, "validation", _("At most %(num)s learners at once.", num=enrolment.MAX_ROWS),
                      errors=[{"pointer": "/learners", "detail": _("Too many learners.")}])
    records: list[dict[str, str]] = []
    errors = []
    for index, item in enumerate(learners):
        if not isinstance(item, dict) or any(not isinstance(v, str) for v in item.values()):
            errors.append({"pointer": f"/learners/{index}",
                           "detail": _("Each learner is an object of texts (email, full_name, centre...).")})
            records.append({})
            continue
        records.append({key: item.get(key, "").replace("\x00", "").strip() for key in enrolment.COLUMNS})
    preview = enrolment.check_records(db.session, cohort, records)
    for index, row in enumerate(preview.rows):
        if errors and any(e["pointer"] == f"/learners/{index}" for e in errors):
            continue
        errors += [{"pointer": f"/learners/{index}", "detail": str(message)} for message in row.problems]
    if errors:
        raise Problem(422, "validation", _("Nobody was enrolled: correct every learner listed and send them again."),
                      errors=sorted(errors, key=lambda e: int(e["pointer"].rsplit("/", 1)[1])))
    to_enrol = preview.to_enrol
    enrolment.import_rows(db.session, cohort, preview, current_user._get_current_object())
    return {"enrolled": [row.values["email"].lower() for row in to_enrol if row.existing is not None],
            "invited": [row.values["email"].lower() for row in to_enrol if row.existing is None],
            "skipped": [{"email": row.values["email"].lower(), "reason": "already_enrolled"}
                        for row in preview.skipped]}


# Progress and submitted work -----------------------------------------------------------------

@operation("/cohorts/<int:cohort_id>/progress", summary="Each learner's progress in each module", tag="progress",
           response="Progress", scope="read", roles=RUNNERS, load=COHORT, allow=RUNS_COHORT,
           description="The cohort's progress page, as data: the same counts and statuses.")
def progress(cohort: Cohort):
    roster = cohort_queries.roster(db.session, cohort)
    return {"modules": [{"id": m.id, "slug": m.slug, "title": m.title} for m in roster.modules],
            "learners": [{"learner": {"id": row.learner.id, "full_name": row.learner.full_name,
                                      "email": row.learner.email},
                          "percent": row.percent, "modules_done": row.done_modules, "at_risk": row.at_risk,
                          "last_active": row.last_active, "sessions_attended": row.attended,
                          "modules": [{"module_id": m.id, "status": cell.status, "done": cell.done,
                                       "total": cell.total} for m, cell in zip(roster.modules, row.cells,
                                                                                strict=True)]}
                         for row in roster.rows]}


@operation("/cohorts/<int:cohort_id>/submissions", summary="The status of written work handed in to a cohort",
           tag="progress", response="SubmissionList", scope="read", roles=RUNNERS, load=COHORT, allow=RUNS_COHORT,
           paginated=True,
           description="Reflections and action plans: their status. `content` is the work itself, given "
                       "only to a token with the `submissions:read` scope, and never for a draft.",
           query=(Param("status", "Only work in this state.",
                        {"type": "string", "enum": [s.value for s in WorkStatus]}),))
def submissions(cohort: Cohort):
    with_content = "submissions:read" in g.api_token.scopes
    query = select(Submission).where(Submission.cohort_id == cohort.id)
    status = request.args.get("status")
    if status is not None:
        if status not in {s.value for s in WorkStatus}:
            raise bad_parameter("status", _("Use draft, submitted, returned or accepted."))
        query = query.where(Submission.status == status)
    activities = {a.id: a for a in db.session.scalars(select(Activity).where(
        Activity.programme_id == cohort.programme_id))}

    def serialize(s: Submission) -> dict[str, Any]:
        activity = activities.get(s.activity_id)
        return {"id": s.id, "learner_id": s.user_id,
                "activity": {"id": s.activity_id, "slug": activity.slug if activity else None,
                             "type": activity.type if activity else None},
                "status": s.status, "submitted_at": s.submitted_at, "updated_at": s.updated_at,
                "content": s.content if with_content and s.status != WorkStatus.draft else None}

    return paged(query, Submission.id, serialize)


# Certificates --------------------------------------------------------------------------------

def _certificate(certificate: Certificate) -> dict[str, Any]:
    from lms.certificates.views import _summary
    from lms.core.urls import external_url
    return {"id": certificate.id, **_summary(certificate), "cohort_id": certificate.cohort_id,
            "holder_id": certificate.user_id,
            "verification_url": external_url("certificates.verify", code=certificate.code)}


@operation("/certificates", summary="The certificates the token's owner may see", tag="certificates",
           response="CertificateList", scope="certificates:read", paginated=True,
           description="Staff see every certificate; facilitators those of the cohorts they run and their own; "
                       "learners their own.",
           query=(Param("serial", "Only the certificate with this serial (TVETLP-2026-0042).",
                        {"type": "string", "maxLength": 40}),
                  Param("cohort", "Only the certificates of this cohort (its id).", ID)))
def certificates():
    query = select(Certificate)
    if current_user.role is not Role.staff:
        runs = select(cohort_facilitators.c.cohort_id).where(cohort_facilitators.c.user_id == current_user.id)
        query = query.where(or_(Certificate.user_id == current_user.id, Certificate.cohort_id.in_(runs)))
    serial = request.args.get("serial")
    if serial is not None:
        query = query.where(Certificate.serial == serial[:40])
    cohort_id = whole_number("cohort", 1, 2**31 - 1)
    if cohort_id is not None:
        query = query.where(Certificate.cohort_id == cohort_id)
    return paged(query, Certificate.id, _certificate)


@operation("/certificates/<int:certificate_id>", summary="A certificate", tag="certificates",
           response="Certificate", scope="certificates:read",
           load={"certificate": Load(Certificate, "certificate_id")}, allow=[("view", "certificate")])
def certificate(certificate: Certificate):
    return _certificate(certificate)


@operation("/certificates/verify/<code>", summary="Verify a certificate by its code", tag="certificates",
           response="Verification", scope="certificates:read", problems=(404,),
           description="The same answer as the public verification page (`/verify/<code>.json`); unknown codes "
                       "count against the same limit of guesses.")
def verify(code: str):
    from lms.certificates.views import _find, _summary
    found = _find(code) if len(code) <= 40 else None
    if found is None:  # an answer, not a raised problem: the miss it counted is kept
        return Problem(404, detail=_("No certificate has this code.")).response()
    return _summary(found)


# Applications --------------------------------------------------------------------------------

def _call(call: Call) -> dict[str, Any]:
    return {"id": call.id, "title": call.title, "programme_id": call.programme_id, "opens_at": call.opens_at,
            "closes_at": call.closes_at, "places": call.places, "languages": call.languages,
            "cohort_ids": [c.id for c in call.cohorts],
            "figures": application_queries.call_figures(db.session, call)}


@operation("/calls", summary="Calls for applications", tag="applications", response="CallList",
           scope="applications:read", roles=(Role.staff,), paginated=True)
def calls():
    return paged(select(Call), Call.id, _call)


@operation("/calls/<int:call_id>/applications", summary="A call's submitted applications", tag="applications",
           response="ApplicationList", scope="applications:read", roles=(Role.staff,),
           load={"call": Load(Call, "call_id")}, paginated=True)
def applications(call: Call):
    query = application_queries.applications(db.session, call).order_by(None)

    def serialize(a: Application) -> dict[str, Any]:
        return {"id": a.id, "full_name": a.full_name, "email": a.email, "institution": a.institution,
                "country": a.country or None, "region": a.region.value if a.region else None,
                "language": a.language, "status": a.status.value, "submitted_at": a.submitted_at,
                "eligible": a.ineligible is None, "endorsed": a.endorsed_at is not None,
                "decision": a.decision.value if a.decision else None, "selected": a.selected,
                "user_id": a.user_id}

    return paged(query, Application.id, serialize)


# The report ----------------------------------------------------------------------------------

REPORT_FILTERS = tuple(Param(name, f"Only enrolments of this {name.replace('_', ' ')}, as on the report's page.",
                             {"type": "string", "maxLength": 200})
                       for name in ("region", "country", "centre_type", "cohort", "year", "gender"))


@operation("/reports", summary="The network report's figures", tag="reports", response="Report",
           scope="reports:read", roles=RUNNERS,
           description="The figures of the report's page, with the same small-cell suppression: a hidden count "
                       "is `null` in `value` and shown as in the page's tables (`<5` or `x`). Staff see the "
                       "network, a facilitator their own cohorts.",
           query=(Param("by", "The breakdown.", {"type": "string", "enum": ["region", "country", "centre_type",
                                                                             "centre", "cohort", "year"],
                                                 "default": "region"}),
                  Param("view", "Africa or the least developed countries only.",
                        {"type": "string", "enum": ["", "africa", "ldc"]}),
                  *REPORT_FILTERS))
def report():
    from lms.reports import queries as report_queries
    from lms.reports.suppression import GENDERS, MEASURES
    from lms.reports.views import _scope, label
    dimension = request.args.get("by", "region")
    if dimension not in report_queries.DIMENSIONS:
        raise bad_parameter("by", _("Use one of the breakdowns the API's description lists."))
    scope = _scope()
    figures = report_queries.report(db.session, scope)

    def cells(dimension: str, key: object) -> dict[str, Any]:
        counts = figures.counts(dimension, key)

        def measures(gender: str | None) -> dict[str, Any]:
            return {m: {"value": figures.value(dimension, key, m, gender),
                        "shown": figures.shown(dimension, key, m, gender)} for m in MEASURES}

        return {**measures(None), "by_gender": {g: measures(g) for g in GENDERS},
                "enrolment_gpi": counts.enrolment_gpi if counts.gpi_safe and figures.parity_shown(dimension, key)
                else None,
                "completion_gpi": counts.completion_gpi if counts.completion_gpi_safe
                and figures.parity_shown(dimension, key, "completed") else None}

    return {"scope": "network" if scope.facilitator_id is None else "own_cohorts",
            "built_at": report_queries.built_at(db.session), "by": dimension,
            "total": cells("total", None),
            "breakdown": [{"key": None if key is None else str(key), "label": label(dimension, key),
                           **cells(dimension, key)} for key, _counts in figures.breakdowns[dimension]]}


