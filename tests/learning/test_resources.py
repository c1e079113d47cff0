"""A module's reading list, case studies, tools and webinar plan: imported, shown, downloaded."""
from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from sqlalchemy import select

from lms.courses import formulas
from lms.courses.loader import check_courses
from lms.courses.models import Lesson, ReadingItem, Tool
from lms.extensions import db
from lms.learning.models import LessonProgress
from lms.learning.services import mark_lesson_done
from lms.users.models import User
from tests.courses.course_files import replace_in
from tests.courses.test_check import READING, WEBINAR, with_resources
from tests.courses.test_quiz_quality import PROGRAMME

TOOLS = ("stakeholder-map", "tracer-study", "gpi-worksheet", "greening-plan", "action-plan-template",
         "risk-register")


def add_resources(folder) -> None:
    reading = READING.replace("http://", "https://").replace("    note:", "    languages: [en, fr]\n    note:")
    module = with_resources(folder, reading, WEBINAR.replace("minutes: 60", "minutes: 70"))
    for language in ("en", "zh", "fr"):
        replace_in(module / "lessons" / f"first-practice.{language}.md", "title:", "kind: case-study\ntitle:")
    (module / "tools").mkdir()
    gpi = (PROGRAMME / "04-equity-inclusion" / "tools" / "gpi-worksheet.yaml").read_text(encoding="utf-8")
    (module / "tools" / "gpi-worksheet.yaml").write_text(gpi, encoding="utf-8")
    replace_in(module / "module.yaml", "activities:", "tools:\n- gpi-worksheet\nactivities:")


def reimport(app, classroom) -> None:
    result = app.test_cli_runner().invoke(args=["courses", "import", str(classroom.folder.parent)])
    assert result.exit_code == 0, result.output


def test_the_module_page_shows_its_reading_case_studies_and_tools(client, classroom, app):
    add_resources(classroom.folder)
    reimport(app, classroom)
    client.login(classroom.learner)
    html = client.get(f"/learn/cohorts/{classroom.cohort_id}/modules/first").get_data(as_text=True)
    assert '<a href="https://unesdoc.unesco.org/strategy" rel="noopener noreferrer">TVET Strategy</a>' in html
    assert "— UNESCO, 2022; in English and French" in html and "The frame." in html
    assert 'target="_blank"' not in html  # plain links
    practice = html[html.index("Lesson first-practice"):]
    assert practice.index('<span class="tag">Case study</span>') < practice.index("</li>")
    assert f'href="/learn/cohorts/{classroom.cohort_id}/tools/gpi-worksheet.xlsx"' in html
    assert "Gender parity index (GPI) worksheet" in html
    zh = client.get(f"/learn/cohorts/{classroom.cohort_id}/modules/first?lang=zh").get_data(as_text=True)
    assert "英语和法语" in zh and "性别均等指数（GPI）计算表" in zh and "职业技术教育与培训战略" in zh


def test_facilitators_read_the_webinar_plan_from_the_sessions_page_and_learners_cannot(client, classroom, app,
                                                                                      make_client):
    add_resources(classroom.folder)
    reimport(app, classroom)
    client.login(classroom.facilitator)
    sessions = client.get(f"/cohorts/{classroom.cohort_id}/sessions").get_data(as_text=True)
    link = f"/cohorts/{classroom.cohort_id}/webinars/first"
    assert f'href="{link}"' in sessions
    html = client.get(link).get_data(as_text=True)
    assert "Compare plans." in html and "0–20 min" in html and "20–90 min" in html and "90 minutes" in html
    learner = make_client()
    learner.login(classroom.learner)
    assert learner.get(link).status_code == 403


def test_reimporting_changes_the_resources_and_keeps_every_learners_progress(client, classroom, app):
    add_resources(classroom.folder)
    reimport(app, classroom)
    with app.app_context():
        lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "first-practice"))
        assert lesson.kind == "case-study"
        progress_id = mark_lesson_done(db.session, db.session.get(User, classroom.learner.id), lesson).id
        db.session.commit()
    module = classroom.folder / "01-first"
    replace_in(module / "reading.yaml", "year: 2022", "year: 2023")
    replace_in(module / "module.yaml", "tools:\n- gpi-worksheet\n", "")
    for language in ("en", "zh", "fr"):
        replace_in(module / "lessons" / f"first-practice.{language}.md", "kind: case-study\n", "")
    reimport(app, classroom)
    with app.app_context():
        assert db.session.scalars(select(ReadingItem.year)).all() == [2023]
        assert db.session.scalars(select(Tool)).all() == []
        assert db.session.scalar(select(Lesson.kind).where(Lesson.slug == "first-practice")) == "lesson"
        progress = db.session.get(LessonProgress, progress_id)
        assert progress is not None and progress.completed_at is not None


# The programme's tools ------------------------------------------------------------------

@pytest.fixture()
def programme_cohort(app, make_user, now):
    from lms.cohorts.services import create_cohort, enrol
    from lms.core.permissions import Role
    from lms.courses.models import Programme

    assert app.test_cli_runner().invoke(args=["courses", "import", str(PROGRAMME)]).exit_code == 0
    learner = make_user(role=Role.learner)
    with app.app_context():
        cohort = create_cohort(db.session, programme=db.session.scalar(select(Programme)), name="Tools",
                               language="en", timezone="UTC", starts_on=now.day(-400), ends_on=now.day(-1))
        enrol(db.session, cohort, db.session.get(User, learner.id))
        db.session.commit()
        return cohort.id, learner


def workbook(client, url: str) -> openpyxl.Workbook:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def headings(sheet) -> list[str]:
    return [cell.value for cell in sheet[4] if cell.value]


def recomputed(book: openpyxl.Workbook) -> formulas.Workbook:
    """The file's own formulas over the file's own values, evaluated afresh."""
    return formulas.Workbook({sheet.title: {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row
                                            if cell.value is not None} for sheet in book.worksheets})


@pytest.mark.parametrize("language", ["en", "zh", "fr"])
def test_every_tool_downloads_in_each_language_with_its_headings_and_formulas(client, programme_cohort, language):
    cohort_id, learner = programme_cohort
    client.login(learner)
    [programme] = check_courses(PROGRAMME).programmes
    definitions = {tool["id"]: tool for module in programme.modules for tool in module.tools}
    assert set(definitions) == set(TOOLS)
    for tool_id, definition in definitions.items():
        book = workbook(client, f"/learn/cohorts/{cohort_id}/tools/{tool_id}.xlsx?lang={language}")
        for sheet_definition in definition["sheets"]:
            sheet = book[sheet_definition["title"][language][:31]]
            assert headings(sheet) == [c["heading"][language] for c in sheet_definition["columns"]]
            for index, column in enumerate(sheet_definition["columns"], start=1):
                if column.get("type") == "formula":
                    assert str(sheet.cell(row=5, column=index).value).startswith("="), (tool_id, column["id"])
                if column.get("type") == "choice":
                    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
                    assert any(openpyxl.utils.get_column_letter(index) in str(v.sqref) for v in lists), tool_id


def test_the_gpi_worksheet_computes_the_gpi_and_the_adjusted_gpi_from_the_example_rows(client, programme_cohort):
    cohort_id, learner = programme_cohort
    client.login(learner)
    book = workbook(client, f"/learn/cohorts/{cohort_id}/tools/gpi-worksheet.xlsx?lang=fr")
    sheet = book["IPS par filière"]
    assert headings(sheet)[:7] == ["Filière", "Niveau", "Femmes", "Hommes", "IPS", "IPS ajusté", "Lecture"]
    assert sheet["E5"].value == '=IF(OR(C5="",D5="",D5=0),"",ROUND(C5/D5,2))'
    values = recomputed(book)
    # Welding: 20 women, 80 men; nursing: 150 and 30 (2 − 30/150); ICT: 60 and 64; hospitality: 90 and 88.
    assert [values.value("IPS par filière", f"E{row}") for row in (5, 6, 7, 8)] == [0.25, 5.0, 0.94, 1.02]
    assert [values.value("IPS par filière", f"F{row}") for row in (5, 6, 7, 8)] == [0.25, 1.8, 0.94, 1.02]
    assert values.value("IPS par filière", "G5") == "Disparité au détriment des femmes"
    assert values.value("IPS par filière", "G6") == "Disparité au détriment des hommes"
    assert values.value("IPS par filière", "G8") == "Parité (0,97 à 1,03)"
    assert values.value("IPS par filière", "E9") == ""  # a blank row computes nothing
    # The totals row: 320 women and 262 men in the whole institution.
    total = next(row for row in range(5, 60) if sheet[f"A{row}"].value == "Tout l'établissement")
    assert [values.value("IPS par filière", f"{column}{total}") for column in "CDEF"] == [320, 262, 1.22, 1.18]
    # The values stored with the formulas are the same, for viewers that do not recalculate.
    cached = openpyxl.load_workbook(io.BytesIO(client.get(
        f"/learn/cohorts/{cohort_id}/tools/gpi-worksheet.xlsx?lang=fr").get_data()), data_only=True)["IPS par filière"]
    assert [cached[f"F{row}"].value for row in (5, 6)] == [0.25, 1.8]


def test_the_risk_register_and_greening_summary_compute(client, programme_cohort):
    cohort_id, learner = programme_cohort
    client.login(learner)
    risks = recomputed(workbook(client, f"/learn/cohorts/{cohort_id}/tools/risk-register.xlsx?lang=en"))
    assert [risks.value("Risk register", f"{c}5") for c in "EF"] == [15.0, "High"]
    assert [risks.value("Risk register", f"{c}6") for c in "EF"] == [8.0, "Medium"]
    green = recomputed(workbook(client, f"/learn/cohorts/{cohort_id}/tools/greening-plan.xlsx?lang=zh"))
    assert [green.value("按领域汇总", f"B{row}") for row in range(5, 10)] == [1, 1, 0, 0, 1]
    assert green.value("按领域汇总", "C6") == 8000.0 and green.value("按领域汇总", "C10") == 11500.0


def test_a_tool_of_a_module_not_yet_open_is_not_served(client, programme_cohort, app, now):
    from lms.cohorts.models import ModuleSchedule
    cohort_id, learner = programme_cohort
    with app.app_context():
        for schedule in db.session.scalars(select(ModuleSchedule).where(ModuleSchedule.cohort_id == cohort_id)):
            schedule.opens_at = now() + dt.timedelta(days=30)
        db.session.commit()
    client.login(learner)
    assert client.get(f"/learn/cohorts/{cohort_id}/tools/gpi-worksheet.xlsx").status_code == 403
    assert re.search("GPI", client.get(f"/learn/cohorts/{cohort_id}/modules/equity-inclusion").get_data(as_text=True))
