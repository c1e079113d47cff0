"""No hidden count of the report can be worked out from the totals it shows: an outsider's attempt."""
from __future__ import annotations

import csv
import io

from lms.core.permissions import Role
from lms.extensions import db
from lms.reports.figures import Counts
from lms.reports.services import refresh
from lms.reports.suppression import Protected
from lms.seed import seed_network
from tests.conftest import COVERAGE

DIMENSIONS = ("region", "country", "centre_type", "centre", "cohort", "year")
HIDDEN = {"<5", "x"}


def relations_of(rows: list[list[str]]) -> list[tuple[str, list[str]]]:
    """Every (whole, parts) sum the export shows: each row's total over its genders, for enrolled
    and completed; each column's total row over the rows above it."""
    relations = []
    for row in rows:
        relations.append((row[1], row[5:10]))   # enrolled: all = the five genders
        relations.append((row[3], row[10:15]))  # completed: all = the five genders
    *body, total = rows
    for column in range(1, 15):
        relations.append((total[column], [row[column] for row in body]))
    return relations


def recover(whole: str, parts: list[str]) -> int | None:
    """What an outsider learns: the one hidden value of a sum, when only one is hidden."""
    cells = [whole, *parts]
    hidden = [cell for cell in cells if cell in HIDDEN]
    if len(hidden) != 1:
        return None
    if whole in HIDDEN:
        return sum(int(part) for part in parts)
    return int(whole) - sum(int(part) for part in parts if part not in HIDDEN)


def test_no_suppressed_cell_of_the_seeded_networks_exports_can_be_worked_out(app, client, make_user):
    assert app.test_cli_runner().invoke(args=["courses", "import"]).exit_code == 0
    with app.app_context():
        seed_network(db.session, centres=40, learners=400, cohorts=12, big_cohort=60, seed=7)
        refresh(db.session)
        db.session.commit()
    client.login(make_user(role=Role.staff))
    recovered, tried, hidden, totals = [], 0, 0, set()
    for dimension in DIMENSIONS:
        text = client.get(f"/reports/{dimension}.csv").data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))[1:]
        totals.add(tuple(rows[-1]))
        hidden += sum(cell in HIDDEN for row in rows for cell in row)
        for whole, parts in relations_of(rows):
            tried += 1
            value = recover(whole, parts)
            if value is not None:
                recovered.append((dimension, whole, parts, value))
    COVERAGE["report sums tried for hidden cells"] = COVERAGE.get("report sums tried for hidden cells", 0) + tried
    assert hidden > 50  # the seeded network has small cells to hide, in every export
    assert len(totals) == 1  # every export's total row hides the same cells
    assert recovered == []


def test_a_single_small_cell_takes_a_second_one_with_it_in_its_row_and_its_column():
    def counts(**genders: int) -> Counts:
        result = Counts()
        for gender, n in genders.items():
            result.add_many(gender, n, 0, 0, 0)
        return result

    a, b = counts(female=20, male=3), counts(female=8, male=9)
    total = counts(female=28, male=12)
    protected = Protected.of(total, {"region": [("africa", a), ("europe", b)]})
    assert protected.shown("region", "africa", "enrolled", "male") == "<5"
    # Its row (23 = 20 + ?) and its column (12 = ? + 9) would give it back: one more of each goes.
    assert protected.shown("region", "africa", "enrolled") == "x"
    assert protected.shown("region", "europe", "enrolled", "male") == "x"
    assert protected.shown("region", "africa", "enrolled", "female") == "20"  # the parity index's counts stay
