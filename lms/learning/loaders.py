"""What the learner's pages load from their addresses (lms/core/edge.py), and the small checks
every one of them makes: shared by views.py and work_views.py."""
from __future__ import annotations

import datetime as dt

from flask_login import current_user
from sqlalchemy import select

# The one cohort loader of every cohort page: it reads the reader's enrolment in the same statement.
from lms.cohorts.loaders import cohort as cohort
from lms.cohorts.models import Cohort, DeadlineExtension, ModuleSchedule
from lms.core.edge import Find
from lms.core.permissions import Role, can_manage
from lms.courses.models import Activity, Module
from lms.extensions import db
from lms.learning import queries

def _module(cohort: Cohort, slug: str) -> Module | None:
    return db.session.scalar(select(Module).where(Module.programme_id == cohort.programme_id,
                                                  Module.slug == slug, Module.retired_at.is_(None)))


module = Find(_module, args=("slug",), uses=("cohort",))


def activity(kind: str) -> Find:
    """A current activity of this kind in the cohort's programme, by its slug."""

    def find(cohort: Cohort, slug: str) -> Activity | None:
        return db.session.scalar(select(Activity).where(Activity.programme_id == cohort.programme_id,
                                                        Activity.slug == slug, Activity.type == kind,
                                                        Activity.retired_at.is_(None)))

    return Find(find, args=("slug",), uses=("cohort",))


def is_learner(cohort: Cohort) -> bool:
    """Learners take the cohort; its facilitators and staff only look at the pages."""
    return current_user.role is Role.learner and not can_manage(current_user, cohort)


def schedule(cohort: Cohort, module: Module) -> ModuleSchedule | None:
    return db.session.scalar(select(ModuleSchedule).where(ModuleSchedule.cohort_id == cohort.id,
                                                          ModuleSchedule.module_id == module.id))


def schedule_and_own_due_at(cohort: Cohort, module: Module) -> tuple[ModuleSchedule | None, dt.datetime | None]:
    """The module's schedule entry and the reader's due date in it (granted to them alone, else
    the cohort's), in one query."""
    row = db.session.execute(
        select(ModuleSchedule, DeadlineExtension.due_at)
        .outerjoin(DeadlineExtension, (DeadlineExtension.cohort_id == ModuleSchedule.cohort_id)
                   & (DeadlineExtension.module_id == ModuleSchedule.module_id)
                   & (DeadlineExtension.user_id == current_user.id))
        .where(ModuleSchedule.cohort_id == cohort.id, ModuleSchedule.module_id == module.id)).first()
    if row is None:
        return None, None
    entry, own = row
    return entry, own or entry.due_at


def locked(cohort: Cohort, module: Module | None, entry: ModuleSchedule | None = None) -> ModuleSchedule | None:
    """The schedule entry of a module that has not opened yet for this learner, else None
    (`entry`: the module's schedule entry when the caller has read it already)."""
    if module is None:
        return None
    entry = entry or schedule(cohort, module)
    if is_learner(cohort) and entry is not None and queries.not_open(entry.opens_at):
        return entry
    return None
