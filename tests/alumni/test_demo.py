"""The demo shows the alumni: last year's graduates in the directory, offering to mentor, and one
of them mentoring a participant of this year's French edition, who has written to her."""
from __future__ import annotations

import re

from sqlalchemy import select

from lms.alumni.models import AlumniProfile, MentorMatch
from lms.cohorts.models import Cohort
from lms.demo import edition_year
from lms.extensions import db
from tests.conftest import visible_text

PASSWORD = "demo password here"


def test_the_demo_has_last_years_alumni_in_the_directory_and_a_mentor_for_this_years_participant(
        app, monkeypatch, make_client, now):
    monkeypatch.setenv("LMS_DEMO_PASSWORD", PASSWORD)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # twice: still one match and two messages
    year = edition_year(now.today)
    with app.app_context():
        listed = {p.user.email for p in db.session.scalars(select(AlumniProfile).where(AlumniProfile.listed))}
        [found] = db.session.scalars(select(MentorMatch)).all()
        mentor_cohort = db.session.scalar(select(Cohort).join(Cohort.programme).where(
            Cohort.name == f"{year - 1} online edition"))
        mentee_cohort = db.session.get(Cohort, found.cohort_id)
        assert found.mentor.email == "mariama.ba@example.org" and found.mentee.email == "aissatou.diallo@example.org"
        # The mentor graduated from last year's edition; the mentee is in a cohort of this edition's
        # year or later (the French edition, which starts after the main one), still running.
        assert mentor_cohort is not None and mentee_cohort.starts_on.year >= year
        assert mentee_cohort.ends_on >= now.today
        match_id = found.id
    # Daniel Okafor's certificate was revoked: he is no graduate, so not in the directory.
    assert listed == {"chen.jing@example.org", "mariama.ba@example.org"}

    participant = make_client()
    participant.login("aissatou.diallo@example.org", PASSWORD)
    dashboard = participant.get("/learn").get_data(as_text=True)
    assert "Votre mentor : Mariama Bâ" in visible_text(dashboard)
    assert re.search(rf'href="/alumni/mentoring/{match_id}"', dashboard)
    conversation = visible_text(participant.get(f"/alumni/mentoring/{match_id}").get_data(as_text=True))
    assert "partenaire industriel" in conversation and "appel de jeudi" in conversation
    directory = visible_text(participant.get("/alumni?theme=greening").get_data(as_text=True))
    assert "Mariama Bâ" in directory and "panneaux solaires" in directory and "陈静" not in directory

    facilitator = make_client()
    facilitator.login("facilitator.fr@example.org", PASSWORD)
    mentors = visible_text(facilitator.get(f"/cohorts/{found.cohort_id}/mentors").get_data(as_text=True))
    assert "Aïssatou Diallo" in mentors and "Mariama Bâ" in mentors and "Youssef Benali" in mentors


def test_a_graduates_data_download_holds_their_life_after_the_certificate(app, monkeypatch, make_client):
    """Her alumni profile, her mentoring, her follow-ups on the plan and the messages she wrote:
    everything she wrote after her certificate is in the file she downloads, as what she did before."""
    monkeypatch.setenv("LMS_DEMO_PASSWORD", PASSWORD)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["courses", "import"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    graduate = make_client()
    graduate.login("mariama.ba@example.org", PASSWORD)
    data = graduate.get("/profile/data.json").json
    assert data["alumni_profile"]["listed"] and "panneaux solaires" in data["alumni_profile"]["achievements"]
    assert [(m["mentor"], m["mentee"]) for m in data["mentoring"]] == [("Mariama Bâ", "Aïssatou Diallo")]
    assert data["messages_sent"] and all(m["body"] for m in data["messages_sent"])
    answered = [f for f in data["follow_ups"] if f["answered_at"]]
    assert answered and all(a["status"] in ("not_started", "under_way", "done", "dropped")
                            for f in answered for a in f["actions"])

    participant = make_client()
    participant.login("aissatou.diallo@example.org", PASSWORD)
    data = participant.get("/profile/data.json").json
    assert [(m["mentor"], m["mentee"]) for m in data["mentoring"]] == [("Mariama Bâ", "Aïssatou Diallo")]
    assert data["alumni_profile"] is None
