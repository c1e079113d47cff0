"""Someone's own writing is marked with the language it is written in when that is not the
page's, so that a screen reader reads a French reflection with a French voice on a Chinese page."""
from __future__ import annotations

import pytest

from lms.core.i18n import written_language


@pytest.mark.parametrize("text, author, expected", [
    ("我们学院每月测量能源使用。", "fr", "zh"),             # Chinese by its script, whoever wrote it
    ("Notre institut mesure son énergie.", "fr", "fr"),
    ("Our institute measures its energy.", "en", "en"),
    ("Our institute measures its energy.", "zh", ""),       # Latin letters by a Chinese reader: not known
    ("我们的 campus 每月测量能源使用", "en", "zh"),
])
def test_the_language_of_someones_writing(app, text, author, expected):
    with app.test_request_context("/?lang=en"):
        assert written_language(text, author) == expected


def test_a_french_reflection_on_a_chinese_review_page_is_marked_french(client, classroom, make_client, app):
    from lms.extensions import db
    from lms.users.models import User
    from tests.learning.test_work import submission_of
    with app.app_context():
        db.session.get_one(User, classroom.learner.id).language = "fr"
        db.session.commit()
    learner = make_client()
    learner.login(classroom.learner)
    text = " ".join(["Notre institut mesurera sa consommation d’énergie chaque mois."] * 6)
    learner.submit(f"/learn/cohorts/{classroom.cohort_id}/reflections/first-reflection",
                   {"text": text, "action": "submit"})
    work = submission_of(app, classroom.learner)
    client.login(classroom.facilitator)
    html = client.get(f"/cohorts/{classroom.cohort_id}/work/{work.id}?lang=zh").get_data(as_text=True)
    assert '<html lang="zh"' in html
    assert '<div class="submitted-text" lang="fr">Notre institut' in html
