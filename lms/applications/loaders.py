"""What the applications' pages load from their addresses (lms/core/edge.py)."""
from __future__ import annotations

from lms.applications import queries, services
from lms.applications.models import Application, Call, Review
from lms.core.edge import Find, Load
from lms.extensions import db

call = Load(Call, "call_id")
application = Load(Application, "application_id", of="call")
review = Load(Review, "review_id")
# An applicant's own link, and an endorser's single-use link (gone once used: 404).
own_application = Find(lambda token: queries.application_by_token(db.session, token), args=("token",))
to_endorse = Find(lambda token: services.application_to_endorse(db.session, token), args=("token",))
