"""The demo's closed call, shaped like the 2023 online edition, read on the staff pages."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.applications import selection
from lms.applications.demo import CLOSED_TITLE
from lms.applications.models import Call
from lms.extensions import db
from tests.conftest import visible_text


@pytest.fixture()
def demo(app, monkeypatch, make_client):
    monkeypatch.setenv("LMS_DEMO_PASSWORD", "demo password here")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        calls = {c.title["en"]: c.id for c in db.session.scalars(select(Call))}
    staff = make_client()
    staff.login("staff@example.org", "demo password here")
    return staff, calls


def rows_of(html: str) -> dict[str, list[str]]:
    """The balance table's rows: the category, then its cells as text."""
    found = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", html, re.S):
        title, _, rest = row.partition("</th>")
        cells = re.findall(r"<td[^>]*>(.*?)</td>", rest, re.S)
        found[visible_text(title).strip()] = [visible_text(c).strip() for c in cells]
    return found


def test_the_2023_like_call_reads_1050_159_67_and_its_suggestion_meets_the_region_and_gender_targets(app, demo):
    staff, calls = demo
    call_id = calls[CLOSED_TITLE["en"]]
    overview = staff.get(f"/staff/calls/{call_id}").get_data(as_text=True)
    assert re.search(r'id="figure-submitted">1,050<', overview)
    assert re.search(r'id="figure-countries">145<', overview)
    assert re.search(r'id="figure-selected">159<', overview)
    assert re.search(r'id="figure-selected-countries">67<', overview)
    assert re.search(r'id="figure-flagged">0<', overview)  # every disagreement settled by a third review

    board = staff.get(f"/staff/calls/{call_id}/board").get_data(as_text=True)
    assert "159 selected from 67 countries, for 159 places" in visible_text(board)
    rows = rows_of(board)
    for category in ("Africa", "Arab States", "Asia and the Pacific", "Europe and North America",
                     "Latin America and the Caribbean", "Female"):
        cells = rows[category]
        assert "met" in cells[2] and "not met" not in cells[2], (category, cells)  # the suggestion
        assert cells[4] == "met", (category, cells)                                # the selection
    with app.app_context():
        call = db.session.get(Call, call_id)
        ranked = selection.candidates(db.session, call)
        suggestion = selection.suggest(call, ranked)
        assert len(suggestion.chosen) == 159 and not suggestion.out_of_reach
        assert len({c.application.country for c in suggestion.chosen}) == 67
        for target in selection.targets(call):
            have = sum(1 for c in suggestion.chosen
                       if selection.category(c.application, target.dimension) == target.key)
            assert have >= target.minimum, target
    assert "Waiting list" in visible_text(board)


def test_the_open_demo_call_is_linked_from_the_sign_in_page_and_takes_applications(app, demo, make_client):
    _staff, calls = demo
    visitor = make_client()
    signin = visitor.get("/login?lang=fr").get_data(as_text=True)
    assert "Prochaine édition en ligne : appel à candidatures" in signin
    assert CLOSED_TITLE["fr"] not in signin
    call_id = calls["Next online edition: call for applications"]
    assert visitor.get(f"/calls/{call_id}/apply").status_code == 200
