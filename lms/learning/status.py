"""The states of a piece of written work and the decisions on it: each one's title written once."""
from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class WorkStatus(enum.StrEnum):
    """Where a reflection or an action plan stands. A `str`, so the column keeps its text values."""

    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    accepted = "accepted"

    @property
    def label(self) -> str:
        """For facilitators' tables and exports."""
        return str(_TITLES[self])

    @property
    def for_learner(self) -> str:
        """For the learner, on their own work's page: what it means for them."""
        return str(_FOR_LEARNER[self])

    @property
    def editable(self) -> bool:
        """Whether the learner may still change it."""
        return self in (WorkStatus.draft, WorkStatus.returned)


class Decision(enum.StrEnum):
    """A facilitator's decision on submitted work; the work takes the status of the same name."""

    accepted = "accepted"
    returned = "returned"

    @property
    def label(self) -> str:
        return str(_TITLES[WorkStatus(self.value)])

    @property
    def choice(self) -> str:
        """The decision as the reviewer picks it."""
        return str(_CHOICES[self])


_TITLES = {WorkStatus.draft: _l("Draft"), WorkStatus.submitted: _l("Submitted"),
           WorkStatus.returned: _l("Returned for revision"), WorkStatus.accepted: _l("Accepted")}
_FOR_LEARNER = {WorkStatus.draft: _l("Draft, not submitted yet"),
                WorkStatus.submitted: _l("Submitted, waiting for your facilitator's feedback"),
                WorkStatus.returned: _l("Returned for revision: read the feedback, revise and submit again"),
                WorkStatus.accepted: _l("Accepted")}
_CHOICES = {Decision.accepted: _l("Accept"), Decision.returned: _l("Return for revision")}
