"""The arithmetic of the reports: counts by gender, the adjusted gender parity index, small cells."""
from __future__ import annotations

import dataclasses

SMALL = 5          # cells counting 1 to 4 people are suppressed
PARITY = (0.97, 1.03)


def adjusted_gpi(female: float, male: float) -> float | None:
    """The UNESCO Institute for Statistics' adjusted GPI: F/M, or 2 - M/F when F > M (so 0 to 2).

    None when there is nothing to compare (neither women nor men).
    """
    if female == 0 and male == 0:
        return None
    if male == 0:
        return 2.0
    ratio = female / male
    return round(ratio if ratio <= 1 else 2 - male / female, 2)


def is_parity(gpi: float | None) -> bool:
    return gpi is not None and PARITY[0] <= gpi <= PARITY[1]


def suppressed(count: int) -> bool:
    return 0 < count < SMALL


@dataclasses.dataclass
class Counts:
    """Learners enrolled, active, completed and certified; in total and by self-declared gender."""

    enrolled: int = 0
    active: int = 0
    completed: int = 0
    certified: int = 0
    by_gender: dict = dataclasses.field(default_factory=dict)  # gender key -> Counts (without by_gender)

    def add(self, gender: str, active: bool, completed: bool, certified: bool) -> None:
        """One person."""
        self.add_many(gender, 1, active, completed, certified)

    def add_many(self, gender: str, enrolled: int, active: int, completed: int, certified: int) -> None:
        """A group of people of one gender, counted elsewhere (by the database)."""
        for target in (self, self.by_gender.setdefault(gender, Counts())):
            target.enrolled += enrolled
            target.active += active
            target.completed += completed
            target.certified += certified

    def gender(self, key: str) -> Counts:
        return self.by_gender.get(key, Counts())

    @property
    def enrolment_gpi(self) -> float | None:
        return adjusted_gpi(self.gender("female").enrolled, self.gender("male").enrolled)

    @property
    def completion_gpi(self) -> float | None:
        """Of the completion rates: the share of women who completed over the share of men."""
        women, men = self.gender("female"), self.gender("male")
        female_rate = women.completed / women.enrolled if women.enrolled else 0
        male_rate = men.completed / men.enrolled if men.enrolled else 0
        if not women.enrolled and not men.enrolled:
            return None
        return adjusted_gpi(female_rate, male_rate)

    @property
    def gpi_safe(self) -> bool:
        """A parity index is shown only when neither group is a small cell."""
        women, men = self.gender("female").enrolled, self.gender("male").enrolled
        return not suppressed(women) and not suppressed(men)

    @property
    def completion_gpi_safe(self) -> bool:
        """The completion index also needs the numbers who completed not to be small cells."""
        return self.gpi_safe and not suppressed(self.gender("female").completed) \
            and not suppressed(self.gender("male").completed)
