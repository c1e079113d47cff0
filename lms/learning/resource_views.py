"""A module's tools (templates) as files to download, built in the reader's language."""
from __future__ import annotations

from flask import Response, abort

from lms.cohorts.models import Cohort
from lms.core.edge import SIGNED_IN, page
from lms.core.i18n import current_language
from lms.courses import queries as course_queries
from lms.courses.models import Module
from lms.courses.tools import build_xlsx, filename
from lms.extensions import db
from lms.learning import bp, loaders
from lms.learning.loaders import locked

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@page(bp, "/learn/cohorts/<int:cohort_id>/tools/<slug>.xlsx", roles=SIGNED_IN, load={"cohort": loaders.cohort},
      allow=[("view", "cohort")])
def tool_xlsx(cohort: Cohort, slug: str):
    tool = course_queries.tool(db.session, cohort.programme_id, slug)
    if tool is None:
        abort(404)
    module = db.session.get(Module, tool.module_id) if tool.module_id else None
    if module is None or module.retired_at is not None:
        abort(404)
    if locked(cohort, module):
        abort(403)
    language = current_language()
    return Response(build_xlsx(tool.definition, language), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{filename(tool.definition, language)}"'})
