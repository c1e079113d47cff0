"""Small cells hidden so that no total gives them back: primary and complementary suppression.

A count of 1 to 4 people is hidden (shown "<5"). That alone is not enough: in a row whose total
is shown, or a column whose total row is shown, a single hidden cell is the total minus the
others (an outside reviewer recovered 69 cells of the exports by subtraction). So each additive
relation the report shows — a row's "all" equals the sum of its genders, for each measure; the
total row equals the sum of the rows of every breakdown, for each column — must hide either
none of its cells or at least two. Until that holds, the smallest non-zero visible cell of a
relation with one hidden cell is hidden too (a part before the whole). Every breakdown shares
the same total row, so they are protected together, and the page and both exports read the
same mask.
"""
from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Mapping

from lms.reports.figures import SMALL, Counts

MEASURES = ("enrolled", "active", "completed", "certified")
GENDERS = ("female", "male", "other", "undisclosed", "not_stated")
TOTAL = ("total", None)

Cell = tuple[str, object, str, str | None]  # (dimension, key, measure, gender or None for all)


def _value(counts: Counts, measure: str, gender: str | None) -> int:
    return getattr(counts.gender(gender) if gender else counts, measure)


@dataclasses.dataclass
class Protected:
    """The report's counts, and which of them are hidden."""

    total: Counts
    breakdowns: Mapping[str, list[tuple[object, Counts]]]
    hidden: set[Cell] = dataclasses.field(default_factory=set)
    small: set[Cell] = dataclasses.field(default_factory=set)

    @classmethod
    def of(cls, total: Counts, breakdowns: Mapping[str, list[tuple[object, Counts]]]) -> Protected:
        protected = cls(total, breakdowns)
        protected._suppress()
        return protected

    def __post_init__(self) -> None:
        self._rows = {(dimension, key): counts for dimension, items in self.breakdowns.items()
                      for key, counts in items}

    def counts(self, dimension: str, key: object) -> Counts:
        if (dimension, key) == TOTAL:
            return self.total
        return self._rows[(dimension, key)]

    def is_hidden(self, dimension: str, key: object, measure: str, gender: str | None = None) -> bool:
        cell = (dimension, key, measure, gender) if (dimension, key) != TOTAL else (*TOTAL, measure, gender)
        return cell in self.hidden

    def shown(self, dimension: str, key: object, measure: str, gender: str | None = None) -> str:
        """The count as every view and export shows it: "<5" when hidden."""
        cell = (dimension, key, measure, gender) if (dimension, key) != TOTAL else (*TOTAL, measure, gender)
        if cell in self.small:
            return "<5"
        if cell in self.hidden:
            return "x"
        return str(_value(self.counts(dimension, key), measure, gender))

    def value(self, dimension: str, key: object, measure: str, gender: str | None = None) -> int | None:
        """For charts: the count, or None when hidden."""
        if self.is_hidden(dimension, key, measure, gender):
            return None
        return _value(self.counts(dimension, key), measure, gender)

    def parity_shown(self, dimension: str, key: object, measure: str = "enrolled") -> bool:
        """A parity index rests on women's and men's counts: shown only when neither is hidden."""
        return not any(self.is_hidden(dimension, key, m, g) for m in {"enrolled", measure}
                       for g in ("female", "male"))

    # The suppression itself -------------------------------------------------------------

    def _values(self) -> dict[Cell, int]:
        """Every cell's count (a network's report has about 20,000 cells: read without detours)."""
        values: dict[Cell, int] = {}
        for (dimension, key), counts in [(TOTAL, self.total), *self._rows.items()]:
            by_gender = counts.by_gender
            for measure in MEASURES:
                values[(dimension, key, measure, None)] = getattr(counts, measure)
                for gender in GENDERS:
                    part = by_gender.get(gender)
                    values[(dimension, key, measure, gender)] = getattr(part, measure) if part else 0
        return values

    def _relations(self) -> tuple[list[list[Cell]], Callable[[Cell], list[int]]]:
        """Each list's cells add up (its first one is the whole), and which relations hold a cell:
        its row's (the whole over its genders, for its measure) and its column's (the total row
        over the rows of its breakdown; the total row's cells are in every breakdown's)."""
        relations: list[list[Cell]] = []
        row_of: dict[tuple[str, object, str], int] = {}
        column_of: dict[tuple[str, str, str | None], int] = {}
        for dimension, key in [TOTAL, *self._rows]:
            for measure in MEASURES:
                row_of[(dimension, key, measure)] = len(relations)
                relations.append([(dimension, key, measure, None), *((dimension, key, measure, g) for g in GENDERS)])
        for dimension, items in self.breakdowns.items():
            for measure in MEASURES:
                for gender in (None, *GENDERS):
                    column_of[(dimension, measure, gender)] = len(relations)
                    relations.append([(*TOTAL, measure, gender),
                                      *((dimension, key, measure, gender) for key, _c in items)])
        dimensions = list(self.breakdowns)

        def holding(cell: Cell) -> list[int]:
            dimension, key, measure, gender = cell
            columns = dimensions if (dimension, key) == TOTAL else [dimension]
            return [row_of[(dimension, key, measure)], *(column_of[(d, measure, gender)] for d in columns)]

        return relations, holding

    def _suppress(self) -> None:
        values = self._values()
        self.small = {cell for cell, value in values.items() if 0 < value < SMALL}
        self.hidden = set(self.small)
        relations, holding = self._relations()

        def cost(cell: Cell, whole: Cell) -> tuple[int, int]:
            tier = 1 if cell == whole else 2 if cell[3] in ("female", "male") and cell[:3] == whole[:3] else 0
            return tier, values[cell]

        # A worklist, not passes over every relation until none changes: how many hidden cells
        # each relation holds is kept up to date, and only the relations of a newly hidden cell
        # are looked at again.
        held = [0] * len(relations)
        for cell in self.small:
            for index in holding(cell):
                held[index] += 1
        waiting = deque(index for index, count in enumerate(held) if count == 1)
        while waiting:
            index = waiting.popleft()
            if held[index] != 1:
                continue
            relation = relations[index]
            candidates = [cell for cell in relation if cell not in self.hidden and values[cell] > 0]
            if not candidates:
                continue
            cell = min(candidates, key=lambda cell: cost(cell, relation[0]))
            self.hidden.add(cell)
            for other in holding(cell):
                held[other] += 1
                if held[other] == 1:
                    waiting.append(other)
