"""What the impact pages load from their addresses (lms/core/edge.py)."""
from __future__ import annotations

from sqlalchemy.orm import joinedload

from lms.cohorts.models import Cohort
from lms.core.edge import Load
from lms.impact.models import FollowUp

cohort = Load(Cohort, "cohort_id", options=(joinedload(Cohort.facilitators),))
follow_up = Load(FollowUp, "follow_up_id")
