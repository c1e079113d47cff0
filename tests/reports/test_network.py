"""The network report on a data set whose figures are worked out by hand."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from sqlalchemy import select

from lms.centres.models import Region
from lms.cohorts.models import Cohort
from lms.cohorts.services import create_cohort, enrol
from lms.core.permissions import Role
from lms.courses.models import Programme
from lms.extensions import db
from lms.users.models import Gender, User
from tests.certificates.conftest import complete
from tests.learning.conftest import classroom  # noqa: F401


@pytest.fixture()
def network(app, classroom, make_user, make_centre, now):  # noqa: F811
    """Cohort A (Kenya): 20 women, 8 of whom completed, and 10 men, 5 of whom completed.
    Cohort B (Germany, another facilitator): 3 people who did not state a gender."""
    kenya = make_centre(name="Kenya TTC", country="KE", region=Region.africa)
    germany = make_centre(name="BIBB", country="DE", region=Region.europe_north_america)
    other = make_user(role=Role.facilitator, full_name="Other Facilitator")
    women = [make_user(gender=Gender.female, centre_id=kenya.id, full_name=f"Woman {n}") for n in range(20)]
    men = [make_user(gender=Gender.male, centre_id=kenya.id, full_name=f"Man {n}") for n in range(10)]
    unstated = [make_user(centre_id=germany.id, full_name=f"Person {n}") for n in range(3)]
    with app.app_context():
        cohort_a = db.session.get(Cohort, classroom.cohort_id)
        db.session.execute(db_delete_enrolments(cohort_a.id))
        cohort_b = create_cohort(db.session, programme=db.session.scalar(select(Programme)), name="Cohort B",
                                 language="en", timezone="UTC", starts_on=now.day(-700),
                                 ends_on=now.day(-550), facilitators=[db.session.get(User, other.id)])
        for person in women + men:
            enrol(db.session, cohort_a, db.session.get(User, person.id))
        for person in unstated:
            enrol(db.session, cohort_b, db.session.get(User, person.id))
        db.session.commit()
        b_id = cohort_b.id
    for person in women[:8] + men[:5]:
        complete(app, classroom.cohort_id, person.id, classroom.facilitator.id)
    return {"a": classroom.cohort_id, "b": b_id, "other": other}


def db_delete_enrolments(cohort_id):
    from sqlalchemy import delete

    from lms.cohorts.models import Enrolment
    return delete(Enrolment).where(Enrolment.cohort_id == cohort_id)


def cells(html: str, row_title: str) -> list[str]:
    row = html.split(f'<th scope="row">{row_title}</th>')[1].split("</tr>")[0]
    return [c.split(">", 1)[1].split("<", 1)[0].strip() for c in row.split("<td")[1:]]


def test_the_totals_and_parity_indices_match_the_figures_worked_by_hand(client, make_user, network):
    client.login(make_user(role=Role.staff))
    html = client.get("/reports").get_data(as_text=True)
    # All, Women, Men, Another gender, Prefer not to say, Not stated, GPI. The 3 who did not
    # state a gender are a small cell; the total is hidden too, or 33 - 20 - 10 would give it back.
    assert cells(html, "Enrolled")[:6] == ["x", "20", "10", "0", "0", "&lt;5"]
    assert cells(html, "Enrolled")[6].startswith("1.5")    # 2 - 10/20: more women than men
    assert cells(html, "Completed")[:3] == ["13", "8", "5"]
    assert cells(html, "Completed")[6].startswith("0.8")   # women 8/20 = 40%, men 5/10 = 50%: 0.4/0.5


def test_a_parity_index_resting_on_a_small_cell_is_withheld(client, make_user, network, app, now):
    women = [make_user(gender=Gender.female, full_name=f"W{n}") for n in range(2)]
    men = [make_user(gender=Gender.male, full_name=f"M{n}") for n in range(7)]
    with app.app_context():
        cohort = create_cohort(db.session, programme=db.session.scalar(select(Programme)), name="Cohort C",
                               language="en", timezone="UTC", starts_on=now.day(-700),
                               ends_on=now.day(-550))
        for person in women + men:
            enrol(db.session, cohort, db.session.get(User, person.id))
        db.session.commit()
    client.login(make_user(role=Role.staff))
    html = client.get("/reports?cohort=Cohort%20C").get_data(as_text=True)
    # 2 women and 7 men: an index (0.29) would reveal the small cell, so it is withheld, and so is
    # the total (9 - 7 would give the 2 back).
    assert cells(html, "Enrolled")[:3] == ["x", "&lt;5", "7"] and cells(html, "Enrolled")[6] == "—"


def test_filters_combine_and_the_africa_view_keeps_africa(client, make_user, network):
    client.login(make_user(role=Role.staff))
    html = client.get("/reports?view=africa").get_data(as_text=True)
    assert cells(html, "Enrolled")[0] == "30"
    html = client.get("/reports?region=africa&gender=female").get_data(as_text=True)
    assert cells(html, "Enrolled")[:2] == ["20", "20"]


def test_every_export_suppresses_small_cells(client, make_user, network):
    client.login(make_user(role=Role.staff))
    for dimension in ("region", "country", "centre", "centre_type", "cohort", "year"):
        text = client.get(f"/reports/{dimension}.csv").data.decode("utf-8-sig")
        for row in list(csv.reader(io.StringIO(text)))[1:]:
            for cell in row[1:-2]:
                assert cell == "<5" or not cell.isdigit() or int(cell) == 0 or int(cell) >= 5, (dimension, row)
    book = openpyxl.load_workbook(io.BytesIO(client.get("/reports/region.xlsx").data))
    values = [c.value for row in book.active.iter_rows(min_row=2) for c in row[1:-2]]
    assert "<5" in values and not any(isinstance(v, str) and v.isdigit() and 0 < int(v) < 5 for v in values)
    # The counts shown are numbers a spreadsheet can add up, never small ones.
    assert any(isinstance(v, int) and v >= 5 for v in values)
    assert not any(isinstance(v, int) and 0 < v < 5 for v in values)
    assert not any(isinstance(v, str) and v.isdigit() for v in values)


def test_the_csv_has_headers_in_the_viewers_language(client, make_user, network):
    client.login(make_user(role=Role.staff, language="fr"))
    header = client.get("/reports/region.csv").data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Région de l") and ",Inscrits," in header and "Enrolled" not in header


def test_the_csv_says_active_in_the_last_30_days_not_an_account_status(make_client, make_user, network):
    client = make_client()
    client.login(make_user(role=Role.staff, language="zh"))
    header = client.get("/reports/region.csv").data.decode("utf-8-sig").splitlines()[0]
    assert "近30天活跃" in header and "已启用" not in header


def test_a_facilitator_sees_their_own_cohorts_only(make_client, network, classroom):  # noqa: F811
    client = make_client()
    client.login(classroom.facilitator)
    assert cells(client.get("/reports").get_data(as_text=True), "Enrolled")[0] == "30"
    other = make_client()
    other.login(network["other"])
    assert cells(other.get("/reports").get_data(as_text=True), "Enrolled")[0] == "&lt;5"


def test_the_report_reads_its_snapshot_until_it_is_rebuilt(app, client, make_user, network, monkeypatch):
    """In production figures come from a snapshot at most REPORT_MAX_AGE_SECONDS old (and cron's
    `flask reports refresh`); the page says when they were taken."""
    monkeypatch.setitem(app.config, "REPORT_MAX_AGE_SECONDS", 300)
    client.login(make_user(role=Role.staff))
    html = client.get("/reports").get_data(as_text=True)
    assert cells(html, "Enrolled")[1] == "20" and "Figures as of" in html and "every 5 minutes" in html  # women
    newcomers = [make_user(gender=Gender.female, full_name=f"Newcomer {n}") for n in range(5)]
    with app.app_context():
        cohort = db.session.get(Cohort, network["b"])
        for person in newcomers:
            enrol(db.session, cohort, db.session.get(User, person.id))
        db.session.commit()
    assert cells(client.get("/reports").get_data(as_text=True), "Enrolled")[1] == "20"  # still the snapshot
    result = app.test_cli_runner().invoke(args=["reports", "refresh"])
    assert result.exit_code == 0 and "report snapshot rebuilt" in result.output
    assert cells(client.get("/reports").get_data(as_text=True), "Enrolled")[1] == "25"
