"""Creating cohorts with a schedule, and enrolling learners."""
from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.cohorts.models import Cohort, Enrolment, ModuleSchedule
from lms.core import clock, events
from lms.courses.models import Module, Programme
from lms.users.models import User


def local_midnight(day: dt.date, timezone: str) -> dt.datetime:
    """The start of `day` in `timezone`, as a UTC datetime."""
    local = dt.datetime.combine(day, dt.time(0, 0), tzinfo=zoneinfo.ZoneInfo(timezone))
    return local.astimezone(dt.UTC)


def local_end_of_day(day: dt.date, timezone: str) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(23, 59), tzinfo=zoneinfo.ZoneInfo(timezone))
    return local.astimezone(dt.UTC)


def create_cohort(session: Session, *, programme: Programme, name: str, language: str, timezone: str,
                  starts_on: dt.date, ends_on: dt.date, facilitators: Iterable[User] = ()) -> Cohort:
    """A cohort whose modules open one after another, evenly spread between its dates."""
    cohort = Cohort(programme=programme, name=name.strip(), language=language, timezone=timezone,
                    starts_on=starts_on, ends_on=ends_on, facilitators=list(facilitators))
    session.add(cohort)
    modules = list(session.scalars(select(Module).where(Module.programme_id == programme.id,
                                                        Module.retired_at.is_(None))
                                   .order_by(Module.position)))
    if modules:
        span = max(1, (ends_on - starts_on).days + 1)
        step = span / len(modules)
        for index, module in enumerate(modules):
            opens = starts_on + dt.timedelta(days=round(index * step))
            due = min(ends_on, starts_on + dt.timedelta(days=round((index + 1) * step) - 1))
            cohort.schedule.append(ModuleSchedule(module=module, opens_at=local_midnight(opens, timezone),
                                                  due_at=local_end_of_day(due, timezone)))
    session.flush()
    return cohort


def enrol(session: Session, cohort: Cohort, user: User) -> Enrolment:
    """Enrol `user`; enrolling someone already enrolled changes nothing, even at the same moment."""
    query = select(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.user_id == user.id)
    enrolment = session.scalar(query)
    if enrolment is None:
        try:
            with session.begin_nested():  # a savepoint: losing the race undoes only this insert
                enrolment = Enrolment(cohort_id=cohort.id, user_id=user.id)
                session.add(enrolment)
        except IntegrityError:  # the other request's row is there now
            return session.scalars(query).one()
        events.send(events.enrolled, session, user=user, cohort=cohort, enrolment=enrolment)
    return enrolment


def update_cohort(session: Session, cohort: Cohort, *, name: str, language: str, timezone: str,
                  starts_on: dt.date, ends_on: dt.date, region, facilitators: list[User]) -> Cohort:
    cohort.name, cohort.language, cohort.timezone = name.strip(), language, timezone
    cohort.starts_on, cohort.ends_on, cohort.region = starts_on, ends_on, region
    cohort.facilitators = list(facilitators)
    session.flush()
    return cohort


def set_schedule(session: Session, cohort: Cohort, dates: dict[int, tuple[dt.date, dt.date | None]]) -> None:
    """Opening and due dates per module id, as days in the cohort's time zone."""
    entries = {entry.module_id: entry for entry in cohort.schedule}
    for module_id, (opens_on, due_on) in dates.items():
        entry = entries.get(module_id)
        if entry is None:
            entry = ModuleSchedule(module_id=module_id, opens_at=local_midnight(opens_on, cohort.timezone))
            cohort.schedule.append(entry)
        entry.opens_at = local_midnight(opens_on, cohort.timezone)
        entry.due_at = local_end_of_day(due_on, cohort.timezone) if due_on else None
    session.flush()


@dataclasses.dataclass
class ScheduleForm:
    """The schedule as typed: each module's opening and due dates, as text, and what is wrong."""

    values: dict[int, tuple[str, str]]
    dates: dict[int, tuple[dt.date, dt.date | None]]
    errors: dict[int, str]


def read_schedule(modules: Iterable[Module], form: Mapping[str, str], ends_on: dt.date | None = None) -> ScheduleForm:
    """Each module's dates from the form's `opens-<id>` and `due-<id>` fields (ISO dates); no work
    may fall due after the cohort's last day, `ends_on`."""
    from flask_babel import format_date
    from flask_babel import gettext as _

    result = ScheduleForm({}, {}, {})
    for module in modules:
        opens, due = form.get(f"opens-{module.id}", ""), form.get(f"due-{module.id}", "")
        result.values[module.id] = (opens, due)
        try:
            opens_on = dt.date.fromisoformat(opens)
            due_on = dt.date.fromisoformat(due) if due else None
        except ValueError:
            result.errors[module.id] = _("Enter dates such as 2026-09-01.")
            continue
        if due_on and due_on < opens_on:
            result.errors[module.id] = _("The due date comes before the opening date.")
            continue
        if ends_on and (due_on or opens_on) > ends_on:
            result.errors[module.id] = _("The cohort ends on %(date)s: work cannot fall due after that.",
                                         date=format_date(ends_on, "long"))
            continue
        today = clock.utcnow().date()
        if any(abs(day.year - today.year) > 10 for day in (opens_on, due_on) if day):
            result.errors[module.id] = _("Enter a date between %(first)s and %(last)s.",
                                         first=today.year - 10, last=today.year + 10)
            continue
        result.dates[module.id] = (opens_on, due_on)
    return result


def schedule_as_typed(cohort: Cohort, modules: Iterable[Module]) -> dict[int, tuple[str, str]]:
    """The schedule's dates as the form shows them: days in the cohort's time zone."""
    zone = zoneinfo.ZoneInfo(cohort.timezone)
    entries = {e.module_id: e for e in cohort.schedule}
    values = {}
    for module in modules:
        entry = entries.get(module.id)
        values[module.id] = (entry.opens_at.astimezone(zone).date().isoformat() if entry else "",
                             entry.due_at.astimezone(zone).date().isoformat() if entry and entry.due_at else "")
    return values


def local_time(moment: dt.datetime, timezone: str) -> dt.datetime:
    """A naive date and time as read on a clock in `timezone`, as an aware UTC datetime."""
    return moment.replace(tzinfo=zoneinfo.ZoneInfo(timezone)).astimezone(dt.UTC)

