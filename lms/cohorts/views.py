"""Running cohorts: staff create them; their facilitators (and staff) run them."""
from __future__ import annotations

import zoneinfo

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from lms.centres.models import Region
from lms.cohorts import bp, facilitation, queries, services
from lms.cohorts.calendar import feed
from lms.cohorts.forms import AnnouncementForm, CohortForm, SessionForm
from lms.cohorts.loaders import MANAGED, RUNS_COHORT, announcement, live_session
from lms.cohorts.models import Announcement, Attendance, Cohort, Enrolment, LiveSession
from lms.core.edge import PUBLIC, page
from lms.core.forms import fill_choices, filled
from lms.core.i18n import localized
from lms.core.pagination import paginate
from lms.core.permissions import Role
from lms.courses import queries as course_queries
from lms.core.urls import external_url
from lms.courses.models import Module, Programme
from lms.extensions import db
from lms.users.models import User
from lms.users.queries import user_search

STAFF = [Role.staff]
RUNNERS = [Role.facilitator, Role.staff]


# Staff: create and edit ----------------------------------------------------------------

@page(bp, "/staff/cohorts", roles=STAFF)
def staff_list():
    query = select(Cohort).options(selectinload(Cohort.facilitators)).order_by(Cohort.starts_on.desc(), Cohort.id)
    listed = paginate(db.session, query, request.args.get("page"), current_app.config["USERS_PER_PAGE"])
    counts = dict(db.session.execute(select(Enrolment.cohort_id, func.count(Enrolment.id))
                                     .where(Enrolment.cohort_id.in_([c.id for c in listed.items]))
                                     .group_by(Enrolment.cohort_id)).all())
    return render_template("cohorts/staff_list.html", cohorts=listed.items, page=listed, counts=counts)


def _cohort_form(cohort: Cohort | None = None) -> CohortForm:
    form = CohortForm(obj=cohort)
    fill_choices(form)
    form.programme_id.choices = [(p.id, localized(p.title)[0]) for p in db.session.scalars(
        select(Programme).where(Programme.retired_at.is_(None)).order_by(Programme.id))]
    form.region.choices = [("", _("Not one region"))] + [(r.value, r.title) for r in Region]
    _facilitator_choices(form, cohort)
    if request.method == "GET":
        if cohort is not None:
            form.region.data = cohort.region.value if cohort.region else ""
            form.facilitators.data = [u.id for u in cohort.facilitators]
        else:
            form.timezone.data = "UTC"
    return form


def _facilitator_choices(form: CohortForm, cohort: Cohort | None) -> None:
    """Every active facilitator of the network, while they are few (FACILITATORS_LISTED); beyond,
    those ticked (the cohort's, or those ticked in the form sent) and those found by the form's
    search, so that the form stays light however large the network grows."""
    facilitators = user_search(role=Role.facilitator).where(User.active.is_(True))
    network = db.session.scalar(select(func.count()).select_from(facilitators.subquery())) or 0
    form.found = None
    if network <= current_app.config["FACILITATORS_LISTED"]:
        del form.facilitator_query
        shown = list(db.session.scalars(facilitators))
    else:
        form.facilitator_query.description = ngettext(
            "The network has %(num)d facilitator: the cohort's are listed, and others are found by name or "
            "email address.", "The network has %(num)d facilitators: the cohort's are listed, and others are "
            "found by name or email address.", network)
        if request.method == "POST":
            ticked = [int(v) for v in request.form.getlist(form.facilitators.name) if v.isdigit()]
        else:
            ticked = [u.id for u in cohort.facilitators] if cohort is not None else []
        shown = list(db.session.scalars(facilitators.where(User.id.in_(ticked))))
        text = _finding(form)
        if text:
            form.found = list(db.session.scalars(user_search(text, role=Role.facilitator)
                                                 .where(User.active.is_(True), User.id.not_in(ticked))
                                                 .limit(current_app.config["FACILITATORS_LISTED"])))
            shown += form.found
    form.facilitators.choices = [(u.id, f"{u.full_name} <{u.email}>") for u in shown]


def _finding(form: CohortForm) -> str:
    """What the form's "Find" asks for: the text typed in its search, when that button sent it
    (the form's first button, so Enter in any field sends it too: with nothing to find, it saves)."""
    if request.method != "POST" or "find" not in request.form or form.facilitator_query is None:
        return ""
    return (request.form.get(form.facilitator_query.name) or "").strip()[:200]


def _cohort_values(form: CohortForm) -> dict:
    return dict(name=form.name.data, language=form.language.data, timezone=form.timezone.data,
                starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                region=Region(form.region.data) if form.region.data else None,
                facilitators=list(db.session.scalars(select(User).where(
                    User.id.in_(form.facilitators.data or []), User.role == Role.facilitator))))


@page(bp, "/staff/cohorts/new", methods=["GET", "POST"], roles=STAFF)
def create():
    form = _cohort_form()
    if not _finding(form) and form.validate_on_submit():
        values = _cohort_values(form)
        programme = db.session.get(Programme, form.programme_id.data)
        if programme is None:  # gone since the form's choices were read
            abort(404)
        cohort = services.create_cohort(db.session, programme=programme,
                                        **{k: v for k, v in values.items() if k != "region"})
        cohort.region = values["region"]
        db.session.flush()
        flash(_("The cohort %(name)s has been created with a schedule spread over its dates; adjust it below.",
                name=cohort.name), "success")
        return redirect(url_for("cohorts.schedule", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=None), 400 if form.errors else 200


@page(bp, "/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"], roles=STAFF, load=MANAGED, allow=RUNS_COHORT)
def edit(cohort: Cohort):
    form = _cohort_form(cohort)
    del form.programme_id  # a cohort keeps its programme
    if not _finding(form) and form.validate_on_submit():
        services.update_cohort(db.session, cohort, **_cohort_values(form))
        flash(_("The cohort %(name)s has been saved.", name=cohort.name), "success")
        return redirect(url_for("cohorts.overview", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=cohort), 400 if form.errors else 200


# The cohort's own pages -----------------------------------------------------------------

@page(bp, "/cohorts/<int:cohort_id>", roles=RUNNERS, load=MANAGED, allow=RUNS_COHORT)
def overview(cohort: Cohort):
    roster = queries.roster(db.session, cohort)
    calendar = external_url("cohorts.cohort_calendar", token=cohort.calendar_token) if cohort.calendar_token else None
    return render_template("cohorts/overview.html", cohort=cohort, roster=roster,
                           waiting=queries.waiting_for_review(db.session, cohort), calendar=calendar)


@page(bp, "/cohorts/<int:cohort_id>/schedule", methods=["GET", "POST"], roles=RUNNERS, load=MANAGED,
      allow=RUNS_COHORT)
def schedule(cohort: Cohort):
    modules = db.session.scalars(select(Module).where(Module.programme_id == cohort.programme_id,
                                                      Module.retired_at.is_(None)).order_by(Module.position)).all()
    errors: dict[int, str] = {}
    if request.method == "POST":
        typed = services.read_schedule(modules, request.form, ends_on=cohort.ends_on)
        values, errors = typed.values, typed.errors
        if not errors:
            services.set_schedule(db.session, cohort, typed.dates)
            flash(_("The schedule has been saved."), "success")
            return redirect(url_for("cohorts.schedule", cohort_id=cohort.id))
    else:
        values = services.schedule_as_typed(cohort, modules)
    return render_template("cohorts/schedule.html", cohort=cohort, modules=modules, values=values,
                           errors=errors), 400 if errors else 200


def _sessions_page(cohort: Cohort, live: LiveSession | None):
    form = SessionForm()
    if request.method == "GET" and live is not None:
        form.title.data, form.duration.data, form.link.data = live.title, live.duration_minutes, live.link
        form.starts.data = live.starts_at.astimezone(zoneinfo.ZoneInfo(cohort.timezone)).replace(tzinfo=None)
    if form.validate_on_submit():
        facilitation.save_session(db.session, cohort, live, title=filled(form.title.data),
                                  starts_local=filled(form.starts.data), duration_minutes=filled(form.duration.data),
                                  link=filled(form.link.data))
        flash(_("The live session has been saved."), "success")
        return redirect(url_for("cohorts.sessions", cohort_id=cohort.id))
    present = select(func.count(Attendance.user_id)).where(Attendance.session_id == LiveSession.id) \
        .correlate(LiveSession).scalar_subquery()
    listed = db.session.execute(select(LiveSession, present).where(LiveSession.cohort_id == cohort.id)
                                .order_by(LiveSession.starts_at)).all()
    return render_template("cohorts/sessions.html", cohort=cohort, form=form, live=live, listed=listed,
                           plans=course_queries.webinar_plans(db.session, cohort.programme_id)), \
        400 if form.errors else 200


@page(bp, "/cohorts/<int:cohort_id>/sessions", methods=["GET", "POST"], roles=RUNNERS, load=MANAGED,
      allow=RUNS_COHORT)
def sessions(cohort: Cohort):
    return _sessions_page(cohort, None)


@page(bp, "/cohorts/<int:cohort_id>/sessions/<int:session_id>", methods=["GET", "POST"], roles=RUNNERS,
      load={**MANAGED, "live": live_session}, allow=RUNS_COHORT)
def edit_session(cohort: Cohort, live: LiveSession):
    return _sessions_page(cohort, live)


@page(bp, "/cohorts/<int:cohort_id>/sessions/<int:session_id>/delete", methods=["POST"], roles=RUNNERS,
      load={**MANAGED, "live": live_session}, allow=RUNS_COHORT)
def delete_session(cohort: Cohort, live: LiveSession):
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that the session is to be deleted."), "error")
    else:
        facilitation.delete_session(db.session, live, current_user)
        flash(_("The live session %(title)s has been deleted.", title=live.title), "success")
    return redirect(url_for("cohorts.sessions", cohort_id=cohort.id))


@page(bp, "/cohorts/<int:cohort_id>/sessions/<int:session_id>/attendance", methods=["GET", "POST"],
      roles=RUNNERS, load={**MANAGED, "live": live_session}, allow=RUNS_COHORT)
def attendance(cohort: Cohort, live: LiveSession):
    learners = db.session.scalars(select(User).join(Enrolment, Enrolment.user_id == User.id)
                                  .where(Enrolment.cohort_id == cohort.id).order_by(User.full_name)).all()
    if request.method == "POST":
        present = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        facilitation.record_attendance(db.session, live, present, current_user)
        flash(_("Attendance has been recorded."), "success")
        return redirect(url_for("cohorts.sessions", cohort_id=cohort.id))
    return render_template("cohorts/attendance.html", cohort=cohort, live=live, learners=learners,
                           present={u.id for u in live.attendees})


@page(bp, "/cohorts/<int:cohort_id>/announcements", methods=["GET", "POST"], roles=RUNNERS, load=MANAGED,
      allow=RUNS_COHORT)
def announcements(cohort: Cohort):
    form = AnnouncementForm()
    if form.validate_on_submit():
        facilitation.announce(db.session, cohort, current_user, filled(form.title.data), filled(form.body.data))
        flash(_("The announcement has been posted and emailed to the learners."), "success")
        return redirect(url_for("cohorts.announcements", cohort_id=cohort.id))
    posted = db.session.scalars(select(Announcement).options(joinedload(Announcement.author))
                                .where(Announcement.cohort_id == cohort.id)
                                .order_by(Announcement.created_at.desc(), Announcement.id.desc())).all()
    return render_template("cohorts/announcements.html", cohort=cohort, form=form, posted=posted), \
        400 if form.errors else 200


@page(bp, "/cohorts/<int:cohort_id>/announcements/<int:announcement_id>", methods=["GET", "POST"], roles=RUNNERS,
      load={**MANAGED, "announcement": announcement}, allow=RUNS_COHORT)
def edit_announcement(cohort: Cohort, announcement: Announcement):
    form = AnnouncementForm(obj=announcement)
    if form.validate_on_submit():
        facilitation.edit_announcement(db.session, announcement, filled(form.title.data), filled(form.body.data))
        flash(_("The announcement has been corrected; it is not emailed again."), "success")
        return redirect(url_for("cohorts.announcements", cohort_id=cohort.id))
    return render_template("cohorts/announcement_edit.html", cohort=cohort, form=form, announcement=announcement), \
        400 if form.errors else 200


@page(bp, "/cohorts/<int:cohort_id>/announcements/<int:announcement_id>/delete", methods=["POST"], roles=RUNNERS,
      load={**MANAGED, "announcement": announcement}, allow=RUNS_COHORT)
def delete_announcement(cohort: Cohort, announcement: Announcement):
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that the announcement is to be deleted."), "error")
    else:
        facilitation.delete_announcement(db.session, announcement, current_user)
        flash(_("The announcement has been deleted."), "success")
    return redirect(url_for("cohorts.announcements", cohort_id=cohort.id))


# Calendars: private addresses, readable without signing in ---------------------------

def _ics(name: str, rows) -> Response:
    return Response(feed(name, rows), mimetype="text/calendar",
                    headers={"Cache-Control": "private, max-age=900"})


@page(bp, "/calendar/cohorts/<token>.ics", roles=PUBLIC)
def cohort_calendar(token: str):
    cohort = db.session.scalar(select(Cohort).where(Cohort.calendar_token == token)) if len(token) >= 20 else None
    if cohort is None:
        abort(404)
    sessions = db.session.scalars(select(LiveSession).where(LiveSession.cohort_id == cohort.id)
                                  .order_by(LiveSession.starts_at)).all()
    return _ics(cohort.name, [(s, cohort.name) for s in sessions])


@page(bp, "/calendar/people/<token>.ics", roles=PUBLIC)
def person_calendar(token: str):
    user = db.session.scalar(select(User).where(User.calendar_token == token, User.active.is_(True))) \
        if len(token) >= 20 else None
    if user is None:
        abort(404)
    rows = db.session.execute(select(LiveSession, Cohort.name).join(Cohort, Cohort.id == LiveSession.cohort_id)
                              .join(Enrolment, Enrolment.cohort_id == Cohort.id)
                              .where(Enrolment.user_id == user.id).order_by(LiveSession.starts_at)).all()
    return _ics(user.full_name, [(live, name) for live, name in rows])
