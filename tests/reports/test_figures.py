"""The adjusted gender parity index and the counts, worked out by hand."""
from __future__ import annotations

import pytest

from lms.reports.figures import Counts, adjusted_gpi, is_parity, suppressed


@pytest.mark.parametrize("female, male, expected", [
    (30, 60, 0.5),     # fewer women: F/M = 30/60
    (60, 30, 1.5),     # more women: 2 - M/F = 2 - 30/60
    (45, 45, 1.0),     # equal
    (0, 20, 0.0),      # no women
    (20, 0, 2.0),      # no men: the adjusted index stays within 0 to 2
    (0, 0, None),      # nobody: nothing to compare
    (97, 100, 0.97),   # the edge of parity
    (100, 97, 1.03),   # 2 - 97/100: the other edge
])
def test_the_adjusted_gpi(female, male, expected):
    assert adjusted_gpi(female, male) == expected


def test_parity_is_0_97_to_1_03():
    assert is_parity(0.97) and is_parity(1.0) and is_parity(1.03)
    assert not is_parity(0.96) and not is_parity(1.04) and not is_parity(None)


def test_counts_by_gender_and_the_completion_gpi():
    counts = Counts()
    # 8 women, 2 of them completed (25%); 4 men, 2 completed (50%); 3 did not state a gender.
    for n in range(8):
        counts.add("female", active=n < 6, completed=n < 2, certified=n < 1)
    for n in range(4):
        counts.add("male", active=True, completed=n < 2, certified=n < 2)
    for _ in range(3):
        counts.add("not_stated", active=False, completed=True, certified=False)
    assert (counts.enrolled, counts.active, counts.completed, counts.certified) == (15, 10, 7, 3)
    assert counts.gender("not_stated").enrolled == 3
    assert counts.enrolment_gpi == 1.5          # 2 - 4/8
    assert counts.completion_gpi == 0.5         # 25% / 50%
    assert not counts.gpi_safe                  # 4 men is a small cell


def test_small_cells_are_1_to_4_people():
    assert [suppressed(n) for n in (0, 1, 4, 5)] == [False, True, True, False]
