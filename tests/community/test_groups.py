"""Groups: made by region, language or at random, each with its forum, shown on the roster."""
from __future__ import annotations

from sqlalchemy import select

from lms.community.models import Group
from lms.extensions import db


def test_groups_by_region_have_their_own_forum_and_show_on_the_roster(circle, make_client, app):
    facilitator, en, zh = make_client(), make_client(), make_client()
    facilitator.login(circle.facilitator)
    en.login(circle.en)
    zh.login(circle.zh)
    response = facilitator.submit(f"/cohorts/{circle.cohort_id}/groups", {"make": "split", "split-how": "region",
                                                                         "split-size": "5"})
    assert response.status_code == 302
    with app.app_context():
        groups = {g.name: [m.id for m in g.members] for g in db.session.scalars(select(Group))}
        africa = db.session.scalar(select(Group.id).where(Group.name == "Africa"))
    assert [circle.en.id] == [m for m in groups["Africa"] if m == circle.en.id]
    assert circle.zh.id in groups["Asia and the Pacific"]
    roster = facilitator.get(f"/cohorts/{circle.cohort_id}/learners").get_data(as_text=True)
    assert "Asia and the Pacific" in roster and "Europe and North America" in roster
    forum = f"/cohorts/{circle.cohort_id}/discussions/g-{africa}"
    assert en.submit(forum, {"title": "Our group", "body": "Hello, Africa group.", "language": "en"}).status_code == 302
    assert zh.get(forum).status_code == 403  # not a member
    assert "Our group" in en.get(forum).get_data(as_text=True)
    assert f"g-{africa}" not in zh.get(f"/cohorts/{circle.cohort_id}/discussions").get_data(as_text=True)


def test_random_groups_are_balanced_and_a_group_can_be_made_by_hand(circle, make_client, app):
    facilitator = make_client()
    facilitator.login(circle.facilitator)
    facilitator.submit(f"/cohorts/{circle.cohort_id}/groups", {"make": "split", "split-how": "random",
                                                               "split-size": "2"})
    with app.app_context():
        sizes = sorted(len(g.members) for g in db.session.scalars(select(Group)))
    assert sum(sizes) == 4 and sizes[-1] - sizes[0] <= 1
    response = facilitator.submit(f"/cohorts/{circle.cohort_id}/groups",
                                  {"make": "one", "one-name": "", "member": [str(circle.fr.id)]})
    assert response.status_code == 400 and "This field is required." in response.get_data(as_text=True)
    facilitator.submit(f"/cohorts/{circle.cohort_id}/groups", {"make": "one", "one-name": "Francophones",
                                                               "member": [str(circle.fr.id)]})
    with app.app_context():
        made = db.session.scalar(select(Group).where(Group.name == "Francophones"))
        assert [m.id for m in made.members] == [circle.fr.id]
