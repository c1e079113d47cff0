"""The Must-shows on the demo: a French graduate answers her 6-month check-in, her facilitator and
UNEVOC staff see it, and her reminders stop; the impact report on the demo and the seeded network
shows the four levels per region with small cells hidden, and its XLSX holds numbers as numbers."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.impact.models import FollowUp
from lms.users.models import User
from tests.conftest import visible_text
from tests.impact.conftest import follow_ups, outbox

PASSWORD = "demo password here"


@pytest.fixture()
def demo(app, monkeypatch):
    monkeypatch.setenv("LMS_DEMO_PASSWORD", PASSWORD)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["demo"]).exit_code == 0  # twice: nothing added the second time


def test_a_demo_graduate_answers_her_6_month_check_in_in_french_her_facilitator_and_staff_see_it_and_her_reminders_stop(
        app, demo, make_client, now):
    assert "0 sent, 0 reminders" in follow_ups(app)  # the demo is as the daily command left it
    with app.app_context():
        mariama = db.session.scalar(select(User).where(User.email == "mariama.ba@example.org"))
        due = db.session.scalar(select(FollowUp).where(FollowUp.user_id == mariama.id, FollowUp.months == 6))
        assert due.sent_at is not None and due.answered_at is None and due.reminders == 1
        follow_up_id, cohort_id, sent_at = due.id, due.cohort_id, due.sent_at
        assert db.session.scalar(select(FollowUp.id).where(FollowUp.user_id == mariama.id, FollowUp.months == 3,
                                                           FollowUp.answered_at.is_not(None)))
    graduate = make_client()
    graduate.login("mariama.ba@example.org", PASSWORD)
    dashboard = visible_text(graduate.get("/learn").get_data(as_text=True))
    assert "Votre point d'étape à 6 mois sur votre plan d'action est attendu" in dashboard
    form = graduate.get(f"/impact/check-ins/{follow_up_id}").get_data(as_text=True)
    assert '<html lang="fr">' in form and "Où en est cette action ?" in form
    assert "Contexte et diagnostic" in form  # the sections of her plan, in French
    with app.app_context():
        from lms.courses.models import Activity
        sections = [s["id"] for s in db.session.scalar(select(Activity).where(
            Activity.type == "action_plan")).definition["sections"]]
    answers = {f"status-{s}": "under_way" for s in sections}
    answers[f"status-{sections[0]}"] = "done"
    answers[f"note-{sections[0]}"] = "Le diagnostic a été présenté au conseil d’administration en mars."
    answers[f"evidence-{sections[0]}"] = "https://example.org/cnfp-dakar/diagnostic"
    sent = graduate.submit(f"/impact/check-ins/{follow_up_id}", answers)
    assert sent.status_code == 302
    thanks = visible_text(graduate.get(sent.headers["Location"]).get_data(as_text=True))
    assert "Merci : votre point d'étape a été transmis à vos facilitateurs et à l'UNEVOC." in thanks
    assert "est attendu" not in visible_text(graduate.get("/learn").get_data(as_text=True))

    facilitator = make_client()
    facilitator.login("facilitator@example.org", PASSWORD)
    page = visible_text(facilitator.get(f"/impact/cohorts/{cohort_id}/follow-ups").get_data(as_text=True))
    assert "Mariama Bâ · 6 months after the certificate" in page
    assert "Le diagnostic a été présenté au conseil d’administration en mars." in page
    assert "陈静 · 6 months after the certificate\nAnswered" in page
    staff = make_client()
    staff.login("staff@example.org", PASSWORD)
    network = visible_text(staff.get("/impact/follow-ups").get_data(as_text=True))
    latest = network.split("Latest check-ins answered", 1)[1]
    assert latest.lstrip().startswith("Mariama Bâ")
    assert "Context and diagnosis: Done" in latest

    # Her second reminder would have come 14 days after the check-in: it does not, Kofi's does.
    now.set(sent_at + dt.timedelta(days=15))
    assert "0 sent, 1 reminders" in follow_ups(app)
    assert [s for s in outbox(app, "kofi.boateng@example.org") if s.startswith("Reminder")] == [
        "Reminder: your 6-month check-in on your action plan"]
    assert [s for s in outbox(app, "mariama.ba@example.org") if "point d'étape" in s] == []
    now.advance(days=30)
    assert "0 sent, 0 reminders" in follow_ups(app)


def test_the_impact_report_on_the_demo_and_the_seeded_network_shows_the_four_levels_per_region_with_suppression(
        app, demo, make_client):
    import openpyxl

    from lms.seed import seed_network
    with app.app_context():
        seed_network(db.session, centres=40, learners=400, cohorts=12, big_cohort=60, seed=7)
        db.session.commit()
    staff = make_client()
    staff.login("staff@example.org", PASSWORD)
    html = staff.get("/impact/report?by=region").get_data(as_text=True)
    text = visible_text(html)
    for level in ("Reaction", "Learning", "Behaviour", "Results"):
        assert level in text
    for region in ("Africa", "Arab States", "Asia and the Pacific", "Europe and North America",
                   "Latin America and the Caribbean"):
        assert region in text
    assert "<5" in text and "—" in text
    assert html.count("<svg") >= 4
    book = openpyxl.load_workbook(io.BytesIO(staff.get("/impact/report/region.xlsx").get_data()))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    header, total = rows[0], rows[-1]
    assert header[0] == "UNESCO region" and "Evaluation answers" in header
    column = {name: index for index, name in enumerate(header)}
    assert total[0] == "Total"
    assert isinstance(total[column["Graduates"]], int) and total[column["Graduates"]] > 14  # the demo's and the seed's
    assert isinstance(total[column["Evaluation answers"]], int) and total[column["Evaluation answers"]] >= 11
    assert isinstance(total[column["Overall rating (1–5)"]], int | float)
    assert isinstance(total[column["Knowledge score after (%)"]], int | float)
    assert isinstance(total[column["Actions done or under way (%)"]], int | float)
    assert isinstance(total[column["Staff trained"]], int)
    hidden = [cell for row in rows[1:] for cell in row[1:] if isinstance(cell, str) and cell]
    assert "<5" in hidden and set(hidden) <= {"<5", "x"}  # a hidden cell is a mark, every other one a number
    numbers = [cell for row in rows[1:] for cell in row[1:] if isinstance(cell, int | float)]
    assert len(numbers) > 20
    assert sheet.cell(row=len(rows), column=column["Graduates"] + 1).data_type == "n"
    csv = staff.get("/impact/report/region.csv").get_data().decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("UNESCO region,Graduates,Evaluation answers")
    # The edition and the cohort show the levels too; the evaluation is never shown by gender.
    by_year = visible_text(staff.get("/impact/report?by=year").get_data(as_text=True))
    assert "Edition (year)" in by_year
    by_gender = staff.get("/impact/report/gender.xlsx").get_data()
    gender_rows = list(openpyxl.load_workbook(io.BytesIO(by_gender)).active.iter_rows(values_only=True))
    assert all(row[2] in (None, "") for row in gender_rows[1:-1])
