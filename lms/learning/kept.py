"""The keys under which a learner's dashboard and lesson pages are kept (lms/core/edge.py `Kept`).

These two pages are most of what the network's learners ask for, again and again. The edge
answers them from the kept pages after every hook, the role, the loads and the permission
checks have run as for any page; what it needs from here is what the page shows that can
change: one statement (lms/core/db.py's HotRead, one round trip) reads the versions of
everything the page shows (lms/learning/freshness.py counts them up in the same transaction as
any change). The edge adds the reader (who, in which language and time zone, the session's
form token), sets an ETag from the key and answers 304 when the browser holds that version.

A lesson is kept only as it is read again: not before its module opens, and not when the
reading is due to be recorded (at most every VIEW_PRECISION).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app
from flask_login import current_user
from sqlalchemy import bindparam, func, select

from lms.cohorts.models import Cohort, Enrolment, ModuleSchedule
from lms.core import clock
from lms.core.db import HotRead
from lms.core.edge import Kept
from lms.courses.models import Lesson, Programme
from lms.learning import queries, services
from lms.learning.models import LessonProgress

_DASHBOARD = HotRead(
    select(func.count(Cohort.id).label("cohorts"), func.sum(Cohort.pages_version).label("cohort_versions"),
           func.max(Programme.imported_at).label("imported_at"))
    .select_from(Enrolment).join(Cohort, Cohort.id == Enrolment.cohort_id)
    .join(Programme, Programme.id == Cohort.programme_id)
    .where(Enrolment.user_id == bindparam("user_id")))

# What a lesson's page shows that can change, for one reader.
_LESSON = HotRead(
    select(ModuleSchedule.opens_at, LessonProgress.last_viewed_at, LessonProgress.completed_at,
           Programme.imported_at, Cohort.pages_version.label("cohort_version"))
    .select_from(Cohort).join(Programme, Programme.id == Cohort.programme_id)
    .join(Lesson, (Lesson.programme_id == Cohort.programme_id) & (Lesson.slug == bindparam("slug"))
          & Lesson.retired_at.is_(None))
    .outerjoin(ModuleSchedule, (ModuleSchedule.cohort_id == Cohort.id) & (ModuleSchedule.module_id == Lesson.module_id))
    .outerjoin(LessonProgress, (LessonProgress.lesson_id == Lesson.id)
               & (LessonProgress.user_id == bindparam("user_id")))
    .where(Cohort.id == bindparam("cohort_id")))


def _engine() -> Any:
    return current_app.extensions["lms-db"].engine


def _dashboard_key(loaded: Mapping[str, Any], args: Mapping[str, Any]) -> tuple | None:
    row = _DASHBOARD.first(_engine(), {"user_id": current_user.id})
    if row is None:
        return None
    return (row.cohorts, row.cohort_versions, row.imported_at)


def _lesson_key(loaded: Mapping[str, Any], args: Mapping[str, Any]) -> tuple | None:
    cohort = loaded["cohort"]
    row = _LESSON.first(_engine(), {"user_id": current_user.id, "cohort_id": cohort.id, "slug": args["slug"]})
    if row is None or queries.not_open(row.opens_at) or row.last_viewed_at is None \
            or clock.utcnow() - row.last_viewed_at >= services.VIEW_PRECISION:
        return None
    return (cohort.id, args["slug"], row.imported_at, row.cohort_version, row.completed_at)


DASHBOARD = Kept(_dashboard_key)
LESSON = Kept(_lesson_key)
