"""What the alumni pages load from their addresses (lms/core/edge.py)."""
from __future__ import annotations

from flask_login import current_user

from lms.alumni.models import MentorMatch
from lms.alumni.permissions import Alumnus, Directory
from lms.core.edge import Find, Load

directory = Find(lambda: Directory())
me = Find(lambda: Alumnus(current_user._get_current_object()))
match = Load(MentorMatch, "match_id")
# A match of the cohort in the address, never one of another cohort.
cohort_match = Load(MentorMatch, "match_id", of="cohort")
