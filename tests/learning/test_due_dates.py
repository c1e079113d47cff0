"""Due dates read as the cohort sets them: the day in the cohort's time zone, "end of the day",
with the zone named for a reader who lives elsewhere; and "next due" never names work already late."""
from __future__ import annotations


from sqlalchemy import select

from lms.cohorts.models import ModuleSchedule
from lms.cohorts.services import local_end_of_day
from lms.courses.models import Module
from lms.extensions import db
from lms.users.models import User
from tests.conftest import visible_text


def _due(app, classroom, slug, day):
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == slug))
        entry = db.session.scalar(select(ModuleSchedule).where(ModuleSchedule.cohort_id == classroom.cohort_id,
                                                               ModuleSchedule.module_id == module.id))
        entry.due_at = local_end_of_day(day, "Europe/Berlin")
        db.session.commit()


def test_a_learner_in_another_zone_reads_the_cohorts_day_not_an_odd_hour(client, classroom, app, now):
    with app.app_context():
        db.session.get_one(User, classroom.learner.id).timezone = "Asia/Shanghai"
        db.session.commit()
    day = now.day(20)
    _due(app, classroom, "first", day)
    client.login(classroom.learner)
    text = visible_text(client.get("/learn").get_data(as_text=True))
    written = f"{day:%B} {day.day}, {day.year}, end of the day (Berlin time)"
    assert f"Next due: Module first, on {written}." in text
    # 23:59 in Berlin is 05:59 or 06:59 the next morning in Shanghai: never shown as such.
    assert "5:59" not in text and "6:59" not in text
    module = visible_text(client.get(f"/learn/cohorts/{classroom.cohort_id}/modules/first").get_data(as_text=True))
    assert written in module

    zh = visible_text(client.get("/learn?lang=zh").get_data(as_text=True))
    assert f"{day.year}年{day.month}月{day.day}日当天结束时（柏林时间）" in zh


def test_next_due_skips_a_module_already_overdue_and_names_it_as_overdue(client, classroom, app, now):
    _due(app, classroom, "first", now.day(-3))
    _due(app, classroom, "second", now.day(9))
    client.login(classroom.learner)
    text = visible_text(client.get("/learn").get_data(as_text=True))
    assert "Overdue\nModule first" in text
    assert "Next due: Module second" in text


def test_the_same_zone_needs_no_zone_name(client, classroom, app, now):
    with app.app_context():
        db.session.get_one(User, classroom.learner.id).timezone = "Europe/Berlin"
        db.session.commit()
    _due(app, classroom, "first", now.day(20))
    client.login(classroom.learner)
    text = visible_text(client.get("/learn").get_data(as_text=True))
    assert "end of the day." in text and "Berlin time" not in text
