"""What a cohort's pages load from their addresses (lms/core/edge.py): shared by its view modules."""
from __future__ import annotations

from sqlalchemy.orm import joinedload

from lms.cohorts.models import Announcement, Cohort, LiveSession
from lms.core.edge import Load, Loader
from lms.learning.models import Submission

# Its facilitators come in the same query, as the permission to manage it reads them.
cohort = Load(Cohort, "cohort_id", options=(joinedload(Cohort.facilitators),))
# Rows that belong to a cohort: never one of another cohort, whatever the address says.
live_session = Load(LiveSession, "session_id", of="cohort")
announcement = Load(Announcement, "announcement_id", of="cohort")
submission = Load(Submission, "submission_id", of="cohort")

MANAGED: dict[str, Loader] = {"cohort": cohort}
RUNS_COHORT = [("manage", "cohort")]
