"""Discussions in a cohort: learners in three languages hold a thread in a module's forum, without
JavaScript; the others get a digest in their own language, once."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.community.models import Notification, Post, PostReport, Thread
from lms.core.permissions import Role
from lms.extensions import db
from lms.mail.models import OutboxMessage
from tests.conftest import body_text, subject, visible_text


def forum_url(circle, key="m-first"):
    return f"/cohorts/{circle.cohort_id}/discussions/{key}"


def start(client, circle, title="How do you green a workshop?", body="We began with *energy* audits.",
          language="en", key="m-first"):
    response = client.submit(forum_url(circle, key), {"title": title, "body": body, "language": language})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def test_three_learners_in_three_languages_hold_a_thread_and_get_a_digest_once(circle, make_client, app, now,
                                                                                mailbox):
    en, zh, fr = make_client(), make_client(), make_client()
    en.login(circle.en)
    zh.login(circle.zh)
    fr.login(circle.fr)
    thread = start(en, circle)
    assert zh.submit(thread, {"body": "我们从**太阳能**开始。", "language": "zh"}).status_code == 302
    now.advance(minutes=5)
    # A plain form post, as a browser without JavaScript sends it: no script, no fetch.
    page = fr.get(thread).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = fr.raw.post(thread, data={"csrf_token": token, "body": "Nous avons commencé par l'eau.",
                                       "language": "fr"})
    assert answer.status_code == 302 and "#post-" in answer.headers["Location"]
    html = fr.get(thread).get_data(as_text=True)
    # Each post carries its language, and its Markdown is rendered.
    assert re.search(r'<article class="post card" id="post-\d+" lang="zh">', html)
    assert re.search(r'<article class="post card" id="post-\d+" lang="fr">', html)
    assert "<strong>太阳能</strong>" in html and "<em>energy</em>" in html
    assert "Nous avons commencé par l'eau." in visible_text(html) or "Nous avons commencé par l&#39;eau." in html

    # Replies wait for the daily digest (the default); nothing is mailed at once.
    assert mailbox.messages == []
    with app.app_context():
        assert db.session.scalar(select(func.count(Notification.id))) == 3  # en ×2, zh ×1
    now.advance(days=1)
    result = app.test_cli_runner().invoke(args=["community", "digests"])
    assert result.exit_code == 0, result.output
    to_en = mailbox.wait_to(circle.en.email)
    to_zh = mailbox.wait_to(circle.zh.email)
    assert "每日摘要" in subject(to_zh) and "Camille Martin" in body_text(to_zh)
    assert "daily digest" in subject(to_en) and "王芳" in body_text(to_en) and "Camille Martin" in body_text(to_en)
    assert "Nous avons commencé" in body_text(to_zh)
    assert "以下是自上次摘要以来" in body_text(to_zh) and to_zh["Content-Language"] == "zh"
    assert "Here is what happened" in body_text(to_en)
    # The French author is not told of her own reply.
    assert mailbox.to(circle.fr.email) == []
    # One click unsubscribes (RFC 8058).
    assert to_en["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert to_en["List-Unsubscribe"].startswith("<http://lms.test/unsubscribe/")
    count = len(mailbox.messages)
    again = app.test_cli_runner().invoke(args=["community", "digests"])
    assert again.exit_code == 0 and again.output.startswith("0 digests")
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == count
    assert len(mailbox.messages) == count


def test_a_digest_waits_for_the_day_to_end_in_the_readers_time_zone(circle, make_client, app, now, mailbox):
    en, zh = make_client(), make_client()
    en.login(circle.en)
    zh.login(circle.zh)
    thread = start(zh, circle, language="zh")
    en.submit(thread, {"body": "Agreed.", "language": "en"})
    app.test_cli_runner().invoke(args=["community", "digests"])
    assert mailbox.to(circle.zh.email) == []  # today's digest goes out tomorrow
    now.advance(days=1)
    app.test_cli_runner().invoke(args=["community", "digests"])
    assert mailbox.wait_to(circle.zh.email)


def test_the_one_click_unsubscribe_works_without_signing_in(circle, make_client, app, now, mailbox):
    en, zh = make_client(), make_client()
    en.login(circle.en)
    zh.login(circle.zh)
    thread = start(en, circle)
    zh.submit(thread, {"body": "好的。", "language": "zh"})
    now.advance(days=1)
    app.test_cli_runner().invoke(args=["community", "digests"])
    link = mailbox.wait_to(circle.en.email)["List-Unsubscribe"].strip("<>")
    stranger = make_client()
    # Opening the link only asks; a mail program's one-click POST, with no form token, does it.
    assert "Stop these emails" in stranger.get(link).get_data(as_text=True)
    assert stranger.raw.post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    zh.submit(thread, {"body": "还有一点。", "language": "zh"})
    now.advance(days=1)
    mailbox.clear()
    app.test_cli_runner().invoke(args=["community", "digests"])
    assert mailbox.to(circle.en.email) == []
    # Still on the platform.
    en.login(circle.en)
    assert "王芳" in en.get("/notifications").get_data(as_text=True)
    assert stranger.raw.post(link[:-3] + "abc").status_code == 404


def test_a_failed_reply_keeps_its_text_and_a_locked_thread_takes_none(circle, make_client, app):
    en, zh, facilitator = make_client(), make_client(), make_client()
    en.login(circle.en)
    zh.login(circle.zh)
    facilitator.login(circle.facilitator)
    thread = start(en, circle)
    response = zh.submit(thread, {"body": "保留我的文字" + "x" * 20_001, "language": "zh"})
    assert response.status_code == 400
    assert "保留我的文字" in response.get_data(as_text=True)
    moderate = thread + "/moderate"
    assert facilitator.submit(moderate, {"action": "lock"}, page=thread).status_code == 302
    assert zh.submit(thread, {"body": "太晚了", "language": "zh"}).status_code == 403
    assert "This thread takes no more replies." in en.get(thread).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "thread_lock")) == "thread_lock"


def test_posting_is_rate_limited_and_the_text_kept(circle, make_client, app):
    app.config["POSTS_PER_WINDOW"] = 2
    try:
        en = make_client()
        en.login(circle.en)
        thread = start(en, circle)
        assert en.submit(thread, {"body": "second", "language": "en"}).status_code == 302
        response = en.submit(thread, {"body": "third, too soon", "language": "en"})
        assert response.status_code == 429
        html = response.get_data(as_text=True)
        assert "third, too soon" in html and "Please wait a few minutes" in html
    finally:
        app.config["POSTS_PER_WINDOW"] = 10


def test_an_author_corrects_a_post_within_the_window_only(circle, make_client, app, now):
    en = make_client()
    en.login(circle.en)
    thread = start(en, circle)
    with app.app_context():
        post_id = db.session.scalar(select(Post.id))
    edit = f"/cohorts/{circle.cohort_id}/discussions/posts/{post_id}/edit"
    assert en.submit(edit, {"title": "Greening workshops", "body": "Corrected.", "language": "fr"}).status_code == 302
    html = en.get(thread).get_data(as_text=True)
    assert "Greening workshops" in html and "Corrected." in html and 'lang="fr"' in html
    now.advance(minutes=31)
    assert en.get(edit).status_code == 403
    other = make_client()
    other.login(circle.zh)
    now.advance(minutes=-31)
    assert other.get(edit).status_code == 403  # not theirs


def test_reports_reach_the_facilitators_queue_and_moderation_is_audited(circle, make_client, app):
    en, zh, facilitator = make_client(), make_client(), make_client()
    en.login(circle.en)
    zh.login(circle.zh)
    facilitator.login(circle.facilitator)
    thread = start(en, circle, body="Buy cheap watches")
    with app.app_context():
        post_id = db.session.scalar(select(Post.id))
    base = f"/cohorts/{circle.cohort_id}/discussions"
    assert zh.submit(f"{base}/posts/{post_id}/report", {"reason": "广告"}).status_code == 302
    queue = facilitator.get(f"/cohorts/{circle.cohort_id}/discussion-reports").get_data(as_text=True)
    assert "广告" in queue and "Buy cheap watches" in queue
    assert zh.get(f"/cohorts/{circle.cohort_id}/discussion-reports").status_code == 403
    facilitator.submit(f"{base}/posts/{post_id}/hide", {"hidden": "1", "back": "reports"},
                       page=f"/cohorts/{circle.cohort_id}/discussion-reports")
    assert "Buy cheap watches" not in zh.get(thread).get_data(as_text=True)
    assert "此帖子已被辅导员隐藏。" in zh.get(thread).get_data(as_text=True)
    with app.app_context():
        report_id = db.session.scalar(select(PostReport.id))
    facilitator.submit(f"/cohorts/{circle.cohort_id}/discussion-reports/{report_id}/resolve", {},
                       page=f"/cohorts/{circle.cohort_id}/discussion-reports")
    assert "No post is waiting" in facilitator.get(f"/cohorts/{circle.cohort_id}/discussion-reports").get_data(
        as_text=True)
    # Pin and move to the general forum.
    facilitator.submit(thread + "/moderate", {"action": "pin"}, page=thread)
    facilitator.submit(thread + "/moderate", {"action": "move", "forum": "general"}, page=thread)
    assert "How do you green a workshop?" in en.get(f"{base}/general").get_data(as_text=True)
    assert "How do you green a workshop?" not in en.get(f"{base}/m-first").get_data(as_text=True)
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"post_reported", "post_hidden", "post_report_resolved", "thread_pin", "thread_moved"} <= actions


def test_only_the_cohorts_people_read_its_discussions(circle, make_client, make_user, app):
    en = make_client()
    en.login(circle.en)
    thread = start(en, circle)
    outsider, other_facilitator, staff = make_client(), make_client(), make_client()
    outsider.login(make_user(role=Role.learner))
    other_facilitator.login(make_user(role=Role.facilitator))
    staff.login(make_user(role=Role.staff))
    assert outsider.get(thread).status_code == 403
    assert other_facilitator.get(thread).status_code == 403
    assert staff.get(thread).status_code == 200
    facilitator = make_client()
    facilitator.login(circle.facilitator)
    assert facilitator.get(thread).status_code == 200


def test_the_reader_sees_posts_in_their_language_first_and_pages_stay_light(circle, make_client, app, now):
    app.config["POSTS_PER_PAGE"] = 2
    try:
        en, zh = make_client(), make_client()
        en.login(circle.en)
        zh.login(circle.zh)
        thread = start(en, circle, body="first in English")
        for n in range(3):
            now.advance(minutes=1)
            en.submit(thread, {"body": f"English reply {n}", "language": "en"})
        now.advance(minutes=1)
        zh.submit(thread, {"body": "中文回复", "language": "zh"})
        plain = zh.get(thread).get_data(as_text=True)
        assert "中文回复" not in plain and 'rel="next"' in plain
        mine = zh.get(thread + "?first=mine").get_data(as_text=True)
        assert "中文回复" in mine
    finally:
        app.config["POSTS_PER_PAGE"] = 20


def test_a_lesson_ends_with_a_link_to_its_modules_forum(circle, make_client):
    en = make_client()
    en.login(circle.en)
    html = en.get(f"/learn/cohorts/{circle.cohort_id}/lessons/first-intro").get_data(as_text=True)
    assert f'href="/cohorts/{circle.cohort_id}/discussions/m-first"' in html


def test_anonymising_someone_removes_their_posts_authorship_and_text(circle, make_client, make_user, app):
    en, zh = make_client(), make_client()
    en.login(circle.en)
    zh.login(circle.zh)
    thread = start(en, circle, title="Secret plan of Grace", body="My phone is 0712 345 678")
    zh.submit(thread, {"body": "谢谢 Grace", "language": "zh"})
    staff = make_client()
    staff.login(make_user(role=Role.staff))
    response = staff.submit(f"/staff/users/{circle.en.id}/anonymise", {"confirm": "yes"},
                            page=f"/staff/users/{circle.en.id}")
    assert response.status_code == 302
    html = zh.get(thread).get_data(as_text=True)
    assert "0712 345 678" not in html and "Grace Wanjiru" not in html and "Secret plan" not in html
    assert "此帖子已被删除。" in html and "谢谢 Grace" in html
    with app.app_context():
        removed = db.session.scalar(select(Post).where(Post.removed.is_(True)))
        assert removed.author_id is None and removed.body == ""
        assert db.session.scalar(select(Thread.author_id)) is None


def test_someone_named_with_an_at_sign_is_told_at_once_in_their_language(circle, make_client, mailbox):
    en, fr = make_client(), make_client()
    en.login(circle.en)
    fr.login(circle.fr)
    thread = start(en, circle)
    fr.submit(thread, {"body": "@王芳 qu'en pensez-vous ?", "language": "fr"})
    message = mailbox.wait_to(circle.zh.email)
    assert "Camille Martin" in subject(message) and "提到了您" in subject(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_nul_in_an_address_or_a_form_is_refused_clearly_on_any_database(circle, make_client):
    """PostgreSQL refuses a NUL in any text it compares: the edge answers 400 before any query."""
    facilitator = make_client()
    facilitator.login(circle.facilitator)
    assert facilitator.get(f"/cohorts/{circle.cohort_id}/discussions/m-%00first").status_code == 400
    assert facilitator.get(f"/cohorts/{circle.cohort_id}/discussions/general?page=%00").status_code == 400
    assert facilitator.get(f"/cohorts/{circle.cohort_id}/discussions/m-first").status_code == 200
    en = make_client()
    en.login(circle.en)
    thread = start(en, circle)
    response = facilitator.submit(thread + "/moderate", {"action": "move", "forum": "m-\x00"}, page=thread)
    assert response.status_code == 302
    assert "Choose the forum to move the thread to." in facilitator.get(thread).get_data(as_text=True)
