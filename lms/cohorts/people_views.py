"""A cohort's learners: enrolment (one person or a CSV file), the progress roster, the gradebook."""
from __future__ import annotations

import base64

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select

from lms.centres.queries import centre_choices
from lms.cohorts import bp, enrolment, queries
from lms.cohorts.forms import CsvForm, EnrolOneForm
from lms.cohorts.loaders import MANAGED, RUNS_COHORT
from lms.cohorts.models import Cohort, Enrolment
from lms.core import clock
from lms.core.charts import Series, bar_chart
from lms.core.edge import Load, page
from lms.core.exports import to_csv, to_xlsx
from lms.core.forms import add_error, fill_choices, filled
from lms.core.i18n import localized
from lms.core.pagination import page_of
from lms.courses.activities import ACTIVITY_TYPES
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User
from lms.learning.status import WorkStatus

RUNNERS = [Role.facilitator, Role.staff]

STATUS_FILTERS = {"at-risk", "overdue", "done"}


def _enrol_form() -> EnrolOneForm:
    form = EnrolOneForm()
    fill_choices(form)
    form.centre_id.choices = [("", _("No centre")), *centre_choices(db.session)]
    return form


@page(bp, "/cohorts/<int:cohort_id>/learners", methods=["GET", "POST"], roles=RUNNERS, load=MANAGED,
      allow=RUNS_COHORT)
def learners(cohort: Cohort):
    form = _enrol_form()
    if request.method == "GET":
        form.language.data = cohort.language
    if form.validate_on_submit():
        from lms.centres.models import Centre
        from lms.users.models import User, normalise_email
        existing = db.session.scalar(select(User).where(User.email == normalise_email(filled(form.email.data))))
        if existing is not None and existing.role is not Role.learner:
            add_error(form.email, _("This email belongs to a facilitator or staff account."))
        else:
            user, invited = enrolment.enrol_person(
                db.session, cohort, email=filled(form.email.data), full_name=filled(form.full_name.data),
                centre=db.session.get(Centre, form.centre_id.data) if form.centre_id.data else None,
                position=form.position.data or "", language=form.language.data, gender=form.gender.data,
                invited_by=current_user)
            flash(_("%(name)s has been enrolled and invited by email.", name=user.full_name) if invited
                  else _("%(name)s has been enrolled.", name=user.full_name), "success")
            return redirect(url_for("cohorts.learners", cohort_id=cohort.id))
    roster = queries.roster(db.session, cohort)
    text = request.args.get("q", "").strip().casefold()
    rows = _matching(roster.rows, text)
    listing = page_of(rows, request.args.get("page"), current_app.config["COHORT_PER_PAGE"])
    return render_template("cohorts/learners.html", cohort=cohort, form=form, csv_form=CsvForm(), roster=roster,
                           listing=listing, q=text), 400 if form.errors else 200


@page(bp, "/cohorts/<int:cohort_id>/learners/<int:user_id>/remove", methods=["POST"], roles=RUNNERS,
      load={**MANAGED, "learner": Load(User, "user_id")}, allow=RUNS_COHORT)
def remove_learner(cohort: Cohort, learner: User):
    enrolled = db.session.scalar(select(Enrolment.id).where(Enrolment.cohort_id == cohort.id,
                                                           Enrolment.user_id == learner.id))
    if enrolled is None:
        abort(404)  # not in this cohort: nothing of theirs to touch
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that %(name)s is to leave the cohort.", name=learner.full_name), "error")
    else:
        enrolment.unenrol(db.session, cohort, learner, current_user)
        flash(_("%(name)s is no longer in this cohort; their account and work stay.", name=learner.full_name),
              "success")
    return redirect(url_for("cohorts.learners", cohort_id=cohort.id))


@page(bp, "/cohorts/<int:cohort_id>/learners/import", methods=["POST"], roles=RUNNERS, load=MANAGED,
      allow=RUNS_COHORT)
def import_learners(cohort: Cohort):
    """Upload: show every row's problems. Confirm (the same file sent back): enrol all or none."""
    csv_form = CsvForm()
    if "payload" in request.form:
        try:
            data = base64.b64decode(request.form["payload"], validate=True)
        except ValueError:
            abort(400)
    elif csv_form.validate_on_submit():
        data = csv_form.file.data.read()
    else:
        flash(_("Choose a CSV file to upload."), "error")
        return redirect(url_for("cohorts.learners", cohort_id=cohort.id))
    preview = enrolment.check(db.session, cohort, data)
    if request.form.get("confirm") == "1" and preview.ok:
        enrolled, invited = enrolment.import_rows(db.session, cohort, preview, current_user)
        flash(_("The import is done. Learners enrolled: %(enrolled)s; of them new and invited by email: "
                "%(invited)s.", enrolled=enrolled, invited=invited), "success")
        return redirect(url_for("cohorts.learners", cohort_id=cohort.id))
    return render_template("cohorts/import_preview.html", cohort=cohort, preview=preview,
                           payload=base64.b64encode(data).decode()), 200 if preview.ok else 400


def _matching(rows: list[queries.RosterRow], text: str) -> list[queries.RosterRow]:
    """The roster's rows whose name or email holds `text` (already case-folded); all without one."""
    return [r for r in rows if text in r.learner.full_name.casefold() or text in r.learner.email] if text else rows


@page(bp, "/cohorts/<int:cohort_id>/progress", roles=RUNNERS, load=MANAGED, allow=RUNS_COHORT)
def progress(cohort: Cohort):
    roster = queries.roster(db.session, cohort)
    text = request.args.get("q", "").strip().casefold()
    show = request.args.get("show", "")
    rows = _matching(roster.rows, text)
    if show == "at-risk":
        rows = [r for r in rows if r.at_risk]
    elif show == "overdue":
        rows = [r for r in rows if r.overdue]
    elif show == "done":
        rows = [r for r in rows if r.finished]
    sort = request.args.get("sort", "name")
    if sort == "progress":
        rows = sorted(rows, key=lambda r: (-r.percent, r.learner.full_name))
    elif sort == "activity":
        rows = sorted(rows, key=lambda r: (r.last_active is not None, r.last_active or 0))
    listing = page_of(rows, request.args.get("page"), current_app.config["COHORT_PER_PAGE"])
    return render_template("cohorts/progress.html", cohort=cohort, roster=roster, rows=_roster_lines(listing.items),
                           q=text, show=show, sort=sort, chart=progress_chart(roster), count=len(rows),
                           listing=listing)


def status_labels() -> dict[str, str]:
    """A learner's state in a module, as the roster, its chart and the gradebook name it."""
    return {"done": _("Done"), "in_progress": _("In progress"), "overdue": _("Overdue"),
            "not_started": _("Not started")}


def _roster_lines(rows: list[queries.RosterRow]) -> Markup:
    """The roster's table rows as HTML, built here rather than in the template: a roster of 500
    learners has 4,000 cells but only four kinds of cell and a few dozen different days."""
    from flask_babel import format_date
    cells = {key: f'<td class="cell-{key}">{escape(label)}</td>' for key, label in status_labels().items()}
    at_risk = f' <span class="tag warn">{escape(_("At risk"))}</span>'
    days: dict = {}
    never = escape(_("Never"))
    now = clock.utcnow()
    lines = []
    for row in rows:
        if row.last_active is None:
            last = never
        else:
            day = row.last_active.date()
            if day not in days:
                days[day] = escape(format_date(row.last_active, "medium"))
            last = days[day]
        lines.append(f'<tr><th scope="row">{escape(row.learner.full_name)}'
                     f'{at_risk if row.at_risk_at(now) else ""}</th>'
                     f'{"".join(cells[c.status] for c in row.cells)}'
                     f'<td class="num">{row.percent}</td><td>{last}</td></tr>\n')
    return Markup("".join(lines))  # every value in it was escaped above


# Done reads at a glance (solid green); overdue stands out by its cross-hatch as much as its red.
PROGRESS_LOOK = {"done": ("#1e6b30", "solid"), "in_progress": ("#0b4f8a", "diagonal"),
                 "overdue": ("#b00020", "cross"), "not_started": ("#595959", "dots")}


def progress_chart(roster: queries.Roster):
    """Stacked bars per module: done, in progress, overdue and not started."""
    labels = status_labels()
    return bar_chart("progress", _("Learners per module and status"),
                     _("One bar per module, divided by status; the table gives the numbers."),
                     [localized(m.title)[0] for m in roster.modules],
                     [Series(labels[key], [counts[key] for counts in roster.by_status], colour, pattern)
                      for key, (colour, pattern) in PROGRESS_LOOK.items()], stacked=True)


def _gradebook(cohort: Cohort) -> tuple[str, list[str], list[list]]:
    roster = queries.roster(db.session, cohort)
    headers = [_("Full name"), _("Email address"), _("UNEVOC Centre"), _("Country")]
    headers += [_("Module: %(title)s", title=localized(m.title)[0]) for m in roster.modules]
    headers += [localized(a.title)[0] for a in roster.activities]
    headers += [_("Live sessions attended"), _("Progress (%)")]
    statuses = status_labels()
    rows = []
    for r in roster.rows:
        line: list[str | int | float] = [r.learner.full_name, r.learner.email, r.learner.centre_name, r.learner.country]
        line += [statuses[c.status] for c in r.cells]
        for a in roster.activities:
            status = WorkStatus(r.work[a.id]).label if a.id in r.work else ""
            line.append(r.quiz_scores.get(a.id, "") if ACTIVITY_TYPES[a.type].gradebook_cell == "score" else status)
        line += [r.attended, r.percent]
        rows.append(line)
    return f"gradebook-cohort-{cohort.id}", headers, rows


def _audit_export(name: str, rows: int) -> None:
    """Exports of personal data are security-relevant: who took which file, when."""
    from lms.audit.services import record
    record(db.session, "export", name, rows=rows)


# An export is recorded in the audit log: a GET declared to write.
@page(bp, "/cohorts/<int:cohort_id>/gradebook.csv", roles=RUNNERS, load=MANAGED, allow=RUNS_COHORT,
      writes_on_get=True)
def gradebook_csv(cohort: Cohort):
    name, headers, rows = _gradebook(cohort)
    _audit_export(name + ".csv", len(rows))
    return Response(to_csv(headers, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@page(bp, "/cohorts/<int:cohort_id>/gradebook.xlsx", roles=RUNNERS, load=MANAGED, allow=RUNS_COHORT,
      writes_on_get=True)
def gradebook_xlsx(cohort: Cohort):
    name, headers, rows = _gradebook(cohort)
    _audit_export(name + ".xlsx", len(rows))
    return Response(to_xlsx(headers, rows, sheet=_("Gradebook")),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


@page(bp, "/cohorts/learners-template.csv", roles=RUNNERS)
def import_template():
    rows = [["awa.sarr@example.org", "Awa Sarr", "Centre National de Formation Professionnelle de Dakar",
             "Directrice des études", "fr", "female"],
            ["zhang.min@example.org", "张敏", "Tianjin Sino-German University of Applied Sciences", "副院长", "zh", ""]]
    return Response(to_csv(list(enrolment.COLUMNS), rows), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="learners.csv"'})
