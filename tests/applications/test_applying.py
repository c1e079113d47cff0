"""Applying without an account: from the home page, in any language, with a draft to finish later."""
from __future__ import annotations

from sqlalchemy import select

from lms.applications.models import Application, ApplicationStatus
from lms.extensions import db
from tests.conftest import body_text, find_link, subject, visible_text

COMPLETE = {"full_name": "王芳", "institution": "深圳职业技术学院", "institution_type": "tvet_institution",
            "role": "head", "country": "CN", "gender": "female", "motivation": "提升学校的绿色转型领导力。",
            "challenge": "在全校推行节能与绿色技能课程。", "study_language": "zh", "endorser_name": "李校长",
            "endorser_email": "head@szpt.example.cn"}


def test_a_visitor_applies_in_chinese_leaves_finishes_from_the_email_and_the_endorser_confirms(
        app, client, make_client, make_call, mailbox):
    make_call()
    # The home page sends a visitor to sign in, where the open call is linked; they choose 中文.
    home = client.get("/")
    assert "/calls/" in client.get(home.headers["Location"]).get_data(as_text=True)
    signin = client.get(home.headers["Location"] + "?lang=zh").get_data(as_text=True)
    assert "申请参加本项目" in visible_text(signin) and "2031年在线班" in visible_text(signin)
    call_url = signin.split('href="/calls/')[1].split('"')[0]
    call_page = client.get(f"/calls/{call_url}").get_data(as_text=True)
    assert "职业技术教育与培训机构领导者" in call_page and "立即申请" in visible_text(call_page)

    # A first visit: only part of the form, saved as a draft.
    saved = client.submit(f"/calls/{call_url}/apply", {"email": "Wang.Fang@Example.cn", "full_name": "王芳",
                                                        "institution": "深圳职业技术学院", "action": "draft"})
    assert saved.status_code == 302
    message = mailbox.wait_to("wang.fang@example.cn")
    assert message["Content-Language"] == "zh" and "职业技术教育与培训领导力项目" in subject(message)
    link = find_link(message, "/apply/")

    # Later, on another computer: the emailed link opens the draft with what was typed.
    later = make_client()
    assert link.endswith("?lang=zh")  # the page opens in the language the applicant chose
    draft = later.get(link.replace("http://lms.test", "")).get_data(as_text=True)
    assert 'value="深圳职业技术学院"' in draft and "王芳" in draft
    mailbox.clear()
    sent = later.submit(link.replace("http://lms.test", ""), {**COMPLETE, "action": "submit"})
    assert sent.status_code == 302
    status = visible_text(later.get(sent.headers["Location"]).get_data(as_text=True))
    assert "已提交" in status and "尚未获得推荐" in status and "符合条件" in status

    confirmation = mailbox.wait_to("wang.fang@example.cn")
    assert "我们已收到您" in subject(confirmation)
    request = mailbox.wait_to("head@szpt.example.cn")
    assert request["Content-Language"] == "zh" and "王芳" in body_text(request)
    endorse = find_link(request, "/endorse/").replace("http://lms.test", "")

    endorser = make_client()
    assert "深圳职业技术学院" in endorser.get(endorse).get_data(as_text=True)
    done = endorser.submit(endorse, {})
    assert done.status_code == 200
    assert endorser.get(endorse).status_code == 404  # the link works once
    status = visible_text(later.get(sent.headers["Location"]).get_data(as_text=True))
    assert "已获推荐" in status and "李校长" in status
    with app.app_context():
        [application] = db.session.scalars(select(Application)).all()
        assert application.status is ApplicationStatus.submitted and application.endorsed_at is not None


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(client, make_call, mailbox):
    call_id = make_call()
    response = client.submit(f"/calls/{call_id}/apply?lang=fr", {
        "email": "pas-une-adresse", "full_name": "Aïssatou Diallo", "institution": "Lycée technique de Thiès",
        "country": "ZZ", "motivation": "Je souhaite diriger la transition écologique de mon lycée.",
        "endorser_email": "aussi-faux", "action": "submit"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    text = visible_text(html)
    assert 'value="Aïssatou Diallo"' in html and 'value="Lycée technique de Thiès"' in html
    assert "Je souhaite diriger la transition écologique de mon lycée." in html
    assert 'value="pas-une-adresse"' in html
    assert "Veuillez corriger les points suivants" in text
    assert "Saisissez une adresse électronique valide" in text
    assert "Ce champ est nécessaire pour envoyer la candidature." in text  # the challenge left empty
    assert mailbox.messages == []


def test_one_application_per_email_per_call_the_second_gets_its_link_by_email(app, client, make_client, make_call,
                                                                              mailbox):
    call_id = make_call()
    client.submit(f"/calls/{call_id}/apply", {"email": "kofi@example.org", "action": "draft"})
    mailbox.wait_to("kofi@example.org")
    mailbox.clear()
    other = make_client()
    response = other.submit(f"/calls/{call_id}/apply", {"email": "KOFI@example.org", "full_name": "Someone else",
                                                         "action": "draft"})
    assert response.status_code == 200 and "already exists" in visible_text(response.get_data(as_text=True))
    assert "/apply/" in body_text(mailbox.wait_to("kofi@example.org"))
    with app.app_context():
        assert [a.full_name for a in db.session.scalars(select(Application))] == [""]


def test_screening_says_why_an_application_is_not_eligible(client, make_call, mailbox):
    call_id = make_call(country_lists=["ldc"], eligible_roles=["head", "deputy"])
    response = client.submit(f"/calls/{call_id}/apply", {**COMPLETE, "email": "a@example.org", "action": "submit"})
    status = visible_text(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Not eligible: The applicant's country is not on the lists this call is open to." in status


def test_one_network_cannot_start_applications_without_end(client, make_call, mailbox, monkeypatch):
    from lms.applications import public_views
    monkeypatch.setattr(public_views, "STARTS_PER_HOUR", 2)
    call_id = make_call()
    for n in range(2):
        assert client.submit(f"/calls/{call_id}/apply", {"email": f"p{n}@example.org", "action": "draft"}
                             ).status_code == 302
    refused = client.submit(f"/calls/{call_id}/apply", {"email": "p3@example.org", "action": "draft"})
    assert refused.status_code == 429
    assert "Too many applications have been started from your network" in visible_text(refused.get_data(as_text=True))
    assert 'value="p3@example.org"' in refused.get_data(as_text=True)
