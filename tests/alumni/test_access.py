"""Graduates keep the material and their work once their cohort has ended: read-only where the
work is closed."""
from __future__ import annotations

from tests.conftest import visible_text

PLAN = "A green campus by 2030"


def test_a_graduate_still_reads_every_module_lesson_and_their_work_after_the_cohort_ended(alumni, signed_in):
    mariama = signed_in(alumni.mariama)
    base = f"/learn/cohorts/{alumni.past_cohort_id}"
    dashboard = visible_text(mariama.get("/learn").get_data(as_text=True))
    assert "Last year's online edition" in dashboard and "Annuaire des anciens" in dashboard  # in French
    for slug in ("first", "second"):
        assert mariama.get(f"{base}/modules/{slug}").status_code == 200
    lesson = mariama.get(f"{base}/lessons/second-practice")
    assert lesson.status_code == 200 and "Lesson second-practice" in lesson.get_data(as_text=True)
    plan = mariama.get(f"{base}/action-plans/action-plan")
    assert plan.status_code == 200 and PLAN in plan.get_data(as_text=True)
    reflection = mariama.get(f"{base}/quizzes/first-quiz")
    assert reflection.status_code == 200
    offline = mariama.get(f"{base}/modules/second/offline.html")
    assert offline.status_code == 200 and "Lesson second-intro" in offline.get_data(as_text=True)
    pdf = mariama.get(f"{base}/modules/second/module.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_a_graduates_accepted_plan_cannot_be_changed_after_the_cohort_ended(alumni, signed_in):
    mariama = signed_in(alumni.mariama)
    url = f"/learn/cohorts/{alumni.past_cohort_id}/action-plans/action-plan"
    refused = mariama.submit(url, {"s-vision": "Something else entirely " * 5, "action": "submit"})
    assert refused.status_code == 400
    assert "ne peut plus être modifié" in refused.get_data(as_text=True)  # she reads in French
    assert PLAN in mariama.get(url).get_data(as_text=True)
