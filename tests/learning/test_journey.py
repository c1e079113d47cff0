"""A learner completes a whole module in Chinese, and the progress is the same in French."""
from __future__ import annotations

from lms.cohorts.models import Cohort
from lms.cohorts.services import enrol
from lms.extensions import db
from lms.users.models import User

ALL_RIGHT = {"q-unemployed": "m73", "q-paris": "true", "q-target": "4.3", "q-areas": ["campus", "culture"]}


def test_a_whole_module_in_chinese_then_the_same_progress_in_french(client, classroom, make_user, app):
    learner = make_user(language="zh", full_name="张敏")
    with app.app_context():
        enrol(db.session, db.session.get(Cohort, classroom.cohort_id), db.session.get(User, learner.id))
        db.session.commit()
    client.login(learner)
    base = f"/learn/cohorts/{classroom.cohort_id}"
    dashboard = client.get("/learn").get_data(as_text=True)
    assert "已完成 0/2 课" in dashboard

    for slug in ("first-intro", "first-practice"):
        page = client.get(f"{base}/lessons/{slug}").get_data(as_text=True)
        assert '<article lang="zh"' in page and "标记为已完成并继续" in page
        client.submit(f"{base}/lessons/{slug}/done", {}, page=f"{base}/lessons/{slug}")
    result = client.submit(f"{base}/quizzes/first-quiz", ALL_RIGHT)
    assert "您已通过" in client.get(result.headers["Location"]).get_data(as_text=True)
    reflection = client.submit(f"{base}/reflections/first-reflection",
                               {"text": "我们学院将每月测量能源使用情况并公布结果。" * 5, "action": "submit"})
    assert reflection.status_code == 302

    dashboard = client.get("/learn").get_data(as_text=True)
    first_row = dashboard.split('modules/first">')[1].split("</tr>")[0]
    second_row = dashboard.split('modules/second">')[1].split("</tr>")[0]
    assert '<span class="tag ok">已完成</span>' in first_row
    assert "已完成 0/2 课" in second_row and "tag ok" not in second_row

    french = client.get("/learn?lang=fr").get_data(as_text=True)
    first_row = french.split('modules/first">')[1].split("</tr>")[0]
    assert '<span class="tag ok">Terminé</span>' in first_row
    assert "2 sur 4 leçons terminées" in french
