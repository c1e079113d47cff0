"""Decisions: the accepted confirm and are enrolled by invitation in their language's cohort;
a place declined goes to the first on the waiting list."""
from __future__ import annotations

from sqlalchemy import select

from lms.applications.models import Application, Decision, PlaceResponse
from lms.cohorts.models import Enrolment
from lms.core.permissions import Role
from lms.extensions import db
from lms.users.models import User
from tests.conftest import body_text, find_link, subject, visible_text


def local(link: str) -> str:
    """The link's address on this site, without its `?lang=`."""
    return link.replace("http://lms.test", "").split("?")[0]


def test_accepting_enrols_by_invitation_in_their_language_and_a_declined_place_moves_the_waitlist(
        app, make_client, make_user, make_call, make_application, mailbox):
    call_id = make_call(places=2, waitlist_size=2)
    make_application(call_id, email="li.na@example.cn", full_name="李娜", language="zh", country="CN", totals=(19, 18))
    make_application(call_id, email="awa@example.sn", full_name="Awa Ndiaye", language="fr", country="SN",
                     totals=(18, 17))
    make_application(call_id, email="first.waiting@example.org", full_name="Maria Lopez", language="en",
                     country="CO", totals=(15, 15))
    make_application(call_id, email="second.waiting@example.org", language="en", country="PE", totals=(12, 13))
    make_application(call_id, email="not.selected@example.org", language="fr", country="FR", totals=(8, 9))
    staff = make_client()
    staff.login(make_user(role=Role.staff))

    board = f"/staff/calls/{call_id}/board"
    assert staff.submit(board, {"action": "suggest"}).status_code == 302
    text = visible_text(staff.get(board).get_data(as_text=True))
    assert "2 selected from 2 countries, for 2 places, among 5 ranked candidates" in text
    mailbox.clear()
    assert staff.submit(f"/staff/calls/{call_id}/decisions", {}, page=board).status_code == 302
    mailbox.wait_for(5)

    # Each told in the language they applied in.
    offer_zh = mailbox.wait_to("li.na@example.cn")
    assert offer_zh["Content-Language"] == "zh" and "您已入选" in subject(offer_zh)
    offer_fr = mailbox.wait_to("awa@example.sn")
    assert offer_fr["Content-Language"] == "fr" and "a été retenue" in subject(offer_fr)
    assert "number 1 on the waiting list" in body_text(mailbox.wait_to("first.waiting@example.org"))
    assert "regrettons de ne pouvoir vous en proposer une" in body_text(mailbox.wait_to("not.selected@example.org"))

    # Li Na confirms her place: an invitation in Chinese, enrolled in the cohort taught in Chinese.
    applicant = make_client()
    link = find_link(offer_zh, "/apply/")
    page = local(link)
    assert "确认我的名额" in applicant.get(local(link) + "?lang=zh").get_data(as_text=True)
    mailbox.clear()
    applicant.submit(f"{page}/place", {"answer": "confirm"}, page=page)
    invitation = mailbox.wait_to("li.na@example.cn")
    assert invitation["Content-Language"] == "zh" and "/invitation/" in body_text(invitation)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "li.na@example.cn"))
        assert user.role is Role.learner and user.language == "zh" and user.full_name == "李娜"
        [enrolment] = db.session.scalars(select(Enrolment).where(Enrolment.user_id == user.id))
        assert enrolment.cohort.language == "zh"

    # Awa declines hers: Maria, first on the waiting list, is offered it and told.
    other = make_client()
    page = local(find_link(offer_fr, "/apply/"))
    mailbox.clear()
    other.submit(f"{page}/place", {"answer": "decline"}, page=page)
    moved = mailbox.wait_to("first.waiting@example.org")
    assert "A place has become free" in body_text(moved)
    assert "Place declined" in visible_text(other.get(page + "?lang=en").get_data(as_text=True))
    with app.app_context():
        maria = db.session.scalar(select(Application).where(Application.email == "first.waiting@example.org"))
        second = db.session.scalar(select(Application).where(Application.email == "second.waiting@example.org"))
        awa = db.session.scalar(select(Application).where(Application.email == "awa@example.sn"))
        assert maria.decision is Decision.accepted and second.decision is Decision.waitlisted
        assert awa.response is PlaceResponse.declined
        assert db.session.scalar(select(User).where(User.email == "awa@example.sn")) is None
    # Maria can now confirm from her link.
    page = local(find_link(moved, "/apply/"))
    assert "Confirm my place" in visible_text(make_client().get(page).get_data(as_text=True))


def test_decisions_are_sent_once(make_client, make_user, make_call, make_application, mailbox):
    call_id = make_call(places=1)
    make_application(call_id, totals=(15, 15))
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    board = f"/staff/calls/{call_id}/board"
    staff.submit(f"/staff/calls/{call_id}/decisions", {}, page=board)
    mailbox.wait_for(1)
    mailbox.clear()
    response = staff.raw.post(f"/staff/calls/{call_id}/decisions", buffered=True)
    assert response.status_code in (302, 400)
    again = staff.submit(f"/staff/calls/{call_id}/decisions", {}, page=f"/staff/calls/{call_id}")
    assert "already been sent" in visible_text(staff.get(again.headers["Location"]).get_data(as_text=True))
    assert mailbox.messages == []
    changed = staff.submit(board, {"action": "suggest"})  # the board no longer changes either
    assert "already been sent" in visible_text(staff.get(changed.headers["Location"]).get_data(as_text=True))
