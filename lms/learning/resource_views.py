"""A module's tools (templates) as files to download, built in the reader's language."""
from __future__ import annotations

from flask import Response, abort

from flask_login import login_required

from lms.core.i18n import current_language
from lms.courses import queries as course_queries
from lms.courses.tools import build_xlsx, filename
from lms.extensions import db
from lms.learning.views import _cohort, _locked, _module_of, bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/learn/cohorts/<int:cohort_id>/tools/<slug>.xlsx")
@login_required
def tool_xlsx(cohort_id: int, slug: str):
    cohort = _cohort(cohort_id)
    tool = course_queries.tool(db.session, cohort.programme_id, slug)
    if tool is None:
        abort(404)
    module = _module_of(tool.module_id)
    if module.retired_at is not None:
        abort(404)
    if _locked(cohort, module):
        abort(403)
    language = current_language()
    return Response(build_xlsx(tool.definition, language), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{filename(tool.definition, language)}"'})
